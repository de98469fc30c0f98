from lib import store
from lib.sample import load_sample
from tests.support.days import TODAY


def snapshot(database):
    return {
        table: list(database.query(f"SELECT * FROM {table} ORDER BY 1"))
        for table in ("contacts", "conversations", "interactions", "research_items", "followups")
    }


def test_sample_is_deterministic_and_realistic(tmp_path):
    first = store.open_database(tmp_path / "a.db")
    second = store.open_database(tmp_path / "b.db")
    counts = load_sample(first, today=TODAY)
    load_sample(second, today=TODAY)

    def strip(rows):
        return [
            {k: v for k, v in r.items() if k not in ("created_at", "updated_at", "done_at")}
            for r in rows
        ]

    assert {t: strip(r) for t, r in snapshot(first).items()} == {
        t: strip(r) for t, r in snapshot(second).items()
    }
    assert counts["contacts"] >= 30
    assert counts["conversations"] >= 10
    referred = first.execute("SELECT count(*) FROM contacts WHERE referred_by_id IS NOT NULL")
    assert referred.fetchone()[0] >= 10
    assert first.execute("SELECT count(*) FROM conversation_answers").fetchone()[0] >= 30
    assert (
        first.execute("SELECT max(occurred_on) FROM interactions").fetchone()[0] < TODAY.isoformat()
    )


def test_clear_all_removes_the_sample_but_keeps_the_question_bank(sample_db):
    from lib.store.backup import clear_all

    questions = sample_db["questions"].count
    clear_all(sample_db)
    assert store.is_empty(sample_db)
    assert sample_db["conversations"].count == 0 and sample_db["followups"].count == 0
    assert sample_db["questions"].count == questions


def test_backup_bytes_is_a_whole_database(sample_db, tmp_path):
    from lib.store.backup import backup_bytes

    copy = tmp_path / "copy.db"
    copy.write_bytes(backup_bytes(sample_db))
    restored = store.connect(copy)
    assert restored["contacts"].count == sample_db["contacts"].count
