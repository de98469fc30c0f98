"""A data file that cannot be written, is damaged or newer, or a store error mid-save.

Every page opens calmly: the data is shown read-only with a banner saying why, or a plain
message says what happened and what to do; never a traceback, and nothing typed is lost.
"""

import hashlib
import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib import store
from tests.support.apptest import button, run_page
from tests.support.pages import PAGE_FILES

ROOT = Path(__file__).resolve().parents[2]
PAGES = PAGE_FILES


def messages(at: AppTest) -> str:
    """Every warning and error the page shows, as one text."""
    return "\n".join(str(e.value) for e in [*at.warning, *at.error])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_beside(path: Path) -> dict[str, str]:
    """The data file's own bytes and those of its -wal, if any (what a write would change)."""
    found = {path.name: digest(path)}
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size:
        found[wal.name] = digest(wal)
    return found


# ---------------------------------------------------------------- a read-only file


@pytest.fixture
def read_only_file(sample_path, monkeypatch):
    # Tests run as root, who may write anything; the OS's answer is what Fieldwork asks.
    monkeypatch.setattr(store.files, "writable_file", lambda path: False)
    return sample_path


@pytest.mark.parametrize("page", PAGES)
def test_a_read_only_file_opens_every_page_read_only_with_the_reason(read_only_file, page):
    before = files_beside(read_only_file)
    at = run_page(page)
    assert "read-only" in messages(at)
    assert not [b for b in at.button if b.label in ("Save contact", "Load the sample")]
    assert files_beside(read_only_file) == before


@pytest.fixture
def immutable_file(sample_path):
    """The data file made unwritable for everyone, root included (chattr +i), if possible."""
    import shutil
    import subprocess

    if not shutil.which("chattr"):
        pytest.skip("chattr is not available")
    if subprocess.run(["chattr", "+i", str(sample_path)], capture_output=True).returncode:
        pytest.skip("this file system cannot make a file immutable")
    yield sample_path
    subprocess.run(["chattr", "-i", str(sample_path)], check=True)


def test_a_file_the_os_refuses_to_write_opens_read_only_not_with_a_failed_sync(immutable_file):
    # No stand-in here: the OS itself refuses, as for a non-root user and a chmod 444 file.
    before = files_beside(immutable_file)
    for page in ("pages/home.py", "pages/contacts.py"):
        at = run_page(page)
        assert "read-only" in messages(at)
    assert files_beside(immutable_file) == before


# ---------------------------------------------------------------- a store error mid-save


def text_box(at: AppTest, label: str):
    return next(t for t in [*at.text_input, *at.text_area] if t.label == label)


def test_a_save_that_meets_a_locked_file_says_so_and_keeps_what_was_typed(db_path, monkeypatch):
    monkeypatch.setattr(store.connection, "BUSY_TIMEOUT_MS", 300)  # wait 0.3 s for the lock, not 5
    at = run_page("pages/contacts.py")
    text_box(at, "Name *").input("Ada Lovelace")
    text_box(at, "Role").input("Analyst")
    other = sqlite3.connect(db_path, isolation_level=None)  # another program, mid-save
    other.execute("BEGIN IMMEDIATE")
    try:
        button(at, "Save contact").click()
        at.run()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert not at.exception, [e.value for e in at.exception]
    assert "Not saved" in messages(at) and "busy" in messages(at)
    assert text_box(at, "Name *").value == "Ada Lovelace"
    assert text_box(at, "Role").value == "Analyst"
    button(at, "Save contact").click()  # the lock is gone: the same typing saves
    at.run()
    assert not at.exception
    database = store.connect(db_path)
    assert [row["name"] for row in database["contacts"].rows] == ["Ada Lovelace"]
    database.close()


def test_adding_a_path_while_the_file_is_locked_says_so_and_keeps_the_name(db_path, monkeypatch):
    monkeypatch.setattr(store.connection, "BUSY_TIMEOUT_MS", 300)
    at = run_page("pages/paths.py")
    text_box(at, "Name").input("Clinical informatics")
    other = sqlite3.connect(db_path, isolation_level=None)  # another program, mid-save
    other.execute("BEGIN IMMEDIATE")
    try:
        button(at, "Add path").click()
        at.run()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert not at.exception, [e.value for e in at.exception]
    assert "Not saved" in messages(at) and "busy" in messages(at)
    assert text_box(at, "Name").value == "Clinical informatics"


