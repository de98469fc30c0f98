import streamlit as st

st.title("A title")
st.write("A line of text.")
