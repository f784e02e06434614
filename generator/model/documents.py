"""The document model: what an office, a procedure and an officer are.

Data flows one way: YAML → :mod:`generator.loader` → these validated models →
writers (site, flowchart, manuals, ITA).  No writer reads YAML itself.

Field names follow ``GLOSSARY.md``.  Each field's ``description`` becomes the
hover text in editors (through the JSON Schema in ``schema/``) and each
``examples`` value is quoted in the "how to fix it" part of error messages.

Numbering (๕.๑, ๑), (๑) …) is never stored: writers derive it from order, so
the duplicated or skipped numbers found in hand-made manuals cannot happen.
"""

from __future__ import annotations

import datetime as _dt
import re
import urllib.parse
from enum import Enum
from typing import Annotated, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from generator.text import Text, text_json_schema

Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80),
    Field(
        description="Lower-case letters, digits and hyphens; it names the file and the page URL.",
        examples=["budget-allocation"],
    ),
]


# --------------------------------------------------------------------------- limits of every text
# A name or title longer than MAX_NAME characters, or a paragraph longer than MAX_PARAGRAPH, is an error:
# such text cannot be laid out (a 170,000-character title made the build run for hours; a 3,300-character
# flowchart label made an image too large to open).  The longest bundled texts are ~150 and ~700 characters.

MAX_NAME = 255
"""Longest name, title, role, duration or label, in characters (each language); 255 is also the
limit of the DOCX document properties (title, author, subject) that some of these fill."""

MAX_PARAGRAPH = 3000
"""Longest paragraph (a step, an objective, a duty …), in characters (each language)."""

MAX_LINE = 300
"""Longest plain value (telephone, e-mail, URL, path, version …), in characters."""


def _text_limit(limit: int, what: str):
    def check(value: Text) -> Text:
        for text in (value.th, value.en):
            if text and len(text) > limit:
                raise ValueError(f"is {len(text):,} characters long; {what} may have at most {limit:,}")
        return value
    return AfterValidator(check)


Name = Annotated[Text, _text_limit(MAX_NAME, "a name or title")]
"""A :class:`Text` of at most :data:`MAX_NAME` characters."""

Paragraph = Annotated[Text, _text_limit(MAX_PARAGRAPH, "a paragraph")]
"""A :class:`Text` of at most :data:`MAX_PARAGRAPH` characters."""

Line = Annotated[str, StringConstraints(max_length=MAX_LINE)]
"""A one-line plain value of at most :data:`MAX_LINE` characters."""

_URL_BAD = re.compile(r"[\s\"'<>\\^`{|}]")


def _http_url(value: str) -> str:
    """An absolute http(s) URL with a host and no characters that would break out of an HTML attribute."""
    if _URL_BAD.search(value):
        raise ValueError("is not a valid web address: it holds a space, a quote or one of < > \\ ^ ` { | }")
    parts = urllib.parse.urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("is not a web address starting with https:// (or http://) and a host name")
    return value


Url = Annotated[str, StringConstraints(max_length=MAX_LINE), AfterValidator(_http_url)]
"""An absolute ``http://`` or ``https://`` URL (RFC 3986), checked to be safe inside HTML attributes."""


def _relative_path(value: str) -> str:
    """A path inside the project: relative, with no ``..``, no backslash and no drive letter."""
    if value.startswith(("/", "~")) or re.match(r"^[A-Za-z]:", value):
        raise ValueError("must be a path relative to this file, inside the project (not starting with / or ~)")
    if "\\" in value:
        raise ValueError("must use / between folders, not \\")
    if any(part == ".." for part in value.split("/")):
        raise ValueError('must stay inside the project: ".." (the folder above) is not allowed')
    return value


RelativePath = Annotated[str, StringConstraints(min_length=1, max_length=MAX_LINE), AfterValidator(_relative_path)]
"""A file path relative to the YAML file that names it, which cannot leave the project."""


