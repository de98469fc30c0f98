"""Streamlit pieces for keep-in-touch rhythms: the picker, a contact's rhythm, the default and
the tags' rhythms (Your data), the going-cold list (Home) and the list's touch columns."""

from __future__ import annotations

from datetime import date

import pandas as pd
import sqlite_utils
import streamlit as st

from lib import contacts, dates, followups, rhythms
from lib.ui import forms, session, widgets
from lib.ui.cache import cached

INHERIT = "inherit"  # the picker's choice for "no rhythm of its own"
# The state's colour beside its words (never the colour alone): calm for upcoming, amber once
# due, red when late, grey without a next touch.
STATE_COLOURS = {
    "upcoming": "#2e7d32",
    "due": "#a15c00",
    "late": "#c62828",
    "": "#5f6368",
}
# The same in Streamlit's Markdown colours, for lines of text.
STATE_MARKDOWN = {"upcoming": "green", "due": "orange", "late": "red", "": "gray"}
SHOWN_COLD = 8


def coloured(words: str, state: str) -> str:
    """Markdown of our own state words in their colour (never user text)."""
    return f":{STATE_MARKDOWN.get(state, 'gray')}[{words}]"


def picker(
    prefix: str,
    current: rhythms.Rhythm | None,
    errors: dict[str, str],
    inherit_label: str | None = None,
) -> tuple[str, object, object]:
    """A rhythm picker: a preset, custom days or none (and inherit_label's choice when given).

    Returns (choice, ideal days, latest days) as the person left them; the widgets keep what
    was typed when a save is refused.
    """
    options = ([INHERIT] if inherit_label else []) + list(rhythms.CHOICES)
    labels = {INHERIT: inherit_label, **rhythms.CHOICES}
    start = (
        INHERIT
        if current is None and inherit_label
        else rhythms.preset_key(current or rhythms.DEFAULT_RHYTHM)
    )
    choice = st.selectbox(
        "Rhythm",
        options,
        index=options.index(start),
        format_func=labels.get,
        key=f"{prefix}_choice",
    )
    ideal = latest = None
    if choice == "custom":
        custom = (
            current if current is not None and not current.is_none else rhythms.PRESETS["close"][1]
        )
        left, right = st.columns(2)
        # No min or max here: a number out of range gets a message saying what to give.
        ideal = left.number_input(
            "Every … days (ideal)", value=custom.ideal_days, step=1, key=f"{prefix}_ideal"
        )
        latest = right.number_input(
            "At the latest after … days", value=custom.latest_days, step=1, key=f"{prefix}_latest"
        )
        forms.field_errors(errors, [(left, "ideal_days"), (right, "latest_days")])
    return choice, ideal, latest


def _chosen(choice: str, ideal: object, latest: object) -> rhythms.Rhythm | None:
    """The rhythm a picker's values ask for (None: inherit); RhythmError when refused."""
    if choice == INHERIT:
        return None
    return rhythms.validate_rhythm(choice, ideal, latest)


def _touch_line(touch: rhythms.TouchPlan | None, today: date) -> None:
    if touch is None:
        return
    last = dates.show(touch.last_touch) if touch.last_touch else "never"
    st.markdown(f"**Last touch:** {last}")
    words = coloured(touch.words(today), touch.state(today))
    if touch.next_on:
        latest = dates.show(touch.late_on)
        st.markdown(
            f"**Next touch:** {dates.show(touch.next_on)} · {words} (at the latest {latest})"
        )
    else:
        st.markdown(f"**Next touch:** {words}")


def contact_section(db: sqlite_utils.Database, contact_id: int, today: date) -> None:
    """A contact's last and next touch, the rhythm they follow and where it comes from, and
    (when writable) a picker to give them their own."""
    with st.container(border=True, key="contacts_rhythm_box"):
        st.markdown("**Keep in touch**")
        touch = rhythms.touch_plans(db, "c.id = ?", [contact_id]).get(contact_id)
        _touch_line(touch, today)
        resolved = rhythms.resolved_for_contact(db, contact_id)
        st.caption(
            f"Rhythm: {rhythms.rhythm_label(resolved.rhythm)} ({widgets.plain(resolved.source_words)})."
            + (
                " Of several tags with a rhythm, the closest one counts."
                if resolved.source == "tag"
                else ""
            )
        )
        if not session.can_write():
            return
        prefix = f"contacts_rhythm_{contact_id}"
        errors = st.session_state.get(f"{prefix}_errors") or {}
        own = rhythms.contact_rhythm(db, contact_id)
        with st.expander("Change the rhythm", icon=":material/schedule:"):
            choice, ideal, latest = picker(
                prefix, own, errors, inherit_label="Follow their tags and the default"
            )
            clicked = st.button("Save rhythm", key=f"{prefix}_save", icon=":material/check:")
            forms.errors_here(errors, f"{prefix}_errors_here")
        if clicked:
            st.session_state.pop(f"{prefix}_errors", None)
            with session.saving():
                try:
                    rhythms.set_contact_rhythm(db, contact_id, _chosen(choice, ideal, latest))
                except rhythms.RhythmError as error:
                    st.session_state[f"{prefix}_errors"] = error.errors
                    st.rerun()
                st.toast("Saved the rhythm.", icon=":material/check:")
                st.rerun()


