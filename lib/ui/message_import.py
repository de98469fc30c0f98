"""The message half of the Import page: LinkedIn's messages (or its whole export), mailboxes and
.eml files read, previewed (own address, what comes in by kind and per contact, the thank-yous
and updates they mark done, people not in Fieldwork, what is left out and why), imported in one
transaction with a progress bar, reported row by row, and undone.

The page calls message_flow() with the uploaded message files, show_message_result() and
past_message_imports(); everything here reads and writes through lib.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator

import pandas as pd
import sqlite_utils
import streamlit as st

from lib import store, vocab
from lib.formats.messages import Message, MessageFileError, read_messages
from lib.formats.messages import report as message_report
from lib.formats.messages.applying import MessageChoices, MessageImportError, apply_messages
from lib.formats.messages.kept import KeptMessages, keep
from lib.formats.messages.preview import MessagePreview, plan, preview_messages
from lib.formats.messages.undo import (
    MessageUndoRefused,
    list_message_imports,
    undo_blockers,
    undo_message_import,
)
from lib.own_addresses import own_addresses
from lib.ui import session
from lib.ui.own_addresses import describe, own_addresses_form
from lib.ui.widgets import import_row, plain, plain_line, stamp_day, undo_confirmation

RESULT_KEY = "msg_result"
UNDONE_KEY = "msg_undone"
ASKED_KEY = "msg_undo_asked"
SHOWN_PEOPLE = 40  # people listed one by one; the rest are added all at once or not at all
KIND_COLUMNS = {
    "outreach": "Outreach",
    "follow_up": "Follow-ups",
    "reply": "Replies",
    "thank_you": "Thank-yous",
    "update": "Updates",
    "message_sent": "Other sent",
}


def messages_word(count: int) -> str:
    """'1 message', '5 messages'."""
    return f"{count:,} {'message' if count == 1 else 'messages'}"


def short(key: str) -> str:
    """A widget key's part for a long, arbitrary text (a source key, a person key)."""
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def read_uploads(uploads: list, failed: list) -> Iterator[Message]:
    """Every message of the uploaded files, one at a time; a file that cannot be read is
    added to failed, (its name, the reason), and the next one read."""
    for upload in uploads:
        try:
            upload.seek(0)  # streamed: a big mailbox is not copied
            yield from read_messages(upload, upload.name)
        except MessageFileError as error:
            failed.append((upload.name, error))


def read_again(uploads: list) -> Iterator[Message]:
    """The uploaded files read again, for the full text of their messages (the preview keeps
    none); MessageImportError, so that nothing is imported, if one can no longer be read."""
    for upload in uploads:
        try:
            upload.seek(0)
            yield from read_messages(upload, upload.name)
        except MessageFileError as error:
            raise MessageImportError(
                f"{upload.name} cannot be read again for the full text: {error}"
            ) from error


def read_files(uploads: list) -> tuple[KeptMessages, list[str]] | None:
    """Every message of the uploaded files, kept for the reruns without its text (kept.keep:
    a big mailbox's texts are never all in memory); None (with a message) when a file cannot
    be read."""
    key = tuple((u.file_id, u.name) for u in uploads)
    kept = st.session_state.get("msg_read")
    if kept and kept[0] == key:
        return kept[1], kept[2]
    failed: list = []
    with st.spinner("Reading the messages…"):
        messages = keep(read_uploads(uploads, failed))
    for name, error in failed:
        st.error(f"{plain(name)}: {plain(error)}", icon=":material/error:")
    if failed:
        return None
    names = [u.name for u in uploads]
    st.session_state["msg_read"] = (key, messages, names)
    return messages, names


def build_preview(db: sqlite_utils.Database, messages: list, read_key: tuple) -> MessagePreview:
    """The preview against the saved (or proposed) own addresses, kept until the data changes."""
    own = message_report.proposed_addresses(own_addresses(db), messages)
    key = (read_key, own, store.data_revision(db))
    kept = st.session_state.get("msg_preview")
    if kept and kept[0] == key:
        return kept[1]
    with st.spinner("Matching every message to your contacts…"):
        preview = preview_messages(db, messages, own or None)
    st.session_state["msg_preview"] = (key, preview)
    return preview


