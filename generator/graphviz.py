"""The Graphviz program ``dot``: where it is and its version (the tool's fingerprint names it).

Moved from :mod:`generator.flowchart.render` and :mod:`generator.flowchart.style`
(issue 22): ``_dot_binary``, ``graphviz_version``, ``INSTALL_HINT``, so that
:mod:`generator.cache` (the bottom floor) need not import the flowchart writer.
"""

from __future__ import annotations

import functools
import shutil
import subprocess

INSTALL_HINT = "install graphviz: make test / scripts/install-system-packages.sh"


def _dot_binary() -> str:
    found = shutil.which("dot")
    if not found:
        raise RuntimeError(f"Graphviz 'dot' was not found: {INSTALL_HINT}")
    return found


@functools.lru_cache(maxsize=4)
def graphviz_version(binary: str | None = None) -> str:
    """The ``dot -V`` line, e.g. "dot - graphviz version 2.43.0 (0)"; RuntimeError if dot is missing."""
    binary = binary or _dot_binary()
    result = subprocess.run([binary, "-V"], capture_output=True, text=True, check=False)
    return (result.stderr or result.stdout).strip()
