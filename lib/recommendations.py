"""One board item, many recommenders: who recommended each item, in which conversation and
when; matching a new recommendation to the item it names; merging duplicate items.

A recommendation whose title names an item already on the board (same kind, and the same
title once case, punctuation, a leading "Article:" or "Book:" and a trailing "by <author>" are
set aside) joins that item instead of making a new card. A close title (rapidfuzz) is only
offered: the person picks it, or a new card is made. Items already duplicated in a file are
offered as groups to merge (never merged without the person), and a merge can be undone.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import sqlite_utils
from rapidfuzz import fuzz, process

from lib import interactions, store, vocab
from lib.text import clean, clean_line

# A leading label a person types before a title ("Article: What program managers do").
LABELS = (
    "article",
    "book",
    "blog post",
    "blog",
    "essay",
    "paper",
    "report",
    "newsletter",
    "podcast",
    "video",
    "talk",
    "course",
    "event",
    "organization",
    "organisation",
    "person",
    "role",
)
_LABEL = re.compile(rf"^\s*(?:{'|'.join(LABELS)})\s*:\s*", re.IGNORECASE)
# "… by Gretchen Bakke", ", by G. Bakke", "(by Bakke)": up to five words of author at the end.
_BY_AUTHOR = re.compile(r"[\s,(]+by\s+[^\s()]+(?:\s+[^\s()]+){0,4}\)?\s*$", re.IGNORECASE)
# A person's or an organization's name is never cut at " by " (no authors there).
_NO_AUTHOR_KINDS = ("person", "organization")
# Close enough to offer (out of 100, rapidfuzz's token-sort ratio of the two keys).
NEAR_SCORE = 85
NEAR_SHOWN = 3
# How far an item has got, to choose the one a merge keeps: the furthest along.
_STATUS_RANK = {"done": 0, "doing": 1, "todo": 2, "dropped": 3}
# Acted on: being read, attended, joined, met; or done.
ACTED_ON_STATUSES = ("doing", "done")
MOST_RECOMMENDED_KINDS = ("book", "organization", "event", "person")


class RecommendationError(ValueError):
    """Items cannot be merged or kept apart as asked; the message says why."""


@functools.lru_cache(maxsize=131072)  # a key per title on a large board
def title_key(title: str, kind: str | None = None) -> str:
    """The title as matching sees it: no case, accents, punctuation, leading label or author."""
    text = clean_line(title)
    text = _LABEL.sub("", text, count=1)
    if kind not in _NO_AUTHOR_KINDS:
        cut = _BY_AUTHOR.sub("", text)
        text = cut if cut.strip() else text
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[\W_]+", " ", text)
    return " ".join(text.split()) or clean_line(title).casefold()


def is_near(key: str, other: str) -> bool:
    """Whether two title keys are close enough to offer one for the other (never merged alone)."""
    if not key or not other or key == other:
        return False
    if fuzz.token_sort_ratio(key, other) >= NEAR_SCORE:
        return True
    # One title is the other with a subtitle: "the grid" and "the grid fraying wires …".
    shorter, longer = sorted((key, other), key=len)
    return len(shorter) >= 8 and longer.startswith(shorter + " ")


@dataclass(frozen=True)
class Matches:
    """What a recommendation matches on the board: the item it joins, and close ones offered."""

    same: dict | None = None
    near: list[dict] = field(default_factory=list)


def match(kind: str, title: str, items: Iterable[dict]) -> Matches:
    """The item (same kind, same title key) a recommendation joins, and up to NEAR_SHOWN close
    items offered instead (a close title, or the same title under another kind)."""
    if not clean_line(title):
        return Matches()
    key = title_key(title, kind)
    items = list(items)
    keys = [title_key(item["title"], item["kind"]) for item in items]
    same = None
    for item, other in zip(items, keys, strict=True):
        if other == key and item["kind"] == kind and (same is None or item["id"] < same["id"]):
            same = item
    # rapidfuzz scores every title in C; the subtitle rule is a plain prefix test.
    scored = {
        index: score
        for _, score, index in process.extract(
            key, keys, scorer=fuzz.token_sort_ratio, score_cutoff=NEAR_SCORE, limit=None
        )
    }
    if len(key) >= 8:
        for index, other in enumerate(keys):
            if other.startswith(key + " ") or (len(other) >= 8 and key.startswith(other + " ")):
                scored.setdefault(index, NEAR_SCORE)
    # The same title of the same kind is the item joined (or a card already its duplicate).
    near = [
        (score, items[index])
        for index, score in scored.items()
        if not (keys[index] == key and items[index]["kind"] == kind)
    ]
    near.sort(key=lambda pair: (-pair[0], pair[1]["id"]))
    return Matches(same, [item for _, item in near[:NEAR_SHOWN]])


def names_text(names: list[str]) -> str:
    """'Hana Sato, Jonas Weber and Gabriel Costa' ('' for nobody)."""
    if not names:
        return ""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# -- Reading -----------------------------------------------------------------------------------


def _board_items(db: sqlite_utils.Database) -> list[dict]:
    # Plain tuples, then small dicts: a board of 50,000 items reads in a tenth of a second.
    rows = db.execute("SELECT id, kind, title, status FROM research_items ORDER BY id")
    return [{"id": i, "kind": k, "title": t, "status": s} for i, k, t, s in rows.fetchall()]


def find_matches(db: sqlite_utils.Database, kind: str, title: str) -> Matches:
    """match() against the whole board, each item with its recommenders' names."""
    found = match(kind, title, _board_items(db))
    ids = [i["id"] for i in ([found.same] if found.same else []) + found.near]
    names = recommender_names(db, ids)
    with_names = lambda item: dict(item, recommended_by=names.get(item["id"], []))  # noqa: E731
    return Matches(
        with_names(found.same) if found.same else None, [with_names(i) for i in found.near]
    )


