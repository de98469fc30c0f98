"""Share with your coach: making a share package to download, and keeping one in a folder."""

import keyring
import pytest

from lib import share_folder, store
from lib.formats import sealed
from lib.formats.share_package import open_package, read_manifest
from lib.text import markdown_escape
from tests.support import sample_counts
from tests.support.apptest import button, markdown_text
from tests.support.keyrings import FileKeyring
from tests.support.share_packages import PRIVATE_MARKERS, private_world

PAGE = "pages/share.py"
INJECTION = "<script>alert('x')</script> **Eve** [link](javascript:alert(1)) :red[x]"


@pytest.fixture
def client_path(db_path):
    return private_world(db_path)


@pytest.fixture
def ring(tmp_path):
    previous = keyring.get_keyring()
    backend = FileKeyring(tmp_path / "keyring.json")
    keyring.set_keyring(backend)
    share_folder.forget_checks()
    yield backend
    keyring.set_keyring(previous)
    share_folder.forget_checks()


def built(at):
    return at.session_state["share_package_built"]


def test_make_a_package_to_download_with_nothing_private(open_page, client_path, tmp_path):
    at = open_page(PAGE)
    assert at.text_input(key="share_package_name").value == "Ada Researcher"
    button(at, "Make the package").click().run()
    assert not at.exception
    _, data, file_name, manifest = built(at)
    assert file_name.startswith("fieldwork-share-ada-researcher-") and file_name.endswith(
        ".fieldwork-share"
    )
    assert not any(marker.encode() in data for marker in PRIVATE_MARKERS.values())
    package = tmp_path / file_name
    package.write_bytes(data)
    assert read_manifest(package)["client_name"] == "Ada Researcher"
    assert "No private notes" in markdown_text(at)
    assert [b for b in at.get("download_button") if "share package" in b.proto.label]


def test_contact_details_tick_puts_them_in(open_page, client_path):
    at = open_page(PAGE)
    at.checkbox(key="share_package_details").check().run()
    button(at, "Make the package").click().run()
    _, data, _, manifest = built(at)
    assert manifest["include_contact_details"] is True
    assert PRIVATE_MARKERS["email"].encode() in data


def test_a_passphrase_seals_it(open_page, client_path, tmp_path):
    at = open_page(PAGE)
    at.text_input(key="share_package_passphrase").input("a good passphrase")
    at.text_input(key="share_package_passphrase_again").input("a good passphrase").run()
    button(at, "Make the package").click().run()
    _, data, file_name, manifest = built(at)
    assert manifest["encrypted"] and sealed.is_sealed(data)
    package = tmp_path / file_name
    package.write_bytes(data)
    assert open_package(package, "a good passphrase")["contacts"].count == sample_counts.CONTACTS
    assert "sealed with your passphrase" in markdown_text(at)


def test_passphrases_that_differ_are_explained_and_nothing_is_made(open_page, client_path):
    at = open_page(PAGE)
    at.text_input(key="share_package_passphrase").input("a good passphrase")
    at.text_input(key="share_package_passphrase_again").input("a good passphrasf").run()
    assert any("differ" in w.value for w in at.warning)
    assert button(at, "Make the package").disabled
    assert at.text_input(key="share_package_passphrase").value == "a good passphrase"


def test_changing_a_choice_asks_to_make_it_again(open_page, client_path):
    at = open_page(PAGE)
    button(at, "Make the package").click().run()
    at.checkbox(key="share_package_details").check().run()
    assert any("make the package again" in c.value for c in at.caption)


def test_an_injected_name_is_shown_as_text(open_page, client_path):
    at = open_page(PAGE)
    at.text_input(key="share_package_name").input(INJECTION).run()
    button(at, "Make the package").click().run()
    assert not at.exception
    summary = [m for m in at.markdown if "No private notes" in m.value][0]
    assert markdown_escape(INJECTION) in summary.value
    assert "<script>" not in summary.value and "](javascript" not in summary.value
    assert not summary.proto.allow_html
    db = store.connect(client_path, mode="read")
    assert share_folder.display_name(db) == INJECTION  # saved as typed, shown as text
    db.close()


def test_keep_in_a_folder_refresh_and_stop(open_page, client_path, tmp_path, ring):
    folder = tmp_path / "Shared"
    folder.mkdir()
    at = open_page(PAGE)
    at.text_input(key="share_folder_path").input(str(folder)).run()
    button(at, "Keep a package in this folder").click().run()
    assert not at.exception
    package = folder / "ada-researcher.fieldwork-share"
    assert read_manifest(package)["client_name"] == "Ada Researcher"
    assert any("Kept as" in i.value and "last made" in i.value for i in at.info)
    assert any("in the folder" in s.value for s in at.success)
    package.unlink()
    button(at, "Refresh it now").click().run()
    assert package.exists()
    button(at, "Stop keeping it there").click().run()
    assert not at.exception
    assert package.exists()  # the last package stays for the coach
    db = store.connect(client_path, mode="read")
    assert share_folder.read_settings(db).folder is None
    db.close()


def test_keep_a_sealed_package_in_a_folder(open_page, client_path, tmp_path, ring):
    folder = tmp_path / "Shared"
    folder.mkdir()
    at = open_page(PAGE)
    at.text_input(key="share_package_passphrase").input("folder passphrase")
    at.text_input(key="share_package_passphrase_again").input("folder passphrase")
    at.text_input(key="share_folder_path").input(str(folder)).run()
    button(at, "Keep a package in this folder").click().run()
    package = folder / "ada-researcher.fieldwork-share"
    assert sealed.is_sealed(package.read_bytes())
    assert ring.get_password("fieldwork", share_folder.KEYRING_USER) == "folder passphrase"
    assert any("sealed with a passphrase" in i.value for i in at.info)


def test_a_missing_folder_is_explained_and_what_was_typed_stays(open_page, client_path, tmp_path):
    at = open_page(PAGE)
    typed = str(tmp_path / "not-there")
    at.text_input(key="share_folder_path").input(typed).run()
    button(at, "Keep a package in this folder").click().run()
    assert not at.exception
    assert any("There is no folder" in e.value for e in at.error)
    assert at.text_input(key="share_folder_path").value == typed


def test_coach_mode_shows_no_package_controls(open_page, client_path, monkeypatch):
    monkeypatch.setenv("FIELDWORK_COACH", "1")
    at = open_page(PAGE)
    assert not [t for t in at.text_input if t.key and t.key.startswith("share_package")]
    assert not [b for b in at.button if b.label == "Make the package"]
    assert any("made by the researcher" in c.value for c in at.caption)


def test_a_sealed_folder_copy_stays_sealed_when_the_box_is_left_empty(
    open_page, client_path, tmp_path, ring
):
    folder = tmp_path / "Shared"
    folder.mkdir()
    at = open_page(PAGE)
    at.text_input(key="share_package_passphrase").input("folder passphrase")
    at.text_input(key="share_package_passphrase_again").input("folder passphrase")
    at.text_input(key="share_folder_path").input(str(folder)).run()
    button(at, "Keep a package in this folder").click().run()
    fresh = open_page(PAGE)  # a new session: the passphrase boxes are empty
    assert any("stays sealed" in c.value for c in fresh.caption)
    button(fresh, "Keep a package in this folder").click().run()
    assert not fresh.exception
    package = folder / "ada-researcher.fieldwork-share"
    assert sealed.is_sealed(package.read_bytes())
    assert open_package(package, "folder passphrase")["contacts"].count == sample_counts.CONTACTS
