"""Mail: one message's bytes (from an mbox, a .eml or a .zip of them) as a Message, and an
mbox stream cut into messages without reading the whole file.

Parsed by the standard library's email package with policy.compat32, whose headers stay
plain strings: policy.default's header objects cost over a millisecond a message, most of the
time of a 100,000-message mailbox. Encoded words are decoded with email.header.decode_header,
bodies (quoted-printable, base64) with get_payload(decode=True), each in its declared charset;
what does not decode is decoded with replacement characters rather than refused. A message that cannot be read at all still comes back, as a
Message skipped with SKIP_UNREADABLE, so the rest of the mailbox comes in.

Skipped (Message.skip_reason), first reason that applies:
- "A draft": Gmail's X-Gmail-Labels holds Draft or Drafts, or Thunderbird's X-Mozilla-Draft-Info
  is present.
- "In the spam folder": X-Gmail-Labels holds Spam.
- "Mailing list or bulk mail": a List-Id header, or Precedence: bulk, list or junk.
- "No date": no Date header, or one that is not a date.
"""

from __future__ import annotations

import codecs
import email
import hashlib
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email import policy
from email.header import decode_header
from email.message import Message as Message_
from email.utils import getaddresses, parsedate_to_datetime
from typing import BinaryIO

from lib.formats.messages.common import body, html_to_text, one_line, participant
from lib.formats.messages.model import (
    SKIP_BULK,
    SKIP_DRAFT,
    SKIP_NO_DATE,
    SKIP_SPAM,
    SKIP_UNREADABLE,
    Message,
    Participant,
)

# Of one message, the bytes parsed: headers and text come first, and a 40 MB attachment
# after them is neither needed nor worth the memory.
MAX_MESSAGE_BYTES = 4 * 1024 * 1024
_READ = 64 * 1024  # the longest piece of a line read at once
# "From 1779...@xxx Wed Oct 05 14:22:10 +0000 2026" (Gmail), "From - Wed Oct  5 14:22:10 2026"
# (Thunderbird), "From a@b.org Wed Oct  5 14:22:10 2026" (Apple Mail, mutt).
_FROM_STRICT = re.compile(
    rb"^From \S+ +(?:[A-Z][a-z]{2},? +)?[A-Z][a-z]{2} +\d{1,2} +\d{1,2}:\d{2}(?::\d{2})?\b.*\d{4}"
)
FROM_LINE_LOOSE = re.compile(rb"^From \S+ .*\d{1,2}:\d{2}")
_QUOTED_FROM = re.compile(rb"^>+From ")
_BULK_PRECEDENCE = frozenset(("bulk", "list", "junk"))
_FOLD = re.compile(r"\r?\n[ \t]")
# One address with a plain or quoted display name, or a bare address: nothing getaddresses
# would read differently (no comma outside quotes, no comment, no group, no escapes).
_ATEXT_ADDRESS = r"([^<>\s@,;:\"()\\\[\]]+@[^<>\s@,;:\"()\\\[\]]+)"
_SIMPLE_ADDRESS = re.compile(
    r'^\s*(?:"([^"\\\r\n]*)"|([^",;:<>@()\\\[\]\r\n]*?))\s*<' + _ATEXT_ADDRESS + r">\s*$"
)
_BARE_ADDRESS = re.compile(r"^\s*" + _ATEXT_ADDRESS + r"\s*$")


def mbox_chunks(stream: BinaryIO) -> Iterator[bytes]:
    """The messages of an mbox, one at a time as bytes (its From_ line left out, '>From '
    unquoted as mboxrd writes it, each capped at MAX_MESSAGE_BYTES). A From_ line starts a
    message when it has the form mail programs write, or a looser one after a blank line.
    Lines before the first From_ line are ignored."""
    lines: list[bytes] = []
    size = 0
    started = False
    at_start = True  # the piece read begins a line
    blank_before = True
    while True:
        piece = stream.readline(_READ)
        if not piece:
            break
        begins = at_start
        at_start = piece.endswith(b"\n")
        if (
            begins
            and piece.startswith(b"From ")
            and (_FROM_STRICT.match(piece) or (blank_before and FROM_LINE_LOOSE.match(piece)))
        ):
            if started:
                yield b"".join(lines)
            lines, size, started, blank_before = [], 0, True, False
            continue
        if started and size < MAX_MESSAGE_BYTES:
            if begins and piece.startswith(b">") and _QUOTED_FROM.match(piece):
                piece = piece[1:]
            lines.append(piece)
            size += len(piece)
        blank_before = begins and not piece.strip()
    if started:
        yield b"".join(lines)


