"""What a message preview's plan is made of, as rows of the preview's temporary database
(kept.Spool): Planned (an interaction the import would write) and Left (a message left out),
read back as PlannedRows and LeftRows, and TakenKeys (the keys already stored). Each set of
rows belongs to one plan, and goes once no object reads it (Spool.forget).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from lib.formats.messages.kept import Spool

KINDS = ("outreach", "follow_up", "reply", "message_sent", "thank_you", "update")


@dataclass(slots=True)
class Planned:
    """One interaction the import would write."""

    ref: int  # index of its message in MessagePreview.matched
    source_key: str  # as stored (key, or key#to:contact when it reaches several contacts)
    contact_id: int
    contact: str
    kind: str
    day: date
    matched_by: str  # 'email' | 'linkedin' | 'name' | 'added'
    task_id: int | None = None
    task_kind: str | None = None  # 'thank_you' | 'one_month_update': shown, can be unticked
    line: int | None = None
    pos: int = -1  # its place in the plan


@dataclass(slots=True)
class Left:
    """A message left out, and why."""

    ref: int
    reason: str
    line: int | None
    subject: str
    duplicate: bool = False


TABLES = (
    """CREATE TABLE IF NOT EXISTS taken (
        plan INTEGER, key TEXT, contacts TEXT, PRIMARY KEY (plan, key)) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS incoming (
        plan INTEGER, pos INTEGER, ref INTEGER, contact_id INTEGER, matched_by TEXT,
        day INTEGER, micros INTEGER, sent INTEGER, key TEXT, line INTEGER, unmarked INTEGER,
        PRIMARY KEY (plan, pos)) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS planned (
        plan INTEGER, pos INTEGER, ref INTEGER, key TEXT, contact_id INTEGER, contact TEXT,
        kind TEXT, day INTEGER, matched_by TEXT, task_id INTEGER, task_kind TEXT,
        line INTEGER, PRIMARY KEY (plan, pos)) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS left_out (
        plan INTEGER, ref INTEGER, reason TEXT, line INTEGER, subject TEXT, duplicate INTEGER,
        PRIMARY KEY (plan, ref)) WITHOUT ROWID""",
)


class _Rows:
    """Rows of one table of a spool that belong to one plan, deleted once no object reads
    them any more."""

    table = ""

    def __init__(self, spool: Spool, plan_id: int) -> None:
        self.spool, self.plan_id = spool, plan_id
        weakref.finalize(self, spool.forget, self.table, plan_id)

    def tally(self, where: str = "") -> int:
        """How many rows (where: more conditions, "AND ...")."""
        sql = f"SELECT count(*) FROM {self.table} WHERE plan = ? {where}"
        return self.spool.execute(sql, [self.plan_id])[0][0]

    def __len__(self) -> int:
        return self.tally()

    def __eq__(self, other) -> bool:
        if isinstance(other, _Rows | list | tuple):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


class PlannedRows(_Rows, Sequence[Planned]):
    """What a plan would write, in the plan's order (pos)."""

    table = "planned"
    _COLUMNS = "ref, key, contact_id, contact, kind, day, matched_by, task_id, task_kind, line, pos"

    def _planned(self, row: tuple) -> Planned:
        ref, key, contact_id, contact, kind, ordinal, how, task_id, task_kind, line, pos = row
        return Planned(
            ref,
            key,
            contact_id,
            contact,
            kind,
            date.fromordinal(ordinal),
            how,
            task_id,
            task_kind,
            line,
            pos,
        )

    def _select(self, where: str = "", order: str = "pos") -> Iterator[Planned]:
        sql = f"SELECT {self._COLUMNS} FROM planned WHERE plan = ? {where} ORDER BY {order}"
        return (self._planned(row) for row in self.spool.rows(sql, [self.plan_id]))

    def __iter__(self) -> Iterator[Planned]:
        return self._select()

    def __getitem__(self, pos: int) -> Planned:  # type: ignore[override]
        if pos < 0:
            pos += len(self)
        found = list(self._select(f"AND pos = {int(pos)}"))
        if not found:
            raise IndexError(pos)
        return found[0]

    def by_ref(self) -> Iterator[Planned]:
        """In the messages' order (and each message's contacts in the plan's)."""
        return self._select(order="ref, pos")

    def marks(self) -> list[Planned]:
        return list(self._select("AND task_id IS NOT NULL"))

    def with_messages(self) -> Iterator[tuple[Planned, str | None, str, int | None]]:
        """Each planned item with its message's summary, source and time (micros)."""
        columns = ", ".join(f"p.{c.strip()}" for c in self._COLUMNS.split(","))
        sql = f"""SELECT {columns}, k.summary, k.source, k.micros
            FROM planned p JOIN kept k ON k.ref = p.ref WHERE p.plan = ? ORDER BY p.pos"""
        for row in self.spool.rows(sql, [self.plan_id]):
            yield self._planned(row[:11]), row[11], row[12], row[13]

    def set_kinds(self, kinds: dict[int, str]) -> None:
        """Change the kind of some items (by pos)."""
        self.spool.executemany(
            "UPDATE planned SET kind = ? WHERE plan = ? AND pos = ?",
            [(kind, self.plan_id, pos) for pos, kind in kinds.items()],
        )

    def kind_counts(self) -> dict[str, int]:
        return dict(
            self.spool.execute(
                "SELECT kind, count(*) FROM planned WHERE plan = ? GROUP BY kind", [self.plan_id]
            )
        )

    def per_contact(self) -> list[dict]:
        rows: dict[int, dict] = {}
        for contact_id, name, kind, n in self.spool.rows(
            """SELECT contact_id, min(contact), kind, count(*) FROM planned WHERE plan = ?
            GROUP BY contact_id, kind""",
            [self.plan_id],
        ):
            row = rows.setdefault(
                contact_id, {"contact_id": contact_id, "name": name, **{k: 0 for k in KINDS}}
            )
            row[kind] += n
        return list(rows.values())


