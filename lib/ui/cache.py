"""Streamlit caching for derived data: lib results kept across reruns and sessions.

Each cached result is keyed by the data file, its data revision (lib.store.data_revision, bumped
by a trigger on every write to every user table) and the call's arguments. A write from any
session, tab or process changes the revision, so a cached result is never served stale; a
rerun with no write in between reuses it. The lib functions stay plain and uncached.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import sqlite_utils
import streamlit as st

from lib import store

MAX_ENTRIES = 256


def _call(function: Callable, db: sqlite_utils.Database, args) -> Any:
    positional, keywords = args
    return function(db, *positional, **dict(keywords))


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def _cached_call(
    _function: Callable, _db: sqlite_utils.Database, name: str, path: str, revision: str, args
) -> Any:
    # Underscored arguments are not hashed: name, path, revision and args make the key.
    return _call(_function, _db, args)


def _call_key(function: Callable, db: sqlite_utils.Database, args, kwargs) -> tuple | None:
    """(name, path, revision, arguments) for a cache, or None when nothing is safe to key on
    (a database in memory, or not migrated)."""
    path = store.file_path(db)
    revision = store.data_revision(db)
    if not path or not revision:
        return None
    name = f"{function.__module__}.{function.__qualname__}"
    return name, path, revision, (args, tuple(sorted(kwargs.items())))


def cached(function: Callable, db: sqlite_utils.Database, *args, **kwargs) -> Any:
    """function(db, *args, **kwargs), reused until the data in db's file changes.

    Each caller gets its own copy (Streamlit's cache_data unpickles the result on every read).
    """
    key = _call_key(function, db, args, kwargs)
    if key is None:
        return function(db, *args, **kwargs)
    return _cached_call(function, db, *key)


@st.cache_resource(max_entries=MAX_ENTRIES, show_spinner=False)
def _shared_call(
    _function: Callable, _db: sqlite_utils.Database, name: str, path: str, revision: str, args
) -> Any:
    return _call(_function, _db, args)


def shared(function: Callable, db: sqlite_utils.Database, *args, **kwargs) -> Any:
    """cached() without the copy: one result shared by every caller until the data changes.

    For large results read many times a run: copying a 10,000-name dict costs about 8 ms a
    read. Callers must not change what they get.
    """
    key = _call_key(function, db, args, kwargs)
    if key is None:
        return function(db, *args, **kwargs)
    return _shared_call(function, db, *key)


@st.cache_resource(max_entries=MAX_ENTRIES, show_spinner=False)
def _cached_figure(_chart: Callable, name: str, args, kwargs) -> Any:
    return _chart(*args, **dict(kwargs))


def figure(chart: Callable, *args, **kwargs) -> Any:
    """chart(*args, **kwargs), a Plotly figure built once per distinct input frame.

    Building and styling a figure costs tens of milliseconds in Plotly's validation; the
    frames it is built from are hashed by content, so an unchanged frame reuses its figure.
    The figure is shared, not copied: callers must not change it.
    """
    name = f"{chart.__module__}.{chart.__qualname__}"
    return _cached_figure(chart, name, args, tuple(sorted(kwargs.items())))


@st.cache_resource(show_spinner=False)
def _synced_followups() -> dict[str, tuple[str, date]]:
    # Per server process: file path -> (its data revision just after our last sync, that today).
    return {}


def sync_followups(db: sqlite_utils.Database, today: date) -> bool:
    """followups.sync_tasks(db, today) unless it already ran here on this data and this day.

    A sync that changes nothing fires no trigger, so the data revision it leaves behind stays
    put until someone writes (any session, tab or process) or the day turns; until then a rerun
    skips the write transaction and its scans. True when the sync ran. Errors pass through,
    and a failed sync is not remembered (the next run tries again).
    """
    from lib import followups

    path = store.file_path(db)
    memo = _synced_followups()
    if path and memo.get(path) == (store.data_revision(db), today):
        return False
    with store.write(db):  # the revision read inside: a write by another process comes after
        followups.sync_tasks(db, today)
        revision = store.data_revision(db)
    if path and revision:
        memo[path] = (revision, today)
    return True
