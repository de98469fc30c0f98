"""LinkedIn's messages.csv, read row by row.

The columns, in the 2024 layout: CONVERSATION ID, CONVERSATION TITLE, FROM, SENDER PROFILE
URL, TO, RECIPIENT PROFILE URLS, DATE, SUBJECT, CONTENT, FOLDER, then ATTACHMENTS and IS
MESSAGE DRAFT in newer exports. Older exports lack some of them (RECIPIENT PROFILE URLS, the
conversation columns); FROM, DATE and CONTENT are the ones a file must have. Names are matched
whatever their case and order, and unknown columns are ignored.

What is skipped, and why (LinkedIn documents none of this; it is what exports show):
- "A draft": IS MESSAGE DRAFT is true (true/yes/1), or FOLDER is DRAFT or DRAFTS.
- "In the spam folder": FOLDER contains SPAM or JUNK.
- "Sponsored InMail": FOLDER or CONVERSATION TITLE contains "sponsored" (LinkedIn files its
  paid ads as "Sponsored Conversation"s), or a SPONSORED / IS SPONSORED column is true. A plain
  InMail is not skipped: the person's own InMail to a contact is an outreach.
- "No date": DATE is empty or not a date.
FOLDER's other values (INBOX, SENT, ARCHIVE, ...) are messages like any other.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import BinaryIO

from lib.formats.messages.common import (
    Prefixed,
    body,
    html_to_text,
    looks_like_html,
    one_line,
    repair_mojibake,
)
from lib.formats.messages.common import participant as make_participant
from lib.formats.messages.model import (
    SKIP_DRAFT,
    SKIP_NO_DATE,
    SKIP_SPAM,
    SKIP_SPONSORED,
    Message,
    MessageFileError,
    Participant,
)

COLUMNS = (
    "CONVERSATION ID",
    "CONVERSATION TITLE",
    "FROM",
    "SENDER PROFILE URL",
    "TO",
    "RECIPIENT PROFILE URLS",
    "DATE",
    "SUBJECT",
    "CONTENT",
    "FOLDER",
)
REQUIRED = ("FROM", "DATE", "CONTENT")
MAX_CSV_BYTES = 200 * 1024 * 1024
_FIELD_LIMIT = MAX_CSV_BYTES  # one CONTENT cell may be long; the file's cap bounds it
_HEADER_ROWS_LOOKED_AT = 10
_TRUE = frozenset(("true", "yes", "1", "y"))
_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S %Z",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M %Z",
    "%Y-%m-%d %H:%M",
    "%m/%d/%y, %I:%M %p",
    "%m/%d/%Y, %I:%M %p",
    "%m/%d/%Y %H:%M",
)
NOT_LINKEDIN = (
    "This CSV is not LinkedIn's messages.csv: it has no FROM, DATE and CONTENT columns. "
    "Choose messages.csv from LinkedIn's data export (or the export's .zip)."
)


def header_of(first_line: str) -> list[str] | None:
    """The upper-cased column names when the line is messages.csv's header, else None."""
    try:
        row = next(csv.reader([first_line]))
    except (csv.Error, StopIteration):
        return None
    names = [one_line(cell).upper() for cell in row]
    return names if all(name in names for name in REQUIRED) else None


