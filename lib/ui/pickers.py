"""Pickers over long lists of names: every name, or past LISTED_AT_MOST a search box first."""

from __future__ import annotations

import sqlite_utils
import streamlit as st

from lib import contacts
from lib.ui.cache import cached, shared

# A selectbox of 10,000 names kept Chromium busy for about 0.2 s each time a page showed it;
# 500 cost little, and past that a person types a name rather than scrolls anyway.
LISTED_AT_MOST = 500


def find_box(label: str, key: str, placeholder: str, where=st) -> str:
    """The search box above a long list: it narrows the list as the person types."""
    return where.text_input(label, key=key, placeholder=placeholder, live="300ms")


def contact_picker(
    db: sqlite_utils.Database,
    label: str,
    key: str,
    wanted: int | None = None,
    placeholder: str = "Pick a contact",
) -> int | None:
    """A selectbox of active contacts (wanted picked first); None until one is picked.

    Up to LISTED_AT_MOST contacts it lists them all. With more, a search box above it narrows
    the list as the person types (name or organization); before anything is typed it lists
    the ones most recently in touch. The wanted and the picked contact are always listed.
    """
    count = cached(contacts.active_count, db)
    if count <= LISTED_AT_MOST:
        choices = shared(contacts.contact_choices, db)  # read only
    else:  # never all 10,000 names: the few listed, found in the file
        words = find_box(
            f"Find a contact (you have {count:,})",
            f"{key}_find",
            "Part of a name or an organization",
        )
        short = cached(contacts.contact_shortlist, db, words, LISTED_AT_MOST)
        # The contact asked for and the one already picked stay listed whatever is typed, so
        # a new search never drops the person whose form is open below.
        kept = [i for i in (wanted, st.session_state.get(key)) if i is not None and i not in short]
        if kept:
            short = {**cached(contacts.choice_labels, db, kept), **short}
        if not words.strip():
            st.caption(
                f"Listing the {LISTED_AT_MOST} you were most recently in touch with; type to "
                "find anyone else."
            )
        elif not short:
            st.caption("No active contact matches those words.")
        choices = short
    ids = list(choices)
    return st.selectbox(
        label,
        ids,
        index=ids.index(wanted) if wanted in choices else None,
        format_func=choices.get,
        placeholder=placeholder,
        key=key,
    )
