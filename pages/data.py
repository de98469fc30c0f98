"""Your data: which file is open, how to move it, backup, restore and automatic snapshots."""

from pathlib import Path

import streamlit as st

from lib import business_days, clock, followups, store
from lib.store import backup, snapshots
from lib.ui import digest_settings, session, widgets
from lib.ui import rhythms as rhythm_widgets
from lib.ui.own_addresses import own_addresses_section

db = session.database()
path = store.default_path()

st.title("Your data")
st.caption(
    "Everything Fieldwork knows lives in one SQLite file on this computer. Nothing is sent anywhere."
)

with st.container(border=True):
    st.markdown("**Data file**")
    st.code(str(path), language=None)
    size = snapshots.size_text(store.data_size(db))  # the -wal file's pages counted too
    st.caption(
        f"{size} of data · schema {len(store.schema_version(db))} migrations applied. "
        f"To use another file, start Fieldwork with {store.ENV_VAR}=/path/to/file.db; "
        "the folder is created when missing and the schema is upgraded in place."
    )

counts = backup.table_counts(db)
columns = st.columns(4)
for column, (label, key) in zip(
    columns,
    [
        ("Contacts", "contacts"),
        ("Conversations", "conversations"),
        ("Interactions", "interactions"),
        ("Board items", "research_items"),
    ],
    strict=True,
):
    column.metric(label, f"{counts[key]:,}")


def _sync_followups(restored) -> None:
    """Bring a restored file's 3B7 and keep-in-touch tasks up to date for today."""
    followups.sync_tasks(restored, clock.today())


@st.dialog("Start over?")
def confirm_start_over() -> None:
    st.write(
        "This deletes every contact, conversation, note and board item in this file. "
        "Your question bank stays. Download a backup first if you might want any of it back."
    )
    typed = st.text_input("Type DELETE to confirm")
    if st.button("Delete everything", type="primary", disabled=typed.strip() != "DELETE"):
        with session.saving():
            backup.clear_all(db)
            st.rerun()


# --- Restore and automatic snapshots (data safety) ----------------------------------------


def counts_table(columns: dict[str, dict[str, int]]) -> None:
    """Contacts, conversations, interactions and board items, one column per moment."""
    st.table(
        {
            "": list(backup.SHOWN_COUNTS.values()),
            **{
                heading: [
                    f"{counts[table]:,}" if table in counts else "unreadable"
                    for table in backup.SHOWN_COUNTS
                ]
                for heading, counts in columns.items()
            },
        }
    )


def restore_panel(name: str, check: backup.BackupCheck, run_restore, key: str) -> None:
    """What the file holds against the data now, a typed confirmation, and the Restore button."""
    with st.container(border=True):
        st.markdown(f"**Restore {widgets.plain_line(name)}?**")
        counts_table({"Now": backup.readable_counts(db), "In this file": check.counts})
        if check.upgrades:
            st.caption("An older Fieldwork wrote this file: it is upgraded as it is restored.")
        st.caption(
            "Everything in your data file now is replaced. It is first saved as a safety copy "
            "beside the file, so this can be undone by restoring that copy."
        )
        typed = st.text_input(
            f"Type {backup.CONFIRM_WORD} (or the file's name) to confirm",
            key=f"data_restore_typed_{key}",
        )
        left, right = st.columns([1, 3], vertical_alignment="center")
        clicked = left.button(
            "Restore",
            type="primary",
            icon=":material/settings_backup_restore:",
            key=f"data_restore_{key}",
        )
        if key == "snapshot" and right.button("Cancel", key="data_restore_cancel"):
            st.session_state.pop("data_restore_chosen_snapshot", None)
            st.rerun()
        if not clicked:
            return
        if not backup.confirmation_matches(typed, name):
            st.error(
                f"Not restored: type {backup.CONFIRM_WORD} (or {widgets.plain_line(name)}) in the "
                "box above, then press Restore.",
                icon=":material/keyboard:",
            )
            return
        try:
            with st.spinner("Restoring…"):
                result = run_restore()
        except backup.RestoreError as error:
            st.error(widgets.plain(error), icon=":material/error:")  # it names the file
            return
        st.session_state["data_restore_result"] = (key, name, result)
        if session.read_only_reason():
            # Opened read-only (a damaged or newer file): reopen the restored file afresh.
            st.session_state.pop("db_connection", None)
        st.session_state.pop("data_restore_chosen_snapshot", None)
        st.session_state.pop(f"data_restore_typed_{key}", None)
        # A new uploader key empties it, so the restored file is not offered again.
        st.session_state["data_restore_upload_round"] = upload_round() + 1
        st.rerun()


