"""Possible duplicates on Contacts: the list of pairs, the side-by-side merge with a pick per
differing field, its confirmation, and "Not the same person"."""

from __future__ import annotations

import sqlite_utils
import streamlit as st

from lib import contacts, merging
from lib.ui import forms, session, undo
from lib.ui.cache import cached
from lib.ui.widgets import plain, plain_line

MERGING_KEY = "contacts_merging"  # [kept id, merged-away id] while the merge form is open
CONFIRM_KEY = "contacts_merge_confirm"
UNDO_PAGE = "contacts_merge"  # where the merge's Undo shows: the top of the kept contact
SECTION_KEY = "contacts_duplicates_open"  # the folded section's open state
SHOWN = 20  # pairs listed at once; the rest come once these are settled


def opened() -> list[int] | None:
    """The pair whose merge form is open, kept one first, if any."""
    return st.session_state.get(MERGING_KEY)


def duplicates_section(db: sqlite_utils.Database) -> None:
    """ "Possible duplicates", folded, once there are two contacts: opening it finds the pairs,
    each with why it was found, Compare and merge, Not the same person.

    The search (a fuzzy name comparison across every contact) runs only while the section is
    open, so the list does not pay for it on every change of the data.
    """
    if not contacts.has_several_contacts(db):
        return
    box = st.expander(
        "Possible duplicates", icon=":material/group:", key=SECTION_KEY, on_change="rerun"
    )
    if not box.open:
        return
    pairs = cached(merging.possible_duplicates, db)
    with box:
        if not pairs:
            st.caption(
                "No possible duplicates: no two contacts share an email, LinkedIn URL or "
                "phone number, or have a close name at the same organization."
            )
            return
        found = "1 pair" if len(pairs) == 1 else f"{len(pairs)} pairs"
        st.caption(
            f"{found}, found by the same email, LinkedIn URL or phone number, or a close name "
            "at the same organization; the surest first."
        )
        for pair in pairs[:SHOWN]:
            one_pair(db, pair)
        if len(pairs) > SHOWN:
            st.caption(f"And {len(pairs) - SHOWN} more once these are settled.")


def _who(person: dict) -> str:
    details = [person["organization"]] if person["organization"] else []
    if person["status"] == "archived":
        details.append("archived")
    text = f"**{plain_line(person['name'])}**"
    return f"{text} ({plain_line(', '.join(details))})" if details else text


def one_pair(db: sqlite_utils.Database, pair: dict) -> None:
    first, second = pair["first"], pair["second"]
    key = f"{first['id']}_{second['id']}"
    with st.container(border=True, key=f"contacts_pair_{key}"):
        text, buttons = st.columns([3, 2], vertical_alignment="center")
        text.markdown(f"{_who(first)} and {_who(second)}  \n:gray[{plain_line(pair['why'])}]")
        row = buttons.container(horizontal=True, horizontal_alignment="right")
        compare = row.button("Compare and merge", key=f"contacts_compare_{key}", type="primary")
        dismiss = row.button("Not the same person", key=f"contacts_dismiss_{key}")
    if compare:
        st.session_state[MERGING_KEY] = [first["id"], second["id"]]
        st.session_state.pop(CONFIRM_KEY, None)
        st.rerun()
    if dismiss:
        with session.saving():
            merging.dismiss(db, first["id"], second["id"])
            st.toast(
                f"Kept {plain_line(first['name'])} and {plain_line(second['name'])} apart: "
                "they will not be offered again.",
                icon=":material/check:",
            )
            st.rerun()


def _label(contact: dict, column: str) -> str:
    return plain_line(merging.shown_value(contact, column)) or "(empty)"


