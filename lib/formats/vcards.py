"""vCard: reading cards (3.0, 4.0 and the 2.1 that phones still write) and exporting contacts.

Both directions go through vobject; nothing here parses vCard text by hand.
"""

from __future__ import annotations

import json
import re

import sqlite_utils
import vobject
from vobject.base import ParseError

from lib.text import clean, clean_line

# The columns a card becomes, so the importer treats cards like rows of a spreadsheet.
COLUMNS = (
    "FN",
    "N prefix",
    "N given",
    "N additional",
    "N family",
    "N suffix",
    "ORG",
    "TITLE",
    "EMAIL",
    "TEL",
    "URL",
    "NOTE",
    "CATEGORIES",
    "ADR locality",
)


class VCardError(ValueError):
    """A file that vobject cannot read as vCards; the message says where."""


def _text(value: object) -> str:
    if isinstance(value, list | tuple):
        return " ".join(str(part) for part in value if str(part).strip())
    return "" if value is None else str(value)


def _first(card, name: str) -> str:
    for line in card.contents.get(name, []):
        text = clean_line(_text(line.value))
        if text:
            return text
    return ""


def _preferred(card, name: str, prefer: str = "") -> str:
    """The first non-empty value of a property, a PREF or TYPE=prefer one first."""
    lines = card.contents.get(name, [])

    def rank(line) -> int:
        types = {t.lower() for value in line.params.get("TYPE", []) for t in value.split(",")}
        if "pref" in types or line.params.get("PREF"):
            return 0
        return 1 if prefer and prefer in types else 2

    for line in sorted(lines, key=rank):
        text = clean_line(_text(line.value))
        if text:
            return text
    return ""


def _card_cells(card) -> dict[str, str]:
    cells = {column: "" for column in COLUMNS}
    cells["FN"] = _first(card, "fn")
    names = card.contents.get("n", [])
    if names:
        n = names[0].value
        for part in ("prefix", "given", "additional", "family", "suffix"):
            cells[f"N {part}"] = clean_line(_text(getattr(n, part, "")))
    orgs = card.contents.get("org", [])
    if orgs:
        value = orgs[0].value
        cells["ORG"] = clean_line(value[0] if isinstance(value, list) and value else _text(value))
    cells["TITLE"] = _first(card, "title")
    cells["EMAIL"] = _preferred(card, "email")
    # vCard 4.0 may write a number as a URI: TEL;VALUE=uri:tel:+45-20-12-34-56.
    cells["TEL"] = re.sub(r"^tel:", "", _preferred(card, "tel", prefer="cell"), flags=re.I)
    urls = [clean_line(_text(line.value)) for line in card.contents.get("url", [])]
    # Fieldwork keeps one URL per person, their LinkedIn profile; other sites are not a field.
    cells["URL"] = next((url for url in urls if "linkedin.com" in url.lower()), "")
    notes = [clean(_text(line.value)) for line in card.contents.get("note", [])]
    cells["NOTE"] = "\n".join(note for note in notes if note)
    categories: list[str] = []
    for line in card.contents.get("categories", []):
        value = line.value if isinstance(line.value, list) else str(line.value).split(",")
        categories += [clean_line(v) for v in value if clean_line(v)]
    cells["CATEGORIES"] = ", ".join(categories)
    addresses = card.contents.get("adr", [])
    if addresses:
        cells["ADR locality"] = clean_line(_text(getattr(addresses[0].value, "city", "")))
    return cells


def _card_lines(text: str) -> list[int]:
    return [
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip().upper() == "BEGIN:VCARD"
    ]


def parse_vcards(text: str) -> list[tuple[int, dict[str, str]]]:
    """Each card in text as (line of its BEGIN:VCARD, cells by COLUMNS); photos are ignored."""
    starts = _card_lines(text)
    cards = []
    try:
        for card in vobject.readComponents(text, allowQP=True, ignoreUnreadable=True):
            if card.name.upper() != "VCARD":
                continue
            cards.append(_card_cells(card))
    except (ParseError, ValueError, TypeError, AttributeError) as error:
        raise VCardError(f"This vCard file could not be read: {error}") from error
    return [
        (starts[index] if index < len(starts) else index + 1, cells)
        for index, cells in enumerate(cards)
    ]


_EXPORT_SQL = """SELECT c.id, c.name, c.role, o.name AS organization, c.email, c.phone,
    c.linkedin_url, c.hook, c.tags
    FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id"""


def _split_name(name: str) -> tuple[str, str]:
    """('given', 'family') from a full name: the last word is the family name."""
    parts = name.rsplit(" ", 1)
    return (parts[0], parts[1]) if len(parts) == 2 else ("", name)


def contact_card(contact: dict) -> str:
    """One contact as vCard 3.0 text: FN, N, ORG, TITLE, EMAIL, TEL, URL and the hook as NOTE."""
    card = vobject.vCard()
    card.add("version").value = "3.0"
    card.add("fn").value = contact["name"]
    given, family = _split_name(contact["name"])
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    if contact.get("organization"):
        card.add("org").value = [contact["organization"]]
    if contact.get("role"):
        card.add("title").value = contact["role"]
    if contact.get("email"):
        email = card.add("email")
        email.value = contact["email"]
        email.type_param = "INTERNET"
    if contact.get("phone"):
        card.add("tel").value = contact["phone"]
    if contact.get("linkedin_url"):
        card.add("url").value = contact["linkedin_url"]
    if contact.get("hook"):
        card.add("note").value = contact["hook"]
    tags = contact.get("tags")
    tags = json.loads(tags or "[]") if isinstance(tags, str) else list(tags or [])
    if tags:
        card.add("categories").value = tags
    return card.serialize()


def export_vcards(db: sqlite_utils.Database, contact_ids: list[int] | None = None) -> str:
    """Contacts (all, or those ids, in that order) as one .vcf text; private notes never."""
    if contact_ids is None:
        rows = db.query(_EXPORT_SQL + " ORDER BY c.name COLLATE NOCASE, c.id")
    else:
        by_id = {
            row["id"]: row
            for row in db.query(
                _EXPORT_SQL + " WHERE c.id IN (SELECT value FROM json_each(?))",
                [json.dumps([int(i) for i in contact_ids])],
            )
        }
        rows = [by_id[i] for i in contact_ids if i in by_id]
    return "".join(contact_card(row) for row in rows)
