"""Every page of the coach's Fieldwork opens on a client's package, read-only: no exception,
the package's bytes unchanged, and the coach's own data file never created."""

import hashlib

import pytest

from lib.ui.pages import over_a_folder
from tests.support import client_packages
from tests.support.apptest import button, run_page

PAGES = [spec.path for spec in over_a_folder() if spec.path != "pages/clients.py"]


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("packages")
    client_packages.folder_of_clients(folder, 1)
    return folder


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_on_the_package_read_only(packages, page, monkeypatch, db_path):
    monkeypatch.setenv("FIELDWORK_COACH_FOLDER", str(packages))
    package = next(packages.glob("*.fieldwork-share"))
    before = hashlib.sha256(package.read_bytes()).hexdigest()
    at = run_page("pages/clients.py")
    button(at, "Open").click().run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not [e.value for e in at.error], page
    assert hashlib.sha256(package.read_bytes()).hexdigest() == before
    assert not db_path.exists()  # the coach's own data file is never opened or made


def test_the_coachs_own_file_pages_are_left_out():
    assert "pages/data.py" not in PAGES and "pages/import_contacts.py" not in PAGES
    assert "pages/review.py" in PAGES and len(PAGES) >= 10
