import plotly.graph_objects as go
import streamlit as st

st.title("A chart")
figure = go.Figure(go.Bar(x=[f"week {n}" for n in range(1, 13)], y=[3, 5, 2, 8, 6, 4, 7, 9, 5, 6, 3, 8]))  # fmt: skip
st.plotly_chart(figure)
