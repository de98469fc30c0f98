"""Which file is which, and reading it: detect_kind() from a file's first bytes and name,
read_messages() for any of them, linkedin_connections() for the contact import's half of a
LinkedIn export, most_frequent_sender() to propose the person's own address.

Caps, each refused with a plain MessageFileError: a messages.csv over 200 MB, an mbox over
8 GB (it is streamed, so its size costs no memory; the cap only stops a wrong file being read
for an hour), a .eml over 50 MB, and in a .zip more than 20,000 files or more than 2 GB
uncompressed (a zip bomb), or a member larger than its own cap.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from lib.formats.messages.common import Prefixed, participant_key
from lib.formats.messages.linkedin import MAX_CSV_BYTES as MAX_CSV_BYTES
from lib.formats.messages.linkedin import NOT_LINKEDIN, header_of, read_linkedin_csv
from lib.formats.messages.mail import FROM_LINE_LOOSE, read_mail, read_mbox
from lib.formats.messages.model import SKIP_DRAFT, Message, MessageFileError, Participant

KINDS = ("linkedin_messages", "linkedin_zip", "mbox", "eml", "eml_zip")
HEAD_BYTES = 64 * 1024  # what detect_kind() needs to see of a file
MAX_MBOX_BYTES = 8 * 1024**3
MAX_EML_BYTES = 50 * 1024 * 1024
MAX_ZIP_MEMBERS = 20_000
MAX_ZIP_TOTAL = 2 * 1024**3

_MAIL_HEADERS = frozenset(
    b"from to subject date message-id received return-path mime-version delivered-to "
    b"reply-to cc x-gmail-labels content-type".split()
)
_HEADER_LINE = re.compile(rb"^([!-9;-~]+):")
_SIGNATURES = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"\x1f\x8b", "a gzip archive (unpack it first)"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"SQLite format 3", "a database file"),
    (b"BEGIN:VCARD", "a vCard (import it as contacts)"),
)
_WHAT_WE_READ = (
    "Fieldwork reads LinkedIn's messages.csv or its data export .zip, an mbox mailbox, "
    ".eml files and .zips of them."
)


def _is_linkedin_zip_member(name: str) -> bool:
    return PurePosixPath(name).name.casefold() == "messages.csv"


def _strip_head(head: bytes) -> bytes:
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return head.lstrip(b"\r\n\t ")


def _first_line(head: bytes) -> str:
    return head.split(b"\n", 1)[0].decode("utf-8", "replace").strip("\r")


def _looks_like_mail(head: bytes) -> bool:
    """Header lines first, at least one of them a mail header."""
    known = 0
    for raw in head.splitlines()[:40]:
        if not raw.strip():
            break
        if raw[:1] in (b" ", b"\t"):
            continue  # a folded header's continuation
        match = _HEADER_LINE.match(raw)
        if not match:
            return False
        known += match.group(1).lower() in _MAIL_HEADERS
    return known > 0


def detect_kind(data_head: bytes, file_name: str) -> str | None:
    """What a file is from its first bytes (HEAD_BYTES are plenty) and its name: one of KINDS,
    or None when it is none of them (a contact CSV, a vCard, anything else).

    A .zip is "eml_zip" when its first file is a .eml, else "linkedin_zip"; read_messages()
    looks inside and reads either kind whatever was guessed."""
    head = _strip_head(data_head[:HEAD_BYTES])
    name = file_name.casefold()
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        if head.startswith(b"PK\x03\x04") and len(head) >= 30:
            length = int.from_bytes(head[26:28], "little")
            first = head[30 : 30 + length].decode("utf-8", "replace").casefold()
            if first.endswith(".eml"):
                return "eml_zip"
        return "linkedin_zip"
    if head.startswith(b"From ") and FROM_LINE_LOOSE.match(head.split(b"\n", 1)[0]):
        return "mbox"
    if header_of(_first_line(head)) is not None:
        return "linkedin_messages"
    if _looks_like_mail(head):
        return "eml" if not name.endswith((".csv", ".vcf")) else None
    return None


def _what_it_is(head: bytes) -> str | None:
    head = _strip_head(head)
    for signature, what in _SIGNATURES:
        if head.startswith(signature):
            return what
    return None


@contextlib.contextmanager
def _opened(data: bytes | BinaryIO | Path):
    if isinstance(data, bytes | bytearray | memoryview):
        yield io.BytesIO(bytes(data)), len(data)
    elif isinstance(data, str | os.PathLike):
        path = Path(data)
        try:
            stream = path.open("rb")
        except OSError as error:
            raise MessageFileError(f"The file cannot be opened: {error.strerror}.") from error
        with stream:
            yield stream, path.stat().st_size
    else:
        size = None
        with contextlib.suppress(AttributeError, OSError, ValueError):
            if data.seekable():
                at = data.tell()
                size = data.seek(0, io.SEEK_END) - at
                data.seek(at)
        yield data, size


def _peek(stream: BinaryIO) -> tuple[bytes, BinaryIO]:
    """The first HEAD_BYTES and a stream that still starts at the beginning."""
    head = stream.read(HEAD_BYTES)
    with contextlib.suppress(AttributeError, OSError, ValueError):
        if stream.seekable():
            stream.seek(-len(head), io.SEEK_CUR)
            return head, stream
    return head, io.BufferedReader(Prefixed(head, stream))


def _too_big(size: int | None, cap: int, what: str) -> None:
    if size is not None and size > cap:
        raise MessageFileError(
            f"This {what} is {_size(size)}, more than the {_size(cap)} Fieldwork reads."
        )


def _size(count: int) -> str:
    if count >= 1024**3:
        return f"{count / 1024**3:.1f} GB"
    return f"{count / 1024**2:.0f} MB"


class _Capped(io.RawIOBase):
    """A stream that refuses to go past cap bytes (for streams of unknown size)."""

    def __init__(self, stream: BinaryIO, cap: int, what: str):
        self.stream, self.cap, self.what, self.seen = stream, cap, what, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.stream.read(len(buffer))
        self.seen += len(data)
        if self.seen > self.cap:
            raise MessageFileError(
                f"This {self.what} is more than the {_size(self.cap)} Fieldwork reads."
            )
        buffer[: len(data)] = data
        return len(data)


def read_messages(data: bytes | BinaryIO | Path, file_name: str) -> Iterator[Message]:
    """Every message in the file, one at a time, whatever kind it is (see detect_kind()).

    Raises MessageFileError, with a plain one-line reason, for a file that cannot be read at
    all: when it is not one of the kinds, too big, or damaged (before the first message, or at
    the point a damaged zip or CSV cannot go on). A single bad message never raises: it comes
    back with its skip_reason."""
    with _opened(data) as (stream, size):
        head, stream = _peek(stream)
        if not _strip_head(head):
            raise MessageFileError("The file is empty.")
        kind = detect_kind(head, file_name)
        if kind is None:
            raise MessageFileError(_not_ours(head, file_name))
        if kind == "mbox":
            _too_big(size, MAX_MBOX_BYTES, "mailbox")
            yield from read_mbox(stream)
        elif kind == "linkedin_messages":
            _too_big(size, MAX_CSV_BYTES, "messages.csv")
            yield from read_linkedin_csv(
                io.BufferedReader(_Capped(stream, MAX_CSV_BYTES, "messages.csv"))
            )
        elif kind == "eml":
            _too_big(size, MAX_EML_BYTES, ".eml file")
            yield read_mail(_read_capped(stream, MAX_EML_BYTES, ".eml file"), 1)
        else:
            yield from _read_zip(stream, file_name)


def _read_capped(stream: BinaryIO, cap: int, what: str) -> bytes:
    data = stream.read(cap + 1)
    if len(data) > cap:
        raise MessageFileError(f"This {what} is more than the {_size(cap)} Fieldwork reads.")
    return data


def _not_ours(head: bytes, file_name: str) -> str:
    what = _what_it_is(head)
    name = file_name.casefold()
    if what:
        return f"This file is {what}, not messages. {_WHAT_WE_READ}"
    if name.endswith(".mbox") or name.endswith(".mbx"):
        return (
            "This file does not start like a mailbox (an mbox begins with a 'From ' line). "
            + _WHAT_WE_READ
        )
    if name.endswith(".eml"):
        return "This .eml file has no mail headers (From:, To:, Subject:, Date:) at its start."
    if name.endswith(".csv") or b"," in head.split(b"\n", 1)[0]:
        lines = head[:4096].decode("utf-8", "replace").casefold().splitlines()
        if any("first name" in line and "url" in line for line in lines[:10]):
            return "This is LinkedIn's Connections.csv: import it as contacts, not as messages."
        return NOT_LINKEDIN
    return f"This file is not one Fieldwork reads messages from. {_WHAT_WE_READ}"


@contextlib.contextmanager
def _zip(stream: BinaryIO | bytes | Path | zipfile.ZipFile):
    if isinstance(stream, zipfile.ZipFile):
        yield stream
        return
    if isinstance(stream, bytes | bytearray):
        stream = io.BytesIO(bytes(stream))
    try:
        seekable = isinstance(stream, str | os.PathLike) or stream.seekable()
    except (AttributeError, OSError, ValueError):
        seekable = False
    if not seekable:
        stream = io.BytesIO(_read_capped(stream, MAX_ZIP_TOTAL, ".zip file"))
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise MessageFileError(
            "This .zip file is damaged or incomplete (perhaps it did not finish downloading)."
        ) from error
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise MessageFileError(
                f"This .zip holds {len(members):,} files, more than the {MAX_ZIP_MEMBERS:,} Fieldwork reads."
            )
        total = sum(member.file_size for member in members)
        if total > MAX_ZIP_TOTAL:
            raise MessageFileError(
                f"This .zip unpacks to {_size(total)}, more than the {_size(MAX_ZIP_TOTAL)} Fieldwork reads."
            )
        yield archive


def _member_bytes(archive: zipfile.ZipFile, member: zipfile.ZipInfo, cap: int) -> bytes:
    """A member's bytes, refusing more than cap whatever its header claims."""
    if member.file_size > cap:
        raise MessageFileError(
            f"{member.filename} in this .zip is {_size(member.file_size)}, more than the {_size(cap)} Fieldwork reads."
        )
    try:
        with archive.open(member) as opened:
            data = opened.read(cap + 1)
    except MessageFileError:
        raise
    except Exception as error:  # BadZipFile, zlib.error, EOFError, NotImplementedError ...
        raise MessageFileError(
            f"{member.filename} in this .zip cannot be unpacked: the .zip is damaged or incomplete."
        ) from error
    if len(data) > cap:
        raise MessageFileError(f"{member.filename} in this .zip is more than {_size(cap)}.")
    return data


