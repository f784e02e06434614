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
import re
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
    procedure = env.get_template("procedure.yml.j2").render(values)
    if answers.numerals == "arabic":  # the example procedure's times and years in the office's own digits
        procedure = procedure.translate(_DIGITS)
    return {
        "office.yml": env.get_template("office.yml.j2").render(values),
        f"procedures/{pid}.yml": procedure,
        f"officers/{oid}.yml": env.get_template("officer.yml.j2").render(values),
        f"manuals/{oid}.yml": env.get_template("manual.yml.j2").render(values),
    }


def init_office(folder: Path, answers: OfficeAnswers | None = None, *, example: bool = False) -> list[Path]:
    """Write a new office (from ``answers``), or the bundled example (``example=True``), into ``folder``.

    Also writes ``mkdocs.yml`` when absent and the JSON Schemas into
    ``schema/``.  Returns the paths written.  Interrupted (Ctrl+C) or failing half-way, it removes
    the files and folders it had written and re-raises: no partial office is left.  Raises :class:`InitError` when an
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
    written: list[Path] = []
    made: list[Path] = []  # folders this call created
    schema_existed = (folder / "schema").exists()  # (schemas are re-exported: never removed when they were there)
    try:
        for rel, content in {**files, **{k: v for k, v in shared.items() if not (folder / k).exists()}}.items():
            path = folder / rel
            for parent in reversed(path.parents):
                if not parent.exists():
                    parent.mkdir()
                    made.append(parent)
            path.write_bytes(content)
            written.append(path)
        written += write_schemas(folder / "schema")
    except BaseException:  # Ctrl+C or a failed write: take back what this call wrote, leave the rest
        for path in written:
            if path.exists() and not (path.parent.name == "schema" and schema_existed):
                path.unlink()
        for parent in reversed(made):
            try:
                parent.rmdir()
            except OSError:
                pass
        raise
    return written



# --------------------------------------------------------------------------- questions in a terminal


def officer_id_from(name_en: str) -> str:
    """An officer id from an English name: "Somchai Jaidee" → "somchai-j" (first name, initial of the
    last; a-z, 0-9 and hyphens), or "" when the name has no Latin letters."""
    parts = [re.sub(r"[^a-z0-9]", "", p) for p in name_en.lower().replace("-", " ").split()]
    parts = [p for p in parts if p and p not in ("mr", "mrs", "ms", "miss", "dr")]
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else f"{parts[0]}-{parts[-1][0]}"


_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def check_fiscal_year(value: str) -> tuple[int | None, str]:
    """``(year, "")`` for a Buddhist-era year 2500–2700 (Thai or Arabic digits), else ``(None, why)``."""
    year = str(value).strip().translate(_DIGITS)
    if year.isdigit() and 2500 <= int(year) <= 2700:
        return int(year), ""
    hint = f" ({int(year) + 543} in the Buddhist era?)" if year.isdigit() and 1900 <= int(year) <= 2200 else ""
    return None, f'"{value}" is not a Buddhist-era year{hint}: write it like 2570'


def check_languages(value: str) -> tuple[list[str] | None, str]:
    """``(["th"] or ["th", "en"], "")`` for "th" / "th,en", else ``(None, why)``."""
    languages = [x.strip() for x in str(value).replace(" ", ",").split(",") if x.strip()]
    if languages in (["th"], ["th", "en"]):
        return languages, ""
    return None, f'"{value}": write th (Thai only) or th,en (Thai and English)'


def check_officer_id(value: str) -> tuple[str | None, str]:
    """``(id, "")`` for lower-case letters, digits and hyphens, else ``(None, why)``."""
    if re.fullmatch(r"[a-z0-9][a-z0-9-]{0,79}", value):
        return value, ""
    return None, f'"{value}": use lower-case English letters, digits and hyphens, e.g. somchai-j'


def ask_answers(given: dict, ask=None, say=None) -> dict:
    """Ask in a terminal for what ``given`` (the flags, attribute → value) lacks; return all the answers.

    Each question shows its default in brackets (Enter takes it); a required question is asked again
    until it is answered; a value that is not valid (a fiscal year, the languages, an id) is asked
    again with the reason.  The officer id offered is made from the officer's English name
    (:func:`officer_id_from`); without one, the id is asked for with an example.  ``ask(prompt)``
    returns the typed line (``input``); ``say(text)`` shows a message.  Raises ``EOFError`` (Ctrl+D)
    and ``KeyboardInterrupt`` (Ctrl+C) as ``ask`` does: nothing is written before all is answered.
    Returns attribute → value with ``fiscal_year`` an int and ``languages`` a list.
    """
    ask = ask or (lambda prompt: input(prompt))
    say = say or print
    values = {k: v for k, v in given.items() if v is not None}
    default_year = fiscal_year_of(_dt.date.today())

    def question(attr: str, text: str, required: bool = False, default: str = "", check=None, example: str = ""):
        if attr in values:
            return
        shown = f" [{default}]" if default else (f" (e.g. {example})" if example else "")
        if not required and not default:
            shown += " (Enter: none)"
        while True:
            answer = ask(f"{text}{shown}: ").strip()
            if not answer and default:
                answer = default
            if not answer:
                if required:
                    say("  จำเป็นต้องกรอก / this one is required" + (f", e.g. {example}" if example else ""))
                    continue
                return
            if check is not None:
                value, why = check(answer)
                if value is None:
                    say(f"  {why}")
                    continue
                values[attr] = value
                return
            values[attr] = answer
            return

    question("name_th", "ชื่อหน่วยงาน (ภาษาไทย) / the office's name in Thai", True,
             example="สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตัวอย่าง เขต ๑")
    question("short_name_th", "ชื่อย่อ / short name", True, example="สพป.ตัวอย่าง เขต ๑")
    question("group_th", "ชื่อกลุ่ม / the group", True, example="กลุ่มนโยบายและแผน")
    question("fiscal_year", "ปีงบประมาณ พ.ศ. (ต.ค.–ก.ย.) / fiscal year, Buddhist era, October–September",
             default=str(default_year), check=check_fiscal_year)
    question("languages", "ภาษา: th หรือ th,en / languages: th (Thai) or th,en (Thai and English)",
             default="th", check=check_languages)
    if "en" in (values.get("languages") or []):
        question("name_en", "the office's name in English")
    question("officer_name_th", "ชื่อ-สกุลผู้จัดทำคู่มือ / the first officer's full name", True,
             example="นายสมชาย ใจดี")
    question("officer_position_th", "ตำแหน่ง / the officer's position", True, example="นักวิเคราะห์นโยบายและแผน")
    question("officer_name_en", "ชื่อภาษาอังกฤษ / the officer's name in English (gives the id)",
             example="Somchai Jaidee")
    offered = officer_id_from(values.get("officer_name_en") or "")
    question("officer_id", "รหัสบุคลากร / the officer's id (a-z, 0-9, -)", not offered, default=offered,
             check=check_officer_id, example="somchai-j")
    for attr, check in (("fiscal_year", check_fiscal_year), ("languages", check_languages)):
        if isinstance(values.get(attr), str):
            values[attr] = check(values[attr])[0] or values[attr]
    return values
