"""Coach mode proof: no page can change the database, except by saving a coach comment.

Every page of the one page list (tests/support/pages.py, so pages added later are covered) is
opened in coach mode, with and without the query parameters that open one record; then, one
fresh session per action, every text box is filled in and each button is clicked, each checkbox
and toggle flipped, each select box and radio moved. The database's contents (every table, the
schema) must be unchanged afterwards; only the coach-comment columns of weekly_reviews may differ.
"""

import hashlib
import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.apptest import run_page
from tests.support.pages import PAGE_FILES

ROOT = Path(__file__).resolve().parents[2]
PAGES = PAGE_FILES
# Query parameters pages use to open one record; pages that do not know them ignore them.
RECORD = {"contact": "1", "conversation": "1", "item": "1", "organization": "1", "path": "1"}
TYPED = "Typed by the coach"


def snapshot(path: Path) -> dict[str, str]:
    """A digest per table of everything but the coach's own columns."""
    conn = sqlite3.connect(path)
    try:
        digests = {}
        schema = conn.execute(
            "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
        digests["(schema)"] = hashlib.sha256(repr(schema).encode()).hexdigest()
        for (table,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall():
            if table == "data_revision":
                continue  # bumped by every write, the coach's comment included
            if table == "weekly_reviews":
                sql = """SELECT week_start, learned, next_week, updated_at FROM weekly_reviews
                         WHERE learned IS NOT NULL OR next_week IS NOT NULL"""
            else:
                sql = f'SELECT * FROM "{table}"'
            rows = sorted(repr(r) for r in conn.execute(sql).fetchall())
            digests[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
        return digests
    finally:
        conn.close()


def fill_text(at: AppTest) -> None:
    for box in [*at.text_input, *at.text_area]:
        if box.disabled:
            continue
        label = (box.label or "").lower()
        if "mail" in label:
            box.input("coach@example.org")
        elif "linkedin" in label or "url" in label:
            box.input("https://linkedin.com/in/coach")
        elif "phone" in label:
            box.input("+1 555 010 0100")
        else:
            box.input(TYPED)


def actions(at: AppTest) -> list[tuple[str, int]]:
    """Every interactive element on the page, as (kind, index within its kind)."""
    found = []
    for kind in ("button", "checkbox", "toggle", "selectbox", "radio"):
        for index, element in enumerate(getattr(at, kind)):
            if not element.disabled:
                found.append((kind, index))
    return found


def perform(at: AppTest, kind: str, index: int) -> None:
    element = getattr(at, kind)[index]
    if kind == "button":
        element.click()
    elif kind in ("checkbox", "toggle"):
        element.set_value(not element.value)
    elif kind == "selectbox":
        if len(element.options) < 2 and element.index is not None:
            return
        element.select_index(
            len(element.options) - 1 if element.index != len(element.options) - 1 else 0
        )
    else:  # radio: pick another shown option by its position
        if len(element.options) < 2:
            return
        target = 0 if element.index else 1
        element.set_value(element.options[target])
    at.run()


@pytest.fixture
def coach(sample_path, monkeypatch):
    monkeypatch.setenv("FIELDWORK_COACH", "1")
    return sample_path


@pytest.mark.parametrize("with_record", [False, True], ids=["list", "record"])
@pytest.mark.parametrize("page", PAGES)
def test_no_page_changes_the_database_in_coach_mode(coach, page, with_record):
    params = RECORD if with_record else {}
    before = snapshot(coach)
    first = run_page(page, check=False, **params)
    problems = [f"opening: {e.value}" for e in first.exception]
    todo = actions(first)
    for kind, index in todo:
        at = run_page(page, check=False, **params)
        if index >= len(getattr(at, kind)):
            continue
        fill_text(at)
        label = getattr(getattr(at, kind)[index], "label", "")
        try:
            perform(at, kind, index)
        except (ValueError, IndexError, KeyError):
            continue  # a widget AppTest cannot set this way (e.g. a radio with labels)
        problems += [f"{kind} {label!r}: {e.value}" for e in at.exception]
        after = snapshot(coach)
        changed = [table for table in before if before[table] != after.get(table)]
        assert not changed, f"{page}: {kind} {label!r} changed {changed} in coach mode"
    assert snapshot(coach) == before
    assert not problems, f"{page} in coach mode: {problems}"


def test_every_page_is_covered():
    assert "pages/review.py" in PAGES
    assert "pages/activity.py" in PAGES
    assert len(PAGES) >= 5
