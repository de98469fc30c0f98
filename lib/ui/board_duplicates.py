"""Items on the research board more than once: offered as groups, once each, to merge into one
card (with Undo) or to keep apart. Nothing is merged without the person."""

from __future__ import annotations

import sqlite_utils
import streamlit as st

from lib import recommendations, vocab
from lib.ui import session, undo
from lib.ui.cache import cached
from lib.ui.widgets import plain, plain_line

UNDO_PAGE = "board"
SHOWN_GROUPS = 3  # groups listed at once; the rest follow as these are settled


def summary(group: list[dict]) -> str:
    """One group in a line: the title kept, how many cards, other spellings, who, statuses."""
    kept = recommendations.kept_item(group)
    spellings = list(dict.fromkeys(i["title"] for i in group if i["title"] != kept["title"]))
    names = list(dict.fromkeys(n for i in group for n in i["recommended_by"]))
    by_hand = sum(1 for i in group if not i["recommended_by"])
    statuses = [vocab.ITEM_STATUS[s] for s in vocab.ITEM_STATUS]
    counts = {vocab.ITEM_STATUS[i["status"]]: 0 for i in group}
    for item in group:
        counts[vocab.ITEM_STATUS[item["status"]]] += 1
    parts = [f"**“{plain(kept['title'])}”** · {len(group)} cards"]
    if spellings:
        parts.append("also as " + ", ".join(f"“{plain(t)}”" for t in spellings))
    if names:
        parts.append(plain(f"recommended by {recommendations.names_text(names)}"))
    if by_hand:
        parts.append(f"{by_hand} added by hand")
    parts.append(", ".join(f"{counts[s]} {s.lower()}" for s in statuses if s in counts))
    return " · ".join(parts)


def offer(db: sqlite_utils.Database) -> None:
    """The notice on the board: each group of duplicates with Merge and Keep apart."""
    groups = cached(recommendations.duplicate_groups, db)
    if not groups:
        return
    count = len(groups)
    with st.container(border=True, key="board_duplicates"):
        st.markdown(
            f"**:material/content_copy: "
            f"{'One thing is' if count == 1 else f'{count} things are'} "
            "on your board more than once**"
        )
        st.caption(
            "Merge makes one card that names everyone who recommended it and keeps each "
            "recommendation's conversation and date (you can undo it). Keep apart if they are "
            "different things; either way you are not asked again."
        )
        for group in groups[:SHOWN_GROUPS]:
            _group(db, group)
        if count > SHOWN_GROUPS:
            st.caption(f"{count - SHOWN_GROUPS} more once these are settled.")


def _group(db: sqlite_utils.Database, group: list[dict]) -> None:
    ids = [item["id"] for item in group]
    key = "_".join(map(str, ids))
    kept = recommendations.kept_item(group)
    text, merge_col, apart_col = st.columns([6, 1.2, 1.4], vertical_alignment="center")
    text.markdown(summary(group))
    if merge_col.button(
        "Merge",
        key=f"board_merge_{key}",
        type="primary",
        icon=":material/merge:",
        help=f"One card for “{plain_line(kept['title'])}” with everyone who recommended it",
    ):
        with session.saving():
            done = recommendations.merge_items(db, ids)
            undo.remember(
                done,
                UNDO_PAGE,
                f"Merged {len(ids)} cards into one: “{plain(kept['title'])}”.",
                icon=":material/merge:",
            )
            st.rerun()
    if apart_col.button(
        "Keep apart",
        key=f"board_apart_{key}",
        icon=":material/call_split:",
        help="They are different things: keep the cards and do not ask again",
    ):
        with session.saving():
            recommendations.keep_apart(db, ids)
            st.session_state["board_flash"] = (
                f"Kept the {len(ids)} cards of “{plain(kept['title'])}” apart."
            )
            st.rerun()
