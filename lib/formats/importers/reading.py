"""Reading a file: decoding its bytes (BOMs, UTF-8, else the best guess, Windows-1252 first,
said in the preview when another code page fits as well, or the one the person chose),
telling vCards from CSV, sniffing a CSV's delimiter and header row, and detecting which export
it is (LinkedIn, Google, Outlook or any spreadsheet); read_source() returns a ParsedFile or
raises ImportFileError with a plain reason.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from collections.abc import Iterable

import charset_normalizer

from lib.formats import vcards
from lib.formats.importers.mapping import KNOWN_MAPPINGS, _has_name, guess_mapping
from lib.formats.importers.model import ImportFileError, ParsedFile
from lib.text import clean_line

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

LINKEDIN_HEADER = [
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
]


# The code pages a person may choose from when the guess is uncertain, by what they hold.
ENCODINGS = {
    "utf-8": "Unicode (UTF-8)",
    "cp1252": "Western European (Windows-1252)",
    "latin-1": "Western European (ISO 8859-1)",
    "mac-roman": "Western European (Mac)",
    "cp1250": "Central European (Windows-1250)",
    "iso8859-2": "Central European (ISO 8859-2)",
    "cp1251": "Cyrillic (Windows-1251)",
    "koi8-r": "Cyrillic (KOI8-R)",
    "cp1253": "Greek (Windows-1253)",
    "cp1254": "Turkish (Windows-1254)",
    "cp1255": "Hebrew (Windows-1255)",
    "cp1256": "Arabic (Windows-1256)",
    "cp1257": "Baltic (Windows-1257)",
    "cp1258": "Vietnamese (Windows-1258)",
    "cp874": "Thai (Windows-874)",
    "shift_jis": "Japanese (Shift JIS)",
    "euc-jp": "Japanese (EUC-JP)",
    "gb18030": "Chinese, simplified (GB18030)",
    "big5": "Chinese, traditional (Big5)",
    "euc-kr": "Korean (EUC-KR)",
    "utf-16": "Unicode (UTF-16)",
}
_NOT_TEXT = (
    "This file is not text. Choose a .csv or .vcf file exported from LinkedIn, "
    "Google, Outlook, a spreadsheet or a phone."
)


def encoding_label(encoding: str) -> str:
    """The code page's name as the preview says it: "Hebrew (Windows-1255)"."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return encoding
    for key, label in ENCODINGS.items():
        if codecs.lookup(key).name == name:
            return label
    return encoding


def _decode_as(data: bytes, encoding: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError as error:
        raise ImportFileError(
            f"Unknown encoding {encoding[:40]!r}: choose one of {', '.join(ENCODINGS)}."
        ) from error
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"This file cannot be read as {encoding_label(encoding)}: it holds bytes that "
            "code page does not have. Choose another encoding."
        ) from error
    return text.lstrip("\ufeff")


def _decode(data: bytes) -> tuple[str, str, bool]:
    """(text, encoding, uncertain): uncertain when the encoding was guessed and another
    guess, as good, would read the letters differently."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding, False
            except UnicodeDecodeError as error:
                raise ImportFileError(
                    f"This file starts like {encoding} text but is not valid {encoding}."
                ) from error
    if b"\x00" not in data:
        try:
            return data.decode("utf-8"), "utf-8", False
        except UnicodeDecodeError:
            pass
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        raise ImportFileError(_NOT_TEXT)
    best = matches[0]
    # Short Latin text fits several code pages equally well; Excel in the West writes
    # Windows-1252, so prefer it among the equally good guesses.
    for match in matches:
        if match.encoding == "cp1252" and match.chaos <= best.chaos:
            best = match
            break
    text = str(best)
    readings = {text}
    for match in matches:
        if match is not best and match.chaos <= best.chaos + 0.1:
            readings.add(str(match))
    non_ascii = sum(1 for byte in data if byte > 0x7F)
    # A guess made on a few letters, or one that another code page matches as well.
    uncertain = len(readings) > 1 or (non_ascii < 64 and best.encoding != "cp1252")
    return text, best.encoding, uncertain


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


def detect_source(headers: list[str]) -> str:
    """linkedin, google, outlook or csv, from a CSV's header row."""
    present = set(headers)
    # The URL column came in 2019; a 2018 export has none.
    if {"First Name", "Last Name", "Connected On"} <= present:
        return "linkedin"
    if "E-mail 1 - Value" in present or "Given Name" in present and "Family Name" in present:
        return "google"
    if "E-mail Address" in present and (
        {"Job Title", "Business Phone", "Mobile Phone", "Name"} & present
    ):
        return "outlook"
    return "csv"


