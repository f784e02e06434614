"""Handbook generator for Thai public offices.

YAML (office, procedures, officers) → validated model (:mod:`generator.model`,
:mod:`generator.loader`) → writers: the handbook site (:mod:`generator.site`),
flowcharts, printed manuals and the ITA kit.
"""

__version__ = "0.1.0"