def _files(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    return [
        m
        for m in archive.infolist()
        if not m.is_dir()
        and not PurePosixPath(m.filename).name.startswith("._")  # macOS resource forks
        and "__MACOSX/" not in m.filename
    ]


def _read_zip(stream: BinaryIO, file_name: str) -> Iterator[Message]:
    with _zip(stream) as archive:
        files = _files(archive)
        messages_csv = next((m for m in files if _is_linkedin_zip_member(m.filename)), None)
        if messages_csv is not None:
            data = _member_bytes(archive, messages_csv, MAX_CSV_BYTES)
            yield from read_linkedin_csv(io.BytesIO(data))
            return
        emls = [m for m in files if m.filename.casefold().endswith(".eml")]
        mboxes = [m for m in files if m.filename.casefold().endswith((".mbox", ".mbx"))]
        if not emls and not mboxes:
            if any(PurePosixPath(m.filename).name.casefold() == "connections.csv" for m in files):
                raise MessageFileError(
                    "This LinkedIn export holds no messages.csv: request the export with messages, "
                    "or import its Connections.csv as contacts."
                )
            raise MessageFileError(
                f"This .zip holds no messages.csv, .eml or .mbox file. {_WHAT_WE_READ}"
            )
        for number, member in enumerate(sorted(emls, key=lambda m: m.filename), start=1):
            yield read_mail(_member_bytes(archive, member, MAX_EML_BYTES), number)
        for member in mboxes:
            try:
                with archive.open(member) as opened:
                    yield from read_mbox(opened)
            except MessageFileError:
                raise
            except Exception as error:
                raise MessageFileError(
                    f"{member.filename} in this .zip cannot be unpacked: the .zip is damaged or incomplete."
                ) from error


def linkedin_connections(zip: bytes | BinaryIO | Path | zipfile.ZipFile) -> bytes | None:
    """Connections.csv's bytes from a LinkedIn export .zip, for the contact import, or None
    when the export holds none. MessageFileError for a damaged zip or a zip bomb."""
    with _zip(zip) as archive:
        member = next(
            (
                m
                for m in _files(archive)
                if PurePosixPath(m.filename).name.casefold() == "connections.csv"
            ),
            None,
        )
        return None if member is None else _member_bytes(archive, member, MAX_CSV_BYTES)


def zip_holds_messages(zip: bytes | BinaryIO | Path | zipfile.ZipFile) -> bool:
    """Whether a .zip holds anything read_messages() reads (a messages.csv, .eml or .mbox
    files): a LinkedIn export requested without messages holds only Connections.csv and the
    like. MessageFileError for a damaged zip or a zip bomb."""
    with _zip(zip) as archive:
        return any(
            _is_linkedin_zip_member(m.filename)
            or m.filename.casefold().endswith((".eml", ".mbox", ".mbx"))
            for m in _files(archive)
        )


def most_frequent_sender(messages: Iterable[Message]) -> Participant | None:
    """The participant in the most messages, as sender or recipient: the person themselves,
    whose own file it is (a received mail has them in To, a sent one in From). Mailing lists,
    spam and sponsored messages are left out, so a newsletter cannot win; ties go to who sent
    more. The participant returned is the first seen with a name, else the first seen."""
    seen: Counter[str] = Counter()
    sent: Counter[str] = Counter()
    first: dict[str, Participant] = {}
    for message in messages:
        if message.skip_reason not in (None, SKIP_DRAFT):
            continue
        keys = set()
        for number, person in enumerate((message.sender, *message.recipients)):
            key = participant_key(person)
            if not key:
                continue
            if key not in first or (person.name and not first[key].name):
                first[key] = person
            if number == 0:
                sent[key] += 1
            keys.add(key)
        seen.update(keys)
    if not seen:
        return None
    best = max(seen, key=lambda key: (seen[key], sent[key]))
    return first[best]
