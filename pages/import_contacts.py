"""Import: bring people in from LinkedIn, Google, Outlook, a spreadsheet or a phone's vCards,
and their messages from LinkedIn's export, a mailbox or .eml files: one drop zone, and
Fieldwork tells which file is which."""

import json

import pandas as pd
import streamlit as st

from lib import store
from lib.formats import importers
from lib.formats.messages import (
    HEAD_BYTES,
    MessageFileError,
    detect_kind,
    linkedin_connections,
    zip_holds_messages,
)
from lib.ui import message_import, session
from lib.ui.widgets import import_row, plain, plain_line, stamp_day, undo_confirmation

# An upload is held in memory; a bigger mailbox goes through `fieldwork import-messages`.
MESSAGES_MAX_MB = 1024
PROGRESS_FROM = 300  # rows; smaller files import too fast for a progress bar to mean anything
STATUS_LABELS = {"new": "New", "duplicate": "Duplicate", "skipped": "Skipped"}
ENCODINGS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252",
}
GUESS = "guess"
SOURCE_LABELS = {key: label for key, label in importers.FORMATS.items() if key != "auto"}

db = session.database()

st.title("Import")
st.caption(
    "Bring in the people you already know and the messages you have exchanged with them: "
    "LinkedIn's data export (.zip), a Google or Outlook export, the spreadsheet you tracked "
    "outreach in, a phone's .vcf, your mail's mbox or .eml files. Fieldwork tells which file "
    "is which; you see everything before it is saved, and any import can be undone."
)


def people(count: int) -> str:
    """'1 person', '5 people'."""
    return f"{count:,} {'person' if count == 1 else 'people'}"


def read_upload(
    upload, source_format: str, encoding: str | None = None
) -> importers.ParsedFile | None:
    """The uploaded file parsed, kept for the reruns that follow; None with a message if bad."""
    key = (upload.file_id, upload.name, source_format, encoding)
    kept = st.session_state.get("import_parsed") or {}
    if key in kept:
        return kept[key]
    try:
        parsed = importers.read_source(
            upload.getvalue(), upload.name, source_format, encoding=encoding
        )
    except importers.ImportFileError as error:
        st.error(plain(error), icon=":material/error:")  # quotes the file's own headers
        return None
    # The guess and the encoding chosen instead: both are read on every rerun.
    st.session_state["import_parsed"] = {
        **{k: v for k, v in kept.items() if k[:3] == key[:3]},
        key: parsed,
    }
    return parsed


def mapping_step(parsed: importers.ParsedFile) -> dict:
    """A selectbox per field, prefilled with the guess (or the mapping used last time)."""
    start = importers.mapping_for(db, parsed)
    options = [None, *parsed.headers]
    mapping = {}
    with st.expander("Which column is which?", expanded=True, icon=":material/table_chart:"):
        st.caption(
            "Fieldwork guessed from the column names; change any guess. Fields left on "
            "'Not in this file' stay empty. This mapping is remembered for files with "
            "the same columns."
        )
        columns = st.columns(3)
        for index, (field, label) in enumerate(importers.FIELDS.items()):
            guess = start.get(field)
            mapping[field] = columns[index % 3].selectbox(
                label,
                options,
                index=options.index(guess) if guess in options else 0,
                format_func=lambda c: "Not in this file" if c is None else c,
                key=f"import_map_{field}_{parsed.file_hash[:12]}",
            )
    return mapping


def build_preview(parsed: importers.ParsedFile, mapping: dict | None) -> importers.Preview | None:
    # Another tab's save changes who is a duplicate: the data revision is part of the key.
    key = (
        parsed.file_hash,
        parsed.source,
        parsed.encoding,
        json.dumps(mapping, sort_keys=True),
        store.data_revision(db),
    )
    kept = st.session_state.get("import_preview")
    if kept and kept[0] == key:
        return kept[1]
    try:
        with st.spinner("Reading every row…"):
            preview = importers.preview(db, parsed, mapping)
    except importers.ImportFileError as error:
        st.warning(plain(error), icon=":material/table_chart:")
        return None
    st.session_state["import_preview"] = (key, preview)
    return preview


def show_counts(preview: importers.Preview) -> None:
    counts = preview.counts
    new, duplicate, skipped, warning = st.columns(4)
    new.metric("New people", f"{counts['new']:,}")
    duplicate.metric("Duplicates", f"{counts['duplicate']:,}")
    skipped.metric("Skipped rows", f"{counts['skipped']:,}")
    warning.metric("With a warning", f"{counts['warning']:,}")
    if preview.previous_import:
        when = stamp_day(preview.previous_import["imported_at"])
        st.info(
            f"This exact file was imported on {when}: the people in it show as duplicates.",
            icon=":material/history:",
        )


