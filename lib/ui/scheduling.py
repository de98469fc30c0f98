"""Streamlit pieces for scheduled conversations: the schedule form, an item with its actions,
Home's "Coming up" and "Not captured yet" lists."""

from __future__ import annotations

from datetime import date, time

import sqlite_utils
import streamlit as st

from lib import clock, paths, questions, schedule, vocab
from lib.formats import ics
from lib.ui import forms, session
from lib.ui.pickers import contact_picker
from lib.ui.widgets import plain

DEFAULT_TIME = time(10, 0)


def schedule_form(
    db: sqlite_utils.Database, contact_id: int | None, prefix: str, compact: bool = False
) -> None:
    """The "Schedule a conversation" form; with contact_id None it starts with a contact picker.

    compact stacks the fields for a narrow column. A failed save's errors show under the
    button (focused) and under their fields; Enter does not submit the form.
    """
    generation = st.session_state.setdefault(f"{prefix}_generation", 0)
    key = f"{prefix}_{generation}"
    errors = st.session_state.get(f"{prefix}_errors") or {}
    chosen = contact_id
    if contact_id is None:
        # Above the form: past 500 contacts it searches as the person types.
        chosen = contact_picker(db, "Who will you talk to?", f"{key}_contact")
        forms.field_error(errors, "contact")
    with st.form(f"{key}_form", border=True, enter_to_submit=False):
        values = _when_fields(key, errors, compact)
        values |= _how_fields(key, errors, compact)
        question_ids, path_ids = _plan_fields(db, key)
        st.caption(
            f"Times are in your time zone, {schedule.local_time_zone()}, unless you pick "
            "theirs: Fieldwork then shows the time in yours, with theirs beside it."
        )
        submitted = st.form_submit_button("Schedule it", type="primary", icon=":material/event:")
    forms.errors_here(errors, f"{key}_errors")
    if submitted:
        _schedule(db, prefix, generation, chosen, values, question_ids, path_ids)


def _when_fields(key: str, errors: dict[str, str], compact: bool) -> dict:
    """The day, the start and the planned length, each with its error under it."""
    # Stacked in a narrow column; containers either way, so each field's error sits under it.
    stacked = [st.container() for _ in range(3)] if compact else None
    day_col, time_col, length_col = stacked or st.columns(3)
    today = clock.today()
    values = {
        # Any day typed is kept: one that has passed is refused by schedule.validate, beside it.
        "day": forms.date_box("Date", today, where=day_col, key=f"{key}_day"),
        "time": time_col.time_input(
            "Start (in the time zone below)", value=DEFAULT_TIME, step=300, key=f"{key}_time"
        ),
        "planned_minutes": length_col.number_input(
            "Planned length (minutes)",
            min_value=schedule.MIN_MINUTES,
            max_value=schedule.MAX_MINUTES,
            value=vocab.TARGET_MINUTES,
            step=5,
            key=f"{key}_minutes",
            help=f"Ask for about {vocab.TARGET_MINUTES} minutes: respect their time.",
        ),
    }
    # Right under the start it applies to, in both layouts.
    values["time_zone"] = zone_picker(f"{key}_zone", schedule.local_time_zone(), where=time_col)
    forms.field_errors(
        errors,
        [
            (day_col, "day"),
            (time_col, "time"),
            (time_col, "time_zone"),
            (length_col, "planned_minutes"),
        ],
    )
    return values


def zone_picker(key: str, default: str, label: str = "Time zone", where=st) -> str:
    """A searchable list of every IANA time zone, starting on default (the machine's)."""
    zones = schedule.all_time_zones()
    if default not in zones:
        zones = [default, *zones]
    return where.selectbox(
        label,
        zones,
        index=zones.index(default),
        key=key,
        help="Talking with someone in another zone? Pick theirs and type the time they gave; "
        "it is stored in UTC and shown in your zone.",
    )


def _how_fields(key: str, errors: dict[str, str], compact: bool) -> dict:
    """The mode and the place or link, each with its error under it."""
    mode_col, place_col = [st.container(), st.container()] if compact else st.columns([1, 2])
    values = {
        "mode": mode_col.selectbox(
            "Mode", list(vocab.MODES), index=2, format_func=vocab.MODES.get, key=f"{key}_mode"
        ),
        "place_or_link": place_col.text_input(
            "Place or video link",
            key=f"{key}_place",
            placeholder="Café on Main St, or https://meet…",
        ),
    }
    forms.field_errors(errors, [(mode_col, "mode"), (place_col, "place_or_link")])
    return values


