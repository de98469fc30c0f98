"""Every page at a small laptop's 1024x768 and a phone's 390x844, on the sample.

No button, label, tab or chip has its text cut ("Log a conver", "Pr…", a "Don" chip); no chart
title runs out of its chart or sits under the chart toolbar; the referral network's names do
not overlap; the board's status columns keep a readable width. A screenshot of each page at
each size goes to test-results/ to look at.
"""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import RESULTS, assert_no_exception, charts_drawn, new_context, open_app
from tests.support.pages import app_pages

pytestmark = pytest.mark.e2e

SIZES = {"laptop": (1024, 768), "phone": (390, 844)}
PAGES = app_pages()
BOARD_COLUMN_MIN_PX = 200

# Problems a person would see, measured in the page.
LAYOUT_CHECKS = (
    r"""() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const text = (el) => el.textContent.replace(/\s+/g, ' ').trim().slice(0, 60);
  const visible = (el) => el.offsetParent !== null && el.clientWidth > 0;
  const problems = {cut: [], chart: [], network: [], board: []};
  // Text cut by its box: the text is wider than the box that clips it.
  const clipping = main.querySelectorAll(
    'button *, [role="tab"] *, [data-testid="stWidgetLabel"] *, [data-baseweb="tag"] *,'
    + ' [data-testid="stPageLink"] *, [data-testid="stMetricLabel"] *,'
    + ' [data-testid="stMetricValue"] *,'
    + ' [data-testid="stExpander"] summary *');
  for (const el of clipping) {
    if (!visible(el) || !el.textContent.trim()) continue;
    if (el.children.length && el.querySelector('*:not(span):not(p)')) continue;
    const style = getComputedStyle(el);
    const clips = style.overflow !== 'visible' || style.textOverflow === 'ellipsis';
    if (clips && el.scrollWidth > el.clientWidth + 1) problems.cut.push(text(el));
  }
  // A row of pills or segments that scrolls sideways hides its last choices ("Drop").
  for (const group of main.querySelectorAll('[data-testid="stButtonGroup"]')) {
    if (visible(group) && group.scrollWidth > group.clientWidth + 1) problems.cut.push(text(group));
  }
  // Chart titles inside their chart, and clear of the toolbar.
  for (const chart of main.querySelectorAll('.js-plotly-plot')) {
    const box = chart.getBoundingClientRect();
    const title = chart.querySelector('.gtitle');
    if (!title) continue;
    const t = title.getBoundingClientRect();
    if (t.right > box.right + 1 || t.left < box.left - 1) problems.chart.push('cut: ' + text(title));
    const bar = chart.querySelector('.modebar');
    if (bar && getComputedStyle(bar).opacity !== '0') {
      const m = bar.getBoundingClientRect();
      const overlap = m.width && !(m.right < t.left || m.left > t.right || m.bottom < t.top
        || m.top > t.bottom);
      if (overlap) problems.chart.push('toolbar over: ' + text(title));
    }
    // The referral network: names must not sit on each other.
    const names = [...chart.querySelectorAll('.textpoint text')]
      .filter((name) => name.textContent.trim())
      .map((name) => [name.textContent, name.getBoundingClientRect()]);
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) {
        const [a, p] = names[i];
        const [b, q] = names[j];
        const overlap = !(p.right <= q.left || q.right <= p.left || p.bottom <= q.top
          || q.bottom <= p.top);
        if (overlap) problems.network.push(`${a} / ${b}`);
      }
    }
  }
  for (const column of main.querySelectorAll('.st-key-board_columns [data-testid="stColumn"]')) {
    if (column.getBoundingClientRect().width < BOARD_MIN) {
      problems.board.push(Math.round(column.getBoundingClientRect().width) + 'px');
    }
  }
  return problems;
}"""
).replace("BOARD_MIN", str(BOARD_COLUMN_MIN_PX))


@pytest.fixture(scope="module", params=list(SIZES), ids=list(SIZES))
def sized_tab(request, browser):
    width, height = SIZES[request.param]
    context = new_context(browser, viewport={"width": width, "height": height})
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.size_name = request.param
    yield page
    context.close()


@pytest.mark.parametrize("path", [path for _, path in PAGES], ids=[p or "home" for _, p in PAGES])
def test_nothing_is_cut_at_small_sizes(sized_tab, sample_server, path):
    page = sized_tab
    open_app(page, sample_server, path)
    assert_no_exception(page)
    charts_drawn(page)  # charts draw after the script
    name = f"small-{path or 'home'}-{page.size_name}"
    problems = {kind: found for kind, found in page.evaluate(LAYOUT_CHECKS).items() if found}
    screenshot(page, name)
    assert not problems, f"{name}: " + json.dumps(problems, indent=1)[:3000]


def screenshot(page, name: str) -> None:
    """The whole page: the window made as tall as the content (Streamlit scrolls inside it)."""
    RESULTS.mkdir(exist_ok=True)
    size = page.viewport_size
    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size(
        {"width": size["width"], "height": min(max(height, size["height"]), 6000)}
    )
    charts_drawn(page)
    page.screenshot(path=str(RESULTS / f"{name}.png"))
    page.set_viewport_size(size)
