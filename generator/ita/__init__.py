"""The ITA publication kit: criteria years table, report, page, CSV/JSON and redirects (``kit``)."""
