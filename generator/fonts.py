"""The Sarabun font, from the ``fontpkg-sarabun`` package, for the site and the PDF.

Sarabun (SIL Open Font License) is the open family derived from TH Sarabun
New, the official font of Thai government documents (Cabinet resolution of
7 September 2553 / 2010 on the national fonts).  The site serves it itself as
WOFF2 (no Google Fonts, no CDN); the PDF writer embeds the TTF files.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import fontpkg_sarabun

FAMILY = "Sarabun"

#: (file stem, CSS weight, CSS style) of the faces the site and manuals use.
FACES = [
    ("Sarabun-Regular", 400, "normal"),
    ("Sarabun-Italic", 400, "italic"),
    ("Sarabun-SemiBold", 600, "normal"),
    ("Sarabun-Bold", 700, "normal"),
    ("Sarabun-BoldItalic", 700, "italic"),
]


def font_path(stem: str) -> Path:
    """Path of the TTF file ``stem`` (e.g. ``"Sarabun-Regular"``) inside the package.

    Raises ``FileNotFoundError`` when the package lacks that face.
    """
    path = Path(fontpkg_sarabun.ROOT) / "files" / f"{stem}.ttf"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: reinstall fontpkg-sarabun")
    return path


def _woff2(source: Path, cache: Path) -> Path:
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    target = cache / f"{source.stem}-{digest}.woff2"
    if not target.exists():
        from fontTools.ttLib import TTFont

        cache.mkdir(parents=True, exist_ok=True)
        # keep head.modified as in the TTF: the same font gives the same bytes on every build
        font = TTFont(str(source), recalcTimestamp=False)
        font.flavor = "woff2"
        partial = target.with_name(f".{target.stem}.{os.getpid()}.part")  # one name per process
        font.save(str(partial))
        partial.replace(target)
    return target


def write_web_fonts(dest: Path, cache: Path) -> Path:
    """Write the WOFF2 faces and ``sarabun.css`` (``@font-face`` rules) into ``dest``.

    ``cache`` keeps converted files between builds (keyed by the TTF's hash).
    Returns the path of the CSS file.
    """
    dest.mkdir(parents=True, exist_ok=True)
    rules = []
    for stem, weight, style in FACES:
        woff2 = _woff2(font_path(stem), cache)
        shutil.copyfile(woff2, dest / f"{stem}.woff2")
        rules.append(
            "@font-face {\n"
            f'  font-family: "{FAMILY}";\n'
            f'  src: url("{stem}.woff2") format("woff2");\n'
            f"  font-weight: {weight};\n  font-style: {style};\n  font-display: swap;\n}}\n"
        )
    css = dest / "sarabun.css"
    css.write_text("/* Sarabun, SIL Open Font License 1.1, served by this site */\n" + "".join(rules), encoding="utf-8")
    return css