def test_a_store_error_in_a_schedule_save_is_said_plainly_and_keeps_the_place(
    sample_path, monkeypatch
):
    from lib import schedule

    def fail(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(schedule, "schedule", fail)
    at = run_page("pages/contacts.py", contact=1)
    text_box(at, "Place or video link").input("Café on Main St")
    button(at, "Schedule it").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Not saved" in messages(at) and "disk" in messages(at)
    assert text_box(at, "Place or video link").value == "Café on Main St"


@pytest.mark.parametrize(
    "error, said",
    [
        (sqlite3.OperationalError("database or disk is full"), "disk"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "read-only"),
        (sqlite3.DatabaseError("database disk image is malformed"), "damaged"),
    ],
    ids=["disk full", "read-only", "malformed"],
)
def test_a_store_error_in_a_conversation_save_is_said_plainly(
    sample_path, monkeypatch, error, said
):
    from lib import conversations

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(conversations, "save_conversation", fail)
    at = run_page("pages/conversations.py", contact=1)
    text_box(at, "Notes").input("She said grant writing is half the job.")
    button(at, "Save conversation").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Not saved" in messages(at) and said in messages(at)
    assert text_box(at, "Notes").value == "She said grant writing is half the job."


def test_a_store_error_no_page_caught_is_said_plainly_not_as_a_traceback(sample_path, monkeypatch):
    from lib import board

    def fail(*args, **kwargs):
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(board, "count_items", fail)
    at = run_page("pages/board.py")
    assert "damaged" in messages(at) and "Your data" in messages(at)


# ---------------------------------------------------------------- a newer, older or damaged file


def test_a_newer_file_is_shown_read_only_and_a_save_there_writes_nothing(sample_path):
    database = store.connect(sample_path)
    database.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('fieldwork', 'm099_from_a_newer_fieldwork', '2027-01-01')"
    )
    database.close()
    before = files_beside(sample_path)
    for page in ("pages/home.py", "pages/contacts.py"):
        at = run_page(page)
        assert "m099_from_a_newer_fieldwork" in messages(at)
        assert store.known_migrations()[-1] in messages(at)
    at = run_page("pages/review.py")
    assert not at.exception, [e.value for e in at.exception]
    # Read-only, the review offers no box to paste a coach's comment into (it could not be
    # kept); the comments read from a coach file are still shown.
    assert "Save comment" not in [b.label for b in at.button]
    assert files_beside(sample_path) == before


def test_coach_mode_on_an_older_file_asks_for_one_normal_opening_and_writes_nothing(
    db_path, monkeypatch
):
    old = store.connect(db_path)
    store.migrate(old, stop_before="m006_data_revision_and_read_indexes")
    old["contacts"].insert({"name": "Ada"})
    old.close()
    monkeypatch.setenv("FIELDWORK_COACH", "1")
    before = files_beside(db_path)
    for page in ("pages/home.py", "pages/contacts.py"):
        at = run_page(page)
        assert "open it once in normal mode" in messages(at)
    assert files_beside(db_path) == before


@pytest.fixture
def damaged_file(sample_path):
    import random

    raw = bytearray(sample_path.read_bytes())
    page_size = int.from_bytes(raw[16:18], "big")
    page = len(raw) // page_size // 2
    raw[page * page_size : (page + 1) * page_size] = random.Random(7).randbytes(page_size)
    sample_path.write_bytes(bytes(raw))
    return sample_path


@pytest.mark.parametrize("page", PAGES)
def test_a_damaged_file_gets_a_clear_message_on_every_page(damaged_file, page):
    at = run_page(page)
    assert "damaged" in messages(at)


def test_search_on_a_damaged_file_says_so_instead_of_raising(damaged_file):
    at = run_page("pages/search.py")
    at.text_input[0].input("grant")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "damaged" in messages(at)


@pytest.mark.parametrize(
    "error, said, read_only",
    [
        (sqlite3.OperationalError("attempt to write a readonly database"), "read-only", True),
        (sqlite3.OperationalError("database is locked"), "busy", False),
    ],
    ids=["read-only", "locked"],
)
def test_the_follow_up_sync_at_session_start_never_stops_a_page(
    sample_path, monkeypatch, error, said, read_only
):
    from lib import followups

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(followups, "sync_tasks", fail)
    at = run_page("pages/home.py")  # the session opens the file here
    assert said in messages(at)
    at.switch_page("pages/contacts.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    at.session_state["contacts_add_open"] = True  # "Add a contact" opened: its form is built
    at.run()
    assert bool([b for b in at.button if b.label == "Save contact"]) != read_only