def _decode_words(value: str) -> str:
    """RFC 2047 encoded words (=?UTF-8?B?...?=, =?iso-8859-1?q?...?=) decoded, an unknown
    charset or a broken word decoded with replacement characters, never raising."""
    if "=?" not in value:
        return value
    try:
        parts = decode_header(value)
    except Exception:
        return value
    text = []
    for chunk, charset in parts:
        if isinstance(chunk, str):
            text.append(chunk)
            continue
        if charset is None:  # the plain text between encoded words, as decode_header gives it
            text.append(chunk.decode("raw-unicode-escape", errors="replace"))
            continue
        try:
            text.append(chunk.decode(_known(charset) or "utf-8", errors="replace"))
        except Exception:
            text.append(chunk.decode("utf-8", errors="replace"))
    # decode_header drops the space between an encoded word and plain text only when both
    # sides are encoded, as RFC 2047 says; joining the pieces keeps that.
    return "".join(text)


def _known(charset: str | None) -> str | None:
    if not charset:
        return None
    try:
        return codecs.lookup(charset).name
    except (LookupError, ValueError, TypeError):
        return "utf-8"


class _Headers:
    """A mail's headers by lowercased name, gathered in one pass (a mail is asked for a dozen
    headers, and scanning all of them for each was a tenth of a mailbox's reading time)."""

    def __init__(self, msg: Message_):
        self.values: dict[str, list[str]] = {}
        for key, value in msg.raw_items():
            self.values.setdefault(key.lower(), []).append(value)

    def all(self, name: str) -> list[str]:
        """Every value of a header as it came, 8-bit bytes (which RFC 5322 forbids but mail
        programs write) read as UTF-8 with replacement, folded lines unfolded."""
        values = []
        for value in self.values.get(name.lower(), ()):
            text = str(value)
            if not text.isascii():
                text = text.encode("ascii", "surrogateescape").decode("utf-8", "replace")
            if "\n" in text:
                text = _FOLD.sub(" ", text)
            values.append(text.strip())
        return values

    def raw(self, name: str) -> str:
        values = self.all(name)
        return values[0] if values else ""

    def decoded(self, name: str) -> str:
        """A header's decoded text, "" when absent."""
        return _decode_words(self.raw(name))


def _addresses(values: list[str]) -> list[tuple[str, str]]:
    """(display name, address) pairs, as email.utils.getaddresses gives them; one plain
    'Name <address>' or bare address is read by a regular expression, as fast again."""
    if len(values) == 1:
        simple = _SIMPLE_ADDRESS.match(values[0])
        if simple:
            quoted, plain, address = simple.groups()
            return [(quoted if quoted is not None else " ".join(plain.split()), address)]
        bare = _BARE_ADDRESS.match(values[0])
        if bare:
            return [("", bare.group(1))]
    return getaddresses(values)


def _people(headers: _Headers, *names: str) -> tuple[Participant, ...]:
    """The addresses of From, To, Cc: split first, then each display name decoded, so an
    encoded name holding a comma stays one person."""
    found: list[Participant] = []
    for name in names:
        values = headers.all(name)
        if not values:
            continue
        try:
            pairs = _addresses(values)
        except Exception:
            pairs = []
        for display, address in pairs:
            person = participant(_decode_words(display), address)
            if person.name or person.email:
                found.append(person)
    return tuple(found)


def _date(headers: _Headers) -> datetime | None:
    raw = " ".join(headers.raw("Date").split())
    if not raw:
        return None
    try:
        moment = parsedate_to_datetime(raw)
        if moment.tzinfo is None:  # "-0000": the time is UTC, its zone unknown
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    except (TypeError, ValueError, OverflowError, IndexError):
        return None


