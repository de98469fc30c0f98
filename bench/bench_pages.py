"""How fast is Fieldwork after a year of heavy use?

Builds a database the size of a busy year (10,000 contacts, 100,000 interactions, and
conversations, answers, research items and follow-ups in proportion) in a temporary file,
then opens every page in pages/ through streamlit.testing.v1.AppTest (the real app.py, switched
to the page) and times the key lib queries. Prints a table; asserts nothing.

    python bench/bench_pages.py              # build, measure, print
    python bench/bench_pages.py --keep DIR   # keep the generated database in DIR
    python bench/bench_pages.py --db FILE    # measure an existing database (no build)

Each page runs in its own Python process, so "peak RSS" is that page's own high-water mark
(streamlit, pandas and plotly imported, plus the page's work), not the whole benchmark's.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SEED = 2026
TODAY = date.today()
CONTACTS = 10_000
INTERACTIONS = 100_000
ORGANIZATIONS = 600
CONVERSATION_SHARE = 0.25  # a quarter of contacts were met: 2,500 conversations
ANSWERS_PER_CONVERSATION = (3, 6)
ITEMS_PER_CONVERSATION = (1, 4)
TARGET_SECONDS = 2.0

FIRST = [
    "Amara",
    "Ben",
    "Carmen",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hiro",
    "Imani",
    "Jonas",
    "Kavya",
    "Liam",
    "Maya",
    "Noah",
    "Olivia",
    "Pablo",
    "Quinn",
    "Rosa",
    "Sam",
    "Tara",
    "Umar",
    "Vera",
    "Will",
    "Xin",
    "Yara",
    "Zoe",
]
LAST = [
    "Okafor",
    "Lindqvist",
    "Reyes",
    "Patel",
    "Petrova",
    "Haddad",
    "Liu",
    "Tanaka",
    "Brooks",
    "Weber",
    "Rao",
    "Cohen",
    "Mensah",
    "Martins",
    "Suarez",
    "Harper",
    "Delgado",
    "Whitfield",
    "Nguyen",
    "Farouk",
    "Sokolova",
    "Adeyemi",
    "Zhao",
    "Fischer",
    "Clarke",
    "Rossi",
    "Yoon",
]
ROLES = [
    "Program Manager",
    "Energy Analyst",
    "Sustainability Coordinator",
    "Product Manager",
    "Clinical Informatics Specialist",
    "Nurse Informaticist",
    "Outreach Director",
    "Data Scientist",
    "Policy Advisor",
    "Grants Manager",
    "Operations Lead",
    "UX Researcher",
    "Program Evaluator",
]
INDUSTRIES = ["Clean energy", "Government", "Energy software", "Healthcare", "Health IT", "Nonprofit", "Consulting", "Education"]  # fmt: skip
TAGS = ["energy", "health", "policy", "data", "warm", "alumni", "priority", "grants"]
WORDS = [
    "grant",
    "community",
    "solar",
    "retrofit",
    "informatics",
    "budget",
    "stakeholder",
    "pilot",
    "program",
    "data",
    "policy",
    "training",
    "outreach",
    "field",
    "mentor",
    "certification",
    "volunteer",
    "analytics",
    "patients",
    "utility",
]


def _sentence(rng: random.Random, words: int = 12) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _day(rng: random.Random, within_days: int = 365) -> date:
    return TODAY - timedelta(days=rng.randint(1, within_days))


def build_database(path: Path) -> dict[str, int]:
    """Fill a new database at path with a year of heavy use, in one transaction; return counts."""
    from lib import db as store
    from lib import vocab

    db = store.open_database(path)
    rng = random.Random(SEED)
    questions = list(db.query("SELECT id, text FROM questions ORDER BY position"))
    with db.atomic():
        db["organizations"].insert_all(
            (
                {
                    "name": f"{rng.choice(LAST)} {rng.choice(['Energy', 'Health', 'Labs', 'Co-op', 'Partners', 'Institute'])} {i}",
                    "industry": rng.choice(INDUSTRIES),
                    "motivation": rng.randint(0, 3),
                    "posting": rng.randint(1, 3),
                    "status": rng.choice(list(vocab.ORG_STATUS)),
                }
                for i in range(1, ORGANIZATIONS + 1)
            ),
            batch_size=1000,
        )

        # Contacts in the order they were found; 60% were referred by someone found earlier,
        # which makes chains several people deep.
        contacts = []
        for cid in range(1, CONTACTS + 1):
            referred = cid > 50 and rng.random() < 0.6
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            created = _day(rng)
            contacts.append(
                {
                    "id": cid,
                    "name": name,
                    "role": rng.choice(ROLES),
                    "organization_id": rng.randint(1, ORGANIZATIONS),
                    "industry": rng.choice(INDUSTRIES),
                    "email": f"person{cid}@example.org",
                    "linkedin_url": f"https://www.linkedin.com/in/person-{cid}",
                    "location": rng.choice(["Riverton", "Lakeside", "Remote", "Portland"]),
                    "how_found": "referral" if referred else rng.choice(list(vocab.HOW_FOUND)),
                    "referred_by_id": rng.randint(max(1, cid - 400), cid - 1) if referred else None,
                    "hook": _sentence(rng, 8) if rng.random() < 0.7 else None,
                    "tags": json.dumps(rng.sample(TAGS, rng.randint(0, 3))),
                    "private_notes": _sentence(rng) if rng.random() < 0.2 else None,
                    "status": "archived" if rng.random() < 0.05 else "active",
                    "created_at": f"{created.isoformat()}T09:00:00Z",
                    "updated_at": f"{created.isoformat()}T09:00:00Z",
                }
            )
        db["contacts"].insert_all(contacts, batch_size=1000)

        met = rng.sample(range(1, CONTACTS + 1), int(CONTACTS * CONVERSATION_SHARE))
        conversations, answers, items, followups = [], [], [], []
        for conv_id, contact_id in enumerate(met, start=1):
            held = _day(rng)
            conversations.append(
                {
                    "id": conv_id,
                    "contact_id": contact_id,
                    "held_on": held.isoformat(),
                    "mode": rng.choice(list(vocab.MODES)),
                    "duration_minutes": rng.choice([15, 20, 20, 25, 30, 45]),
                    "notes": _sentence(rng, 40),
                    "private_notes": _sentence(rng) if rng.random() < 0.3 else None,
                    "takeaways": _sentence(rng, 15),
                    "still_interested": rng.choice(list(vocab.INTEREST)),
                    "alternative_role": rng.choice(ROLES) if rng.random() < 0.3 else None,
                    "created_at": f"{held.isoformat()}T17:00:00Z",
                    "updated_at": f"{held.isoformat()}T17:00:00Z",
                }
            )
            for position, question in enumerate(
                rng.sample(questions, min(len(questions), rng.randint(*ANSWERS_PER_CONVERSATION))),
                start=1,
            ):
                answers.append(
                    {
                        "conversation_id": conv_id,
                        "question_id": question["id"],
                        "question_text": question["text"],
                        "answer": _sentence(rng, 20),
                        "position": position,
                    }
                )
            for _ in range(rng.randint(*ITEMS_PER_CONVERSATION)):
                status = rng.choice(["todo", "todo", "doing", "done", "done", "dropped"])
                items.append(
                    {
                        "kind": rng.choice(list(vocab.ITEM_KINDS)),
                        "title": _sentence(rng, 4),
                        "recommended_by_id": contact_id,
                        "conversation_id": conv_id,
                        "status": status,
                        "done_on": (held + timedelta(days=rng.randint(1, 30))).isoformat()
                        if status == "done"
                        else None,
                        "outcome": _sentence(rng, 8) if status == "done" else None,
                        "created_at": f"{held.isoformat()}T17:00:00Z",
                        "updated_at": f"{held.isoformat()}T17:00:00Z",
                    }
                )
            for kind, after in (("thank_you", 1), ("one_month_update", 30)):
                due = held + timedelta(days=after)
                done = due < TODAY and rng.random() < 0.85
                followups.append(
                    {
                        "kind": kind,
                        "contact_id": contact_id,
                        "conversation_id": conv_id,
                        "due_on": due.isoformat(),
                        "status": "done" if done else "open",
                        "done_at": f"{(due + timedelta(days=rng.choice([0, 0, 1, 3]))).isoformat()}T18:00:00Z"
                        if done
                        else None,
                    }
                )
        db["conversations"].insert_all(conversations, batch_size=1000)
        db["conversation_answers"].insert_all(answers, batch_size=2000)
        db["research_items"].insert_all(items, batch_size=2000)

        # Interactions: outreach first, then replies, follow-ups, calls, notes, thank-yous.
        kinds = list(vocab.INTERACTION_KINDS)
        weights = [30, 8, 20, 8, 14, 10, 5, 5][: len(kinds)]
        interactions = (
            {
                "contact_id": rng.randint(1, CONTACTS),
                "kind": rng.choices(kinds, weights)[0],
                "occurred_on": _day(rng).isoformat(),
                "summary": _sentence(rng, 8),
            }
            for _ in range(INTERACTIONS)
        )
        db["interactions"].insert_all(interactions, batch_size=5000)

        # 3B7 and keep-in-touch tasks for a slice of the outreach: a long due list to sort.
        for contact_id in rng.sample(range(1, CONTACTS + 1), 3000):
            due = _day(rng, 60) + timedelta(days=rng.randint(0, 14))
            followups.append(
                {
                    "kind": rng.choice(["next_contact", "follow_up", "keep_in_touch"]),
                    "contact_id": contact_id,
                    "due_on": due.isoformat(),
                    "status": rng.choice(["open", "open", "done", "cancelled"]),
                }
            )
        db["followups"].insert_all(followups, batch_size=2000)

        monday = TODAY - timedelta(days=TODAY.weekday())
        db["weekly_goals"].insert(
            {
                "starts_on": (monday - timedelta(weeks=52)).isoformat(),
                "outreaches": 40,
                "conversations": 5,
                "thank_yous": 5,
                "items_done": 5,
            }
        )
        db["weekly_reviews"].insert_all(
            {
                "week_start": (monday - timedelta(weeks=w)).isoformat(),
                "learned": _sentence(rng, 15),
                "next_week": _sentence(rng, 10),
                "coach_comment": _sentence(rng, 8) if w % 3 == 0 else None,
            }
            for w in range(1, 53)
        )
    db.execute("ANALYZE")
    counts = {
        table: db[table].count
        for table in db.table_names()
        if not table.startswith(("_", "sqlite_")) and "_fts" not in table
    }
    db.close()
    return counts


# ---------------------------------------------------------------------------------------------
# Pages


def page_files() -> list[str]:
    return sorted(f"pages/{p.name}" for p in (REPO / "pages").glob("*.py"))


def measure_page(page: str, query: dict[str, str]) -> dict:
    """Run one page twice in a fresh AppTest session; return timings and this process's RSS."""
    import logging

    logging.disable(logging.WARNING)
    from streamlit.testing.v1 import AppTest

    # A server that is already up: imports done, migrations checked, caches primed (on the
    # cheapest page, so no other page's work leaks in). What is timed below is a new browser
    # session opening the page, straight at its address.
    warm_up = AppTest.from_file(str(REPO / "app.py"), default_timeout=300)
    warm_up.switch_page("pages/data.py")
    warm_up.run()
    baseline = _rss_mb()
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=300)
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(page)
    started = time.perf_counter()
    at.run()
    first = time.perf_counter() - started
    exceptions = [str(e.value)[:200] for e in at.exception]
    started = time.perf_counter()
    at.run()
    warm = time.perf_counter() - started
    return {
        "first": first,
        "warm": warm,
        "rss": _rss_mb(),
        "baseline_rss": baseline,
        "exceptions": exceptions,
    }