def checked_once(key: tuple, check) -> backup.BackupCheck | str:
    """check(), or why the file cannot be restored; kept while the file is the same, so
    typing the confirmation does not copy and scan the file again on every rerun."""
    kept = st.session_state.get("data_restore_checked")
    if kept and kept[0] == key:
        return kept[1]
    try:
        outcome = check()
    except backup.RestoreError as error:
        outcome = str(error)
    st.session_state["data_restore_checked"] = (key, outcome)
    return outcome


def file_signature(path: Path) -> tuple:
    try:
        stat = path.stat()
    except OSError:
        return ()
    return (stat.st_size, stat.st_mtime_ns)


def upload_round() -> int:
    return st.session_state.get("data_restore_upload_round", 0)


def restored_message(key: str) -> None:
    """After a restore started here: what it did, counts before and after, the safety copy."""
    done = st.session_state.get("data_restore_result")
    if not done or done[0] != key:
        return
    del st.session_state["data_restore_result"]
    _, name, result = done
    st.success(
        f"Restored {widgets.plain_line(name)}. Every open tab now shows the restored data.",
        icon=":material/check_circle:",
    )
    counts_table({"Before": result.before, "After": result.after})
    st.caption("Your data from before the restore is saved in:")
    st.code(str(result.safety_copy), language=None)


def restore_section() -> None:
    st.header("Restore")
    st.write(
        "Bring back a backup you downloaded, or one of the automatic snapshots below. "
        "Fieldwork checks the file first and refuses a damaged one or one from a newer version."
    )
    restored_message("upload")
    uploaded = st.file_uploader(
        "Backup file to restore",
        key=f"data_restore_upload_{upload_round()}",
        help="A .db file from Download a backup, a snapshot, or a safety copy.",
    )
    if uploaded is None:
        return
    outcome = checked_once(
        ("upload", uploaded.file_id),
        lambda: backup.check_bytes(uploaded.getvalue(), uploaded.name),
    )
    if isinstance(outcome, str):
        st.error(widgets.plain(outcome), icon=":material/error:")
        return
    restore_panel(
        uploaded.name,
        outcome,
        lambda: backup.restore_bytes(db, uploaded.getvalue(), uploaded.name, after=_sync_followups),
        key="upload",
    )


SNAPSHOTS_SHOWN = 8


def snapshot_rows(listed: list[snapshots.Snapshot]) -> None:
    """One row per snapshot: its day, its size and a Restore… button."""
    today = clock.today()
    for snapshot in listed:
        when, size, action = st.columns([3, 1, 1], vertical_alignment="center")
        label = f"{snapshot.day:%a %d %b %Y}" + (" (today)" if snapshot.day == today else "")
        when.markdown(label)
        size.markdown(snapshots.size_text(snapshot.size))
        if action.button(
            "Restore…",
            key=f"data_snapshot_{snapshot.day.isoformat()}",
            help=f"Restore the snapshot of {snapshot.day:%d %b %Y}",
        ):
            st.session_state["data_restore_chosen_snapshot"] = str(snapshot.path)
            st.session_state.pop("data_restore_typed_snapshot", None)


def snapshots_section() -> None:
    st.header("Automatic snapshots")
    settings = snapshots.read_settings(db)
    if settings.enabled:
        st.write(
            "Each day, before its first change, Fieldwork keeps a copy of the file. "
            f"The last {settings.daily} daily snapshots are kept, and one a week for "
            f"{settings.weekly} weeks before that."
        )
    else:
        st.write("Automatic snapshots are off: turn them on below.")
    snapshot_list()
    restored_message("snapshot")
    chosen_snapshot()
    snapshot_settings(settings)


def snapshot_list() -> None:
    """Where the snapshots are kept and the newest of them; the older ones folded away."""
    listed = snapshots.list_snapshots(path)
    if not listed:
        st.caption("No snapshot yet: the first is taken before the first change of a day.")
        return
    st.caption("Snapshots are kept in:")
    st.code(str(snapshots.folder(path)), language=None)
    newest, older = listed[:SNAPSHOTS_SHOWN], listed[SNAPSHOTS_SHOWN:]
    snapshot_rows(newest)
    if older:
        with st.expander(f"{len(older)} older snapshots"):
            snapshot_rows(older)


