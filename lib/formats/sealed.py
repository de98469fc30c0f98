"""Passphrase sealing for share packages: scrypt key derivation and AES-GCM, authenticated.

A sealed file is a small plaintext header (a magic prefix, the format version, scrypt's
parameters, the salt and the nonce) followed by the AES-256-GCM ciphertext of the whole
package. The header is the additional authenticated data, so changing any byte of it or of the
ciphertext makes opening fail. Nothing but the header is readable without the passphrase.
"""

from __future__ import annotations

import functools
import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"FIELDWORK-SHARE\x00"
VERSION = 1
# scrypt N = 2**17, r = 8, p = 1: about 128 MB and a fraction of a second, the commonly
# recommended floor for interactive use. A header may ask for other values only within these
# bounds, so a hostile file cannot make the coach's machine spend gigabytes deriving a key.
LOG2_N = 17
BLOCK_SIZE = 8
PARALLELISM = 1
LOG2_N_RANGE = (14, 20)
BLOCK_SIZE_RANGE = (1, 16)
PARALLELISM_RANGE = (1, 4)
SALT_BYTES = 16
NONCE_BYTES = 12
_LAYOUT = struct.Struct(f">{len(MAGIC)}sBBBB{SALT_BYTES}s{NONCE_BYTES}s")
HEADER_BYTES = _LAYOUT.size
MAX_PASSPHRASE = 1024


class SealError(Exception):
    """A sealed file cannot be opened; the message says why in plain words."""


def is_sealed(data: bytes) -> bool:
    """True when data starts like a sealed share package."""
    return data[: len(MAGIC)] == MAGIC


def _check_passphrase(passphrase: str | None) -> bytes:
    if not passphrase:
        raise SealError("Type the passphrase.")
    if len(passphrase) > MAX_PASSPHRASE:
        raise SealError(f"Keep the passphrase under {MAX_PASSPHRASE:,} characters.")
    return passphrase.encode("utf-8")


@functools.lru_cache(maxsize=64)
def _key(passphrase: bytes, salt: bytes, log2_n: int, block_size: int, parallelism: int) -> bytes:
    # Cached: a coach's Fieldwork reopens the same unchanged package many times a session.
    kdf = Scrypt(salt=salt, length=32, n=2**log2_n, r=block_size, p=parallelism)
    return kdf.derive(passphrase)


def seal(plaintext: bytes, passphrase: str) -> bytes:
    """plaintext sealed with passphrase: header then AES-GCM ciphertext."""
    secret = _check_passphrase(passphrase)
    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    header = _LAYOUT.pack(MAGIC, VERSION, LOG2_N, BLOCK_SIZE, PARALLELISM, salt, nonce)
    key = _key(secret, salt, LOG2_N, BLOCK_SIZE, PARALLELISM)
    return header + AESGCM(key).encrypt(nonce, plaintext, header)


def unseal(data: bytes, passphrase: str | None) -> bytes:
    """The plaintext of a sealed file; SealError for a wrong passphrase or a changed file."""
    if len(data) < HEADER_BYTES + 16 or not is_sealed(data):
        raise SealError("The file is not a sealed Fieldwork share package, or it is cut short.")
    magic, version, log2_n, block_size, parallelism, salt, nonce = _LAYOUT.unpack(
        data[:HEADER_BYTES]
    )
    if version != VERSION:
        raise SealError(
            "The package was sealed by a newer Fieldwork (a format this version does not "
            "know). Update Fieldwork to open it."
        )
    bounds = (
        (log2_n, LOG2_N_RANGE),
        (block_size, BLOCK_SIZE_RANGE),
        (parallelism, PARALLELISM_RANGE),
    )
    if any(not low <= value <= high for value, (low, high) in bounds):
        raise SealError("The package's header asks for key settings Fieldwork does not accept.")
    secret = _check_passphrase(passphrase)
    key = _key(secret, salt, log2_n, block_size, parallelism)
    try:
        return AESGCM(key).decrypt(nonce, data[HEADER_BYTES:], data[:HEADER_BYTES])
    except InvalidTag:
        raise SealError(
            "The passphrase is not right, or the file was changed after it was made. Check "
            "the passphrase with the person who sent it, or ask for a fresh package."
        ) from None
