"""Bringing people in: LinkedIn, Google and Outlook CSV, any spreadsheet CSV, and vCards.

The flow is the same for the page and the `fieldwork import` command:
read_source() decodes and parses a file, preview() says what would happen to every row
(new, duplicate or skipped, with reasons and warnings) without writing, apply_import() writes
the rows in one transaction and records the import, undo_import() takes it back.

One module per stage: model (the dataclasses and errors they share), reading, mapping,
cleaning, duplicates (with the preview), applying and undo. A stage imports model and the
stages it builds on (reading checks a CSV's columns with mapping's guess), never one that
builds on it. This package re-exports what the page, the command, the tests and the benchmark
use.
"""

from lib.formats.importers.applying import CHOICES, apply_import
from lib.formats.importers.cleaning import parse_day
from lib.formats.importers.duplicates import preview, preview_json, preview_table, report_csv
from lib.formats.importers.mapping import FIELDS, apply_column_map, guess_mapping, mapping_for
from lib.formats.importers.model import (
    ImportFileError,
    ImportResult,
    ParsedFile,
    Preview,
    UndoRefused,
)
from lib.formats.importers.reading import (
    ENCODINGS,
    FORMATS,
    LINKEDIN_HEADER,
    MAX_BYTES,
    MAX_MB,
    encoding_label,
    read_source,
)
from lib.formats.importers.undo import list_imports, undo_blockers, undo_import

__all__ = [
    "CHOICES",
    "ENCODINGS",
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
    "apply_column_map",
    "apply_import",
    "encoding_label",
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
