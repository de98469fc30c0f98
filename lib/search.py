"""Full-text search over contacts, conversations, answers, interactions and board items.

The FTS5 tables are made by the m004_search migration and kept in sync by triggers. A person's
words are never passed to FTS5 as syntax: each word becomes a quoted phrase, so quotes,
hyphens, apostrophes, *, parentheses and AND/OR/NOT can never raise an error.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import sqlite_utils

from lib import recommendations, vocab

WORD_RE = re.compile(r"\w+(?:['’]\w+)*")
OPERATORS = {"AND", "OR", "NOT", "NEAR"}
MAX_WORDS = 12
SNIPPET_CHARS = 160


@dataclass(frozen=True)
class Source:
    table: str
    label: str
    public: tuple[str, ...]
    private: tuple[str, ...] = ()


SOURCES = {
    "contacts": Source(
        "contacts", "Contacts", ("name", "role", "hook", "tags"), ("private_notes",)
    ),
    "conversations": Source(
        "conversations",
        "Conversation notes",
        ("notes", "takeaways", "alternative_role"),
        ("private_notes",),
    ),
    "answers": Source("conversation_answers", "Answers", ("question_text", "answer")),
    # full_text: a message's whole text, kept only when the person asked; private.
    "interactions": Source("interactions", "Interactions", ("summary",), ("full_text",)),
    "items": Source("research_items", "Board items", ("title", "detail", "outcome")),
    "paths": Source("paths", "Paths", ("name", "description")),
    "path_notes": Source("conversation_paths", "Appeals and hard parts", ("appeals", "hard_parts")),
    "path_questions": Source("path_questions", "Questions about paths", ("text", "answer")),
}


def query_words(text: str) -> list[str]:
    """The words of a query, without FTS operators; at most MAX_WORDS."""
    words = [w for w in WORD_RE.findall(text or "") if w not in OPERATORS]
    return words[:MAX_WORDS]


def words_left_out(text: str) -> int:
    """How many words of a query are past MAX_WORDS, and so not searched."""
    words = [w for w in WORD_RE.findall(text or "") if w not in OPERATORS]
    return max(0, len(words) - MAX_WORDS)


def fts_query(text: str, columns: tuple[str, ...] | None = None) -> str | None:
    """A safe FTS5 MATCH expression: every word a quoted phrase, the last one a prefix.

    With columns, only those columns are matched (used to leave private notes out).
    """
    words = query_words(text)
    if not words:
        return None
    phrases = [f'"{word.replace(chr(34), chr(34) * 2)}"' for word in words]
    phrases[-1] += "*"  # type-ahead: "sola" finds "solar"
    expression = " ".join(phrases)
    if columns:
        return "{" + " ".join(columns) + "} : (" + expression + ")"
    return expression


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def snippet(row: dict, columns: tuple[str, ...], words: list[str]) -> str:
    """A short piece of the first listed column that contains a query word."""
    folded_words = [_fold(w) for w in words]
    fallback = ""
    for column in columns:
        value = " ".join(str(row.get(column) or "").split())
        if not value:
            continue
        fallback = fallback or value
        # NFKD folding keeps one character per character for Latin text, so offsets line up.
        folded = _fold(value)
        positions = [folded.find(w) for w in folded_words if w and folded.find(w) >= 0]
        if positions and len(folded) == len(value):
            start = max(0, min(positions) - SNIPPET_CHARS // 3)
            piece = value[start : start + SNIPPET_CHARS]
            return (
                ("…" if start else "") + piece + ("…" if start + SNIPPET_CHARS < len(value) else "")
            )
        if positions:
            return value[:SNIPPET_CHARS] + ("…" if len(value) > SNIPPET_CHARS else "")
    return fallback[:SNIPPET_CHARS] + ("…" if len(fallback) > SNIPPET_CHARS else "")


_DETAILS = {
    "contacts": """SELECT t.id, t.name, t.role, t.hook, t.tags, t.private_notes, t.status,
            o.name AS organization
        FROM contacts t LEFT JOIN organizations o ON o.id = t.organization_id""",
    "conversations": """SELECT t.id, t.notes, t.takeaways, t.alternative_role, t.private_notes,
            t.held_on, t.contact_id, c.name AS contact
        FROM conversations t JOIN contacts c ON c.id = t.contact_id""",
    "answers": """SELECT t.id, t.question_text, t.answer, t.conversation_id, v.held_on,
            v.contact_id, c.name AS contact
        FROM conversation_answers t JOIN conversations v ON v.id = t.conversation_id
        JOIN contacts c ON c.id = v.contact_id""",
    "interactions": """SELECT t.id, t.kind, t.summary, t.full_text, t.occurred_on,
            t.contact_id, c.name AS contact
        FROM interactions t JOIN contacts c ON c.id = t.contact_id""",
    # Who recommended an item (everyone, not only the first) is added after the search.
    "items": """SELECT t.id, t.kind, t.title, t.detail, t.outcome, t.status
        FROM research_items t""",
    "paths": """SELECT t.id, t.name, t.description, t.status FROM paths t""",
    "path_notes": """SELECT t.rowid AS id, t.appeals, t.hard_parts, t.path_id, p.name AS path,
            v.held_on, c.name AS contact
        FROM conversation_paths t JOIN paths p ON p.id = t.path_id
        JOIN conversations v ON v.id = t.conversation_id JOIN contacts c ON c.id = v.contact_id""",
    "path_questions": """SELECT t.id, t.text, t.answer, t.answered_on, t.path_id,
            p.name AS path, c.name AS contact
        FROM path_questions t JOIN paths p ON p.id = t.path_id
        LEFT JOIN conversations v ON v.id = t.conversation_id
        LEFT JOIN contacts c ON c.id = v.contact_id""",
}


def _title(kind: str, row: dict) -> str:
    if kind == "contacts":
        where = f" — {row['organization']}" if row["organization"] else ""
        archived = " (archived)" if row["status"] == "archived" else ""
        return f"{row['name']}{where}{archived}"
    if kind == "conversations":
        return f"Conversation with {row['contact']} on {row['held_on']}"
    if kind == "answers":
        return f"{row['contact']}, {row['held_on']}: {row['question_text']}"
    if kind == "interactions":
        what = vocab.label(vocab.INTERACTION_KINDS, row["kind"])
        return f"{what} · {row['contact']} · {row['occurred_on']}"
    if kind == "paths":
        return f"{row['name']} ({vocab.label(vocab.PATH_STATUS, row['status']).lower()})"
    if kind == "path_notes":
        return f"{row['path']}: {row['contact']} on {row['held_on']}"
    if kind == "path_questions":
        who = f" · from {row['contact']}" if row["contact"] else ""
        answered = " (answered)" if row["answered_on"] else ""
        return f"{row['path']}: {row['text']}{answered}{who}"
    status = vocab.label(vocab.ITEM_STATUS, row["status"])
    who = f" · from {row['recommended_by']}" if row["recommended_by"] else ""
    return f"{row['title']} ({vocab.label(vocab.ITEM_KINDS, row['kind'])}, {status}){who}"


def _link(kind: str, row: dict) -> tuple[str, dict[str, str]]:
    """The page a result lives on, and the query parameters that open it there."""
    if kind == "contacts":
        return "pages/contacts.py", {"contact": str(row["id"])}
    if kind == "conversations":
        return "pages/conversations.py", {"conversation": str(row["id"])}
    if kind == "answers":
        return "pages/conversations.py", {"conversation": str(row["conversation_id"])}
    if kind == "interactions":
        return "pages/contacts.py", {"contact": str(row["contact_id"])}
    if kind == "paths":
        return "pages/paths.py", {"path": str(row["id"])}
    if kind in ("path_notes", "path_questions"):
        return "pages/paths.py", {"path": str(row["path_id"])}
    return "pages/board.py", {"item": str(row["id"])}


@dataclass
class Result:
    kind: str
    id: int
    title: str
    snippet: str
    page: str
    query_params: dict[str, str]


@dataclass
class Results:
    groups: dict[str, list[Result]]
    more: dict[str, bool]

    @property
    def total(self) -> int:
        return sum(len(rows) for rows in self.groups.values())


def search(
    db: sqlite_utils.Database, text: str, include_private: bool = True, limit: int = 20
) -> Results:
    """Results grouped by kind (best first), each with the page and parameters to open it.

    A person's words can never make this fail; a store error (sqlite3.DatabaseError) is raised.
    """
    words = query_words(text)
    groups: dict[str, list[Result]] = {}
    more: dict[str, bool] = {}
    if not words:
        return Results(groups, more)
    for kind, source in SOURCES.items():
        columns = source.public + (source.private if include_private else ())
        expression = fts_query(text, None if include_private else source.public)
        fts = f"{source.table}_fts"
        # fts_query cannot build bad syntax, so an error here is real (a damaged file, a missing
        # index): it is raised for the page to explain, never turned into "no results".
        rows = list(
            db.query(
                f"""{_DETAILS[kind]}
                JOIN (SELECT rowid, rank FROM "{fts}" WHERE "{fts}" MATCH ?) m
                  ON m.rowid = t.rowid
                ORDER BY m.rank LIMIT ?""",
                [expression, limit + 1],
            )
        )
        more[kind] = len(rows) > limit
        rows = rows[:limit]
        if kind == "items":
            rows = recommendations.with_recommenders(db, rows)
        if rows:
            groups[kind] = [
                Result(
                    kind,
                    row["id"],
                    _title(kind, row),
                    snippet(row, columns, words),
                    *_link(kind, row),
                )
                for row in rows
            ]
    return Results(groups, more)