def merge_view(db: sqlite_utils.Database, on_merged) -> None:
    """The two side by side, a choice per differing field (the fuller value picked), then a
    confirmation; on_merged(kept_id) once merged."""
    kept_id, old_id = opened()
    kept, other = contacts.get_contact(db, kept_id), contacts.get_contact(db, old_id)
    if st.button("Back to all contacts", icon=":material/arrow_back:", type="tertiary"):
        close()
    if kept is None or other is None:
        st.warning("One of these two contacts no longer exists.")
        return
    st.title("Merge two contacts")
    st.caption(
        "Pick what to keep where they differ. Everything logged with either of them ends up "
        "on one contact, and you can undo the merge right after."
    )
    left, right = st.columns(2, gap="large")
    for column, person in ((left, kept), (right, other)):
        with column.container(border=True):
            _side(db, person)
    differing = merging.differing_fields(kept, other)
    defaults = merging.default_picks(kept, other)
    picks: dict[str, int] = {}
    with st.form(f"contacts_merge_{kept_id}_{old_id}", border=False, enter_to_submit=False):
        if differing:
            st.markdown("**Where they differ, keep**")
        for field in differing:
            options = [kept_id, old_id]
            people = {kept_id: kept, old_id: other}
            picks[field] = st.radio(
                merging.PICKED_FIELDS[field],
                options,
                index=options.index(defaults[field]),
                format_func=lambda pid, f=field, p=people: _label(p[pid], f),
                horizontal=True,
                key=f"contacts_merge_pick_{field}",
            )
        _joined(kept, other, differing)
        review = st.form_submit_button("Merge…", type="primary", icon=":material/merge:")
    if review:
        st.session_state[CONFIRM_KEY] = picks
    if st.session_state.get(CONFIRM_KEY) is not None:
        confirm(db, kept, other, st.session_state[CONFIRM_KEY], on_merged)


def _side(db: sqlite_utils.Database, person: dict) -> None:
    st.markdown(f"**{plain(person['name'])}**")
    subtitle = " · ".join(v for v in (person["role"], person["organization"]) if v)
    if person["status"] == "archived":
        subtitle = f"{subtitle} · archived" if subtitle else "Archived"
    if subtitle:
        st.caption(plain(subtitle))
    history = merging.history_sentence(merging.history_counts(db, person["id"]))
    st.markdown(f":material/history: {plain(history[:1].upper() + history[1:])}")


def _joined(kept: dict, other: dict, differing: list[str]) -> None:
    same = [
        label
        for field, label in merging.PICKED_FIELDS.items()
        if field not in differing and merging.shown_value(kept, field)
    ]
    notes = []
    if same:
        notes.append(f"The same in both: {', '.join(same)}.")
    tags = contacts.parse_tags(list(kept["tags"]) + list(other["tags"]))
    if tags:
        notes.append(f"Tags joined: {plain_line(', '.join(tags))}.")
    if kept["private_notes"] and other["private_notes"]:
        notes.append("Private notes joined: both are kept, one after the other.")
    elif kept["private_notes"] or other["private_notes"]:
        notes.append("Private notes kept.")
    for note in notes:
        st.caption(note)


def confirm(db: sqlite_utils.Database, kept: dict, other: dict, picks: dict, on_merged) -> None:
    name = merging.shown_value(other if picks.get("name") == other["id"] else kept, "name")
    history = merging.history_sentence(merging.history_counts(db, other["id"]))
    with st.container(border=True, key="contacts_merge_confirm_box"):
        st.markdown(
            f"Merge them into one contact, **{plain(name)}**? What was logged with "
            f"{plain(other['name'])} ({plain(history)}) moves with them. "
            "You can undo it right after."
        )
        row = st.container(horizontal=True)
        yes = row.button("Merge them", type="primary", key="contacts_merge_yes")
        no = row.button("Not yet", key="contacts_merge_no")
    forms.focus_here("contacts_merge_confirm_box", "nearest")
    if no:
        st.session_state.pop(CONFIRM_KEY, None)
        st.rerun()
    if yes:
        with session.saving():
            try:
                record = merging.merge(db, kept["id"], other["id"], picks)
            except merging.MergeError as error:
                st.error(str(error), icon=":material/error:")
                return
            undo.remember(
                record,
                UNDO_PAGE,
                f"Merged {plain(other['name'])} and {plain(kept['name'])} into one contact, "
                f"{plain(name)}.",
            )
            for field in merging.PICKED_FIELDS:
                st.session_state.pop(f"contacts_merge_pick_{field}", None)
            close(rerun=False)
            on_merged(kept["id"])


def close(rerun: bool = True) -> None:
    st.session_state.pop(MERGING_KEY, None)
    st.session_state.pop(CONFIRM_KEY, None)
    if rerun:
        st.rerun()


def merged_note(db: sqlite_utils.Database, contact_id: int) -> tuple[int, str] | None:
    """For a merged-away contact's old page: the kept contact's id, and "X was merged into Y"."""
    moved = merging.merged_into(db, contact_id)
    if moved is None:
        return None
    return moved["kept_id"], f"{moved['old_name']} was merged into {moved['kept_name']}."
