"""The brief: one page to read (and print) before a conversation."""

import streamlit as st

from lib import clock
from lib.formats import brief, ics
from lib.ui import session, widgets
from lib.ui.pickers import contact_picker

db = session.database()


st.title("Conversation brief")
st.caption(
    "Who they are, what you already know, what you want to learn, and the article's reminders: "
    "one page to read or print before you talk."
)
wanted = widgets.query_id("contact")
scheduled_id = widgets.query_id("scheduled")
contact_id = contact_picker(db, "Brief for", f"brief_contact_{wanted}", wanted)
if contact_id is None:
    st.caption("Pick a contact, or open a brief from a scheduled conversation on Home.")
    st.stop()
if contact_id != wanted:
    scheduled_id = None  # another person picked: the scheduled conversation was the first one's

include_private = False
if session.can_write():
    include_private = st.toggle(
        "Include private notes",
        key="brief_private",
        help="Off by default, so a printed brief left on a desk holds nothing private.",
    )
facts = brief.gather(db, contact_id, scheduled_id, include_private, clock.today())
if facts is None:
    st.warning("That contact does not exist (any more).")
    st.stop()

html_col, markdown_col, ics_col = st.columns(3)
html_col.download_button(
    "Download for printing (HTML)",
    data=brief.render_html(facts),
    file_name=brief.file_name(facts, "html"),
    mime="text/html",
    icon=":material/print:",
    help="Open it in your browser and print: it fits one A4 or Letter page.",
)
markdown_col.download_button(
    "Download as Markdown",
    data=brief.render_markdown(facts),
    file_name=brief.file_name(facts, "md"),
    mime="text/markdown",
    icon=":material/download:",
)
if facts["scheduled"]:
    ics_col.download_button(
        "Add to calendar (.ics)",
        data=ics.scheduled_calendar(db, facts["scheduled"]["id"]),
        file_name=f"fieldwork-conversation-{facts['scheduled']['id']}.ics",
        mime="text/calendar",
        icon=":material/calendar_add_on:",
    )
with st.container(border=True):
    st.markdown(brief.render_markdown(facts, top=2))
