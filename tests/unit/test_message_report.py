"""The Import page's pure helpers around a message preview: which own addresses are still to
confirm for some files, and the row-level report (every message, and what became of it)."""

from lib.contacts import save_contact
from lib.formats.messages import read_messages
from lib.formats.messages.applying import MessageChoices, apply_messages
from lib.formats.messages.preview import preview_messages
from lib.formats.messages.report import (
    addresses_to_confirm,
    proposed_addresses,
    report_csv,
    row_report,
    row_report_of,
)
from lib.own_addresses import OwnAddresses
from tests.support import message_files as files

MAIL = OwnAddresses((files.ME,), None)
LINKEDIN = OwnAddresses((), "https://linkedin.com/in/ada-byron")


def mailbox(messages=None):
    return list(read_messages(files.mbox_bytes(messages), "All mail.mbox"))


def export():
    return list(read_messages(files.linkedin_export(), "export.zip"))


def test_a_saved_linkedin_url_does_not_say_who_sent_a_mail():
    assert addresses_to_confirm(LINKEDIN, mailbox()) == {"mail"}
    assert addresses_to_confirm(LINKEDIN, export()) == set()
    assert addresses_to_confirm(MAIL, mailbox() + export()) == {"linkedin"}
    assert addresses_to_confirm(OwnAddresses(), mailbox() + export()) == {"mail", "linkedin"}


def test_the_missing_address_is_proposed_from_its_own_files_and_the_saved_one_kept():
    assert proposed_addresses(LINKEDIN, mailbox()) == OwnAddresses(
        (files.ME,), "https://linkedin.com/in/ada-byron"
    )
    assert proposed_addresses(MAIL, mailbox()) == MAIL
    # The newsletter is skipped, so it cannot be proposed even when it sent the most.
    digests = [
        files.mail("News <news@example.com>", files.ME, files.at(n), "Digest", "Top",
                   f"digest-{n}", {"List-Id": "<news.example.com>"})
        for n in range(2, 6)
    ]  # fmt: skip
    assert proposed_addresses(OwnAddresses(), mailbox(digests + files.mails())).emails == (
        files.ME,
    )


def test_the_row_report_says_what_became_of_every_message(db):
    save_contact(db, {"name": "Grace Hopper", "email": "grace@example.org"})
    preview = preview_messages(db, mailbox(), MAIL)
    linus = next(p.key for p in preview.people if p.email == "linus@example.net")
    result = apply_messages(db, preview, MessageChoices(add_people={linus}))
    rows = row_report(preview, result.planned)
    assert [(r["line"], r["contact"], r["outcome"]) for r in rows] == [
        (1, "Grace Hopper", "Imported: Reply received"),
        (2, "Grace Hopper", "Imported: Outreach sent"),
        (3, "Linus", "Imported: Outreach sent · added as a contact"),
        (4, "", "Skipped: Mailing list or bulk mail"),
    ]
    again = preview_messages(db, mailbox(), MAIL)
    assert {r["outcome"] for r in row_report(again, again.planned)} == {
        "Duplicate: Already imported",
        "Skipped: Mailing list or bulk mail",
    }


def test_the_report_csv_never_starts_a_formula():
    rows = [{"line": 1, "day": "2026-11-01", "source": "mail", "subject": "=HYPERLINK(1)",
             "contact": "@Ann", "outcome": "Imported: Reply received"}]  # fmt: skip
    text = report_csv(rows)
    assert text.splitlines()[0] == "line,day,source,subject,contact,outcome"
    assert "'=HYPERLINK(1)" in text and "'@Ann" in text


def test_the_page_keeps_the_first_rows_of_the_report_and_the_csv_has_every_row(db):
    save_contact(db, {"name": "Grace Hopper", "email": "grace@example.org"})
    preview = preview_messages(db, mailbox(), MAIL)
    result = apply_messages(db, preview)
    report = row_report_of(preview, result.planned, shown=2)
    assert (report.total, report.left_out, len(report.first)) == (4, 2, 2)
    assert report.first == row_report(preview, result.planned)[:2]
    lines = report.csv().splitlines()
    assert len(lines) == 1 + 4 and "Skipped: Mailing list or bulk mail" in lines[-1]
