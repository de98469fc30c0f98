"""Streamlit caching for derived data: lib results kept across reruns and sessions.

Each cached result is keyed by the data file, its data revision (lib.db.data_revision, bumped
by a trigger on every write to every user table) and the call's arguments. A write from any
session, tab or process changes the revision, so a cached result is never served stale; a
rerun with no write in between reuses it. The lib functions stay plain and uncached.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlite_utils
import streamlit as st

from lib import db as store

MAX_ENTRIES = 256


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def _cached_call(
    _function: Callable, _db: sqlite_utils.Database, name: str, path: str, revision: str, args
) -> Any:
    # Underscored arguments are not hashed: name, path, revision and args make the key.
    positional, keywords = args
    return _function(_db, *positional, **dict(keywords))


def cached(function: Callable, db: sqlite_utils.Database, *args, **kwargs) -> Any:
    """function(db, *args, **kwargs), reused until the data in db's file changes."""
    path = store.file_path(db)
    revision = store.data_revision(db)
    if not path or not revision:  # in memory, or not migrated: nothing safe to key on
        return function(db, *args, **kwargs)
    name = f"{function.__module__}.{function.__qualname__}"
    return _cached_call(function, db, name, path, revision, (args, tuple(sorted(kwargs.items()))))


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
