"""The site writer: Markdown pages and MkDocs configuration per language (``pages``), Thai search (``search``),
each language's site reused from the store or re-rendered in MkDocs' dirty mode (``cached``)."""
