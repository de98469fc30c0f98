"""What a preview keeps of the messages read: KeptMessages, a Kept each, without their text.

A ten-year mailbox is several hundred thousand messages, and a preview holds every one of them
until the import is applied (the row report names each). So it keeps only what the import
writes and the report says: the source and its key, the date and its local day, the
participants, the subject, and where to find the summary the import stores (the subject and
the first lines, at most SUMMARY_CHARS: in a temporary file, Summaries). The text is let go as
soon as its summary is made; when the person keeps the full text, apply_messages reads the
files again for it.

keep() reads the messages one at a time into KeptMessages, which hold them column by column
(numbers in arrays, each repeated value once: a participant, a list of recipients, a
subject), since a Python object per message, and per date and number in it, cost more than
the message's text did. A Kept is made when one is asked for.
"""

from __future__ import annotations

import tempfile
import threading
import weakref
from array import array
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


class Summaries:
    """Summaries in a temporary file, each read back by where it was written (put's number).

    The import writes a message's summary and nothing shows it, so it need not be in memory:
    a mailbox's summaries are a hundred megabytes as strings (300 characters, most made
    two-byte by a dash or an ellipsis), a few megabytes of numbers here. The file has no name
    (or loses it when closed), and goes with the last message kept with it."""

    _LENGTH_BITS = 16  # a summary is at most SUMMARY_CHARS characters, 4 bytes each in UTF-8

    def __init__(self) -> None:
        self._file = None
        self._end = 0
        self._read_since = False  # the file is not at its end (a seek there flushes writes)
        self._lock = threading.Lock()

    def put(self, text: str) -> int:
        data = text.encode("utf-8", "surrogatepass")
        if len(data) >> self._LENGTH_BITS:
            raise ValueError("a summary is longer than SUMMARY_CHARS characters")
        with self._lock:
            if self._file is None:
                # Open as long as the summaries are: closed (and gone) when they are.
                self._file = tempfile.TemporaryFile(prefix="fieldwork-summaries-")  # noqa: SIM115
                weakref.finalize(self, self._file.close)
            if self._read_since:
                self._file.seek(self._end)
                self._read_since = False
            self._file.write(data)
            at = self._end << self._LENGTH_BITS | len(data)
            self._end += len(data)
        return at

    def get(self, at: int) -> str:
        with self._lock:
            self._read_since = True
            self._file.seek(at >> self._LENGTH_BITS)
            data = self._file.read(at & ((1 << self._LENGTH_BITS) - 1))
        return data.decode("utf-8", "surrogatepass")


@dataclass(slots=True)
class Kept:
    """One message as a preview keeps it: everything of the Message but its text (made on
    asking, from the KeptMessages that hold the messages column by column)."""

    source: str  # "linkedin" or "mail"
    source_key: str
    sent_at: datetime | None  # aware, UTC
    day: date | None  # sent_at's date in the person's time zone
    sender: Participant
    recipients: tuple[Participant, ...]
    subject: str
    skip_reason: str | None  # the reader's (model.SKIP_REASONS), or None
    line: int | None
    summaries: Summaries | None = None  # where the summary is, None when there is none
    summary_at: int = 0

    @property
    def summary(self) -> str | None:
        """What the import stores as the interaction's summary: None when that is empty, and
        for a message its reader skipped, which is never imported."""
        return None if self.summaries is None else self.summaries.get(self.summary_at)


