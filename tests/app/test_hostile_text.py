"""Hostile text: names, titles and notes full of Markdown, HTML, icons and LaTeX are shown as
typed on every page, never as an image, a link, HTML or a formula the app did not put there.

Streamlit renders Markdown (st.markdown, captions, alerts, toasts, titles, and the labels and
help of widgets, expanders, popovers and tabs) in the browser; AppTest holds the Markdown
source. tests/markdown_check parses each source as CommonMark and applies Streamlit's own text
rewrites (icons, emoji, bare links), so what a browser would show is what is checked.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

import pytest
from markdown_it import MarkdownIt

from lib import (
    board,
    coach,
    contacts,
    conversations,
    followups,
    organizations,
    paths,
    questions,
    reviews,
    schedule,
    store,
)
from tests.markdown_check import ESCAPES_AND_CODE, LATEX, TEXT_REWRITES
from tests.support.apptest import open_tab
from tests.support.days import TODAY
from tests.support.pages import PAGE_FILES

MARK = "Zed"  # every hostile string carries it, so the test can tell they were shown at all
PAYLOAD = (
    "![p](http://127.0.0.1/x.png) [c](http://127.0.0.1/l) <img src=x onerror=alert(1)> "
    ":material/home: :smile: $x$ <b>raw</b> http://127.0.0.1/bare"
)
NAME = f"# {MARK} {PAYLOAD}"
NOTE = f"# {MARK} big\n{PAYLOAD}\n- {MARK} item\n> quoted\n\n    indented {MARK}"
PAGES = PAGE_FILES
# The app's own HTML (a <style> block for layout) is fine; HTML from user text is not.
HOSTILE_HTML = re.compile(rf"onerror|<b>raw|127\.0\.0\.1|{MARK}")
_PARSER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
# Element types whose text Streamlit shows as plain text, not Markdown.
PLAIN_ELEMENTS = {"Text", "Code", "Exception", "Json", "Dataframe", "Arrow"}
MARKDOWN_FIELDS = {"body", "label", "help"}


@pytest.fixture
def hostile_path(db_path):
    """A database where every piece of user text is hostile."""
    db = store.open_database(db_path)
    organizations.add_organization(db, {"name": f"{MARK} Org {PAYLOAD}", "industry": NAME})
    first = contacts.save_contact(
        db,
        {
            "name": NAME,
            "role": NAME,
            "organization": f"{MARK} Org {PAYLOAD}",
            "industry": NAME,
            "location": NAME,
            "hook": NOTE,
            "tags": f"{MARK} <b>tag</b>, :material/home:, ![t](http://127.0.0.1/t.png)",
            "private_notes": NOTE,
            "email": "zed@example.org",
            "linkedin_url": "https://linkedin.com/in/zed",
        },
    )
    second = contacts.save_contact(
        db,
        {"name": f"{MARK} Second {PAYLOAD}", "referred_by_id": first, "hook": NOTE},
    )
    sent = TODAY - timedelta(days=14)
    contacts.log_interaction(db, second, "outreach", sent, NOTE)
    contacts.log_interaction(db, first, "outreach", TODAY - timedelta(days=40), NOTE)
    question = questions.add_question(db, f"{MARK} {PAYLOAD}?", "insights")
    conversations.save_conversation(
        db,
        first,
        {
            "held_on": TODAY - timedelta(days=2),
            "mode": "video",
            "duration_minutes": 35,
            "notes": NOTE,
            "private_notes": NOTE,
            "takeaways": NOTE,
            "still_interested": "maybe",
            "alternative_role": NAME,
        },
        answers=[conversations.Answer(f"{MARK} {PAYLOAD}?", NOTE, question)],
        recommendations=[
            conversations.Recommendation("book", NAME, NOTE),
            conversations.Recommendation("person", f"{MARK} Person {PAYLOAD}", NOTE),
        ],
        today=TODAY,
    )
    item = board.add_item(
        db, {"kind": "book", "title": NAME, "detail": NOTE, "url": "https://example.org/zed"}
    )
    board.set_status(db, item, "done", TODAY, done_on=TODAY, outcome=f"{MARK} {PAYLOAD}")
    board.add_item(db, {"kind": "event", "title": NAME, "detail": NOTE})
    followups.sync_tasks(db, TODAY)
    open_tasks = [t for t in followups.open_tasks(db, TODAY) if t.kind != "thank_you"]
    if open_tasks:
        followups.skip(db, open_tasks[0].id, NOTE)
    path = paths.create_path(
        db,
        {
            "name": f"{MARK} ![p](http://127.0.0.1/x.png) <b>raw</b> :material/home: $x$",
            "description": NOTE,
        },
        TODAY,
    )
    paths.add_question(db, path, f"{MARK} {PAYLOAD}?", TODAY)
    # The conversation informed the path: appeals, hard parts and questions, all hostile.
    links = [paths.PathLink(path, "yes", NOTE, NOTE, f"{MARK} raised {PAYLOAD}?")]
    paths.save_links(db, 1, TODAY - timedelta(days=2), links, TODAY)
    paths.tie_item(db, item, path)
    schedule.schedule(
        db,
        first,
        {
            "day": TODAY + timedelta(days=2),
            "time": time(10, 0),
            "time_zone": "UTC",
            "planned_minutes": 20,
            "mode": "video",
            "place_or_link": NAME,
        },
        question_ids=[question],
        path_ids=[path],
        now=datetime(2026, 11, 25, 9, 0, tzinfo=UTC),
    )
    reviews.save_goals(db, TODAY, {})
    reviews.save_reflections(db, TODAY, NOTE, NOTE)
    coach.save_coach_comment(db, TODAY, NOTE)
    db.close()
    return db_path


def _strings(node):
    """(message type, field, text) for every string a node's protobuf holds, recursively."""
    proto = getattr(node, "proto", None)
    if proto is not None and hasattr(proto, "ListFields"):
        yield from _proto_strings(proto)
    for child in getattr(node, "children", {}).values():
        yield from _strings(child)


def _proto_strings(message):
    for field, value in message.ListFields():
        repeated = not isinstance(value, str | bytes) and not hasattr(value, "ListFields")
        values = list(value) if repeated and hasattr(value, "__iter__") else [value]
        for item in values:
            if isinstance(item, str):
                yield type(message).__name__, field.name, item
            elif hasattr(item, "ListFields"):
                yield from _proto_strings(item)


def _markdown_sources(at) -> list[str]:
    sources = []
    for element_type, field, text in _strings(at._tree):
        if element_type not in PLAIN_ELEMENTS and field in MARKDOWN_FIELDS:
            sources.append(text)
    # Radio and button-group options are Markdown too.
    sources += [option for radio in at.radio for option in radio.options]
    sources += [toast.value for toast in at.toast]
    return sources


def _tokens(tokens):
    for token in tokens:
        yield token
        if token.children:
            yield from _tokens(token.children)


def hostile_findings(source: str) -> list[str]:
    """What in one Markdown source turned hostile user text into more than text."""
    found = []
    tokens = list(_tokens(_PARSER.parse(source)))
    for index, token in enumerate(tokens):
        if token.type == "image":
            found.append(f"image {token.attrs}")
        elif token.type in ("html_inline", "html_block") and HOSTILE_HTML.search(token.content):
            found.append(f"HTML {token.content!r}")
        elif token.type == "link_open" and "127.0.0.1" in str(token.attrs.get("href")):
            found.append(f"link {token.attrs}")
        elif token.type == "heading_open" and tokens[index + 1].content.startswith(MARK):
            found.append("heading made of user text")  # the user's "# Zed" became a heading
        elif token.type == "code_block" and MARK in token.content:
            found.append("code block made of user text")
        elif token.type == "text":
            for name, pattern in TEXT_REWRITES.items():
                for match in pattern.finditer(token.content):
                    if re.search(r"home|smile|127\.0\.0\.1|tag", match.group(0)):
                        found.append(f"{name}: {match.group(0)}")
    if MARK in source and LATEX.search(ESCAPES_AND_CODE.sub("", source)):
        found.append("LaTeX")
    return found


LAZY_TABS = {
    "pages/conversations.py": ("conversations_tab", ["Schedule", "Recent", "Question bank"])
}


def _open_lazy_parts(at, page: str) -> list[str]:
    """What only shows once opened: each due entry, and each tab built only while open."""
    sources = []
    keys = [re.search(r"-(due_open_\d+)$", e.proto.id) for e in at.expander]
    for key in [k.group(1) for k in keys if k]:
        at.session_state[key] = True
    if any(keys):
        sources += _markdown_sources(at.run())
    tab_key, labels = LAZY_TABS.get(page, (None, []))
    for label in labels:
        sources += _markdown_sources(open_tab(at, tab_key, label))
    return sources


def _walk(open_page, page: str, **params):
    at = open_page(page, **params)
    sources = _markdown_sources(at) + _open_lazy_parts(at, page)
    problems = {source: hostile_findings(source) for source in sources}
    return at, sources, {source: found for source, found in problems.items() if found}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_hostile_text_as_text(open_page, hostile_path, page):
    _, _, problems = _walk(open_page, page)
    assert problems == {}


