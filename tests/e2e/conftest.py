"""Browser tests, Datasette style: the real `streamlit run app.py` on a free port, driven by
Playwright in Debian's Chromium.

Chromium is found at $FIELDWORK_CHROMIUM or /usr/bin/chromium. Without it the tests skip with a
message saying how to install it, except under CI (CI=true), where a missing browser fails the
run. `playwright install` is never needed: Playwright only drives the system browser.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from lib import store
from lib.sample import load_sample
from tests.support.days import TODAY

REPO = Path(__file__).resolve().parents[2]
RESULTS = REPO / "test-results"
STARTUP_TIMEOUT_S = 60
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    # This machine's network is closed: without these Chromium keeps dialling out.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RUNNING = "[data-testid='stApp'][data-test-script-state='running']"
NOT_RUNNING = "[data-testid='stApp'][data-test-script-state='notRunning']"
SKELETON = "[data-testid='stMain'] [data-testid='stSkeleton']"
PAGE_DRAWN = "[data-testid='stMain'] h1, [data-testid='stException']"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def chromium_path() -> str | None:
    """The Chromium to drive: $FIELDWORK_CHROMIUM, else /usr/bin/chromium; None if missing."""
    candidate = os.environ.get("FIELDWORK_CHROMIUM", "").strip() or DEFAULT_CHROMIUM
    found = shutil.which(candidate) if os.sep not in candidate else candidate
    if found and os.path.isfile(found) and os.access(found, os.X_OK):
        return found
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """One running `streamlit run app.py` and the database file it serves."""

    url: str
    db_path: Path
    process: subprocess.Popen
    log_path: Path

    def page_url(self, path: str = "", **query) -> str:
        """Absolute URL of a page path ('contacts'), with optional query parameters."""
        url = f"{self.url}/{path.lstrip('/')}"
        if query:
            url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
        return url

    def database(self):
        """A connection to the served file, for assertions on what the app saved."""
        return store.connect(self.db_path)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _log_tail(path: Path, limit: int = 4000) -> str:
    try:
        return path.read_text(errors="replace")[-limit:]
    except OSError:
        return "(no server output)"


def start_server(directory: Path, sample: bool = False, extra_env: dict | None = None) -> Server:
    """Start the app against a new database in directory; return once /_stcore/health answers."""
    directory.mkdir(parents=True, exist_ok=True)
    db_path = directory / "fieldwork.db"
    database = store.open_database(db_path)
    if sample:
        load_sample(database, today=TODAY)
    database.close()

    port = free_port()
    # "Today" is fixed for the app as for the sample, so a run that spans midnight cannot fail.
    env = dict(
        os.environ,
        FIELDWORK_DB=str(db_path),
        FIELDWORK_TODAY=TODAY.isoformat(),
        PYTHONUNBUFFERED="1",
    )
    env.pop("FIELDWORK_COACH", None)
    env.update(extra_env or {})
    log_path = directory / "streamlit.log"
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.port", str(port),
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        "--server.runOnSave", "false",
    ]  # fmt: skip
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", db_path, process, log_path)
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while True:
        if process.poll() is not None:
            pytest.fail(
                f"streamlit exited with code {process.returncode} before answering:\n"
                + _log_tail(log_path)
            )
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            server.stop()
            pytest.fail(
                f"streamlit did not answer within {STARTUP_TIMEOUT_S}s:\n" + _log_tail(log_path)
            )
        time.sleep(0.25)


@pytest.fixture(scope="session")
def server_factory(tmp_path_factory):
    """start(sample=False, **env) -> a new Server on its own database; all stopped at the end."""
    servers: list[Server] = []

    def start(sample: bool = False, **env: str) -> Server:
        server = start_server(tmp_path_factory.mktemp("server"), sample=sample, extra_env=env)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def empty_server(server_factory) -> Server:
    """A server on a fresh, empty database, for tests that write."""
    return server_factory(sample=False)


@pytest.fixture(scope="session")
def sample_server(server_factory) -> Server:
    """A server on the sample database, shared by read-only tests."""
    return server_factory(sample=True)


@pytest.fixture(scope="session")
def playwright_session():
    """One Playwright for the whole run: a second sync_playwright() in the same thread fails.

    Yields (playwright, chromium executable). Skips without Chromium (fails under CI).
    """
    executable = chromium_path()
    if executable is None:
        message = (
            "Chromium not found: install it with `apt-get install chromium` "
            "or set FIELDWORK_CHROMIUM"
        )
        if in_ci():
            pytest.fail(message + " (CI=true: browser tests must run)", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright, executable


def launch_chromium(playwright_session, *extra_args: str):
    """Debian's Chromium, headless, with the flags this closed network needs (and extra_args)."""
    playwright, executable = playwright_session
    return playwright.chromium.launch(
        executable_path=executable, headless=True, args=[*CHROMIUM_ARGS, *extra_args]
    )