def _find_linkedin_header(records: list[tuple[int, list[str]]]) -> int | None:
    for index, (_, cells) in enumerate(records[:20]):
        cleaned = [clean_line(c) for c in cells]
        if cleaned[:2] == LINKEDIN_HEADER[:2] and "Connected On" in cleaned:
            return index
    return None


def _unwrap_rows(records: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]] | None:
    """A file whose every row is one quoted cell holding the whole row (some 2021 LinkedIn
    exports, opened and saved again), its rows read again from inside the quotes; None when
    the rows are not wrapped."""
    filled = [cells for _, cells in records if any(c.strip() for c in cells)]
    if len(filled) < 1 or any(len(cells) != 1 for cells in filled):
        return None
    inner = [next(csv.reader([cells[0]])) if cells else [] for _, cells in records]
    widths = [len(cells) for cells in inner if any(c.strip() for c in cells)]
    if not widths or max(widths) < 3:
        return None
    return [(line, cells) for (line, _), cells in zip(records, inner, strict=True)]


def read_source(
    data: bytes,
    file_name: str,
    format: str = "auto",
    encoding: str | None = None,
    check_name: bool = True,
) -> ParsedFile:
    """Decode and parse an uploaded file; raise ImportFileError with a plain reason.

    encoding, when the person chose one, replaces the guess. check_name=False reads a
    spreadsheet with no column that looks like a name, for a caller that names the columns
    itself (`fieldwork import --map`)."""
    if format not in FORMATS:
        raise ImportFileError(f"Unknown format {format!r}: choose one of {', '.join(FORMATS)}.")
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            f"This file is {len(data) / 1024 / 1024:.1f} MB; the limit is {MAX_MB} MB. "
            "Split it into smaller files."
        )
    if not data.strip():
        raise ImportFileError("This file is empty.")
    if encoding:
        text, uncertain = _decode_as(data, encoding), False
    else:
        text, encoding, uncertain = _decode(data)
    if _looks_binary(text):
        raise ImportFileError(_NOT_TEXT)
    file_hash = hashlib.sha256(data).hexdigest()
    if not text.strip().strip("\ufeff"):
        raise ImportFileError("This file is empty.")
    is_vcard = vcards.looks_like_vcard(text)
    if format == "vcard" or (format == "auto" and is_vcard):
        parsed = _read_vcards(text, file_name, encoding, file_hash)
    elif is_vcard:
        raise ImportFileError(f"This is a vCard file, not a {FORMATS[format]}.")
    else:
        parsed = _read_csv(text, file_name, encoding, file_hash, format, check_name)
    if uncertain:
        parsed.encoding_uncertain = True
        parsed.warnings.insert(
            0,
            f"This file does not say which alphabet its letters are in; Fieldwork guessed "
            f"{encoding_label(encoding)}. If names look wrong, choose the file's encoding.",
        )
    return parsed


def _read_vcards(text: str, file_name: str, encoding: str, file_hash: str) -> ParsedFile:
    if "BEGIN:VCARD" not in text.upper():
        raise ImportFileError("This is not a vCard file: it has no BEGIN:VCARD.")
    try:
        cards = vcards.parse_vcards(text, encoding)
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


def _read_csv(
    text: str, file_name: str, encoding: str, file_hash: str, format: str, check_name: bool = True
) -> ParsedFile:
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    delimiter = ","
    records = list(_records(text, ","))
    warnings = []
    unwrapped = _unwrap_rows(records)
    if unwrapped is not None:
        records = unwrapped
        warnings.append(
            "Each row of this file was wrapped in quotes as one cell; Fieldwork read the "
            "columns from inside the quotes."
        )
    header_index = _find_linkedin_header(records)
    hint = re.fullmatch(r"sep=(.)", lines[0].strip()) if lines else None
    if hint and hint.group(1) in ",;\t|":
        # Excel's "sep=;" first line names the delimiter; the header is the next line.
        delimiter = hint.group(1)
        records = list(_records(text, delimiter))[1:]
        header_index = next((i for i, (_, cells) in enumerate(records) if any(cells)), None)
    elif header_index is None and unwrapped is None:
        delimiter = _sniff_delimiter([line for line in lines if line.strip()])
        if delimiter != ",":
            records = list(_records(text, delimiter))
        header_index = next((i for i, (_, cells) in enumerate(records) if any(cells)), None)
    elif header_index is None:
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
    elif check_name and not _has_name(guess_mapping(headers)):
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
        warnings=warnings,
    )
