"""Clients' share packages for the coach's tests: a folder of them, made from client files."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from lib import clients, store
from lib.sample import load_sample
from tests.support.days import TODAY

HOSTILE_NAME = "<script>alert(1)</script> **Bold** [link](http://evil.example)"


def client_file(folder: Path, stem: str, build: Callable | None = None) -> Path:
    """A client's own Fieldwork file, filled by build(db) (the sample when None)."""
    path = folder / f"{stem}.client.db"
    db = store.open_database(path)
    (build or (lambda d: load_sample(d, today=TODAY)))(db)
    db.close()
    return path


def make_package(
    folder: Path,
    client: str,
    build: Callable | None = None,
    made_days_ago: int = 0,
    stem: str | None = None,
) -> Path:
    """A share package of a client's file in folder, made made_days_ago days before TODAY."""
    stem = stem or client.split()[0].lower()
    work = folder / ".work"
    work.mkdir(exist_ok=True)
    source = client_file(work, stem, build)
    out = folder / f"{stem}{clients.PACKAGE_SUFFIX}"
    write_package(source, out, client)
    made = time.mktime((TODAY - timedelta(days=made_days_ago)).timetuple()) + 9 * 3600
    os.utime(out, (made, made))
    return out


def write_package(source: Path, out: Path, client: str) -> None:
    """The package of source at out (a plain copy until share packages exist)."""
    with sqlite3.connect(source) as reading, sqlite3.connect(out) as writing:
        reading.backup(writing)
        writing.execute("PRAGMA journal_mode = DELETE")
        writing.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES ('share_client_name', ?)",
            [client],
        )
    reading.close()
    writing.close()


def hostile_world(db) -> None:
    """A client whose contacts' names hold script and Markdown."""
    load_sample(db, today=TODAY)
    db["contacts"].update(1, {"name": HOSTILE_NAME})


def folder_of_clients(folder: Path, count: int = 3) -> list[Path]:
    """count packages of the sample, the first made 9 days ago (stale), the rest today."""
    names = ["Ana Ruiz", "Ben Okafor", "Chloe Martin", "Dev Patel", "Eva Novak"]
    made = []
    for index in range(count):
        name = names[index % len(names)] + ("" if index < len(names) else f" {index}")
        made.append(
            make_package(folder, name, made_days_ago=9 if index == 0 else 0, stem=f"client{index:02d}")
        )
    return made


def today_of(day: date = TODAY) -> date:
    """The day the packages are judged on."""
    return day
