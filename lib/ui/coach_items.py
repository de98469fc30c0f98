"""Home's due list, "From your coach": the coach's action items, each with Done and the day."""

from __future__ import annotations

import sqlite3
from datetime import date

import sqlite_utils
import streamlit as st

from lib import clock, dates, from_coach, store
from lib.ui import coach_notes, forms, session, widgets
from lib.ui.widgets import plain, plain_line


def _when(due: date, today: date) -> str:
    days = (due - today).days
    if days < 0:
        return f"was due {dates.show(due)} ({-days} day{'s' if days != -1 else ''} ago)"
    if days == 0:
        return "due today"
    return f"due {dates.show(due)}"


def due_section(db: sqlite_utils.Database, today: date) -> None:
    """The coach's open action items, soonest due first, with Done and a done-on day."""
    coach_notes.refresh(db)
    items = from_coach.open_action_items(db)
    flash = st.session_state.pop("home_coach_flash", None)
    if not items and not flash:
        return
    st.markdown("### From your coach")
    if flash:
        st.success(flash, icon=":material/check_circle:")
    writable = session.can_write()
    for item in items:
        due = date.fromisoformat(item["due_on"])
        label = f"{plain_line(item['text'])} · {plain_line(item['coach'])} · {_when(due, today)}"
        box = st.expander(
            label,
            icon=":material/assignment:",
            key=f"home_coach_{item['entry_id']}",
            on_change="rerun",
        )
        if not box.open:
            continue
        with box:
            st.markdown(plain(item["text"]))
            st.caption(f"Asked by {plain(item['coach'])} on {_written(item['written_at'])}.")
            if item["contact_id"]:
                widgets.contact_link(item["contact_id"], "Open the contact it is about")
            if writable:
                _done(db, item, today)


def _written(stamp: str) -> str:
    return dates.show(clock.local_date(stamp))


def _done(db: sqlite_utils.Database, item: dict, today: date) -> None:
    error = st.session_state.pop(f"home_coach_error_{item['entry_id']}", None)
    day_col, button_col = st.columns(2, vertical_alignment="bottom")
    forms.date_box(
        "Done on",
        today,
        where=day_col,
        key=f"home_coach_day_{item['entry_id']}",
        help="The day you did it, if not today.",
    )
    button_col.button(
        "Done",
        key=f"home_coach_done_{item['entry_id']}",
        icon=":material/done:",
        type="primary",
        on_click=_mark_done,
        args=(db, item, today),
    )
    if error:
        st.error(error, icon=":material/error:")


def _mark_done(db: sqlite_utils.Database, item: dict, today: date) -> None:
    day = st.session_state.get(f"home_coach_day_{item['entry_id']}")
    try:
        from_coach.mark_done(db, item["entry_id"], day, today)
    except from_coach.FromCoachError as error:
        st.session_state[f"home_coach_error_{item['entry_id']}"] = str(error)
        return
    except (sqlite3.DatabaseError, store.StoreError) as error:
        st.session_state[f"home_coach_error_{item['entry_id']}"] = store.not_saved(error)
        return
    when = f", on {dates.show(day)}" if day != today else ""
    st.session_state["home_coach_flash"] = f"Done: {plain_line(item['text'])}{when}."
