"""What a preview keeps of the messages read: KeptMessages, a Kept each, without their text,
in a temporary SQLite file (Spool) rather than in memory.

A ten-year mailbox is several hundred thousand messages, and a preview holds every one of them
until the import is applied (the row report names each). So it keeps only what the import
writes and the report says: the source and its key, the date and its local day, the
participants, the subject, and the summary the import stores (the subject and the first lines,
at most SUMMARY_CHARS), one row per message in a private temporary database whose page cache
is capped: a file's size costs disk, not memory. The text is let go as soon as its summary is
made; when the person keeps the full text, apply_messages reads the files again for it.

What stays in memory is what repeats: each participant and each list of recipients, held once
and known in the rows by its number (Distinct). A Kept is made when one is asked for.
"""

from __future__ import annotations

import sqlite3
import threading
import weakref
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from lib.formats.messages.model import Message, Participant
from lib.text import clean

SUMMARY_CHARS = 300


def summary_of(subject: str, text: str) -> str:
    """The subject and the first lines of the text, on one line, at most SUMMARY_CHARS."""
    subject = " ".join((subject or "").split())
    # Only the first lines are looked at: the rest of a long mail (its quoted history) could
    # not change what is kept.
    length = len(subject)  # of the flat text so far ("subject — line line ...")
    lines: list[str] = []
    for raw in (text or "").splitlines():
        line = " ".join(raw.split())
        if line and not line.startswith(">"):
            if lines:
                length += 1  # the space before it
            elif subject:
                length += len(" — ")
            length += len(line)
            lines.append(line)
            if length > SUMMARY_CHARS:
                break
    first = " ".join(lines)
    flat = f"{subject} — {first}" if subject and first else subject or first
    if len(flat) <= SUMMARY_CHARS:
        return flat
    cut = flat[: SUMMARY_CHARS - 1].rsplit(" ", 1)[0].rstrip(",.;:—")
    return cut + "…"


class Spool:
    """A private temporary SQLite database for the rows of one preview. SQLite gives a database
    opened as "" a file of its own, used once its page cache (capped here) is full and deleted
    when it is closed: closed, and gone, with the last object that uses it.

    Streamlit reruns a page in another thread, so the connection is shared under a lock, taken
    for each statement (and each batch of rows read). Rows a plan no longer needs are deleted
    by the next plan (forget), not by the garbage collector while another plan reads."""

    CACHE_KIB = 8 * 1024
    BATCH = 2_000

    def __init__(self) -> None:
        self._connection = sqlite3.connect("", check_same_thread=False, isolation_level=None)
        for pragma in (
            f"cache_size = -{self.CACHE_KIB}",
            "journal_mode = OFF",
            "synchronous = OFF",
            "temp_store = FILE",
        ):
            self._connection.execute(f"PRAGMA {pragma}")
        self._lock = threading.RLock()
        self._forgotten: list[tuple[str, int]] = []
        self._last_id = 0
        weakref.finalize(self, self._connection.close)

    def execute(self, sql: str, params: Sequence = ()) -> list[tuple]:
        with self._lock:
            return self._connection.execute(sql, params).fetchall()

    def executemany(self, sql: str, rows: Iterable[Sequence]) -> None:
        with self._lock:
            self._connection.executemany(sql, rows)

    def rows(self, sql: str, params: Sequence = ()) -> Iterator[tuple]:
        """The rows of a query, read a batch at a time."""
        with self._lock:
            cursor = self._connection.execute(sql, params)
        while True:
            with self._lock:
                batch = cursor.fetchmany(self.BATCH)
            if not batch:
                return
            yield from batch

    def new_id(self) -> int:
        """A number for a new set of rows; the rows forgotten since are deleted now."""
        with self._lock:
            for table, number in self._forgotten:
                self._connection.execute(f"DELETE FROM {table} WHERE plan = ?", [number])
            self._forgotten.clear()
            self._last_id += 1
            return self._last_id

    def forget(self, table: str, number: int) -> None:
        """The rows of table for number are no longer needed (a finalizer's callback)."""
        with self._lock:
            self._forgotten.append((table, number))


