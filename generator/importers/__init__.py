"""Importers: the manuals offices already have (DOCX, PDF, text) → draft YAML for the model.

The second pipeline into the one model, beside the YAML sources::

    blocks.py       the Block (paragraph or table) every reader gives, ImportProblem
    sources.py      readers: .docx / .pdf / .txt / .md → a stream of blocks (paragraphs, tables)
    thai_repair.py  broken Thai from PDFs and legacy fonts → correct Unicode (dictionary-guided)
    sections.py     blocks → the procedures and parts of Thai operations manuals, the officer
    draft.py        recognised parts → procedure / officer data with # TODO notes
    writer.py       drafts → commented YAML
    merge.py        into an existing office: an officer's file edited in place (round trip), init's sample removed
    ocr.py          scanned PDF pages → text (Tesseract, ``handbook import --ocr``)
    run.py          ``handbook import``: all of the above, no overwrite, the report
"""