def recommender_names(
    db: sqlite_utils.Database, item_ids: Iterable[int], leaving_out: int | None = None
) -> dict[int, list[str]]:
    """{item id: the names of the people who recommended it, first recommendation first};
    leaving_out: a contact whose own recommendations are not named (the brief's contact)."""
    ids = sorted({int(i) for i in item_ids})
    if not ids:
        return {}
    names: dict[int, list[str]] = defaultdict(list)
    for item_id, name in db.execute(
        """SELECT b.item_id, c.name FROM board_recommendations b
           JOIN contacts c ON c.id = b.contact_id
           WHERE b.item_id IN (SELECT value FROM json_each(?)) AND b.contact_id IS NOT ?
           GROUP BY b.item_id, b.contact_id
           ORDER BY b.item_id, min(b.recommended_on), min(b.id)""",
        [f"[{','.join(map(str, ids))}]", leaving_out],
    ):
        names[item_id].append(name)
    return dict(names)


def with_recommenders(
    db: sqlite_utils.Database,
    rows: list[dict],
    id_key: str = "id",
    leaving_out: int | None = None,
) -> list[dict]:
    """The rows (board items, their id under id_key), each given recommended_by_names (everyone
    who recommended it, first recommendation first) and recommended_by (those names as one
    sentence, '' for an item added by hand); leaving_out as in recommender_names."""
    names = recommender_names(db, [row[id_key] for row in rows], leaving_out)
    for row in rows:
        row["recommended_by_names"] = names.get(row[id_key], [])
        row["recommended_by"] = names_text(row["recommended_by_names"])
    return rows


def recommendations_of(db: sqlite_utils.Database, item_id: int) -> list[dict]:
    """Each recommendation of an item: who, when, in which conversation, what they said."""
    return list(
        db.query(
            """SELECT b.id, b.contact_id, c.name, b.conversation_id, b.recommended_on, b.detail
               FROM board_recommendations b JOIN contacts c ON c.id = b.contact_id
               WHERE b.item_id = ? ORDER BY b.recommended_on, b.id""",
            [item_id],
        )
    )


def shared_count(db: sqlite_utils.Database, conversation_id: int) -> int:
    """How many items this conversation recommended that someone else recommended too."""
    return db.execute(
        """SELECT count(DISTINCT b.item_id) FROM board_recommendations b
           WHERE b.conversation_id = ? AND EXISTS (
               SELECT 1 FROM board_recommendations o
               WHERE o.item_id = b.item_id AND o.contact_id != b.contact_id)""",
        [conversation_id],
    ).fetchone()[0]


