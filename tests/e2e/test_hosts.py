"""DNS rebinding: opened through a foreign name that resolves to this machine, the app refuses.

Chromium is told that evil.test is 127.0.0.1 (--host-resolver-rules), as a rebinding attacker's
DNS would say; the browser then sends Host: evil.test:PORT on the page and on the websocket.
"""

from __future__ import annotations

import pytest

from lib.ui.hosts import REFUSED_MESSAGE
from tests.e2e.conftest import launch_chromium, new_context, wait_for_app

pytestmark = pytest.mark.e2e

SAMPLE_NAME = "Amara Okafor"  # the sample's first contact, the title of contact 1's page


@pytest.fixture(scope="module")
def rebinding_browser(playwright_session):
    # Chromium resolves evil.test to this machine, as a DNS-rebinding attacker's name would.
    chromium = launch_chromium(playwright_session, "--host-resolver-rules=MAP evil.test 127.0.0.1")
    yield chromium
    chromium.close()


@pytest.fixture
def tab(rebinding_browser):
    context = new_context(rebinding_browser, viewport={"width": 1200, "height": 800})
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def _open(tab, url: str) -> str:
    tab.goto(url)
    tab.wait_for_selector("[data-testid='stApp']")
    wait_for_app(tab)
    return tab.locator("[data-testid='stApp']").inner_text()


@pytest.mark.parametrize("path", ["", "contacts?contact=1", "search"])
def test_a_foreign_host_gets_the_refusal_and_none_of_the_app(tab, sample_server, path):
    port = sample_server.url.rsplit(":", 1)[1]
    shown = _open(tab, f"http://evil.test:{port}/{path}")
    assert REFUSED_MESSAGE[:40] in shown
    assert SAMPLE_NAME not in shown
    assert "Data file" not in shown
    assert tab.locator("[data-testid='stSidebarNav']").count() == 0
    assert tab.locator("[data-testid='stException']").count() == 0


def test_the_same_server_answers_at_its_own_address(tab, sample_server):
    shown = _open(tab, f"{sample_server.url}/contacts?contact=1")
    assert REFUSED_MESSAGE[:40] not in shown
    assert SAMPLE_NAME in shown
