"""What the Import page needs around a message preview, as pure functions: which of the
person's own addresses still need confirming for these files (a saved LinkedIn URL says
nothing about who sent a mail), and the row-level report of an import (every message read,
and what became of it), with its CSV.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from lib import vocab
from lib.formats.csv_export import neutralise
from lib.formats.messages.kept import Kept, KeptMessages
from lib.formats.messages.matching import own_of_senders, propose_own
from lib.formats.messages.model import Message
from lib.formats.messages.preview import MessagePreview
from lib.formats.messages.rows import Planned, PlannedRows
from lib.own_addresses import OwnAddresses

SOURCE_LABELS = {"linkedin": "LinkedIn", "mail": "mail"}
NOT_IN_FIELDWORK = "With someone not in Fieldwork"
NOT_IMPORTED = f"Not imported: {NOT_IN_FIELDWORK}"
REPORT_COLUMNS = ("line", "day", "source", "subject", "contact", "outcome")


def sources_of(messages: Iterable[Message | Kept] | KeptMessages) -> set[str]:
    """The sources ('mail', 'linkedin') of some messages."""
    if isinstance(messages, KeptMessages):
        return messages.source_set()
    return {message.source for message in messages}


def addresses_to_confirm(saved: OwnAddresses, messages: Iterable[Message | Kept]) -> set[str]:
    """The sources ('mail', 'linkedin') among messages that the saved addresses cannot tell
    sent from received for: a mail needs an email address, a LinkedIn message a profile URL."""
    sources = sources_of(messages)
    missing = set()
    if "mail" in sources and not saved.emails:
        missing.add("mail")
    if "linkedin" in sources and not saved.linkedin_url:
        missing.add("linkedin")
    return missing


def proposed_addresses(saved: OwnAddresses, messages: list[Message | Kept]) -> OwnAddresses:
    """The saved addresses, completed from the most frequent sender of the sources they miss."""
    missing = addresses_to_confirm(saved, messages)
    if not missing:
        return saved
    if isinstance(messages, KeptMessages):
        guess = own_of_senders(messages.sender_counts(missing, unskipped=True))
    else:
        guess = propose_own(m for m in messages if m.source in missing and m.skip_reason is None)
    return OwnAddresses(
        saved.emails or (guess.emails if "mail" in missing else ()),
        saved.linkedin_url or (guess.linkedin_url if "linkedin" in missing else None),
    )


def outcome_of(planned: Planned) -> str:
    """What became of one planned message, in words: 'Reply', 'Thank-you (marked done)'."""
    label = vocab.label(vocab.INTERACTION_KINDS, planned.kind)
    if planned.task_id is not None and planned.kind in ("thank_you", "update"):
        label += " (marked done)"
    if planned.matched_by == "added":
        label += " · added as a contact"
    elif planned.matched_by == "name":
        label += " · matched by name"
    return label


class ReportRow(NamedTuple):
    """One row of the row report. A tuple, not a dict, so that a mailbox's report stays small;
    row["outcome"] reads it as a dict would."""

    line: int | None
    day: str
    source: str
    subject: str
    contact: str
    outcome: str

    def __getitem__(self, key):
        return getattr(self, key) if isinstance(key, str) else tuple.__getitem__(self, key)

    def get(self, key: str, default=None):
        return getattr(self, key, default)


def row_report(preview: MessagePreview, planned: Iterable[Planned]) -> list[ReportRow]:
    """The row report as a list (report_rows)."""
    return list(report_rows(preview, planned))


def report_rows(preview: MessagePreview, planned: Iterable[Planned]) -> Iterator[ReportRow]:
    """One row per message read (one per contact when it reached several): its line, day,
    source, subject, contact and what happened to it (imported as what, or left out and why).

    preview: the preview as shown (its left-out messages and reasons); planned: what was
    written (MessageImportResult.planned). The messages, what was written and what was left
    out are read side by side in the messages' order. A text that repeats (a day, an outcome,
    the people of a message not imported) is held once, shared between the rows."""
    written = _ByRef(planned.by_ref() if isinstance(planned, PlannedRows) else
                      sorted(planned, key=lambda item: item.ref))  # fmt: skip
    left = _ByRef(preview.left)
    shared: dict[str, str] = {}

    def share(text: str) -> str:
        return shared.setdefault(text, text)

    for ref, matched in enumerate(preview.matched):
        message = matched.message
        base = (
            message.line,
            share(message.day.isoformat() if message.day else ""),
            SOURCE_LABELS.get(message.source, message.source),
            message.subject,
        )
        mine = written.take(ref)
        left_out = left.take(ref)
        if mine:
            for item in mine:
                yield ReportRow(*base, item.contact, share("Imported: " + outcome_of(item)))
        elif left_out:
            what = "Duplicate" if left_out[0].duplicate else "Skipped"
            yield ReportRow(*base, "", share(f"{what}: {left_out[0].reason}"))
        else:
            names = ", ".join(
                side.person.name or side.person.email or side.person.linkedin_url or "?"
                for side in matched.sides
            )
            yield ReportRow(*base, share(names), NOT_IMPORTED)


SHOWN_ROWS = 1_000  # of the row report, on the page (the CSV has every row)


@dataclass
class RowReport:
    """An import's row report as the page keeps it: its first rows and what they add up to;
    every row is read again from the preview for the CSV, so a mailbox's report is not held."""

    preview: MessagePreview
    planned: Iterable[Planned]
    first: list[ReportRow]
    total: int  # rows
    left_out: int  # rows of messages not imported

    def csv(self) -> str:
        return report_csv(report_rows(self.preview, self.planned))


def row_report_of(
    preview: MessagePreview, planned: Iterable[Planned], shown: int = SHOWN_ROWS
) -> RowReport:
    """The row report, its first shown rows held."""
    first: list[ReportRow] = []
    total = left_out = 0
    for row in report_rows(preview, planned):
        total += 1
        left_out += not row.outcome.startswith("Imported")
        if len(first) < shown:
            first.append(row)
    return RowReport(preview, planned, first, total, left_out)


class _ByRef:
    """Items sorted by ref, taken a message at a time as the messages are read in order."""

    def __init__(self, items: Iterable) -> None:
        self._items = iter(items)
        self._next = next(self._items, None)

    def take(self, ref: int) -> list:
        """The items of message ref (and those of earlier messages not taken are passed)."""
        found = []
        while self._next is not None and self._next.ref <= ref:
            if self._next.ref == ref:
                found.append(self._next)
            self._next = next(self._items, None)
        return found


def report_csv(rows: Iterable[ReportRow]) -> str:
    """The row report as CSV, safe to open in a spreadsheet (no cell starts a formula)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(REPORT_COLUMNS)
    for row in rows:
        writer.writerow([neutralise(row.get(column)) for column in REPORT_COLUMNS])
    return out.getvalue()
