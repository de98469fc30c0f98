"""Every page the app lists: read from the st.Page entries in app.py, so a new page is covered."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def app_pages() -> list[tuple[str, str]]:
    """(title, url path) of every st.Page in app.py, in the order the sidebar lists them."""
    tree = ast.parse((REPO / "app.py").read_text())
    pages = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "Page"
        ):
            continue
        source = node.args[0].value
        keywords = {k.arg: k.value for k in node.keywords}
        title = keywords["title"].value if "title" in keywords else Path(source).stem
        default = "default" in keywords and keywords["default"].value is True
        if "url_path" in keywords:
            path = keywords["url_path"].value
        else:
            path = "" if default else Path(source).stem
        pages.append((title, path))
    assert pages, "app.py lists no st.Page"
    return pages
