"""Under a recommendation typed in the capture form: whether the board already has it (then
saving adds this recommender to that card), and close titles to join instead of a new card.
Shown as the person types: a pause in the title reruns the capture (pages/conversations.py)."""

from __future__ import annotations

import sqlite_utils
import streamlit as st

from lib import recommendations, vocab
from lib.text import clean_line
from lib.ui.widgets import plain, plain_line

NEW_CARD = 0  # the radio's first choice: no item joined, a new card


def _who(item: dict) -> str:
    names = recommendations.names_text(item.get("recommended_by") or [])
    return f"recommended by {names}" if names else "added by hand"


def board_notice(db: sqlite_utils.Database, kind: str | None, title: str, key: str) -> int | None:
    """Say what the board has for this recommendation; return the item the person chose to
    join from the close ones (None: the same item joins by itself, or a new card)."""
    if not kind or not clean_line(title):
        return None
    found = recommendations.find_matches(db, kind, title)
    if found.same is not None:
        st.caption(
            f":material/library_add_check: Already on your board, {plain(_who(found.same))}: "
            f"saving adds this recommendation to “{plain(found.same['title'])}”."
        )
        return None
    if not found.near:
        return None
    choices = {NEW_CARD: "Add it as a new card"} | {
        item["id"]: (
            f"Join “{plain_line(item['title'])}” "
            f"({vocab.label(vocab.ITEM_KINDS, item['kind']).lower()}, {plain_line(_who(item))})"
        )
        for item in found.near
    }
    picked = st.radio(
        f"A close title is on your board: add “{plain_line(clean_line(title))}” as",
        list(choices),
        format_func=choices.get,
        key=key,
        on_change="ignore",  # the choice is read with Save; picking it needs no run
    )
    return None if picked in (None, NEW_CARD) else picked