@dataclass(slots=True)
class Kept:
    """One message as a preview keeps it: everything of the Message but its text, and the
    summary the import stores (None when that is empty, and for a message its reader skipped,
    which is never imported)."""

    source: str  # "linkedin" or "mail"
    source_key: str
    sent_at: datetime | None  # aware, UTC
    day: date | None  # sent_at's date in the person's time zone
    sender: Participant
    recipients: tuple[Participant, ...]
    subject: str
    skip_reason: str | None  # the reader's (model.SKIP_REASONS), or None
    line: int | None
    summary: str | None = None


class Distinct:
    """Values that repeat (a sender, a list of recipients), each held once and known by its
    number."""

    __slots__ = ("values", "_numbers")

    def __init__(self) -> None:
        self.values: list = []
        self._numbers: dict | None = {}  # value -> its number, while values are added

    def number(self, value, held=None) -> int:
        """value's number; held(value), when given, makes what is held of a new value."""
        numbers = self._numbers
        if numbers is None:
            numbers = self._numbers = {value: n for n, value in enumerate(self.values)}
        found = numbers.get(value)
        if found is None:
            value = value if held is None else held(value)
            found = numbers[value] = len(self.values)
            self.values.append(value)
        return found

    def done(self) -> None:
        """No more values for now: the lookup that shares them is let go."""
        self._numbers = None

    def __getitem__(self, number: int):
        return self.values[number]

    def __len__(self) -> int:
        return len(self.values)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
# The columns of a kept row, in this order wherever a query reads one (KeptMessages.row_of).
ROW = "ref, source, key, micros, day, sender, recipients, subject, skip, line, summary"
_TABLE = """CREATE TABLE kept (
    ref INTEGER PRIMARY KEY, source TEXT, key TEXT, micros INTEGER, day INTEGER,
    sender INTEGER, recipients INTEGER, subject TEXT, skip TEXT, line INTEGER, summary TEXT,
    repeated INTEGER NOT NULL DEFAULT 0)"""


def marks(count: int) -> str:
    """The placeholders of an INSERT of count values: "?, ?, ?"."""
    return ", ".join("?" * count)


_INSERT = f"INSERT INTO kept ({ROW}) VALUES ({marks(len(ROW.split(',')))})"


def micros_of(sent_at: datetime | None) -> int | None:
    return None if sent_at is None else (sent_at - _EPOCH) // _MICROSECOND


def moment(micros: int | None) -> datetime | None:
    return None if micros is None else _EPOCH + micros * _MICROSECOND