def _plan_fields(db: sqlite_utils.Database, key: str) -> tuple[list[int], list[int]]:
    """The questions to ask and the paths it should inform, both optional: their ids."""
    bank = {q["id"]: q for q in questions.active_questions(db)}
    path_names = paths.path_choices(db)
    question_ids = st.multiselect(
        "Questions to ask (optional)",
        list(bank),
        format_func=lambda qid: f"{vocab.TIARA[bank[qid]['category']]} · {bank[qid]['text']}",
        key=f"{key}_questions",
        placeholder="Pick from your question bank, most important first",
        select_all=False,  # one slip on "Select all" would plan the whole bank
    )
    path_ids = st.multiselect(
        "Paths it should inform (optional)",
        list(path_names),
        format_func=path_names.get,
        key=f"{key}_paths",
        placeholder="The careers you are weighing",
        select_all=False,
    )
    return question_ids, path_ids


def _schedule(
    db: sqlite_utils.Database,
    prefix: str,
    generation: int,
    contact_id: int | None,
    values: dict,
    question_ids: list[int],
    path_ids: list[int],
) -> None:
    """Save the submitted form; its errors are kept for the next run, which shows them."""
    st.session_state.pop(f"{prefix}_errors", None)
    if contact_id is None:
        st.session_state[f"{prefix}_errors"] = {"contact": "Pick who you will talk to."}
        st.rerun()
    with session.saving():  # a locked or read-only file is said here; the form keeps its values
        try:
            schedule.schedule(db, contact_id, values, question_ids=question_ids, path_ids=path_ids)
        except schedule.ScheduleError as error:
            st.session_state[f"{prefix}_errors"] = error.errors
            st.rerun()
        st.session_state[f"{prefix}_generation"] = generation + 1
        st.toast("Scheduled. It is on Home under Coming up.", icon=":material/event_available:")
        st.rerun()


def scheduled_item(
    db: sqlite_utils.Database, item: dict, prefix: str, show_contact: bool = True
) -> None:
    """One scheduled conversation: when, who, how; Prepare, How did it go?, .ics, reschedule, cancel."""
    started = schedule.has_started(item)
    with st.container(border=True):
        who = f" · **{plain(item['contact'])}**" if show_contact else ""
        where = f" · {plain(item['place_or_link'])}" if item["place_or_link"] else ""
        other = f" {item['other_zone']}" if item.get("other_zone") else ""
        st.markdown(
            f"**{item['when']}**{other}{who} · {item['mode_label']} · "
            f"{item['planned_minutes']} min{where}"
        )
        if item.get("organization") and show_contact:
            st.caption(plain(" · ".join(v for v in (item["role"], item["organization"]) if v)))
        row = st.container(horizontal=True, vertical_alignment="center", gap="small")
        row.page_link(
            "pages/brief.py",
            label="Prepare",
            icon=":material/description:",
            query_params={"contact": str(item["contact_id"]), "scheduled": str(item["id"])},
        )
        row.download_button(
            "Calendar (.ics)",
            data=lambda: session.on_own_connection(
                lambda own: ics.scheduled_calendar(own, item["id"])
            ),
            file_name=f"fieldwork-conversation-{item['id']}.ics",
            mime="text/calendar",
            icon=":material/calendar_add_on:",
            key=f"{prefix}_ics_{item['id']}",
            help="Add this conversation to your calendar (with a reminder 30 minutes before)",
        )
        if not session.can_write():
            return
        if started:
            row.page_link(
                "pages/conversations.py",
                label="How did it go?",
                icon=":material/rate_review:",
                query_params={"scheduled": str(item["id"])},
            )
        reschedule_key = f"{prefix}_reschedule_{item['id']}"
        if st.session_state.pop(f"{prefix}_moved_{item['id']}", False):
            st.session_state[reschedule_key] = False  # moved: the popover closes
        # Its form is drawn only once opened: a date, a time and a picker of ~600 time zones
        # for every call listed made Home twice as slow to draw with a week of calls.
        reschedule = row.popover(
            "Reschedule", icon=":material/update:", key=reschedule_key, on_change="rerun"
        )
        if reschedule.open:
            with reschedule:
                _reschedule(db, item, prefix)
        cancel = row.popover(
            "Cancel",
            icon=":material/event_busy:",
            key=f"{prefix}_cancel_open_{item['id']}",
            on_change="rerun",
        )
        if cancel.open:  # drawn once opened, as Reschedule's form
            with cancel:
                _cancel(db, item, prefix)


