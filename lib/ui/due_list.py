"""Streamlit pieces for follow-through: the due list with drafts and Done / Snooze / Skip."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import sqlite_utils
import streamlit as st

from lib import drafts, followups, store
from lib.formats import ics
from lib.ui import cache, forms, session, widgets

BUCKETS = {
    "overdue": ("Overdue", ":material/error:"),
    "today": ("Due today", ":material/today:"),
    "week": ("Coming up this week", ":material/date_range:"),
}
# Each entry carries a draft editor and its actions (a dozen widgets); past a few per bucket
# the page slows down for no gain, so more are one click away.
SHOWN_PER_BUCKET = 5
KIND_ICONS = {
    "thank_you": ":material/favorite:",
    "one_month_update": ":material/event_repeat:",
    "next_contact": ":material/person_search:",
    "follow_up": ":material/reply:",
    "keep_in_touch": ":material/waving_hand:",
}


def _when(entry: followups.DueEntry, today: date) -> str:
    days = (entry.due - today).days
    day = f"{entry.due:%a} {entry.due.day} {entry.due:%b}"
    if days < 0:
        late = -days
        return f"was due {day} ({late} day{'s' if late != 1 else ''} ago)"
    if days == 0:
        return "due today"
    return f"due {day}"


def due_list(db: sqlite_utils.Database, today: date) -> None:
    """What is overdue, due today and due this week, each with its reason, draft and actions."""
    writable = session.can_write()
    if writable:
        try:
            cache.sync_followups(db, today)  # skipped when nothing changed since
        except (sqlite3.DatabaseError, store.StoreError) as error:  # the list still shows
            st.warning(
                f"Reminders could not be brought up to date. {store.explain(error)}",
                icon=":material/warning:",
            )
    flash = st.session_state.pop("due_flash", None)
    # Where the item acted on was (its bucket and place): the confirmation shows there, with
    # focus, so the person keeps their place in the list.
    flash_at = st.session_state.pop("due_flash_at", None)
    if flash and not flash_at:
        st.success(flash, icon=":material/check_circle:")
    counts = followups.due_counts(db, today)
    if not any(counts.values()):
        if flash and flash_at:
            _confirmation(flash)  # the last one done: the list is gone, the confirmation stays
        st.info(
            "Nothing is due this week. Thank-yous, one-month updates, 3B7 follow-ups and "
            "keep-in-touch notes appear here when they are due.",
            icon=":material/task_alt:",
        )
        return
    shown = {b: st.session_state.get(f"due_shown_{b}", SHOWN_PER_BUCKET) for b in BUCKETS}
    groups = followups.due_followups(db, today, limit=max(shown.values()))
    for column, (bucket, (title, _)) in zip(st.columns(3), BUCKETS.items(), strict=True):
        column.metric(title, counts[bucket])
    for bucket, (title, _icon) in BUCKETS.items():
        entries = groups[bucket][: shown[bucket]]
        here = flash_at[1] if flash and flash_at and flash_at[0] == bucket else None
        if not entries:
            if here is not None:
                _confirmation(flash)
            continue
        st.markdown(f"### {title}")  # no icon: a screen reader would read "error icon Overdue"
        for index, entry in enumerate(entries):
            if here == index:
                _confirmation(flash)
            _entry(db, entry, today, writable, (bucket, index))
        if here is not None and here >= len(entries):
            _confirmation(flash)
        if counts[bucket] > len(entries):
            more = counts[bucket] - len(entries)
            st.caption(f"… and {more} more {title.lower()}.")
            if st.button(
                f"Show {min(more, SHOWN_PER_BUCKET)} more",
                key=f"due_more_{bucket}",
                icon=":material/expand_more:",
            ):
                st.session_state[f"due_shown_{bucket}"] = shown[bucket] + SHOWN_PER_BUCKET
                st.rerun()
    st.download_button(
        "Add follow-ups to my calendar (.ics)",
        data=lambda: session.on_own_connection(lambda own: ics.followups_calendar(own, today)),
        file_name="fieldwork-followups.ics",
        mime="text/calendar",
        icon=":material/calendar_add_on:",
        key="due_ics",
    )


def _confirmation(message: str) -> None:
    with st.container(key="due_confirmation"):
        st.success(message, icon=":material/check_circle:")
    forms.focus_here("due_confirmation")


def _entry(
    db: sqlite_utils.Database,
    entry: followups.DueEntry,
    today: date,
    writable: bool,
    place: tuple[str, int] | None = None,
) -> None:
    label = f"{entry.label} · {widgets.plain_line(entry.contact)} · {_when(entry, today)}"
    # Lazy: a closed entry sends only its label. Its reason, draft and a dozen widgets are
    # built when it is opened (a rerun), so a long list stays quick on a year-old file.
    box = st.expander(
        label, icon=KIND_ICONS.get(entry.kind), key=f"due_open_{entry.id}", on_change="rerun"
    )
    if not box.open:
        return
    with box:
        st.write(widgets.plain(entry.reason))
        widgets.contact_link(entry.contact_id, f"Open {entry.contact}")
        if not writable:
            return
        error = st.session_state.pop(f"due_error_{entry.id}", None)
        if error:
            st.error(error)
        draft = drafts.draft_for_task(db, entry.id)
        if draft is None:
            _next_contact_help(db, entry)
            subject = body = ""
        else:
            subject, body = widgets.draft_editor(draft, entry.email, "due", entry.id)
        st.session_state[f"due_place_{entry.id}"] = place
        _actions(db, entry, today, subject, body)


def _next_contact_help(db: sqlite_utils.Database, entry: followups.DueEntry) -> None:
    peers = drafts.colleagues_to_try(db, entry.contact_id)
    if peers:
        st.write("People there you have not written to yet:")
        for peer in peers:
            widgets.contact_link(peer["id"], f"{peer['name']} — {peer['role'] or 'role unknown'}")
    else:
        where = widgets.plain_line(entry.organization) if entry.organization else "the field"
        st.caption(
            f"No one else at {where} in your contacts yet: find one (LinkedIn, alumni, the "
            "organization's site), add them, and write to them. Writing to them closes this."
        )


def _actions(
    db: sqlite_utils.Database, entry: followups.DueEntry, today: date, subject: str, body: str
) -> None:
    # Two rows, so no label is cut in a 1024 px window: the sent-on day with Done, then the rest.
    sent_col, done = st.columns(2, vertical_alignment="bottom")
    # Sent last night, logged this morning: the day it went out decides whether it was on time.
    earliest = entry.follows_on if entry.follows_on and entry.follows_on <= today else None
    sent_on = sent_col.date_input(
        "Sent on",
        value=today,
        min_value=earliest,
        max_value=today,
        key=f"due_sent_on_{entry.id}",
        format="YYYY-MM-DD",
        help="The day you sent it, if not today; on time is judged on this day.",
    )
    sent = "Mark done" if entry.kind == "next_contact" else "Sent it: mark done"
    pressed = done.button(sent, key=f"due_done_{entry.id}", icon=":material/done:", type="primary")
    if pressed:

        def action() -> None:
            followups.mark_done(db, entry.id, today, summary=subject, sent_on=sent_on)

        if _run(entry, action):
            when = ""
            if sent_on and sent_on != today:
                when = f", sent {sent_on:%a} {sent_on.day} {sent_on:%b}"
            st.session_state["due_flash"] = (
                f"Done: {entry.label.lower()} for {widgets.plain_line(entry.contact)}{when}."
            )
        st.rerun()
    snooze, skip = st.columns(2)
    with snooze.popover("Snooze", icon=":material/snooze:"):
        until = st.date_input(
            "Remind me on",
            value=today + timedelta(days=3),
            min_value=today + timedelta(days=1),
            max_value=today + timedelta(days=followups.SNOOZE_MAX_DAYS),
            key=f"due_until_{entry.id}",
        )
        if st.button("Snooze", key=f"due_snooze_{entry.id}"):
            if _run(entry, lambda: followups.snooze(db, entry.id, until, today)):
                st.session_state["due_flash"] = f"Snoozed until {until:%a} {until.day} {until:%b}."
            st.rerun()
    with skip.popover("Skip", icon=":material/block:"):
        reason = st.text_input("Why skip it?", key=f"due_reason_{entry.id}")
        if st.button("Skip", key=f"due_skip_{entry.id}"):
            if _run(entry, lambda: followups.skip(db, entry.id, reason)):
                st.session_state["due_flash"] = f"Skipped: {entry.label.lower()}."
            st.rerun()


def _run(entry: followups.DueEntry, action) -> bool:
    # The confirmation will show where this entry was.
    st.session_state["due_flash_at"] = st.session_state.get(f"due_place_{entry.id}")
    try:
        action()
    except followups.FollowupError as error:
        st.session_state[f"due_error_{entry.id}"] = str(error)
        return False
    except (sqlite3.DatabaseError, store.StoreError) as error:  # shown next to the entry
        st.session_state[f"due_error_{entry.id}"] = store.not_saved(error)
        return False
    return True
