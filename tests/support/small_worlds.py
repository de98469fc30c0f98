"""Small worlds two or more AppTest modules build on: a research board and a due list."""

from datetime import timedelta

from lib import conversations, store
from lib.contacts import log_interaction, save_contact
from tests.support.days import TODAY


def build_board(db_path):
    """Amara recommended a book and a person; one item was added by hand."""
    database = store.open_database(db_path)
    amara = save_contact(database, {"name": "Amara Okafor"})
    recs = [
        conversations.Recommendation("book", "Drawdown"),
        conversations.Recommendation("person", "Carmen Reyes", "Runs the energy office"),
    ]
    conversations.save_conversation(
        database, amara, {"held_on": "2026-11-20", "mode": "video"}, recommendations=recs
    )
    database["research_items"].insert({"kind": "event", "title": "Climate meetup"})
    database.close()
    return db_path


def research_item(db_path, title):
    """The board item with this title, as stored (None when there is none)."""
    database = store.connect(db_path)
    rows = list(database.query("SELECT * FROM research_items WHERE title = ?", [title]))
    database.close()
    return rows[0] if rows else None


def build_due(db_path):
    """Ben talked with us yesterday; Amara has not answered an outreach from two weeks ago."""
    database = store.open_database(db_path)
    ben = save_contact(database, {"name": "Ben Lindqvist", "email": "ben@example.org"})
    amara = save_contact(database, {"name": "Amara Okafor", "organization": "SolarShare"})
    conversations.save_conversation(
        database,
        ben,
        {
            "held_on": TODAY - timedelta(days=1),
            "mode": "video",
            "takeaways": "Grant writing is the skill to build first.",
        },
        today=TODAY,
    )
    log_interaction(database, amara, "outreach", TODAY - timedelta(days=14))
    database.close()
    return db_path


def task(db_path, kind):
    """The follow-up task of this kind, as stored (None when there is none)."""
    database = store.connect(db_path)
    row = database.execute("SELECT * FROM followups WHERE kind = ?", [kind]).fetchone()
    columns = [d[0] for d in database.execute("SELECT * FROM followups LIMIT 0").description]
    database.close()
    return dict(zip(columns, row, strict=True)) if row else None


def open_due(at, task):
    """Open a due entry, as a click on its label does: its body is built only when open."""
    at.session_state[f"due_open_{task['id']}"] = True
    return at.run()
