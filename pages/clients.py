"""Clients: the coach's first page over a folder of share packages, who needs attention first."""

import streamlit as st

from lib import clock
from lib.ui import clients_table, coach_folder, session, widgets

session.refuse_foreign_host()
folder = coach_folder.folder()
today = clock.today()

st.title("Clients")
if folder is None:
    st.info(
        "Clients lists your clients' share packages. Start Fieldwork for a folder of them: "
        "`fieldwork coach FOLDER`.",
        icon=":material/groups:",
    )
    st.stop()
if not folder.is_dir():
    st.warning(f"There is no folder at {widgets.plain(folder)}.", icon=":material/folder_off:")
    st.stop()

rows = coach_folder.rows(today)
st.caption(clients_table.as_of(today, folder, len(rows)))
widgets.show_once("clients_flash")
if not rows:
    st.info(
        "No share packages here yet. Each client saves theirs from *Share with your coach* "
        "(a `.fieldwork-share` file) into a folder you both sync.",
        icon=":material/folder_open:",
    )
    st.stop()

clients_table.headline(rows)
find, only, order = st.columns([2, 1, 2], vertical_alignment="bottom")
words = find.text_input("Find a client", key="clients_find", placeholder="Name")
attention_only = only.toggle("Only who needs attention", key="clients_attention_only")
sort = order.selectbox(
    "Sort by",
    list(clients_table.SORTS),
    format_func=clients_table.SORTS.get,
    key="clients_sort",
)
shown = clients_table.sorted_rows(clients_table.filtered(rows, words, attention_only), sort)
if not shown:
    st.caption("No client matches.")
else:
    clients_table.table(shown)
    clients_table.opener(shown)
    clients_table.passphrases(shown)
    st.subheader("Each client in a sentence")
    clients_table.sentences(shown)
