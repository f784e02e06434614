"""Which procedures a manual holds, where its files are published, whether its memo is evidence: questions of the model.

The writers (site, PDF, DOCX) and the ITA report ask them; the answers depend on
the validated :class:`~generator.model.loader.Handbook` alone.

Stable addresses: a manual's files are named by its id, never by its title, so
that the URLs given to ITA assessors keep working year after year:
``manuals/<id>.pdf``, ``manuals/<id>.docx`` and ``manuals/<id>-memo.pdf``,
under the language's root (``en/manuals/...`` for English).

Moved verbatim from :mod:`generator.manuals.content` (issue 22):
``MANUALS_FOLDER``, ``manual_path``, ``manual_url``, ``manual_procedures``,
``manuals_of_officer``, ``manuals_with_procedure``, ``memo_has_approvals``.
"""

from __future__ import annotations

from generator.model.documents import Manual, Procedure
from generator.model.loader import Handbook

MANUALS_FOLDER = "manuals"


def manual_path(manual_id: str, kind: str) -> str:
    """Path of a manual file relative to its language's site root.

    ``kind`` is "pdf", "docx" or "memo" (the memo alone, as PDF).
    """
    if kind == "memo":
        return f"{MANUALS_FOLDER}/{manual_id}-memo.pdf"
    return f"{MANUALS_FOLDER}/{manual_id}.{kind}"


def manual_url(handbook: Handbook, manual_id: str, kind: str, lang: str = "th") -> str:
    """Public URL of a manual file, from the office's ``handbook_url``."""
    base = handbook.office.handbook_url.rstrip("/") + "/"
    if lang != handbook.office.languages[0]:
        base += f"{lang}/"
    return base + manual_path(manual_id, kind)


def manual_procedures(handbook: Handbook, manual: Manual) -> list[Procedure]:
    """The procedures of ``manual`` in order: as listed, else the author's (personal) or all (group)."""
    if manual.procedures:
        return [handbook.procedures[i] for i in manual.procedures]
    if manual.kind == "personal":
        ids = handbook.officers[manual.author].procedures
    else:
        ids = list(handbook.procedures)
    # by default the service manual holds the services, the operations manuals the work procedures
    want_services = manual.kind == "service"
    return [handbook.procedures[i] for i in ids if handbook.procedures[i].is_service == want_services]


def manuals_of_officer(handbook: Handbook, officer_id: str) -> list[Manual]:
    """Personal manuals whose author is ``officer_id``."""
    return [m for m in handbook.manuals.values() if m.kind == "personal" and m.author == officer_id]


def manuals_with_procedure(handbook: Handbook, procedure_id: str) -> list[Manual]:
    """Manuals that contain ``procedure_id``, group manual first."""
    found = [m for m in handbook.manuals.values() if any(p.id == procedure_id for p in manual_procedures(handbook, m))]
    return sorted(found, key=lambda m: (m.kind != "group", m.id))


def memo_has_approvals(handbook: Handbook, manual: Manual) -> bool:
    """Whether ``manual`` has a memo with someone to approve it: its author's ``approval_chain``.

    A memo without one lacks the comment blocks and the director's order, so
    it is no evidence of permission to publish (ITA).
    """
    author = handbook.officers.get(manual.author)
    return manual.memo is not None and author is not None and author.approval_chain is not None
