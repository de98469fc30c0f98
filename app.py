"""Fieldwork: page config, the database, navigation and the sidebar. Nothing else."""

import sqlite3

import streamlit as st

from lib import db as store
from lib import form_widgets, widgets

st.set_page_config(page_title="Fieldwork", page_icon=":material/explore:", layout="wide")
widgets.refuse_foreign_host()  # DNS rebinding: answer only to localhost or listed names

PAGES = {
    "": [
        st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
    ],
    "Research": [
        st.Page("pages/contacts.py", title="Contacts", icon=":material/group:"),
        st.Page("pages/conversations.py", title="Conversations", icon=":material/forum:"),
        st.Page("pages/brief.py", title="Conversation brief", icon=":material/description:"),
        st.Page("pages/board.py", title="Research board", icon=":material/view_kanban:"),
        st.Page("pages/organizations.py", title="Target organizations", icon=":material/domain:"),
        st.Page("pages/paths.py", title="Paths", icon=":material/alt_route:"),
        st.Page("pages/search.py", title="Search", icon=":material/search:"),
    ],
    "Progress": [
        st.Page("pages/activity.py", title="Outreach activity", icon=":material/monitoring:"),
        st.Page("pages/review.py", title="Weekly review", icon=":material/event_available:"),
        st.Page("pages/share.py", title="Share with your coach", icon=":material/share:"),
    ],
    "Settings": [
        st.Page("pages/data.py", title="Your data", icon=":material/database:"),
        st.Page("pages/import_contacts.py", title="Import", icon=":material/upload_file:"),
    ],
}

# Every page listed: collapsed, Streamlit would hide Share, Your data and Import behind "View more".
page = st.navigation(PAGES, expanded=True)
form_widgets.focus_outline()  # keyboard focus always visible, the sidebar included
st.session_state["app_navigation_built"] = True
widgets.database()  # opens the data file, or shows why it cannot; asks a coach for the password
widgets.warm_up()  # once per server, in the background: no page imports, no report compiles
with st.sidebar:
    if widgets.coach_mode():
        st.info("Coach mode: read-only, private notes hidden.", icon=":material/visibility:")
    # Plain text: Streamlit fades code inside a caption below 4.5:1 contrast.
    st.caption(f"Data file: {widgets.plain(store.default_path())}")
if widgets.read_only_reason():
    st.warning(widgets.read_only_reason(), icon=":material/lock:")
try:
    page.run()
except sqlite3.DatabaseError as error:
    # The last resort: a store error no page caught (a damaged file, a disk gone) is said
    # plainly, with what to do, instead of a traceback.
    st.error(store.explain(error), icon=":material/error:")
