"""Two processes and two threads saving into one file at once: every save lands, none raises.

Each worker makes 500 saves, cycling through the four kinds a researcher makes: a contact, an
interaction, a conversation with answers and recommendations (which schedules its follow-ups),
and marking an earlier conversation's thank-you done. Each kind reads before it writes, which
is what made a deferred transaction fail at once with "database is locked" when another
writer got there first; store.write() begins IMMEDIATE, so they wait their turn instead.
"""

from __future__ import annotations

import multiprocessing
import threading
import traceback
from datetime import timedelta

from lib import store
from tests.support.days import TODAY

SAVES = 500  # per worker
KINDS = ("contact", "interaction", "conversation", "done")


def work(path: str, worker: str, start, results) -> None:
    """Make SAVES mixed saves as `worker`; report (worker, kind, index, error) per save."""
    from lib import contacts, conversations, followups
    from lib.conversations import Answer, Recommendation

    db = store.connect(path)
    contact_id = None
    thank_yous: list[int] = []
    report = []
    start.wait()
    for index in range(SAVES):
        kind = KINDS[index % len(KINDS)] if contact_id else "contact"
        try:
            if kind == "contact":
                contact_id = contacts.save_contact(db, {"name": f"{worker} person {index}"})
            elif kind == "interaction":
                contacts.log_interaction(
                    db, contact_id, "outreach", TODAY - timedelta(days=9), f"{worker} note {index}"
                )
            elif kind == "conversation":
                conversation_id = conversations.save_conversation(
                    db,
                    contact_id,
                    {"held_on": TODAY - timedelta(days=3), "mode": "video", "notes": worker},
                    [Answer("How did you start?", f"{worker} answer {index}")],
                    [Recommendation("book", f"{worker} book {index}")],
                    today=TODAY,
                )
                thank_yous.append(
                    db.execute(
                        "SELECT id FROM followups WHERE conversation_id = ? AND kind = ?",
                        [conversation_id, "thank_you"],
                    ).fetchone()[0]
                )
            elif thank_yous:
                followups.mark_done(db, thank_yous.pop(0), TODAY, summary=f"{worker} {index}")
            else:
                kind = "nothing"
            report.append((worker, kind, index, ""))
        except Exception:  # reported, and the test fails on it
            report.append((worker, kind, index, traceback.format_exc(limit=3)))
    db.close()
    results.put(report)


def test_two_processes_and_two_threads_saving_at_once_lose_nothing(tmp_path):
    path = str(tmp_path / "fieldwork.db")
    store.open_database(path).close()
    context = multiprocessing.get_context("spawn")  # a clean interpreter, as a second app
    start = context.Barrier(4)
    results = context.Queue()
    workers = [
        context.Process(target=work, args=(path, f"process{n}", start, results)) for n in (1, 2)
    ]
    workers += [
        threading.Thread(target=work, args=(path, f"thread{n}", start, results)) for n in (1, 2)
    ]
    for worker in workers:
        worker.start()
    reports = [save for _ in workers for save in results.get(timeout=300)]
    for worker in workers:
        worker.join(timeout=60)

    failures = [
        f"{who} save {index} ({kind}):\n{error}" for who, kind, index, error in reports if error
    ]
    assert not failures, f"{len(failures)} of {len(reports)} saves failed; first:\n{failures[0]}"
    assert len(reports) == 4 * SAVES

    db = store.connect(path)
    for who in ("process1", "process2", "thread1", "thread2"):
        made = {kind: sum(1 for w, k, _, _ in reports if w == who and k == kind) for kind in KINDS}

        def count(sql: str, who: str = who) -> int:
            return db.execute(sql, [f"{who}%"]).fetchone()[0]

        assert count("SELECT count(*) FROM contacts WHERE name LIKE ?") == made["contact"]
        assert count("SELECT count(*) FROM interactions WHERE summary LIKE ?") == (
            made["interaction"] + made["done"]  # a thank-you marked done logs what was sent
        )
        assert (
            count("SELECT count(*) FROM conversations WHERE notes LIKE ?") == made["conversation"]
        )
        assert (
            count("SELECT count(*) FROM conversation_answers WHERE answer LIKE ?")
            == (made["conversation"])
        )
        assert (
            count("SELECT count(*) FROM research_items WHERE title LIKE ?")
            == (made["conversation"])
        )
        assert (
            count(
                """SELECT count(*) FROM followups f JOIN conversations c ON c.id = f.conversation_id
               WHERE c.notes LIKE ? AND f.kind = 'thank_you' AND f.status = 'done'"""
            )
            == made["done"]
        )
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
