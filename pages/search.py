"""Search: one box over contacts, conversation notes and answers, interactions and board items."""

import sqlite3

import streamlit as st

from lib import search, store
from lib.ui import session, widgets

db = session.database()
ICONS = {
    "contacts": ":material/person:",
    "conversations": ":material/forum:",
    "answers": ":material/question_answer:",
    "interactions": ":material/mail:",
    "items": ":material/view_kanban:",
    "paths": ":material/alt_route:",
    "path_notes": ":material/alt_route:",
    "path_questions": ":material/help:",
}

st.title("Search")
coach = session.coach_mode()
st.caption(
    "Words from names, roles, hooks, tags, notes, takeaways, answers, interactions, board "
    "items and paths (with their appeals, hard parts and questions). Every word must appear; the last one can be the start of a word."
    + (" Private notes are not searched in coach mode." if coach else "")
)

if "search_query" not in st.session_state:
    st.session_state["search_query"] = st.query_params.get("q", "")
# Results follow the typing after a short pause (no Enter needed); the label stays visible
# and the hint is shown only while the box is empty.
text = st.text_input(
    "Search",
    key="search_query",
    placeholder="grant writing, Suárez, community-solar …",
    live="300ms",
)

if not text.strip():
    st.info(
        "Type a word or two to search everything you have written down.", icon=":material/search:"
    )
    st.stop()

try:
    results = search.search(db, text, include_private=not coach)
except (sqlite3.DatabaseError, store.StoreError) as error:
    # A damaged file or index, not "no results": say so, and keep the words typed.
    st.error(f"Search could not read your data. {store.explain(error)}", icon=":material/error:")
    st.stop()
left_out = search.words_left_out(text)
if left_out:
    st.caption(
        f"Only the first {search.MAX_WORDS} words are searched; "
        f"{left_out} more {'was' if left_out == 1 else 'were'} left out."
    )
if not results.total:
    if not search.query_words(text):
        st.warning("Type at least one word with letters or digits.", icon=":material/search_off:")
    else:
        st.info(
            f"Nothing matches “{widgets.plain_line(text.strip())}”. Try fewer or shorter words.",
            icon=":material/search_off:",
        )
    st.stop()

st.caption(f"{results.total} result{'s' if results.total != 1 else ''}")
for kind, rows in results.groups.items():
    label = search.SOURCES[kind].label
    more = "+" if results.more.get(kind) else ""
    st.header(f"{label} ({len(rows)}{more})")
    for result in rows:
        with st.container(border=True):
            st.page_link(
                result.page,
                label=widgets.plain(result.title),
                icon=ICONS[kind],
                query_params=result.query_params,
            )
            if result.snippet and result.snippet != result.title:
                st.caption(widgets.plain(result.snippet))
    if results.more.get(kind):
        st.caption("Only the best matches are shown; add a word to narrow it down.")