class Strict(BaseModel):
    """Base for every model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------- office


class WorkUnit(Strict):
    """A work unit (กลุ่มงาน) inside the group."""

    id: Identifier
    name: Name = Field(description="Name of the work unit.", examples=["กลุ่มงานแผนงาน"])
    description: Paragraph | None = Field(None, description="What the work unit does, one paragraph.")
    procedures: list[Identifier] = Field(
        default_factory=list,
        description="Order of this unit's procedures on the site and in the group manual; unlisted ones follow by id.",
    )


class Group(Strict):
    """The group (กลุ่ม) whose procedures this handbook holds, e.g. กลุ่มนโยบายและแผน."""

    name: Name = Field(description="Name of the group.", examples=["กลุ่มนโยบายและแผน"])
    mandate: list[Paragraph] = Field(
        min_length=1, description="Powers and duties (อำนาจหน้าที่) of the group, one item each."
    )
    mandate_source: Paragraph | None = Field(
        None, description="The announcement that sets the group's mandate (ประกาศ … ราชกิจจานุเบกษา)."
    )
    concept: list[Paragraph] = Field(default_factory=list, description="Concept (แนวคิด), one paragraph each.")
    objectives: list[Paragraph] = Field(
        default_factory=list, description="Objectives (วัตถุประสงค์) of the group's manual."
    )
    work_units: list[WorkUnit] = Field(min_length=1, description="Work units (กลุ่มงาน) of the group.")


class GlossaryEntry(Strict):
    """One abbreviation (อักษรย่อ) or code of the office and what it stands for (``office.yml``, ``glossary``).

    Search uses it both ways: a query of the short form finds the pages that write the full form, and
    a query of the full form finds the pages that write only the short form
    (:mod:`generator.site.spelling`).  Dots, hyphens and capitals do not matter (สพฐ. = สพฐ,
    e-Budget = eBudget = EBUDGET).
    """

    short: Name = Field(description="The abbreviation or code as the office writes it.",
                        examples=["สพฐ.", {"th": "สพฐ.", "en": "OBEC"}, "e-Budget"])
    full: Name = Field(description="What it stands for, in full.",
                       examples=["สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน", "ระบบงบประมาณอิเล็กทรอนิกส์"])


class Office(Strict):
    """The office that publishes the handbook (``office.yml``)."""

    name: Name = Field(
        description="Full name of the office.",
        examples=["สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตัวอย่าง เขต ๑"],
    )
    short_name: Name = Field(description="Short name, e.g. สพป.ตัวอย่าง เขต ๑.", examples=["สพป.ตัวอย่าง เขต ๑"])
    parent_bodies: list[Name] = Field(
        min_length=1,
        description="Bodies above the office, nearest first (OBEC, then the Ministry).",
        examples=[["สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน", "กระทรวงศึกษาธิการ"]],
    )
    address: Paragraph = Field(description="Postal address.")
    phone: Line = Field(min_length=1, description="Telephone number.", examples=["0 4512 3456"])
    email: Line = Field(pattern=r"^[^@\s\"'<>()\[\]\\,;:]+@[^@\s\"'<>()\[\]\\,;:]+\.[^@\s\"'<>()\[\]\\,;:]+$", description="E-mail address.", examples=["plan@example.go.th"])
    website: Url = Field(description="The office's website.", examples=["https://www.example.go.th"])
    handbook_url: Url = Field(
        description="Public URL where the handbook site is published; used for links and QR codes.",
        examples=["https://handbook.example.go.th/"],
    )
    emblem: RelativePath | None = Field(None, description="Path of the office emblem image, relative to the office file.")
    mandate: list[Paragraph] = Field(default_factory=list, description="Powers and duties (อำนาจหน้าที่) of the office.")
    mandate_source: Paragraph | None = Field(None, description="The law or announcement that sets the office's mandate.")
    structure: list[Paragraph] = Field(
        default_factory=list, description="Organisational structure (โครงสร้างการแบ่งส่วนราชการ): its groups, one item each."
    )
    group: Group
    fiscal_year: int = Field(
        ge=2500, le=2700, description="Current fiscal year in the Buddhist era (FY 2569 = 1 Oct 2568 – 30 Sep 2569).",
        examples=[2569],
    )
    numerals: Literal["thai", "arabic"] = Field(
        "thai", description="Digits in Thai documents: thai (๑๒๓) or arabic (123)."
    )
    languages: list[Literal["th", "en"]] = Field(
        default_factory=lambda: ["th", "en"], min_length=1, description="Languages of the site; th comes first."
    )
    editors: list[Identifier] = Field(
        default_factory=list,
        description="Officers who may edit every file in handbook edit on the office network "
                    "(besides the group director, the author of the group manual).",
    )
    def digit_style(self, lang: str) -> str:
        """Digits of text in ``lang``: the office's choice (``numerals``) in Thai, Arabic in English."""
        return self.numerals if lang == "th" else "arabic"

    redirects: dict[Identifier, Identifier] = Field(
        default_factory=dict,
        description="Old procedure id → new procedure id, so that the old page address keeps working "
                    "after a procedure is renamed or merged (ITA assessors keep last year's links).",
        examples=[{"budget-plan": "budget-allocation"}],
    )
    glossary: list[GlossaryEntry] = Field(
        default_factory=list,
        description="Abbreviations (อักษรย่อ) and codes the office uses, each with what it stands for, so that "
                    "search finds one by the other. Optional: the definitions (คำจำกัดความ) of the procedures "
                    "that read \"<short> หมายถึง <full>\" or \"<full> (<short>)\" are used too.",
        examples=[[{"short": "สพฐ.", "full": "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน"}]],
    )


