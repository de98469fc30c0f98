"""The one list of pages names every file in pages/, once."""

from pathlib import Path

from lib.ui.pages import HIDDEN_PAGES
from tests.support.pages import COACH_PAGE_FILES, PAGE_FILES, app_pages

ROOT = Path(__file__).resolve().parents[2]


def test_the_page_list_names_every_page_file_once():
    on_disk = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))
    hidden = [spec.path for spec in HIDDEN_PAGES]
    assert on_disk == sorted(PAGE_FILES + COACH_PAGE_FILES + hidden)
    assert not set(PAGE_FILES) & set(COACH_PAGE_FILES)
    assert len({path for _, path in app_pages()}) == len(PAGE_FILES)


def test_the_benchmark_measures_every_page_the_app_lists():
    """bench/bench_pages.py reads the same list (it once parsed app.py and found no page)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_pages", ROOT / "bench" / "bench_pages.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.page_files() == PAGE_FILES
    assert sorted(path for path, _ in bench.navigation_pages()) == PAGE_FILES
