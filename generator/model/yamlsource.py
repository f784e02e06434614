"""Read one YAML file safely, remembering where every value was written.

Safety rules: files larger than :data:`MAX_BYTES` are refused; anchors and
aliases (``&a`` / ``*a``) are refused, which rules out "billion laughs" alias
bombs; only plain YAML types are built (PyYAML's safe constructors); a key
written twice in one mapping is an error (PyYAML would silently keep the last).
"""

from __future__ import annotations

import dataclasses
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


def load_yaml(path: Path) -> YamlDocument:
    """Read ``path`` as one YAML document.

    Returns a :class:`YamlDocument`.  Raises :class:`YamlError` for a file
    over :data:`MAX_BYTES`, text that is not UTF-8, YAML syntax errors,
    anchors or aliases, several documents in one file, and duplicate keys.
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

    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                line, col = _mark(event)
                raise YamlError(
                    "YAML anchors and aliases (& and *) are not allowed",
                    "write the value out in full instead of referring to another one",
                    line,
                    col,
                )
        nodes = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _mark(mark) if mark else (0, 0)
        problem = exc.problem or "the file is not valid YAML"
        raise YamlError(
            f"YAML syntax error: {problem}",
            _syntax_hint(problem),
            line,
            col,
        ) from exc
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises marked errors for text input
        raise YamlError(f"YAML error: {exc}", "check the indentation and quotes") from exc

    if len(nodes) > 1:
        raise YamlError(
            "the file holds more than one YAML document (a line with only --- inside it)",
            "keep one procedure per file and remove the extra ---",
            *_mark(nodes[1]),
        )
    if not nodes or nodes[0] is None:
        return YamlDocument(None, {(): (1, 1)}, {})

    builder = _Builder(text)
    data = builder.build(nodes[0], ())
    return YamlDocument(data, builder.positions, builder.key_positions)


def _syntax_hint(problem: str) -> str:
    if "expected ',' or '}'" in problem or "expected ',' or ']'" in problem:
        return 'inside { } or [ ], a text with a comma, colon or question mark must be put in quotes, e.g. en: "Correct?"'
    if "mapping values are not allowed" in problem:
        return 'a value that contains ": " must be put in quotes, e.g. text: "เรื่อง: การจัดสรร"'
    if "found character '\\t'" in problem or "tab" in problem:
        return "indent with spaces, not tabs"
    if "expected <block end>" in problem or "did not find expected" in problem:
        return "check the indentation: items of one list or mapping must start in the same column"
    if "found unexpected end of stream" in problem or "found unknown escape" in problem:
        return "check that every opening quote has a closing quote"
    return "check the indentation, the colons after keys and the quotes around the value"


class _Builder:
    """Turn composed YAML nodes into plain Python data, recording positions."""

    def __init__(self, text: str):
        self._constructor = yaml.SafeLoader(text)
        self.positions: dict[Loc, Position] = {}
        self.key_positions: dict[Loc, Position] = {}

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self.positions[loc] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.build(key_node, loc + ("<key>",))
                if not isinstance(key, (str, int)):
                    raise YamlError(
                        "a key must be a plain word", "write the key as a name followed by a colon", *_mark(key_node)
                    )
                if key in result:
                    raise YamlError(
                        f'the key "{key}" is written twice in the same place',
                        "keep one of them and delete the other",
                        *_mark(key_node),
                    )
                self.key_positions[loc + (key,)] = _mark(key_node)
                result[key] = self.build(value_node, loc + (key,))
            self.positions.pop(loc + ("<key>",), None)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, loc + (i,)) for i, item in enumerate(node.value)]
        try:
            return self._constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            raise YamlError(
                f"the value cannot be read: {exc.problem}", "put the value in quotes", *_mark(node)
            ) from exc
