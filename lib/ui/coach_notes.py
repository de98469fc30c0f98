"""What the coach writes back, on the weekly review: the coach's side (comments and action
items saved to the coach file beside the client's package) and the client's side (comments
read from the coach file, a box for one received another way, a coach file received by mail).
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlite_utils
import streamlit as st

from lib import clock, coach, contacts, dates, from_coach, paths, reviews
from lib.formats import coach_file
from lib.ui import coach_folder, forms, session, widgets
from lib.ui.widgets import plain


def _stamp_day(stamp: str | None) -> str:
    return dates.show(clock.local_date(stamp)) if stamp else ""


def comment_card(who: str, stamp: str | None, text: str) -> None:
    """One comment: the coach's name and day above the text, all shown as typed."""
    with st.container(border=True):
        st.markdown(f"**{plain(who)}** · {_stamp_day(stamp)}")
        st.markdown(plain(text))


# ------------------------------------------------------------------ the client's side


def refresh(db: sqlite_utils.Database) -> None:
    """Read the coach files in the share folder when they changed since this session last did."""
    if not session.can_write():
        return
    folder = from_coach.share_folder(db)
    if folder is None:
        return
    files = from_coach.coach_files_in(folder)
    signature = tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files)
    if st.session_state.get("_coach_files_read") == signature:
        return
    with session.saving():
        _, messages = from_coach.read_folder(db, folder)
        st.session_state["_coach_files_read"] = signature
        st.session_state["_coach_files_messages"] = messages
    for message in st.session_state.get("_coach_files_messages", []):
        st.caption(plain(message))


def client_side(db: sqlite_utils.Database, week: date, saved: dict) -> None:
    """The client's review: the coach's comments on this week, and a box for one sent another way."""
    refresh(db)
    comments = from_coach.comments_for_week(db, week)
    for comment in comments:
        comment_card(comment["coach"], comment["written_at"], comment["text"])
    if not comments and not saved["coach_comment"]:
        st.caption(
            "No comment from your coach on this week. Comments your coach writes in their "
            "Fieldwork appear here once your shared folder syncs."
        )
    if saved["coach_comment"]:
        comment_card("Pasted by you", saved["coach_commented_at"], saved["coach_comment"])
    if not session.can_write():
        return
    # Lazy: each box is built once opened (the review is the page a busy week makes longest).
    paste_box = st.expander(
        "Got a comment another way (mail, a call)? Paste it here",
        key="review_paste",
        on_change="rerun",
    )
    if paste_box.open:
        with paste_box:
            _comment_box(db, week, saved, "Comment your coach sent another way")
    file_box = st.expander(
        "Got a coach file by mail? Open it here", key="review_coach_file", on_change="rerun"
    )
    if file_box.open:
        with file_box:
            _coach_file_box(db, week)


def _coach_file_box(db: sqlite_utils.Database, week: date) -> None:
    picked = st.file_uploader(
        "Coach file (.coach)", type=["coach"], key=f"review_coach_upload_{week}"
    )
    if picked is not None and st.button("Read the coach file", key="review_coach_read"):
        with session.saving():
            counts, message = from_coach.import_bytes(
                db, picked.getvalue()[: coach_file.MAX_BYTES + 1]
            )
            st.session_state["review_flash"] = (
                f"Read {counts['comments']} new comment(s) and {counts['items']} new action "
                f"item(s). {message}".strip()
            )
            st.rerun()


def _comment_box(db: sqlite_utils.Database, week: date, saved: dict, label: str) -> None:
    with st.form(f"review_coach_{week}", border=False):
        comment = st.text_area(
            label,
            value=saved["coach_comment"],
            key=f"review_coach_comment_{week}",
            help="Kept with this week's review.",
        )
        if st.form_submit_button("Save comment", icon=":material/rate_review:"):
            with session.saving():
                try:
                    coach.save_coach_comment(db, week, comment)
                    st.session_state["review_flash"] = "Comment saved."
                    st.rerun()
                except coach.CommentError as error:
                    st.error(plain(error))


def beside_client(db: sqlite_utils.Database, week: date, saved: dict) -> None:
    """Coach mode on the client's own machine, as it always was: the one comment box."""
    if saved["coach_comment"]:
        comment_card("Coach", saved["coach_commented_at"], saved["coach_comment"])
    _comment_box(
        db,
        week,
        saved,
        "Comment on this week" if not saved["coach_comment"] else "Change the comment",
    )


# ------------------------------------------------------------------ the coach's side


