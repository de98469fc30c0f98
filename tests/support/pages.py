"""Every page the app lists, from the one list app.py builds its navigation from
(lib/ui/pages.py), so a new page is covered by every test that walks the pages."""

from __future__ import annotations

from pathlib import Path

from lib.ui.pages import COACH_PAGES, PAGES

PAGE_FILES: list[str] = sorted(spec.path for spec in PAGES)
# The coach's own pages, listed only over a folder of share packages (fieldwork coach FOLDER).
COACH_PAGE_FILES: list[str] = sorted(spec.path for spec in COACH_PAGES)


def app_pages() -> list[tuple[str, str]]:
    """(title, url path) of every page, in the order the sidebar lists them."""
    return [(spec.title, "" if spec.default else Path(spec.path).stem) for spec in PAGES]
