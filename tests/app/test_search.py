"""Search page: grouped results that link to where they live; private notes hidden for a coach."""

from urllib.parse import parse_qsl

import pytest

from lib import conversations, store
from lib.contacts import save_contact


@pytest.fixture
def search_path(db_path):
    database = store.open_database(db_path)
    amara = save_contact(
        database,
        {"name": "Amara Okafor", "hook": "Runs community solar", "private_notes": "secretive"},
    )
    conversations.save_conversation(
        database,
        amara,
        {"held_on": "2026-11-20", "mode": "video", "notes": "Solar permits take months."},
        recommendations=[conversations.Recommendation("book", "Solar Power Basics")],
    )
    database.close()
    return db_path


def _links(at):
    """(label, url path of the page, query parameters) of every page link shown."""
    return [
        (link.proto.label, link.proto.page, dict(parse_qsl(link.proto.query_string)))
        for link in at.get("page_link")
    ]


def test_results_grouped_and_linked(open_page, search_path):
    at = open_page("pages/search.py")
    assert any("Type a word or two" in i.value for i in at.info)
    at.text_input(key="search_query").input("solar").run()
    assert [s.value for s in at.header] == [
        "Contacts (1)",
        "Conversation notes (1)",
        "Board items (1)",
    ]
    links = _links(at)
    labels = [label.replace("\\", "") for label, _, _ in links]  # labels are escaped markdown
    assert "Amara Okafor" in labels
    assert "Conversation with Amara Okafor on 2026-11-20" in labels
    contact = next(link for link in links if link[0] == "Amara Okafor")
    assert contact[1:] == ("contacts", {"contact": "1"})
    item = next(link for link in links if link[0].startswith("Solar Power Basics"))
    assert item[1:] == ("board", {"item": "1"})
    assert "Solar permits take months." in [c.value.replace("\\", "") for c in at.caption]


def test_a_board_item_names_everyone_who_recommended_it(open_page, search_path):
    database = store.open_database(search_path)
    jonas = save_contact(database, {"name": "Jonas Weber"})
    conversations.save_conversation(
        database,
        jonas,
        {"held_on": "2026-11-23", "mode": "phone"},
        recommendations=[conversations.Recommendation("book", "solar power basics")],
    )
    database.close()
    at = open_page("pages/search.py")
    at.text_input(key="search_query").input("solar").run()
    assert not at.exception
    assert "Board items (1)" in [s.value for s in at.header]  # one card, not two
    labels = [label.replace("\\", "") for label, _, _ in _links(at)]
    assert "Solar Power Basics (Book or article, To do) · from Amara Okafor and Jonas Weber" in (
        labels
    )


@pytest.mark.parametrize("query", ['"solar', "solar AND (", "co-op's *", "NOT"])
def test_nasty_queries_show_a_message_not_a_traceback(open_page, search_path, query):
    at = open_page("pages/search.py")
    at.text_input(key="search_query").input(query).run()
    assert not at.exception


def test_nothing_found(open_page, search_path):
    at = open_page("pages/search.py")
    at.text_input(key="search_query").input("zebra").run()
    assert any("Nothing matches “zebra”" in i.value for i in at.info)


def test_coach_mode_does_not_search_private_notes(open_page, search_path, monkeypatch):
    at = open_page("pages/search.py")
    at.text_input(key="search_query").input("secretive").run()
    assert [s.value for s in at.header] == ["Contacts (1)"]
    monkeypatch.setenv("FIELDWORK_COACH", "1")
    coach = open_page("pages/search.py")
    coach.text_input(key="search_query").input("secretive").run()
    assert [s.value for s in coach.header] == []
    assert any("Nothing matches" in i.value for i in coach.info)


def test_a_broken_index_says_so_instead_of_no_results(open_page, search_path):
    database = store.connect(search_path)
    database.execute("DROP TABLE research_items_fts")
    database.close()
    at = open_page("pages/search.py")
    at.text_input(key="search_query").input("solar").run()
    assert not at.exception
    assert any("Search could not read your data" in e.value for e in at.error)
    assert not any("Nothing matches" in i.value for i in at.info)
