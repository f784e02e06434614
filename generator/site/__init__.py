"""The site writer: Markdown pages and MkDocs configuration per language (``pages``), Thai search (``search``)."""
