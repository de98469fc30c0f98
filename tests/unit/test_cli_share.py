"""`fieldwork share` through the real entry point, in a subprocess, on a temporary data file."""

import os
import subprocess
import sys

import pytest

from lib import store
from lib.formats import sealed
from lib.formats.share_package import open_package, read_manifest
from lib.share_folder import PASSPHRASE_ENV_VAR
from tests.support import sample_counts
from tests.support.share_packages import PRIVATE_MARKERS, private_world


def share(*args: str, env: dict | None = None, stdin: str = "") -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in (PASSPHRASE_ENV_VAR, "FIELDWORK_COACH")
    }
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "lib.cli", "share", *args],
        capture_output=True,
        text=True,
        env=environment,
        input=stdin,
        timeout=120,
    )


@pytest.fixture
def client_file(tmp_path):
    return private_world(tmp_path / "client.db")


def test_share_writes_a_package_without_prompting(client_file, tmp_path):
    out = tmp_path / "ada.fieldwork-share"
    result = share("--out", str(out), "--db", str(client_file), "--name", "Ada R")
    assert result.returncode == 0, result.stderr
    assert "Saved a share package for Ada R" in result.stdout and str(out) in result.stdout
    manifest = read_manifest(out)
    assert manifest["client_name"] == "Ada R" and not manifest["include_contact_details"]
    data = out.read_bytes()
    assert not any(marker.encode() in data for marker in PRIVATE_MARKERS.values())


def test_the_saved_display_name_is_the_default(client_file, tmp_path):
    out = tmp_path / "named.fieldwork-share"
    result = share("--out", str(out), "--db", str(client_file))
    assert result.returncode == 0, result.stderr
    assert read_manifest(out)["client_name"] == "Ada Researcher"


def test_contact_details_when_asked(client_file, tmp_path):
    out = tmp_path / "details.fieldwork-share"
    result = share("--out", str(out), "--db", str(client_file), "--include-contact-details")
    assert result.returncode == 0, result.stderr
    assert PRIVATE_MARKERS["email"].encode() in out.read_bytes()
    assert read_manifest(out)["include_contact_details"] is True


def test_encrypt_takes_the_passphrase_from_the_environment(client_file, tmp_path):
    out = tmp_path / "sealed.fieldwork-share"
    result = share(
        "--out",
        str(out),
        "--db",
        str(client_file),
        "--encrypt",
        env={PASSPHRASE_ENV_VAR: "a long passphrase"},
    )
    assert result.returncode == 0, result.stderr
    assert "sealed with a passphrase" in result.stdout
    assert sealed.is_sealed(out.read_bytes())
    assert open_package(out, "a long passphrase")["contacts"].count == sample_counts.CONTACTS


def test_encrypt_prompts_twice_when_no_variable_is_set(client_file, tmp_path):
    out = tmp_path / "typed.fieldwork-share"
    result = share(
        "--out",
        str(out),
        "--db",
        str(client_file),
        "--encrypt",
        stdin="typed passphrase\ntyped passphrase\n",
    )
    assert result.returncode == 0, result.stderr
    assert open_package(out, "typed passphrase")["contacts"].count == sample_counts.CONTACTS


def test_encrypt_without_a_passphrase_fails_with_one_line(client_file, tmp_path):
    out = tmp_path / "none.fieldwork-share"
    result = share("--out", str(out), "--db", str(client_file), "--encrypt", stdin="")
    assert result.returncode == 2
    assert "no package was written" in result.stderr.strip().splitlines()[-1]
    assert not out.exists()


def test_a_short_passphrase_is_refused(client_file, tmp_path):
    out = tmp_path / "short.fieldwork-share"
    result = share(
        "--out", str(out), "--db", str(client_file), "--encrypt", env={PASSPHRASE_ENV_VAR: "abc"}
    )
    assert result.returncode == 2 and "at least 8 characters" in result.stderr
    assert not out.exists()


def test_a_missing_data_file_is_not_created(tmp_path):
    missing = tmp_path / "missing.db"
    result = share(
        "--out", str(tmp_path / "x.fieldwork-share"), "--db", str(missing), "--name", "A"
    )
    assert result.returncode == 2
    assert result.stderr.strip() == f"There is no Fieldwork data file at {missing}."
    assert not missing.exists()


def test_no_name_anywhere_says_how_to_give_one(tmp_path):
    data = tmp_path / "blank.db"
    store.open_database(data).close()
    result = share("--out", str(tmp_path / "x.fieldwork-share"), "--db", str(data))
    assert result.returncode == 2 and "--name" in result.stderr


def test_an_unwritable_place_fails_with_one_line(client_file, tmp_path):
    result = share(
        "--out",
        str(tmp_path / "no-folder" / "x.fieldwork-share"),
        "--db",
        str(client_file),
        "--name",
        "A",
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "no folder" in result.stderr
