"""Read one YAML file safely, remembering where every value was written.

Safety rules: files larger than :data:`MAX_BYTES` are refused; anchors and
aliases (``&a`` / ``*a``) are refused, which rules out "billion laughs" alias
bombs; only plain YAML types are built (PyYAML's safe constructors); a key
written twice in one mapping is an error (PyYAML would silently keep the last);
nesting deeper than :data:`MAX_DEPTH`, explicit tags other than ``!!str``,
numbers longer than :data:`MAX_NUMBER_DIGITS` digits, impossible dates, and
control characters or lone surrogates (which no DOCX/XML file can hold) are
errors with a line and column.  Every problem is a :class:`YamlError`; no
input ends in another exception.

Speed: the file is parsed once by LibYAML (``yaml.CSafeLoader``, when PyYAML
was built with it: ``yaml.__with_libyaml__``) and the values are built from
its events without recursion (``bench/loader.py`` prints ms per file).
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 512 * 1024
"""Largest YAML file accepted, in bytes.  The longest bundled procedure is under 20 KB."""

Position = tuple[int, int]
Loc = tuple[object, ...]


class YamlError(Exception):
    """A file that cannot be read as YAML; ``line``/``column`` are 1-based (0 when unknown)."""

    def __init__(self, message: str, hint: str, line: int = 0, column: int = 0):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.line = line
        self.column = column


@dataclasses.dataclass
class YamlDocument:
    """The data of one YAML file and the position of each value and key in it.

    ``positions[loc]`` is the (line, column) of the value at ``loc`` (a tuple
    of keys and 0-based list indexes); ``key_positions[loc]`` the position of
    the key that introduces it.
    """

    data: Any
    positions: dict[Loc, Position]
    key_positions: dict[Loc, Position]

    def position(self, loc: Loc, key: bool = False) -> Position:
        """Best known position for ``loc``: its own, else its nearest parent's."""
        table = self.key_positions if key else self.positions
        loc = tuple(loc)
        while loc:
            if loc in table:
                return table[loc]
            if loc in self.positions:
                return self.positions[loc]
            loc = loc[:-1]
        return self.positions.get((), (1, 1))


def _mark(node_or_mark) -> Position:
    mark = getattr(node_or_mark, "start_mark", node_or_mark)
    return (mark.line + 1, mark.column + 1)


MAX_DEPTH = 40
"""Deepest nesting of lists and mappings accepted; the bundled files nest at most 8 deep."""

MAX_NUMBER_DIGITS = 30
"""Longest number accepted, in digits; no field takes a number this long (fiscal years have 4)."""

_LOADER = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
"""PyYAML's C parser (LibYAML) when installed (``yaml.__with_libyaml__``), else the pure-Python one."""

_STR_TAG = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = {_STR_TAG}

