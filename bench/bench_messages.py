"""How fast is a message import? A 100,000-message mbox and a 50,000-row LinkedIn messages.csv,
previewed and imported against a file of 30,000 contacts.

Generates the files deterministically (random.Random) relative to one fixed day: an mbox as
Gmail's Takeout writes one (small bodies; mixed headers: Cc, encoded words in names and
subjects, quoted-printable and base64 bodies, multipart/alternative with HTML, threads with
In-Reply-To and References, a few mailing-list and bulk mails, a few without a date), and a
messages.csv as LinkedIn exports it (the 2024 columns plus ATTACHMENTS and IS MESSAGE DRAFT,
multi-line CONTENT with quotes and commas, some names double-encoded, drafts, spam and
sponsored InMail). Most participants are contacts of the file (by email, any case, or by
LinkedIn URL); the rest are people not in Fieldwork.

Each file is measured in its own fresh process (so nothing one leaves behind counts for the
other), on its own copy of the contacts file:
- preview: reading the file + preview_messages (what the Import page and `import-messages
  --dry-run` do);
- import: apply_messages on that preview (one transaction);
- again: a second preview of the same file after the import (everything is a duplicate).
Memory is the child process's peak resident set (resource.getrusage(RUSAGE_SELF).ru_maxrss):
the whole process, Python and SQLite included, at its high-water mark over read, preview and
import. "base MB" is the same process's RSS before reading the file (imports done), so the
difference is the import's own. Prints a table; asserts nothing.

    python bench/bench_messages.py                # 100,000 mails, 50,000 LinkedIn rows
    python bench/bench_messages.py --scale 0.1    # a tenth of each, to try it quickly
    python bench/bench_messages.py --only mbox --mails 300000   # a bigger mailbox
    python bench/bench_messages.py --full-text    # the import keeps the full text
    python bench/bench_messages.py --keep DIR     # keep the generated files in DIR
    python bench/bench_messages.py --profile mbox # cProfile one file's preview and import
"""

from __future__ import annotations

import argparse
import base64
import cProfile
import csv
import json
import os
import pstats
import quopri
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SEED = 18
TODAY = date(2026, 11, 25)
CONTACTS = 30_000
MAILS = 100_000
LINKEDIN_ROWS = 50_000
ME_EMAIL = "me@fieldwork.test"
ME_URL = "https://www.linkedin.com/in/me-fieldwork"
ME_NAME = "Robin Avery"
# Issue 18's targets.
TARGETS = {
    "linkedin": {"preview": 10.0, "import": 10.0},
    "mbox": {"preview": 60.0, "import": 60.0},
}
TARGET_MB = 500

FIRST = ["Amara", "Ben", "Carmen", "Dev", "Elena", "Farid", "Grace", "Hiro", "Imani", "Jonas",
         "Kavya", "Liam", "Maya", "Noah", "Olivia", "Pablo", "Quinn", "Rosa", "Sam", "Tara",
         "José", "Zoë", "Łukasz", "Søren", "François", "Anaïs", "Müge", "Björn"]  # fmt: skip
LAST = ["Okafor", "Lindqvist", "Reyes", "Patel", "Petrova", "Haddad", "Liu", "Tanaka", "Brooks",
        "Weber", "Rao", "Cohen", "Mensah", "Martins", "Suárez", "Harper", "Delgado", "Nguyễn",
        "Farouk", "Sokolova", "Adeyemi", "Zhao", "Fischer", "Müller", "Rossi", "Yoon"]  # fmt: skip
WORDS = ["grant", "community", "solar", "retrofit", "informatics", "budget", "stakeholder",
         "pilot", "program", "data", "policy", "training", "outreach", "field", "mentor",
         "certification", "volunteer", "analytics", "patients", "utility", "coffee", "call",
         "thanks", "next", "week", "team", "role", "interview", "advice", "career"]  # fmt: skip
