"""Clients' share packages for the coach's tests: a folder of them, made from client files."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from lib import clients, clock, store
from lib.formats import share_package
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
    passphrase: str | None = None,
) -> Path:
    """A share package of a client's file in folder, made made_days_ago days before TODAY."""
    stem = stem or client.split()[0].lower()
    work = folder / ".work"
    work.mkdir(exist_ok=True)
    source = client_file(work, stem, build)
    out = folder / f"{stem}{clients.PACKAGE_SUFFIX}"
    before = os.environ.get(clock.TODAY_ENV_VAR)
    os.environ[clock.TODAY_ENV_VAR] = (TODAY - timedelta(days=made_days_ago)).isoformat()
    db = store.open_database(source)
    try:
        share_package.write_package(db, out, client_name=client, passphrase=passphrase)
    finally:
        db.close()
        if before is None:
            os.environ.pop(clock.TODAY_ENV_VAR, None)
        else:
            os.environ[clock.TODAY_ENV_VAR] = before
    return out


def hostile_world(db) -> None:
    """A client whose contacts' names hold script and Markdown."""
    load_sample(db, today=TODAY)
    db["contacts"].update(1, {"name": HOSTILE_NAME})


def folder_of_clients(folder: Path, count: int = 3) -> list[Path]:
    """count packages of the sample, each its own seed and rhythm; the first made 9 days ago
    (stale) and least active, the rest made today with more recent activity."""
    names = ["Ana Ruiz", "Ben Okafor", "Chloe Martin", "Dev Patel", "Eva Novak"]
    shifts = [0, 21, 28, 14, 24]  # days the sample's story runs past TODAY (later: busier now)
    made = []
    for index in range(count):
        name = names[index % len(names)] + ("" if index < len(names) else f" {index}")
        shift = shifts[index % len(shifts)]

        def build(db, shift=shift, seed=7 + index):
            load_sample(db, today=TODAY + timedelta(days=shift), seed=seed)

        made.append(
            make_package(
                folder,
                name,
                build,
                made_days_ago=9 if index == 0 else 0,
                stem=f"client{index:02d}",
            )
        )
    return made