def chosen_snapshot() -> None:
    """The snapshot whose Restore… was pressed: why it cannot be restored, or its panel."""
    chosen = st.session_state.get("data_restore_chosen_snapshot")
    if not chosen:
        return
    chosen_path = Path(chosen)
    outcome = checked_once(
        ("snapshot", chosen, *file_signature(chosen_path)),
        lambda: backup.check_backup(chosen_path),
    )
    if isinstance(outcome, str):
        st.error(widgets.plain(outcome), icon=":material/error:")
    else:
        restore_panel(
            chosen_path.name,
            outcome,
            lambda: backup.restore(db, chosen_path, after=_sync_followups),
            key="snapshot",
        )


def snapshot_settings(settings: snapshots.SnapshotSettings) -> None:
    """Whether to take a snapshot each day, and how many daily and weekly ones to keep."""
    with st.form("data_snapshot_settings"):
        st.subheader("Snapshot settings")
        enabled = st.toggle("Take a snapshot each day", value=settings.enabled)
        left, right = st.columns(2)
        daily = left.number_input(
            "Daily snapshots to keep",
            min_value=1,
            max_value=snapshots.MAX_DAILY,
            value=max(settings.daily, 1),
            step=1,
        )
        weekly = right.number_input(
            "Weekly snapshots to keep",
            min_value=0,
            max_value=snapshots.MAX_WEEKLY,
            value=settings.weekly,
            step=1,
        )
        saved = st.form_submit_button("Save snapshot settings")
        if saved:
            with session.saving():
                errors = snapshots.save_settings(db, enabled, int(daily), int(weekly))
                if errors:
                    widgets.show_errors(errors)
                else:
                    st.session_state["data_snapshot_saved"] = True
                    st.rerun()  # the description above shows the new settings
        if st.session_state.pop("data_snapshot_saved", False):
            st.success("Snapshot settings saved.", icon=":material/check_circle:")


# --- Business days: the country whose public holidays 3B7 and days to reply skip -----------
def business_days_section() -> None:
    st.header("Business days")
    st.caption(
        "3B7 reminders, days to reply and response segments count business days: Monday to "
        "Friday, less the public holidays of your country. With none set, only weekends are "
        "skipped. Reminders already made keep their dates."
    )
    current = business_days.calendar_for(db)
    names = business_days.countries()
    options = ["", *names]
    left, right = st.columns(2)
    country = left.selectbox(
        "Country",
        options,
        index=options.index(current.country or ""),
        format_func=lambda code: names.get(code, "None: weekends only"),
        key="data_country",
    )
    regions = business_days.region_names(country) if country else {}
    region = ""
    if regions:
        region_options = ["", *regions]
        region = right.selectbox(
            "Region",
            region_options,
            index=region_options.index(current.region or "") if current.region in regions else 0,
            format_func=lambda code: regions.get(code, "Nationwide holidays only"),
            key="data_country_region",
            help="Some holidays apply in part of the country only (Easter Monday in England).",
        )
    if st.button("Save country", icon=":material/public:", key="data_country_save"):
        with session.saving():
            business_days.set_country(db, country or None, region or None)
            st.success(
                f"Business days now skip the public holidays of {names[country]}."
                if country
                else "Business days now skip weekends only.",
                icon=":material/check_circle:",
            )


# -------------------------------------------------------------------------------------------


if session.can_write():
    business_days_section()
    own_addresses_section(db)
    rhythm_widgets.settings_section(db)

if not session.coach_mode():
    st.header("Backup")
    st.write(
        "Download a consistent copy of the whole file. Keep it somewhere private: it holds your notes."
    )
    st.download_button(
        "Download a backup",
        data=lambda: session.on_own_connection(backup.backup_bytes),
        file_name=f"fieldwork-backup-{clock.today().isoformat()}.db",
        mime="application/vnd.sqlite3",
        icon=":material/download:",
    )

if session.can_write():  # not on a read-only, damaged or newer file
    # --- Restore and automatic snapshots (data safety) ------------------------------------
    restore_section()
    snapshots_section()
    digest_settings.email_digest_section(db)  # reaching you while the app is closed
    digest_settings.calendar_feed_section(db)

    st.header("Start over")
    st.write("Remove the sample (or everything) and begin your own research in this file.")
    if st.button("Start over…", icon=":material/restart_alt:"):
        confirm_start_over()
