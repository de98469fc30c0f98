"""Home: what Fieldwork is for, how to use it, and a first-run sample."""

import streamlit as st

from lib import clock, store, vocab
from lib.sample import load_sample
from lib.ui import coach_items, due_list, scheduling, session
from lib.ui import rhythms as rhythm_widgets

db = session.database()

st.title("Fieldwork")
st.caption(
    "Field research for your next career move: informational interviews that lead somewhere."
)

if store.is_empty(db):
    with st.container(border=True):
        st.header("Your field research starts here")
        st.write(
            "Nothing is saved yet. Add your first contact, or load a sample of ten weeks of "
            "research to see how every page works. You can wipe the sample later from *Your data*."
        )
        left, right = st.columns(2)
        left.page_link(
            "pages/contacts.py", label="Add your first contact", icon=":material/person_add:"
        )
        if session.can_write() and right.button("Load the sample", icon=":material/science:"):
            with session.saving():
                counts = load_sample(db, today=clock.today())
                # Said in place, not in a toast (axe: a toast is an unnamed alertdialog); it
                # stays until the next action, which pops it.
                st.session_state["home_sample_loaded"] = (
                    f"Loaded the sample: {counts['contacts']} contacts and "
                    f"{counts['conversations']} conversations over ten weeks, up to today."
                )
                st.rerun()

if loaded := st.session_state.pop("home_sample_loaded", None):
    st.success(loaded, icon=":material/check_circle:")

if not store.is_empty(db):
    st.header("Coming up")
    scheduling.coming_up(db, clock.today())
    st.header("What is due")
    scheduling.not_captured(db, clock.today())
    due_list.due_list(db, clock.today())
    coach_items.due_section(db, clock.today())  # the coach's action items, "From your coach"
    rhythm_widgets.going_cold_section(db, clock.today())

st.header("How this works")
st.markdown(
    """
1. **Find people in the field.** Note what you know about each one (the *hook*) and who referred
   you. Your opening line uses it: *"My colleague recommended I contact you…"*.
2. **Ask for about 20 minutes of advice, not a job.** Prepare from the question bank: how they got
   into the role, the difficult parts, who else to talk to, books, professional organizations.
3. **Take notes while you talk.** Each answer, your takeaways, and whether you are still
   interested in the path (or a related role suits you better).
4. **Turn every recommendation into a next step** on the research board.
5. **Thank them the next day, and again a month later** saying what you did with their advice.
"""
    + "6. **Follow up the 3B7 way:** "
    + vocab.METHOD_3B7.removeprefix("3B7: ")
)
cols = st.columns(2)
cols[0].page_link("pages/contacts.py", label="Contacts", icon=":material/group:")
cols[1].page_link("pages/conversations.py", label="Log a conversation", icon=":material/forum:")
