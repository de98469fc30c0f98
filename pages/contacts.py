import streamlit as st

st.title("Contacts")