def _cancel(db: sqlite_utils.Database, item: dict, prefix: str) -> None:
    st.write(f"Cancel the conversation with {plain(item['contact'])} on {item['when']}?")
    st.caption("It stays on their timeline; the calendar file marks it cancelled.")
    if st.button("Cancel it", key=f"{prefix}_cancel_{item['id']}", type="primary"):
        _run(prefix, item, lambda: schedule.cancel(db, item["id"]), "Cancelled.")


def _reschedule(db: sqlite_utils.Database, item: dict, prefix: str) -> None:
    error = st.session_state.pop(f"{prefix}_error_{item['id']}", None)
    day_error = st.session_state.pop(f"{prefix}_day_error_{item['id']}", None)
    zone = item["time_zone"] if schedule.zone_exists(item["time_zone"]) else "UTC"
    start = schedule.in_zone(item["starts"], zone)  # as it was entered: in its own zone
    today = clock.today()
    day = forms.date_box("New date", max(start.date(), today), key=f"{prefix}_new_day_{item['id']}")
    forms.field_error({"day": day_error}, "day")  # a refused date: under it, and under Move it
    at = st.time_input(
        "New start (in the time zone below)",
        value=start.time().replace(tzinfo=None),
        step=300,
        key=f"{prefix}_new_time_{item['id']}",
    )
    zone = zone_picker(f"{prefix}_new_zone_{item['id']}", zone)
    moved = st.button("Move it", key=f"{prefix}_move_{item['id']}", type="primary")
    if error:
        st.error(error)
    if moved:
        values = {"day": day, "time": at, "time_zone": zone}

        def move() -> None:
            schedule.reschedule(db, item["id"], values)
            st.session_state[f"{prefix}_moved_{item['id']}"] = True

        _run(prefix, item, move, "Rescheduled: re-import the .ics to update your calendar.")


def _run(prefix: str, item: dict, action, message: str) -> None:
    with session.saving():  # a store error is said here, beside the button pressed
        try:
            action()
        except schedule.ScheduleError as error:
            st.session_state[f"{prefix}_error_{item['id']}"] = str(error)
            st.session_state[f"{prefix}_day_error_{item['id']}"] = error.errors.get("day")
            st.rerun()
        st.toast(message, icon=":material/check:")
        st.rerun()


def coming_up(db: sqlite_utils.Database, today: date) -> None:
    """Home's "Coming up": today's and this week's scheduled conversations."""
    groups = schedule.coming_up(db, today)
    if not groups["today"] and not groups["week"]:
        st.caption(
            "Nothing scheduled for the next seven days. Schedule a conversation from a "
            "contact's page or the Conversations page."
        )
        return
    for bucket, title in (("today", "Today"), ("week", "This week")):
        if groups[bucket]:
            st.markdown(f"### {title}")
            _some(db, groups[bucket], f"home_coming_{bucket}", "home_coming", title.lower())


# Of a list of scheduled conversations on Home, those drawn until "Show N more" is clicked: a
# week of calls is a wall of cards (and each card a dozen elements to draw).
SHOWN_SCHEDULED = 3


def _some(db: sqlite_utils.Database, items: list[dict], key: str, prefix: str, where: str) -> None:
    """The first SHOWN_SCHEDULED items, and a button for the rest ("Show 4 more this week")."""
    every = st.session_state.get(f"{key}_all", False)
    shown = items if every else items[:SHOWN_SCHEDULED]
    for item in shown:
        scheduled_item(db, item, prefix)
    if more := len(items) - len(shown):
        st.button(
            f"Show {more} more {where}",
            key=f"{key}_more",
            icon=":material/expand_more:",
            type="tertiary",
            on_click=lambda: st.session_state.update({f"{key}_all": True}),
        )


def not_captured(db: sqlite_utils.Database, today: date) -> None:
    """Scheduled conversations from before today with nothing captured: how did they go?"""
    items = schedule.not_captured(db, today)
    if not items:
        return
    st.markdown("### Not captured yet")
    st.caption(
        "These were scheduled and their day has passed. Capture how it went, or cancel "
        "it if it did not happen."
    )
    _some(db, items, "home_missed_list", "home_missed", "not captured yet")


def for_contact(db: sqlite_utils.Database, contact_id: int) -> None:
    """A contact's scheduled conversations, each with its actions."""
    for item in schedule.for_contact(db, contact_id):
        scheduled_item(db, item, "contacts_scheduled", show_contact=False)
