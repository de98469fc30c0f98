"""Fixtures shared by every layer: a fresh migrated database, and one holding the sample."""

from datetime import date

import pytest

from lib import db as store
from lib.sample import load_sample

# The sample is built relative to this day, so tests on it are stable.
SAMPLE_TODAY = date(2026, 11, 25)  # a Wednesday


@pytest.fixture
def db(tmp_path):
    database = store.open_database(tmp_path / "fieldwork.db")
    yield database
    database.close()


@pytest.fixture
def sample_db(db):
    load_sample(db, today=SAMPLE_TODAY)
    return db
