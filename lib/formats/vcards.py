"""vCard: reading cards (3.0, 4.0 and the 2.1 that phones still write) and exporting contacts.

Reading keeps vobject where it serves, unfolding the lines and splitting each into its group,
name, parameters and value, and reads the values itself: vobject's own decoding rejects a
whole file for one bad photo, cuts vCard 2.1 text at its unescaped commas and drops a line it
cannot split. Here a value that cannot be read is left out with a warning on its card, and a
line vobject cannot split is read raw (an ADR with an empty parameter keeps its city).
Exporting goes through vobject.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import io
import json
import quopri
import re

import sqlite_utils
import vobject
from vobject.base import ParseError, getLogicalLines, parseLine

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
    "KIND",
    "Problems",
)
# Several values of one column (every phone number of a card) are joined as Google does.
LIST_SEPARATOR = " ::: "
# A card that is not a person: vCard 4.0's KIND, Apple's X-ADDRESSBOOKSERVER-KIND.
NOT_PEOPLE = {"group": "a group", "org": "an organization", "location": "a place"}

MAX_CARD_WARNINGS = 20
_TEXT_PROPERTIES = {"FN", "N", "ORG", "TITLE", "EMAIL", "TEL", "URL", "NOTE", "CATEGORIES", "ADR"}
_LABELS = {
    "FN": "name",
    "N": "name",
    "ORG": "organization",
    "TITLE": "title",
    "EMAIL": "email",
    "TEL": "phone number",
    "URL": "web address",
    "NOTE": "note",
    "CATEGORIES": "categories",
    "ADR": "address",
}
_N_PARTS = ("family", "given", "additional", "prefix", "suffix")
_RAW_LINE = re.compile(
    r"^(?:(?P<group>[\w-]+)\.)?(?P<name>[\w-]+)(?P<params>(?:;[^:]*)?):(?P<value>.*)$", re.S
)


_BEGIN = re.compile(r"(?:[\w-]+\.)?BEGIN:VCARD", re.I)
_BASE64_LINE = re.compile(r"[A-Za-z0-9+/=\s]+")


class VCardError(ValueError):
    """A file that cannot be read as vCards at all; the message says why in plain words."""


class _Line:
    """One content line: its name, parameters ({NAME: [values]}, bare 2.1 ones as TYPE) and raw
    value, exactly as written."""

    def __init__(self, name: str, params: dict[str, list[str]], value: str, number: int):
        self.name = name.upper()
        self.params = params
        self.value = value
        self.number = number

    def param(self, name: str) -> str:
        values = self.params.get(name, [])
        return values[0] if values else ""

    @property
    def types(self) -> set[str]:
        return {t.strip().lower() for v in self.params.get("TYPE", []) for t in v.split(",") if t}


def _params(pairs) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for pair in pairs:
        if not pair:
            continue
        name, values = str(pair[0]).strip().upper(), [str(v).strip().strip('"') for v in pair[1:]]
        if not name:
            continue
        if not values:
            # vCard 2.1 writes bare parameters: TEL;CELL;PREF, EMAIL;INTERNET, NOTE;QUOTED-PRINTABLE.
            if name in ("QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"):
                params.setdefault("ENCODING", []).append(name)
            else:
                params.setdefault("TYPE", []).append(name)
            continue
        params.setdefault(name, []).extend(values)
    return params


def _split_line(text: str, number: int) -> _Line | None:
    """A logical line as a _Line: through vobject, or read raw where vobject cannot split it."""
    try:
        name, pairs, value, _group = parseLine(text, number)
    except ParseError:
        match = _RAW_LINE.match(text)
        if not match:
            return None
        name, value = match.group("name"), match.group("value")
        pairs = []
        for part in match.group("params").split(";"):
            key, _, values = part.partition("=")
            pairs.append([key, *([v for v in values.split(",")] if values else [])])
    return _Line(name, _params(pairs), value, number)


def _is_known_codec(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def _unescape(text: str) -> str:
    """A text value's escapes undone: \\n a line break, \\, \\; \\: \\\\ the character itself
    (Apple writes \\: too)."""
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), text, flags=re.S)


def _split_unescaped(text: str, separator: str) -> list[str]:
    parts, current, escaped = [], [], False
    for ch in text:
        if escaped:
            current.append("\\" + ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    if escaped:
        current.append("\\")
    parts.append("".join(current))
    return parts


class _Decoder:
    """Turns a line's raw value into text; a value that cannot be read returns None and says
    why in warnings."""

    def __init__(self, file_encoding: str):
        self.file_encoding = file_encoding
        # A single-byte code page re-encodes its text losslessly, so a line's own CHARSET can
        # be applied to the bytes it was written in.
        try:
            self.single_byte = (
                codecs.lookup(file_encoding).name
                not in (
                    "utf-8",
                    "utf-8-sig",
                    "utf-16",
                    "utf-32",
                )
                and len("é".encode(file_encoding, errors="replace")) == 1
            )
        except LookupError:
            self.single_byte = False

    def _bytes_to_text(self, data: bytes, line: _Line, what: str, warnings: list[str]) -> str:
        charset = line.param("CHARSET")
        if charset and _is_known_codec(charset):
            try:
                return data.decode(charset)
            except UnicodeDecodeError:
                pass
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        if self.single_byte:
            return data.decode(self.file_encoding, errors="replace")
        fallback = data.decode("cp1252", errors="replace")
        if charset and not _is_known_codec(charset):
            warnings.append(
                f"The {what} names a character set Fieldwork does not know ({charset[:40]!r}); "
                f"its letters were read as Western European and may be wrong: {fallback[:60]!r}."
            )
        else:
            warnings.append(
                f"The {what} does not say which alphabet its letters are in; they were read as "
                f"Western European and may be wrong: {fallback[:60]!r}."
            )
        return fallback

    def text(self, line: _Line, warnings: list[str]) -> str | None:
        what = _LABELS.get(line.name, line.name.lower())
        encoding = line.param("ENCODING").upper()
        value = line.value
        if value.startswith("data:") and ";base64," in value[:200]:
            warnings.append(f"The {what} is an embedded file, not text; it was left out.")
            return None
        if encoding == "QUOTED-PRINTABLE":
            raw = value.encode(self.file_encoding if self.single_byte else "utf-8", "replace")
            data = quopri.decodestring(raw)
            text = self._strict_or_none(data, line, what, warnings)
        elif encoding in ("B", "BASE64"):
            try:
                data = base64.b64decode("".join(value.split()), validate=True)
            except (binascii.Error, ValueError):
                warnings.append(
                    f"The {what} is encoded in a way that could not be read; it was left out."
                )
                return None
            text = self._strict_or_none(data, line, what, warnings)
        else:
            text = value
            charset = line.param("CHARSET")
            if self.single_byte and charset and _is_known_codec(charset):
                try:
                    text = value.encode(self.file_encoding).decode(charset)
                except (UnicodeEncodeError, UnicodeDecodeError):
                    text = value
        return text

    def _strict_or_none(
        self, data: bytes, line: _Line, what: str, warnings: list[str]
    ) -> str | None:
        charset = line.param("CHARSET")
        if charset and _is_known_codec(charset) and codecs.lookup(charset).name == "utf-8":
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:
                warnings.append(
                    f"The {what} is cut off in the middle of a letter; it was left out."
                )
                return None
        return self._bytes_to_text(data, line, what, warnings)


def _card_cells(lines: list[_Line], decoder: _Decoder, problems: list[str]) -> dict[str, str]:
    cells = {column: "" for column in COLUMNS}
    by_name: dict[str, list[tuple[_Line, str]]] = {}
    for line in lines:
        if line.name not in _TEXT_PROPERTIES and line.name not in (
            "KIND",
            "X-ADDRESSBOOKSERVER-KIND",
        ):
            continue
        text = decoder.text(line, problems)
        if text is None:
            continue
        by_name.setdefault(line.name, []).append((line, text))

    def texts(name: str) -> list[str]:
        return [clean_line(_unescape(t)) for _, t in by_name.get(name, [])]

    def ranked(name: str, prefer: str = "") -> list[str]:
        def rank(item) -> int:
            line = item[0]
            if "pref" in line.types or line.param("PREF"):
                return 0
            return 1 if prefer and prefer in line.types else 2

        return [clean_line(_unescape(t)) for _, t in sorted(by_name.get(name, []), key=rank)]

    cells["FN"] = next((t for t in texts("FN") if t), "")
    if by_name.get("N"):
        parts = _split_unescaped(by_name["N"][0][1], ";")
        for key, part in zip(_N_PARTS, parts, strict=False):
            words = [clean_line(_unescape(p)) for p in _split_unescaped(part, ",")]
            cells[f"N {key}"] = " ".join(w for w in words if w)
    if by_name.get("ORG"):
        first = _split_unescaped(by_name["ORG"][0][1], ";")[0]
        cells["ORG"] = clean_line(_unescape(first))
    cells["TITLE"] = next((t for t in texts("TITLE") if t), "")
    cells["EMAIL"] = LIST_SEPARATOR.join(dict.fromkeys(e for e in ranked("EMAIL") if e))
    phones = []
    for phone in ranked("TEL", prefer="cell"):
        # vCard 4.0 may write a number as a URI: TEL;VALUE=uri:tel:+1-418-656-9254;ext=102.
        match = re.fullmatch(r"tel:([^;]*)((?:;[^;]*)*)", phone, flags=re.I)
        if match:
            extension = re.search(r";ext=(\d+)", match.group(2), flags=re.I)
            phone = match.group(1) + (f" x{extension.group(1)}" if extension else "")
        if phone:
            phones.append(phone)
    cells["TEL"] = LIST_SEPARATOR.join(dict.fromkeys(phones))
    urls = texts("URL")
    # Fieldwork keeps one URL per person, their LinkedIn profile; other sites are not a field.
    cells["URL"] = next((url for url in urls if "linkedin.com" in url.lower()), "")
    notes = [clean(_unescape(t)) for _, t in by_name.get("NOTE", [])]
    cells["NOTE"] = "\n".join(note for note in notes if note)
    categories: list[str] = []
    for _, text in by_name.get("CATEGORIES", []):
        categories += [clean_line(_unescape(v)) for v in _split_unescaped(text, ",")]
    cells["CATEGORIES"] = ", ".join(c for c in categories if c)
    if by_name.get("ADR"):
        parts = _split_unescaped(by_name["ADR"][0][1], ";")
        cells["ADR locality"] = clean_line(_unescape(parts[3])) if len(parts) > 3 else ""
    kind = (texts("KIND") or texts("X-ADDRESSBOOKSERVER-KIND") or [""])[0].lower()
    cells["KIND"] = kind
    cells["Problems"] = "\n".join(list(dict.fromkeys(problems))[:MAX_CARD_WARNINGS])
    return cells


def _begin_lines(text: str) -> list[int]:
    return [
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if _BEGIN.fullmatch(line.strip())
    ]


def parse_vcards(text: str, encoding: str = "utf-8") -> list[tuple[int, dict[str, str]]]:
    """Each card in text as (line of its BEGIN:VCARD, cells by COLUMNS); photos are ignored.

    encoding is the one the file's bytes were read with, so a line's own CHARSET can be
    applied. A value or line that cannot be read becomes a warning in the card's Problems cell.
    """
    decoder = _Decoder(encoding)
    cards: list[dict[str, str]] = []
    depth, lines, problems = 0, [], []
    for logical, number in getLogicalLines(io.StringIO(text), allowQP=True):
        line = _split_line(logical, number)
        if line is None:
            # vCard 2.1 writes a photo's base64 over lines that are not indented.
            if depth and not _BASE64_LINE.fullmatch(logical):
                problems.append(
                    f"A line could not be read and was left out: {clean_line(logical)[:80]!r}."
                )
            continue
        if line.name == "BEGIN" and line.value.strip().upper() == "VCARD":
            depth += 1
            if depth == 1:
                lines, problems = [], []
            continue
        if line.name == "END" and line.value.strip().upper() == "VCARD":
            if depth == 1:
                cards.append(_card_cells(lines, decoder, problems))
            depth = max(0, depth - 1)
            continue
        if depth == 1:
            lines.append(line)
    if depth:
        # A file cut off before its last END:VCARD: keep what the card holds.
        problems.append("The file ends before this card's END:VCARD; it may be cut off.")
        cards.append(_card_cells(lines, decoder, problems))
    starts = _begin_lines(text)
    return [
        (starts[index] if index < len(starts) else index + 1, cells)
        for index, cells in enumerate(cards)
    ]


def looks_like_vcard(text: str) -> bool:
    """True when the first line that says something is a BEGIN:VCARD (with a group or not)."""
    for line in text.lstrip("\ufeff").splitlines()[:20]:
        if line.strip():
            return bool(_BEGIN.fullmatch(line.strip()))
    return False


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
