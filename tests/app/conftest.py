"""AppTest fixtures: the real app.py, switched to one page, against a temporary database."""

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from lib import store
from lib.sample import load_sample
from tests.support import small_worlds
from tests.support.apptest import run_page
from tests.support.days import TODAY


@pytest.fixture(autouse=True)
def navigation_as_served(monkeypatch):
    """Run app.py on every rerun, as the server does once st.navigation has run.

    Before each run AppTest resets Streamlit's pages-directory flag, and since pages/ exists every
    run after the first would execute the page file alone, skipping app.py (the sidebar, the coach
    gate); `streamlit run` turns that flag off for good at the first st.navigation.
    """
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture(scope="session")
def component_registry():
    """Streamlit's registry of installed custom components, found once for the whole run."""
    from streamlit.components.v2.component_manager import BidiComponentManager

    registry = BidiComponentManager()
    registry.discover_and_register_components(start_file_watching=False)
    return registry


@pytest.fixture(autouse=True)
def components_found_once(monkeypatch, component_registry):
    """Every AppTest uses the one registry, as every session of a server does.

    Left alone, each new AppTest reads the metadata of every installed package to find custom
    components (about 0.15 s); the app uses none. The attribute is AppTest's own: if a later
    Streamlit drops it, each AppTest finds them itself again, only slower.
    """
    original = AppTest.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        if hasattr(self, "_bidi_component_manager"):
            self._bidi_component_manager = component_registry

    monkeypatch.setattr(AppTest, "__init__", init)


@pytest.fixture
def db_path(tmp_path, monkeypatch):
    path = tmp_path / "fieldwork.db"
    monkeypatch.setenv("FIELDWORK_DB", str(path))
    monkeypatch.delenv("FIELDWORK_COACH", raising=False)
    return path


@pytest.fixture
def sample_path(db_path):
    database = store.open_database(db_path)
    load_sample(database, today=TODAY)
    database.close()
    return db_path


@pytest.fixture
def open_page(db_path):
    """open_page('pages/contacts.py', contact='3') -> an AppTest that has run that page
    (tests.support.apptest.run_page, on the test's own data file)."""
    return run_page


@pytest.fixture
def board_path(db_path):
    """Amara recommended a book and a person; one item was added by hand."""
    return small_worlds.build_board(db_path)


@pytest.fixture
def due_path(db_path):
    """Ben talked with us yesterday; Amara has not answered an outreach from two weeks ago."""
    return small_worlds.build_due(db_path)