# --------------------------------------------------------------------------- procedure


class StepKind(str, Enum):
    """The flowchart symbol of a step."""

    start = "start"
    process = "process"
    decision = "decision"
    document = "document"
    end = "end"


class _ShortFormMixin(BaseModel):
    """A model with a ``text`` field that may also be written as just the text.

    ``- "ส่งหนังสือ"`` or ``- {th: …, en: …}`` means ``- {text: …}``; the JSON
    Schema allows both forms.
    """

    @model_validator(mode="before")
    @classmethod
    def _from_plain(cls, value):
        if isinstance(value, str) or (isinstance(value, dict) and value and set(value) <= {"th", "en"}):
            return {"text": value}
        return value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):  # noqa: D105
        return {"anyOf": [text_json_schema(), handler(core_schema)]}


class SubStep(_ShortFormMixin, Strict):
    """A sub-step (๑), (๒) … inside a step or another sub-step."""

    text: Paragraph = Field(description="What is done.")
    substeps: list["SubStep"] = Field(default_factory=list, description="Further sub-steps.")


class Branch(Strict):
    """One way out of a decision step."""

    label: Name = Field(description="What the decision was.", examples=["ไม่เห็นชอบ"])
    goto: Line = Field(
        description='Where the work goes: the id of a step, "next" for the following step, or "end".',
        examples=["draft-plan"],
    )


class Step(Strict):
    """One step of a procedure (ขั้นตอนการปฏิบัติงาน)."""

    id: Identifier | None = Field(None, description="Needed only when a decision sends work to this step.")
    kind: StepKind = Field(StepKind.process, description="Flowchart symbol: start, process, decision, document or end.")
    text: Paragraph = Field(description="What is done in this step.")
    short: Name | None = Field(None, description="Short label for the flowchart; the text is used when absent.")
    duration: Name | None = Field(
        None, description="How long the step takes, free text.", examples=["๓ วันทำการ"]
    )
    responsible: Name | None = Field(
        None, description="Who does the step (a role).", examples=["นักวิเคราะห์นโยบายและแผน"]
    )
    standard: Paragraph | None = Field(
        None, description="Work standard (มาตรฐานการปฏิบัติงาน) for this step.",
        examples=["มีรายงานผลการดำเนินงานรายไตรมาส"],
    )
    substeps: list[SubStep] = Field(default_factory=list, description="Sub-steps, numbered ๑), ๒) … on output.")
    branches: list[Branch] = Field(
        default_factory=list, description="For a decision: where each answer leads (at least two)."
    )


class Definition(Strict):
    """A term and its meaning (คำจำกัดความ)."""

    term: Name = Field(description="The term.", examples=["การติดตาม"])
    meaning: Paragraph = Field(description="What the term means in this procedure.")


