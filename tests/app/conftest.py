"""AppTest fixtures: the real app.py, switched to one page, against a temporary database."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib import db as store
from lib.sample import load_sample
from tests.conftest import SAMPLE_TODAY

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def db_path(tmp_path, monkeypatch):
    path = tmp_path / "fieldwork.db"
    monkeypatch.setenv("FIELDWORK_DB", str(path))
    monkeypatch.delenv("FIELDWORK_COACH", raising=False)
    return path


@pytest.fixture
def sample_path(db_path):
    database = store.open_database(db_path)
    load_sample(database, today=SAMPLE_TODAY)
    database.close()
    return db_path


@pytest.fixture
def open_page(db_path):
    """open_page('pages/contacts.py', contact='3') -> an AppTest that has run that page."""

    def run(page: str, **query_params) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        for key, value in query_params.items():
            at.query_params[key] = str(value)
        at.run()
        if page != "pages/home.py":
            at.switch_page(page)
            at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return run
