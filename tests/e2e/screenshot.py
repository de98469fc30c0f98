"""Retake docs/screenshot.png, the README's picture: a real page of the app on the sample.

python -m tests.e2e.screenshot                 # the Contacts page
python -m tests.e2e.screenshot 'contacts?contact=5'
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.e2e.conftest import (
    CHROMIUM_ARGS,
    REPO,
    charts_drawn,
    chromium_path,
    new_context,
    open_app,
    start_server,
)


def main(path: str = "contacts") -> None:
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        sys.exit("Chromium not found: apt-get install chromium, or set FIELDWORK_CHROMIUM")
    page_path, _, query = path.partition("?")
    params = dict(part.split("=", 1) for part in query.split("&") if "=" in part)
    with tempfile.TemporaryDirectory() as folder:
        server = start_server(Path(folder), sample=True)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=executable, headless=True, args=CHROMIUM_ARGS
                )
                page = new_context(browser, viewport={"width": 1400, "height": 900}).new_page()
                open_app(page, server, page_path, **params)
                charts_drawn(page)
                page.evaluate("document.fonts.ready")  # the page's fonts loaded
                target = REPO / "docs" / "screenshot.png"
                target.parent.mkdir(exist_ok=True)
                page.screenshot(path=str(target))
                browser.close()
                print(f"wrote {target}")
        finally:
            server.stop()


if __name__ == "__main__":
    main(*sys.argv[1:2])
