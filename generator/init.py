"""``handbook init``: start a new office in a folder.

Writes the smallest project that ``handbook check`` and ``handbook build``
accept at once: ``office.yml``, one procedure to copy, the first officer,
that officer's personal manual definition (``manuals/<id>.yml``), the base
``mkdocs.yml`` and the JSON Schemas (``schema/``) that the first line of every
YAML file names for editors.  The file texts are the Jinja2 templates in
``templates/init/``; the values used when a flag is not given, and the marks of
a placeholder, are in ``templates/init/placeholders.yml`` (also read by
:mod:`generator.model.checks`, which warns until they are replaced).

``--example`` copies the bundled example office instead (the copy kept in
``tests/fixtures/example``, which the tests also read, so it always loads).

Nothing is ever overwritten: when an office file exists, nothing is written.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
from pathlib import Path

import jinja2
import yaml

from generator.model.schema import write_schemas
from generator.text import fiscal_year_of

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "init"
PLACEHOLDERS_FILE = TEMPLATES / "placeholders.yml"
EXAMPLE_OFFICE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "example"
"""The bundled example office (its copy under tests/, which the tests keep valid)."""

SHARED_FILES = ("mkdocs.yml",)
"""Files the site needs that an existing project may already have: kept as they are when present."""


class InitError(Exception):
    """``handbook init`` cannot go on; the message says why and what to do, in one line."""


@dataclasses.dataclass
class OfficeAnswers:
    """What ``handbook init`` asks.  Thai texts are required; English ones are optional ("" = none).

    ``fiscal_year`` is in the Buddhist era; ``languages`` is ``["th"]`` or
    ``["th", "en"]``; ids are lower-case letters, digits and hyphens.
    """

    name_th: str
    short_name_th: str
    group_th: str
    officer_name_th: str
    officer_position_th: str
    officer_id: str = "officer-1"
    name_en: str = ""
    short_name_en: str = ""
    group_en: str = ""
    officer_name_en: str = ""
    officer_position_en: str = ""
    fiscal_year: int = dataclasses.field(default_factory=lambda: fiscal_year_of(_dt.date.today()))
    languages: list[str] = dataclasses.field(default_factory=lambda: ["th"])
    numerals: str = "thai"
    address_th: str = ""
    address_en: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    handbook_url: str = ""


def placeholders() -> dict:
    """The contents of ``templates/init/placeholders.yml``: ``placeholder_markers``, ``example_markers``, ``defaults``."""
    return yaml.safe_load(PLACEHOLDERS_FILE.read_text(encoding="utf-8"))


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True)
    # a YAML double-quoted scalar: JSON strings are valid YAML
    env.filters["q"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    return env


def office_files(answers: OfficeAnswers) -> dict[str, str]:
    """The files of a new office: relative path → text (office.yml, procedures/, officers/, manuals/)."""
    data = placeholders()
    defaults = data["defaults"]
    values = dataclasses.asdict(answers)
    values.update(
        placeholders=defaults,
        parent_bodies=defaults["parent_bodies"],
        address_th=answers.address_th or defaults["address"]["th"],
        address_en=answers.address_en or defaults["address"]["en"],
        phone=answers.phone or defaults["phone"],
        email=answers.email or defaults["email"],
        website=answers.website or defaults["website"],
        handbook_url=answers.handbook_url or defaults["handbook_url"],
        unit_id=defaults["unit_id"],
        unit_th=defaults["unit"]["th"],
        unit_en=defaults["unit"]["en"],
        procedure_id=defaults["procedure_id"],
        effective=f"{answers.fiscal_year - 544}-10-01",  # the first day of the fiscal year, in the Common era
    )
    env = _environment()
    oid, pid = answers.officer_id, defaults["procedure_id"]
    return {
        "office.yml": env.get_template("office.yml.j2").render(values),
        f"procedures/{pid}.yml": env.get_template("procedure.yml.j2").render(values),
        f"officers/{oid}.yml": env.get_template("officer.yml.j2").render(values),
        f"manuals/{oid}.yml": env.get_template("manual.yml.j2").render(values),
    }


def init_office(folder: Path, answers: OfficeAnswers | None = None, *, example: bool = False) -> list[Path]:
    """Write a new office (from ``answers``), or the bundled example (``example=True``), into ``folder``.

    Also writes ``mkdocs.yml`` when absent and the JSON Schemas into
    ``schema/``.  Returns the paths written.  Raises :class:`InitError` when an
    office file already exists (nothing is written then) or ``answers`` is
    missing; ``OSError`` when the folder cannot be written.
    """
    folder = Path(folder)
    if example:
        files = {str(p.relative_to(EXAMPLE_OFFICE)): p.read_bytes()
                 for p in sorted(EXAMPLE_OFFICE.rglob("*")) if p.is_file()}
    elif answers is None:
        raise InitError("the office's names are missing")
    else:
        files = {rel: text.encode("utf-8") for rel, text in office_files(answers).items()}
    shared = {name: (TEMPLATES / name).read_bytes() for name in SHARED_FILES if name not in files}
    existing = sorted(rel for rel in files if (folder / rel).exists())
    if existing:
        shown = ", ".join(existing[:3]) + (" …" if len(existing) > 3 else "")
        raise InitError(f"{folder} already has {shown}; nothing was written — choose an empty folder, "
                        "or move those files away first")
    written = []
    for rel, content in {**files, **{k: v for k, v in shared.items() if not (folder / k).exists()}}.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
    written += write_schemas(folder / "schema")
    return written