@pytest.fixture(scope="session")
def browser(playwright_session):
    """Debian's Chromium under Playwright; skips without it (fails under CI)."""
    chromium = launch_chromium(playwright_session)
    yield chromium
    chromium.close()


@pytest.fixture
def page(browser, request):
    """A fresh browser tab at 1400x900; a screenshot goes to test-results/ when the test fails."""
    context = new_context(browser, viewport={"width": 1400, "height": 900})
    context.set_default_timeout(20_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.js_errors = errors
    yield tab
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        RESULTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
        try:
            tab.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)
        except Exception as error:  # the screenshot is a bonus; never hide the real failure
            print(f"could not take a failure screenshot: {error}")
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# Counts, in the page, the script runs Streamlit starts and the messages the page sends it (a
# click, a value committed, a navigation), so a test can wait for the run its own action
# caused instead of for a duration. Added to every browser context (new_context below).
RUN_COUNTER = """
(() => {
  const fw = (window.__fw = {runs: 0, runsAtLastSend: -1, sends: 0});
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (...args) {
    fw.sends += 1;
    fw.runsAtLastSend = fw.runs;
    return send.apply(this, args);
  };
  let last = null;
  const seen = (state) => {
    if (state === "running" && last !== "running") fw.runs += 1;
    last = state;
  };
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === "attributes") {
        seen(record.oldValue);  // a run can start and end within one batch of changes
        seen(record.target.getAttribute("data-test-script-state"));
      }
    }
    const app = document.querySelector("[data-testid='stApp']");
    if (app) seen(app.getAttribute("data-test-script-state"));  // the app's first mount
  }).observe(document, {
    subtree: true, childList: true, attributes: true, attributeOldValue: true,
    attributeFilter: ["data-test-script-state"],
  });
})();
"""
# The run asked for by the page's last message has started and finished, and nothing else
# is running. (A message that asks for no run, rare, ends the wait after NO_RUN_GRACE_MS.)
SETTLED = """
() => {
  const app = document.querySelector("[data-testid='stApp']");
  const fw = window.__fw;
  if (!app || app.getAttribute("data-test-script-state") !== "notRunning") return false;
  return !fw || fw.runs > fw.runsAtLastSend;
}
"""
NO_RUN_GRACE_MS = 5_000


def new_context(browser, **options):
    """A browser context whose pages count script runs (see RUN_COUNTER)."""
    context = browser.new_context(**options)
    context.add_init_script(RUN_COUNTER)
    return context


def messages_sent(page) -> int:
    """How many messages the page has sent the app (each click, committed value, navigation)."""
    return page.evaluate("window.__fw.sends")


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has run the script the page last asked for and has finished.

    A click sends the rerun asynchronously, so the app may still say notRunning for a moment:
    the page counts the runs it saw start and the messages it sent, and this waits for a run
    that started after the last message, then for the page to be drawn.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    try:
        page.wait_for_function(SETTLED, timeout=NO_RUN_GRACE_MS)
    except PlaywrightTimeoutError:  # the last message asked for no run, or one still runs
        page.wait_for_selector(NOT_RUNNING, timeout=timeout)
    # Widgets load their code on first use and show a skeleton meanwhile (seconds on a busy
    # machine): Tab would skip them and clicks miss them.
    page.wait_for_selector(SKELETON, state="detached", timeout=10_000)
    # Elements of the previous run fade out as stale until the frontend drops them.
    page.wait_for_function(STALE_GONE, timeout=timeout)


CHARTS_DRAWN = """
() => [...document.querySelectorAll("[data-testid='stPlotlyChart']")]
  .filter((chart) => chart.checkVisibility())  // a closed tab's charts draw when it opens
  .every((chart) => chart.querySelector(".main-svg"))
"""


def charts_drawn(page, timeout: float = 20_000) -> None:
    """Wait until every Plotly chart on the page has drawn its plot (they draw after the run)."""
    page.wait_for_function(CHARTS_DRAWN, timeout=timeout)


STALE_GONE = """
() => !document.querySelector("[data-testid='stMain'] [data-stale='true']")
"""


def open_app(page, server: Server, path: str = "", **query) -> None:
    """Navigate to a page of the app and wait for its script to finish."""
    page.goto(server.page_url(path, **query))
    # Every page starts with its title: until the first run has drawn it, the frontend may
    # still show the pages folder's own navigation and say notRunning (seen on a loaded CI).
    page.wait_for_selector(PAGE_DRAWN, state="attached", timeout=30_000)
    wait_for_app(page)


def assert_no_exception(page) -> None:
    """Fail with the exception's text if Streamlit shows one on the page."""
    exceptions = page.locator("[data-testid='stException']")
    if exceptions.count():
        pytest.fail("The page shows an exception:\n" + exceptions.first.inner_text())


def capture_form(page):
    """The conversation capture form: a keyed container, not an st.form (its recommendation
    rows say what the board has as the person types), on the Conversations page."""
    return page.locator(".st-key-conversations_capture")
