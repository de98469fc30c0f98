"""Streamlit pieces for follow-through: the due list with drafts and Done / Snooze / Skip."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import sqlite_utils
import streamlit as st

from lib import dates, drafts, followups, store, vocab
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
    day = dates.show(entry.due)
    if entry.late is not None and entry.due < today <= entry.late:
        # A keep-in-touch note is due from its ideal day to its latest, overdue only after.
        return f"due since {day}, by {dates.show(entry.late)} at the latest"
    if entry.late is not None and entry.late < today:
        late = (today - entry.late).days
        return f"was due by {dates.show(entry.late)} ({late} day{'s' if late != 1 else ''} ago)"
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
    places = _places()
    shown = {b: st.session_state.get(f"due_shown_{b}", SHOWN_PER_BUCKET) for b in BUCKETS}
    # Kept until the next write: a rerun (an entry opened, another page and back) reads no
    # task again (one pass over 13,000 open tasks is ~30 ms on the heavy file).
    groups, counts = cache.cached(followups.due_overview, db, today, limit=max(shown.values()))
    if not any(counts.values()) and not places["acted"]:
        _nothing_due()
        return
    for column, (bucket, (title, _)) in zip(st.columns(3), BUCKETS.items(), strict=True):
        column.metric(title, counts[bucket])
    st.caption(vocab.METHOD_3B7)  # the "(3B)" and "(7B)" in the entries below
    focus = st.session_state.pop("due_focus", None)
    for bucket, (title, _icon) in BUCKETS.items():
        entries = {entry.id: entry for entry in groups[bucket][: shown[bucket]]}
        acted = {i: message for i, (b, message) in places["acted"].items() if b == bucket}
        order = keep_places(places["order"].get(bucket, []), list(entries), acted)
        places["order"][bucket] = order
        if order:
            st.markdown(f"### {title}")  # no icon: a screen reader would read "error icon Overdue"
        for task_id in order:
            if task_id in acted:
                _acted_line(task_id, acted[task_id])
            else:
                _entry(db, entries[task_id], today, writable, bucket)
        _show_more(bucket, title, counts[bucket] - len(entries), shown[bucket])
    # The button pressed is gone: keyboard focus goes to what it did, in its place. The script
    # that moves it is always one element at the list's end, so its coming and going never
    # shifts the entries under the pointer of a person working down the list.
    forms.focus_slot(f"due_acted_{focus}" if focus is not None else None, scroll="nearest")
    if not any(counts.values()):
        _nothing_due()
        return
    st.download_button(
        "Add follow-ups to my calendar (.ics)",
        data=lambda: session.on_own_connection(lambda own: ics.followups_calendar(own, today)),
        file_name="fieldwork-followups.ics",
        mime="text/calendar",
        icon=":material/calendar_add_on:",
        key="due_ics",
    )


def keep_places(before: list[int], due: list[int], acted: dict[int, str]) -> list[int]:
    """The order to show a bucket in: each entry keeps its place while the person works the list.

    An entry done, snoozed or skipped keeps its place as a one-line confirmation, and a newly
    due entry joins at the end, so nothing moves under the pointer of a person working down
    the list quickly (a click landing on a moved element would do the wrong thing or nothing).
    """
    kept = [task_id for task_id in before if task_id in acted or task_id in due]
    return kept + [task_id for task_id in (*acted, *due) if task_id not in kept]


def _places() -> dict:
    """This page visit's places (the order shown per bucket) and what was acted on in it."""
    visit = session.page_visit()
    places = st.session_state.get("due_places")
    if not places or places["visit"] != visit:
        places = {"visit": visit, "order": {}, "acted": {}}
        st.session_state["due_places"] = places
    return places


def _nothing_due() -> None:
    st.info(
        "Nothing is due this week. Thank-yous, one-month updates, 3B7 follow-ups and "
        "keep-in-touch notes appear here when they are due.",
        icon=":material/task_alt:",
    )


def _show_more(bucket: str, title: str, more: int, shown: int) -> None:
    if more <= 0:
        return
    st.caption(f"… and {more} more {title.lower()}.")
    if st.button(
        f"Show {min(more, SHOWN_PER_BUCKET)} more",
        key=f"due_more_{bucket}",
        icon=":material/expand_more:",
    ):
        st.session_state[f"due_shown_{bucket}"] = shown + SHOWN_PER_BUCKET
        st.rerun()


def _acted_line(task_id: int, message: str) -> None:
    with st.container(key=f"due_acted_{task_id}"):
        st.success(message, icon=":material/check_circle:")


