"""Keeping a share package in a folder: choices in settings, the passphrase in the keyring, a
refresh once a day before the first write and on request."""

import os
from datetime import datetime, time

import keyring
import pytest
from keyring.backends.fail import Keyring as NoKeyring

from lib import share_folder, store
from lib.formats import sealed
from lib.formats.share_package import PackageError, open_package, read_manifest
from tests.support import sample_counts
from tests.support.days import TODAY
from tests.support.keyrings import FileKeyring
from tests.support.share_packages import PRIVATE_MARKERS, private_world


@pytest.fixture
def ring(tmp_path):
    previous = keyring.get_keyring()
    backend = FileKeyring(tmp_path / "keyring.json")
    keyring.set_keyring(backend)
    share_folder.forget_checks()
    yield backend
    keyring.set_keyring(previous)
    share_folder.forget_checks()


@pytest.fixture
def client(tmp_path, ring):
    db = store.open_database(private_world(tmp_path / "client.db"))
    yield db
    db.close()


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "Dropbox" / "Coach"
    path.mkdir(parents=True)
    return path


def one_write(db):
    with store.write(db):
        db["weekly_reviews"].upsert({"week_start": "2026-11-23", "learned": "x"}, pk="week_start")
    share_folder.wait_for_refresh()  # the refresh runs beside the save, not before it


def test_keeping_writes_the_package_in_the_folder_now(client, folder):
    manifest = share_folder.keep_in_folder(client, str(folder), client_name="Ada Researcher")
    kept = share_folder.read_settings(client)
    assert kept.package_path == folder / "ada-researcher.fieldwork-share"
    assert read_manifest(kept.package_path)["client_name"] == manifest["client_name"]
    assert sorted(p.name for p in folder.iterdir()) == ["ada-researcher.fieldwork-share"]


def test_a_sealed_folder_copy_keeps_its_passphrase_in_the_keyring_never_in_a_file(
    client, folder, ring, tmp_path
):
    share_folder.keep_in_folder(
        client, str(folder), client_name="Ada", encrypted=True, passphrase="folder passphrase"
    )
    package = share_folder.read_settings(client).package_path
    assert sealed.is_sealed(package.read_bytes())
    assert open_package(package, "folder passphrase")["contacts"].count == sample_counts.CONTACTS
    assert ring.get_password("fieldwork", share_folder.KEYRING_USER) == "folder passphrase"
    data_file = store.file_path(client)
    client.close()
    for path in tmp_path.rglob("*"):
        if path.is_file() and path != ring.path:
            assert b"folder passphrase" not in path.read_bytes(), path
    assert data_file


def test_refresh_before_the_days_first_write_then_not_again(client, folder):
    share_folder.keep_in_folder(client, str(folder), client_name="Ada")
    package = share_folder.read_settings(client).package_path
    yesterday = datetime.combine(TODAY, time(9)).timestamp() - 86400
    os.utime(package, (yesterday, yesterday))
    share_folder.forget_checks()
    one_write(client)
    assert package.stat().st_mtime > yesterday  # refreshed
    os.utime(package, (yesterday, yesterday))
    one_write(client)
    assert package.stat().st_mtime == yesterday  # once a day: not again


def test_no_refresh_when_the_package_was_made_today(client, folder):
    share_folder.keep_in_folder(client, str(folder), client_name="Ada")
    package = share_folder.read_settings(client).package_path
    today_nine = datetime.combine(TODAY, time(9)).timestamp()
    os.utime(package, (today_nine, today_nine))
    share_folder.forget_checks()
    one_write(client)
    assert package.stat().st_mtime == today_nine


def test_the_refreshed_package_holds_the_days_changes_and_nothing_private(client, folder):
    share_folder.keep_in_folder(client, str(folder), client_name="Ada")
    with store.write(client):
        client["paths"].insert({"name": "Brand new path"})
    share_folder.refresh(client)
    package = share_folder.read_settings(client).package_path
    assert open_package(package)["paths"].count == client["paths"].count
    data = package.read_bytes()
    assert not any(marker.encode() in data for marker in PRIVATE_MARKERS.values())


def test_a_lost_passphrase_never_means_an_unsealed_package(client, folder, ring):
    share_folder.keep_in_folder(
        client, str(folder), client_name="Ada", encrypted=True, passphrase="folder passphrase"
    )
    package = share_folder.read_settings(client).package_path
    ring.delete_password("fieldwork", share_folder.KEYRING_USER)
    with pytest.raises(PackageError, match="no longer in the system keyring"):
        share_folder.refresh(client)
    share_folder.forget_checks()
    one_write(client)  # the hook gives up quietly: the save is made
    assert sealed.is_sealed(package.read_bytes())
    assert client["weekly_reviews"].count >= 1


def test_no_keyring_on_the_machine_gets_a_plain_message(client, folder):
    keyring.set_keyring(NoKeyring())
    with pytest.raises(PackageError, match="no system keyring"):
        share_folder.keep_in_folder(
            client, str(folder), client_name="Ada", encrypted=True, passphrase="folder passphrase"
        )
    assert share_folder.read_settings(client).package_path is None
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    ("typed", "problem"),
    [("", "Type the folder"), ("relative/path", "whole path"), ("/no/such/folder", "no folder")],
)
def test_a_bad_folder_is_explained(client, typed, problem):
    with pytest.raises(PackageError, match=problem):
        share_folder.keep_in_folder(client, typed, client_name="Ada")
    assert share_folder.read_settings(client).folder is None


def test_stop_keeping_leaves_the_package_and_forgets_the_passphrase(client, folder, ring):
    share_folder.keep_in_folder(
        client, str(folder), client_name="Ada", encrypted=True, passphrase="folder passphrase"
    )
    left = share_folder.stop_keeping(client)
    assert left.exists()
    assert share_folder.read_settings(client).folder is None
    assert ring.get_password("fieldwork", share_folder.KEYRING_USER) is None


def test_folder_settings_never_travel_in_the_package(client, folder):
    share_folder.keep_in_folder(client, str(folder), client_name="Ada")
    package = share_folder.read_settings(client).package_path
    keys = {row[0] for row in open_package(package).execute("SELECT key FROM settings")}
    assert not keys & set(share_folder.KEYS)
    assert str(folder).encode() not in package.read_bytes()


def test_passphrase_rules():
    assert "at least" in share_folder.passphrase_problem("short")
    assert "differ" in share_folder.passphrase_problem("long enough", "long enougj")
    assert share_folder.passphrase_problem("long enough", "long enough") == ""


def test_a_home_folder_of_no_user_is_said_in_words():
    assert "no home folder for ~nosuchuser9x" in share_folder.folder_problem("~nosuchuser9x/Coach")