# -- Writing (inside the caller's transaction) -------------------------------------------------


def record(
    db: sqlite_utils.Database,
    contact_id: int,
    conversation_id: int | None,
    recommended_on: date,
    recommendations: Iterable,
) -> list[int]:
    """Put each recommendation on the board, inside the caller's write; return the item ids.

    A recommendation joins the item it names (match().same), or the item the person picked
    from the close ones (its join_item_id); otherwise it makes a new item. Either way it is one
    board_recommendations row, with its conversation and day. A conversation saved again does
    not recommend the same item twice.
    """
    items = _board_items(db)
    made = []
    for recommendation in recommendations:
        title = clean_line(recommendation.title)
        if not title:
            continue
        kind = recommendation.kind
        detail = clean(getattr(recommendation, "detail", "")) or None
        item_id = _joined(db, getattr(recommendation, "join_item_id", None))
        if item_id is None:
            same = match(kind, title, items).same
            item_id = same["id"] if same else None
        if item_id is None:
            item_id = (
                db["research_items"]
                .insert({"kind": kind, "title": title, "detail": detail})
                .last_pk
            )
            items.append({"id": item_id, "kind": kind, "title": title, "status": "todo"})
        elif detail:
            db.execute(
                "UPDATE research_items SET detail = ? WHERE id = ? AND detail IS NULL",
                [detail, item_id],
            )
        if not _already(db, item_id, contact_id, conversation_id):
            db["board_recommendations"].insert(
                {
                    "item_id": item_id,
                    "contact_id": contact_id,
                    "conversation_id": conversation_id,
                    "recommended_on": recommended_on.isoformat(),
                    "detail": detail,
                }
            )
        made.append(item_id)
    return made


def _joined(db: sqlite_utils.Database, item_id: object) -> int | None:
    if not isinstance(item_id, int) or isinstance(item_id, bool):
        return None
    row = db.execute("SELECT id FROM research_items WHERE id = ?", [item_id]).fetchone()
    return row[0] if row else None


def _already(db, item_id: int, contact_id: int, conversation_id: int | None) -> bool:
    return bool(
        db.execute(
            """SELECT 1 FROM board_recommendations WHERE item_id = ? AND contact_id = ?
               AND conversation_id IS ?""",
            [item_id, contact_id, conversation_id],
        ).fetchone()
    )


# -- Duplicates already on the board -----------------------------------------------------------