class Revision(Strict):
    """Version of a procedure and who approved it."""

    version: Annotated[str, StringConstraints(max_length=40)] = Field(min_length=1, description="Version number.", examples=["1.0"])
    effective: _dt.date = Field(description="Effective date, YYYY-MM-DD in the Common era.", examples=["2025-10-01"])
    approved_by: Name = Field(description="Who approved this version.", examples=["ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา"])


class Channel(Strict):
    """Where and how the public reaches a service, or files a complaint (ช่องทางการให้บริการ / ช่องทางการร้องเรียน).

    Fields follow the คู่มือสำหรับประชาชน of the Licensing Facilitation Act B.E. 2558
    (พระราชบัญญัติการอำนวยความสะดวกในการพิจารณาอนุญาตของทางราชการ พ.ศ. ๒๕๕๘).
    """

    place: Text = Field(description="Place, office or body (สถานที่ / ช่องทางการให้บริการ).",
                        examples=["กลุ่มนโยบายและแผน ชั้น ๒ สำนักงานเขตพื้นที่การศึกษา"])
    hours: Text | None = Field(None, description="Opening hours (ระยะเวลาเปิดให้บริการ).",
                               examples=["วันจันทร์ถึงวันศุกร์ (ยกเว้นวันหยุดราชการ) เวลา ๐๘.๓๐ – ๑๖.๓๐ น."])
    phone: str | None = Field(None, description="Telephone number.", examples=["0 4512 3456 ต่อ 210"])
    email: str | None = Field(None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", description="E-mail address.",
                              examples=["plan@example.go.th"])
    online: str | None = Field(None, pattern=r"^https?://", description="Web address of the e-service or online form.",
                               examples=["https://www.example.go.th/eservice"])


class RequiredDocument(Strict):
    """A document the applicant brings (รายการเอกสารหลักฐานประกอบ)."""

    name: Text = Field(description="Name of the document (รายการเอกสารยื่นเพิ่มเติม).", examples=["บัตรประจำตัวประชาชน"])
    issued_by: Text | None = Field(None, description="Government body that issues it (หน่วยงานภาครัฐผู้ออกเอกสาร).",
                                   examples=["กรมการปกครอง"])
    originals: int = Field(0, ge=0, le=99, description="Number of originals (จำนวนเอกสารฉบับจริง).")
    copies: int = Field(0, ge=0, le=99, description="Number of copies (จำนวนเอกสารสำเนา).")
    unit: Text | None = Field(None, description="Unit counted (หน่วยนับเอกสาร); ฉบับ when absent.", examples=["ฉบับ"])
    note: Text | None = Field(None, description="Remark (หมายเหตุ), e.g. when the document is needed.")


class Service(Strict):
    """What a public service adds to a procedure (``kind: service``): the คู่มือสำหรับประชาชน fields.

    The ITA item O9 (คู่มือหรือแนวทางการขอรับบริการสำหรับผู้รับบริการหรือผู้มาติดต่อ) asks, per service,
    for the steps, the time, the channels, the fee ("no fee" stated) and the documents required.
    """

    responsible_unit: Text | None = Field(None, description="Unit responsible for the service (หน่วยงานที่รับผิดชอบ).",
                                          examples=["กลุ่มนโยบายและแผน สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตัวอย่าง เขต ๑"])
    channels: list[Channel] = Field(default_factory=list, description="Service channels (ช่องทางการให้บริการ).")
    conditions: list[Text] = Field(default_factory=list,
                                   description="Rules, methods and conditions (หลักเกณฑ์ วิธีการ เงื่อนไข), one item each.")
    total_time: Text | None = Field(None, description="Total time of the service (ระยะเวลาดำเนินการรวม).",
                                    examples=["๕ วันทำการ"])
    fees: list[Text] = Field(default_factory=list, description="Fees (ค่าธรรมเนียม), one item each; see no_fee.")
    no_fee: bool = Field(False, description="true: the service is free; the manual then says ไม่มีค่าธรรมเนียม.")
    documents: list[RequiredDocument] = Field(default_factory=list,
                                              description="Documents the applicant brings (รายการเอกสารหลักฐานประกอบ).")
    no_documents: bool = Field(False, description="true: no document is needed; the manual then says so.")
    complaints: list[Channel] = Field(default_factory=list, description="Complaint channels (ช่องทางการร้องเรียน).")


