"""Import into an office that already exists: edit its YAML files in place, keeping what people wrote.

``handbook import`` into a project made by ``handbook init`` (or grown by hand) meets files it must
not replace: the officer who wrote the imported manual usually has ``officers/<id>.yml`` already.
:func:`merge_officer` adds the imported procedures to that officer's ``procedures:`` list and fills
the fields that are empty (or still a placeholder), never changing a value somebody wrote; the file
is edited round-trip with ruamel.yaml, so comments, key order and quoting stay as they were.
:func:`sample_procedure` finds the example procedure that ``handbook init`` wrote, and
:func:`remove_sample` takes it out (the file, and its id from the officers' lists and the work units
of ``office.yml``) — only when asked (``handbook import --remove-sample``).
"""

from __future__ import annotations

import io
from pathlib import Path

from generator.importers.draft import PLACEHOLDER
from generator.model.checks import init_placeholders

#: The first comment line of the procedure ``handbook init`` writes (templates/init/procedure.yml.j2).
SAMPLE_MARK = "# One procedure to copy:"


def _yaml():
    from ruamel.yaml import YAML

    yaml = YAML()  # round-trip: comments, order and quotes kept
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _load(path: Path):
    return _yaml().load(path.read_text(encoding="utf-8"))


def _dump(data, path: Path) -> None:
    out = io.StringIO()
    _yaml().dump(data, out)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(out.getvalue(), encoding="utf-8")
    tmp.replace(path)  # never a half-written file


def _placeholder_markers() -> list[str]:
    return list(init_placeholders()["placeholder_markers"]) + [PLACEHOLDER]


def is_empty(value) -> bool:
    """True when ``value`` holds nothing an officer wrote: missing, empty, or a placeholder of
    ``handbook init`` / of a draft (``templates/init/placeholders.yml``, ``(ยังไม่ได้ระบุ)``)."""
    if value is None or value == "" or value == [] or value == {}:
        return True
    if isinstance(value, dict):
        return all(is_empty(v) for v in value.values())
    if isinstance(value, str):
        return any(m in value for m in _placeholder_markers())
    return False


def _append(seq, value) -> None:
    """Append ``value`` to a round-trip sequence, keeping the comment lines that followed its last item
    after the new one (ruamel.yaml attaches them to the last item)."""
    last = len(seq) - 1
    comment = seq.ca.items.pop(last, None) if last >= 0 else None
    seq.append(value)
    if comment is not None:
        seq.ca.items[len(seq) - 1] = comment


def merge_officer(path: Path, data: dict) -> list[str]:
    """Add the imported officer ``data`` (a draft's data) to the existing ``path`` (officers/<id>.yml).

    The ids of ``data["procedures"]`` not yet listed are appended to ``procedures:``; ``position``,
    ``level``, ``work_unit`` and ``duties`` are set only where the file has none (or a placeholder);
    ``id`` and ``name`` are never changed.  Returns what was done, one phrase per change (empty:
    nothing to do, the file is left untouched).  Raises ``OSError`` and ruamel.yaml's ``YAMLError``
    when the file cannot be read or parsed (the caller reports them).
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    doc = _load(path)
    if not isinstance(doc, CommentedMap):
        raise ValueError("the file is not a mapping of fields (id:, name:, …)")
    done: list[str] = []
    procedures = doc.get("procedures")
    if not isinstance(procedures, CommentedSeq):
        procedures = CommentedSeq(list(procedures or []))
        doc["procedures"] = procedures
    added = [p for p in data.get("procedures", []) if p not in procedures]
    for ident in added:
        _append(procedures, ident)
    if added:
        done.append("procedures + " + ", ".join(added))
    for key in ("position", "level", "work_unit", "duties"):
        if key in data and not is_empty(data[key]) and is_empty(doc.get(key)):
            if key in doc:
                doc[key] = data[key]
            else:
                doc.insert(max(0, list(doc).index("procedures")), key, data[key])
            done.append(f"{key} filled in")
    if done:
        _dump(doc, path)
    return done


def sample_procedure(root: Path) -> Path | None:
    """The example procedure ``handbook init`` wrote into ``root``, if it is still there (recognised by
    its id from ``templates/init/placeholders.yml`` and its first comment line)."""
    path = Path(root) / "procedures" / f"{init_placeholders()['defaults']['procedure_id']}.yml"
    try:
        return path if SAMPLE_MARK in path.read_text(encoding="utf-8") else None
    except OSError:
        return None


def remove_sample(root: Path) -> list[str]:
    """Remove init's example procedure from ``root``: its file, its id in every ``officers/*.yml``
    ``procedures:`` list and in the work units of ``office.yml``.  Returns the changes made (one line
    each); nothing when there is no sample.  An officer left without procedures keeps an empty list."""
    path = sample_procedure(root)
    if path is None:
        return []
    ident = path.stem
    done = []
    files = sorted((Path(root) / "officers").glob("*.yml")) + [Path(root) / "office.yml"]
    for file in files:
        try:
            doc = _load(file)
        except Exception:  # noqa: BLE001 — a file that does not parse is reported by check, not here
            continue
        lists = []
        if file.name == "office.yml":
            for unit in ((doc or {}).get("group") or {}).get("work_units") or []:
                if isinstance(unit, dict) and isinstance(unit.get("procedures"), list):
                    lists.append(unit["procedures"])
        elif isinstance(doc, dict) and isinstance(doc.get("procedures"), list):
            lists.append(doc["procedures"])
        hit = False
        for seq in lists:
            while ident in seq:
                seq.remove(ident)
                hit = True
        if hit:
            _dump(doc, file)
            done.append(f"{file}: {ident} taken out of procedures")
    path.unlink()
    done.append(f"{path}: removed (the example procedure handbook init wrote)")
    return done
