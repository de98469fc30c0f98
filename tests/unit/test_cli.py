"""The `fieldwork` command through its real entry point: the installed console script (or
`python -m lib.cli` when it is not installed), in a subprocess, on a temporary data file."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lib import store
from lib.store import backup
from tests.support import sample_counts

LINKEDIN = (
    "\ufeffNotes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    'are missing."\r\n'
    "\r\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    'Zoë,O\'Brien,https://www.linkedin.com/in/zoe-obrien,,"Acme, Inc.",Engineer,15 Mar 2024\r\n'
    ",,,,,,\r\n"
    "Kenji,Sato,https://www.linkedin.com/in/kenji-sato,not-an-email,Beta,PM,01 Feb 2023\r\n"
).encode()


def fieldwork_command() -> list[str]:
    """The installed `fieldwork` script beside this Python, else on PATH, else the module."""
    beside = Path(sys.executable).with_name("fieldwork")
    found = str(beside) if beside.exists() else shutil.which("fieldwork")
    return [found] if found else [sys.executable, "-m", "lib.cli"]


@pytest.fixture
def decoy(tmp_path) -> Path:
    """FIELDWORK_DB points here; --db must win, so this file must never appear."""
    return tmp_path / "decoy" / "not-this.db"


@pytest.fixture
def fieldwork(decoy):
    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        env = dict(os.environ, FIELDWORK_DB=str(decoy))  # FIELDWORK_TODAY from fixed_today
        env.pop("FIELDWORK_COACH", None)
        return subprocess.run(
            [*fieldwork_command(), *args],
            capture_output=True,
            text=True,
            env=env,
            input=stdin,
            timeout=120,
        )

    yield run
    assert not decoy.exists(), "--db did not override FIELDWORK_DB"


def test_help_says_what_each_subcommand_does_in_one_line(fieldwork):
    result = fieldwork("--help")
    assert result.returncode == 0
    lines = result.stdout.split("Commands:")[1].strip().splitlines()
    commands = {line.split()[0]: line for line in lines}
    assert set(commands) == {
        "run",
        "import",
        "import-messages",
        "export-vcard",
        "backup",
        "restore",
        "report",
        "digest",
        "calendar",
        "clients",
        "coach",
        "share",
    }
    assert all(not line.rstrip().endswith("...") for line in lines)


def test_import_json_dry_run_writes_nothing_then_import_writes(fieldwork, sample_db, tmp_path):
    source = tmp_path / "Connections.csv"
    source.write_bytes(LINKEDIN)
    data = store.file_path(sample_db)
    revision = store.data_revision(sample_db)

    dry = fieldwork("import", str(source), "--json", "--dry-run", "--db", data)

    assert dry.returncode == 0, dry.stderr
    assert json.loads(dry.stdout) == {
        "source": "linkedin",
        "counts": {"new": 2, "duplicate": 0, "skipped": 1, "warning": 1},
        "warnings": [],  # about the whole file (an uncertain encoding guess, say)
        "rows": [
            {"line": 5, "name": "Zoë O'Brien", "status": "new", "reason": "", "warnings": []},
            {"line": 6, "name": "", "status": "skipped", "reason": "Empty row.", "warnings": []},
            {
                "line": 7,
                "name": "Kenji Sato",
                "status": "new",
                "reason": "",
                "warnings": [dry_warning(dry.stdout)],
            },
        ],
    }
    assert "not-an-email" in dry_warning(dry.stdout)
    assert store.data_revision(sample_db) == revision
    assert sample_db["contacts"].count == sample_counts.CONTACTS

    done = fieldwork("import", str(source), "--db", data)
    assert done.returncode == 0, done.stderr
    names = {row["name"] for row in sample_db.query("SELECT name FROM contacts")}
    assert {"Zoë O'Brien", "Kenji Sato"} <= names and len(names) == sample_counts.CONTACTS + 2


def dry_warning(stdout: str) -> str:
    return json.loads(stdout)["rows"][2]["warnings"][0]


def test_a_file_it_cannot_read_exits_2_with_the_reason_on_stderr(fieldwork, db, tmp_path):
    data = store.file_path(db)
    missing = fieldwork("import", str(tmp_path / "nowhere.csv"), "--json", "--db", data)
    assert missing.returncode == 2
    assert "nowhere.csv" in missing.stderr and missing.stdout == ""

    binary = tmp_path / "photo.csv"
    binary.write_bytes(bytes(range(256)) * 8)
    not_text = fieldwork("import", str(binary), "--json", "--db", data)
    assert not_text.returncode == 2
    assert "not text" in not_text.stderr and not_text.stdout == ""
    assert db["contacts"].count == 0


def test_backup_then_restore_brings_the_data_back(fieldwork, sample_db, tmp_path):
    data = store.file_path(sample_db)
    saved = tmp_path / "saved.db"
    made = fieldwork("backup", str(saved), "--db", data)
    assert made.returncode == 0, made.stderr
    assert f"{sample_counts.CONTACTS} contacts" in made.stdout

    backup.clear_all(sample_db)
    declined = fieldwork("restore", str(saved), "--db", data, stdin="yes\n")
    assert declined.returncode == 1
    assert sample_db["contacts"].count == 0

    restored = fieldwork("restore", str(saved), "--db", data, stdin="RESTORE\n")
    assert restored.returncode == 0, restored.stderr
    assert backup.shown_counts(sample_db)["contacts"] == sample_counts.CONTACTS
    assert "before the restore is saved in" in restored.stdout
    assert list(tmp_path.glob("fieldwork-before-restore-*.db"))


def test_restore_refuses_a_file_that_is_not_a_backup(fieldwork, sample_db, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not a database")
    refused = fieldwork("restore", str(text), "--yes", "--db", store.file_path(sample_db))
    assert refused.returncode == 2
    assert "not an SQLite database" in refused.stderr
    assert sample_db["contacts"].count == sample_counts.CONTACTS


def test_report_writes_the_share_pages_report(fieldwork, sample_db, tmp_path):
    out = tmp_path / "week.html"
    result = fieldwork(
        "report", "--week", "2026-11-18", "--out", str(out), "--db", store.file_path(sample_db)
    )
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html")
    assert "16 Nov 2026" in page  # the week of Wednesday 18 November starts on Monday 16

    wrong = fieldwork("report", "--out", str(out), "--db", store.file_path(sample_db))
    assert wrong.returncode == 2 and "--week" in wrong.stderr


def test_export_vcard_writes_one_card_per_contact(fieldwork, sample_db, tmp_path):
    out = tmp_path / "contacts.vcf"
    result = fieldwork("export-vcard", str(out), "--db", store.file_path(sample_db))
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").count("BEGIN:VCARD") == sample_counts.CONTACTS


def test_run_starts_streamlit_on_app_py_for_the_chosen_file(fieldwork, tmp_path):
    chosen = tmp_path / "research.db"
    result = fieldwork("run", "--coach", "--db", str(chosen), "--show-command")
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    command = shown["command"]
    assert command[1:4] == ["-m", "streamlit", "run"] and command[4].endswith("app.py")
    assert command[-2:] == ["--", "--coach"]
    assert "--server.headless" not in command  # the browser opens for a person
    assert shown["db"] == str(chosen)