class Procedure(Strict):
    """One work procedure, ``procedures/<id>.yml``."""

    id: Identifier
    title: Name = Field(description="Title of the procedure (ชื่องาน).", examples=["งานจัดสรรงบประมาณ"])
    work_unit: Identifier = Field(description="Id of the work unit in office.yml.")
    owners: list[Identifier] = Field(min_length=1, description="Ids of the officers who own this procedure.")
    objectives: list[Paragraph] = Field(min_length=1, description="Objectives (วัตถุประสงค์).")
    scope: list[Paragraph] = Field(min_length=1, description="Scope (ขอบเขตของงาน).")
    definitions: list[Definition] = Field(default_factory=list, description="Definitions (คำจำกัดความ).")
    steps: list[Step] = Field(min_length=1, max_length=200, description="Steps (ขั้นตอนการปฏิบัติงาน), in order (at most 200: split a longer one).")
    indicators: list[Paragraph] = Field(default_factory=list, description="Indicators (ตัวชี้วัด).")
    outcomes: list[Paragraph] = Field(default_factory=list, description="Expected outcomes (ผลสำเร็จที่คาดหวัง).")
    forms: list[Paragraph] = Field(default_factory=list, description="Forms used (แบบฟอร์มที่ใช้).")
    references: list[Paragraph] = Field(default_factory=list, description="Reference documents and evidence (เอกสาร/หลักฐานอ้างอิง).")
    legal_basis: list[Paragraph] = Field(
        default_factory=list, description="Laws, regulations and related documents (กฎหมาย ระเบียบ)."
    )
    revision: Revision
    kind: Literal["procedure", "service"] = Field(
        "procedure", description="procedure (internal work) or service (a service to the public or to schools, "
                                 "published in the service manual, คู่มือสำหรับประชาชน).")
    service: Service | None = Field(None, description="For kind: service: channels, fees, documents, complaints.")

    @model_validator(mode="after")
    def _service_needs_kind(self) -> "Procedure":
        if self.service is not None and self.kind != "service":
            raise ValueError("service: is given but kind is not service; add kind: service")
        return self

    @property
    def is_service(self) -> bool:
        """True for a service to the public (``kind: service``)."""
        return self.kind == "service"


# --------------------------------------------------------------------------- officer


class Duty(_ShortFormMixin, Strict):
    """A duty performed (ลักษณะงานที่ปฏิบัติ); duties may nest."""

    text: Paragraph = Field(description="The duty.")
    items: list["Duty"] = Field(default_factory=list, description="Parts of this duty.")


class Signatory(Strict):
    """A person who signs in the approval chain of the publication memo."""

    officer: Identifier | None = Field(None, description="Id of an officer file, instead of name and position.")
    name: Name | None = Field(None, description="Full name with title.", examples=["นายสมชาย ใจดี"])
    position: Name | None = Field(None, description="Position as it is printed under the signature.")

    @model_validator(mode="after")
    def _officer_or_name(self) -> "Signatory":
        if self.officer is None and (self.name is None or self.position is None):
            raise ValueError("give either officer, or both name and position")
        return self


class ApprovalChain(Strict):
    """Who gives an opinion on and approves the memo asking to publish the manual."""

    group_director: Signatory
    deputy_director: Signatory
    director: Signatory


class Officer(Strict):
    """An officer, ``officers/<id>.yml``."""

    id: Identifier
    name: Name = Field(description="Full name with title (นาย/นาง/นางสาว).", examples=["นางสาวตัวอย่าง ใจงาม"])
    position: Name = Field(description="Position.", examples=["นักวิเคราะห์นโยบายและแผน"])
    level: Name | None = Field(None, description="Level.", examples=["ชำนาญการ"])
    position_number: Annotated[str, StringConstraints(max_length=40)] | None = Field(None, description="Position number (ตำแหน่งเลขที่).", examples=["๑๒"])
    work_unit: Identifier = Field(description="Id of the work unit in office.yml.")
    duties: list[Duty] = Field(default_factory=list, description="Duties performed (ลักษณะงานที่ปฏิบัติ).")
    procedures: list[Identifier] = Field(default_factory=list, description="Ids of the procedures this officer owns.")
    approval_chain: ApprovalChain | None = Field(None, description="Signatories of the publication memo.")


