"""What the LinkedIn and the mail readers share: participants, text cleaning and capping,
mojibake repair, HTML to text, and the keys that tell participants apart."""

from __future__ import annotations

import functools
import html
import io
import re
from html.parser import HTMLParser
from typing import BinaryIO

from lib import contacts
from lib.formats.messages.model import MAX_TEXT, Participant
from lib.text import clean, clean_line

# Mojibake: UTF-8 read as Windows-1252 or Latin-1 leaves a lead byte's character (Â, Ã, Å,
# â ...) followed by a continuation byte's character (© ‰ ¤ € ...).
_MOJIBAKE = re.compile(
    r"[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
_HTML_INPUT_CAP = 400_000  # characters of HTML looked at to make MAX_TEXT characters of text


def repair_mojibake(text: str) -> str:
    """'JosÃ©' -> 'José': undo UTF-8 read as Windows-1252 (or Latin-1), only when the whole
    text round-trips cleanly through that mistake; anything else is returned as given."""
    if not text or text.isascii() or not _MOJIBAKE.search(text):
        return text
    for wrong in ("cp1252", "latin-1"):
        try:
            repaired = text.encode(wrong).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if repaired != text:
            return repaired
    return text


def one_line(value: object) -> str:
    """A name or a subject: control characters dropped, inner line breaks made spaces."""
    return " ".join(clean_line(value).split())


def body(value: object) -> str:
    """A message's text: cleaned, trailing spaces and runs of blank lines tidied, capped."""
    text = clean(value)[: MAX_TEXT * 2]
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text[:MAX_TEXT].strip()


class _TextOf(HTMLParser):
    _BLOCK = frozenset(
        [
            "p",
            "div",
            "br",
            "li",
            "tr",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "blockquote",
            "pre",
            "table",
            "ul",
            "ol",
            "hr",
            "section",
            "article",
        ]
    )
    _HIDDEN = frozenset(("script", "style", "head", "title"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._HIDDEN:
            self.hidden += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self._HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Tags stripped simply (a line break for each block), entities unescaped, scripts and
    styles dropped. Never raises: HTML that confuses the parser is stripped by a pattern."""
    markup = markup[:_HTML_INPUT_CAP]
    try:
        parser = _TextOf()
        parser.feed(markup)
        parser.close()
        text = "".join(parser.parts)
    except Exception:  # HTMLParser is lenient; this is the belt to its braces
        text = html.unescape(re.sub(r"<[^>]*>", " ", markup))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def looks_like_html(text: str) -> bool:
    return bool(re.search(r"<(p|br|div|span|a|html|body|table)\b[^>]*>", text[:5000], re.I))


def email_address(value: object) -> str | None:
    """A lowercased address, or None for anything that is not one."""
    address = one_line(value).strip("<>").strip().lower()
    return address if address and len(address) <= 320 and _EMAIL.match(address) else None


def linkedin_url(value: object) -> str | None:
    """A profile URL normalised as the contact import stores it, or None."""
    text = one_line(value)
    if not text or "linkedin.com" not in text.lower():
        return None
    url = contacts.normalise_linkedin(text)
    return None if contacts.validate_linkedin(url) else url


def participant(name: object = "", email: object = None, url: object = None) -> Participant:
    """A participant as the file names them: name tidied (and mojibake repaired), the email
    lowercased and checked, the LinkedIn URL normalised; None for what is not an address."""
    if all(value is None or isinstance(value, str) for value in (name, email, url)):
        return _participant(name, email, url)
    return _participant.__wrapped__(name, email, url)


# Cached: a heavy user's files name the same few thousand people in a hundred thousand
# messages, and tidying each name, email and URL again was a third of reading a messages.csv.
@functools.lru_cache(maxsize=50_000)
def _participant(name: object, email: object, url: object) -> Participant:
    return Participant(
        name=one_line(repair_mojibake(str(name or ""))),
        email=email_address(email) if email else None,
        linkedin_url=linkedin_url(url) if url else None,
    )


def participant_key(person: Participant) -> str:
    """Who a participant is, for counting: the address, else the profile URL, else the name."""
    if person.email:
        return "email:" + person.email
    if person.linkedin_url:
        return "linkedin:" + person.linkedin_url.casefold().rstrip("/")
    return "name:" + " ".join(person.name.casefold().split()) if person.name else ""


class Prefixed(io.RawIOBase):
    """A stream that gives back bytes already read, then the rest of the original."""

    def __init__(self, head: bytes, stream: BinaryIO):
        self.head = memoryview(head)
        self.stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n] = self.head[:n]
            self.head = self.head[n:]
            return n
        data = self.stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
