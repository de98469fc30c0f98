"""Regenerate the README's screenshots from the sample, in Chromium, so they never go stale.

    PYTHONPATH=$PWD python docs/screenshots.py            # every shot
    PYTHONPATH=$PWD python docs/screenshots.py home       # one of them, by name

Each shot starts the real app (`streamlit run`, as the browser tests do) on a fresh database
holding the sample, with "today" fixed to tests/support/days.py's TODAY, so the same code
always gives the same pictures. It writes docs/screenshot-<name>.png.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.e2e.conftest import (  # noqa: E402 (after the repository is on the path)
    CHROMIUM_ARGS,
    SKELETON,
    charts_drawn,
    chromium_path,
    new_context,
    open_app,
    start_server,
    wait_for_app,
)

VIEWPORT = {"width": 1280, "height": 900}


@dataclass(frozen=True)
class Shot:
    """One screenshot: the page to open, what to do there first, and how much to keep."""

    name: str
    path: str
    ready: str  # text the page shows once drawn (a busy machine can be slow to draw it)
    prepare: Callable | None = None
    height: int | None = None  # the page's top this tall; None: the viewport
    coach_clients: int = 0  # >0: the coach's Fieldwork over a folder of this many packages


def _open_first_due_today(page) -> None:
    """Open the first entry due today, so the shot shows a reason and its draft."""
    entry = page.locator("[data-testid=stExpander] summary", has_text="Will Adeyemi").first
    entry.click()
    wait_for_app(page)
    # Opening it scrolled the page: back to the top, where Coming up is.
    page.evaluate(
        "document.querySelectorAll('[data-testid=stMain], [data-testid=stAppViewContainer]')"
        ".forEach((el) => el.scrollTo(0, 0)); window.scrollTo(0, 0)"
    )


SHOTS = [
    # Home: what is coming up, the call not captured yet and what is due, one entry opened.
    Shot("home", "", "What is due", _open_first_due_today, height=1900),
    # The weekly review: this week's numbers against goals and last week, the streak, charts.
    Shot("review", "review", "Week of", height=2200),
    # The coach's Clients page over a folder of five clients' packages, each made from the
    # sample with its own seed (tests/support/client_packages.py, as the browser test uses).
    Shot("clients", "", "Each client in a sentence", height=1100, coach_clients=5),
]


def _server(folder: Path, shot: Shot):
    """The app for a shot: the person's on the sample, or a coach's over a folder of packages."""
    if not shot.coach_clients:
        return start_server(Path(folder), sample=True)
    from tests.support import client_packages

    packages = Path(folder) / "packages"
    packages.mkdir()
    client_packages.folder_of_clients(packages, shot.coach_clients)
    extra = {"FIELDWORK_COACH_FOLDER": str(packages), "FIELDWORK_COACH_NAME": "Maya Lind"}
    return start_server(Path(folder) / "coach", extra_env=extra)


def take(shots: list[Shot]) -> list[Path]:
    """Take the shots; return the files written."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        sys.exit("Chromium not found: apt-get install chromium, or set FIELDWORK_CHROMIUM")
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        for shot in shots:
            with tempfile.TemporaryDirectory() as folder:
                server = _server(Path(folder), shot)
                try:
                    # Tall from the start: a resize after the run redraws the page blank.
                    height = shot.height or VIEWPORT["height"]
                    viewport = {"width": VIEWPORT["width"], "height": height}
                    page = new_context(browser, viewport=viewport).new_page()
                    open_app(page, server, shot.path)
                    page.get_by_text(shot.ready).first.wait_for(timeout=60_000)
                    # Widgets load their code on first use and show a skeleton meanwhile.
                    page.wait_for_selector(SKELETON, state="detached", timeout=60_000)
                    if shot.prepare:
                        shot.prepare(page)
                    charts_drawn(page)
                    page.evaluate("document.fonts.ready")
                    target = REPO / "docs" / f"screenshot-{shot.name}.png"
                    page.screenshot(path=str(target))
                    written.append(target)
                    print(f"wrote {target.relative_to(REPO)}")
                finally:
                    server.stop()
        browser.close()
    return written


def main(names: list[str]) -> None:
    chosen = [shot for shot in SHOTS if not names or shot.name in names]
    unknown = set(names) - {shot.name for shot in SHOTS}
    if unknown:
        sys.exit(
            f"No shot named {', '.join(sorted(unknown))}; pick from "
            f"{', '.join(s.name for s in SHOTS)}."
        )
    take(chosen)


if __name__ == "__main__":
    main(sys.argv[1:])