# C0 controls except tab/newline/carriage return, DEL, C1 controls, surrogates and non-characters:
# none of them can be stored in a DOCX/XML file or typed on purpose.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def load_yaml(path: Path) -> YamlDocument:
    """Read ``path`` as one YAML document.

    Returns a :class:`YamlDocument`.  Raises :class:`YamlError` (with the
    1-based line and column) for a file over :data:`MAX_BYTES`, text that is
    not UTF-8, YAML syntax errors, anchors or aliases, several documents in one
    file, duplicate keys, nesting deeper than :data:`MAX_DEPTH`, explicit tags
    other than ``!!str``, numbers longer than :data:`MAX_NUMBER_DIGITS` digits,
    impossible dates, and control characters or lone surrogates in a text.
    Never raises anything else for any content of the file (``OSError`` when
    it cannot be read).

    The file is parsed once, by LibYAML when available; values are built from
    its event stream directly, so that every value keeps its position without
    a second, pure-Python pass.
    """
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise YamlError(
            f"the file is {len(raw) // 1024} KB, larger than the {MAX_BYTES // 1024} KB allowed",
            "split it into smaller files (one procedure per file)",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError(
            "the file is not UTF-8 text", "save it as UTF-8 in your editor (Thai text needs UTF-8)", line, 1
        ) from exc
    return parse_yaml(text)


def parse_yaml(text: str) -> YamlDocument:
    """Parse ``text`` (one YAML document) as :func:`load_yaml` does; same errors."""
    bad = _BAD_CHARS.search(text)
    if bad:
        raise _bad_char_error(bad.group(), *_offset_position(text, bad.start()))
    loader = _LOADER(text)
    builder = _Builder(loader)
    try:
        return builder.run()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _mark(mark) if mark else (0, 0)
        problem = exc.problem or "the file is not valid YAML"
        raise YamlError(f"YAML syntax error: {problem}", _syntax_hint(problem), line, col) from exc
    except yaml.reader.ReaderError as exc:
        raise YamlError(
            f"the file holds a character that YAML does not allow ({exc.reason})",
            "delete the character; it is often pasted in invisibly from another program",
            *_offset_position(text, exc.position),
        ) from exc
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML error: {exc}", "check the indentation and quotes") from exc
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose:
            dispose()


def _offset_position(text: str, offset: int) -> Position:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _bad_char_error(char: str, line: int, column: int) -> YamlError:
    code = f"U+{ord(char):04X}"
    if 0xD800 <= ord(char) <= 0xDFFF:
        what = f"a broken character ({code}, half of a surrogate pair)"
    else:
        what = f"an invisible control character ({code})"
    return YamlError(
        f"the text holds {what}, which cannot be printed or saved in a manual",
        "delete it (it often comes from copying out of another program), or retype the text",
        line, column,
    )


def _syntax_hint(problem: str) -> str:
    if "expected ',' or '}'" in problem or "expected ',' or ']'" in problem:
        return 'inside { } or [ ], a text with a comma, colon or question mark must be put in quotes, e.g. en: "Correct?"'
    if "mapping values are not allowed" in problem:
        return 'a value that contains ": " must be put in quotes, e.g. text: "เรื่อง: การจัดสรร"'
    if "found character '\\t'" in problem or "tab" in problem:
        return "indent with spaces, not tabs"
    if "expected <block end>" in problem or "did not find expected" in problem:
        return "check the indentation: items of one list or mapping must start in the same column"
    if "invalid Unicode character escape" in problem:
        return "a \\u escape inside quotes names a character that does not exist; type the character itself"
    if "found unexpected end of stream" in problem or "found unknown escape" in problem:
        return "check that every opening quote has a closing quote"
    return "check the indentation, the colons after keys and the quotes around the value"


class _Builder:
    """Build plain Python data from the parser's events, recording positions.

    Iterative (no recursion), so any nesting is refused with a clear error
    rather than a ``RecursionError``.
    """

    def __init__(self, loader):
        self._loader = loader
        self.positions: dict[Loc, Position] = {}
        self.key_positions: dict[Loc, Position] = {}

    def run(self) -> YamlDocument:
        loader = self._loader
        documents = 0
        root: Any = None
        # stack of [container, loc, pending key (mappings), key position, key event]
        stack: list[list[Any]] = []
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise YamlError(
                        "the file holds more than one YAML document (a line with only --- inside it)",
                        "keep one procedure per file and remove the extra ---",
                        *_mark(event),
                    )
                continue
            if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
                continue
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise YamlError(
                    "YAML anchors and aliases (& and *) are not allowed",
                    "write the value out in full instead of referring to another one",
                    *_mark(event),
                )
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                container, loc = stack.pop()[:2]
                self._place(stack, container, loc, event)
                if not stack:
                    root = container
                continue
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                self._check_tag(event, collection=True)
                if len(stack) >= MAX_DEPTH:
                    raise YamlError(
                        f"the lists and mappings are nested more than {MAX_DEPTH} levels deep",
                        "check the indentation; no field of the handbook nests this deep",
                        *_mark(event),
                    )
                loc = self._child_loc(stack, event)
                self.positions[loc] = _mark(event)
                container = {} if isinstance(event, yaml.MappingStartEvent) else []
                stack.append([container, loc, None, None, None])
                continue
            # scalar
            value = self._scalar(event)
            if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
                frame = stack[-1]
                if not isinstance(value, (str, int)) or isinstance(value, bool):
                    raise YamlError("a key must be a plain word", "write the key as a name followed by a colon",
                                    *_mark(event))
                if value in frame[0]:
                    raise YamlError(
                        f'the key "{value}" is written twice in the same place',
                        "keep one of them and delete the other",
                        *_mark(event),
                    )
                frame[2], frame[3] = (value,), _mark(event)
                continue
            loc = self._child_loc(stack, event)
            self.positions[loc] = _mark(event)
            if not stack:
                root = value
            else:
                self._place(stack, value, loc, event)
        if not self.positions:
            return YamlDocument(None, {(): (1, 1)}, {})
        return YamlDocument(root, self.positions, self.key_positions)

    def _child_loc(self, stack: list, event) -> Loc:
        if not stack:
            return ()
        container, loc, key = stack[-1][0], stack[-1][1], stack[-1][2]
        if isinstance(container, dict):
            if key is None:
                raise YamlError("a key must be a plain word", "write the key as a name followed by a colon",
                                *_mark(event))
            return loc + key
        return loc + (len(container),)

    def _place(self, stack: list, value: Any, loc: Loc, event) -> None:
        if not stack:
            return
        frame = stack[-1]
        container = frame[0]
        if isinstance(container, dict):
            (key,) = frame[2]
            container[key] = value
            self.key_positions[frame[1] + (key,)] = frame[3]
            frame[2] = None
        else:
            container.append(value)

    def _check_tag(self, event, collection: bool = False) -> None:
        tag = getattr(event, "tag", None)
        if tag is None or tag == "!" or (not collection and tag in _ALLOWED_TAGS):
            return
        if collection and tag in ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
            return
        raise YamlError(
            f"the YAML tag {tag.replace('tag:yaml.org,2002:', '!!')} is not allowed",
            "delete the tag; write the value as plain text (in quotes if it must stay text)",
            *_mark(event),
        )

    def _scalar(self, event) -> Any:
        self._check_tag(event)
        value = event.value
        bad = _BAD_CHARS.search(value)
        if bad:  # written as an escape in quotes ("\\0", "\\x07", "\\ud800")
            raise _bad_char_error(bad.group(), *_mark(event))
        if event.tag == _STR_TAG or event.style in ("'", '"', "|", ">") or not event.implicit[0]:
            return value
        tag = self._loader.resolve(yaml.ScalarNode, value, event.implicit)
        if tag == _STR_TAG:
            return value
        if tag == "tag:yaml.org,2002:int" and len(value) > MAX_NUMBER_DIGITS:
            raise YamlError(
                f"the number has {len(value):,} digits, more than any field takes",
                "write the right number (e.g. fiscal_year: 2569); put text such as a telephone number in quotes",
                *_mark(event),
            )
        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
        try:
            return self._loader.construct_object(node, deep=True)
        except Exception as exc:  # every constructor failure is the value's fault: say where
            if tag == "tag:yaml.org,2002:timestamp":
                raise YamlError(
                    f'"{value}" is not a real date',
                    "check the day and month: write the date as YYYY-MM-DD in the Common era, e.g. 2025-10-01",
                    *_mark(event),
                ) from exc
            raise YamlError(
                f'the value "{value[:40]}" cannot be read ({exc})', "put the value in quotes", *_mark(event)
            ) from exc
