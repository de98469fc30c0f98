"""Share packages for tests: a data file full of private markers, and hostile packages made by
hand from real packages (an extra trigger, a view, an unknown table, an older schema step)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from lib import store
from lib.formats import share_package
from lib.sample import load_sample
from tests.support.days import TODAY

# Each marker is a word that appears nowhere else, so finding it in any byte means a leak.
PRIVATE_MARKERS = {
    "contact_private_notes": "QZPRIVCONTACTNOTE",
    "conversation_private_notes": "QZPRIVCONVONOTE",
    "full_text": "QZPRIVFULLTEXT",
    "source_key": "QZPRIVSOURCEKEY",
    "email": "qzprivemail@example.org",
    "phone": "+1 555 0199 4242",
    "settings_secret": "QZPRIVSMTPPASSWORD",
    "own_address": "qzprivown@example.org",
    "import_file": "QZPRIVIMPORTFILE",
}
PUBLIC_MARKER = "QZPUBLICHOOK"


def private_world(path: Path) -> Path:
    """The sample, then a private marker in every place that must never leave the machine."""
    db = store.open_database(path)
    load_sample(db, today=TODAY)
    marks = PRIVATE_MARKERS
    with store.write(db):
        db.execute(
            "UPDATE contacts SET private_notes = ?, email = ?, phone = ?, hook = ?",
            [marks["contact_private_notes"], marks["email"], marks["phone"], PUBLIC_MARKER],
        )
        db.execute(
            "UPDATE conversations SET private_notes = ?", [marks["conversation_private_notes"]]
        )
        db.execute(
            "UPDATE interactions SET full_text = ?, source = 'mail', source_key = ? || id",
            [marks["full_text"], marks["source_key"]],
        )
        db["settings"].upsert_all(
            [
                {"key": "smtp_password", "value": marks["settings_secret"]},
                {"key": "own_addresses", "value": f'["{marks["own_address"]}"]'},
                {"key": share_package.DISPLAY_NAME_KEY, "value": "Ada Researcher"},
            ],
            pk="key",
        )
        db["imports"].insert(
            {
                "file_name": marks["import_file"] + ".csv",
                "source": "csv",
                "file_hash": "abc",
                "tag": "imported",
            }
        )
    db.close()
    return path


def plain_copy(package: Path, target: Path) -> Path:
    """An unsealed package copied to target, for changing by hand."""
    target.write_bytes(package.read_bytes())
    return target


def change(package: Path, *statements: str) -> Path:
    """Run statements on a package file, as someone hostile with sqlite3 would."""
    conn = sqlite3.connect(package)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()
    return package


def older_package(target: Path, step: str, client_name: str = "Older Client") -> Path:
    """A package as a Fieldwork that stopped at schema step `step` would have made it."""
    conn = sqlite3.connect(":memory:")
    conn.deserialize(share_package._reference(step))
    disk = sqlite3.connect(target)
    conn.backup(disk)
    conn.close()
    disk.execute("DELETE FROM questions")
    disk.execute(share_package.MANIFEST_SQL)
    disk.execute(
        "INSERT INTO share_manifest VALUES (1, 1, ?, '2026-11-20T08:00:00Z', ?, NULL, NULL, "
        "'0.0.9', 0)",
        [client_name, step],
    )
    disk.execute("INSERT INTO contacts (name) VALUES ('Older Contact')")
    disk.commit()
    disk.close()
    return target
