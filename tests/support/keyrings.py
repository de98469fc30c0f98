"""A real keyring backend for tests (keyring's own API), kept in a JSON file or in memory.

The machine running the tests has no system keyring. Set it for a test with
keyring.set_keyring(FileKeyring(path)); a server started for an end-to-end test takes it from
PYTHON_KEYRING_BACKEND=tests.support.keyrings.FileKeyring and FIELDWORK_TEST_KEYRING=<file>.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

FILE_ENV_VAR = "FIELDWORK_TEST_KEYRING"


class FileKeyring(KeyringBackend):
    """Passwords by (service, user) in one JSON file."""

    priority = 1

    def __init__(self, path: str | Path | None = None):
        super().__init__()
        self.path = Path(path or os.environ.get(FILE_ENV_VAR) or "keyring.json")

    def _load(self) -> dict:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def _save(self, values: dict) -> None:
        self.path.write_text(json.dumps(values), encoding="utf-8")

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        values = self._load()
        values[f"{service}\n{username}"] = password
        self._save(values)

    def delete_password(self, service: str, username: str) -> None:
        values = self._load()
        if values.pop(f"{service}\n{username}", None) is None:
            raise PasswordDeleteError("no such password")
        self._save(values)