@pytest.mark.parametrize(
    "page, params",
    [
        ("pages/contacts.py", {"contact": 1}),
        ("pages/contacts.py", {"contact": 2}),
        ("pages/conversations.py", {"conversation": 1}),
        ("pages/conversations.py", {"contact": 1}),
        ("pages/board.py", {"item": 1}),
        ("pages/brief.py", {"contact": 1}),
        ("pages/search.py", {"q": MARK}),
        ("pages/home.py", {}),
        ("pages/review.py", {}),
        ("pages/paths.py", {"path": 1}),
        ("pages/conversations.py", {"scheduled": 1}),
    ],
)
def test_views_of_hostile_records_show_them_escaped(open_page, hostile_path, page, params):
    _, sources, problems = _walk(open_page, page, **params)
    assert problems == {}
    # Not vacuous: the hostile text is on the page, escaped.
    shown = [source for source in sources if MARK in source]
    assert shown, f"{page} {params} shows none of the hostile records"


def test_the_saved_confirmation_shows_a_hostile_name_as_text(open_page, db_path):
    at = open_page("pages/contacts.py")
    [name] = [box for box in at.text_input if box.label == "Name *"]
    name.input(NAME)
    [save] = [button for button in at.button if button.label == "Save contact"]
    save.click().run()
    assert not at.exception
    # A toast, or the focused note the contact page now shows after a save.
    said = [message.value for message in [*at.toast, *at.success]]
    assert any(MARK in message for message in said), said
    assert [hostile_findings(message) for message in said] == [[] for _ in said]


def test_the_check_sees_hostile_text_left_unescaped():
    # The test must be able to fail: raw hostile text is caught by every rule it relies on.
    found = " ".join(hostile_findings(NOTE))
    for kind in ("image", "HTML", "link", "heading", "material icon", "LaTeX", "code block"):
        assert kind in found, kind


def test_a_hostile_search_with_no_results_shows_the_words_as_text(open_page, hostile_path):
    # The words can come from a link (?q=...): the "nothing matches" line shows them as typed.
    at = open_page("pages/search.py", q=f"qqxyzzy {NAME}")
    sources = [source for source in _markdown_sources(at) if "qqxyzzy" in source]
    assert any("Nothing matches" in source for source in sources), sources
    assert [hostile_findings(source) for source in sources] == [[] for _ in sources]


def test_a_3b_reminder_at_a_hostile_organization_with_no_one_else_shows_it_as_text(
    open_page, db_path
):
    db = store.open_database(db_path)
    organization = f"{MARK} Lone {PAYLOAD}"
    alone = contacts.save_contact(db, {"name": "Ann Alone", "organization": organization})
    contacts.log_interaction(db, alone, "outreach", TODAY - timedelta(days=5), "Hello")
    followups.sync_tasks(db, TODAY)
    assert any(t.kind == "next_contact" for t in followups.open_tasks(db, TODAY))
    db.close()
    at = open_page("pages/home.py")
    sources = [source for source in _open_lazy_parts(at, "home") if "No one else at" in source]
    assert sources, "the 3B help is not shown"
    assert [hostile_findings(source) for source in sources] == [[] for _ in sources]


def test_hostile_messages_show_as_text_in_the_import_preview_report_and_timeline(
    open_page, hostile_path
):
    from email.utils import formataddr

    from lib import own_addresses
    from tests.support import message_files

    db = store.open_database(hostile_path)
    own_addresses.save_own_addresses(db, "me@example.org", None)
    db.close()
    flat = " ".join(NAME.split())
    mails = [
        # To the hostile contact the day after their conversation: a thank-you mark.
        message_files.mail(
            "Me <me@example.org>", "zed@example.org", message_files.at(1), NAME, NOTE, "thanks"
        ),
        # From someone not in Fieldwork, with the contact's very name: a same-name offer.
        message_files.mail(
            formataddr((flat, "other@example.net")), "me@example.org", message_files.at(3),
            f"{MARK} {PAYLOAD}", NOTE, "stranger",
        ),
        message_files.mail(
            formataddr((f"{MARK} Stranger {PAYLOAD}", "far@example.net")), "me@example.org",
            message_files.at(4), NAME, NOTE, "far",
        ),
    ]  # fmt: skip
    at = open_page("pages/import_contacts.py")
    file_name = f"{MARK} <b>raw</b> ![p](http://127.0.0.1/x.png).mbox"
    at.file_uploader[0].set_value((file_name, message_files.mbox_bytes(mails), "application/mbox"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    labels = [c.label for c in at.checkbox]
    assert any(label.startswith("Thank-you note to") for label in labels), labels
    assert any("It is my contact" in label for label in labels), labels
    sources = _markdown_sources(at)
    assert sum(MARK in source for source in sources) >= 4  # not vacuous: they are shown
    assert {s: hostile_findings(s) for s in sources if hostile_findings(s)} == {}

    at.button(key="msg_import_go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Imported" in at.success[0].value
    sources = _markdown_sources(at)
    assert any(MARK in source for source in sources)  # the file's name in Past imports
    assert {s: hostile_findings(s) for s in sources if hostile_findings(s)} == {}

    _, sources, problems = _walk(open_page, "pages/contacts.py", contact=1)
    assert problems == {}