def own_section(db: sqlite_utils.Database, messages: list, preview: MessagePreview) -> bool:
    """The person's own addresses: confirmed (True) or asked for; a guess is proposed."""
    saved = own_addresses(db)
    missing = message_report.addresses_to_confirm(saved, messages)
    with st.container(border=True):
        if not missing:
            st.markdown(
                f":material/how_to_reg: **You:** {plain(describe(saved))}  \n"
                "Messages from these addresses are the ones you sent."
            )
            st.page_link("pages/data.py", label="Change them on Your data", icon=":material/edit:")
            return True
        needed = " and ".join(
            {"mail": "the email address you send from", "linkedin": "your LinkedIn profile URL"}[
                source
            ]
            for source in sorted(missing)
        )
        st.markdown("**First, which addresses are yours?**")
        if preview.own:
            st.caption(
                f"Fieldwork needs {needed} to tell the messages you sent from the ones you "
                "received. It guessed from the most frequent sender in these files: check it, "
                "change it if it is wrong, and confirm. It is saved on Your data."
            )
        else:
            st.caption(
                f"Fieldwork needs {needed} to tell the messages you sent from the ones you "
                "received, and could not guess it. Type it and confirm; it is saved on Your data."
            )
        if own_addresses_form(db, "msg_own", preview.own, button="Yes, these are mine"):
            st.rerun()
    return False


def choices_section(preview: MessagePreview) -> tuple[dict[str, int], set[str], set[str]]:
    """The people to add or match by name, and the marks unticked."""
    resolved: dict[str, int] = {}
    add: set[str] = set()
    accept: set[str] = set()
    unmark: set[str] = set()
    marks = preview.marks()
    if marks:
        st.subheader("Thank-yous and updates these messages mark done")
        st.caption(
            "A message sent soon after a conversation is its thank-you (a month later, its "
            "update): the task is marked done on the day the message was sent. Untick any "
            "that is not."
        )
        for item in marks:
            what = vocab.label(vocab.TASK_KINDS, item.task_kind)
            subject = preview.matched[item.ref].message.subject
            ticked = st.checkbox(
                f"{what} to {plain_line(item.contact)}, sent {item.day:%a %-d %b %Y}"
                + (f": “{plain_line(subject)}”" if subject else ""),
                value=True,
                key=f"msg_mark_{short(item.source_key)}",
            )
            if not ticked:
                unmark.add(item.source_key)
    if preview.people:
        st.subheader(f"People not in Fieldwork ({len(preview.people):,})")
        st.caption(
            "These messages are with people who are not your contacts, so they stay out. Tick "
            "someone to add them as a contact: their messages then come in too."
        )
        every = len(preview.people) > SHOWN_PEOPLE and st.checkbox(
            f"Add all {len(preview.people):,} of them", key="msg_add_all"
        )
        for number, person in enumerate(preview.people[:SHOWN_PEOPLE]):
            address = person.email or person.linkedin_url or "no address"
            label = (
                f"{plain_line(person.name or address)} · {plain_line(address)} · "
                f"{messages_word(person.messages)}"
            )
            if person.same_name_as is not None:
                st.warning(
                    f"{plain(person.name)} has the same name as your contact "
                    f"{plain(person.same_name_contact)}, but not the same address: "
                    "Fieldwork does not assume they are the same person.",
                    icon=":material/person_search:",
                )
                if st.checkbox(
                    f"It is my contact {plain_line(person.same_name_contact)}",
                    key=f"msg_same_{short(person.key)}",
                ):
                    accept.add(person.key)
                    resolved[person.key] = person.same_name_as
                    continue
            ticked = st.checkbox(f"Add {label}", key=f"msg_add_{short(person.key)}", disabled=every)
            if every or ticked:
                add.add(person.key)
                resolved[person.key] = -(number + 1)  # not a contact yet: shown as added
        if every:
            for number, person in enumerate(preview.people[SHOWN_PEOPLE:], start=SHOWN_PEOPLE):
                add.add(person.key)
                resolved[person.key] = -(number + 1)
        elif len(preview.people) > SHOWN_PEOPLE:
            st.caption(f"And {len(preview.people) - SHOWN_PEOPLE:,} more, with fewer messages.")
    return resolved, add | accept, unmark


