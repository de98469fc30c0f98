"""Your data: which file is open, how to move it, and a backup."""

import streamlit as st

from lib import backup, clock, widgets
from lib import db as store

db = widgets.database()
path = store.default_path()

st.title("Your data")
st.caption(
    "Everything Fieldwork knows lives in one SQLite file on this computer. Nothing is sent anywhere."
)

with st.container(border=True):
    st.markdown("**Data file**")
    st.code(str(path), language=None)
    size = path.stat().st_size if path.exists() else 0
    st.caption(
        f"{size / 1024:,.0f} KB · schema {len(store.schema_version(db))} migrations applied. "
        f"To use another file, start Fieldwork with `{store.ENV_VAR}=/path/to/file.db`; "
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


@st.dialog("Start over?")
def confirm_start_over() -> None:
    st.write(
        "This deletes every contact, conversation, note and board item in this file. "
        "Your question bank stays. Download a backup first if you might want any of it back."
    )
    typed = st.text_input("Type DELETE to confirm")
    if st.button("Delete everything", type="primary", disabled=typed.strip() != "DELETE"):
        with widgets.saving():
            backup.clear_all(db)
            st.rerun()


if not widgets.coach_mode():
    st.header("Backup")
    st.write(
        "Download a consistent copy of the whole file. Keep it somewhere private: it holds your notes."
    )
    st.download_button(
        "Download a backup",
        data=lambda: widgets.on_own_connection(backup.backup_bytes),
        file_name=f"fieldwork-backup-{clock.today().isoformat()}.db",
        mime="application/vnd.sqlite3",
        icon=":material/download:",
    )

if widgets.can_write():  # not on a read-only, damaged or newer file
    st.header("Start over")
    st.write("Remove the sample (or everything) and begin your own research in this file.")
    if st.button("Start over…", icon=":material/restart_alt:"):
        confirm_start_over()
