"""Message files in the users' own formats, built for the tests with the standard library: a
LinkedIn data export .zip (Connections.csv and messages.csv, as LinkedIn lays them out), an
mbox (written with `mailbox`) and .eml files (`email`).

The small world they hold, counted by hand (days relative to TODAY):
- Ada Byron is the person: ada@example.org, https://www.linkedin.com/in/ada-byron.
- LinkedIn export: connections Grace Hopper (grace@example.org) and Ken Thompson (no email).
  Messages: Ada -> Ken, outreach (-20); Ken -> Ada, reply (-19); Ada -> Grace, outreach (-30);
  Bob Noyce (not a connection) -> Ada (-15); a draft to Ken (skipped).
- Mailbox: Grace -> Ada, reply (-28); Ada -> Grace "Thank you" (-9), the day after the
  conversation the tests hold with her on -10, so it is her thank-you; Ada -> Linus
  (linus@example.net, not in Fieldwork), outreach (-5); a newsletter with List-Id (skipped).
"""

from __future__ import annotations

import csv
import io
import mailbox
import tempfile
import zipfile
from datetime import UTC, datetime, time, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from tests.support.days import TODAY

ME = "ada@example.org"
ME_URL = "https://www.linkedin.com/in/ada-byron"
GRACE_URL = "https://www.linkedin.com/in/grace-hopper"
KEN_URL = "https://www.linkedin.com/in/ken-thompson"
BOB_URL = "https://www.linkedin.com/in/bob-noyce"
LINKEDIN_HEADER = [
    "CONVERSATION ID",
    "CONVERSATION TITLE",
    "FROM",
    "SENDER PROFILE URL",
    "TO",
    "RECIPIENT PROFILE URLS",
    "DATE",
    "SUBJECT",
    "CONTENT",
    "FOLDER",
    "ATTACHMENTS",
    "IS MESSAGE DRAFT",
]


def at(days_before: int, hour: int = 10) -> datetime:
    """An instant days_before TODAY, at hour UTC."""
    return datetime.combine(TODAY - timedelta(days=days_before), time(hour), tzinfo=UTC)


def connections_csv(rows: list[dict] | None = None) -> bytes:
    """Connections.csv as LinkedIn writes it (with its "Notes:" preamble)."""
    rows = rows or [
        {"First Name": "Grace", "Last Name": "Hopper", "URL": GRACE_URL,
         "Email Address": "grace@example.org", "Company": "Navy", "Position": "Admiral",
         "Connected On": "02 Mar 2020"},
        {"First Name": "Ken", "Last Name": "Thompson", "URL": KEN_URL, "Email Address": "",
         "Company": "Bell Labs", "Position": "Engineer", "Connected On": "05 Oct 2026"},
    ]  # fmt: skip
    out = io.StringIO()
    out.write(
        'Notes:\n"When exporting your connection data, you may notice that some of the email '
        'addresses are missing."\n\n'
    )
    columns = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position"]
    writer = csv.DictWriter(out, [*columns, "Connected On"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def linkedin_row(
    conversation: str,
    sender: tuple[str, str],
    recipient: tuple[str, str],
    when: datetime,
    content: str,
    subject: str = "",
    draft: bool = False,
) -> dict:
    """One row of messages.csv: sender and recipient as (name, profile URL)."""
    return {
        "CONVERSATION ID": conversation,
        "CONVERSATION TITLE": "",
        "FROM": sender[0],
        "SENDER PROFILE URL": sender[1],
        "TO": recipient[0],
        "RECIPIENT PROFILE URLS": recipient[1],
        "DATE": when.strftime("%Y-%m-%d %H:%M:%S UTC"),
        "SUBJECT": subject,
        "CONTENT": content,
        "FOLDER": "INBOX",
        "ATTACHMENTS": "",
        "IS MESSAGE DRAFT": "true" if draft else "false",
    }


ADA = ("Ada Byron", ME_URL)
GRACE = ("Grace Hopper", GRACE_URL)
KEN = ("Ken Thompson", KEN_URL)
BOB = ("Bob Noyce", BOB_URL)


def linkedin_rows() -> list[dict]:
    """The export's messages (see the module's docstring)."""
    return [
        linkedin_row("c-ken", ADA, KEN, at(20), 'Hi Ken,\nI read your "Unix" notes, 20 min?'),
        linkedin_row("c-ken", KEN, ADA, at(19), "Sure, happy to talk."),
        linkedin_row("c-grace", ADA, GRACE, at(30), "Hi Grace, may I ask you about COBOL?"),
        linkedin_row("c-bob", BOB, ADA, at(15), "Hello Ada, saw your profile."),
        linkedin_row("c-ken", ADA, KEN, at(18), "Draft: thanks again", draft=True),
    ]


def messages_csv(rows: list[dict] | None = None) -> bytes:
    """messages.csv as LinkedIn writes it (2024 layout)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, LINKEDIN_HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(linkedin_rows() if rows is None else rows)
    return out.getvalue().encode("utf-8")


def linkedin_export(messages: bytes | None = None, connections: bytes | None = None) -> bytes:
    """LinkedIn's Basic data export .zip, holding Connections.csv and messages.csv."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Connections.csv", connections or connections_csv())
        archive.writestr("messages.csv", messages or messages_csv())
    return out.getvalue()


def mail(
    sender: str,
    to: str,
    when: datetime,
    subject: str,
    body: str,
    message_id: str,
    headers: dict | None = None,
) -> EmailMessage:
    """One mail, as a mail program writes it."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Date"] = format_datetime(when)
    message["Subject"] = subject
    message["Message-ID"] = f"<{message_id}@example.org>"
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    return message


def mails() -> list[EmailMessage]:
    """The mailbox's mails (see the module's docstring)."""
    return [
        mail("Grace Hopper <grace@example.org>", f"Ada Byron <{ME}>", at(28),
             "Re: COBOL", "Of course, Ada. Tuesday?", "grace-reply"),
        mail(f"Ada Byron <{ME}>", "Grace Hopper <grace@example.org>", at(9),
             "Thank you", "Thank you for yesterday's call, Grace.", "ada-thanks"),
        mail(f"Ada Byron <{ME}>", "Linus <linus@example.net>", at(5),
             "Kernel question", "Hi Linus, could I ask you about kernels?", "ada-linus"),
        mail("News <news@example.com>", ME, at(7), "Weekly digest", "Top stories",
             "digest", {"List-Id": "<news.example.com>"}),
    ]  # fmt: skip


def mbox_bytes(messages: list[EmailMessage] | None = None) -> bytes:
    """An mbox of messages, written by the standard library's mailbox."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "All mail.mbox"
        box = mailbox.mbox(path)
        for message in mails() if messages is None else messages:
            box.add(mailbox.mboxMessage(message))
        box.flush()
        box.close()
        return path.read_bytes()


def eml_bytes(message: EmailMessage) -> bytes:
    """One .eml file, as dragged out of a mail program."""
    return message.as_bytes()
