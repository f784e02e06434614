"""``handbook edit``: a local web editor over the project's YAML files (issue 18).

Modules: :mod:`.server` (HTTP routes), :mod:`.files` (paths, round-trip save, conflicts, drafts),
:mod:`.forms` (form schemas and data shapes), :mod:`.validation` (checks in Thai by field),
:mod:`.preview` (page and flowchart), :mod:`.auth` (sign-in on an office network), :mod:`.jobs` (build,
manual, import).  The front end is bundled from ``editor-ui/`` into ``static/``.
"""
