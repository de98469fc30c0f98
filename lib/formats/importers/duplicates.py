"""Finding duplicates and previewing: an index of who is already known (by email, LinkedIn
URL, phone, or a close name at the same organization), preview() that cleans every row and
marks it new, duplicate or skipped with its reason and warnings, writing nothing, and the ways
a preview is shown (preview_json, preview_table, report_csv).
"""

from __future__ import annotations

import csv
import functools
import io
import re
import sqlite3
from collections import defaultdict

import phonenumbers
import sqlite_utils
from rapidfuzz import fuzz, process

from lib import clock
from lib.formats import csv_export, vcards
from lib.formats.importers.cleaning import clean_row
from lib.formats.importers.mapping import FIELDS, _has_name, mapping_for
from lib.formats.importers.model import (
    ImportFileError,
    ImportResult,
    ParsedFile,
    Preview,
    PreviewRow,
    _reason_with_warnings,
)
from lib.text import clean

NAME_MATCH_CUTOFF = 90  # rapidfuzz token_sort_ratio for "same name" at the same organization


_ORG_SUFFIXES = re.compile(
    r"\b(inc|incorporated|llc|ltd|limited|gmbh|corp|corporation|co|company|plc|sa|ag|bv|the)\b"
)


def _name_key(name: str) -> str:
    return " ".join(name.casefold().split())


@functools.lru_cache(maxsize=8192)
def _org_key(organization: str | None) -> str:
    if not organization:
        return ""
    text = re.sub(r"[^\w\s]", " ", organization.casefold())
    return " ".join(_ORG_SUFFIXES.sub(" ", text).split())


def _linkedin_key(url: str | None) -> str:
    if not url:
        return ""
    url = url.casefold().split("?")[0].split("#")[0].rstrip("/")
    return re.sub(r"^https?://([a-z]{2,3}\.)?", "", url)


def _phone_key(phone: str | None, region: str | None) -> str:
    """The national significant number, so +44 20 7946 0000 and 020 7946 0000 match."""
    if not phone:
        return ""
    try:
        number = phonenumbers.parse(phone, region)
        key = phonenumbers.national_significant_number(number)
    except phonenumbers.NumberParseException:
        key = re.sub(r"\D", "", phone).lstrip("0")
    return key if len(key) >= 7 else ""


def _phone_region(db: sqlite_utils.Database) -> str | None:
    try:
        row = db.execute("SELECT value FROM settings WHERE key = 'country'").fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0].upper() if row and row[0] and len(row[0]) == 2 else None


class _Index:
    """Who is already known: existing contacts and the rows accepted so far, by every key."""

    def __init__(self, region: str | None):
        self.region = region
        self.by_key: dict[str, dict[str, dict]] = {"email": {}, "linkedin": {}, "phone": {}}
        self.names_at: dict[str, list[str]] = defaultdict(list)
        self.refs_at: dict[str, list[dict]] = defaultdict(list)
        self.unplaced: dict[str, dict] = {}  # people with no organization, by exact name

    def add(self, ref: dict, name, email, linkedin_url, phone, organization) -> None:
        for kind, key in (
            ("email", (email or "").casefold()),
            ("linkedin", _linkedin_key(linkedin_url)),
            ("phone", _phone_key(phone, self.region)),
        ):
            if key:
                self.by_key[kind].setdefault(key, ref)
        org = _org_key(organization)
        if org:
            self.names_at[org].append(_name_key(name))
            self.refs_at[org].append(ref)
        else:
            self.unplaced.setdefault(_name_key(name), ref)

    def find(self, values: dict) -> tuple[dict, str] | None:
        for kind, key, label in (
            ("email", (values["email"] or "").casefold(), "same email"),
            ("linkedin", _linkedin_key(values["linkedin_url"]), "same LinkedIn URL"),
            ("phone", _phone_key(values["phone"], self.region), "same phone number"),
        ):
            if key and key in self.by_key[kind]:
                return self.by_key[kind][key], label
        org = _org_key(values["organization"])
        name = _name_key(values["name"])
        if not org:
            # Without an organization only the very same name counts.
            found_ref = self.unplaced.get(name)
            return (found_ref, "same name") if found_ref else None
        names = self.names_at.get(org)
        if not names:
            return None
        found = process.extractOne(
            name, names, scorer=fuzz.token_sort_ratio, score_cutoff=NAME_MATCH_CUTOFF
        )
        if found:
            return self.refs_at[org][found[2]], "same name and organization"
        return None


def _existing_index(db: sqlite_utils.Database) -> tuple[_Index, dict[str, int]]:
    index = _Index(_phone_region(db))
    by_name: dict[str, int] = {}
    rows = db.execute(
        """SELECT c.id, c.name, c.email, c.linkedin_url, c.phone, o.name, c.status
        FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id ORDER BY c.id"""
    )
    for contact_id, name, email, linkedin_url, phone, organization, status in rows:
        label = f"{name} (archived)" if status == "archived" else name
        ref = {"contact_id": contact_id, "name": label}
        index.add(ref, name, email, linkedin_url, phone, organization)
        by_name.setdefault(_name_key(name), contact_id)
    return index, by_name


