"""The document model: sources read into validated objects.

``yamlsource`` reads YAML safely with the line and column of every value;
``documents`` holds the pydantic models (office, procedure, step, officer,
manual); ``loader`` turns a project's files into a validated
:class:`~generator.model.loader.Handbook` with cross-reference checks;
``checks`` adds completeness warnings (English text, ITA criteria);
``diagnostics`` formats every problem as file:line:col, what and how to fix;
``schema`` exports the JSON Schemas.  Readers (YAML here, imported DOCX/PDF in
:mod:`generator.importers`) feed this model; writers (site, flowchart,
manuals, ITA) only read it.
"""