def _entry(
    db: sqlite_utils.Database,
    entry: followups.DueEntry,
    today: date,
    writable: bool,
    bucket: str,
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
        # A refused date is said under its field and beside its button (in _actions) instead.
        field = st.session_state.pop(f"due_error_field_{entry.id}", None)
        if error and field is None:
            st.error(error)
        draft = drafts.draft_for_task(db, entry.id)
        if draft is None:
            _next_contact_help(db, entry)
        else:
            widgets.draft_editor(draft, entry.email, "due", entry.id)
        st.session_state[f"due_bucket_{entry.id}"] = bucket
        _actions(db, entry, today, {field: error} if field and error else {})


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
    db: sqlite_utils.Database, entry: followups.DueEntry, today: date, errors: dict[str, str]
) -> None:
    # Two rows, so no label is cut in a 1024 px window: the sent-on day with Done, then the rest.
    sent_col, done = st.columns(2, vertical_alignment="bottom")
    # Sent last night, logged this morning: the day it went out decides whether it was on time.
    # Any day typed is kept; one after today or before what it follows is refused in _mark_done.
    forms.date_box(
        "Sent on",
        today,
        where=sent_col,
        key=f"due_sent_on_{entry.id}",
        help="The day you sent it, if not today; on time is judged on this day.",
    )
    sent = "Mark done" if entry.kind == "next_contact" else "Sent it: mark done"
    # Each action runs in its button's callback, before the page's script: a click that lands
    # while the list is still running (the person working down it quickly) starts a new run
    # that may stop the old one, but a callback always runs, so no click is ever dropped.
    done.button(
        sent,
        key=f"due_done_{entry.id}",
        icon=":material/done:",
        type="primary",
        on_click=_mark_done,
        args=(db, entry, today),
    )
    if errors.get("sent_on"):  # under the day and beside the button, in one line below both
        st.error(errors["sent_on"], icon=":material/error:")
    snooze, skip = st.columns(2)
    with snooze.popover("Snooze", icon=":material/snooze:", key=f"due_snooze_open_{entry.id}"):
        forms.date_box("Remind me on", today + timedelta(days=3), key=f"due_until_{entry.id}")
        forms.field_error(errors, "until")
        st.button("Snooze", key=f"due_snooze_{entry.id}", on_click=_snooze, args=(db, entry, today))
    with skip.popover("Skip", icon=":material/block:", key=f"due_skip_open_{entry.id}"):
        st.text_input("Why skip it?", key=f"due_reason_{entry.id}")
        st.button("Skip", key=f"due_skip_{entry.id}", on_click=_skip, args=(db, entry))
    if errors.get("until"):  # the popover may have closed: said here too, under Snooze
        st.error(errors["until"], icon=":material/error:")


def _refused(entry: followups.DueEntry, field: str, problem: str | None) -> bool:
    """Keep a refused date's message for the next run, under its field; True when refused."""
    if problem:
        st.session_state[f"due_error_{entry.id}"] = problem
        st.session_state[f"due_error_field_{entry.id}"] = field
    return bool(problem)


def _mark_done(db: sqlite_utils.Database, entry: followups.DueEntry, today: date) -> None:
    # Read at click time: the subject and day as the person left them in this very click.
    subject = st.session_state.get(f"due_subject_{entry.id}", "")
    sent_on = st.session_state.get(f"due_sent_on_{entry.id}")
    earliest = entry.follows_on if entry.follows_on and entry.follows_on <= today else None
    problem = dates.check_past_or_today(sent_on, today, "Sent on") or dates.check_not_before(
        sent_on, earliest, "Sent on", "the day of what it follows"
    )
    if _refused(entry, "sent_on", problem):
        return

    def action() -> None:
        followups.mark_done(db, entry.id, today, summary=subject, sent_on=sent_on)

    if _run(entry, action):
        when = f", sent {dates.show(sent_on)}" if sent_on != today else ""
        _acted(entry, f"Done: {entry.label.lower()} for {widgets.plain_line(entry.contact)}{when}.")


def _snooze(db: sqlite_utils.Database, entry: followups.DueEntry, today: date) -> None:
    until = st.session_state.get(f"due_until_{entry.id}")
    latest = today + timedelta(days=followups.SNOOZE_MAX_DAYS)
    if _refused(entry, "until", dates.check_future(until, today, "Remind me on", latest)):
        return
    if _run(entry, lambda: followups.snooze(db, entry.id, until, today)):
        _acted(entry, f"Snoozed until {dates.show(until)}.")


def _skip(db: sqlite_utils.Database, entry: followups.DueEntry) -> None:
    reason = st.session_state.get(f"due_reason_{entry.id}", "")
    if _run(entry, lambda: followups.skip(db, entry.id, reason)):
        _acted(entry, f"Skipped: {entry.label.lower()}.")


def _acted(entry: followups.DueEntry, message: str) -> None:
    """Say what was done, in the entry's place, and move focus there on the next run."""
    bucket = st.session_state.get(f"due_bucket_{entry.id}", "today")
    _places()["acted"][entry.id] = (bucket, message)
    st.session_state["due_focus"] = entry.id


def _run(entry: followups.DueEntry, action) -> bool:
    try:
        action()
    except followups.FollowupError as error:
        st.session_state[f"due_error_{entry.id}"] = str(error)
        return False
    except (sqlite3.DatabaseError, store.StoreError) as error:  # shown next to the entry
        st.session_state[f"due_error_{entry.id}"] = store.not_saved(error)
        return False
    return True
