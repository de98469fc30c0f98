"""The message readers (lib.formats.messages): LinkedIn's messages.csv and export .zip, mbox,
.eml and .zips of them, on hand-written files in the real formats (tests/fixtures/messages),
bad files refused in plain words, fuzzed with Hypothesis, and an mbox streamed in little
memory."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.formats.messages import (
    HEAD_BYTES,
    MAX_TEXT,
    SKIP_BULK,
    SKIP_DRAFT,
    SKIP_NO_DATE,
    SKIP_REASONS,
    SKIP_SPAM,
    SKIP_SPONSORED,
    Message,
    MessageFileError,
    Participant,
    detect_kind,
    linkedin_connections,
    most_frequent_sender,
    read_messages,
    zip_holds_messages,
)
from lib.formats.messages import reading as reading_module
from lib.formats.messages.common import repair_mojibake

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "messages"
EXPORT_ZIP = FIXTURES / "Basic_LinkedInDataExport_10-12-2026.zip"


def read(name: str) -> list[Message]:
    path = FIXTURES / name
    return list(read_messages(path, path.name))


def kind_of(name: str) -> str | None:
    path = FIXTURES / name
    return detect_kind(path.read_bytes()[:HEAD_BYTES], path.name)


# --- detection -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, kind",
    [
        ("linkedin_messages_2024.csv", "linkedin_messages"),
        ("linkedin_messages_2020.csv", "linkedin_messages"),
        ("Basic_LinkedInDataExport_10-12-2026.zip", "linkedin_zip"),
        ("takeout.mbox", "mbox"),
        ("eml/reply.eml", "eml"),
        ("eml/forwarded_html.eml", "eml"),
        ("dragged_emls.zip", "eml_zip"),
        ("linkedin_export/Connections.csv", None),
        ("linkedin_export/Profile.csv", None),
    ],
)
def test_detect_kind_tells_each_file_from_its_head(name, kind):
    assert kind_of(name) == kind


def test_detect_kind_leaves_contact_files_to_the_contact_import():
    assert detect_kind(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEND:VCARD\r\n", "a.vcf") is None
    assert detect_kind(b"Name,Email\nAda,ada@example.org\n", "people.csv") is None
    assert detect_kind(b"", "empty.mbox") is None
    assert detect_kind(b"%PDF-1.7\n", "mail.mbox") is None


# --- LinkedIn ----------------------------------------------------------------------------


def test_linkedin_2024_layout_reads_every_row_with_its_fields():
    messages = read("linkedin_messages_2024.csv")
    assert len(messages) == 8
    first = messages[0]
    assert first.source == "linkedin"
    assert first.sent_at == datetime(2026, 10, 5, 14, 22, 10, tzinfo=UTC)
    assert first.sender == Participant(
        "Ada Byron", None, "https://linkedin.com/in/ada-byron-7a1b2c"
    )
    assert first.recipients == (
        Participant("José García", None, "https://linkedin.com/in/jose-garcia-3d4e5f"),
    )
    assert first.text.startswith('Hi José,\n\nI read your post on "field research", and I\'d')
    assert first.text.endswith("Thanks, Ada")
    assert first.thread == "2-YjRiNmNkZjEtZGU0Zi00ZGI4LWI0NjgtMDQ1ZTNlYjY4ZjE5XzAxMA=="
    assert first.source_key == (
        f"linkedin:{first.thread}:2026-10-05T14:22:10+00:00:"
        "https://linkedin.com/in/ada-byron-7a1b2c"
    )
    assert first.skip_reason is None
    assert first.line == 2
    # The multi-line content spans lines 2 to 5: the next row is line 6.
    assert messages[1].line == 6
    assert messages[1].sender.name == "José García"


def test_linkedin_rows_in_the_same_second_keep_unique_keys_in_file_order():
    messages = read("linkedin_messages_2024.csv")
    reply, attachment = messages[1], messages[2]
    assert attachment.source_key == reply.source_key + ":2"
    keys = [m.source_key for m in messages]
    assert len(set(keys)) == len(keys)
    assert keys == [m.source_key for m in read("linkedin_messages_2024.csv")]


def test_linkedin_skips_drafts_spam_sponsored_and_dateless_rows():
    reasons = {m.line: m.skip_reason for m in read("linkedin_messages_2024.csv")}
    assert reasons == {
        2: None,
        6: None,
        7: None,
        8: SKIP_DRAFT,
        9: SKIP_SPAM,
        10: SKIP_SPONSORED,
        11: None,
        12: SKIP_NO_DATE,
    }
    sponsored = read("linkedin_messages_2024.csv")[5]
    assert sponsored.text == "Hi Ada,\n\nTry Acme Analytics & grow."  # its HTML made text


def test_linkedin_group_thread_pairs_names_with_profile_urls():
    group = read("linkedin_messages_2024.csv")[6]
    assert group.recipients == (
        Participant("Grace Hopper", None, "https://linkedin.com/in/grace-hopper-9z8y7x"),
        Participant("Alan Turing", None, "https://linkedin.com/in/alan-turing-1q2w3e"),
    )


def test_linkedin_older_layout_without_the_newer_columns():
    messages = read("linkedin_messages_2020.csv")
    assert [m.skip_reason for m in messages] == [None, None]
    assert messages[0].recipients == (Participant("Grace Hopper", None, None),)
    assert messages[0].text == "Hello Grace, could we talk, briefly, about compilers?"
    assert messages[1].text == 'Yes — "any time" next week.'
    assert messages[1].subject == "RE: Informational interview"


def test_linkedin_export_zip_gives_messages_and_connections():
    assert [m.source_key for m in read(EXPORT_ZIP.name)] == [
        m.source_key for m in read("linkedin_messages_2024.csv")
    ]
    connections = linkedin_connections(EXPORT_ZIP)
    assert connections == (FIXTURES / "linkedin_export" / "Connections.csv").read_bytes()
    assert linkedin_connections(EXPORT_ZIP.read_bytes()) == connections
    with zipfile.ZipFile(EXPORT_ZIP) as archive:
        assert linkedin_connections(archive) == connections
    assert linkedin_connections(FIXTURES / "dragged_emls.zip") is None


def test_linkedin_reads_a_bom_crlf_and_a_spreadsheet_resaved_in_windows_1252():
    text = (
        "CONVERSATION ID,FROM,TO,DATE,CONTENT,FOLDER\r\n"
        '1,Zoë Smith,Ada,2026-10-05 14:22:10 UTC,"Merci, à bientôt",INBOX\r\n'
    )
    for data in (b"\xef\xbb\xbf" + text.encode("utf-8"), text.encode("cp1252")):
        (message,) = read_messages(data, "messages.csv")
        assert message.sender.name == "Zoë Smith"
        assert message.text == "Merci, à bientôt"


@pytest.mark.parametrize(
    "broken, repaired",
    [
        ("JosÃ©", "José"),
        ("FranÃ§ois MÃ¼ller", "François Müller"),
        ("Ã‰milie", "Émilie"),
        ("São Paulo", "São Paulo"),  # genuine accents stay
        ("Ã and ©", "Ã and ©"),  # does not round-trip: left alone
        ("plain", "plain"),
        ("", ""),
    ],
)
def test_mojibake_is_repaired_only_when_it_round_trips(broken, repaired):
    assert repair_mojibake(broken) == repaired


def test_most_frequent_sender_proposes_the_person_themselves():
    assert most_frequent_sender(read("linkedin_messages_2024.csv")) == Participant(
        "Ada Byron", None, "https://linkedin.com/in/ada-byron-7a1b2c"
    )
    me = most_frequent_sender(read("takeout.mbox"))
    assert me is not None and me.email == "ada@example.org"
    assert most_frequent_sender([]) is None


# --- mail --------------------------------------------------------------------------------


def test_takeout_mbox_decodes_headers_and_bodies():
    messages = read("takeout.mbox")
    assert [m.line for m in messages] == list(range(1, 10))
    sent, reply, html = messages[0], messages[1], messages[2]
    assert sent.source == "mail"
    assert sent.source_key == "CAF1sent001@mail.gmail.com"
    assert sent.sender == Participant("Ada Lovelace-Byron ✓", "ada@example.org", None)
    assert sent.sent_at == datetime(2026, 10, 5, 14, 22, 10, tzinfo=UTC)
    assert "yesterday’s call — your advice on résumés was gold." in sent.text
    assert "> Happy to help." in sent.text  # quoted replies are kept

    assert reply.subject == "Merci beaucoup — café jeudi ?"
    assert reply.sender == Participant("José García", "jose@example.com", None)
    assert reply.recipients == (
        Participant("", "ada@example.org", None),
        Participant("Hopper, Grace", "grace@example.org", None),
    )
    assert reply.text == "Bonjour Ada,\n\nOui, jeudi à 10 h au café, avec plaisir.\n\nJosé"
    assert reply.thread == "CAF0root000@mail.gmail.com"

    assert html.text == "Dear Ada,\n\nHere are the notes: café & crème.\n\nAlan"
    assert "alert" not in html.text and "color" not in html.text


def test_mbox_skips_lists_bulk_drafts_spam_and_bad_dates():
    reasons = [m.skip_reason for m in read("takeout.mbox")]
    assert reasons == [
        None,
        None,
        None,
        SKIP_BULK,
        SKIP_BULK,
        SKIP_NO_DATE,
        None,
        SKIP_DRAFT,
        SKIP_SPAM,
    ]
    messages = read("takeout.mbox")
    assert messages[3].text == "From the editor: a newsletter body."  # mboxrd's >From undone
    assert messages[5].sent_at is None


def test_unknown_charset_decodes_with_replacement_and_a_missing_message_id_is_hashed():
    odd = read("takeout.mbox")[6]
    assert odd.text.startswith("Caf")
    assert odd.text.endswith("and no Message-ID.")
    assert len(odd.source_key) == 64 and int(odd.source_key, 16) >= 0
    assert odd.source_key == read("takeout.mbox")[6].source_key  # the same on every read
    assert odd.sent_at == datetime(2026, 10, 9, 17, 0, tzinfo=UTC)


def test_eml_files_one_at_a_time_and_zipped():
    (reply,) = read("eml/reply.eml")
    assert reply.subject == "Re: A long subject that a mail program folded onto a second line"
    assert [p.email for p in reply.recipients] == ["ada@example.org", "alan@example.net"]
    assert reply.text == "Ada, here is the résumé list I promised.\n\nGrace"
    assert reply.thread == "CAF1sent001@mail.gmail.com"
    assert reply.sent_at == datetime(2026, 10, 12, 8, 15, tzinfo=UTC)

    (forwarded,) = read("eml/forwarded_html.eml")
    assert forwarded.subject == "Fwd: Café meetup"
    assert forwarded.sender == Participant("Turing, Alan", "alan@example.net", None)
    assert forwarded.text == "Ada, you might like this:\n\nMeetup & talks Thursday"

    (no_date,) = read("eml/no_date.eml")
    assert no_date.sent_at is None and no_date.skip_reason == SKIP_NO_DATE

    zipped = read("dragged_emls.zip")
    assert sorted(m.source_key for m in zipped) == sorted([reply.source_key, forwarded.source_key])


def test_read_messages_takes_bytes_a_stream_or_a_path():
    path = FIXTURES / "takeout.mbox"
    by_path = read("takeout.mbox")
    assert list(read_messages(path.read_bytes(), "x.mbox")) == by_path
    with path.open("rb") as stream:
        assert list(read_messages(stream, "x.mbox")) == by_path

    class Unseekable(io.RawIOBase):
        def __init__(self, data):
            self.inner = io.BytesIO(data)

        def readable(self):
            return True

        def readinto(self, buffer):
            data = self.inner.read(len(buffer))
            buffer[: len(data)] = data
            return len(data)

    assert list(read_messages(io.BufferedReader(Unseekable(path.read_bytes())), "x")) == by_path


def test_a_long_body_is_capped():
    data = b"From: a@example.org\nDate: Mon, 5 Oct 2026 10:00:00 +0000\n\n" + b"x" * 50_000
    (message,) = read_messages(data, "long.eml")
    assert len(message.text) == MAX_TEXT


def test_a_message_the_parser_chokes_on_is_skipped_and_the_rest_come_in(monkeypatch):
    from lib.formats.messages import mail

    real = mail._from_email

    def choke(msg, line):
        if line == 2:
            raise RuntimeError("the email package fell over")
        return real(msg, line)

    monkeypatch.setattr(mail, "_from_email", choke)
    messages = read("takeout.mbox")
    assert len(messages) == 9
    assert messages[1].skip_reason == "The message cannot be read"
    assert messages[0].skip_reason is None and messages[2].skip_reason is None


# --- bad files ---------------------------------------------------------------------------


def refused(data: bytes, name: str) -> str:
    with pytest.raises(MessageFileError) as caught:
        list(read_messages(data, name))
    message = str(caught.value)
    assert "\n" not in message and message
    return message


def test_bad_files_are_refused_in_plain_words():
    assert "PDF" in refused(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "All mail.mbox")
    assert "empty" in refused(b"", "mail.mbox")
    assert "mailbox" in refused(b"hello there\nnot mail\n", "mail.mbox")
    assert "not LinkedIn's messages.csv" in refused(b"Name,Email\nAda,a@b.org\n", "messages.csv")
    assert "Connections.csv" in refused(
        (FIXTURES / "linkedin_export" / "Connections.csv").read_bytes(), "Connections.csv"
    )
    assert "no mail headers" in refused(b"just some words\n", "note.eml")
    truncated = EXPORT_ZIP.read_bytes()[:-200]
    assert "damaged or incomplete" in refused(truncated, EXPORT_ZIP.name)
    with pytest.raises(MessageFileError, match="damaged or incomplete"):
        linkedin_connections(truncated)


def test_a_zip_without_messages_names_what_is_missing():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Connections.csv", "First Name,Last Name,URL\n")
    assert "no messages.csv" in refused(buffer.getvalue(), "export.zip")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8\xff")
    assert "no messages.csv, .eml or .mbox" in refused(buffer.getvalue(), "stuff.zip")


def test_whether_a_zip_holds_messages_is_told_before_reading_them():
    assert zip_holds_messages(EXPORT_ZIP.read_bytes())
    for names, holds in [
        (["Connections.csv", "Profile.csv"], False),
        (["__MACOSX/._messages.csv", "Connections.csv"], False),  # a resource fork is no file
        (["mail/one.EML"], True),
        (["Takeout/Mail/All mail.mbox"], True),
    ]:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name in names:
                archive.writestr(name, "x")
        assert zip_holds_messages(buffer.getvalue()) is holds, names
    with pytest.raises(MessageFileError, match="damaged or incomplete"):
        zip_holds_messages(EXPORT_ZIP.read_bytes()[:-200])


def test_caps_refuse_a_csv_too_big_and_a_zip_bomb(monkeypatch, tmp_path):
    monkeypatch.setattr(reading_module, "MAX_CSV_BYTES", 1000)
    big = (FIXTURES / "linkedin_messages_2024.csv").read_bytes()
    assert "more than" in refused(big, "messages.csv")
    path = tmp_path / "messages.csv"
    path.write_bytes(big)
    with pytest.raises(MessageFileError, match="more than"):
        list(read_messages(path, path.name))

    monkeypatch.setattr(reading_module, "MAX_ZIP_TOTAL", 10_000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.eml", b"From: a@example.org\n\n" + b"0" * 1_000_000)
    assert len(buffer.getvalue()) < 10_000  # small packed, a megabyte unpacked
    assert "unpacks to" in refused(buffer.getvalue(), "bomb.zip")

    monkeypatch.setattr(reading_module, "MAX_ZIP_MEMBERS", 3)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(5):
            archive.writestr(f"{n}.eml", b"From: a@example.org\n\nhi\n")
    assert "holds 5 files" in refused(buffer.getvalue(), "many.zip")


# --- fuzz --------------------------------------------------------------------------------

_HEADER_NAMES = st.sampled_from(
    [
        "From",
        "To",
        "Cc",
        "Subject",
        "Date",
        "Message-ID",
        "References",
        "In-Reply-To",
        "Content-Type",
        "Content-Transfer-Encoding",
        "List-Id",
        "Precedence",
        "X-Gmail-Labels",
        "MIME-Version",
        "X-Odd",
    ]
)
_CHARSETS = st.sampled_from(
    ["utf-8", "iso-8859-1", "windows-1252", "koi8-r", "shift_jis", "utf-16", "x-unknown", ""]
)


@st.composite
def header_values(draw):
    plain = draw(st.text(max_size=60))
    charset = draw(_CHARSETS) or "utf-8"
    encoded_word = f"=?{charset}?{draw(st.sampled_from('BQbqX'))}?{draw(st.text(max_size=20))}?="
    date = draw(
        st.one_of(
            st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)).map(
                lambda d: d.strftime("%a, %d %b %Y %H:%M:%S +0000")
            ),
            st.text(max_size=30),
        )
    )
    folded = plain.replace(" ", "\r\n ", 2)
    return draw(st.sampled_from([plain, encoded_word, date, folded, f"{plain} <{plain}@x.org>"]))


@st.composite
def mails(draw):
    lines = [
        f"{draw(_HEADER_NAMES)}: {draw(header_values())}" for _ in range(draw(st.integers(0, 8)))
    ]
    charset = draw(_CHARSETS)
    if draw(st.booleans()):
        lines.append(
            f'Content-Type: text/{draw(st.sampled_from(["plain", "html"]))}; charset="{charset}"'
        )
        lines.append(
            f"Content-Transfer-Encoding: {draw(st.sampled_from(['base64', 'quoted-printable', '8bit', 'x']))}"
        )
    head = "\n".join(lines).encode("utf-8", "surrogatepass")
    return head + b"\n\n" + draw(st.binary(max_size=300))


def check_message(message):
    assert isinstance(message, Message)
    assert message.source in ("mail", "linkedin")
    assert isinstance(message.source_key, str) and message.source_key
    assert message.sent_at is None or (
        isinstance(message.sent_at, datetime) and message.sent_at.utcoffset().total_seconds() == 0
    )
    for person in (message.sender, *message.recipients):
        assert isinstance(person, Participant)
        assert isinstance(person.name, str)
        assert person.email is None or (
            isinstance(person.email, str) and person.email == person.email.lower()
        )
        assert person.linkedin_url is None or isinstance(person.linkedin_url, str)
    assert isinstance(message.recipients, tuple)
    assert isinstance(message.subject, str) and isinstance(message.text, str)
    assert len(message.text) <= MAX_TEXT
    assert message.thread is None or isinstance(message.thread, str)
    assert message.skip_reason is None or message.skip_reason in SKIP_REASONS
    assert message.line is None or isinstance(message.line, int)


def read_or_refuse(data: bytes, name: str) -> list[Message]:
    try:
        messages = list(read_messages(data, name))
    except MessageFileError as error:
        assert str(error)
        return []
    for message in messages:
        check_message(message)
    return messages


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mails())
def test_fuzz_one_mail_never_raises_anything_but_message_file_error(data):
    read_or_refuse(data, "fuzz.eml")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mails(), min_size=1, max_size=4))
def test_fuzz_an_mbox_of_random_mails(mails_):
    data = b"".join(
        b"From x@y Mon Oct 05 14:22:10 +0000 2026\n" + mail.replace(b"\nFrom ", b"\n>From ") + b"\n"
        for mail in mails_
    )
    messages = read_or_refuse(data, "fuzz.mbox")
    assert len(messages) == len(mails_)


_CELLS = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "2026-10-05 14:22:10 UTC",
            "SPAM",
            "true",
            "INBOX",
            "JosÃ©",
            "https://www.linkedin.com/in/x",
            "a,b",
            '"',
            "\n",
            "<p>x</p>",
        ]
    ),
)
_COLUMNS = [
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


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_CELLS, max_size=14), max_size=6), st.booleans())
def test_fuzz_linkedin_cells(rows, with_header):
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if with_header:
        writer.writerow(_COLUMNS)
    writer.writerows(rows)
    read_or_refuse(buffer.getvalue().encode("utf-8", "surrogatepass"), "messages.csv")


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["a.mbox", "a.eml", "a.csv", "a.zip", "a"]))
def test_fuzz_any_bytes_under_any_name(data, name):
    read_or_refuse(data, name)


# --- streaming ---------------------------------------------------------------------------


def test_a_mailbox_streams_message_by_message(tmp_path):
    """A 24 MB mbox is read holding a fraction of it: memory follows one message, not the file
    (so a ten-year Takeout of gigabytes reads in the same memory)."""
    path = tmp_path / "big.mbox"
    messages = 3_000
    with path.open("wb") as out:
        for n in range(messages):
            out.write(
                (
                    f"From {n}@xxx Mon Oct 05 14:22:10 +0000 2026\n"
                    f"Message-ID: <m{n}@example.org>\n"
                    "Date: Mon, 5 Oct 2026 14:22:10 +0000\n"
                    f"From: =?UTF-8?B?Sm9zw6k=?= <jose{n % 300}@example.com>\n"
                    "To: ada@example.org\n"
                    f"Subject: Message {n}\n"
                    "Content-Type: text/plain; charset=utf-8\n\n"
                    f"{'Body line with some words. ' * 300}\n\n"
                ).encode()
            )
    size = path.stat().st_size
    assert size > 20 * 1024 * 1024
    tracemalloc.start()
    try:
        count = 0
        for message in read_messages(path, path.name):
            count += 1
            assert message.sender.name == "José"
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == messages
    assert peak < size / 4, f"peak {peak / 1024**2:.1f} MB for a {size / 1024**2:.0f} MB file"
