"""Read the project's YAML files into one validated :class:`Handbook`.

Layout of a project (all paths relative to its root):

* ``office.yml`` — the office, its group and work units;
* ``procedures/<id>.yml`` — one procedure per file;
* ``officers/<id>.yml`` — one officer per file;
* ``manuals/<id>.yml`` — one printed manual per file (optional).

:func:`load_handbook` reads them all, reports every problem it finds as a
:class:`~generator.diagnostics.Diagnostic` (it does not stop at the first), and
checks the cross-references between files.  Writers receive only the
validated :class:`Handbook`.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, Iterable

from pydantic import ValidationError

from generator.model.diagnostics import CheckFailed, Diagnostic, format_path, relative
from generator.model.documents import Manual, Office, Officer, Procedure, Step, StepKind, Strict
from generator.model.yamlsource import YamlDocument, YamlError, load_yaml, parse_yaml
from generator.model.attachments import PDF_HINT, pdf_problem
from generator.model.checks import completeness_warnings
from generator.model.criteria import CRITERIA_FILE, load_criteria
from generator.model.explain import explain
from generator.model.flow import flowchart_problems
from generator.model.handbook import Handbook, Source, iter_texts  # noqa: F401  (moved there, issue 22)
from generator.text import Text

OFFICE_FILE = "office.yml"
PROCEDURES_DIR = "procedures"
OFFICERS_DIR = "officers"
MANUALS_DIR = "manuals"


# --------------------------------------------------------------------------- loading


class _Collector:
    def __init__(self, root: Path, overrides: dict[Path, str] | None = None):
        self.root = root
        self.overrides = overrides or {}
        self.diagnostics: list[Diagnostic] = []

    def add(self, source_display: str, position: tuple[int, int], path: str, message: str, hint: str = "",
            severity: str = "error") -> None:
        self.diagnostics.append(
            Diagnostic(source_display, position[0], position[1], path, message, hint, severity)  # type: ignore[arg-type]
        )


def _read(path: Path, model: type[Strict], out: _Collector) -> tuple[Any, Source | None]:
    display = relative(path, out.root)
    try:
        override = out.overrides.get(path)
        document = parse_yaml(override) if override is not None else load_yaml(path)
    except YamlError as exc:
        out.add(display, (exc.line, exc.column), "", exc.message, exc.hint)
        return None, None
    except OSError as exc:
        out.add(display, (0, 0), "", f"the file cannot be read ({exc.strerror})", "check that it exists and is readable")
        return None, None
    source = Source(path, display, document)
    if not isinstance(document.data, dict):
        out.add(
            display, (1, 1), "",
            "the file is empty" if document.data is None else "the file should be a mapping of key: value lines",
            f"start from an example in {'procedures/' if model is Procedure else 'officers/' if model is Officer else 'the bundled office.yml'}",
        )
        return None, source
    try:
        return model.model_validate(document.data), source
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc, message, hint, at_key = explain(error, model, document.data)
            out.add(display, source.at(loc, key=at_key), format_path(loc), message, hint)
        return None, source


DRAFT_SUFFIX = ".draft.yml"
"""A file saved by ``handbook edit`` while it still had errors (``procedures/<id>.draft.yml``): never built."""


def _yaml_files(folder: Path, out: _Collector | None = None) -> list[Path]:
    """The YAML files of ``folder`` (and the overridden ones), without drafts; each draft is noted as a warning."""
    found = set(p for p in out.overrides if p.parent == folder) if out is not None else set()
    if folder.is_dir():
        for p in folder.iterdir():
            if p.name.endswith(DRAFT_SUFFIX):
                if out is not None and p.is_file() and p.with_name(p.name[: -len(DRAFT_SUFFIX)] + ".yml") not in out.overrides:
                    out.add(relative(p, out.root), (0, 0), "",
                            "is a draft saved with errors in handbook edit; the build skips it "
                            "(the last version without errors, if any, is used)",
                            "open it in handbook edit (make edit), fix the errors and save")
                continue
            if p.suffix in (".yml", ".yaml") and p.is_file():
                found.add(p)
    return sorted(found)


def load_handbook(root: Path, *, warnings: bool = True,
                  overrides: dict[Path, str] | None = None) -> tuple[Handbook | None, list[Diagnostic]]:
    """Read and validate every YAML file of the project at ``root``.

    Returns ``(handbook, diagnostics)``: ``handbook`` is ``None`` when any
    diagnostic is an error.  With ``warnings`` true, the completeness warnings
    of :mod:`generator.checks` are added.  ``overrides`` maps a file path
    (``root / "procedures/x.yml"``, existing or not) to the YAML text to read
    instead of the file (the editor validates unsaved text this way).  Drafts
    (``*.draft.yml``) are skipped with a warning.  Never raises for bad input.
    """
    root = Path(root)
    out = _Collector(root, {Path(k): v for k, v in (overrides or {}).items()})
    sources: dict[str, Source] = {}

    office_path = root / OFFICE_FILE
    office = None
    if not office_path.exists():
        out.add(OFFICE_FILE, (0, 0), "", "the office file is missing", f"create {OFFICE_FILE} (copy the bundled one)")
    else:
        office, source = _read(office_path, Office, out)
        if source:
            sources["office"] = source

    procedures: dict[str, Procedure] = {}
    broken: set[str] = set()  # ids of files with errors: no follow-on "does not exist" errors
    drafts = _Collector(root, out.overrides)  # the drafts' notes come last, after the real problems
    for path in _yaml_files(root / PROCEDURES_DIR, drafts):
        procedure, source = _read(path, Procedure, out)
        if procedure is None or source is None:
            broken.add(path.stem)
            continue
        if _unique(procedure.id, path, source, procedures, sources, "procedure", out):
            procedures[procedure.id] = procedure
            sources[f"procedure:{procedure.id}"] = source

    officers: dict[str, Officer] = {}
    for path in _yaml_files(root / OFFICERS_DIR, drafts):
        officer, source = _read(path, Officer, out)
        if officer is None or source is None:
            broken.add(path.stem)
            continue
        if _unique(officer.id, path, source, officers, sources, "officer", out):
            officers[officer.id] = officer
            sources[f"officer:{officer.id}"] = source

    manuals: dict[str, Manual] = {}
    for path in _yaml_files(root / MANUALS_DIR, drafts):
        manual, source = _read(path, Manual, out)
        if manual is None or source is None:
            continue
        if _unique(manual.id, path, source, manuals, sources, "manual", out):
            manuals[manual.id] = manual
            sources[f"manual:{manual.id}"] = source

    if not procedures and not any(d.file.startswith(PROCEDURES_DIR) for d in out.diagnostics):
        out.add(PROCEDURES_DIR, (0, 0), "", "there are no procedures", f"add a file {PROCEDURES_DIR}/<id>.yml")

    if office is not None and "office" in sources:
        _check_emblem(office, sources["office"], root, out)
    for mid, manual in manuals.items():
        _check_appendix_files(manual, sources[f"manual:{mid}"], root, out)
    _check_criteria(root, out)

    if office is not None:
        _check_references(office, procedures, officers, sources, out, broken)
        _check_manuals(manuals, procedures, officers, sources, out, broken)
        _check_redirects(office, procedures, sources.get("office"), out)
        procedures = _ordered(office, procedures)

    for d in drafts.diagnostics:
        out.add(d.file, (d.line, d.column), d.path, d.message, d.hint, "warning")
    handbook = None
    has_errors = any(d.severity == "error" for d in out.diagnostics)
    if office is not None and not has_errors:
        handbook = Handbook(root, office, procedures, officers, sources, manuals)
        if warnings:
            out.diagnostics.extend(completeness_warnings(handbook))
    return handbook, out.diagnostics


def require_handbook(root: Path) -> Handbook:
    """Load the project at ``root``; raise :class:`CheckFailed` when it has errors."""
    handbook, diagnostics = load_handbook(root)
    if handbook is None:
        raise CheckFailed(diagnostics)
    return handbook


def _unique(ident: str, path: Path, source: Source, seen: dict, sources: dict, kind: str, out: _Collector) -> bool:
    if path.stem != ident:
        out.add(
            source.display, source.at(("id",)), "id",
            f'"{ident}" does not match the file name {path.name}',
            f"rename the file to {ident}{path.suffix}, or change the id to {path.stem}",
        )
    if ident in seen:
        first = sources[f"{kind}:{ident}"].display
        out.add(
            source.display, source.at(("id",)), "id",
            f'"{ident}" is already used by {first}',
            f"give each {kind} its own id",
        )
        return False
    return True


def _check_references(office: Office, procedures: dict[str, Procedure], officers: dict[str, Officer],
                      sources: dict[str, Source], out: _Collector, broken: set[str]) -> None:
    units = [u.id for u in office.group.work_units]
    office_source = sources.get("office")
    seen_units: set[str] = set()
    for i, unit in enumerate(office.group.work_units):
        if unit.id in seen_units and office_source:
            out.add(office_source.display, office_source.at(("group", "work_units", i, "id")),
                    f"group.work_units[{i + 1}].id", f'"{unit.id}" is used by two work units', "give each work unit its own id")
        seen_units.add(unit.id)
        for j, pid in enumerate(unit.procedures):
            where = ("group", "work_units", i, "procedures", j)
            if pid in broken:
                continue
            if pid not in procedures:
                out.add(office_source.display, office_source.at(where), format_path(where),
                        f'names the procedure "{pid}", which does not exist', _suggest(pid, procedures, "procedures"))
            elif procedures[pid].work_unit != unit.id:
                out.add(office_source.display, office_source.at(where), format_path(where),
                        f'lists "{pid}", but that procedure belongs to the work unit "{procedures[pid].work_unit}"',
                        f"move it to the list of {procedures[pid].work_unit}, or change work_unit in procedures/{pid}.yml")

    for i, editor in enumerate(office.editors):
        if office_source and editor not in officers and editor not in broken:
            out.add(office_source.display, office_source.at(("editors", i)), f"editors[{i + 1}]",
                    f'"{editor}" is not an officer', _suggest(editor, officers, "officers"))

    for pid, procedure in procedures.items():
        src = sources[f"procedure:{pid}"]
        if procedure.work_unit not in units:
            out.add(src.display, src.at(("work_unit",)), "work_unit",
                    f'"{procedure.work_unit}" is not a work unit of office.yml', _suggest(procedure.work_unit, units, "work units"))
        for i, owner in enumerate(procedure.owners):
            if owner in broken:
                continue
            if owner not in officers:
                out.add(src.display, src.at(("owners", i)), f"owners[{i + 1}]",
                        f'"{owner}" is not an officer', _suggest(owner, officers, "officers", f"add officers/{owner}.yml; "))
            elif pid not in officers[owner].procedures:
                out.add(src.display, src.at(("owners", i)), f"owners[{i + 1}]",
                        f'names "{owner}", but officers/{owner}.yml does not list this procedure',
                        f"add {pid} to procedures in officers/{owner}.yml, or remove {owner} here")
        _check_steps(procedure, src, out)

    for oid, officer in officers.items():
        src = sources[f"officer:{oid}"]
        if officer.work_unit not in units:
            out.add(src.display, src.at(("work_unit",)), "work_unit",
                    f'"{officer.work_unit}" is not a work unit of office.yml', _suggest(officer.work_unit, units, "work units"))
        for i, pid in enumerate(officer.procedures):
            if pid in broken:
                continue
            if pid not in procedures:
                out.add(src.display, src.at(("procedures", i)), f"procedures[{i + 1}]",
                        f'"{pid}" is not a procedure', _suggest(pid, procedures, "procedures", f"add procedures/{pid}.yml; "))
            elif oid not in procedures[pid].owners:
                out.add(src.display, src.at(("procedures", i)), f"procedures[{i + 1}]",
                        f'lists "{pid}", but procedures/{pid}.yml does not name {oid} among its owners',
                        f"add {oid} to owners in procedures/{pid}.yml, or remove {pid} here")
        if officer.approval_chain:
            for role in ("group_director", "deputy_director", "director"):
                signatory = getattr(officer.approval_chain, role)
                if signatory.officer and signatory.officer not in officers and signatory.officer not in broken:
                    where = ("approval_chain", role, "officer")
                    out.add(src.display, src.at(where), format_path(where),
                            f'"{signatory.officer}" is not an officer', _suggest(signatory.officer, officers, "officers"))


def _check_manuals(manuals: dict[str, Manual], procedures: dict[str, Procedure], officers: dict[str, Officer],
                   sources: dict[str, Source], out: _Collector, broken: set[str]) -> None:
    for mid, manual in manuals.items():
        src = sources[f"manual:{mid}"]
        if manual.author not in officers and manual.author not in broken:
            out.add(src.display, src.at(("author",)), "author", f'"{manual.author}" is not an officer',
                    _suggest(manual.author, officers, "officers"))
        for i, pid in enumerate(manual.procedures):
            if pid not in procedures and pid not in broken:
                out.add(src.display, src.at(("procedures", i)), f"procedures[{i + 1}]", f'"{pid}" is not a procedure',
                        _suggest(pid, procedures, "procedures"))


MAX_EMBLEM_PIXELS = 25_000_000
"""Largest emblem accepted, in pixels (a 5000 × 5000 scan); larger images are refused before decoding."""


def project_file_problem(root: Path, base: Path, name: str) -> str | None:
    """Why the file ``name`` (relative to the folder ``base``) cannot be used, or ``None`` when it can.

    The file must exist, stay inside the project ``root`` once symbolic links
    are followed, be a regular file (not a folder, a device or a pipe) and be
    readable.  The model has already refused absolute paths and "..".
    """
    candidate = base / name
    try:
        resolved = candidate.resolve()
        inside = resolved.is_relative_to(Path(root).resolve())
    except (OSError, RuntimeError):  # a loop of symbolic links
        return "cannot be followed (a loop of symbolic links)"
    if not inside:
        return "leads outside the project (through a symbolic link)"
    try:
        info = resolved.stat()
    except FileNotFoundError:
        return "does not exist"
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    import stat

    if not stat.S_ISREG(info.st_mode):
        return "is not a file (it is a folder, a device or a pipe)"
    try:
        with open(resolved, "rb") as handle:
            handle.read(1)
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    return None


def _check_emblem(office: Office, src: Source, root: Path, out: _Collector) -> None:
    """The emblem must be a PNG or JPEG image inside the project that Pillow can read."""
    if not office.emblem:
        return
    where = ("emblem",)
    hint = "give the path, from office.yml, of a PNG or JPEG image inside the project, e.g. emblem: images/emblem.png"
    problem = project_file_problem(root, src.path.parent, office.emblem)
    if problem is None:
        problem = _image_problem(src.path.parent / office.emblem)
    if problem:
        out.add(src.display, src.at(where), "emblem", f'"{office.emblem}" {problem}', hint)


def _image_problem(path: Path) -> str | None:
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.format not in ("PNG", "JPEG"):
                    return f"is a {image.format} image, not PNG or JPEG"
                if image.width * image.height > MAX_EMBLEM_PIXELS:
                    return f"is {image.width} × {image.height} pixels, too large for an emblem"
                image.verify()
    except Exception:  # Pillow raises many kinds of errors for a file that is not an image
        return "is not a PNG or JPEG image that can be opened"
    return None


def _check_appendix_files(manual: Manual, src: Source, root: Path, out: _Collector) -> None:
    """Each appendix file must be a PDF inside the project that can be printed (:mod:`.attachments`)."""
    for i, item in enumerate(manual.appendix):
        if not item.file:
            continue
        where = ("appendix", i, "file")
        problem = project_file_problem(root, src.path.parent, item.file)
        hint = "give the path, from this manual file, of a PDF inside the project, e.g. file: appendix/order.pdf"
        if problem is None:
            problem, hint = pdf_problem(src.path.parent / item.file), PDF_HINT
        if problem:
            out.add(src.display, src.at(where), format_path(where), f'the file "{item.file}" {problem}', hint)


def _check_criteria(root: Path, out: _Collector) -> None:
    """``ita/criteria.yml`` of the project (when it has one) must be valid, as the build needs it."""
    if not (root / CRITERIA_FILE).exists() and not (root / CRITERIA_FILE).is_symlink():
        return
    problem = project_file_problem(root, root, CRITERIA_FILE)
    if problem:
        out.add(CRITERIA_FILE, (0, 0), "", f"{CRITERIA_FILE} {problem}", "restore it from the generator's own copy")
        return
    try:
        load_criteria(root)
    except CheckFailed as exc:
        out.diagnostics.extend(exc.diagnostics)


def _check_redirects(office: Office, procedures: dict[str, Procedure], src: Source | None, out: _Collector) -> None:
    if src is None:
        return
    for old, new in office.redirects.items():
        where = ("redirects", old)
        if old in procedures:
            out.add(src.display, src.at(where, key=True), f"redirects.{old}",
                    f'"{old}" is still a procedure, so its page cannot redirect', "remove this redirect")
        elif new not in procedures:
            out.add(src.display, src.at(where), f"redirects.{old}", f'"{new}" is not a procedure',
                    _suggest(new, procedures, "procedures"))


def _check_steps(procedure: Procedure, src: Source, out: _Collector) -> None:
    ids: dict[str, int] = {}
    for i, step in enumerate(procedure.steps):
        if step.id:
            if step.id in ids:
                out.add(src.display, src.at(("steps", i, "id")), f"steps[{i + 1}].id",
                        f'"{step.id}" is already the id of steps[{ids[step.id] + 1}]', "give each step its own id")
            ids.setdefault(step.id, i)
    for i, step in enumerate(procedure.steps):
        where = ("steps", i)
        if step.kind is StepKind.decision:
            if len(step.branches) < 2:
                out.add(src.display, src.at(where + ("kind",)), format_path(where + ("branches",)),
                        "a decision needs at least two branches",
                        'add branches, e.g. - {label: เห็นชอบ, goto: next} and - {label: ไม่เห็นชอบ, goto: <id of the step to redo>}')
        elif step.branches:
            out.add(src.display, src.at(where + ("branches",), key=True), format_path(where + ("branches",)),
                    f"only a decision step can have branches (this step is {step.kind.value})",
                    "add kind: decision to this step, or remove its branches")
        for j, branch in enumerate(step.branches):
            if branch.goto in ("next", "end") or branch.goto in ids:
                if branch.goto == "next" and i == len(procedure.steps) - 1:
                    out.add(src.display, src.at(where + ("branches", j, "goto")), format_path(where + ("branches", j, "goto")),
                            '"next" from the last step leads nowhere', 'write goto: end')
                continue
            out.add(src.display, src.at(where + ("branches", j, "goto")), format_path(where + ("branches", j, "goto")),
                    f'"{branch.goto}" is not the id of a step in this procedure',
                    _suggest(branch.goto, list(ids) + ["next", "end"], "step ids", 'write "next", "end" or the id of a step, '))
    if any(d.file == src.display and d.path.startswith("steps") and d.severity == "error" for d in out.diagnostics):
        return  # reachability is only meaningful once every branch target exists
    problems = flowchart_problems(procedure)
    # a decision that never leads on makes every later step unreachable: report the cause only
    dead_ends = [loc[1] for loc, _m, _h in problems if loc[-1] == "branches"]
    for loc, message, hint in problems:
        if dead_ends and loc[-1] != "branches" and loc[1] > min(dead_ends):
            continue
        out.add(src.display, src.at(loc), format_path(loc), message, hint)


def _suggest(name: str, known: Iterable[str], what: str, prefix: str = "") -> str:
    known = list(known)
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return f'{prefix}did you mean "{close[0]}"?'
    shown = ", ".join(known[:8]) + (" …" if len(known) > 8 else "")
    return f"{prefix}known {what}: {shown}" if known else f"{prefix}there are no {what} yet"


def _ordered(office: Office, procedures: dict[str, Procedure]) -> dict[str, Procedure]:
    order: list[str] = []
    for unit in office.group.work_units:
        listed = [p for p in unit.procedures if p in procedures and procedures[p].work_unit == unit.id]
        rest = sorted(p for p, proc in procedures.items() if proc.work_unit == unit.id and p not in listed)
        order.extend(dict.fromkeys(listed + rest))
    order.extend(sorted(p for p in procedures if p not in order))
    return {p: procedures[p] for p in order}


__all__ = ["Handbook", "Source", "load_handbook", "require_handbook", "iter_texts", "Step"]
