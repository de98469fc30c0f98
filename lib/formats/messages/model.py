"""What the message readers return: a Message with its Participants, and MessageFileError.

The readers (lib.formats.messages.reading, .linkedin, .mail) are pure: bytes or a path in,
Messages out, no database and no streamlit. Matching, classifying and storing build on these
dataclasses and never the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

SOURCES = ("linkedin", "mail")

# The reasons a reader sets on Message.skip_reason (the preview and the row report say them).
SKIP_DRAFT = "A draft"
SKIP_BULK = "Mailing list or bulk mail"
SKIP_SPONSORED = "Sponsored InMail"
SKIP_SPAM = "In the spam folder"
SKIP_NO_DATE = "No date"
# A mail the email package cannot make anything of: skipped so the rest of the file comes in.
SKIP_UNREADABLE = "The message cannot be read"
SKIP_REASONS = (SKIP_DRAFT, SKIP_BULK, SKIP_SPONSORED, SKIP_SPAM, SKIP_NO_DATE, SKIP_UNREADABLE)

MAX_TEXT = 20_000  # characters of a message's plain-text body kept


@dataclass(frozen=True, slots=True)
class Participant:
    """One side of a message, as the file names it."""

    name: str  # display name as given ("" when none)
    email: str | None  # lowercased address, or None
    linkedin_url: str | None  # normalised as the contact import stores it, or None


@dataclass(frozen=True, slots=True)
class Message:
    """One message read from a file, before it is matched to anyone."""

    source: str  # "linkedin" or "mail"
    # Unique: the Message-ID without its angle brackets; for LinkedIn
    # f"linkedin:{conversation_id}:{date iso}:{sender url or name}"; for a mail without a
    # Message-ID the sha256 hex digest of (date, from, to, subject, first 200 characters).
    source_key: str
    sent_at: datetime | None  # aware, UTC; None when the message has no readable date
    sender: Participant
    recipients: tuple[Participant, ...]  # To and Cc (LinkedIn: TO / RECIPIENT PROFILE URLS)
    subject: str
    text: str  # plain-text body, decoded, capped at MAX_TEXT characters
    thread: str | None  # LinkedIn CONVERSATION ID, or the mail's References root, or None
    skip_reason: str | None  # one of SKIP_REASONS, or None
    line: int | None = None  # row number in a CSV, or the message's index in a mailbox


class MessageFileError(ValueError):
    """A file that cannot be read at all, with a plain one-line reason."""
