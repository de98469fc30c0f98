"""Share with your coach: a report file for a week or a range, a share package for the coach's
Fieldwork (downloaded, or kept in a shared folder), and CSV exports."""

from datetime import timedelta

import streamlit as st

from lib import clock, coach, metrics
from lib.formats import csv_export, report
from lib.ui import forms, session, share_package

db = session.database()
today = clock.today()

st.title("Share with your coach")
st.caption(
    "The report is one HTML file that opens in any browser without the internet, charts "
    "included, plus a Markdown version to paste into an email. Private notes are never in it."
)

st.header("Progress report")
period = st.radio(
    "Period",
    ["week", "range"],
    format_func={"week": "One week", "range": "A range of dates"}.get,
    horizontal=True,
    key="share_period",
)
if period == "week":
    day = forms.date_box("Week of", today, key="share_week")
    start = metrics.week_start(day or today)
    end = start + timedelta(days=6)
else:
    picked = forms.date_box(
        "From and to", (metrics.week_start(today) - timedelta(weeks=3), today), key="share_range"
    )
    if not isinstance(picked, tuple) or len(picked) != 2:
        st.info("Pick the last day of the range too.", icon=":material/date_range:")
        st.stop()
    start, end = picked
st.caption(f"{report.report_title(start, end)}: {start:%a %d %b %Y} to {end:%a %d %b %Y}.")

if st.button("Prepare the report", type="primary", icon=":material/description:"):
    with st.spinner("Drawing the charts…"):
        st.session_state["share_report"] = report.build_report(db, start, end, today)

built = st.session_state.get("share_report")
if built is not None and (built.start, built.end) != (start, end):
    st.caption("The period changed: prepare the report again.")
    built = None
if built is not None:
    left, right = st.columns(2)
    left.download_button(
        "Download HTML report",
        data=built.html.encode("utf-8"),
        file_name=built.file_stem() + ".html",
        mime="text/html",
        icon=":material/download:",
        key="share_download_html",
    )
    right.download_button(
        "Download Markdown",
        data=built.markdown.encode("utf-8"),
        file_name=built.file_stem() + ".md",
        mime="text/markdown",
        icon=":material/download:",
        key="share_download_md",
    )
    with st.expander("Preview the Markdown"):
        st.code(built.markdown, language="markdown", wrap_lines=True)

share_package.package_section(db)

st.header("Spreadsheets (CSV)")
st.caption("Cells that a spreadsheet would run as a formula are prefixed with ' so they stay text.")
include_private = False
if session.can_write():
    include_private = st.checkbox(
        "Include my private notes (for your own backup; never send this to anyone)",
        value=False,
        key="share_include_private",
    )
exports = list(csv_export.EXPORTS.items())
for start in range(0, len(exports), 4):  # four to a row, so the labels stay on one line
    columns = st.columns(4)
    for column, (name, (label, _, _)) in zip(columns, exports[start : start + 4], strict=False):
        column.download_button(
            label,
            data=lambda name=name: session.on_own_connection(
                lambda own: csv_export.export_csv(own, name, include_private=include_private)
            ),
            file_name=csv_export.file_name(name, today),
            mime="text/csv",
            icon=":material/table:",
            key=f"share_csv_{name}",
        )

if session.coach_mode():
    st.caption("Coach mode: private notes are hidden everywhere.")
else:
    with st.expander("Show the app to your coach, read-only"):
        st.markdown(coach.SWITCH_HELP)
