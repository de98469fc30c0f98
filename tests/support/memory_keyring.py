"""A keyring backend that keeps secrets in memory, so tests never touch the machine's keyring."""

from __future__ import annotations

import keyring
from keyring.backend import KeyringBackend


class MemoryKeyring(KeyringBackend):
    """Passwords in a dict, for one test."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.saved.get((service, username))

    def set_password(self, service, username, password):
        self.saved[(service, username)] = password

    def delete_password(self, service, username):
        self.saved.pop((service, username), None)


def use_memory_keyring() -> MemoryKeyring:
    """Make keyring use a fresh MemoryKeyring; return it (restore with keyring.set_keyring)."""
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend
