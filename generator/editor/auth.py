"""Sign-in for ``handbook edit`` on an office network: users, sessions, CSRF tokens, who may edit what.

* Users: ``handbook users add <officer-id>`` stores an argon2id hash
  (argon2-cffi, its default parameters, RFC 9106) in ``.handbook/users.yml``
  of the project.  The folder ``.handbook/`` holds the office's sign-in data
  and the edit log; keep it out of git (``handbook users add`` writes a
  ``.gitignore`` in it) and readable by the office's server account only
  (the file is written with mode 0600).
* Sessions: a random token (``secrets.token_urlsafe``) in a cookie that is
  ``HttpOnly`` and ``SameSite=Strict``; each session has its own CSRF token
  that every write must send back in the ``X-CSRF-Token`` header (OWASP
  CSRF cheat sheet, "synchronizer token pattern").  Sessions live in memory:
  restarting the editor signs everybody out.
* Slowing down: after ten wrong passwords in a row for one officer (or from
  one address), each further try must wait 2, 4, 8 … up to 300 seconds.
* Rights (:func:`may_edit`): an officer edits their own officer file, the
  manuals they author and the procedures they own; the group director (the
  author of the group manual) and the officers ``office.yml`` names under
  ``editors:`` edit everything.  Without sign-in (the editor on 127.0.0.1)
  the one person at the machine edits everything.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

USERS_FILE = ".handbook/users.yml"
"""Where the password hashes are kept, relative to the project."""

LOG_FILE = ".handbook/edits.log"
"""The edit log (one line per save: time, officer, file), relative to the project."""

FREE_TRIES = 10
"""Wrong passwords in a row before further tries are slowed down."""

MAX_WAIT = 300
"""Longest wait between tries, in seconds."""

SESSION_SECONDS = 12 * 3600
"""A session ends after 12 hours."""


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def ensure_gitignore(folder: Path) -> None:
    """Write ``.handbook/.gitignore`` (users.yml and edits.log stay out of git; git keeps its own history)."""
    ignore = folder / ".gitignore"
    if not ignore.exists():
        folder.mkdir(parents=True, exist_ok=True)
        ignore.write_text("# handbook edit: sign-in data (never publish it) and the edit log\nusers.yml\nedits.log\n",
                          encoding="utf-8")


def load_users(root: Path) -> dict[str, str]:
    """Officer id → argon2 hash, from ``.handbook/users.yml`` (``{}`` when there is none)."""
    path = Path(root) / USERS_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        return {}
    return {str(k): str(v.get("hash", "")) for k, v in data.items() if isinstance(v, dict)}


def add_user(root: Path, officer: str, password: str) -> Path:
    """Store (or replace) the password of ``officer``; returns the users file.

    Raises ``ValueError`` for a password shorter than 8 characters.
    """
    if len(password) < 8:
        raise ValueError("รหัสผ่านต้องยาวอย่างน้อย ๘ ตัวอักษร / the password needs at least 8 characters")
    path = Path(root) / USERS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    ensure_gitignore(path.parent)
    users = load_users(root)
    users[officer] = _hasher().hash(password)
    text = "# handbook edit: officers who may sign in (argon2id hashes). Managed by `handbook users`.\n" + \
        yaml.safe_dump({k: {"hash": v} for k, v in sorted(users.items())}, allow_unicode=True, sort_keys=False)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    return path


def remove_user(root: Path, officer: str) -> bool:
    """Remove ``officer`` from the users file; ``False`` when they were not there."""
    users = load_users(root)
    if officer not in users:
        return False
    del users[officer]
    path = Path(root) / USERS_FILE
    text = yaml.safe_dump({k: {"hash": v} for k, v in sorted(users.items())}, allow_unicode=True, sort_keys=False)
    path.write_text("# handbook edit: officers who may sign in (argon2id hashes).\n" + text, encoding="utf-8")
    return True


@dataclass
class Session:
    """A signed-in browser: ``user`` (officer id, ``None`` on 127.0.0.1 without sign-in) and its CSRF token."""

    user: str | None
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    expires: float = field(default_factory=lambda: time.time() + SESSION_SECONDS)


class Auth:
    """Sessions and sign-in of one editor server; ``required`` is true on an office network."""

    def __init__(self, root: Path, required: bool):
        self.root = Path(root)
        self.required = required
        self.sessions: dict[str, Session] = {}
        self.failures: dict[str, tuple[int, float]] = {}  # key → (wrong tries in a row, not before)
        self.lock = threading.Lock()

    def new_session(self, user: str | None) -> tuple[str, Session]:
        """Start a session for ``user``; returns (cookie token, session)."""
        token = secrets.token_urlsafe(32)
        session = Session(user)
        with self.lock:
            self.sessions[token] = session
        return token, session

    def session(self, token: str | None) -> Session | None:
        """The live session of ``token``, or ``None``."""
        if not token:
            return None
        with self.lock:
            session = self.sessions.get(token)
            if session and session.expires < time.time():
                del self.sessions[token]
                session = None
        return session

    def end(self, token: str | None) -> None:
        """Sign out."""
        with self.lock:
            self.sessions.pop(token or "", None)

    def wait_before(self, *keys: str) -> float:
        """Seconds to wait before the next try for any of ``keys`` (0 when allowed now)."""
        now = time.time()
        with self.lock:
            return max([max(0.0, self.failures.get(k, (0, 0.0))[1] - now) for k in keys] + [0.0])

    def check_password(self, officer: str, password: str, address: str) -> bool:
        """True when ``password`` is the officer's; counts wrong tries (see module docstring)."""
        keys = (f"user:{officer}", f"addr:{address}")
        stored = load_users(self.root).get(officer)
        ok = False
        if stored:
            from argon2.exceptions import Argon2Error, InvalidHashError

            try:
                ok = _hasher().verify(stored, password)
            except (Argon2Error, InvalidHashError):
                ok = False
        else:
            _hasher().hash(password)  # same time as a real check: no telling which ids exist
        with self.lock:
            for key in keys:
                if ok:
                    self.failures.pop(key, None)
                else:
                    count = self.failures.get(key, (0, 0.0))[0] + 1
                    wait = 0 if count < FREE_TRIES else min(MAX_WAIT, 2 ** (count - FREE_TRIES + 1))
                    self.failures[key] = (count, time.time() + wait)
        return ok


def editors(handbook) -> set[str]:
    """Officers who edit everything: ``office.yml`` ``editors:`` and the group director (author of the group manual)."""
    if handbook is None:
        return set()
    out = set(getattr(handbook.office, "editors", []) or [])
    out |= {m.author for m in handbook.manuals.values() if m.kind == "group"}
    return out


def may_edit(user: str | None, required: bool, handbook, kind: str, ident: str, old: dict | None, new: dict | None) -> bool:
    """Whether ``user`` may write the file (kind, id) from ``old`` to ``new`` (plain file data or ``None``).

    Without sign-in (``required`` false) everyone may.  With it: see the
    module docstring; a procedure counts as owned when ``user`` is among its
    owners before the change (or, for a new file, after it).
    """
    if not required:
        return True
    if user is None:
        return False
    if user in editors(handbook):
        return True
    if kind == "officer":
        return ident == user
    if kind == "manual":
        before = (old or {}).get("author")
        return (before in (None, user)) and (new or {}).get("author") == user
    if kind == "procedure":
        owners = (old or {}).get("owners") if old is not None else (new or {}).get("owners")
        return user in (owners or [])
    return False
