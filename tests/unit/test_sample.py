from datetime import date

from lib import db as store
from lib.sample import load_sample


def snapshot(database):
    return {
        table: list(database.query(f"SELECT * FROM {table} ORDER BY 1"))
        for table in ("contacts", "conversations", "interactions", "research_items", "followups")
    }


def test_sample_is_deterministic_and_realistic(tmp_path):
    day = date(2026, 11, 25)
    first = store.open_database(tmp_path / "a.db")
    second = store.open_database(tmp_path / "b.db")
    counts = load_sample(first, today=day)
    load_sample(second, today=day)
    strip = lambda rows: [
        {k: v for k, v in r.items() if k not in ("created_at", "updated_at")} for r in rows
    ]  # noqa: E731
    assert {t: strip(r) for t, r in snapshot(first).items()} == {
        t: strip(r) for t, r in snapshot(second).items()
    }
    assert counts["contacts"] >= 30
    assert counts["conversations"] >= 10
    referred = first.execute("SELECT count(*) FROM contacts WHERE referred_by_id IS NOT NULL")
    assert referred.fetchone()[0] >= 10
    assert first.execute("SELECT count(*) FROM conversation_answers").fetchone()[0] >= 30
    assert (
        first.execute("SELECT max(occurred_on) FROM interactions").fetchone()[0] < day.isoformat()
    )
