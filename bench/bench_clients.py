"""How fast is the coach's Clients page with 50 clients' share packages in the folder?

Builds 50 packages (five client files of the sample, each with its own story, written as
share packages under 50 names) in a temporary folder, then measures the Clients page:

- the rows read cold (every package opened and counted once: what a coach waits for after
  the folder synced 50 new packages) and warm (the rows cached per file's size and mtime);
- AppTest: a session's first run of the page and a warm rerun, in this process;
- the browser: `streamlit run` over the folder, Chromium opening Clients, then reloads of
  the warm page: from navigation to the page settled (issue 19's target: 1 s).

Prints a table; asserts nothing.

    python bench/bench_clients.py                # build, measure, print
    python bench/bench_clients.py --no-browser   # AppTest only
    python bench/bench_clients.py --keep DIR     # keep the packages in DIR
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

TODAY = date(2026, 11, 25)
CLIENTS = 50
STORIES = 5  # distinct client files; each is shared under ten names
TARGET_BROWSER_S = 1.0
RUNS = 5


def build(folder: Path) -> list[Path]:
    """CLIENTS packages in folder, from STORIES client files (the sample, shifted and reseeded)."""
    os.environ["FIELDWORK_TODAY"] = TODAY.isoformat()
    from lib import store
    from lib.formats import share_package
    from lib.sample import load_sample

    work = Path(tempfile.mkdtemp(prefix="fieldwork-bench-clients-"))
    made = []
    try:
        for story in range(STORIES):
            db = store.open_database(work / f"story{story}.db")
            load_sample(db, today=TODAY + timedelta(days=7 * story), seed=11 + story)
            for copy in range(CLIENTS // STORIES):
                number = story * (CLIENTS // STORIES) + copy
                out = folder / f"client{number:02d}{share_package.EXTENSION}"
                share_package.write_package(db, out, client_name=f"Client {number:02d}")
                made.append(out)
            db.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return made


def timed(function, runs: int = RUNS) -> list[float]:
    """Seconds each of runs calls of function took."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def measure_rows(folder: Path) -> dict[str, float]:
    """The rows from lib, cold (each package read once) and the per-file check when warm."""
    from lib import clients

    cold = timed(lambda: clients.folder_rows(folder, TODAY), runs=1)[0]
    scan = statistics.median(
        timed(lambda: [clients.file_signature(p) for p in clients.package_paths(folder)])
    )
    return {"rows, cold (lib)": cold, "files checked, warm (lib)": scan}


def measure_apptest(folder: Path) -> dict[str, float]:
    """A session's first run of Clients (rows cached after the first) and a warm rerun."""
    from streamlit.testing.v1 import AppTest

    os.environ["FIELDWORK_COACH_FOLDER"] = str(folder)
    os.environ["FIELDWORK_DB"] = str(folder / ".coach-own.db")

    def session():
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    cold = timed(session, runs=1)[0]
    first = statistics.median(timed(session))
    at = session()
    rerun = statistics.median(timed(at.run))
    return {
        "AppTest first run, cold cache": cold,
        "AppTest new session, warm": first,
        "AppTest rerun, warm": rerun,
    }


def _bench_pages():
    """bench/bench_pages.py, for its browser timing (click -> the page's script finished)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_pages", REPO / "bench" / "bench_pages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measure_browser(folder: Path) -> dict[str, float]:
    """Chromium over `streamlit run`: a sidebar click to Clients until it settled, warm (timed
    as bench_pages.py times pages), and a filter flipped on the page."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM_ARGS, chromium_path, open_app, start_server

    pages = _bench_pages()
    executable = chromium_path()
    if executable is None:
        return {}
    server_dir = Path(tempfile.mkdtemp(prefix="fieldwork-bench-server-"))
    server = start_server(server_dir, extra_env={"FIELDWORK_COACH_FOLDER": str(folder)})
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
            tab = browser.new_page(viewport={"width": 1400, "height": 900})
            start = time.perf_counter()
            open_app(tab, server, "")
            tab.get_by_test_id("stDataFrame").wait_for()
            cold = time.perf_counter() - start
            clicks = []
            for _ in range(RUNS):
                pages._click_and_settle(tab, "Search")  # away (no client open: a short page)
                clicks.append(pages._click_and_settle(tab, "Clients") / 1000)
            flips = []
            for _ in range(RUNS):
                tab.evaluate(pages.WATCH_JS)
                tab.get_by_text("Only who needs attention").click()
                tab.wait_for_function(pages.SETTLED_JS, timeout=60_000)
                flips.append(
                    tab.evaluate(
                        "() => window.__fieldworkBench.done - window.__fieldworkBench.clicked"
                    )
                    / 1000
                )
            browser.close()
    finally:
        server.stop()
        shutil.rmtree(server_dir, ignore_errors=True)
    return {
        "browser: Clients opened, cold": cold,
        "browser: sidebar click -> Clients, warm (median)": statistics.median(clicks),
        "browser: sidebar click -> Clients, warm (worst)": max(clicks),
        "browser: filter flipped, warm (median)": statistics.median(flips),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="fieldwork-bench-packages-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        start = time.perf_counter()
        packages = build(folder)
        made = time.perf_counter() - start
        size = sum(p.stat().st_size for p in packages) / 1e6
        print(f"{len(packages)} packages, {size:.1f} MB, made in {made:.1f} s\n")
        results = measure_rows(folder)
        results.update(measure_apptest(folder))
        if not args.no_browser:
            results.update(measure_browser(folder))
        width = max(len(name) for name in results)
        print(f"{'measure':<{width}}  seconds")
        print(f"{'-' * width}  -------")
        for name, seconds in results.items():
            flag = ""
            if name.startswith("browser") and "warm" in name and seconds > TARGET_BROWSER_S:
                flag = f"  over the {TARGET_BROWSER_S:.0f} s target"
            print(f"{name:<{width}}  {seconds:7.3f}{flag}")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
