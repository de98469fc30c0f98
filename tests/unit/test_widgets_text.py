"""lib.ui.widgets.plain: user text shown through st.markdown reads exactly as typed."""

from lib.ui.widgets import plain


def test_plain_escapes_markdown_links_emphasis_headings_and_directives():
    typed = "[click](http://x) *bold* :red[alarm] $x$ <b>hi</b>\n===\n- item & more"
    escaped = plain(typed)
    for raw in ("[click](", "*bold*", ":red[", "$x$", "<b>", "\n===", "\n- item", " & more"):
        assert raw not in escaped
    assert escaped.replace("\\", "").replace("\u2060", "").replace("  \n", "\n") == typed