# --------------------------------------------------------------------------- manual


class Memo(Strict):
    """The memorandum (บันทึกข้อความ) asking permission to publish the manual on the website.

    Layout and headings follow the Regulation of the Office of the Prime Minister on
    Correspondence B.E. 2526 (ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ), form 8 (บันทึกข้อความ).
    """

    number: Line = Field("", description="Reference number (ที่), e.g. ศธ ๐๔๑๙๙/… ; empty leaves dots to fill in by hand.")
    date: _dt.date | None = Field(None, description="Date of the memo, YYYY-MM-DD; empty leaves dots to fill in.")
    subject: Name | None = Field(None, description="Subject (เรื่อง); a standard subject is used when absent.")
    body: list[Paragraph] = Field(default_factory=list, description="Paragraphs of the memo; a standard text is used when absent.")


class AppendixItem(Strict):
    """One appendix item: a text, or a PDF file to attach (e.g. the duty-assignment order)."""

    title: Name = Field(description="Title of the appendix item.", examples=["คำสั่งมอบหมายงาน"])
    text: list[Paragraph] = Field(default_factory=list, description="Paragraphs of the item.")
    file: RelativePath | None = Field(None, description="A PDF to attach, relative to the manual file.")


ManualPart = Literal["cover", "memo", "preface", "contents", "introduction", "appendix", "back_cover"]
MANUAL_PARTS: tuple[str, ...] = ("cover", "memo", "preface", "contents", "introduction", "appendix", "back_cover")


class Manual(Strict):
    """An operations manual to print, ``manuals/<id>.yml``: a personal or the group manual."""

    id: Identifier
    kind: Literal["personal", "group", "service"] = Field(
        description="personal (one officer), group (the whole group) or service (the service manual for the public, "
                    "คู่มือสำหรับประชาชน: the services of the group).")
    author: Identifier = Field(description="Officer who writes and signs the manual (the group director for the group manual).")
    title: Name | None = Field(None, description="Title; คู่มือการปฏิบัติงาน is used when absent.")
    procedures: list[Identifier] = Field(
        default_factory=list,
        description="Procedures, in order; a personal manual defaults to the author's, a group manual to all.",
    )
    memo: Memo | None = Field(None, description="The publication memo; leave out for a manual without one.")
    covers: list[Paragraph] = Field(
        default_factory=list,
        description="Service manual: what it covers (คู่มือนี้ครอบคลุม), printed first in its own short front matter; "
                    "a standard text naming the services is used when absent.")
    how_to_use: list[Paragraph] = Field(
        default_factory=list,
        description="Service manual: how to use it (วิธีใช้คู่มือ); a standard text is used when absent.")
    contacts: list[Channel] = Field(
        default_factory=list,
        description="Service manual: the office's contact and complaint channels (ช่องทางติดต่อและร้องเรียน); "
                    "when absent, the office's address, phone, e-mail and website and every complaint channel "
                    "of its services.")
    preface: list[Paragraph] = Field(default_factory=list, description="Preface (คำนำ) paragraphs; a standard one is used when absent.")
    appendix: list[AppendixItem] = Field(default_factory=list, description="Appendix (ภาคผนวก) items.")
    parts: list[ManualPart] = Field(
        default_factory=lambda: list(MANUAL_PARTS),
        description="Parts the manual has besides its procedure chapters (all by default); the memo also needs memo:.",
    )
    formats: list[Literal["pdf", "docx"]] = Field(default_factory=lambda: ["pdf", "docx"], description="Files to make.")
    languages: list[Literal["th", "en"]] = Field(default_factory=lambda: ["th"], description="Languages to make.")


SubStep.model_rebuild()
Duty.model_rebuild()

#: File kind → model, used by the loader and the schema export.
MODELS: dict[str, type[Strict]] = {"office": Office, "procedure": Procedure, "officer": Officer, "manual": Manual}

AnyModel = Union[Office, Procedure, Officer, Manual]
