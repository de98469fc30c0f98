"""Text at the lib boundary: cleaning what comes in, checking links and numbers, escaping what
goes out as Markdown. Every form and every import passes through here."""

from __future__ import annotations

import functools
import math
import re
from urllib.parse import urlsplit

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


def clean_optional(value: object) -> str | None:
    """clean(), with None for text that is empty once cleaned."""
    return clean(value) or None


def clean_line_optional(value: object) -> str | None:
    """clean_line(), with None for text that is empty once cleaned."""
    return clean_line(value) or None


def is_printable(text: str) -> bool:
    """True when text has no character clean() would remove."""
    return not _UNWANTED.search(text)


def whole_number(value: object) -> int | None:
    """A whole number from a form or an import (3, 3.0, " 3 ", "3.0"); None for anything else.

    None also for inf, nan, booleans and numbers too long to read, so callers report a
    validation error instead of an OverflowError.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = clean(value)
    if len(text) > 30:
        return None
    try:
        number = float(text)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number) or number != int(number):
        return None
    return int(number)


# Characters a link may not hold: a space, brackets, quotes, angle brackets, a backslash, a
# backtick. Any of them could end a Markdown link early and start an image or HTML.
_URL_FORBIDDEN = re.compile(r"[\s\[\](){}<>\"'`\\|^]")
_HOST = re.compile(r"^[\w.-]+$")
URL_MAX = 2_000


def url_problem(url: str) -> str | None:
    """What is wrong with a web link, or None: http(s), a host, nothing that could end it early."""
    if not url:
        return None
    if len(url) > URL_MAX:
        return f"The link is too long (over {URL_MAX:,} characters)."
    if _URL_FORBIDDEN.search(url) or not url.isprintable():
        return (
            "The link should have no spaces, brackets, quotes or backslashes "
            "(write ( as %28 and ) as %29)."
        )
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - reading it checks the port is a number in range
    except ValueError:
        return "The link should look like https://example.org/page."
    if parts.scheme.lower() not in ("http", "https"):
        return "The link should start with https:// (or http://)."
    if not host or not _HOST.match(host) or "." not in host.strip(".") and host != "localhost":
        return "The link should name a site, like https://example.org/page."
    if "@" in parts.netloc:
        return "The link should not hold a user name or password (the part before @)."
    return None


# Backslash-escaped so CommonMark reads them as text: links, images, emphasis, headings, lists,
# tables, code, LaTeX, HTML, entities, Streamlit directives (:red[...]).
MARKDOWN_SPECIAL = "\\`*_{}[]()#+-.!|<>~$:=&\"'^%@"
_MARKDOWN_ESCAPE = re.compile("([" + re.escape(MARKDOWN_SPECIAL) + "])")
# Streamlit and GFM also rewrite *text* after parsing, where a backslash escape no longer shows:
# :material/icon: and :emoji: shortcodes, :streamlit:, bare https://, www. and e-mail links,
# and arrows (->, <=). An invisible WORD JOINER after the colon, the @, the www or the first
# character of an arrow breaks each pattern while the text reads the same.
WORD_JOINER = "\u2060"
_TEXT_PATTERNS = re.compile(r"(?i)(?<=[:@])|(?<=www)(?=\.)|(?<=[-<>~])(?=[-<>=])")


_INDENT = re.compile(r"(?m)^[ \t]+")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def markdown_escape(text: object) -> str:
    """User text for Markdown (Streamlit's included): shown as typed, never a link, image,
    icon, emoji, formula or HTML; line breaks kept."""
    if text is None:
        return ""
    value = str(text)
    return _escape_short(value) if len(value) <= SHORT_TEXT else _markdown_escape(value)


def _markdown_escape(value: str) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _INDENT.sub("", value)  # an indented line would become a code block
    value = _TEXT_PATTERNS.sub(WORD_JOINER, value)
    value = _MARKDOWN_ESCAPE.sub(r"\\\1", value)
    return value.replace("\n", "  \n")


# A report or a list escapes the same names, labels and days thousands of times: short texts
# are remembered (at most 4,096 of them, so a few hundred kilobytes).
SHORT_TEXT = 100
_escape_short = functools.lru_cache(maxsize=4096)(_markdown_escape)


def markdown_line(text: object) -> str:
    """markdown_escape() for one line (a label, a table cell): line breaks become spaces."""
    return markdown_escape(_LINE_BREAKS.sub(" ", str(text if text is not None else "")))


def narrowed(choices: dict, words: str, limit: int, keep: object = None) -> dict:
    """At most limit of choices ({key: label}) whose label holds every word, in any case.

    keep (a key, say the current selection) stays in whatever the words are.
    """
    wanted = clean_line(words).casefold().split()
    kept = {}
    for key, label in choices.items():
        if len(kept) == limit:
            break
        if all(word in str(label).casefold() for word in wanted):
            kept[key] = label
    if keep in choices and keep not in kept:
        kept = {keep: choices[keep], **kept}
    return kept
