"""Bringing people in: LinkedIn, Google and Outlook CSV, any spreadsheet CSV, and vCards.

The flow is the same for the page and the `fieldwork import` command:
read_source() decodes and parses a file, preview() says what would happen to every row
(new, duplicate or skipped, with reasons and warnings) without writing, apply_import() writes
the rows in one transaction and records the import, undo_import() takes it back.
"""

from __future__ import annotations

import codecs
import csv
import functools
import hashlib
import io
import json
import re
import sqlite3
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

import charset_normalizer
import phonenumbers
import sqlite_utils
from rapidfuzz import fuzz, process

from lib import clock, contacts, store
from lib.formats import csv_export, vcards
from lib.text import clean, clean_line

MAX_BYTES = 20 * 1024 * 1024
MAX_MB = MAX_BYTES // (1024 * 1024)
FORMATS = {
    "auto": "Detect from the file",
    "linkedin": "LinkedIn Connections.csv",
    "google": "Google Contacts CSV",
    "outlook": "Outlook CSV",
    "csv": "Any spreadsheet CSV",
    "vcard": "vCard (.vcf)",
}
CHOICES = {
    "skip": "Skip it",
    "fill": "Fill in only the empty fields",
    "new": "Import as a new person",
}
STATUSES = ("new", "duplicate", "skipped")
NAME_MATCH_CUTOFF = 90  # rapidfuzz token_sort_ratio for "same name" at the same organization

# What a column can become, in the order the mapping step shows them.
FIELDS = {
    "name": "Name",
    "first_name": "First name",
    "middle_name": "Middle name",
    "last_name": "Last name",
    "email": "Email",
    "organization": "Organization",
    "role": "Role",
    "linkedin_url": "LinkedIn URL",
    "phone": "Phone",
    "tags": "Tags",
    "notes": "Notes (kept private)",
    "hook": "Hook",
    "referred_by": "Referred by (their name)",
    "last_contact_on": "Last contact date",
    "first_known_on": "First known / connected on",
    "location": "Location",
    "industry": "Industry",
}

# Header words (lowercase letters and digits only) that suggest a field, best first.
_SYNONYMS = {
    "name": ["name", "fullname", "contactname", "displayname", "contact", "person", "who", "nom"],
    "first_name": ["firstname", "givenname", "first", "forename", "prenom", "vorname"],
    "middle_name": ["middlename", "additionalname", "middle"],
    "last_name": ["lastname", "familyname", "surname", "last", "nachname"],
    "email": ["email", "emailaddress", "mail", "email1value", "courriel"],
    "organization": [
        "organization",
        "organisation",
        "company",
        "companyname",
        "organizationname",
        "employer",
        "org",
        "firm",
        "firma",
        "entreprise",
    ],
    "role": ["role", "jobtitle", "title", "position", "job", "organizationtitle"],
    "linkedin_url": ["linkedin", "linkedinurl", "linkedinprofile", "profileurl", "profile", "url"],
    "phone": ["phone", "phonenumber", "mobile", "mobilephone", "cell", "telephone", "tel"],
    "tags": ["tags", "tag", "labels", "categories", "groups"],
    "notes": ["notes", "note", "comments", "comment", "remarks"],
    "hook": ["hook", "howiknowthem", "context"],
    "referred_by": ["referredby", "referral", "referrer", "introducedby", "intro", "via"],
    "last_contact_on": [
        "lastcontact",
        "lastcontacted",
        "lastcontactdate",
        "lastcontacton",
        "lasttouch",
        "datecontacted",
    ],
    "first_known_on": ["connectedon", "firstknown", "firstknownon", "dateadded", "met"],
    "location": ["location", "city", "town"],
    "industry": ["industry", "sector"],
}
# Words a header may contain for the field, when no header is an exact synonym.
_CONTAINS = {
    "email": "mail",
    "linkedin_url": "linkedin",
    "phone": "phone",
    "organization": "company",
    "last_contact_on": "lastcontact",
}

