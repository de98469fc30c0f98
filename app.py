"""Fieldwork: page config, the database, navigation and the sidebar. Nothing else."""

import sqlite3

import streamlit as st

from lib import store
from lib.ui import coach_folder, forms, pages, session, widgets

# The icon is a file of ours: a :material/...: icon made every browser fetch it from Google.
st.set_page_config(page_title="Fieldwork", page_icon=pages.ICON, layout="wide")
session.refuse_foreign_host()  # DNS rebinding: answer only to localhost or listed names


# Every page listed: collapsed, Streamlit would hide Share, Your data and Import behind "View more".
page = st.navigation(pages.navigation(coach_folder.folder() is not None), expanded=True)
session.note_page(page.url_path)  # what a page keeps for one visit starts over on the next
forms.focus_outline()  # keyboard focus always visible, the sidebar included
st.session_state["app_navigation_built"] = True
if coach_folder.folder() is None:  # over a folder, each page opens the client's package
    session.database()  # opens the data file, or shows why it cannot; asks a coach for the password
session.warm_up()  # once per server, in the background: no page imports, no report compiles
with st.sidebar:
    if coach_folder.folder() is not None:
        coach_folder.sidebar()
    else:  # plain text: Streamlit fades code inside a caption below 4.5:1 contrast
        if session.coach_mode():
            st.info("Coach mode: read-only, private notes hidden.", icon=":material/visibility:")
        st.caption(f"Data file: {widgets.plain(store.default_path())}")
if session.read_only_reason():
    st.warning(session.read_only_reason(), icon=":material/lock:")
try:
    page.run()
except sqlite3.DatabaseError as error:
    # The last resort: a store error no page caught (a damaged file, a disk gone) is said
    # plainly, with what to do, instead of a traceback.
    st.error(store.explain(error), icon=":material/error:")
