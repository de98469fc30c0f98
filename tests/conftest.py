"""Fixtures shared by every layer: a fresh migrated database, and one holding the sample."""

import os
from datetime import datetime, timedelta

import pytest

from lib import clock, store
from lib.sample import load_sample
from tests.support.days import TODAY


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """Every test runs on TODAY unless it sets FIELDWORK_TODAY itself (a write's daily snapshot
    included: it is named after lib.clock.today())."""
    monkeypatch.setenv(clock.TODAY_ENV_VAR, TODAY.isoformat())
    return TODAY


# CI runs the unit and app layers a second time with the machine's clock moved this many days
# ahead (time-machine moves time.time, datetime.now and date.today; monotonic clocks and waits
# stay real). Code that reads the real clock instead of lib.clock then shows up as a failure.
CLOCK_AHEAD_ENV_VAR = "FIELDWORK_TEST_CLOCK_AHEAD_DAYS"


@pytest.fixture(autouse=True, scope="session")
def moved_clock():
    days = os.environ.get(CLOCK_AHEAD_ENV_VAR, "").strip()
    if not days:
        yield None
        return
    import time_machine

    real_now = datetime.now().astimezone()
    with time_machine.travel(real_now + timedelta(days=int(days)), tick=True):
        yield real_now


@pytest.fixture
def db(tmp_path):
    database = store.open_database(tmp_path / "fieldwork.db")
    yield database
    database.close()


@pytest.fixture
def sample_db(db):
    load_sample(db, today=TODAY)
    return db


LAYERS = ("unit", "app", "e2e")


@pytest.hookimpl(tryfirst=True)  # before `-m e2e` selects by the marker
def pytest_collection_modifyitems(items):
    """Every test under tests/e2e is marked e2e, and goes to one pytest-xdist worker, in its
    order, with the servers and Chromium that worker starts once: the unit and app layers
    share the other cores."""
    for item in items:
        if _layer(item.nodeid) == "e2e":
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.xdist_group("browser"))


def _layer(nodeid: str) -> str:
    parts = nodeid.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "tests" and parts[1] in LAYERS else "other"


def pytest_terminal_summary(terminalreporter):
    """A line per layer (unit, app, e2e), so a failure says at once which layer it is in."""
    counts: dict[str, dict[str, int]] = {}
    for outcome in ("passed", "failed", "error", "skipped"):
        for report in terminalreporter.stats.get(outcome, []):
            nodeid = getattr(report, "nodeid", "")
            if not nodeid or (outcome == "passed" and getattr(report, "when", "call") != "call"):
                continue
            layer = counts.setdefault(_layer(nodeid), {})
            layer[outcome] = layer.get(outcome, 0) + 1
    if not counts:
        return
    terminalreporter.section("per layer")
    for layer in (*LAYERS, "other"):
        if layer in counts:
            figures = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts[layer].items()))
            terminalreporter.write_line(f"{layer}: {figures}")