def shown_plan(
    db: sqlite_utils.Database,
    preview: MessagePreview,
    resolved: dict[str, int],
    unmark: set[str],
) -> MessagePreview:
    """The preview as the choices make it (people added, marks unticked), for its counts."""
    if not resolved and not unmark:
        return preview
    shown = dataclasses.replace(preview)
    names = {
        contact_id: person.name or person.email or person.linkedin_url or ""
        for person in preview.people
        if (contact_id := resolved.get(person.key)) is not None and contact_id < 0
    }
    refs = {p.ref for p in preview.planned if p.source_key in unmark}
    plan(db, shown, resolved, refs, names)
    return shown


def counts_section(shown: MessagePreview) -> None:
    """What comes in, by kind and per contact; what is left out, and why."""
    counts = shown.counts
    st.subheader(f"Coming in: {messages_word(len(shown.planned))}")
    columns = st.columns(len(KIND_COLUMNS))
    for column, (kind, label) in zip(columns, KIND_COLUMNS.items(), strict=True):
        key = "one_month_update" if kind == "update" else kind
        column.metric(label, f"{counts[key]:,}")
    rows = shown.per_contact()
    if rows:
        frame = pd.DataFrame(rows)[["name", *KIND_COLUMNS]]
        st.dataframe(
            frame,
            hide_index=True,
            column_config={
                "name": st.column_config.TextColumn("Contact", width="medium"),
                **{
                    kind: st.column_config.NumberColumn(label, width="small")
                    for kind, label in KIND_COLUMNS.items()
                },
            },
        )


def left_out_section(preview: MessagePreview) -> None:
    counts = preview.counts
    if not counts["duplicate"] and not counts["skipped"]:
        return
    st.subheader("Left out")
    if counts["duplicate"]:
        st.caption(
            f"{messages_word(counts['duplicate'])} already in Fieldwork (imported before, or "
            "twice in these files): nothing new is made of them."
        )
    if counts["skipped"]:
        st.dataframe(
            pd.DataFrame(preview.skipped_by_reason()),
            hide_index=True,
            column_config={
                "reason": st.column_config.TextColumn("Skipped because", width="large"),
                "count": st.column_config.NumberColumn("Messages", width="small"),
            },
        )


def message_flow(db: sqlite_utils.Database, uploads: list) -> None:
    """Read, preview and import the uploaded message files."""
    read = read_files(uploads)
    if read is None:
        return
    messages, names = read
    if not messages:
        st.info("These files hold no messages.", icon=":material/inbox:")
        return
    sources = sorted(message_report.SOURCE_LABELS[s] for s in message_report.sources_of(messages))
    st.caption(f"Read {messages_word(len(messages))} from {' and '.join(sources)}.")
    preview = build_preview(db, messages, tuple((u.file_id, u.name) for u in uploads))
    confirmed = own_section(db, messages, preview)
    for warning in preview.warnings:
        if "own address" not in warning:  # the box above asks for it
            st.warning(plain(warning), icon=":material/info:")
    st.header("Preview")
    summary = st.container()  # above the choices, though it counts what they decide
    resolved, chosen, unmark = choices_section(preview)
    shown = shown_plan(db, preview, resolved, unmark)
    with summary:
        counts_section(shown)
    left_out_section(preview)
    if not shown.planned:
        st.info(
            "Nothing new to import: every message is already in Fieldwork, left out, or with "
            "someone not in Fieldwork.",
            icon=":material/task_alt:",
        )
        return
    keep_text = st.checkbox(
        "Keep the full text of each message (private, searchable by you only)",
        key="msg_keep_full_text",
        help="Otherwise only the subject and the first lines are kept. The full text never "
        "leaves: not in exports, the report, coach mode or share packages.",
    )
    if not confirmed:
        st.caption("Confirm your addresses above to import.")
    if st.button(
        f"Import {messages_word(len(shown.planned))}",
        type="primary",
        icon=":material/upload_file:",
        key="msg_import_go",
        disabled=not confirmed,
    ):
        choices = MessageChoices(
            accept_names={k for k in chosen if resolved.get(k, -1) >= 0},
            add_people={k for k in chosen if resolved.get(k, 0) < 0},
            unmark=unmark,
        )
        run_import(db, preview, choices, keep_text, uploads)


