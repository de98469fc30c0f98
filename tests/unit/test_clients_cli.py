"""`fieldwork clients FOLDER` and `fieldwork coach FOLDER` through the real command."""

import json
import os
import subprocess
import sys
from datetime import date

import pytest

from lib import clients, clock
from tests.support import client_packages, hand_counted

KEYS = [
    "client",
    "package_made_at",
    "week_start",
    "week",
    "goals",
    "streak",
    "overdue",
    "thank_yous_on_time",
    "updates_on_time",
    "conversations_4_weeks",
    "last_activity",
    "open_action_items",
]


def fieldwork(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)  # FIELDWORK_TODAY from fixed_today
    env.pop(clients.FOLDER_ENV_VAR, None)
    return subprocess.run(
        [sys.executable, "-m", "lib.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def hand_counted_with_goals(db):
    hand_counted.build(db)
    db["weekly_goals"].insert(
        {
            "starts_on": "2026-11-16",
            "outreaches": 1,
            "conversations": 1,
            "thank_yous": 1,
            "items_done": 1,
        }
    )


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    where = tmp_path_factory.mktemp("packages")
    client_packages.make_package(where, "Ana Ruiz", hand_counted_with_goals, made_days_ago=5)
    client_packages.make_package(
        where, client_packages.HOSTILE_NAME, client_packages.hostile_world, stem="zed"
    )
    return where


def test_json_has_one_object_per_client_with_exactly_the_issues_keys(folder):
    result = fieldwork("clients", str(folder), "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 2
    assert all(list(row) == KEYS for row in rows)
    ana = next(r for r in rows if r["client"] == "Ana Ruiz")
    assert ana["week"] == {"outreaches": 0, "conversations": 0, "thank_yous": 0, "board_items": 0}
    assert ana["goals"] == {"outreaches": 1, "conversations": 1, "thank_yous": 1, "board_items": 1}
    assert (ana["streak"], ana["overdue"], ana["conversations_4_weeks"]) == (1, 1, 3)
    assert ana["thank_yous_on_time"] == {"on_time": 1, "due": 3}
    assert ana["updates_on_time"] == {"on_time": 1, "due": 1}
    assert ana["last_activity"] == "2026-11-21" and ana["week_start"] == "2026-11-23"
    assert clock.local_date(ana["package_made_at"]) == date(2026, 11, 20)  # 5 days before


def test_date_judges_another_week(folder):
    rows = json.loads(fieldwork("clients", str(folder), "--json", "--date", "2026-11-18").stdout)
    ana = next(r for r in rows if r["client"] == "Ana Ruiz")
    assert ana["week_start"] == "2026-11-16"
    assert ana["week"] == {"outreaches": 1, "conversations": 1, "thank_yous": 1, "board_items": 1}


def test_the_table_is_plain_text_with_who_needs_attention(folder):
    result = fieldwork("clients", str(folder))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Client") and "Overdue" in lines[0]
    assert any(line.startswith("Ana Ruiz") and "5d !" in line for line in lines)
    assert "- Ana Ruiz: package 5 days old; 1 overdue follow-up" in result.stdout
    assert "\x1b" not in result.stdout


def test_a_missing_folder_exits_2(tmp_path):
    result = fieldwork("clients", str(tmp_path / "none"))
    assert result.returncode == 2 and "There is no folder" in result.stderr


def test_coach_starts_streamlit_over_the_folder(folder):
    result = fieldwork("coach", str(folder), "--show-command")
    assert result.returncode == 0, result.stderr
    first, second = [json.loads(line) for line in result.stdout.splitlines()]
    assert first["folder"] == str(folder.resolve())
    assert second["command"][1:4] == ["-m", "streamlit", "run"]