def preview_table(preview: importers.Preview) -> None:
    table = pd.DataFrame(importers.preview_table(preview))
    shown = st.segmented_control(
        "Show",
        ["all", "new", "duplicate", "skipped", "warning"],
        default="all",
        format_func=lambda s: {"all": "All rows", "warning": "With a warning"}.get(
            s, STATUS_LABELS.get(s, s)
        ),
        key="import_show",
    )
    if shown == "warning":
        table = table[table["warnings"] != ""]
    elif shown in STATUS_LABELS:
        table = table[table["status"] == shown]
    st.dataframe(
        table,
        hide_index=True,
        column_config={
            "line": st.column_config.NumberColumn("Line", width="small"),
            "name": st.column_config.TextColumn("Name", width="medium"),
            "status": st.column_config.TextColumn("Status", width="small"),
            "reason": st.column_config.TextColumn("Reason", width="large"),
            "warnings": st.column_config.TextColumn("Warnings", width="large"),
            "organization": st.column_config.TextColumn("Organization", width="medium"),
            "email": st.column_config.TextColumn("Email", width="medium"),
        },
    )


def duplicate_choices(preview: importers.Preview) -> tuple[dict[int, str], str]:
    """The choice for all duplicates, and per-row overrides from the table."""
    duplicates = [row for row in preview.rows if row.status == "duplicate"]
    if not duplicates:
        return {}, "skip"
    st.header("Duplicates")
    default = st.radio(
        "For every duplicate",
        list(importers.CHOICES),
        format_func=importers.CHOICES.get,
        horizontal=True,
        key="import_choice_all",
    )
    st.caption("Change the choice for one person in the table below.")
    labels = {label: key for key, label in importers.CHOICES.items()}
    frame = pd.DataFrame(
        {
            "line": [row.line for row in duplicates],
            "name": [row.name for row in duplicates],
            "choice": [importers.CHOICES[default]] * len(duplicates),
            "reason": [row.reason for row in duplicates],
        }
    )
    edited = st.data_editor(
        frame,
        hide_index=True,
        disabled=["line", "name", "reason"],
        column_config={
            "line": st.column_config.NumberColumn("Line", width="small"),
            "name": st.column_config.TextColumn("Name", width="medium"),
            "reason": st.column_config.TextColumn("Duplicate of", width="large"),
            "choice": st.column_config.SelectboxColumn(
                "What to do", options=list(labels), required=True, width="medium"
            ),
        },
        key=f"import_choices_{default}_{preview.file_hash[:12]}",
    )
    choices = {
        int(line): labels.get(label, default)
        for line, label in zip(edited["line"], edited["choice"], strict=True)
    }
    return choices, default


def run_import(
    preview: importers.Preview, choices: dict[int, str], default: str, then: str | None = None
) -> None:
    """Import the contacts; then: a LinkedIn export's file id, whose messages come next."""
    bar = st.progress(0.0, text="Importing…") if len(preview.rows) > PROGRESS_FROM else None

    def progress(done: int, total: int) -> None:
        if bar is not None:
            bar.progress(min(done / total, 1.0), text=f"Importing… {done:,} of {total:,}")

    result = None
    with session.saving():
        result = importers.apply_import(
            db, preview, choices, preview.file_name, progress=progress, default=default
        )
    if result is None:  # not saved: session.saving() said why
        return
    st.session_state["import_result"] = result
    for key in ("import_parsed", "import_preview"):
        st.session_state.pop(key, None)
    if then is None:
        st.session_state["import_generation"] = st.session_state.get("import_generation", 0) + 1
    else:  # the export stays dropped: its messages are the next step
        st.session_state.setdefault("import_zip_done", set()).add(then)
    st.rerun()


def show_result(result: importers.ImportResult) -> None:
    counts = result.counts
    with st.container(border=True):
        done = [f"Imported {people(counts['imported'])}"]
        if counts["filled"]:
            done.append(f"filled in the empty fields of {people(counts['filled'])}")
        if counts["skipped"]:
            done.append(
                f"skipped {counts['skipped']:,} {'row' if counts['skipped'] == 1 else 'rows'}"
            )
        st.success(
            ", ".join(done) + f". They carry the tag “{plain(result.tag)}”; "
            "the row report says what happened to each row.",
            icon=":material/check_circle:",
        )
        report, contacts_link, close = st.columns([1.2, 1.2, 1])
        report.download_button(
            "Download the row report (CSV)",
            data=importers.report_csv(result),
            file_name=f"import-report-{result.import_id}.csv",
            mime="text/csv",
            icon=":material/download:",
            key="import_report_download",
        )
        contacts_link.page_link(
            "pages/contacts.py", label="See them on Contacts", icon=":material/group:"
        )
        if close.button("Done", key="import_result_done"):
            st.session_state.pop("import_result", None)
            st.rerun()


