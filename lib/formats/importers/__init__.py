"""Bringing people in: LinkedIn, Google and Outlook CSV, any spreadsheet CSV, and vCards.

The flow is the same for the page and the `fieldwork import` command:
read_source() decodes and parses a file, preview() says what would happen to every row
(new, duplicate or skipped, with reasons and warnings) without writing, apply_import() writes
the rows in one transaction and records the import, undo_import() takes it back.
"""

from lib.formats.importers.applying import (
    CHOICES,
    FIELDS,
    FORMATS,
    LINKEDIN_HEADER,
    MAX_BYTES,
    MAX_MB,
    ImportFileError,
    ImportResult,
    ParsedFile,
    Preview,
    UndoRefused,
    apply_import,
    guess_mapping,
    list_imports,
    mapping_for,
    parse_day,
    preview,
    preview_json,
    preview_table,
    read_source,
    report_csv,
    undo_blockers,
    undo_import,
)

__all__ = [
    "CHOICES",
    "FIELDS",
    "FORMATS",
    "LINKEDIN_HEADER",
    "MAX_BYTES",
    "MAX_MB",
    "ImportFileError",
    "ImportResult",
    "ParsedFile",
    "Preview",
    "UndoRefused",
    "apply_import",
    "guess_mapping",
    "list_imports",
    "mapping_for",
    "parse_day",
    "preview",
    "preview_json",
    "preview_table",
    "read_source",
    "report_csv",
    "undo_blockers",
    "undo_import",
]