def settings_section(db: sqlite_utils.Database) -> None:
    """Your data: the default rhythm for everyone, and the rhythm of each tag."""
    st.header("Keep-in-touch rhythms")
    st.caption(
        "How often to be in touch with the people you have talked with. The keep-in-touch "
        "note is due on the ideal day after the last touch (any message, call or "
        "conversation) and late after the latest. A person's own rhythm (on their page) comes "
        "first, then their tags' (of several, the closest), then the default."
    )
    default = rhythms.default_rhythm(db)
    with st.container(border=True, key="data_rhythm_default_box"):
        st.markdown(f"**Default for everyone:** {rhythms.rhythm_label(default)}")
        errors = st.session_state.get("data_rhythm_errors") or {}
        with st.columns([2, 1])[0]:  # a line of words, not the page's whole width
            choice, ideal, latest = picker("data_rhythm", default, errors)
        if st.button("Save the default", key="data_rhythm_save", icon=":material/check:"):
            _save(
                lambda: rhythms.set_default_rhythm(
                    db, rhythms.validate_rhythm(choice, ideal, latest)
                ),
                "data_rhythm",
            )
        forms.errors_here(errors, "data_rhythm_errors_here")
        widgets.show_once("data_rhythm_saved")
    tags_section(db)


def tags_section(db: sqlite_utils.Database) -> None:
    """Each tag's rhythm, and a picker to set one."""
    in_use = cached(contacts.all_tags, db)
    by_tag = rhythms.tag_rhythms(db)
    with st.container(border=True, key="data_tag_rhythm_box"):
        st.markdown("**By tag**")
        if by_tag:
            st.table(
                pd.DataFrame(
                    {
                        "Tag": list(by_tag),
                        "Rhythm": [rhythms.rhythm_label(r) for r in by_tag.values()],
                    }
                )
            )
        else:
            st.caption("No tag has a rhythm yet: everyone follows the default or their own.")
        tags = sorted(set(in_use) | set(by_tag), key=str.casefold)
        if not tags:
            st.caption("Tag your contacts (on their page) to give a group its own rhythm.")
            return
        narrow = st.columns([2, 1])[0]
        tag = narrow.selectbox(
            "Tag", tags, index=None, key="data_tag_rhythm_tag", placeholder="Pick a tag"
        )
        if tag is None:
            widgets.show_once("data_tag_rhythm_saved")
            return
        prefix = f"data_tag_rhythm_{tag}"
        errors = st.session_state.get("data_tag_rhythm_errors") or {}
        with narrow:
            choice, ideal, latest = picker(
                prefix, by_tag.get(tag), errors, inherit_label="No rhythm of its own"
            )
        if st.button("Save the tag's rhythm", key="data_tag_rhythm_save", icon=":material/check:"):
            _save(
                lambda: rhythms.set_tag_rhythm(db, tag, _chosen(choice, ideal, latest)),
                "data_tag_rhythm",
            )
        forms.errors_here(errors, "data_tag_rhythm_errors_here")
        widgets.show_once("data_tag_rhythm_saved")


def _save(action, prefix: str) -> None:
    st.session_state.pop(f"{prefix}_errors", None)
    with session.saving():
        try:
            action()
        except rhythms.RhythmError as error:
            st.session_state[f"{prefix}_errors"] = error.errors
            st.rerun()
        st.session_state[f"{prefix}_saved"] = "Saved. Reminders follow the new rhythm."
        st.rerun()


def going_cold_section(db: sqlite_utils.Database, today: date) -> None:
    """Home: the people due a keep-in-touch note by their rhythm, the latest first."""
    cold = cached(followups.going_cold, db, today)
    st.header("Going cold")
    if not cold:
        st.caption("Nobody is going cold: everyone you have talked with is within their rhythm.")
        return
    st.caption("Due a short note by their keep-in-touch rhythm, the most overdue first.")
    for person in cold[:SHOWN_COLD]:
        late = date.fromisoformat(person["late_on"])
        words = rhythms.state_words("rhythm", date.fromisoformat(person["due_on"]), late, today)
        left, right = st.columns([2, 3], vertical_alignment="center")
        with left:
            widgets.contact_link(person["id"], person["name"])
        right.markdown(
            f"{coloured(words, person['state'])} · last touch "
            f"{dates.show(person['last_touch'])} ({person['days_since']} days ago)"
        )
    if len(cold) > SHOWN_COLD:
        st.caption(
            f"… and {len(cold) - SHOWN_COLD} more: sort Contacts by next touch to see them all."
        )


def style_touch(table: pd.DataFrame):
    """The list with each next touch's state in its colour (the words say it too)."""

    def colour(row: pd.Series) -> list[str]:
        shade = STATE_COLOURS.get(row.get("touch_state") or "", STATE_COLOURS[""])
        return [f"color: {shade}" if column == "touch_words" else "" for column in row.index]

    return table.style.apply(colour, axis=1)


def touch_columns() -> dict:
    """The list's touch columns: dates (so a click on the heading sorts by the date)."""
    return {
        "last_touch": st.column_config.DateColumn("Last touch", format="D MMM YYYY"),
        "next_touch": st.column_config.DateColumn("Next touch", format="D MMM YYYY"),
        "touch_words": st.column_config.TextColumn("Next touch is", width="medium"),
    }


def sort_picker(where=st) -> str:
    """How to order the whole list (every page), a contacts.SORTS key."""
    return where.selectbox(
        "Sort by",
        list(contacts.SORTS),
        format_func=contacts.SORTS.get,
        key="contacts_sort",
    )