def _rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux, bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run_page_in_child(db_path: Path, page: str, query: dict[str, str], timeout: float) -> dict:
    env = dict(os.environ, FIELDWORK_DB=str(db_path))
    env.pop("FIELDWORK_COACH", None)
    try:
        result = subprocess.run(
            [sys.executable, __file__, "--child-page", page, "--query", json.dumps(query)],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"SLOW: not done after {timeout:.0f}s (stopped)"}
    if result.returncode != 0:
        return {"error": (result.stderr.strip().splitlines() or ["failed"])[-1][:120]}
    return json.loads(result.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------------------------
# Lib queries: whatever exists now. Arguments are filled by name, so the list survives changes.


def _busiest(db) -> dict:
    """Ids that make queries work hardest: the deepest referral root, the busiest contact."""
    root = db.execute(
        "SELECT referred_by_id, count(*) n FROM contacts WHERE referred_by_id IS NOT NULL "
        "GROUP BY referred_by_id ORDER BY n DESC LIMIT 1"
    ).fetchone()[0]
    deepest = db.execute(
        "SELECT max(id) FROM contacts WHERE referred_by_id IS NOT NULL"
    ).fetchone()[0]
    # The contact with the most interactions among those met: the longest timeline.
    busiest = db.execute(
        "SELECT contact_id FROM interactions WHERE contact_id IN "
        "(SELECT contact_id FROM conversations) "
        "GROUP BY contact_id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    return {"root": root, "deepest": deepest, "busiest": busiest}


def query_cases(db) -> list[tuple[str, object]]:
    """(label, zero-argument callable) for each lib query worth timing."""
    import importlib

    ids = _busiest(db)
    year_ago = TODAY - timedelta(days=365)
    monday = TODAY - timedelta(days=TODAY.weekday())
    known = {
        "db": db,
        "today": TODAY,
        "start": year_ago,
        "end": TODAY,
        "first_week": monday - timedelta(weeks=52),
        "last_week": monday,
        "week_start": monday,
        "week": monday,
        "contact_id": ids["busiest"],
    }
    cases: list[tuple[str, object]] = []

    def add(label: str, module: str, name: str, **overrides) -> None:
        try:
            function = getattr(importlib.import_module(f"lib.{module}"), name)
        except (ImportError, AttributeError):
            return
        kwargs = {}
        for parameter in inspect.signature(function).parameters.values():
            if parameter.name in overrides:
                kwargs[parameter.name] = overrides[parameter.name]
            elif parameter.name in known:
                kwargs[parameter.name] = known[parameter.name]
            elif parameter.default is inspect.Parameter.empty and parameter.kind not in (
                parameter.VAR_KEYWORD,
                parameter.VAR_POSITIONAL,
            ):
                return  # a required argument we cannot guess: skip rather than mis-measure
        accepts_more = any(
            p.kind is p.VAR_KEYWORD for p in inspect.signature(function).parameters.values()
        )
        if accepts_more:  # list_contacts(db, **filters)
            kwargs.update({k: v for k, v in overrides.items() if k not in kwargs})
        cases.append((label, lambda: function(**kwargs)))

    add("contacts.list_contacts page 1", "contacts", "list_contacts")
    add("contacts.list_contacts search 'pat'", "contacts", "list_contacts", search="pat")
    add(
        "contacts.list_contacts tag+how_found",
        "contacts",
        "list_contacts",
        tag="grants",
        how_found="referral",
    )
    add("contacts.list_contacts last page", "contacts", "list_contacts", offset=CONTACTS - 600)
    add("contacts.contact_choices (pickers)", "contacts", "contact_choices")
    add("contacts.all_tags", "contacts", "all_tags")
    add("contacts.organization_names", "contacts", "organization_names")
    add("contacts.timeline (busiest)", "contacts", "timeline", contact_id=ids["busiest"])
    add(
        "contacts.referred_by_chain (deepest)",
        "contacts",
        "referred_by_chain",
        contact_id=ids["deepest"],
    )
    add("contacts.referred_onward (root)", "contacts", "referred_onward", contact_id=ids["root"])
    add("conversations.recent_conversations", "conversations", "recent_conversations")
    add(
        "conversations.conversations_for",
        "conversations",
        "conversations_for",
        contact_id=ids["busiest"],
    )
    add("followups.sync_tasks (each Home run)", "followups", "sync_tasks")
    add("followups.due_followups", "followups", "due_followups")
    add("followups.open_tasks", "followups", "open_tasks")
    add("followups.going_cold", "followups", "going_cold")
    add("followups.response_segments", "followups", "response_segments")
    for name in (
        "activity_by_week", "weekly_totals", "response_summary", "response_by_week",
        "segment_counts", "funnel", "followups_on_time_by_week", "roles_explored",
        "industries_explored", "board_done_by_week", "referral_network",
    ):  # fmt: skip
        add(f"metrics.{name}", "metrics", name)
    for module in ("board", "search", "organizations", "reviews", "report", "drafts"):
        try:
            mod = importlib.import_module(f"lib.{module}")
        except ImportError:
            continue
        for name, function in inspect.getmembers(mod, inspect.isfunction):
            if function.__module__ != mod.__name__ or name.startswith("_"):
                continue
            first = next(iter(inspect.signature(function).parameters), None)
            if first == "db" and not _writes(name):
                add(f"{module}.{name}", module, name, query="grant community", text="grant")
    return cases


def _writes(name: str) -> bool:
    verbs = ("save", "add", "set", "update", "delete", "mark", "snooze", "skip", "move", "create",
             "convert", "import", "restore", "archive", "retire", "reword", "log", "sync", "load",
             "insert", "write", "record", "rebuild", "enable")  # fmt: skip
    return name.startswith(verbs)


def measure_queries(db_path: Path, limit: float) -> list[tuple[str, float, float, str]]:
    import sqlite3
    import threading

    from lib import db as store

    db = store.connect(db_path)

    def timed(call) -> tuple[float, object]:
        # SQLite's interrupt stops a runaway query, so one slow query cannot stall the report.
        timer = threading.Timer(limit, db.conn.interrupt)
        timer.start()
        try:
            started = time.perf_counter()
            result = call()
            return time.perf_counter() - started, result
        finally:
            timer.cancel()

    rows = []
    for label, call in query_cases(db):
        try:
            first, result = timed(call)
            best = min(timed(call)[0] for _ in range(3 if first < 5 else 1))
            rows.append((label, first, best, _size(result)))
        except sqlite3.OperationalError as error:
            if "interrupted" in str(error):
                rows.append(
                    (label, float("nan"), float("nan"), f"SLOW: stopped after {limit:.0f}s")
                )
            else:
                rows.append((label, float("nan"), float("nan"), f"error: {error}"[:60]))
        except Exception as error:  # report, keep measuring the rest
            rows.append((label, float("nan"), float("nan"), f"error: {error}"[:60]))
    db.close()
    return rows


def _size(result) -> str:
    if isinstance(result, tuple) and result and isinstance(result[0], list | dict):
        return "+".join(_size(part) for part in result if not isinstance(part, int)) or "-"
    try:
        return f"{len(result)} rows"
    except TypeError:
        return type(result).__name__


# ---------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="measure this database instead of building one")
    parser.add_argument("--keep", type=Path, help="build the database in this folder and keep it")
    parser.add_argument(
        "--page-timeout", type=float, default=120, help="stop a page after this many seconds"
    )
    parser.add_argument(
        "--query-timeout", type=float, default=60, help="interrupt a query after this many seconds"
    )
    parser.add_argument("--child-page", help=argparse.SUPPRESS)
    parser.add_argument("--query", default="{}", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child_page:
        print(json.dumps(measure_page(args.child_page, json.loads(args.query))))
        return

    temp = None
    if args.db:
        db_path = args.db
    else:
        folder = args.keep or Path(temp := tempfile.mkdtemp(prefix="fieldwork-bench-"))
        folder.mkdir(parents=True, exist_ok=True)
        db_path = folder / "bench.db"
        if db_path.exists():
            db_path.unlink()
        started = time.perf_counter()
        counts = build_database(db_path)
        print(f"Built {db_path} in {time.perf_counter() - started:.1f}s "
              f"({db_path.stat().st_size / 1e6:.0f} MB):")  # fmt: skip
        print("  " + ", ".join(f"{table} {n:,}" for table, n in sorted(counts.items())))
    print()

    from lib import db as store

    probe = store.connect(db_path)
    ids = _busiest(probe)
    probe.close()
    runs = [(page, {}) for page in page_files()]
    runs.append(("pages/contacts.py", {"contact": str(ids["busiest"])}))

    print(f"{'page':<44} {'first run s':>11} {'warm rerun s':>12} {'peak RSS MB':>11}  note")
    for page, query in runs:
        label = page + (f"?contact={query['contact']}" if query else "")
        result = run_page_in_child(db_path, page, query, args.page_timeout)
        if "error" in result:
            print(f"{label:<44} {'-':>11} {'-':>12} {'-':>11}  {result['error']}")
            continue
        note = []
        if max(result["first"], result["warm"]) > TARGET_SECONDS:
            note.append(f"SLOW (> {TARGET_SECONDS:.0f}s)")
        if result["exceptions"]:
            note.append("exception: " + result["exceptions"][0])
        print(f"{label:<44} {result['first']:>11.2f} {result['warm']:>12.2f} "
              f"{result['rss']:>11.0f}  {'; '.join(note)}")  # fmt: skip
    print("(peak RSS includes about the interpreter with streamlit, pandas and plotly imported)")
    print()

    print(f"{'lib query':<44} {'first s':>9} {'best of 3 s':>11}  result")
    for label, first, best, size in measure_queries(db_path, args.query_timeout):
        flag = "  SLOW" if best > 0.5 else ""
        print(f"{label:<44} {first:>9.3f} {best:>11.3f}  {size}{flag}")

    if temp:
        for suffix in ("", "-wal", "-shm"):
            Path(str(db_path) + suffix).unlink(missing_ok=True)
        os.rmdir(temp)


if __name__ == "__main__":
    main()
