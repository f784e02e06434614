"""Bilingual text, Thai digits and Buddhist-era dates.

Every human-readable field in the YAML is a :class:`Text`: either a plain
string (Thai only) or a mapping ``{th: ..., en: ...}``.  Writers never look at
the raw value; they ask for one language with :meth:`Text.get`, which falls
back to Thai when the English text is missing and says so through
:meth:`Text.has`.

Rules implemented here and their sources:

* Thai digits are U+0E50–U+0E59 (Unicode block "Thai"); the Office of the
  Prime Minister's circulars (e.g. นร ๐๑๐๖/ว ๒๒ of 2551 on the use of Thai
  numerals) encourage them in official documents.
* Buddhist Era = Common Era + 543 (GLOSSARY.md, "Calendar and numbers").
* The Thai fiscal year runs 1 October – 30 September and is named by the BE
  year in which it ends (Budget Procedure Act B.E. 2561, section 4).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

LANGUAGES = ("th", "en")

_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

THAI_MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)


class Text(BaseModel):
    """A human-readable text in Thai and, optionally, English.

    In YAML it is written either as a plain string (Thai only) or as
    ``{th: "...", en: "..."}``.  ``th`` is required and must not be blank.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    th: str
    en: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_plain_string(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"th": value}
        return value

    @model_validator(mode="after")
    def _not_blank(self) -> "Text":
        if not self.th.strip():
            raise ValueError("empty text")
        return self

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):  # noqa: D105
        return text_json_schema()

    def get(self, lang: str) -> str:
        """Return the text in ``lang`` ("th" or "en"); English falls back to Thai."""
        if lang == "en" and self.en and self.en.strip():
            return self.en
        return self.th

    def has(self, lang: str) -> bool:
        """True when the text exists in ``lang`` itself (no fallback needed)."""
        if lang == "th":
            return True
        return bool(self.en and self.en.strip())

    def __str__(self) -> str:  # pragma: no cover - debugging aid
        return self.th


def text_json_schema() -> dict:
    """JSON Schema of a :class:`Text`: a non-empty string, or ``{th, en}``."""
    return {
        "title": "Text in Thai and English",
        "anyOf": [
            {"type": "string", "minLength": 1, "description": "Thai text only"},
            {
                "type": "object",
                "properties": {
                    "th": {"type": "string", "minLength": 1, "description": "Thai text"},
                    "en": {"type": "string", "description": "English text"},
                },
                "required": ["th"],
                "additionalProperties": False,
            },
        ],
    }


def thai_digits(value: object) -> str:
    """Return ``str(value)`` with the Arabic digits 0–9 replaced by Thai digits ๐–๙."""
    return str(value).translate(_THAI_DIGITS)


def arabic_digits(value: object) -> str:
    """Return ``str(value)`` with Thai digits ๐–๙ replaced by Arabic digits 0–9."""
    return str(value).translate(_ARABIC_DIGITS)


def digits(value: object, style: str) -> str:
    """Write the digits of ``value`` in ``style``: "thai" or "arabic"."""
    return thai_digits(value) if style == "thai" else arabic_digits(value)


def buddhist_year(year_ce: int) -> int:
    """Return the Buddhist-era year for a Common-era year (BE = CE + 543)."""
    return year_ce + 543


def fiscal_year_of(day: _dt.date) -> int:
    """Return the Thai fiscal year (BE) that contains ``day``.

    The fiscal year runs 1 October – 30 September and is named by the BE year
    in which it ends: 1 Oct 2025 (CE) → FY 2569.
    """
    year = day.year + 1 if day.month >= 10 else day.year
    return buddhist_year(year)


def format_date(day: _dt.date, lang: str, numerals: str = "thai") -> str:
    """Format a date for people: Thai "๑ ตุลาคม ๒๕๖๘" or English "1 October 2025".

    Thai dates use the Buddhist era and Thai month names; ``numerals`` ("thai"
    or "arabic") chooses the digits of Thai dates.  English dates use the
    Common era and Arabic digits.
    """
    if lang == "en":
        return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"
    text = f"{day.day} {THAI_MONTHS[day.month - 1]} {buddhist_year(day.year)}"
    return digits(text, numerals)
