"""Undo after a delete: "Deleted the outreach of Tue 24 Nov. [Undo]" where it was deleted.

The last Undo (lib.interactions.Undo, as JSON) is kept in the session under UNDO_KEY with the
page it belongs to; its Undo button restores exactly what went, in one transaction. It lasts
until it is used, dismissed, or replaced by the next delete: undo is for the moment after a
slip (older states stay in the daily snapshot and the backups).
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils
import streamlit as st

from lib import interactions, merging
from lib.ui import forms, session
from lib.ui.widgets import plain

UNDO_KEY = "fieldwork_undo"
DONE_KEY = "fieldwork_undo_done"
# What an Undo puts back, by kind: read it, restore it, the error when it cannot.
KINDS = {
    "delete": (interactions.Undo.from_json, interactions.restore, interactions.UndoError),
    "merge": (merging.MergeUndo.from_json, merging.unmerge, merging.UnmergeError),
}
ICONS = {"delete": ":material/delete:", "merge": ":material/merge:"}


def remember(
    undo: interactions.Undo | merging.MergeUndo,
    page: str,
    message: str,
    reopen: dict | None = None,
    icon: str | None = None,
) -> None:
    """Keep undo for page's next run: message says what was deleted (or merged), as Markdown
    (user text in it escaped); reopen holds the query parameters that show it again once it
    is back; icon replaces the kind's own (a board merge is an interactions.Undo)."""
    st.session_state[UNDO_KEY] = {
        "icon": icon,
        "kind": "merge" if isinstance(undo, merging.MergeUndo) else "delete",
        "undo": undo.as_json(),
        "page": page,
        "message": message,
        "reopen": reopen or {},
    }


def offer(db: sqlite_utils.Database, page: str, after: Callable[[dict], None] | None = None):
    """Where a delete happened: what was deleted and an Undo button; after it, what came back.

    after(reopen) runs once the rows are back (say, to open the restored conversation).
    """
    # Left for its own page when another place's offer runs first (a contact page has two).
    done = st.session_state.get(DONE_KEY)
    if done and done["page"] == page:
        st.session_state.pop(DONE_KEY, None)
        with st.container(key=f"undo_done_{page}"):
            st.success(done["message"], icon=":material/undo:")
        forms.focus_here(f"undo_done_{page}", "nearest")
    pending = st.session_state.get(UNDO_KEY)
    if not pending or pending["page"] != page or not session.can_write():
        return
    with st.container(border=True, key=f"undo_box_{page}"):
        text, undo_col, dismiss_col = st.columns([6, 1, 1], vertical_alignment="center")
        kind = pending.get("kind", "delete")
        text.markdown(f"{pending.get('icon') or ICONS[kind]} {pending['message']}")
        clicked = undo_col.button("Undo", key=f"undo_{page}", type="primary")
        dismissed = dismiss_col.button("Dismiss", key=f"undo_dismiss_{page}", type="tertiary")
    if dismissed:
        st.session_state.pop(UNDO_KEY, None)
        st.rerun()
    if clicked:
        read, restore, refused = KINDS[kind]
        record = read(pending["undo"])
        with session.saving():
            try:
                restore(db, record)
            except refused as error:
                st.session_state.pop(UNDO_KEY, None)
                st.error(str(error), icon=":material/error:")
                return
            st.session_state.pop(UNDO_KEY, None)
            st.session_state[DONE_KEY] = {
                "page": page,
                # A merge's names are the person's text: shown as typed.
                "message": f"Put back {plain(record.what) if kind == 'merge' else record.what}.",
            }
            if after is not None:
                after(pending["reopen"])
            st.rerun()
