"""The document model: sources read into validated objects.

``yamlsource`` reads YAML safely with the line and column of every value;
``documents`` holds the pydantic models (office, procedure, step, officer,
manual); ``loader`` turns a project's files into a validated
:class:`~generator.model.loader.Handbook` with cross-reference checks;
``handbook`` holds the validated :class:`~generator.model.handbook.Handbook`;
``explain`` words pydantic's errors for people who do not program;
``checks`` adds completeness warnings (English text, ITA criteria);
``diagnostics`` formats every problem as file:line:col, what and how to fix;
``schema`` exports the JSON Schemas.  Questions the writers ask of the model
live here too: ``manuals`` (which procedures a manual holds, its file
addresses), ``flow`` (the flow of a procedure's steps and its dead ends),
``criteria`` (the ITA years table).  The model imports no writer
(``tests/test_layers.py``; guide-drafts/22-architecture.md).  Readers (YAML here, imported DOCX/PDF in
:mod:`generator.importers`) feed this model; writers (site, flowchart,
manuals, ITA) only read it.
"""
