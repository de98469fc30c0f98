"""Streamlit pieces for paths on other pages: what a conversation taught about each path."""

from __future__ import annotations

import sqlite_utils
import streamlit as st

from lib import paths, vocab
from lib.paths import PathLink
from lib.ui import session
from lib.ui.widgets import plain, plain_line


def pick_paths(db: sqlite_utils.Database, key: str, default: list[int] = ()) -> list[int]:
    """A picker, outside the capture form, for the paths a conversation informed."""
    choices = paths.path_choices(db)
    if not choices:
        st.caption("No paths yet: add the roles you are weighing on the Paths page.")
        return []
    return st.multiselect(
        "Paths this conversation informed",
        list(choices),
        default=[path_id for path_id in default if path_id in choices],
        format_func=choices.get,  # options are shown as plain text, not Markdown
        key=key,
        placeholder="Pick the roles or fields it told you about",
        help="For each one you can say whether you are still interested, what appeals, the "
        "hard parts and the questions it left open. The Paths page gathers them over time.",
    )


def path_fields(
    db: sqlite_utils.Database, form_key: str, path_ids: list[int], initial: dict[int, dict]
) -> list[PathLink]:
    """Inside the capture form: per picked path, interest, appeals, hard parts, open questions;
    each sent with the form's Save (no run of its own)."""
    choices = paths.path_choices(db)
    links = []
    for path_id in path_ids:
        if path_id not in choices:
            continue
        before = initial.get(path_id, {})
        with st.container(border=True):
            st.markdown(f"**{plain(choices[path_id])}**")
            interest = before.get("still_interested")
            options = list(vocab.INTEREST)
            chosen = st.radio(
                f"Still interested in {plain_line(choices[path_id])}?",
                options,
                index=options.index(interest) if interest in options else None,
                format_func=vocab.INTEREST.get,
                horizontal=True,
                key=f"{form_key}_path_{path_id}_interest",
                on_change="ignore",
            )
            appeal_col, hard_col = st.columns(2)
            appeals = appeal_col.text_area(
                "What appeals",
                value=before.get("appeals") or "",
                height=80,
                key=f"{form_key}_path_{path_id}_appeals",
                on_change="ignore",
            )
            hard_parts = hard_col.text_area(
                "The hard parts",
                value=before.get("hard_parts") or "",
                height=80,
                key=f"{form_key}_path_{path_id}_hard",
                on_change="ignore",
            )
            questions = st.text_area(
                "Open questions it raised (one a line)",
                value=before.get("open_questions") or "",
                height=80,
                key=f"{form_key}_path_{path_id}_questions",
                on_change="ignore",
            )
        links.append(PathLink(path_id, chosen, appeals, hard_parts, questions))
    return links


def show_links(db: sqlite_utils.Database, conversation_id: int) -> None:
    """What a saved conversation said about each path it informed, with links to the paths."""
    links = paths.links_for(db, conversation_id)
    if not links:
        return
    st.markdown("**Paths it informed**")
    for link in links:
        interest = vocab.label(vocab.INTEREST, link["still_interested"]) or "not said"
        st.page_link(
            "pages/paths.py",
            label=f"{plain_line(link['name'])} · still interested: {interest.lower()}",
            icon=":material/alt_route:",
            query_params={"path": str(link["path_id"])},
        )
        for label, field in (("Appeals", "appeals"), ("Hard parts", "hard_parts")):
            if link[field]:
                st.markdown(f"*{label}:* {plain(link[field])}")
        if link["open_questions"]:
            lines = "  \n".join(plain_line(q) for q in link["open_questions"].split("\n"))
            st.markdown(f"*Open questions:*  \n{lines}")


def pick_path(db: sqlite_utils.Database, key: str, current: int | None = None) -> int | None:
    """A select box for the path a board item informs (None: no path)."""
    choices = {None: "No path", **paths.path_choices(db)}
    options = list(choices)
    return st.selectbox(
        "Path it informs (optional)",
        options,
        index=options.index(current) if current in options else 0,
        format_func=choices.get,  # options are shown as plain text, not Markdown
        key=key,
        help="Tied items show on the path's page as research done and to do.",
    )


def tie_item_controls(db: sqlite_utils.Database, item: dict, on_saved) -> None:
    """In a board item's dialog: choose the path it informs; on_saved(message) after saving."""
    choice_col, button_col = st.columns([3, 1.2], vertical_alignment="bottom")
    with choice_col:
        chosen = pick_path(db, f"board_{item['id']}_path", item.get("path_id"))
    if button_col.button("Save path", key=f"board_{item['id']}_path_save"):
        with session.saving():  # a store error is said here, in the open dialog
            try:
                paths.tie_item(db, item["id"], chosen)
            except paths.PathError as error:
                st.error(" ".join(error.errors.values()))
                return
            on_saved("Tied it to the path." if chosen else "It informs no path now.")
    makes_a_path = item["kind"] == "role" and not item.get("path_id")
    if makes_a_path and st.button(
        "Make a path of this role",
        key=f"board_{item['id']}_make_path",
        icon=":material/alt_route:",
        help="A new path to weigh, linked to the conversations where this role came up.",
    ):
        with session.saving():
            paths.create_from_alternative_role(db, "item", item["id"])
            on_saved(f"Made the path {plain_line(item['title'])}; see it on the Paths page.")
