"""Streamlit AppTest helpers for tests/app: the real app.py run on one page, and ways to find
what the page shows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
HOME = "pages/home.py"


def run_page(
    page: str = HOME, *, check: bool = True, secrets: dict | None = None, **query_params
) -> AppTest:
    """A new session of app.py that has run page, as a browser opening its address.

    query_params are the address's (contact=3: ?contact=3), secrets what secrets.toml would hold.
    app.py runs first on home; another page is then switched to, unless that first run failed.
    With check (the default) an exception on the page fails the test at once.
    """
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query_params.items():
        at.query_params[key] = str(value)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    at.run()
    if page != HOME and not at.exception:
        at.switch_page(page)
        at.run()
        # From here on each run stays on the page the last one ended on, as a browser does: a
        # st.switch_page in the script (one conversation opens on its own address) moves it.
        # AppTest keeps asking for the switched-to page otherwise; "" is its own "stay here".
        at._page_hash = ""
    if check:
        assert not at.exception, [e.value for e in at.exception]
    return at


def open_tab(at: AppTest, key: str, label: str) -> AppTest:
    """Click a stateful tab (st.tabs(..., key=key, on_change="rerun")): its content is built."""
    at.session_state[key] = label
    return at.run()


def by_label(widgets, label: str):
    """The first of widgets (at.button, at.selectbox, ...) with that label."""
    matches = [w for w in widgets if w.label == label]
    assert matches, f"no widget labelled {label!r}; have {[w.label for w in widgets]}"
    return matches[0]


def button(at: AppTest, label: str):
    """The first button with that label."""
    return by_label(at.button, label)


def markdown_text(at: AppTest) -> str:
    """Every Markdown element's text, as one string."""
    return " ".join(m.value for m in at.markdown)


def in_order(node) -> Iterator:
    """Every element under node (at.main, at.sidebar), top to bottom."""
    children = getattr(node, "children", None)
    if not children:
        yield node
        return
    for key in sorted(children):
        yield from in_order(children[key])
