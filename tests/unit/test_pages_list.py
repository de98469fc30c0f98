"""The one list of pages names every file in pages/, once."""

from pathlib import Path

from tests.support.pages import PAGE_FILES, app_pages

ROOT = Path(__file__).resolve().parents[2]


def test_the_page_list_names_every_page_file_once():
    on_disk = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))
    assert on_disk == PAGE_FILES
    assert len({path for _, path in app_pages()}) == len(PAGE_FILES)
