"""The Share page: a report for a week or a range, CSV downloads, nothing private."""

from datetime import date

from lib import store
from tests.support.apptest import button
from tests.support.days import TODAY


def mark_private(path) -> str:
    marker = "SHARE-PRIVATE-91c2"
    database = store.connect(path)
    database.execute("UPDATE contacts SET private_notes = ?", [marker])
    database.execute("UPDATE conversations SET private_notes = ?", [marker])
    database.conn.commit()
    database.close()
    return marker


def test_week_report_is_prepared_without_private_notes(open_page, sample_path):
    marker = mark_private(sample_path)
    at = open_page("pages/share.py")
    at.date_input(key="share_week").set_value(date(2026, 11, 4)).run()
    assert any("Week of 02 Nov 2026" in c.value for c in at.caption)
    button(at, "Prepare the report").click().run()
    assert not at.exception
    built = at.session_state["share_report"]
    assert built.title == "Week of 02 Nov 2026"
    assert "Plotly.newPlot" in built.html
    assert marker not in built.html and marker not in built.markdown
    assert any("# Fieldwork progress report" in c.value for c in at.code)


def test_range_report_and_half_picked_range(open_page, sample_path):
    at = open_page("pages/share.py")
    at.radio(key="share_period").set_value("range").run()
    at.date_input(key="share_range").set_value((date(2026, 10, 1),)).run()
    assert any("last day of the range" in i.value for i in at.info)
    at.date_input(key="share_range").set_value((date(2026, 10, 1), TODAY)).run()
    button(at, "Prepare the report").click().run()
    assert not at.exception
    assert at.session_state["share_report"].title == "01 Oct 2026 to 25 Nov 2026"


def test_changing_the_period_asks_to_prepare_again(open_page, sample_path):
    at = open_page("pages/share.py")
    button(at, "Prepare the report").click().run()
    at.date_input(key="share_week").set_value(date(2026, 10, 5)).run()
    assert any("prepare the report again" in c.value for c in at.caption)


def test_private_notes_choice_only_outside_coach_mode(open_page, sample_path, monkeypatch):
    at = open_page("pages/share.py")
    assert at.checkbox(key="share_include_private").value is False
    monkeypatch.setenv("FIELDWORK_COACH", "1")
    at = open_page("pages/share.py")
    assert not [c for c in at.checkbox if c.key == "share_include_private"]
