"""The HTML report opens in Chromium with the network off and every chart renders."""

from datetime import timedelta

import pytest

from lib import store
from lib.formats import report
from lib.sample import load_sample
from tests.support.days import TODAY

pytestmark = pytest.mark.e2e


@pytest.fixture
def report_file(tmp_path):
    database = store.open_database(tmp_path / "fieldwork.db")
    load_sample(database, today=TODAY)
    built = report.build_report(database, TODAY - timedelta(weeks=10), TODAY, TODAY)
    database.close()
    path = tmp_path / (built.file_stem() + ".html")
    path.write_text(built.html, encoding="utf-8")
    return path


def test_report_charts_render_offline(browser, report_file):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)
    outside: list[str] = []

    def refuse(route):
        outside.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith("file://"), refuse)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    try:
        tab.goto(report_file.as_uri())
        tab.wait_for_function(
            "document.querySelectorAll('.js-plotly-plot .main-svg').length >= 12",
            timeout=30_000,
        )
        plots = tab.locator(".js-plotly-plot")
        # Ten kinds of chart; on-time is three (thank-yous, one-month updates, the others).
        assert plots.count() == 12
        # Real marks, not blank frames: bars in the activity chart, dots in the network.
        assert tab.locator("#chart-1 .bars path").count() > 0
        assert tab.locator("#chart-12 .scatterlayer .point").count() > 10  # the network
        assert "Activity per week" in tab.locator("#chart-1 .gtitle").text_content()
        assert errors == []
        assert outside == []
    finally:
        context.close()