class KeptMessages(Sequence[Kept]):
    """Messages as a preview keeps them (a Kept each, made on asking): a row each in the spool,
    numbered in the files' order (ref), with the participants held once (senders,
    recipients). repeated marks the rows whose key is on another row too."""

    def __init__(self) -> None:
        self.spool = Spool()
        self.spool.execute(_TABLE)
        self.senders = Distinct()
        self.recipients = Distinct()
        self.keys = _Keys(self)
        self._sources: set[str] = set()
        self._count = 0
        self._pending: list[tuple] = []
        # While messages are added: the names and addresses, and the participants, held.
        self._texts: dict[str, str] | None = {}
        self._people_held: dict[Participant, Participant] | None = {}
        self._dates: dict[int, date] = {}

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, ref: int) -> Kept:  # type: ignore[override]
        return self.kept_of(self.row_of(ref))

    def __iter__(self) -> Iterator[Kept]:
        return (self.kept_of(row) for row in self.rows())

    def rows(self, columns: str = ROW) -> Iterator[tuple]:
        """Every kept row, in the files' order."""
        self._flush()
        return self.spool.rows(f"SELECT {columns} FROM kept ORDER BY ref")

    def row_of(self, ref: int) -> tuple:
        if ref < 0:
            ref += self._count
        self._flush()
        found = self.spool.execute(f"SELECT {ROW} FROM kept WHERE ref = ?", [ref])
        if not found:
            raise IndexError(ref)
        return found[0]

    def kept_of(self, row: tuple) -> Kept:
        """The Kept of a row read as ROW."""
        _, source, key, micros, ordinal, sender, recipients, subject, skip, line, summary = row
        return Kept(
            source,
            key,
            moment(micros),
            self.day_of(ordinal),
            self.senders.values[sender],
            self.recipients.values[recipients],
            subject,
            skip,
            line,
            summary,
        )

    def day_of(self, ordinal: int | None) -> date | None:
        if ordinal is None:
            return None
        day = self._dates.get(ordinal)
        if day is None:
            day = self._dates[ordinal] = date.fromordinal(ordinal)
        return day

    def source_set(self) -> set[str]:
        """The sources ('mail', 'linkedin') of the messages."""
        return set(self._sources)

    def sender_counts(
        self, sources: set[str] | None = None, unskipped: bool = False
    ) -> Counter[Participant]:
        """How many messages each sender sent (of these sources; unskipped: only those their
        reader did not skip), in the order the senders first appear."""
        self._flush()
        where = "WHERE skip IS NULL" if unskipped else ""
        counts: Counter[Participant] = Counter()
        for source, sender, n in self.spool.rows(
            f"SELECT source, sender, count(*) FROM kept {where} GROUP BY sender, source"
        ):
            if sources is None or source in sources:
                counts[self.senders.values[sender]] += n
        return counts

    def _text(self, text: str | None) -> str | None:
        if text is None:
            return None
        if self._texts is None:
            self._texts = {}
        return self._texts.setdefault(text, text)

    def _person(self, person: Participant) -> Participant:
        """The participant held once, and its name and addresses too (a contact's address
        comes with many display names, a display name with many addresses)."""
        if self._people_held is None:
            self._people_held = {}
        held = self._people_held.get(person)
        if held is None:
            held = Participant(
                self._text(person.name), self._text(person.email), self._text(person.linkedin_url)
            )
            self._people_held[held] = held
        return held

    def _people(self, people: tuple[Participant, ...]) -> tuple[Participant, ...]:
        return tuple(self._person(person) for person in people)

    def append(self, message: Message | Kept) -> None:
        """One message more, kept without its text (its summary made)."""
        sent_at = message.sent_at
        if isinstance(message, Kept):
            summary = message.summary
        elif message.skip_reason is None and sent_at is not None:
            summary = clean(summary_of(message.subject, message.text)) or None
        else:
            summary = None  # a message its reader skipped is never imported
        self._sources.add(message.source)
        self._pending.append(
            (
                self._count,
                message.source,
                message.source_key,
                micros_of(sent_at),
                None if sent_at is None else sent_at.astimezone().date().toordinal(),
                self.senders.number(message.sender, self._person),
                self.recipients.number(message.recipients, self._people),
                message.subject,
                message.skip_reason,
                message.line,
                summary,
            )
        )
        self._count += 1
        if len(self._pending) >= Spool.BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self.spool.executemany(_INSERT, self._pending)
            self._pending = []

    def extend(self, messages: Iterable[Message | Kept]) -> None:
        for message in messages:
            self.append(message)

    def done(self) -> None:
        """No more messages for now: what shares the values while adding them is let go, and
        the rows whose key is on another row are marked repeated."""
        self._flush()
        self._texts = self._people_held = None
        self.senders.done()
        self.recipients.done()
        self.spool.execute("CREATE INDEX IF NOT EXISTS kept_key ON kept (key)")
        self.spool.execute(
            """UPDATE kept SET repeated = 1
            WHERE key IN (SELECT key FROM kept GROUP BY key HAVING count(*) > 1)"""
        )


class _Keys(Sequence[str]):
    """The kept messages' source keys, in the files' order, read from the spool."""

    def __init__(self, kept: KeptMessages) -> None:
        self._kept = kept

    def __len__(self) -> int:
        return len(self._kept)

    def __getitem__(self, ref: int) -> str:  # type: ignore[override]
        return self._kept.row_of(ref)[2]

    def __iter__(self) -> Iterator[str]:
        return (row[0] for row in self._kept.rows("key"))


def keep(messages: Iterable[Message | Kept], into: KeptMessages | None = None) -> KeptMessages:
    """Every message as a preview keeps it, read one at a time, so that the texts of a whole
    mailbox are never in memory together (into: add them to these). KeptMessages given
    alone are kept as they are."""
    if into is None and isinstance(messages, KeptMessages):
        return messages
    kept = KeptMessages() if into is None else into
    kept.extend(messages)
    kept.done()
    return kept
