import pandas as pd
import streamlit as st

st.title("A table")
st.dataframe(
    pd.DataFrame(
        {
            "name": [f"Person {n}" for n in range(50)],
            "organization": [f"Organization {n % 7}" for n in range(50)],
            "last touch": pd.date_range("2026-01-01", periods=50, freq="D"),
            "messages": [n * 3 % 17 for n in range(50)],
        }
    )
)
