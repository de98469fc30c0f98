"""Reading people's messages: LinkedIn's messages.csv (or its whole export .zip), mbox
mailboxes, .eml files and .zips of them, as Messages. Pure readers: no database, no streamlit.

model holds the dataclasses and the error; the readers come with the next commits.
"""

from lib.formats.messages.model import (
    MAX_TEXT,
    SKIP_REASONS,
    Message,
    MessageFileError,
    Participant,
)

__all__ = ["MAX_TEXT", "SKIP_REASONS", "Message", "MessageFileError", "Participant"]