def forget_undo() -> None:
    st.session_state.pop("import_undo_asked", None)


# Kept open across reruns by import_undo_asked, so its buttons work wherever the page reruns.
@st.dialog("Undo this import?", on_dismiss=forget_undo)
def confirm_undo(record: dict) -> None:
    filled = (
        f" and clears what it filled in for {people(record['filled_count'])}"
        if record["filled_count"]
        else ""
    )
    done = undo_confirmation(
        importers.undo_blockers(db, record["id"]),
        f"This removes the {people(record['created_count'])} that importing "
        f"“{plain(record['file_name'])}” added{filled}. Everything else stays as it is.",
        "import_undo",
        lambda: importers.undo_import(db, record["id"]),
        importers.UndoRefused,  # it names the people in the way
        forget_undo,
    )
    if done is None:
        return
    forget_undo()
    shown = st.session_state.get("import_result")
    if shown is not None and shown.import_id == record["id"]:
        st.session_state.pop("import_result", None)  # its people are gone
    st.session_state["import_undone"] = (
        f"Undone: removed {people(done['removed'])} and cleared {done['cleared']:,} fields."
    )
    st.rerun()


def past_imports() -> None:
    records = importers.list_imports(db)
    st.header("Past imports")
    undone = st.session_state.pop("import_undone", None)
    if undone:
        st.success(undone, icon=":material/undo:")
    shown = message_import.past_message_imports(db)
    if not records and not shown:
        st.caption("Nothing imported yet.")
    for record in records:
        source = SOURCE_LABELS.get(record["source"], record["source"])
        status = f"undone on {stamp_day(record['undone_at'])}" if record["undone_at"] else ""
        details = (
            f"{stamp_day(record['imported_at'])} · {record['created_count']:,} new, "
            f"{record['filled_count']:,} filled, {record['skipped_count']:,} skipped "
            f"of {record['rows_total']:,} rows · tag “{plain(record['tag'])}”"
            + (f" · {status}" if status else "")
        )
        can_undo = not record["undone_at"] and session.can_write()
        if import_row(
            f"**{plain(record['file_name'])}** · {plain(source)}",
            details,
            f"import_undo_{record['id']}" if can_undo else None,
        ):
            st.session_state["import_undo_asked"] = record["id"]
        if st.session_state.get("import_undo_asked") == record["id"] and not record["undone_at"]:
            confirm_undo(record)


if not session.can_write():
    st.info(
        "Import is not available in read-only coach mode: it would change the data.",
        icon=":material/visibility:",
    )
    past_imports()
    st.stop()

result = st.session_state.get("import_result")
if result is not None:
    show_result(result)
message_import.show_message_result(db)

generation = st.session_state.get("import_generation", 0)
uploads = st.file_uploader(
    "Files to import",
    accept_multiple_files=True,
    key=f"import_file_{generation}",
    max_upload_size=MESSAGES_MAX_MB,
    help="Contacts: a .csv or .vcf. Messages: LinkedIn's data export .zip (or its "
    "messages.csv), an mbox mailbox, .eml files or a .zip of them. For a mailbox over "
    f"{MESSAGES_MAX_MB:,} MB, use `fieldwork import-messages` in a terminal.",
)


def encoding_choice(upload, source_format: str) -> str | None:
    """The encoding the person chose for this file, offered only when the guess is uncertain;
    None keeps the guess."""
    key = f"import_encoding_{upload.file_id}"
    guessed = read_upload(upload, source_format)
    if guessed is None or not (
        guessed.encoding_uncertain or st.session_state.get(key, GUESS) != GUESS
    ):
        return None
    options = [GUESS, *importers.ENCODINGS]
    chosen = st.selectbox(
        "The file's encoding",
        options,
        format_func=lambda e: (
            f"Fieldwork's guess: {importers.encoding_label(guessed.encoding)}"
            if e == GUESS
            else importers.ENCODINGS[e]
        ),
        key=key,
        help="If names look wrong in the preview, choose the alphabet the file was saved in.",
    )
    return None if chosen == GUESS else chosen