def _describe(ref: dict, why: str) -> str:
    if "contact_id" in ref:
        return f"Already in your contacts as {ref['name']} ({why})."
    return f"Same person as line {ref['line']}, {ref['name']} ({why})."


def previous_import(db: sqlite_utils.Database, file_hash: str) -> dict | None:
    """The last import (not undone) of a file with exactly these bytes, if any."""
    if not db["imports"].exists():
        return None
    rows = list(
        db.query(
            "SELECT id, file_name, imported_at FROM imports WHERE file_hash = ? "
            "AND undone_at IS NULL ORDER BY id DESC LIMIT 1",
            [file_hash],
        )
    )
    return rows[0] if rows else None


def preview(db: sqlite_utils.Database, parsed: ParsedFile, mapping: dict | None = None) -> Preview:
    """What importing parsed would do to every row; writes nothing."""
    mapping = dict(mapping) if mapping is not None else mapping_for(db, parsed)
    mapping = {f: c for f, c in mapping.items() if f in FIELDS and c}
    if not _has_name(mapping):
        raise ImportFileError(
            "Choose the column that holds the name (or the first and last name columns)."
        )
    day_first = parsed.delimiter == ";"
    today = clock.today()
    index, existing_names = _existing_index(db)
    rows: list[PreviewRow] = []
    file_names: dict[str, int] = {}
    for line, cells in parsed.rows:
        if not any(clean(v) for v in cells.values()):
            rows.append(PreviewRow(line, "", "skipped", "Empty row."))
            continue
        values, warnings = clean_row(cells, mapping, parsed.source, day_first, today)
        kind = vcards.NOT_PEOPLE.get(cells.get("KIND", "")) if parsed.source == "vcard" else None
        if kind:
            reason = f"Not a person: the card is {kind} (KIND:{cells['KIND']})."
            rows.append(PreviewRow(line, values["name"], "skipped", reason, [], None, values))
            continue
        if not values["name"]:
            reason = (
                "No name: the card has no FN or N."
                if parsed.source == "vcard"
                else "No name in this row."
            )
            rows.append(PreviewRow(line, "", "skipped", reason, warnings, None, values))
            continue
        row = PreviewRow(line, values["name"], "new", "", warnings, None, values)
        found = index.find(values)
        if found:
            ref, why = found
            row.status, row.duplicate_of, row.reason = "duplicate", ref, _describe(ref, why)
        else:
            ref = {"line": line, "name": values["name"]}
            index.add(
                ref,
                values["name"],
                values["email"],
                values["linkedin_url"],
                values["phone"],
                values["organization"],
            )
            file_names.setdefault(_name_key(values["name"]), line)
        rows.append(row)
    for row in rows:
        referrer = row.values.get("referred_by") if row.status != "skipped" else None
        if not referrer:
            continue
        key = _name_key(referrer)
        if key in existing_names:
            row.values["referrer"] = {"contact_id": existing_names[key]}
        elif key in file_names and file_names[key] != row.line:
            row.values["referrer"] = {"line": file_names[key]}
        else:
            row.warnings.append(
                f"Referred by {referrer!r} left out: nobody of that name in your contacts "
                "or in this file."
            )
    return Preview(
        file_name=parsed.file_name,
        source=parsed.source,
        file_hash=parsed.file_hash,
        headers=parsed.headers,
        mapping=mapping,
        rows=rows,
        previous_import=previous_import(db, parsed.file_hash),
        warnings=list(parsed.warnings),
    )


def preview_json(preview: Preview) -> dict:
    """The preview as the `fieldwork import --json` object."""
    return {
        "source": preview.source,
        "counts": preview.counts,
        "warnings": list(preview.warnings),
        "rows": [
            {
                "line": row.line,
                "name": row.name,
                "status": row.status,
                "reason": row.reason,
                "warnings": list(row.warnings),
            }
            for row in preview.rows
        ],
    }


def preview_table(preview: Preview) -> list[dict]:
    """One plain dict per row, for a table on the page."""
    return [
        {
            "line": row.line,
            "name": row.name,
            "status": row.status,
            "reason": row.reason,
            "warnings": " ".join(row.warnings),
            "organization": row.values.get("organization") or "",
            "email": row.values.get("email") or "",
        }
        for row in preview.rows
    ]


def report_csv(report: Preview | ImportResult) -> str:
    """The row-level report as CSV: line, name, status, reason (formula cells neutralised)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["line", "name", "status", "reason"])
    if isinstance(report, Preview):
        rows = [
            (r.line, r.name, r.status, _reason_with_warnings(r.reason, r.warnings))
            for r in report.rows
        ]
    else:
        rows = [(r.line, r.name, r.status, r.reason) for r in report.rows]
    for row in rows:
        writer.writerow([csv_export.neutralise(value) for value in row])
    return out.getvalue()
