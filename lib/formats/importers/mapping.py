"""Mapping columns to fields: the fields a column can become, the header words that suggest
each, the fixed mappings of the known exports, guess_mapping() for any other spreadsheet, and
the mapping remembered per set of headers (remembered_mapping, remember_mapping); mapping_for()
picks the one a preview starts from.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata

import sqlite_utils

from lib import clock, store
from lib.formats.importers.model import ImportFileError, ParsedFile

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
        # Outlook on the web writes one Name column; the desktop app first and last names.
        "name": ("Name",),
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


def _header_key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", header).casefold())


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


def apply_column_map(mapping: dict, headers: list[str], pairs) -> dict:
    """mapping with each "COLUMN=FIELD" of pairs applied (the terminal's answer to "Choose the
    column…"); raise ImportFileError naming a column or field that is not there."""
    mapping = dict(mapping)
    by_key = {_header_key(header): header for header in headers}
    for pair in pairs:
        column, sep, field_name = pair.rpartition("=")
        field_name = field_name.strip().lower().replace(" ", "_")
        column = column.strip().strip("'\"")
        if not sep or not column:
            raise ImportFileError(f"{pair!r} should be COLUMN=FIELD, e.g. 'Full name=name'.")
        if field_name not in FIELDS:
            raise ImportFileError(
                f"{field_name!r} is not a field; choose one of {', '.join(FIELDS)}."
            )
        header = column if column in headers else by_key.get(_header_key(column))
        if header is None:
            raise ImportFileError(
                f"This file has no column {column!r}; its columns are {', '.join(headers[:20])}."
            )
        known = any(isinstance(v, tuple) for v in mapping.values())
        mapping[field_name] = (header,) if known else header
    return mapping