def _decoded(part: Message_) -> str:
    """A text part's payload decoded: its charset when Python knows it, else UTF-8, with
    replacement characters for what does not decode."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return str(payload or "")
    payload = payload[:MAX_MESSAGE_BYTES]
    charset = "utf-8"
    try:
        charset = part.get_content_charset() or "utf-8"
        codecs.lookup(charset)
    except (LookupError, ValueError, TypeError):
        charset = "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except Exception:  # a codec that fails even with replacement
        return payload.decode("utf-8", errors="replace")


def _text(msg: Message_) -> str:
    """The plain-text body: text/plain when there is one, else text/html made text."""
    plain = html = None
    try:
        parts = list(msg.walk())
    except Exception:
        parts = [msg]
    for part in parts:
        try:
            if part.is_multipart() or part.get_content_disposition() == "attachment":
                continue
            kind = part.get_content_type()
        except Exception:
            continue
        if kind == "text/plain" and plain is None:
            plain = _decoded(part)
        elif kind == "text/html" and html is None:
            html = _decoded(part)
        if plain is not None:
            break
    if plain is not None and plain.strip():
        return body(plain)
    if html is not None:
        return body(html_to_text(html))
    return body(plain or "")


def _message_id(value: str) -> str:
    return one_line(value).strip().strip("<>").strip()


def _thread(headers: _Headers) -> str | None:
    """The root of the thread: References' first id, else In-Reply-To, else None."""
    for name in ("References", "In-Reply-To"):
        value = headers.raw(name)
        ids = re.findall(r"<([^<>\s]+)>", value)
        if ids:
            return ids[0]
        bare = _message_id(value.split()[0]) if value.split() else ""
        if bare:
            return bare
    return None


def _skip_reason(headers: _Headers, sent_at: datetime | None) -> str | None:
    labels = {label.strip().lower() for label in headers.decoded("X-Gmail-Labels").split(",")}
    if labels & {"draft", "drafts"} or headers.raw("X-Mozilla-Draft-Info"):
        return SKIP_DRAFT
    if "spam" in labels:
        return SKIP_SPAM
    if headers.raw("List-Id") or headers.raw("Precedence").strip().lower() in _BULK_PRECEDENCE:
        return SKIP_BULK
    if sent_at is None:
        return SKIP_NO_DATE
    return None


def _hash_key(*fields: str) -> str:
    return hashlib.sha256("\x1f".join(fields).encode("utf-8", "replace")).hexdigest()


def read_mail(data: bytes, line: int | None = None) -> Message:
    """One mail's bytes as a Message; never raises (an unreadable one is skipped)."""
    try:
        msg = email.message_from_bytes(data[:MAX_MESSAGE_BYTES], policy=policy.compat32)
        return _from_email(msg, line)
    except Exception:
        return Message(
            source="mail",
            source_key=_hash_key("unreadable", hashlib.sha256(data).hexdigest()),
            sent_at=None,
            sender=Participant("", None, None),
            recipients=(),
            subject="",
            text="",
            thread=None,
            skip_reason=SKIP_UNREADABLE,
            line=line,
        )


def _from_email(msg: Message_, line: int | None) -> Message:
    headers = _Headers(msg)
    sent_at = _date(headers)
    senders = _people(headers, "From")
    sender = senders[0] if senders else Participant("", None, None)
    recipients = _people(headers, "To", "Cc")
    subject = one_line(headers.decoded("Subject"))
    text = _text(msg)
    key = _message_id(headers.raw("Message-ID"))
    if not key:
        key = _hash_key(
            sent_at.isoformat() if sent_at else one_line(headers.raw("Date")),
            sender.email or sender.name,
            ",".join(p.email or p.name for p in recipients),
            subject,
            text[:200],
        )
    return Message(
        source="mail",
        source_key=key,
        sent_at=sent_at,
        sender=sender,
        recipients=recipients,
        subject=subject,
        text=text,
        thread=_thread(headers),
        skip_reason=_skip_reason(headers, sent_at),
        line=line,
    )


def read_mbox(stream: BinaryIO) -> Iterator[Message]:
    """Every message of an mbox stream, one at a time; line is its number in the file (1, 2 ...)."""
    for number, chunk in enumerate(mbox_chunks(stream), start=1):
        yield read_mail(chunk, number)