SUBJECTS = ["Quick question about your work", "Thank you!", "Following up", "Coffee next week?",
            "Intro: {name}", "Your path into {word}", "Re: {word} program", "Checking in",
            "A question about {word}", "Great speaking with you"]  # fmt: skip


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _moment(rng: random.Random, days: int = 730) -> datetime:
    day = TODAY - timedelta(days=rng.randint(1, days))
    return datetime(day.year, day.month, day.day, rng.randint(7, 21), rng.randint(0, 59),
                    rng.randint(0, 59), tzinfo=UTC)  # fmt: skip


# ---------------------------------------------------------------------------------------------
# The contacts file


def build_contacts(path: Path, count: int) -> dict[str, int]:
    """count contacts (90% with an email, 80% with a LinkedIn URL), a conversation with open
    thank-you and one-month update tasks for some, and a year of hand-logged touches."""
    from lib import store, vocab

    rng = random.Random(SEED)
    db = store.open_database(path)
    with store.write(db):
        db["contacts"].insert_all(
            (
                {
                    "id": cid,
                    "name": _name(rng),
                    "email": f"person{cid}@example.org" if cid % 10 else None,
                    "linkedin_url": f"https://www.linkedin.com/in/person-{cid}"
                    if cid % 5
                    else None,
                    "how_found": rng.choice(list(vocab.HOW_FOUND)),
                    "status": "active",
                    "tags": "[]",
                    "created_at": "2025-01-01T09:00:00Z",
                    "updated_at": "2025-01-01T09:00:00Z",
                }
                for cid in range(1, count + 1)
            ),
            batch_size=2000,
        )
        met = rng.sample(range(1, count + 1), count // 10)
        conversations, tasks = [], []
        for conv_id, contact_id in enumerate(met, start=1):
            held = TODAY - timedelta(days=rng.randint(1, 60))
            conversations.append(
                {
                    "id": conv_id,
                    "contact_id": contact_id,
                    "held_on": held.isoformat(),
                    "mode": rng.choice(list(vocab.MODES)),
                    "created_at": f"{held.isoformat()}T17:00:00Z",
                    "updated_at": f"{held.isoformat()}T17:00:00Z",
                }
            )
            for kind, after in (("thank_you", 1), ("one_month_update", 30)):
                tasks.append(
                    {
                        "kind": kind,
                        "contact_id": contact_id,
                        "conversation_id": conv_id,
                        "due_on": (held + timedelta(days=after)).isoformat(),
                        "status": "open",
                    }
                )
        db["conversations"].insert_all(conversations, batch_size=2000)
        db["followups"].insert_all(tasks, batch_size=2000)
        kinds = ["outreach", "follow_up", "reply", "call", "note"]
        db["interactions"].insert_all(
            (
                {
                    "contact_id": rng.randint(1, count),
                    "kind": rng.choice(kinds),
                    "occurred_on": (TODAY - timedelta(days=rng.randint(30, 700))).isoformat(),
                    "summary": _sentence(rng, 8),
                }
                for _ in range(count)
            ),
            batch_size=5000,
        )
    db.execute("ANALYZE")
    counts = {t: db[t].count for t in ("contacts", "conversations", "followups", "interactions")}
    db.close()
    return counts


# ---------------------------------------------------------------------------------------------
# The mbox


def _encoded_word(text: str, rng: random.Random) -> str:
    """text as an RFC 2047 encoded word, B or Q, as mail programs write non-ASCII headers."""
    if rng.random() < 0.5:
        return f"=?UTF-8?B?{base64.b64encode(text.encode()).decode()}?="
    quoted = quopri.encodestring(text.encode(), header=True).decode().replace("=\n", "")
    return f"=?utf-8?Q?{quoted}?="


def _display(name: str, address: str, rng: random.Random) -> str:
    if name.isascii():
        return f'"{name}" <{address}>' if rng.random() < 0.3 else f"{name} <{address}>"
    return f"{_encoded_word(name, rng)} <{address}>"


class _People:
    """Who the messages are with: mostly contacts (by email or LinkedIn URL), some strangers."""

    def __init__(self, rng: random.Random, contacts: int):
        self.rng, self.contacts = rng, contacts
        self.strangers = [(_name(rng), n) for n in range(max(contacts // 6, 50))]

    def pick(self) -> tuple[str, int | None, int | None]:
        """(name, contact id or None, stranger number or None)."""
        if self.rng.random() < 0.7:
            return _name(self.rng), self.rng.randint(1, self.contacts), None
        name, n = self.rng.choice(self.strangers)
        return name, None, n


def _address(contact: int | None, stranger: int | None, rng: random.Random) -> str:
    if contact is not None:
        address = f"person{contact}@example.org"
        return address.upper() if rng.random() < 0.05 else address  # any case matches
    return f"someone{stranger}@mail.test"


def _mail(rng: random.Random, people: _People, number: int, threads: list) -> bytes:
    name, contact, stranger = people.pick()
    if contact is not None and contact % 10 == 0:
        contact, stranger = None, contact  # a contact with no email: met as a stranger
    other = _display(name, _address(contact, stranger, rng), rng)
    me = _display(ME_NAME, ME_EMAIL, rng)
    sent = rng.random() < 0.5
    at = _moment(rng)
    headers = []
    subject = rng.choice(SUBJECTS).format(name=name, word=rng.choice(WORDS))
    message_id = f"<{number}.{rng.getrandbits(40):x}@mail.test>"
    if threads and rng.random() < 0.4:  # a reply in an earlier thread
        root, parent, subject = rng.choice(threads)
        subject = subject if subject.startswith("Re: ") else f"Re: {subject}"
        headers += [f"In-Reply-To: {parent}", f"References: {root} {parent}"]
    else:
        root = message_id
    if len(threads) < 5000:
        threads.append((root, message_id, subject))
    else:
        threads[rng.randrange(len(threads))] = (root, message_id, subject)
    if not subject.isascii() or rng.random() < 0.05:
        subject = _encoded_word(subject + " — é", rng)
    bulk = rng.random() < 0.03
    if bulk:
        sender, to = f"Newsletter <news{rng.randint(1, 40)}@lists.test>", me
        headers.append(rng.choice(["List-Id: <weekly.lists.test>", "Precedence: bulk"]))
    else:
        sender, to = (me, other) if sent else (other, me)
    headers = [
        f"Return-Path: <{ME_EMAIL if sent else 'x@mail.test'}>",
        f"Delivered-To: {ME_EMAIL}",
        f"From: {sender}",
        f"To: {to}",
        *([f"Cc: {_display(*_cc(rng, people), rng)}"] if rng.random() < 0.1 else []),
        f"Subject: {subject}",
        *([f"Date: {format_datetime(at)}"] if rng.random() > 0.002 else []),
        f"Message-ID: {message_id}",
        "MIME-Version: 1.0",
        f"X-Gmail-Labels: {'Sent' if sent else 'Inbox'},Important",
        *headers,
    ]
    text = "\n".join(_sentence(rng, rng.randint(6, 18)) for _ in range(rng.randint(2, 6)))
    text += f"\n\nBest,\n{ME_NAME if sent else name}\n"
    if rng.random() < 0.3:
        text += "\n> " + "\n> ".join(_sentence(rng, 10) for _ in range(3)) + "\n"
    style = rng.random()
    if style < 0.55:
        headers += ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"]
        body = text.replace("\nFrom ", "\n>From ")
    elif style < 0.7:
        headers += [
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
        ]
        body = quopri.encodestring((text + "Café ☕\n").encode()).decode()
    else:
        boundary = f"b{rng.getrandbits(48):x}"
        html = "<html><body>" + "".join(f"<p>{line}</p>" for line in text.splitlines()) + "</body></html>"  # fmt: skip
        encoded = base64.encodebytes(html.encode()).decode()
        headers.append(f'Content-Type: multipart/alternative; boundary="{boundary}"')
        body = (
            f"--{boundary}\nContent-Type: text/plain; charset=utf-8\n\n{text}\n"
            f"--{boundary}\nContent-Type: text/html; charset=utf-8\n"
            f"Content-Transfer-Encoding: base64\n\n{encoded}\n--{boundary}--\n"
        )
    from_line = f"From {1000000 + number}@xxx {at.strftime('%a %b %d %H:%M:%S +0000 %Y')}"
    return ("\n".join([from_line, *headers, "", body, ""]) + "\n").encode()


def _cc(rng: random.Random, people: _People) -> tuple[str, str]:
    name, contact, stranger = people.pick()
    return name, _address(contact if contact and contact % 10 else None, stranger or contact, rng)


def write_mbox(path: Path, count: int, contacts: int) -> None:
    """An mbox of count mails with the person (ME_EMAIL) and their contacts."""
    rng = random.Random(SEED + 1)
    people = _People(rng, contacts)
    threads: list = []
    with path.open("wb") as out:
        for number in range(1, count + 1):
            out.write(_mail(rng, people, number, threads))


# ---------------------------------------------------------------------------------------------
# LinkedIn's messages.csv

LINKEDIN_COLUMNS = ["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO",
                    "RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT", "FOLDER",
                    "ATTACHMENTS", "IS MESSAGE DRAFT"]  # fmt: skip


def _mojibake(name: str) -> str:
    """A name as some exports carry it: UTF-8 read as Latin-1 (José -> JosÃ©)."""
    try:
        return name.encode("utf-8").decode("latin-1")
    except UnicodeDecodeError:
        return name


def write_linkedin(path: Path, rows: int, contacts: int) -> None:
    """A messages.csv of rows messages in conversations of 1-8 messages."""
    rng = random.Random(SEED + 2)
    people = _People(rng, contacts)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(LINKEDIN_COLUMNS)
        written = 0
        while written < rows:
            name, contact, stranger = people.pick()
            if contact is not None and contact % 5 == 0:
                contact, stranger = None, 10_000 + contact  # no URL in the file: a stranger
            url = (
                f"https://www.linkedin.com/in/person-{contact}"
                if contact is not None
                else f"https://www.linkedin.com/in/stranger-{stranger}"
            )
            if rng.random() < 0.3:
                url = url.replace("https://www.", "https://") + "/"  # normalised to match
            shown = _mojibake(name) if rng.random() < 0.05 else name
            conversation = f"2-{rng.getrandbits(64):016x}"
            title = ""
            folder, draft = "INBOX", "false"
            roll = rng.random()
            if roll < 0.01:
                folder, title = "INBOX", "Sponsored Conversation"
            elif roll < 0.02:
                folder = "SPAM"
            at = _moment(rng)
            for turn in range(rng.randint(1, 8)):
                if written >= rows:
                    break
                sent = turn % 2 == 0 if rng.random() < 0.8 else rng.random() < 0.5
                if sent:
                    sender, sender_url, to, to_url = ME_NAME, ME_URL, shown, url
                else:
                    sender, sender_url, to, to_url = shown, url, ME_NAME, ME_URL
                content = "\n".join(_sentence(rng, rng.randint(5, 20)) for _ in range(rng.randint(1, 4)))  # fmt: skip
                if rng.random() < 0.2:
                    content = f'He said "{_sentence(rng, 4)}", then, well, {content}'
                if rng.random() < 0.05:
                    content = f"<p>{content}</p>"
                is_draft = "true" if rng.random() < 0.005 else draft
                writer.writerow(
                    [
                        conversation,
                        title,
                        sender,
                        sender_url,
                        to,
                        to_url,
                        at.strftime("%Y-%m-%d %H:%M:%S UTC"),
                        "" if turn else rng.choice(["", "Informational interview?", "Hello"]),
                        content,
                        folder,
                        "" if rng.random() < 0.98 else "https://www.linkedin.com/dms/file.pdf",
                        is_draft,
                    ]
                )
                written += 1
                at += timedelta(hours=rng.randint(1, 24 * 6))
                if at.date() >= TODAY:
                    at -= timedelta(days=30)


# ---------------------------------------------------------------------------------------------
# Measuring, in a child process


def _rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _current_rss_mb() -> float:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024**2
    except OSError:
        return _rss_mb()


def measure_child(db_path: Path, file: Path, profile: bool, full_text: bool = False) -> dict:
    """Read + preview, import, and preview again, timed; the process's peak RSS. full_text:
    the import keeps each message's full text (it reads the file again for it)."""
    from lib import own_addresses, store
    from lib.formats.messages.applying import MessageChoices, apply_messages
    from lib.formats.messages.preview import preview_messages
    from lib.formats.messages.reading import read_messages

    db = store.connect(db_path)
    own = own_addresses.parse([ME_EMAIL], ME_URL)
    base = _current_rss_mb()
    profiler = cProfile.Profile() if profile else None

    def timed(function, *args, **kwargs):
        if profiler:
            profiler.enable()
        started = time.perf_counter()
        try:
            return function(*args, **kwargs), time.perf_counter() - started
        finally:
            if profiler:
                profiler.disable()

    preview, preview_s = timed(preview_messages, db, read_messages(file, file.name), own)
    counts = preview.counts
    preview_mb = _rss_mb()
    result, import_s = timed(
        apply_messages,
        db,
        preview,
        MessageChoices(confirm_own=True),
        keep_full_text=full_text,
        file_names=[file.name],
        texts=read_messages(file, file.name) if full_text else None,
    )
    import_mb = _rss_mb()
    del preview, result
    again, again_s = timed(preview_messages, db, read_messages(file, file.name), own)
    stored = db.execute("SELECT count(*) FROM interactions WHERE source_key IS NOT NULL")
    if profiler:
        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats("cumulative").print_stats(35)
        stats.sort_stats("tottime").print_stats(25)
    return {
        "preview_s": preview_s,
        "import_s": import_s,
        "again_s": again_s,
        "base_mb": base,
        "preview_peak_mb": preview_mb,
        "peak_mb": max(import_mb, _rss_mb()),
        "counts": counts,
        "stored": stored.fetchone()[0],
        "again_new": len(again.planned),
    }


def measure(db_path: Path, file: Path, profile: bool = False, full_text: bool = False) -> dict:
    """measure_child in a fresh process on a copy of the contacts file."""
    copy = db_path.with_name(f"{file.stem}-{db_path.name}")
    shutil.copyfile(db_path, copy)
    env = dict(os.environ, FIELDWORK_TODAY=TODAY.isoformat(), PYTHONPATH=str(REPO))
    command = [sys.executable, __file__, "--child", str(copy), str(file)]
    result = subprocess.run(
        command + (["--profile-child"] if profile else []) + (["--full-text"] if full_text else []),
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=None if profile else subprocess.PIPE,
        text=True,
    )
    copy.unlink(missing_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(str(copy) + suffix).unlink(missing_ok=True)
    if result.returncode != 0:
        return {"error": ((result.stderr or "").strip().splitlines() or ["failed"])[-1][:160]}
    return json.loads(result.stdout.strip().splitlines()[-1])


def _verdict(row: dict, kind: str) -> str:
    misses = []
    for phase in ("preview", "import"):
        if row[f"{phase}_s"] > TARGETS[kind][phase]:
            misses.append(f"{phase} > {TARGETS[kind][phase]:.0f}s")
    if row["peak_mb"] > TARGET_MB:
        misses.append(f"memory > {TARGET_MB} MB")
    return "; ".join(misses) or "ok"


def print_table(rows: list[tuple[str, str, int, float, dict]]) -> None:
    print(
        f"{'file':<40} {'MB':>6} {'preview s':>10} {'import s':>9} {'target s':>9} "
        f"{'again s':>8} {'base MB':>8} {'preview MB':>10} {'peak MB':>8}  misses"
    )
    for label, kind, _, size, row in rows:
        if "error" in row:
            print(f"{label:<40} {size:>6.0f}  error: {row['error']}")
            continue
        target = f"{TARGETS[kind]['preview']:.0f}/{TARGETS[kind]['import']:.0f}"
        print(
            f"{label:<40} {size:>6.0f} {row['preview_s']:>10.2f} {row['import_s']:>9.2f} "
            f"{target:>9} {row['again_s']:>8.2f} {row['base_mb']:>8.0f} "
            f"{row['preview_peak_mb']:>10.0f} {row['peak_mb']:>8.0f}"
            f"  {_verdict(row, kind)}"
        )
    print(
        f"Targets (issue 18): 50,000 LinkedIn messages previewed and imported within "
        f"{TARGETS['linkedin']['preview']:.0f} s each; 100,000 mails within "
        f"{TARGETS['mbox']['preview']:.0f} s each; peak memory under {TARGET_MB} MB. "
        "Memory: the child process's ru_maxrss over read, preview, import and the second "
        "preview; base = its RSS before reading; preview = the peak after the first preview."
    )
    for label, _, _, _, row in rows:
        if "error" not in row:
            counts = ", ".join(f"{k} {v:,}" for k, v in row["counts"].items() if v)
            print(f"  {label}: {counts}; stored {row['stored']:,}; new on re-import "
                  f"{row['again_new']}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="size of everything (0.1: a tenth)")  # fmt: skip
    parser.add_argument("--mails", type=int, help="mails in the mbox (default: 100,000 x scale)")
    parser.add_argument("--rows", type=int, help="rows of messages.csv (default: 50,000 x scale)")
    parser.add_argument("--keep", type=Path, help="build the files in this folder and keep them")
    parser.add_argument("--only", choices=["linkedin", "mbox"], help="measure one file only")
    parser.add_argument(
        "--profile", choices=["linkedin", "mbox"], help="cProfile this file's run (to stderr)"
    )
    parser.add_argument(
        "--full-text", action="store_true", help="keep the full text (the file is read again)"
    )
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure_child(*args.child, args.profile_child, args.full_text)))
        return

    temp = None
    folder = args.keep or Path(temp := tempfile.mkdtemp(prefix="fieldwork-bench-messages-"))
    folder.mkdir(parents=True, exist_ok=True)
    contacts = max(int(CONTACTS * args.scale), 100)
    mails = args.mails or max(int(MAILS * args.scale), 100)
    linkedin_rows = args.rows or max(int(LINKEDIN_ROWS * args.scale), 100)
    db_path = folder / "contacts.db"
    mbox, linkedin = folder / "mail.mbox", folder / "messages.csv"
    started = time.perf_counter()
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    counts = build_contacts(db_path, contacts)
    built = []
    if args.only in (None, "mbox"):
        write_mbox(mbox, mails, contacts)
        built.append(f"{mbox.name} {mails:,} mails ({mbox.stat().st_size / 1e6:.0f} MB)")
    if args.only in (None, "linkedin"):
        write_linkedin(linkedin, linkedin_rows, contacts)
        built.append(
            f"{linkedin.name} {linkedin_rows:,} rows ({linkedin.stat().st_size / 1e6:.0f} MB)"
        )
    print(
        f"Built in {time.perf_counter() - started:.1f}s: "
        + ", ".join(f"{t} {n:,}" for t, n in counts.items())
        + "; "
        + ", ".join(built)
        + "\n"
    )
    rows = []
    for kind, file, count in (("linkedin", linkedin, linkedin_rows), ("mbox", mbox, mails)):
        if args.only and args.only != kind:
            continue
        label = f"{file.name}, {count:,} messages" + (", full text" if args.full_text else "")
        row = measure(db_path, file, profile=args.profile == kind, full_text=args.full_text)
        rows.append((label, kind, count, file.stat().st_size / 1e6, row))
    print_table(rows)
    if temp:
        shutil.rmtree(temp, ignore_errors=True)


if __name__ == "__main__":
    main()
