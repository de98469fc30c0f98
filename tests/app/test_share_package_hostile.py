"""A share package whose client name and contacts hold script and Markdown injection: it opens
as a package, and the pages show what it holds as text."""

import pytest
from markdown_it import MarkdownIt

from lib import contacts, store
from lib.formats.share_package import open_package, write_package
from tests.support.apptest import run_page

MARK = "Zed"
PAYLOAD = (
    "<script>alert(1)</script> ![p](http://127.0.0.1/x.png) [c](http://127.0.0.1/l) "
    "<img src=x onerror=alert(1)> **bold**"
)
NAME = f"{MARK} {PAYLOAD}"
_PARSER = MarkdownIt("commonmark", {"html": True})


def _tokens(tokens):
    for token in tokens:
        yield token
        yield from _tokens(token.children or [])


def injected(source: str) -> list[str]:
    """What in a Markdown source turned the injected text into more than text."""
    found = []
    for token in _tokens(_PARSER.parse(source)):
        if token.type == "image":
            found.append(f"image {token.attrs}")
        elif token.type == "link_open" and "127.0.0.1" in str(token.attrs.get("href")):
            found.append(f"link {token.attrs}")
        elif token.type.startswith("html") and (
            "onerror" in token.content or "<script" in token.content
        ):
            found.append(f"HTML {token.content!r}")
    return found


@pytest.fixture
def hostile_package(tmp_path, db_path, monkeypatch):
    """A package made from a file of hostile names, put where a coach-mode session reads."""
    source = store.open_database(tmp_path / "client.db")
    contacts.save_contact(source, {"name": NAME, "role": NAME, "hook": NAME, "organization": NAME})
    package = tmp_path / "hostile.fieldwork-share"
    write_package(source, package, client_name=NAME)
    source.close()
    db_path.write_bytes(package.read_bytes())
    monkeypatch.setenv("FIELDWORK_COACH", "1")
    return package


def test_the_hostile_package_opens_fine(hostile_package):
    opened = open_package(hostile_package)
    assert opened.share_manifest["client_name"] == NAME
    assert opened.execute("SELECT name, hook FROM contacts").fetchone() == (NAME, NAME)


def test_the_contact_page_shows_the_hostile_package_as_text(hostile_package):
    at = run_page("pages/contacts.py", contact="1")
    sources = [m.value for m in at.markdown] + [c.value for c in at.caption]
    assert any(MARK in s for s in sources), "the hostile text was not shown at all"
    problems = [(s, found) for s in sources if (found := injected(s))]
    assert not problems