def run_import(db, preview: MessagePreview, choices: MessageChoices, keep: bool, uploads) -> None:
    names = [u.name for u in uploads]
    bar = st.progress(0.0, text="Importing…")

    def progress(done: int, total: int) -> None:
        bar.progress(min(done / total, 1.0), text=f"Importing… {done:,} of {total:,}")

    result = None
    with session.saving():
        try:
            result = apply_messages(
                db,
                preview,
                choices,
                keep,
                progress,
                file_names=names,
                texts=read_again(uploads) if keep else None,
            )
        except MessageImportError as error:
            st.error(plain(error), icon=":material/error:")
    if result is None:
        return
    st.session_state[RESULT_KEY] = {
        "import_id": result.import_id,
        "names": names,
        "counts": result.counts,
        "marked": len(result.marked),
        "marks": {
            kind: sum(
                1 for p in result.planned if p.task_id in result.marked and p.task_kind == kind
            )
            for kind in ("thank_you", "one_month_update")
        },
        "added": len(result.added_contacts),
        "report": message_report.row_report_of(preview, result.planned),
    }
    for key in ("msg_read", "msg_preview"):
        st.session_state.pop(key, None)
    st.session_state["import_generation"] = st.session_state.get("import_generation", 0) + 1
    st.rerun()


KIND_WORDS = {
    "outreach": ("outreach", "outreach"),
    "follow_up": ("follow-up", "follow-ups"),
    "reply": ("reply", "replies"),
    "thank_you": ("thank-you", "thank-yous"),
    "update": ("one-month update", "one-month updates"),
    "message_sent": ("other sent message", "other sent messages"),
}


def kinds_line(counts: dict[str, int]) -> str:
    """'2 outreach, 1 reply': the kinds imported, in the preview's order."""
    return ", ".join(
        f"{counts[kind]:,} {one if counts[kind] == 1 else many}"
        for kind, (one, many) in KIND_WORDS.items()
        if counts.get(kind)
    )


def marks_line(marks: dict[str, int]) -> str:
    """'1 thank-you and 2 one-month updates'."""
    words = {
        "thank_you": ("thank-you", "thank-yous"),
        "one_month_update": ("one-month update", "one-month updates"),
    }
    return " and ".join(
        f"{n:,} {words[kind][0] if n == 1 else words[kind][1]}" for kind, n in marks.items() if n
    )