def coach_side(db: sqlite_utils.Database, week: date, today: date) -> None:
    """The coach's review of a client's week: their comments and action items, saved to the
    coach file beside the package (never to the package)."""
    for key in st.session_state.pop("_clients_clear", []):  # a saved entry's boxes start empty
        st.session_state.pop(key, None)
    path = coach_file.coach_file_for(coach_folder.opened_path())
    read = coach_file.read_coach_file(path)
    if read.message():
        st.caption(plain(read.message()))
    for comment in (c for c in read.comments if c.week_start == week):
        comment_card(comment.coach, comment.at, comment.text)
    pasted = reviews.get_review(db, week)
    if pasted["coach_comment"]:  # one the client pasted from a mail or a call
        comment_card("Pasted by your client", pasted["coach_commented_at"], pasted["coach_comment"])
    widgets.show_once("clients_note_flash", focus=True)
    name = st.columns(2)[0].text_input(
        "Your name, as your client sees it",
        value=coach_folder.coach_name(),
        key="clients_coach_name",
    )
    left, right = st.columns(2)
    with left.form(f"clients_comment_{week}", border=True):
        text = st.text_area("Comment on this week", key=f"clients_comment_text_{week}")
        if st.form_submit_button("Save comment", icon=":material/rate_review:", type="primary"):
            _append(
                path,
                lambda: coach_file.new_comment(name, week, text),
                "Comment saved; your client sees it on this week's review once the folder syncs.",
                [f"clients_comment_text_{week}"],
            )
    with right.form("clients_action_item", border=True):
        item_text = st.text_input(
            "Action item", key="clients_item_text", placeholder="Write to two people at Brightline"
        )
        due = forms.date_box("Due on", today + timedelta(days=3), key="clients_item_due")
        people = contacts.contact_choices(db)
        named_paths = paths.path_choices(db)
        contact = st.selectbox(
            "About a contact (optional)",
            [None, *people],
            key="clients_item_contact",
            format_func=lambda i: "—" if i is None else people[i],
        )
        path_id = st.selectbox(
            "About a path (optional)",
            [None, *named_paths],
            key="clients_item_path",
            format_func=lambda i: "—" if i is None else named_paths[i],
        )
        if st.form_submit_button("Add action item", icon=":material/add_task:"):
            _append(
                path,
                lambda: coach_file.new_action_item(name, item_text, due, contact, path_id),
                "Action item added; your client sees it on Home once the folder syncs.",
                ["clients_item_text", "clients_item_contact", "clients_item_path"],
            )
    _action_items(db, read, path, name)


def _append(path, build, message: str, clear: list[str] = ()) -> None:
    try:
        coach_file.append_entries(path, [build()])
    except coach_file.CoachFileError as error:
        st.error(plain(error), icon=":material/error:")
        return
    except OSError as error:
        st.error(
            f"The coach file could not be written ({error.strerror}).", icon=":material/error:"
        )
        return
    st.session_state["clients_note_flash"] = message
    st.session_state["_clients_clear"] = list(clear)
    st.rerun()


def _action_items(db: sqlite_utils.Database, read: coach_file.CoachFile, path, name: str) -> None:
    live = [item for item in read.action_items if not item.withdrawn]
    if not live:
        st.caption("No action items for this client yet.")
        return
    states = from_coach.action_item_states(db)
    st.markdown("**Action items**")
    for item in sorted(live, key=lambda i: (i.due_on, i.at)):
        done = states.get(item.id)
        state = f"done {dates.show(done)}" if done else f"due {dates.show(item.due_on)}"
        line, change, withdraw = st.columns([5, 1, 1], vertical_alignment="center")
        line.markdown(f"{plain(item.text)} · {state}")
        if done:
            continue
        with change.popover("Change", icon=":material/edit:", key=f"clients_change_{item.id}"):
            _change_form(item, path, name)
        if withdraw.button("Withdraw", key=f"clients_withdraw_{item.id}"):
            _append(
                path,
                lambda item=item: coach_file.change_action_item(name, item.id, withdrawn=True),
                "Action item withdrawn.",
            )


def _change_form(item: coach_file.ActionItem, path, name: str) -> None:
    """A later entry for an action item: its new text or day (the file keeps both)."""
    with st.form(f"clients_change_form_{item.id}", border=False):
        text = st.text_input("Action item", value=item.text, key=f"clients_change_text_{item.id}")
        due = forms.date_box("Due on", item.due_on, key=f"clients_change_due_{item.id}")
        if st.form_submit_button("Save the change"):
            _append(
                path,
                lambda: coach_file.change_action_item(
                    name,
                    item.id,
                    text=text if text.strip() != item.text else None,
                    due_on=due if due != item.due_on else None,
                ),
                "Action item changed; your client sees the change once the folder syncs.",
            )
