"""The ITA publication kit: the report (``report``, from the model alone) and its writers (``files``: rows, CSV,
JSON; ``page``: the ITA page and redirect pages), the command (``command``); the years table is
:mod:`generator.model.criteria`.  ``kit`` keeps the names of the former single module."""