def parse_date(value: str) -> datetime | None:
    """'2026-10-05 14:22:10 UTC' (and the older layouts' forms) as an aware UTC datetime."""
    text = " ".join(value.split())
    if not text:
        return None
    if text.endswith(" UTC") or text.endswith(" GMT"):
        text = text[:-4]
    # LinkedIn's own layout is ISO; fromisoformat reads it ten times faster than strptime and
    # the same way (the formats below that it also matches give the same moment).
    if len(text) == 19 and text[4] == "-" and text[10] == " ":
        try:
            return datetime.fromisoformat(text).replace(tzinfo=UTC)
        except ValueError:
            pass
    for form in _DATE_FORMATS:
        try:
            moment = datetime.strptime(text, form.replace(" %Z", ""))
        except ValueError:
            continue
        return moment.replace(tzinfo=UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    try:
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    except (OverflowError, ValueError):
        return None


def _text_stream(stream: BinaryIO) -> io.TextIOBase:
    """The CSV's text: UTF-8 (with or without BOM) as LinkedIn writes it, Windows-1252 when
    the first megabyte is not UTF-8 (a file re-saved by a spreadsheet)."""
    head = stream.read(1024 * 1024)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        encoding = "utf-8-sig"
    except UnicodeDecodeError:
        encoding = "cp1252"
    rest = io.BufferedReader(Prefixed(head, stream))
    return io.TextIOWrapper(rest, encoding=encoding, errors="replace", newline="")


def _recipients(names: str, urls: str) -> tuple[Participant, ...]:
    """TO and RECIPIENT PROFILE URLS, paired by position when they have as many entries.

    Profile URLs hold no commas, names may ("Jane Doe, PhD"): with one URL (or none) TO is one
    name; with several URLs and as many comma-separated names they pair up; else the URLs
    stand alone.
    """
    url_list = [u for u in re.split(r"[,\s]+", urls) if u]
    if len(url_list) <= 1:
        name = one_line(names)
        if not name and not url_list:
            return ()
        return (make_participant(name, None, url_list[0] if url_list else None),)
    name_list = [n.strip() for n in names.split(",")]
    if len(name_list) != len(url_list):
        name_list = [""] * len(url_list)
    return tuple(make_participant(n, None, u) for n, u in zip(name_list, url_list, strict=True))


def _skip_reason(get, sent_at: datetime | None) -> str | None:
    folder = get("FOLDER").upper()
    if get("IS MESSAGE DRAFT").lower() in _TRUE or folder in ("DRAFT", "DRAFTS"):
        return SKIP_DRAFT
    if "SPAM" in folder or "JUNK" in folder:
        return SKIP_SPAM
    if (
        "SPONSORED" in folder
        or "sponsored" in get("CONVERSATION TITLE").lower()
        or get("SPONSORED").lower() in _TRUE
        or get("IS SPONSORED").lower() in _TRUE
    ):
        return SKIP_SPONSORED
    if sent_at is None:
        return SKIP_NO_DATE
    return None


def _message(row: list[str], index: dict[str, int], line: int) -> Message:
    def get(column: str) -> str:
        at = index.get(column)
        return row[at] if at is not None and at < len(row) else ""

    def text(column: str) -> str:
        return repair_mojibake(get(column))

    sent_at = parse_date(get("DATE"))
    sender = make_participant(text("FROM"), None, get("SENDER PROFILE URL"))
    content = text("CONTENT")
    if looks_like_html(content):
        content = html_to_text(content)
    conversation = one_line(get("CONVERSATION ID"))
    who = sender.linkedin_url or sender.name
    return Message(
        source="linkedin",
        source_key=f"linkedin:{conversation}:{sent_at.isoformat() if sent_at else ''}:{who}",
        sent_at=sent_at,
        sender=sender,
        recipients=_recipients(text("TO"), get("RECIPIENT PROFILE URLS")),
        subject=one_line(text("SUBJECT")),
        text=body(content),
        thread=conversation or None,
        skip_reason=_skip_reason(get, sent_at),
        line=line,
    )


def read_linkedin_csv(stream: BinaryIO) -> Iterator[Message]:
    """Every row of messages.csv as a Message, streamed. Raises MessageFileError before the
    first message when the file is not messages.csv.

    A row's key is f"linkedin:{conversation}:{date}:{sender}"; two rows with the same key in one
    file (a message and its attachment sent in the same second) get ":2", ":3" after it, in
    file order, so each stays unique and a second import of the same file finds the same keys.
    line is the row's line number in the file, counting the header as line 1.
    """
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(_FIELD_LIMIT)
    reader = csv.reader(_text_stream(stream))
    index: dict[str, int] | None = None
    try:
        for _ in range(_HEADER_ROWS_LOOKED_AT):
            row = next(reader, None)
            if row is None:
                break
            names = [one_line(cell).upper() for cell in row]
            if all(name in names for name in REQUIRED):
                index = {}
                for at, name in enumerate(names):
                    index.setdefault(name, at)
                break
    except csv.Error as error:
        raise MessageFileError(f"This CSV cannot be read: {error}.") from error
    if index is None:
        raise MessageFileError(NOT_LINKEDIN)
    seen: dict[str, int] = {}
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader, None)
        except csv.Error as error:
            raise MessageFileError(
                f"messages.csv cannot be read after line {line - 1}: {error}."
            ) from error
        if row is None:
            return
        if not any(cell.strip() for cell in row):
            continue
        message = _message(row, index, line)
        count = seen.get(message.source_key, 0) + 1
        seen[message.source_key] = count
        if count > 1:
            message = replace(message, source_key=f"{message.source_key}:{count}")
        yield message
