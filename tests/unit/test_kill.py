"""kill -9 in the middle of saving: the file stays sound and every save is whole or absent.

A child process saves conversations in a loop (each with its answers, research items and
follow-up tasks, one store.write) and prints each committed id. The parent kills it with
SIGKILL at moments a seeded random picks, again and again on the same file. Afterwards
SQLite's integrity check passes, every id the child reported is there, and every
conversation in the file is whole.
"""

from __future__ import annotations

import os
import random
import select
import signal
import time
from pathlib import Path

import pytest

from lib import store
from tests.support.days import TODAY

KILLS = 24
ANSWERS = 3
ITEMS = 2
TASKS = {"thank_you", "one_month_update"}


def save_forever(path: str, out) -> None:
    """The child: save whole conversations until killed, writing each committed id to out."""
    from lib import contacts, conversations
    from lib.conversations import Answer, Recommendation

    db = store.connect(path)
    person = contacts.save_contact(db, {"name": f"Killed {os.getpid()}"})
    print("ready", file=out, flush=True)
    for index in range(1_000_000):
        conversation_id = conversations.save_conversation(
            db,
            person,
            {"held_on": TODAY, "mode": "phone", "notes": f"Conversation {index}"},
            [Answer(f"Question {n}", f"Answer {n} " * 50) for n in range(ANSWERS)],
            [Recommendation("book", f"Book {n}", "why " * 40) for n in range(ITEMS)],
            today=TODAY,
        )
        print(conversation_id, file=out, flush=True)


def run_and_kill(path: Path, wait: float) -> list[int]:
    """Fork a child saving into path, SIGKILL it `wait` seconds after it is ready; its ids."""
    # A fork, not a new interpreter: the child starts saving in milliseconds, not seconds.
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        os.close(reader)
        try:
            save_forever(str(path), os.fdopen(writer, "w"))
        finally:
            os._exit(1)
    os.close(writer)
    with os.fdopen(reader) as output:
        ready, _, _ = select.select([output], [], [], 60)  # a stuck child fails, never hangs
        if not ready:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail("the child never started saving")
        assert output.readline().strip() == "ready"
        time.sleep(wait)
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        lines = output.read().split("\n")
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    return [int(line) for line in lines[:-1]]  # a last line without its newline is not whole


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs POSIX fork and SIGKILL")
def test_saves_killed_at_random_moments_are_whole_or_absent(tmp_path):
    path = tmp_path / "fieldwork.db"
    store.open_database(path).close()
    chance = random.Random(2026)  # reproducible moments
    reported: list[int] = []
    for _ in range(KILLS):
        reported += run_and_kill(path, chance.uniform(0.0, 0.25))

    db = store.connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        held = {row[0] for row in db.execute("SELECT id FROM conversations")}
        assert set(reported) <= held, "a save the child reported as committed is missing"
        assert len(reported) >= KILLS  # the children really were saving when killed
        for conversation_id in held:
            answers = db.execute(
                "SELECT count(*) FROM conversation_answers WHERE conversation_id = ?",
                [conversation_id],
            ).fetchone()[0]
            # The same books every time: each conversation's two recommendations join the
            # two items on the board, one recommendation row each (lib.recommendations).
            items = db.execute(
                "SELECT count(*) FROM board_recommendations WHERE conversation_id = ?",
                [conversation_id],
            ).fetchone()[0]
            tasks = {
                row[0]
                for row in db.execute(
                    "SELECT kind FROM followups WHERE conversation_id = ?", [conversation_id]
                )
            }
            assert (answers, items, tasks) == (ANSWERS, ITEMS, TASKS), conversation_id
        orphans = db.execute(
            """SELECT (SELECT count(*) FROM conversation_answers
                       WHERE conversation_id NOT IN (SELECT id FROM conversations))
                    + (SELECT count(*) FROM board_recommendations WHERE conversation_id IS NOT NULL
                       AND conversation_id NOT IN (SELECT id FROM conversations))
                    + (SELECT count(*) FROM board_recommendations
                       WHERE item_id NOT IN (SELECT id FROM research_items))
                    + (SELECT count(*) FROM followups WHERE conversation_id IS NOT NULL
                       AND conversation_id NOT IN (SELECT id FROM conversations))"""
        ).fetchone()[0]
        assert orphans == 0  # nothing saved half-way
    finally:
        db.close()
