"""Shared helpers for the import tests: the fixture files and the day they run on."""

from pathlib import Path

from lib.formats import importers

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
# The import tests run on this day, not on TODAY (their tags read "import: linkedin 2026-11-28").
IMPORT_DAY = "2026-11-28"  # a Saturday


def parse(name: str, format: str = "auto") -> importers.ParsedFile:
    """read_source on one fixture file."""
    return importers.read_source((FIXTURES / name).read_bytes(), name, format)


def preview(db, name: str, format: str = "auto", mapping=None) -> importers.Preview:
    """The preview of one fixture file against db."""
    return importers.preview(db, parse(name, format), mapping)


def by_line(preview_or_result) -> dict:
    """Rows keyed by their line in the file."""
    return {row.line: row for row in preview_or_result.rows}


def people(db) -> dict[str, dict]:
    """Every contact by name, with its organization's name."""
    rows = db.query(
        """SELECT c.*, o.name AS organization FROM contacts c
        LEFT JOIN organizations o ON o.id = c.organization_id"""
    )
    return {row["name"]: row for row in rows}
