"""Files the manual embeds: the office emblem named in office.yml and the back cover's QR code
(segno, cached in the cache folder).
"""

from __future__ import annotations

import os
from pathlib import Path


from generator.model.loader import Handbook


def _emblem_path(handbook: Handbook) -> Path | None:
    """The office emblem (relative to office.yml), or None when office.yml names none."""
    emblem = handbook.office.emblem
    if not emblem:
        return None
    source = handbook.sources.get("office")
    base = Path(source.path).parent if source is not None else Path(handbook.root)
    found = base / emblem
    if not found.is_file():
        raise FileNotFoundError(f"office emblem {found} (office.yml: emblem) does not exist")
    return found


def _qr_png(url: str, cache_dir: Path) -> Path:
    """A QR code of ``url`` as PNG (segno, error correction M, 4-module quiet zone), cached by content."""
    import hashlib

    import segno

    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
    target = cache_dir / f"qr-{digest}.png"
    if not target.exists():
        partial = target.with_name(f".{target.stem}.{os.getpid()}.part.png")  # parallel jobs: one name each
        segno.make(url, error="m", micro=False).save(str(partial), kind="png", scale=10, border=4)
        partial.replace(target)
    return target