class LeftRows(_Rows, Sequence[Left]):
    """The messages a plan leaves out, in the messages' order."""

    table = "left_out"

    def _select(self, where: str = "") -> Iterator[Left]:
        sql = f"""SELECT ref, reason, line, subject, duplicate FROM left_out
            WHERE plan = ? {where} ORDER BY ref"""
        return (
            Left(ref, reason, line, subject, bool(duplicate))
            for ref, reason, line, subject, duplicate in self.spool.rows(sql, [self.plan_id])
        )

    def __iter__(self) -> Iterator[Left]:
        return self._select()

    def __getitem__(self, index: int) -> Left:  # type: ignore[override]
        for n, item in enumerate(self):
            if n == index:
                return item
        raise IndexError(index)

    def reasons(self) -> list[dict]:
        """The reasons messages are skipped (not duplicates), most frequent first."""
        found = self.spool.execute(
            """SELECT reason, count(*) AS n FROM left_out WHERE plan = ? AND duplicate = 0
            GROUP BY reason ORDER BY n DESC, min(ref)""",
            [self.plan_id],
        )
        return [{"reason": reason, "count": n} for reason, n in found]


class TakenKeys(_Rows):
    """Of the messages' keys, those already stored, each with the contacts it is stored for
    (a plan joins its kept messages to them)."""

    table = "taken"

    def add(self, found: Iterable[tuple[str, tuple[int, ...]]]) -> None:
        self.spool.executemany(
            "INSERT OR REPLACE INTO taken (plan, key, contacts) VALUES (?, ?, ?)",
            ((self.plan_id, key, _ids_text(ids)) for key, ids in found),
        )


def _ids_text(ids: tuple[int, ...]) -> str:
    return ",".join(str(n) for n in ids)


def ids_of(text: str | None) -> tuple[int, ...]:
    return tuple(int(n) for n in text.split(",")) if text else ()
