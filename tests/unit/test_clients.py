"""The coach's Clients page figures, on the hand-counted world (tests/support/hand_counted.py)
as a client's package: equal to what the client's own weekly review shows."""

from datetime import date

import pytest

from lib import clients, reviews
from lib.formats import coach_file
from tests.support import client_packages, hand_counted
from tests.support.days import TODAY

WEEK = date(2026, 11, 23)
# Goals from the week of 11-16: met that week (Dee's outreach, Ben's talk and thank-you, Gil
# done), not yet this week: a streak of 1 (the week under way does not break it).
GOALS = {
    "starts_on": "2026-11-16",
    "outreaches": 1,
    "conversations": 1,
    "thank_yous": 1,
    "items_done": 1,
}


def hand_counted_with_goals(db):
    hand_counted.build(db)
    db["weekly_goals"].insert(GOALS)


@pytest.fixture
def package(tmp_path):
    return client_packages.make_package(tmp_path, "Ana Ruiz", hand_counted_with_goals)


def test_the_figures_are_the_hand_counted_ones(package):
    db = clients.open_package(package)
    figures = clients.client_figures(db, TODAY)
    assert figures["week_start"] == "2026-11-23"
    assert figures["week"] == {
        "outreaches": 0,
        "conversations": 0,
        "thank_yous": 0,
        "board_items": 0,
    }
    assert figures["goals"] == {
        "outreaches": 1,
        "conversations": 1,
        "thank_yous": 1,
        "board_items": 1,
    }
    assert figures["streak"] == 1
    assert figures["overdue"] == 1  # Fay's thank-you, due 11-13
    assert figures["thank_yous_on_time"] == {"on_time": 1, "due": 3}
    assert figures["updates_on_time"] == {"on_time": 1, "due": 1}
    assert figures["conversations_4_weeks"] == 3  # Ana 11-06, Fay 11-12, Ben 11-18
    assert figures["last_activity"] == "2026-11-21"  # Ben's thank-you
    assert figures["trend"] == [0, 0, 0, 0, 1, 1, 1, 0]
    assert (figures["open_action_items"], figures["done_action_items"]) == (0, 0)


def test_the_figures_equal_the_weekly_review(package):
    db = clients.open_package(package)
    for today in (TODAY, date(2026, 11, 18), date(2026, 11, 8)):
        figures = clients.client_figures(db, today)
        summary = reviews.week_summary(db, today)
        shown = {clients.WEEK_KEYS[row["measure"]]: row["done"] for row in summary["rows"]}
        assert figures["week"] == shown
        assert figures["streak"] == reviews.streak(db, summary["week_start"], today)


def test_last_weeks_figures_as_of_a_day_then(package):
    db = clients.open_package(package)
    figures = clients.client_figures(db, date(2026, 11, 22))
    assert figures["week"] == {
        "outreaches": 1,
        "conversations": 1,
        "thank_yous": 1,
        "board_items": 1,
    }
    assert figures["streak"] == 1


def test_action_items_open_and_done_from_the_coach_file_and_the_package(package):
    items = [
        coach_file.new_action_item("Maya", f"Item {n}", TODAY, now=f"2026-11-2{n}T10:00:00Z")
        for n in range(3)
    ]
    withdrawn = coach_file.change_action_item("Maya", items[2]["id"], withdrawn=True)
    read = coach_file.parse_coach_file(
        b"".join(__import__("json").dumps(e).encode() + b"\n" for e in [*items, withdrawn])
    )
    counts = clients.action_item_counts(read, {items[0]["id"]: "2026-11-24"})
    assert counts == {"open": 1, "done": 1}


def test_who_needs_attention_comes_first(package):
    db = clients.open_package(package)
    figures = clients.client_figures(db, TODAY)
    behind = clients.client_row(
        clients.Package(package, "Behind", "2026-11-10T09:00:00Z"), figures, TODAY
    )
    calm_figures = {**figures, "overdue": 0, "week": dict(figures["goals"])}
    calm = clients.client_row(
        clients.Package(package, "Calm", "2026-11-25T08:00:00Z"), calm_figures, TODAY
    )
    assert behind["age_days"] == 15
    assert "package 15 days old" in behind["attention"]
    assert "1 overdue follow-up" in behind["attention"]
    assert calm["attention"] == []
    assert [r["client"] for r in clients.by_attention([calm, behind])] == ["Behind", "Calm"]
    assert behind["summary"].startswith("Behind: package 15 days old; this week 0 of 1 outreaches")


def test_the_json_row_has_exactly_the_issues_keys(package):
    db = clients.open_package(package)
    row = clients.client_row(
        clients.Package(package, "Ana", "2026-11-25T08:00:00Z"),
        clients.client_figures(db, TODAY),
        TODAY,
    )
    assert list(clients.json_row(row)) == list(clients.JSON_KEYS)


def test_an_ordinary_file_that_is_not_fieldwork_is_refused(tmp_path):
    path = tmp_path / "x.fieldwork-share"
    path.write_bytes(b"\x00random bytes" * 50)
    with pytest.raises(clients.PackageProblem):
        clients.open_package(path)
    row = clients.package_row(path, TODAY)
    assert row["problem"] and row["client"] == "x" and not row["needs_passphrase"]


def test_the_row_names_the_client_from_the_manifest(package):
    row = clients.package_row(package, TODAY)
    assert (row["client"], row["age_days"], row["problem"]) == ("Ana Ruiz", 0, "")
    assert row["package_made_at"].startswith("2026-11-2")


def test_an_encrypted_package_asks_for_its_passphrase_calmly(tmp_path):
    path = client_packages.make_package(tmp_path, "Ben Okafor", passphrase="correct horse battery")
    locked = clients.package_row(path, TODAY)
    assert locked["needs_passphrase"] and locked["problem"]
    wrong = clients.package_row(path, TODAY, "wrong passphrase here")
    assert wrong["problem"] and "Traceback" not in wrong["problem"]
    opened = clients.package_row(path, TODAY, "correct horse battery")
    assert opened["problem"] == "" and opened["client"] == "Ben Okafor"


def test_packages_are_found_in_the_folder_and_one_level_down(tmp_path):
    (tmp_path / "a.fieldwork-share").write_bytes(b"")
    (tmp_path / "ben").mkdir()
    (tmp_path / "ben" / "b.fieldwork-share").write_bytes(b"")
    (tmp_path / "notes.txt").write_bytes(b"")
    names = [p.name for p in clients.package_paths(tmp_path)]
    assert names == ["a.fieldwork-share", "b.fieldwork-share"]