LINKEDIN_HEADER = [
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
]
# For the known exports a field may come from several columns: the first non-empty one wins.
KNOWN_MAPPINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "linkedin": {
        "first_name": ("First Name",),
        "last_name": ("Last Name",),
        "linkedin_url": ("URL",),
        "email": ("Email Address",),
        "organization": ("Company",),
        "role": ("Position",),
        "first_known_on": ("Connected On",),
    },
    "google": {
        "name": ("Name",),
        "first_name": ("First Name", "Given Name"),
        "middle_name": ("Middle Name", "Additional Name"),
        "last_name": ("Last Name", "Family Name"),
        "email": ("E-mail 1 - Value", "E-mail 2 - Value", "E-mail 3 - Value"),
        "phone": ("Phone 1 - Value", "Phone 2 - Value", "Phone 3 - Value"),
        "organization": ("Organization Name", "Organization 1 - Name"),
        "role": ("Organization Title", "Organization 1 - Title"),
        "linkedin_url": ("Website 1 - Value", "Website 2 - Value", "Website 3 - Value"),
        "tags": ("Labels", "Group Membership"),
        "notes": ("Notes",),
        "location": ("Address 1 - City",),
    },
    "outlook": {
        "first_name": ("First Name",),
        "middle_name": ("Middle Name",),
        "last_name": ("Last Name",),
        "email": ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address"),
        "phone": ("Mobile Phone", "Business Phone", "Primary Phone", "Home Phone", "Other Phone"),
        "organization": ("Company",),
        "role": ("Job Title",),
        "linkedin_url": ("Web Page",),
        "tags": ("Categories",),
        "notes": ("Notes",),
        "location": ("Business City", "Home City"),
    },
    "vcard": {
        "name": ("FN",),
        "first_name": ("N given",),
        "middle_name": ("N additional",),
        "last_name": ("N family",),
        "email": ("EMAIL",),
        "phone": ("TEL",),
        "organization": ("ORG",),
        "role": ("TITLE",),
        "linkedin_url": ("URL",),
        "hook": ("NOTE",),
        "tags": ("CATEGORIES",),
        "location": ("ADR locality",),
    },
}
# Labels Google puts on every contact; they are not the person's tags.
_GOOGLE_SYSTEM_LABELS = {"* mycontacts", "* starred", "* other contacts", "mycontacts"}
_FORMULA_FREE_FIELDS = ("email", "phone", "linkedin_url")


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


# ---------------------------------------------------------------------------- reading files