def duplicate_groups(db: sqlite_utils.Database) -> list[list[dict]]:
    """Items that name the same thing (same kind and title key), each group oldest first;
    a group the person kept apart is not offered again."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for item_id, kind, title in db.execute(
        "SELECT id, kind, title FROM research_items ORDER BY id"
    ).fetchall():
        groups[(kind, title_key(title, kind))].append(item_id)
    repeated = [ids for ids in groups.values() if len(ids) > 1]
    if not repeated:
        return []
    apart = {tuple(pair) for pair in db.execute("SELECT item_id, other_id FROM board_kept_apart")}
    offered = [
        ids
        for ids in repeated
        if not all((a, b) in apart for i, a in enumerate(ids) for b in ids[i + 1 :])
    ]
    every = [item_id for ids in offered for item_id in ids]
    names = recommender_names(db, every)
    rows = {
        row["id"]: row
        for row in db.query(
            """SELECT id, kind, title, status, done_on, outcome FROM research_items
               WHERE id IN (SELECT value FROM json_each(?))""",
            [json.dumps(every)],
        )
    }
    return [
        [dict(rows[item_id], recommended_by=names.get(item_id, [])) for item_id in ids]
        for ids in offered
    ]


def kept_item(items: list[dict]) -> dict:
    """The item a merge keeps: the furthest along (done, doing, to do, dropped), then the oldest."""
    return min(items, key=lambda i: (_STATUS_RANK.get(i["status"], 9), i["id"]))


# Filled on the item kept from a merged one when the kept item has none.
_FILLED = ("detail", "url", "outcome", "path_id", "contact_id")


def merge_items(db: sqlite_utils.Database, item_ids: Iterable[int]) -> interactions.Undo:
    """Merge items into one (kept_item), in one transaction, and return the Undo.

    Every recommendation of the others moves to the kept item, which takes their detail,
    link, outcome, path and contact where it has none; the others go.
    """
    ids = sorted({int(i) for i in item_ids})
    if len(ids) < 2:
        raise RecommendationError("Pick at least two items to merge.")
    with store.write(db):
        marks = ", ".join("?" * len(ids))
        items = list(db.query(f"SELECT * FROM research_items WHERE id IN ({marks})", ids))
        if len(items) != len(ids):
            raise RecommendationError("One of these items no longer exists.")
        kept = kept_item(items)
        others = [i for i in items if i["id"] != kept["id"]]
        undo = interactions.Undo(f"the {len(items)} separate cards")
        undo.keep(db, "research_items", kept["id"])
        filled = {}
        for column in _FILLED:
            if kept[column] is None:
                value = next((o[column] for o in others if o[column] is not None), None)
                if value is not None:
                    filled[column] = value
        for other in others:
            for (recommendation_id,) in db.execute(
                "SELECT id FROM board_recommendations WHERE item_id = ?", [other["id"]]
            ).fetchall():
                undo.keep(db, "board_recommendations", recommendation_id)
                db["board_recommendations"].update(recommendation_id, {"item_id": kept["id"]})
            undo.take(db, "research_items", "id = ?", [other["id"]])
        if filled:
            db["research_items"].update(kept["id"], filled)
    return undo


def keep_apart(db: sqlite_utils.Database, item_ids: Iterable[int]) -> None:
    """Record that these items are different things: the group is not offered again."""
    ids = sorted({int(i) for i in item_ids})
    with store.write(db):
        for index, first in enumerate(ids):
            for second in ids[index + 1 :]:
                db.execute(
                    "INSERT OR IGNORE INTO board_kept_apart (item_id, other_id) VALUES (?, ?)",
                    [first, second],
                )


# -- Most recommended --------------------------------------------------------------------------


def most_recommended(
    db: sqlite_utils.Database,
    start: date | None = None,
    end: date | None = None,
    kinds: Iterable[str] = MOST_RECOMMENDED_KINDS,
    limit: int = 10,
) -> list[dict]:
    """The items most people recommended (in [start, end] when given), most first, with
    recommenders (people), names, status and acted_on; only items two or more recommended."""
    low = (start or date(1900, 1, 1)).isoformat()
    high = (end or date(9999, 12, 31)).isoformat()
    kinds = list(kinds)
    rows = list(
        db.query(
            f"""SELECT r.id, r.kind, r.title, r.status, r.contact_id,
                       count(DISTINCT b.contact_id) AS recommenders,
                       max(b.recommended_on) AS last_recommended_on
                FROM research_items r JOIN board_recommendations b ON b.item_id = r.id
                WHERE b.recommended_on BETWEEN ? AND ?
                  AND r.kind IN ({", ".join("?" * len(kinds))})
                GROUP BY r.id HAVING count(DISTINCT b.contact_id) >= 2
                ORDER BY recommenders DESC, last_recommended_on DESC, r.id
                LIMIT ?""",
            [low, high, *kinds, limit],
        )
    )
    names = recommender_names(db, [r["id"] for r in rows])
    for row in rows:
        row["names"] = names.get(row["id"], [])
        row["acted_on"] = row["status"] in ACTED_ON_STATUSES or row["contact_id"] is not None
        row["kind_label"] = vocab.label(vocab.ITEM_KINDS, row["kind"])
        row["status_label"] = vocab.label(vocab.ITEM_STATUS, row["status"])
    return rows


def most_recommended_summary(rows: list[dict]) -> str:
    """One sentence on most_recommended: how many things several people recommended, the
    top one, and how many of them the person has acted on."""
    if not rows:
        return "Most recommended: nothing has been recommended by more than one person yet."
    acted = sum(1 for r in rows if r["acted_on"])
    top = rows[0]
    things = "thing" if len(rows) == 1 else "things"
    return (
        f"Most recommended: {len(rows)} {things} recommended by two or more people; the top is "
        f"“{top['title']}” ({top['kind_label'].lower()}, {top['recommenders']} people). "
        f"You have acted on {acted} of {len(rows)}."
    )
