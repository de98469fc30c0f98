import pytest

from lib import board, conversations, search, store
from lib.contacts import log_interaction, save_contact
from tests.support.days import TODAY


@pytest.fixture
def filled(db):
    amara = save_contact(
        db,
        {
            "name": "Liam O'Connor",
            "role": "Community-solar organizer",
            "organization": "SolarShare Co-op",
            "hook": "Wrote an article on heat pumps",
            "private_notes": "Seemed rushed; confidential worry",
        },
    )
    conversation = conversations.save_conversation(
        db,
        amara,
        {
            "held_on": "2026-11-20",
            "mode": "video",
            "notes": "Grant writing matters more than technical depth.",
            "takeaways": "Volunteer on a subscription drive.",
            "private_notes": "He mentioned a confidential reorganisation.",
        },
        answers=[
            conversations.Answer("Who else should I talk to?", "Try Pablo Suárez at GridWise.")
        ],
        recommendations=[conversations.Recommendation("book", "Drawdown", "Chapter on grids")],
    )
    log_interaction(db, amara, "reply", "2026-11-18", "Happy to chat about retrofits")
    return {"contact": amara, "conversation": conversation}


def test_finds_every_kind_with_where_it_lives(db, filled):
    results = search.search(db, "grid")
    kinds = set(results.groups)
    assert kinds == {"answers", "items"}  # "GridWise" and "grids", by prefix
    conversation = search.search(db, "grant").groups["conversations"][0]
    assert conversation.page == "pages/conversations.py"
    assert conversation.query_params == {"conversation": str(filled["conversation"])}
    assert conversation.title == "Conversation with Liam O'Connor on 2026-11-20"
    assert "Grant writing" in conversation.snippet
    answer = results.groups["answers"][0]
    assert answer.query_params == {"conversation": str(filled["conversation"])}
    item = results.groups["items"][0]
    assert item.page == "pages/board.py"
    assert item.title.startswith("Drawdown (Book or article, To do) · from Liam O'Connor")

    contact = search.search(db, "o'connor").groups["contacts"][0]
    assert contact.query_params == {"contact": str(filled["contact"])}
    assert contact.title == "Liam O'Connor — SolarShare Co-op"
    reply = search.search(db, "retrofits").groups["interactions"][0]
    assert reply.page == "pages/contacts.py"
    assert reply.title == "Reply received · Liam O'Connor · 2026-11-18"


def test_words_are_anded_and_the_last_is_a_prefix(db, filled):
    assert "conversations" in search.search(db, "grant tech").groups
    assert search.search(db, "grant banana").total == 0


def test_accents_do_not_matter(db, filled):
    assert search.search(db, "suarez").groups["answers"][0].snippet.startswith("Try Pablo Suárez")


def test_hyphens_and_apostrophes(db, filled):
    assert "contacts" in search.search(db, "community-solar").groups
    assert search.search(db, "O'Connor").total >= 1


# Queries with nothing but FTS syntax: no word to look for, so nothing found.
NO_WORDS = ['"', "'", "*", "(", ")", "AND", "OR NOT", "+", "\\", "", "   ", "NEAR( )", "-"]
# FTS syntax around a real word: the word is still found, exactly as when typed alone.
AROUND_A_WORD = [
    '"{w}',
    '{w}"',
    "({w}",
    "{w})",
    "{w} AND",
    "NOT {w}",
    "{w} OR",
    "NEAR({w})",
    "{w}*",
    "^{w}",
    "-{w}",
    "+{w}",
    "{w}:",
    "\\{w}",
    "💡 {w}",
    "{w}'",
]
REPLY = "Reply received · Liam O'Connor · 2026-11-18"


@pytest.mark.parametrize("query", NO_WORDS)
def test_queries_without_words_find_nothing(db, filled, query):
    assert search.query_words(query) == []
    assert search.search(db, query).groups == {}


@pytest.mark.parametrize("template", AROUND_A_WORD)
def test_fts_syntax_around_a_word_still_finds_it(db, filled, template):
    query = template.format(w="retrofits")
    results = search.search(db, query)
    assert [r.title for r in results.groups["interactions"]] == [REPLY], query
    assert set(results.groups) == {"interactions"}
    public = search.search(db, query, include_private=False)
    assert [r.title for r in public.groups["interactions"]] == [REPLY]


@pytest.mark.parametrize("query", ["O'Connor", "o’connor", "community-solar", "Community-Sol"])
def test_hyphenated_and_apostrophe_words_find_the_contact(db, filled, query):
    titles = [r.title for r in search.search(db, query).groups["contacts"]]
    assert titles == ["Liam O'Connor — SolarShare Co-op"]


def test_long_queries_are_cut_and_still_answer(db, filled):
    assert search.search(db, "x" * 500).groups == {}
    assert len(search.query_words(" ".join(["word"] * 100))) == search.MAX_WORDS
    assert search.search(db, " ".join(["retrofits"] * 100)).groups["interactions"][0].title == REPLY


def test_a_store_error_is_raised_not_shown_as_no_results(db, filled):
    import sqlite3

    # A lost index (as after a damaged page or a bad schema change) is an error, not "nothing".
    db.execute("DROP TABLE interactions_fts")
    with pytest.raises(sqlite3.OperationalError, match="interactions_fts"):
        search.search(db, "retrofits")


def test_fts_query_quotes_every_word():
    assert search.fts_query('solar "grid') == '"solar" "grid"*'
    assert search.fts_query("NOT solar OR wind") == '"solar" "wind"*'
    assert search.fts_query("(*)") is None
    assert search.fts_query("it's", ("notes",)) == '{notes} : ("it\'s"*)'


def test_private_notes_can_be_left_out(db, filled):
    assert {"contacts", "conversations"} <= set(search.search(db, "confidential").groups)
    hidden = search.search(db, "confidential", include_private=False)
    assert hidden.total == 0
    # Public text of the same rows is still found, and the snippet shows no private words.
    public = search.search(db, "grant", include_private=False).groups["conversations"][0]
    assert "confidential" not in public.snippet


def test_index_follows_edits_and_deletes(db, filled):
    item = search.search(db, "drawdown").groups["items"][0].id
    board.set_status(db, item, "done", TODAY, done_on="2026-11-22", outcome="Loved microgrids")
    assert search.search(db, "microgrid").groups["items"][0].id == item
    db["research_items"].delete(item)
    assert "items" not in search.search(db, "microgrid").groups


def test_limit_and_more(db):
    contact = save_contact(db, {"name": "Busy"})
    for day in range(1, 8):
        log_interaction(db, contact, "note", f"2026-11-0{day}", "solar note")
    results = search.search(db, "solar", limit=5)
    assert len(results.groups["interactions"]) == 5
    assert results.more["interactions"] is True


def test_migration_indexes_rows_that_existed_before_it(tmp_path):
    database = store.connect(tmp_path / "old.db")
    store.migrate(database, stop_before="m004_search")
    database["contacts"].insert({"name": "Vera Sokolova", "hook": "heat pump pioneer"})
    store.migrate(database)
    assert "m004_search" in store.schema_version(database)
    assert search.search(database, "pioneer").groups["contacts"][0].title == "Vera Sokolova"
    database.close()


def test_words_past_the_limit_are_counted_so_the_page_can_say_so():
    many = " ".join(f"word{n}" for n in range(search.MAX_WORDS + 2))
    assert search.words_left_out(many) == 2
    assert search.words_left_out("solar grants OR") == 0
    assert len(search.query_words(many)) == search.MAX_WORDS