def _decode(data: bytes) -> tuple[str, str]:
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise ImportFileError(
                    f"This file starts like {encoding} text but is not valid {encoding}."
                ) from error
    if b"\x00" not in data:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        raise ImportFileError(
            "This file is not text. Choose a .csv or .vcf file exported from LinkedIn, "
            "Google, Outlook, a spreadsheet or a phone."
        )
    best = matches[0]
    # Short Latin text fits several code pages equally well; Excel in the West writes
    # Windows-1252, so prefer it among the equally good guesses.
    for match in matches:
        if match.encoding == "cp1252" and match.chaos <= best.chaos:
            best = match
            break
    return str(best), best.encoding


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t")
    # A stray control character in a cell is cleaned later; many mean it is not text.
    return controls > max(16, len(sample) // 20)


def _unique_headers(cells: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    headers = []
    for index, cell in enumerate(cells, start=1):
        header = clean_line(cell) or f"Column {index}"
        if header in seen:
            seen[header] += 1
            header = f"{header} ({seen[header]})"
        else:
            seen[header] = 1
        headers.append(header)
    return headers


def _records(text: str, delimiter: str) -> Iterable[tuple[int, list[str]]]:
    """(line where the record starts, cells) for every record of a CSV text."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    previous = 0
    try:
        for cells in reader:
            yield previous + 1, cells
            previous = reader.line_num
    except csv.Error as error:
        raise ImportFileError(
            f"This CSV file could not be read past line {previous + 1}: {error}."
        ) from error


def _sniff_delimiter(lines: list[str]) -> str:
    """Comma, semicolon or tab: the one that splits the header into the most columns
    and the following lines into as many."""
    best, best_score = ",", (-1, -1)
    sample = "\n".join(lines[:30])
    for delimiter in (",", ";", "\t"):
        rows = [r for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if any(r)]
        if not rows:
            continue
        width = len(rows[0])
        agreeing = sum(1 for r in rows[1:] if len(r) == width)
        score = (agreeing if width > 1 else -1, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _header_key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", header).casefold())


def detect_source(headers: list[str]) -> str:
    """linkedin, google, outlook or csv, from a CSV's header row."""
    present = set(headers)
    if {"First Name", "Last Name", "Connected On"} <= present and "URL" in present:
        return "linkedin"
    if "E-mail 1 - Value" in present or "Given Name" in present and "Family Name" in present:
        return "google"
    if "E-mail Address" in present and ({"Job Title", "Business Phone", "Mobile Phone"} & present):
        return "outlook"
    return "csv"


def _find_linkedin_header(records: list[tuple[int, list[str]]]) -> int | None:
    for index, (_, cells) in enumerate(records[:20]):
        if [clean_line(c) for c in cells[:3]] == LINKEDIN_HEADER[:3]:
            return index
    return None


def read_source(data: bytes, file_name: str, format: str = "auto") -> ParsedFile:
    """Decode and parse an uploaded file; raise ImportFileError with a plain reason."""
    if format not in FORMATS:
        raise ImportFileError(f"Unknown format {format!r}: choose one of {', '.join(FORMATS)}.")
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            f"This file is {len(data) / 1024 / 1024:.1f} MB; the limit is {MAX_MB} MB. "
            "Split it into smaller files."
        )
    if not data.strip():
        raise ImportFileError("This file is empty.")
    text, encoding = _decode(data)
    if _looks_binary(text):
        raise ImportFileError(
            "This file is not text. Choose a .csv or .vcf file exported from LinkedIn, "
            "Google, Outlook, a spreadsheet or a phone."
        )
    file_hash = hashlib.sha256(data).hexdigest()
    if not text.strip().strip("\ufeff"):
        raise ImportFileError("This file is empty.")
    is_vcard = text.lstrip("\ufeff \r\n\t").upper().startswith("BEGIN:VCARD")
    if format == "vcard" or (format == "auto" and is_vcard):
        return _read_vcards(text, file_name, encoding, file_hash)
    if is_vcard:
        raise ImportFileError(f"This is a vCard file, not a {FORMATS[format]}.")
    return _read_csv(text, file_name, encoding, file_hash, format)


def _read_vcards(text: str, file_name: str, encoding: str, file_hash: str) -> ParsedFile:
    if "BEGIN:VCARD" not in text.upper():
        raise ImportFileError("This is not a vCard file: it has no BEGIN:VCARD.")
    try:
        cards = vcards.parse_vcards(text)
    except vcards.VCardError as error:
        raise ImportFileError(str(error)) from error
    if not cards:
        raise ImportFileError("This vCard file holds no card.")
    named = [
        cells
        for _, cells in cards
        if cells["FN"] or any(cells[f"N {p}"] for p in ("given", "family"))
    ]
    if not named:
        raise ImportFileError(
            "This vCard has no name: a card needs an FN (formatted name) or N (name) line."
        )
    return ParsedFile(
        file_name=file_name,
        source="vcard",
        encoding=encoding,
        delimiter="",
        headers=list(vcards.COLUMNS),
        rows=cards,
        file_hash=file_hash,
        known_mapping=KNOWN_MAPPINGS["vcard"],
    )


def _read_csv(text: str, file_name: str, encoding: str, file_hash: str, format: str) -> ParsedFile:
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    delimiter = ","
    records = list(_records(text, ","))
    header_index = _find_linkedin_header(records)
    hint = re.fullmatch(r"sep=(.)", lines[0].strip()) if lines else None
    if hint and hint.group(1) in ",;\t|":
        # Excel's "sep=;" first line names the delimiter; the header is the next line.
        delimiter = hint.group(1)
        records = list(_records(text, delimiter))[1:]
        header_index = next((i for i, (_, cells) in enumerate(records) if any(cells)), None)
    elif header_index is None:
        delimiter = _sniff_delimiter([line for line in lines if line.strip()])
        if delimiter != ",":
            records = list(_records(text, delimiter))
        header_index = next((i for i, (_, cells) in enumerate(records) if any(cells)), None)
    if header_index is None:
        raise ImportFileError("This file is empty.")
    headers = _unique_headers(records[header_index][1])
    rows = [
        (line, dict(zip(headers, [*cells, *[""] * (len(headers) - len(cells))], strict=False)))
        for line, cells in records[header_index + 1 :]
    ]
    detected = detect_source(headers)
    source = detected if format == "auto" else format
    if format in ("linkedin", "google", "outlook") and detected != format:
        raise ImportFileError(
            f"This does not look like a {FORMATS[format]}: its header is "
            f"{', '.join(headers[:8])}. Choose 'Detect from the file' or 'Any spreadsheet CSV'."
        )
    known = KNOWN_MAPPINGS.get(source)
    if known is not None:
        known = {f: tuple(c for c in cols if c in headers) for f, cols in known.items()}
        known = {f: cols for f, cols in known.items() if cols}
    elif not _has_name(guess_mapping(headers)):
        raise ImportFileError(
            "No column looks like a name. The header row is: "
            f"{', '.join(headers[:12])}. Add a column called Name (or First name and "
            "Last name) and try again."
        )
    return ParsedFile(
        file_name=file_name,
        source=source,
        encoding=encoding,
        delimiter=delimiter,
        headers=headers,
        rows=rows,
        file_hash=file_hash,
        known_mapping=known,
    )


# ---------------------------------------------------------------------------- mapping


def _has_name(mapping: dict) -> bool:
    return any(mapping.get(f) for f in ("name", "first_name", "last_name"))


def guess_mapping(headers: list[str]) -> dict[str, str | None]:
    """For each field, the column that most likely holds it (None when none does)."""
    keys = {header: _header_key(header) for header in headers}
    mapping: dict[str, str | None] = {f: None for f in FIELDS}
    used: set[str] = set()
    for rank in range(max(len(words) for words in _SYNONYMS.values())):
        for field_name, words in _SYNONYMS.items():
            if mapping[field_name] or rank >= len(words):
                continue
            for header, key in keys.items():
                if header not in used and key == words[rank]:
                    mapping[field_name] = header
                    used.add(header)
                    break
    for field_name, part in _CONTAINS.items():
        if mapping[field_name]:
            continue
        for header, key in keys.items():
            if header not in used and part in key:
                mapping[field_name] = header
                used.add(header)
                break
    return mapping


def _headers_key(headers: list[str]) -> str:
    normalised = json.dumps([_header_key(h) for h in headers])
    return hashlib.sha256(normalised.encode()).hexdigest()


def remembered_mapping(db: sqlite_utils.Database, headers: list[str]) -> dict | None:
    """The mapping last used for a file with these headers, if any."""
    if not db["import_mappings"].exists():
        return None
    row = db.execute(
        "SELECT mapping FROM import_mappings WHERE header_key = ?", [_headers_key(headers)]
    ).fetchone()
    if not row:
        return None
    saved = json.loads(row[0])
    # The same headers may differ in case or spacing: match them as the key was made.
    by_key = {_header_key(header): header for header in headers}
    return {f: by_key.get(_header_key(saved[f])) if saved.get(f) else None for f in FIELDS}


def remember_mapping(db: sqlite_utils.Database, headers: list[str], mapping: dict) -> None:
    """Keep this mapping for the next file with the same headers."""
    with store.write(db):
        db["import_mappings"].upsert(
            {
                "header_key": _headers_key(headers),
                "headers": json.dumps(headers, ensure_ascii=False),
                "mapping": json.dumps({f: mapping.get(f) for f in FIELDS}, ensure_ascii=False),
                "updated_at": clock.utc_stamp(),
            },
            pk="header_key",
        )


def mapping_for(db: sqlite_utils.Database, parsed: ParsedFile) -> dict:
    """The mapping a preview starts from: the known export's, else remembered, else guessed."""
    if parsed.known_mapping is not None:
        return dict(parsed.known_mapping)
    return remembered_mapping(db, parsed.headers) or guess_mapping(parsed.headers)


# ---------------------------------------------------------------------------- cleaning rows


_MONTHS = {
    name: number
    for number, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
_DAY_MONTH_YEAR = re.compile(
    r"(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* (\d{4})", re.I
)
_DATE_FORMATS = ("%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%d-%b-%Y")


def parse_day(text: str, day_first: bool = False) -> date | None:
    """A date from the ways spreadsheets and exports write one; None when not understood."""
    text = text.strip()
    if not text:
        return None
    match = _DAY_MONTH_YEAR.fullmatch(text)  # LinkedIn's "15 Mar 2024", without strptime's cost
    if match and match.group(2)[:3].casefold() in _MONTHS:
        day, month, year = int(match.group(1)), _MONTHS[match.group(2)[:3].casefold()], 0
        year = int(match.group(3))
        try:
            return date(year, month, day)
        except ValueError:
            return None
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?", text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})(?: .*)?", text)
        if match:
            first, second, year = (int(g) for g in match.groups())
            year += 2000 if year < 100 else 0
            if first > 12:
                day_first = True
            elif second > 12:
                day_first = False
            day, month = (first, second) if day_first or "." in text else (second, first)
        else:
            for pattern in _DATE_FORMATS:
                try:
                    return datetime.strptime(text, pattern).date()
                except ValueError:
                    continue
            return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _cell(cells: dict[str, str], columns, one_line: bool = True) -> str:
    if not columns:
        return ""
    if isinstance(columns, str):
        columns = (columns,)
    for column in columns:
        value = cells.get(column) or ""
        value = clean_line(value) if one_line else clean(value)
        if value:
            return value
    return ""


def _first_of_list(value: str) -> str:
    # Google writes several values in one cell: "a@x.org ::: b@y.org".
    return value.split(":::")[0].strip()


def _tags(value: str, source: str) -> list[str]:
    if not value:
        return []
    parts = value.split(":::") if ":::" in value else re.split(r"[;,]", value)
    tags = [clean_line(p) for p in parts]
    if source == "google":
        tags = [t for t in tags if t.casefold() not in _GOOGLE_SYSTEM_LABELS]
    return contacts.parse_tags([t for t in tags if t])


def clean_row(
    cells: dict[str, str],
    mapping: dict,
    source: str,
    day_first: bool = False,
    today: date | None = None,
) -> tuple[dict, list[str]]:
    """One row's values for a contact, cleaned and checked, and what had to be dropped."""
    warnings: list[str] = []

    def get(field_name: str, one_line: bool = True) -> str:
        columns = mapping.get(field_name)
        return _cell(cells, columns, one_line) if columns else ""

    name = get("name")
    if not name:
        name = " ".join(
            part for part in (get("first_name"), get("middle_name"), get("last_name")) if part
        )
    values: dict = {
        "name": name,
        "role": get("role") or None,
        "organization": get("organization") or None,
        "industry": get("industry") or None,
        "location": get("location") or None,
        "hook": get("hook", one_line=False) or None,
        "private_notes": get("notes", one_line=False) or None,
        "referred_by": get("referred_by") or None,
        "how_found": "linkedin" if source == "linkedin" else None,
        "tags": _tags(get("tags"), source),
        "email": None,
        "phone": None,
        "linkedin_url": None,
        "first_known_on": None,
        "last_contact_on": None,
    }
    email = _first_of_list(get("email"))
    if email:
        problem = contacts.validate_email(email)
        if problem:
            warnings.append(f"Email {email!r} left out: {problem}")
        else:
            values["email"] = email.lower()
    phone = _first_of_list(get("phone"))
    if phone:
        problem = contacts.validate_phone(phone)
        if problem:
            warnings.append(f"Phone {phone!r} left out: {problem}")
        else:
            values["phone"] = phone
    url_columns = mapping.get("linkedin_url")
    if isinstance(url_columns, tuple) and len(url_columns) > 0 and source != "linkedin":
        # A known export's website columns: take the LinkedIn one, other sites are no field.
        urls = [_first_of_list(_cell(cells, (c,))) for c in url_columns]
        url = next((u for u in urls if "linkedin.com" in u.lower()), "")
    else:
        url = _first_of_list(get("linkedin_url"))
    if url:
        normalised = contacts.normalise_linkedin(url)
        problem = contacts.validate_linkedin(normalised)
        if problem:
            warnings.append(f"LinkedIn URL {url!r} left out: {problem}")
        else:
            values["linkedin_url"] = normalised
    today = today or clock.today()
    for field_name in ("first_known_on", "last_contact_on"):
        text = get(field_name)
        if not text:
            continue
        day = parse_day(text, day_first)
        if day is None:
            warnings.append(f"{FIELDS[field_name]} {text!r} left out: not a date.")
        elif day > today:
            warnings.append(f"{FIELDS[field_name]} {text!r} left out: it is in the future.")
        else:
            values[field_name] = day.isoformat()
    return values, warnings


# ---------------------------------------------------------------------------- duplicates

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


# ---------------------------------------------------------------------------- preview


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
    )


