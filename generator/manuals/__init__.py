"""Printed operations manuals: writer-neutral content (``content``), the PDF writer (``pdf``, with
``pdftext`` fixing WeasyPrint's Thai text layer), the DOCX writer (``docx``) and the parallel jobs
that make every manual file (``jobs``), and the cache keys that skip the unchanged ones (``cached``)."""