def contact_flow(upload, source_format: str, then: str | None = None) -> None:
    """Preview and import one contacts file (then: see run_import)."""
    parsed = read_upload(upload, source_format, encoding_choice(upload, source_format))
    if parsed is None:
        return
    st.caption(
        f"Read as {plain(importers.FORMATS[parsed.source])} · {len(parsed.rows):,} rows · "
        f"{ENCODINGS.get(parsed.encoding, importers.encoding_label(parsed.encoding))}"
    )
    for warning in parsed.warnings:
        st.warning(plain(warning), icon=":material/translate:")
    mapping = mapping_step(parsed) if parsed.needs_mapping else None
    preview = build_preview(parsed, mapping)
    if preview is None:
        return
    if then is not None and preview.previous_import:  # this export's people came in before
        st.session_state.setdefault("import_zip_done", set()).add(then)
        st.rerun()
    st.header("Preview")
    show_counts(preview)
    preview_table(preview)
    choices, default = duplicate_choices(preview)
    go, skip = st.columns([1, 3])
    if go.button("Import", type="primary", icon=":material/upload_file:", key="import_go"):
        run_import(preview, choices, default, then)
    if then is not None and skip.button("Skip to the messages", key="import_zip_skip"):
        st.session_state.setdefault("import_zip_done", set()).add(then)
        st.rerun()


class ZipMember:
    """Connections.csv from a LinkedIn export, as the contact import reads an upload."""

    def __init__(self, upload, data: bytes):
        self.file_id, self.name, self.data = (
            f"{upload.file_id}/Connections.csv",
            "Connections.csv",
            data,
        )

    def getvalue(self) -> bytes:
        return self.data


def connections_step(upload) -> bool:
    """A LinkedIn export's people first; True once they are in (or skipped, or none)."""
    if upload.file_id in st.session_state.get("import_zip_done", set()):
        return True
    try:
        upload.seek(0)
        data = linkedin_connections(upload)
    except MessageFileError as error:
        st.error(f"{plain(upload.name)}: {plain(error)}", icon=":material/error:")
        return False
    if data is None:
        return True
    st.header("Step 1 of 2: the people in Connections.csv")
    st.caption(
        "Your LinkedIn export holds your connections and your messages. The people come in "
        "first, so that step 2 can put each message on the right contact's timeline."
    )
    contact_flow(ZipMember(upload, data), "auto", then=upload.file_id)
    return False


def kind_of(upload) -> str | None:
    """What an uploaded file is (lib.formats.messages.detect_kind); None for a contacts file."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    return detect_kind(head, upload.name)


def people_step(upload, waiting: int) -> bool:
    """A contacts file dropped with messages: its people first; True once in (or skipped).
    waiting: how many more contacts files wait after this one."""
    if upload.file_id in st.session_state.get("import_zip_done", set()):
        return True
    st.header(f"Step 1 of 2: the people in {plain_line(upload.name)}")
    st.caption(
        "You dropped contacts and messages together. The people come in first, so that step 2 "
        "can put each message on the right contact's timeline."
    )
    if waiting:
        st.info(
            f"Contact files come in one at a time: {waiting} more after this one.",
            icon=":material/info:",
        )
    contact_flow(upload, "auto", then=upload.file_id)
    return False


def without_messages(exports: list) -> list:
    """The LinkedIn exports that hold no messages (requested without them), said once each."""
    empty = []
    for export in exports:
        try:
            export.seek(0)
            holds = zip_holds_messages(export)
        except MessageFileError:
            continue  # the message step says what is wrong with it
        finally:
            export.seek(0)
        if not holds:
            empty.append(export)
            st.info(
                f"{plain(export.name)} holds no messages.csv, so its people are all it brings. "
                "For your messages, request LinkedIn's export again with messages ticked "
                "(Settings → Data privacy → Get a copy of your data).",
                icon=":material/info:",
            )
    return empty


uploads = uploads or []
kinds = {upload.file_id: kind_of(upload) for upload in uploads}
message_files = [u for u in uploads if kinds[u.file_id]]
contact_files = [u for u in uploads if not kinds[u.file_id]]
if message_files:
    exports = [u for u in message_files if kinds[u.file_id] == "linkedin_zip"]
    # The people first (contacts files dropped beside the messages, then the export's
    # Connections.csv), one step at a time; then every message in one preview.
    people_in = all(
        people_step(upload, len(contact_files) - number - 1)
        for number, upload in enumerate(contact_files)
    ) and all(connections_step(export) for export in exports[:1])
    if people_in:
        empty = {u.file_id for u in without_messages(exports[:1])}
        message_files = [u for u in message_files if u.file_id not in empty]
        if message_files:
            if exports or contact_files:
                st.header("Step 2 of 2: the messages")
            message_import.message_flow(db, message_files)
elif contact_files:
    if len(contact_files) > 1:
        st.info(
            f"Contact files come in one at a time: this is {plain(contact_files[0].name)}. "
            "Drop the next one after importing it.",
            icon=":material/info:",
        )
    source_format = st.selectbox(
        "Format", list(importers.FORMATS), format_func=importers.FORMATS.get, key="import_format"
    )
    contact_flow(contact_files[0], source_format)

past_imports()