def preview_json(preview: Preview) -> dict:
    """The preview as the `fieldwork import --json` object."""
    return {
        "source": preview.source,
        "counts": preview.counts,
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


def _reason_with_warnings(reason: str, warnings: list[str]) -> str:
    return " ".join(part for part in [reason, *warnings] if part)


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


# ---------------------------------------------------------------------------- applying

# The contact columns an import writes as read: contacts.FIELDS but those it settles itself
# (the name, the organization's id, the referrer, the tags), and the day first known.
_SET_BY_THE_IMPORT = ("name", "organization", "referred_by_id", "tags")
_CONTACT_COLUMNS = (
    *(column for column in contacts.FIELDS if column not in _SET_BY_THE_IMPORT),
    "first_known_on",
)
_CHUNK = 500


def import_tag(source: str, day: date) -> str:
    """The tag every contact of an import carries, e.g. 'import: linkedin 2026-11-28'."""
    return f"import: {source} {day.isoformat()}"


def _nocase(text: str) -> str:
    # SQLite's NOCASE folds ASCII letters only.
    return "".join(ch.lower() if ch.isascii() else ch for ch in text)


def _organization_ids(
    db: sqlite_utils.Database, names: Iterable[str]
) -> tuple[dict[str, int], list[int]]:
    known = {_nocase(name): oid for oid, name in db.execute("SELECT id, name FROM organizations")}
    missing: dict[str, str] = {}
    for name in names:
        if name and _nocase(name) not in known:
            missing.setdefault(_nocase(name), name)
    created = []
    if missing:
        next_id = (db.execute("SELECT max(id) FROM organizations").fetchone()[0] or 0) + 1
        new_rows = [{"id": next_id + i, "name": name} for i, name in enumerate(missing.values())]
        db["organizations"].insert_all(new_rows, batch_size=_CHUNK)
        for row in new_rows:
            known[_nocase(row["name"])] = row["id"]
            created.append(row["id"])
    return known, created


def _choice_for(choices: dict[int, str] | str | None, line: int, default: str) -> str:
    choice = choices if isinstance(choices, str) else (choices or {}).get(line, default)
    return choice if choice in CHOICES else "skip"


def _current_contacts(db: sqlite_utils.Database, ids: set[int]) -> dict[int, dict]:
    found: dict[int, dict] = {}
    id_list = sorted(ids)
    for start in range(0, len(id_list), _CHUNK):
        chunk = id_list[start : start + _CHUNK]
        for row in db.query(
            f"""SELECT id, name, organization_id, referred_by_id, tags,
            {", ".join(_CONTACT_COLUMNS)} FROM contacts
            WHERE id IN (SELECT value FROM json_each(?))""",
            [json.dumps(chunk)],
        ):
            found[row["id"]] = row
    return found


def apply_import(
    db: sqlite_utils.Database,
    preview: Preview,
    choices: dict[int, str] | str | None = None,
    file_name: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    default: str = "skip",
) -> ImportResult:
    """Write the previewed rows in one transaction and record the import.

    choices: per line 'skip', 'fill' (fill the empty fields of the person it duplicates) or
    'new' (import as another person) for duplicate rows; lines not in it take default
    ('skip'); a single string instead of a dict applies to every duplicate.
    """
    today = clock.today()
    tag = import_tag(preview.source, today)
    file_name = clean_line(file_name or preview.file_name) or "(unnamed file)"
    total = len(preview.rows)
    with store.write(db):
        organizations, created_orgs = _organization_ids(
            db, (r.values.get("organization") or "" for r in preview.rows if r.status != "skipped")
        )
        next_id = (db.execute("SELECT max(id) FROM contacts").fetchone()[0] or 0) + 1
        pending: dict[int, dict] = {}  # contact id -> record to insert
        line_contact: dict[int, int] = {}  # file line -> the contact it became or matched
        fills: dict[int, dict] = {}  # existing contact id -> {column: value written}
        fill_rows: dict[int, list[int]] = defaultdict(list)
        targets = {
            r.duplicate_of["contact_id"]
            for r in preview.rows
            if r.status == "duplicate" and "contact_id" in (r.duplicate_of or {})
        }
        current = _current_contacts(db, targets)
        outcomes: list[ResultRow] = []
        referrals: list[tuple[int, dict]] = []

        def record_for(values: dict, contact_id: int) -> dict:
            record = {column: values.get(column) for column in _CONTACT_COLUMNS}
            org = values.get("organization")
            record.update(
                id=contact_id,
                name=values["name"],
                organization_id=organizations.get(_nocase(org)) if org else None,
                referred_by_id=None,
                tags=[*values.get("tags", []), tag],
            )
            return record

        for row in preview.rows:
            warnings = list(row.warnings)
            if row.status == "skipped":
                outcomes.append(ResultRow(row.line, row.name, "skipped", row.reason))
                continue
            choice = "new" if row.status == "new" else _choice_for(choices, row.line, default)
            target = None
            if row.status == "duplicate":
                ref = row.duplicate_of or {}
                target = ref.get("contact_id") or line_contact.get(ref.get("line", -1))
            if choice == "new" or target is None and choice == "fill":
                contact_id = next_id
                next_id += 1
                pending[contact_id] = record_for(row.values, contact_id)
                line_contact[row.line] = contact_id
                referrals.append((contact_id, row.values))
                reason = _reason_with_warnings(
                    row.reason + " Imported as a new person." if row.reason else "", warnings
                )
                outcomes.append(ResultRow(row.line, row.name, "imported", reason, contact_id))
                continue
            line_contact[row.line] = target
            if choice == "skip":
                outcomes.append(ResultRow(row.line, row.name, "skipped", row.reason, target))
                continue
            # Fill in only the empty fields of the person this row duplicates.
            if target in pending:
                filled = _fill(pending[target], row.values, organizations)
            else:
                contact = current.setdefault(target, {})
                filled = _fill(contact, row.values, organizations)
                if filled:
                    fills.setdefault(target, {}).update(filled)
                    fill_rows[target].append(row.line)
            referrals.append((target, row.values))
            what = ", ".join(filled) if filled else "nothing: no empty field to fill"
            outcomes.append(
                ResultRow(
                    row.line,
                    row.name,
                    "filled" if filled else "skipped",
                    _reason_with_warnings(f"{row.reason} Filled in {what}.", warnings),
                    target,
                )
            )
        # Referred by: to a contact already known, or to the person another row became.
        for contact_id, values in referrals:
            referrer = values.get("referrer") or {}
            referrer_id = referrer.get("contact_id") or line_contact.get(referrer.get("line", -1))
            if not referrer_id or referrer_id == contact_id:
                continue
            if contact_id in pending:
                if pending[contact_id]["referred_by_id"] is None:
                    pending[contact_id]["referred_by_id"] = referrer_id
            elif current.get(contact_id, {}).get("referred_by_id") is None and not any(
                person["id"] == contact_id for person in contacts.referred_by_chain(db, referrer_id)
            ):
                current[contact_id]["referred_by_id"] = referrer_id
                fills.setdefault(contact_id, {})["referred_by_id"] = referrer_id
                if contact_id not in fill_rows:
                    fill_rows[contact_id] = []
        # Organizations that only skipped rows named are not kept.
        used_orgs = {r["organization_id"] for r in pending.values()} | {
            f["organization_id"] for f in fills.values() if "organization_id" in f
        }
        unused = [oid for oid in created_orgs if oid not in used_orgs]
        if unused:
            db.execute(
                "DELETE FROM organizations WHERE id IN (SELECT value FROM json_each(?))",
                [json.dumps(unused)],
            )
        created_orgs = [oid for oid in created_orgs if oid in used_orgs]
        records = list(pending.values())
        # Referrers are set once everyone exists: a row may name someone further down the file.
        referred = [(r.pop("referred_by_id"), r["id"]) for r in records]
        for record in records:
            record["tags"] = json.dumps(contacts.parse_tags(record["tags"]), ensure_ascii=False)
        for start in range(0, len(records), _CHUNK):
            db["contacts"].insert_all(records[start : start + _CHUNK], batch_size=_CHUNK)
            if progress:
                progress(min(start + _CHUNK, len(records)), max(len(records), 1))
        db.conn.executemany(
            "UPDATE contacts SET referred_by_id = ? WHERE id = ?",
            [pair for pair in referred if pair[0] is not None],
        )
        for contact_id, changes in fills.items():
            tags = json.loads(current[contact_id].get("tags") or "[]")
            if tag not in tags:
                changes["tags_added"] = [tag]
                update = {k: v for k, v in changes.items() if k != "tags_added"}
                update["tags"] = json.dumps([*tags, tag], ensure_ascii=False)
            else:
                update = {k: v for k, v in changes.items() if k != "tags_added"}
            update["updated_at"] = clock.utc_stamp()
            db["contacts"].update(contact_id, update)
        interactions = _last_contact_notes(db, pending, referrals)
        counts = _result_counts(outcomes, preview)
        import_id = (
            db["imports"]
            .insert(
                {
                    "file_name": file_name,
                    "source": preview.source,
                    "file_hash": preview.file_hash,
                    "tag": tag,
                    "imported_at": clock.utc_stamp(),
                    "rows_total": total,
                    **counts,
                }
            )
            .last_pk
        )
        line_of = {o.contact_id: o.line for o in outcomes if o.status == "imported"}
        changes = [
            {
                "import_id": import_id,
                "line": line_of.get(contact_id),
                "action": "created",
                "contact_id": contact_id,
                "filled": "{}",
                "tags_added": "[]",
                "interaction_id": interactions.get(contact_id),
            }
            for contact_id in pending
        ] + [
            {
                "import_id": import_id,
                "line": fill_rows[contact_id][0] if fill_rows[contact_id] else None,
                "action": "filled",
                "contact_id": contact_id,
                "filled": json.dumps(
                    {k: v for k, v in filled.items() if k != "tags_added"}, ensure_ascii=False
                ),
                "tags_added": json.dumps(filled.get("tags_added", []), ensure_ascii=False),
                "interaction_id": None,
            }
            for contact_id, filled in fills.items()
        ]
        db["import_changes"].insert_all(changes, batch_size=_CHUNK)
        db["import_organizations"].insert_all(
            ({"import_id": import_id, "organization_id": oid} for oid in created_orgs),
            batch_size=_CHUNK,
        )
        if preview.source == "csv":
            remember_mapping(db, preview.headers, preview.mapping)
    if progress:
        progress(max(len(records), 1), max(len(records), 1))
    return ImportResult(import_id, tag, preview.source, outcomes)


def _fill(contact: dict, values: dict, organizations: dict[str, int]) -> dict:
    """Copy values into contact's empty fields; return {column: value} for what was filled."""
    filled = {}
    for column in _CONTACT_COLUMNS:
        if values.get(column) and not contact.get(column):
            contact[column] = filled[column] = values[column]
    org = values.get("organization")
    if org and not contact.get("organization_id"):
        contact["organization_id"] = filled["organization_id"] = organizations[_nocase(org)]
    tags = contact.get("tags")
    if isinstance(tags, list):  # a contact this import is creating
        for tag in values.get("tags", []):
            if tag not in tags:
                tags.append(tag)
    elif values.get("tags") and not json.loads(tags or "[]"):
        filled["tags"] = json.dumps(values["tags"], ensure_ascii=False)
        contact["tags"] = filled["tags"]
    return filled


def _last_contact_notes(
    db: sqlite_utils.Database, pending: dict[int, dict], referrals: list[tuple[int, dict]]
) -> dict[int, int]:
    """A dated note for each new contact whose row had a last contact date, so their last
    touch shows on Contacts; returns {contact id: interaction id}."""
    wanted = {}
    for contact_id, values in referrals:
        day = values.get("last_contact_on")
        if day and contact_id in pending and contact_id not in wanted:
            wanted[contact_id] = day
    if not wanted:
        return {}
    next_id = (db.execute("SELECT max(id) FROM interactions").fetchone()[0] or 0) + 1
    rows = [
        {
            "id": next_id + i,
            "contact_id": contact_id,
            "kind": "note",
            "occurred_on": day,
            "summary": "Last contact before Fieldwork (from an import).",
        }
        for i, (contact_id, day) in enumerate(wanted.items())
    ]
    db["interactions"].insert_all(rows, batch_size=_CHUNK)
    return {row["contact_id"]: row["id"] for row in rows}


def _result_counts(outcomes: list[ResultRow], preview: Preview) -> dict[str, int]:
    counts = preview.counts
    return {
        "created_count": sum(1 for o in outcomes if o.status == "imported"),
        "filled_count": sum(1 for o in outcomes if o.status == "filled"),
        "skipped_count": sum(1 for o in outcomes if o.status == "skipped"),
        "duplicate_count": counts["duplicate"],
        "warning_count": counts["warning"],
    }


# ---------------------------------------------------------------------------- records, undo


def list_imports(db: sqlite_utils.Database) -> list[dict]:
    """Every import, newest first: file, source, when, counts, and whether it was undone."""
    if not db["imports"].exists():
        return []
    return list(
        db.query(
            """SELECT id, file_name, source, tag, imported_at, rows_total, created_count,
            filled_count, duplicate_count, skipped_count, warning_count, undone_at
            FROM imports ORDER BY id DESC"""
        )
    )


_ATTACHMENT_WORDS = {
    "conversations": "a conversation",
    "interactions": "an interaction",
    "research_items": "a board item",
    "followups": "a follow-up",
    "contacts": "a contact they referred",
    "scheduled_conversations": "a scheduled conversation",
}


def _references(db: sqlite_utils.Database, table: str) -> list[tuple[str, str]]:
    """(table, column) of every foreign key pointing at table."""
    found = []
    for other in db.table_names():
        if other.startswith(("import_", "sqlite_")) or other == "imports":
            continue
        for key in db[other].foreign_keys:
            if key.other_table == table:
                found.append((other, key.column))
    return found


def undo_blockers(db: sqlite_utils.Database, import_id: int) -> list[str]:
    """Why an import cannot be undone (empty when it can)."""
    record = db.execute("SELECT undone_at FROM imports WHERE id = ?", [import_id]).fetchone()
    if record is None:
        return ["There is no such import."]
    if record[0]:
        return [f"This import was already undone on {record[0][:10]}."]
    created = [
        r[0]
        for r in db.execute(
            "SELECT contact_id FROM import_changes WHERE import_id = ? AND action = 'created'",
            [import_id],
        )
    ]
    own_interactions = [
        r[0]
        for r in db.execute(
            "SELECT interaction_id FROM import_changes WHERE import_id = ? "
            "AND interaction_id IS NOT NULL",
            [import_id],
        )
    ]
    ids = json.dumps(created)
    blockers = []
    for table, column in _references(db, "contacts"):
        sql = (
            f"SELECT DISTINCT c.name FROM [{table}] t JOIN contacts c ON c.id = t.[{column}] "
            f"WHERE t.[{column}] IN (SELECT value FROM json_each(:ids))"
        )
        if table == "contacts":
            sql += " AND t.id NOT IN (SELECT value FROM json_each(:ids))"
        if table == "interactions":
            sql += " AND t.id NOT IN (SELECT value FROM json_each(:own))"
        names = [r[0] for r in db.execute(sql, {"ids": ids, "own": json.dumps(own_interactions)})]
        if names:
            what = _ATTACHMENT_WORDS.get(table, f"a {table.replace('_', ' ')} row")
            shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            blockers.append(f"{shown} now {'has' if len(names) == 1 else 'have'} {what}.")
    return blockers


def undo_import(db: sqlite_utils.Database, import_id: int) -> dict[str, int]:
    """Remove the contacts an import created and clear the fields it filled.

    Refuses (UndoRefused) when something was attached to one of its people since.
    Returns {"removed": contacts deleted, "cleared": fields emptied}.
    """
    with store.write(db):
        blockers = undo_blockers(db, import_id)
        if blockers:
            raise UndoRefused("This import cannot be undone: " + " ".join(blockers))
        changes = list(db.query("SELECT * FROM import_changes WHERE import_id = ?", [import_id]))
        created = json.dumps([c["contact_id"] for c in changes if c["action"] == "created"])
        own = json.dumps([c["interaction_id"] for c in changes if c["interaction_id"]])
        db.execute("DELETE FROM interactions WHERE id IN (SELECT value FROM json_each(?))", [own])
        db.execute(
            "UPDATE contacts SET referred_by_id = NULL "
            "WHERE id IN (SELECT value FROM json_each(?))",
            [created],
        )
        removed = db.execute(
            "DELETE FROM contacts WHERE id IN (SELECT value FROM json_each(?))", [created]
        ).rowcount
        cleared = 0
        for change in changes:
            if change["action"] != "filled":
                continue
            cleared += _unfill(db, change)
        organization_ids = [
            r[0]
            for r in db.execute(
                "SELECT organization_id FROM import_organizations WHERE import_id = ?",
                [import_id],
            )
        ]
        _drop_unused_organizations(db, organization_ids)
        db["imports"].update(import_id, {"undone_at": clock.utc_stamp()})
    return {"removed": max(removed, 0), "cleared": cleared}


def _unfill(db: sqlite_utils.Database, change: dict) -> int:
    contact = db.execute(
        f"SELECT organization_id, referred_by_id, tags, {', '.join(_CONTACT_COLUMNS)} "
        "FROM contacts WHERE id = ?",
        [change["contact_id"]],
    ).fetchone()
    if contact is None:
        return 0
    columns = ["organization_id", "referred_by_id", "tags", *_CONTACT_COLUMNS]
    now = dict(zip(columns, contact, strict=True))
    filled = json.loads(change["filled"])
    update: dict = {}
    # A field the person changed since keeps their change.
    for column, written in filled.items():
        if column != "tags" and column in now and now[column] == written:
            update[column] = None
    added = set(json.loads(change["tags_added"]))
    tags = [t for t in json.loads(now["tags"] or "[]") if t not in added]
    if "tags" in filled and tags == json.loads(filled["tags"]):
        tags = []
    cleared = len(update) + (1 if "tags" in filled and not tags else 0)
    if json.dumps(tags, ensure_ascii=False) != (now["tags"] or "[]"):
        update["tags"] = json.dumps(tags, ensure_ascii=False)
    if update:
        update["updated_at"] = clock.utc_stamp()
        db["contacts"].update(change["contact_id"], update)
    return cleared


def _drop_unused_organizations(db: sqlite_utils.Database, organization_ids: list[int]) -> None:
    if not organization_ids:
        return
    conditions = [
        f"NOT EXISTS (SELECT 1 FROM [{table}] t WHERE t.[{column}] = o.id)"
        for table, column in _references(db, "organizations")
    ]
    # Kept when the person has since given it a score, a website or notes.
    conditions += [
        "o.motivation IS NULL",
        "o.posting IS NULL",
        "o.website IS NULL",
        "o.notes IS NULL",
    ]
    db.execute(
        f"""DELETE FROM organizations WHERE id IN (
            SELECT o.id FROM organizations o
            WHERE o.id IN (SELECT value FROM json_each(?)) AND {" AND ".join(conditions)})""",
        [json.dumps(organization_ids)],
    )