class Column:
    """A column whose values repeat (a source, a sender, a subject): each value held once, and
    for each row a 4-byte number saying which."""

    __slots__ = ("values", "rows", "_numbers")

    def __init__(self) -> None:
        self.values: list = []
        self.rows = array("I")
        self._numbers: dict | None = {}  # value -> its number, while rows are added

    def append(self, value, held=None) -> None:
        """A row of value; held(value), when given, makes what is held of a new value."""
        numbers = self._numbers
        if numbers is None:
            numbers = self._numbers = {value: n for n, value in enumerate(self.values)}
        number = numbers.get(value)
        if number is None:
            value = value if held is None else held(value)
            number = numbers[value] = len(self.values)
            self.values.append(value)
        self.rows.append(number)

    def done(self) -> None:
        """No more rows for now: the lookup that shares the values is let go."""
        self._numbers = None

    def __getitem__(self, row: int):
        return self.values[self.rows[row]]

    def __len__(self) -> int:
        return len(self.rows)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_NO_TIME = -(2**63)
_NO_LINE = -1


class KeptMessages(Sequence[Kept]):
    """Messages as a preview keeps them (a Kept each, made on asking), held column by column:
    numbers for the date, the day, the line and the summary's place; a shared value for the
    source, the participants, the subject and the reader's reason; and the source key."""

    def __init__(self) -> None:
        self.summaries = Summaries()
        self.keys: list[str] = []
        self.sources = Column()
        self._micros = array("q")  # sent_at in microseconds since 1970, _NO_TIME for none
        self._days = array("i")  # the local day's ordinal, 0 for none
        self.senders = Column()
        self.recipients = Column()
        self.subjects = Column()
        self.skips = Column()
        self._lines = array("q")
        self._summary_at = array("Q")  # 0: no summary
        # While messages are added: the names and addresses, and the participants, held.
        self._texts: dict[str, str] | None = {}
        self._people_held: dict[Participant, Participant] | None = {}
        self._dates: dict[int, date] = {}

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, row: int) -> Kept:  # type: ignore[override]
        if row < 0:
            row += len(self.keys)
        micros, ordinal, line, at = (
            self._micros[row],
            self._days[row],
            self._lines[row],
            self._summary_at[row],
        )
        return Kept(  # in the fields' order: a hundred thousand are made for each plan
            self.sources[row],
            self.keys[row],
            None if micros == _NO_TIME else _EPOCH + micros * _MICROSECOND,
            self._date(ordinal) if ordinal else None,
            self.senders[row],
            self.recipients[row],
            self.subjects[row],
            self.skips[row],
            None if line == _NO_LINE else line,
            self.summaries if at else None,
            at,
        )

    def __iter__(self) -> Iterator[Kept]:
        return (self[row] for row in range(len(self.keys)))

    def source_set(self) -> set[str]:
        """The sources ('mail', 'linkedin') of the messages."""
        return set(self.sources.values)

    def _date(self, ordinal: int) -> date:
        day = self._dates.get(ordinal)
        if day is None:
            day = self._dates[ordinal] = date.fromordinal(ordinal)
        return day

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
        """One message more, kept without its text (its summary made and put aside)."""
        sent_at = message.sent_at
        if isinstance(message, Kept):
            summary = message.summary
        elif message.skip_reason is None and sent_at is not None:
            summary = clean(summary_of(message.subject, message.text)) or None
        else:
            summary = None  # a message its reader skipped is never imported
        self.keys.append(message.source_key)
        self.sources.append(message.source)
        if sent_at is None:
            self._micros.append(_NO_TIME)
            self._days.append(0)
        else:
            self._micros.append((sent_at - _EPOCH) // _MICROSECOND)
            self._days.append(sent_at.astimezone().date().toordinal())
        self.senders.append(message.sender, self._person)
        self.recipients.append(message.recipients, self._people)
        self.subjects.append(message.subject)
        self.skips.append(message.skip_reason)
        self._lines.append(_NO_LINE if message.line is None else message.line)
        self._summary_at.append(self.summaries.put(summary) if summary else 0)

    def extend(self, messages: Iterable[Message | Kept]) -> None:
        for message in messages:
            self.append(message)

    def done(self) -> None:
        """No more messages for now: what shares the values while adding them is let go."""
        self._texts = self._people_held = None
        for column in (self.sources, self.senders, self.recipients, self.subjects, self.skips):
            column.done()


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
