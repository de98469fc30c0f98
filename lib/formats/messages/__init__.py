"""Reading people's messages: LinkedIn's messages.csv (or its whole export .zip), mbox
mailboxes, .eml files and .zips of them, as Messages. Pure readers: no database, no streamlit.

One module per part: model (Message, Participant, MessageFileError, the skip reasons), common
(participants, text, mojibake, HTML), linkedin (messages.csv), mail (one mail, an mbox stream),
reading (detect_kind, read_messages, linkedin_connections, zip_holds_messages,
most_frequent_sender). Matching, classifying and storing build on this package; it imports
none of them.
"""

from lib.formats.messages.model import (
    MAX_TEXT,
    SKIP_BULK,
    SKIP_DRAFT,
    SKIP_NO_DATE,
    SKIP_REASONS,
    SKIP_SPAM,
    SKIP_SPONSORED,
    SKIP_UNREADABLE,
    SOURCES,
    Message,
    MessageFileError,
    Participant,
)
from lib.formats.messages.reading import (
    HEAD_BYTES,
    KINDS,
    MAX_CSV_BYTES,
    MAX_EML_BYTES,
    MAX_MBOX_BYTES,
    MAX_ZIP_MEMBERS,
    MAX_ZIP_TOTAL,
    detect_kind,
    linkedin_connections,
    most_frequent_sender,
    read_messages,
    zip_holds_messages,
)

__all__ = [
    "HEAD_BYTES",
    "KINDS",
    "MAX_CSV_BYTES",
    "MAX_EML_BYTES",
    "MAX_MBOX_BYTES",
    "MAX_TEXT",
    "MAX_ZIP_MEMBERS",
    "MAX_ZIP_TOTAL",
    "SKIP_BULK",
    "SKIP_DRAFT",
    "SKIP_NO_DATE",
    "SKIP_REASONS",
    "SKIP_SPAM",
    "SKIP_SPONSORED",
    "SKIP_UNREADABLE",
    "SOURCES",
    "Message",
    "MessageFileError",
    "Participant",
    "detect_kind",
    "linkedin_connections",
    "most_frequent_sender",
    "read_messages",
    "zip_holds_messages",
]
