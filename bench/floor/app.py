"""The floor: a bare Streamlit app of three pages, timed by bench/bench_pages.py in the same
run and the same way as Fieldwork's pages, so each page's time can be read as a multiple of
what Streamlit itself takes on this machine. Nothing of Fieldwork's is imported."""

import streamlit as st

st.set_page_config(page_title="Floor", layout="wide")
st.navigation(
    [
        st.Page("text.py", title="Floor: text", default=True),
        st.Page("chart.py", title="Floor: chart"),
        st.Page("table.py", title="Floor: table"),
    ]
).run()
