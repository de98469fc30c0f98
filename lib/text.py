"""Cleaning text at the lib boundary: what every form and every import passes through."""

from __future__ import annotations

import re

# C0 and C1 control characters other than tab and newline, DEL, and lone surrogates (which
# cannot be stored as UTF-8). A NUL would end the string for SQLite's length().
_UNWANTED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean(value: object) -> str:
    """Text as a person meant it: control characters dropped, CRLF made LF, ends trimmed."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _UNWANTED.sub("", text).strip()


def clean_line(value: object) -> str:
    """clean() for a one-line field (a name, a title): inner line breaks become spaces."""
    return re.sub(r"\s*\n\s*", " ", clean(value))


def is_printable(text: str) -> bool:
    """True when text has no character clean() would remove."""
    return not _UNWANTED.search(text)
