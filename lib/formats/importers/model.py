"""The shapes the stages hand each other: a parsed file, a preview and its rows, an import's
result and its rows, and the two errors a caller catches (ImportFileError while reading or
previewing, UndoRefused when undoing), and how a row's reason and warnings read as one
sentence. No stage logic lives here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

STATUSES = ("new", "duplicate", "skipped")


class ImportFileError(ValueError):
    """A file that cannot be imported; the message says why in plain words. Nothing was written."""


class UndoRefused(ValueError):
    """An import that cannot be undone any more; the message says what is in the way."""


@dataclass
class ParsedFile:
    """A decoded, parsed file: its rows as {column: text}, before any mapping."""

    file_name: str
    source: str
    encoding: str
    delimiter: str
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]
    file_hash: str
    known_mapping: dict[str, tuple[str, ...]] | None = None
    # What the whole file needs said before its rows: a guessed code page, unwrapped rows.
    warnings: list[str] = field(default_factory=list)
    # True when the code page was a guess another could have matched: the person may choose.
    encoding_uncertain: bool = False

    @property
    def needs_mapping(self) -> bool:
        """True for a spreadsheet CSV, whose columns the person confirms."""
        return self.known_mapping is None


@dataclass
class PreviewRow:
    """What would happen to one row of the file."""

    line: int
    name: str
    status: str  # new | duplicate | skipped
    reason: str = ""
    warnings: list[str] = field(default_factory=list)
    duplicate_of: dict | None = None  # {"contact_id": id} or {"line": n}, and "name"
    values: dict = field(default_factory=dict)


@dataclass
class Preview:
    """Every row of a file with its status, before anything is written."""

    file_name: str
    source: str
    file_hash: str
    headers: list[str]
    mapping: dict
    rows: list[PreviewRow]
    previous_import: dict | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """Rows per status, and rows imported with a warning."""
        counts = {status: 0 for status in STATUSES}
        counts["warning"] = 0
        for row in self.rows:
            counts[row.status] += 1
            if row.warnings and row.status != "skipped":
                counts["warning"] += 1
        return counts


@dataclass
class ResultRow:
    line: int
    name: str
    status: str  # imported | filled | skipped
    reason: str
    contact_id: int | None = None


@dataclass
class ImportResult:
    """What an import did: its record id, the tag its contacts carry, and every row's outcome."""

    import_id: int
    tag: str
    source: str
    rows: list[ResultRow]

    @property
    def counts(self) -> dict[str, int]:
        counts = {"imported": 0, "filled": 0, "skipped": 0}
        for row in self.rows:
            counts[row.status] += 1
        return counts


def _reason_with_warnings(reason: str, warnings: list[str]) -> str:
    return " ".join(part for part in [reason, *warnings] if part)