def show_message_result(db: sqlite_utils.Database) -> None:
    """The report of the import just made: what came in, row by row, and its Undo."""
    result = st.session_state.get(RESULT_KEY)
    if result is None:
        return
    report = result["report"]
    total = sum(result["counts"].values())
    with st.container(border=True):
        line = f"Imported {messages_word(total)}"
        if total:
            line += f" ({kinds_line(result['counts'])})"
        extras = []
        if result["marked"]:
            extras.append(f"marked {marks_line(result['marks'])} done")
        if result["added"]:
            extras.append(
                f"added {result['added']:,} {'person' if result['added'] == 1 else 'people'}"
            )
        if report.left_out:
            extras.append(f"left out {messages_word(report.left_out)}")
        st.success(
            line + (", " + ", ".join(extras) if extras else "") + ". They are on each contact's "
            "timeline, marked as imported.",
            icon=":material/check_circle:",
        )
        st.dataframe(
            pd.DataFrame(report.first, columns=list(message_report.REPORT_COLUMNS))[
                ["line", "day", "outcome", "contact", "subject"]  # the CSV also says the source
            ],
            hide_index=True,
            column_config={
                "line": st.column_config.NumberColumn("Line", width=50),
                "day": st.column_config.TextColumn("Date", width=95),
                "outcome": st.column_config.TextColumn("What happened", width=330),
                "contact": st.column_config.TextColumn("Contact", width=130),
                "subject": st.column_config.TextColumn("Subject", width=190),
            },
        )
        if report.total > len(report.first):
            st.caption(
                f"The first {len(report.first):,} of {report.total:,} rows: the CSV has them all."
            )
        download, contacts_link, undo, close = st.columns([1.4, 1.1, 1, 0.7])
        download.download_button(
            "Download the row report (CSV)",
            data=report.csv,  # made when asked for, not each run
            file_name=f"message-import-report-{result['import_id']}.csv",
            mime="text/csv",
            icon=":material/download:",
            key="msg_report_download",
        )
        contacts_link.page_link("pages/contacts.py", label="See Contacts", icon=":material/group:")
        if undo.button("Undo this import", icon=":material/undo:", key="msg_result_undo"):
            st.session_state[ASKED_KEY] = result["import_id"]
        if close.button("Done", key="msg_result_done"):
            st.session_state.pop(RESULT_KEY, None)
            st.rerun()


def forget_undo() -> None:
    st.session_state.pop(ASKED_KEY, None)


@st.dialog("Undo this message import?", on_dismiss=forget_undo)
def confirm_undo(db: sqlite_utils.Database, record: dict) -> None:
    done = undo_confirmation(
        undo_blockers(db, record["id"]),
        f"This removes the {messages_word(record['interactions'])} it brought in, the people it "
        "added, and puts back the thank-yous and updates it marked done. Everything else stays.",
        "msg_undo",
        lambda: undo_message_import(db, record["id"]),
        MessageUndoRefused,
        forget_undo,
    )
    if done is None:
        return
    forget_undo()
    shown = st.session_state.get(RESULT_KEY)
    if shown is not None and shown["import_id"] == record["id"]:
        st.session_state.pop(RESULT_KEY, None)
    people = done["contacts"]
    st.session_state[UNDONE_KEY] = (
        f"Undone: removed {messages_word(done['interactions'])} and "
        f"{people:,} {'person' if people == 1 else 'people'}, put back {done['tasks']:,} "
        f"{'task' if done['tasks'] == 1 else 'tasks'}."
    )
    st.rerun()


def past_message_imports(db: sqlite_utils.Database) -> int:
    """The message imports made, newest first, each with its Undo; returns how many."""
    records = list_message_imports(db)
    undone = st.session_state.pop(UNDONE_KEY, None)
    if undone:
        st.success(undone, icon=":material/undo:")
    asked = st.session_state.get(ASKED_KEY)
    for record in records:
        files = ", ".join(record["file_names"]) or "messages"
        can_undo = not record["undone_at"] and session.can_write()
        if import_row(
            f"**{plain(files)}** · messages",
            message_import_details(record),
            f"msg_undo_{record['id']}" if can_undo else None,
        ):
            st.session_state[ASKED_KEY] = asked = record["id"]
        if asked == record["id"] and not record["undone_at"]:
            confirm_undo(db, record)
    return len(records)


def message_import_details(record: dict) -> str:
    """A past message import's line: its day, what it put on timelines, skipped, undone."""
    counts = record["counts"]
    parts = [
        stamp_day(record["imported_at"]),
        f"{messages_word(record['interactions'])} on timelines",
    ]
    if counts.get("skipped"):
        parts.append(f"{counts['skipped']:,} skipped")
    if counts.get("duplicate"):
        parts.append(f"{counts['duplicate']:,} already in")
    if record["undone_at"]:
        parts.append(f"undone on {stamp_day(record['undone_at'])}")
    return " · ".join(parts)
