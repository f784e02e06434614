"""MkDocs hook of the user guide: give the built guide the handbook site's fonts, styles and search.

After MkDocs has built one language of the guide (``on_post_build``), this does to it what
``handbook build`` does to the handbook site (``generator/build.py``), with the same functions:

* copies the site's assets (``templates/site/assets``: ``handbook.css``, the language switch that
  keeps the reader on the same page, the search-input fix), the guide's own ``guide.css`` (code in a
  fixed-width face) and writes the Sarabun web fonts
  (``generator.fonts.write_web_fonts``): no request to another host, ``theme.font`` is false;
* puts each Thai word in a ``<span class="w">`` so that lines never break inside a word, and names
  the search dialog (``generator.site.pages.finish_site``);
* makes the search Thai-aware (``generator.site.search.apply_thai_search``: the index cut into words
  with PyThaiNLP, the query cut in the browser); the English guide gets the same worker without the
  Thai vocabulary (``patch_result_display``).

Inputs: MkDocs' ``config`` (``site_dir``, ``theme.language``).  Raises what those functions raise
(``OSError`` for an unwritable folder, ``RuntimeError`` for an unexpected Material version).
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The project folder (the guide lives in ``guide/``)."""


def on_post_build(config, **_kwargs) -> None:
    """Finish the guide built into ``config.site_dir`` like a language of the handbook site."""
    from generator.fonts import write_web_fonts
    from generator.site.pages import TEMPLATES, finish_site
    from generator.site.search import apply_thai_search, patch_result_display, thai_words

    site = Path(config["site_dir"])
    lang = config["theme"]["language"]
    shutil.copytree(TEMPLATES / "site" / "assets", site / "assets", dirs_exist_ok=True)
    shutil.copyfile(Path(__file__).with_name("guide.css"), site / "assets" / "guide.css")
    write_web_fonts(site / "assets" / "fonts", ROOT / ".cache" / "fonts")
    finish_site(site, lang, thai_words)
    if lang == "th":
        apply_thai_search(site, ROOT / ".cache" / "guide-search-segments.json")
    else:
        patch_result_display(site)
