"""How fast is an import? A LinkedIn Connections.csv of 10,000 rows, previewed and imported.

Writes the file as LinkedIn does (BOM, CRLF, the Notes preamble), then times read + preview
and the import, first into an empty file and then into one that already holds 10,000 other
contacts (so duplicate matching runs against a full index). Prints a table; asserts nothing.
Issue 8's targets: preview under 5 s, import under 10 s.

    python bench/bench_import.py             # 10,000 rows
    python bench/bench_import.py --rows 2000
"""

from __future__ import annotations

import argparse
import codecs
import csv
import io
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from lib import store  # noqa: E402
from lib.formats import importers  # noqa: E402

FIRST = ["Ada", "Amélie", "Bo", "Chinwe", "Dmitri", "Eva", "Farah", "Göran", "Hana", "Iñigo"]
LAST = ["Byron", "Durand", "Okafor", "Petrov", "Müller", "Tanaka", "Silva", "O'Brien", "Li"]
COMPANIES = [f"Company {n}" for n in range(600)]
TARGETS = {"preview": 5.0, "import": 10.0}


def linkedin_file(rows: int, seed: int = 8) -> bytes:
    """A Connections.csv of rows people, as LinkedIn exports it."""
    rng = random.Random(seed)
    out = io.StringIO()
    out.write('Notes:\r\n"When exporting your connection data, you may notice..."\r\n\r\n')
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(importers.LINKEDIN_HEADER)
    start = date(2015, 1, 1)
    for n in range(rows):
        first, last = rng.choice(FIRST), f"{rng.choice(LAST)}{n}"
        writer.writerow(
            [
                first,
                last,
                f"https://www.linkedin.com/in/{first.lower()}-{n}",
                f"{first.lower()}.{n}@example.org" if rng.random() < 0.1 else "",
                rng.choice(COMPANIES),
                "Analyst",
                (start + timedelta(days=rng.randrange(3600))).strftime("%d %b %Y"),
            ]
        )
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


def measure(db, data: bytes) -> dict[str, float]:
    # CPU time beside wall time: on a busy shared machine the wall clock mostly measures others.
    started, started_cpu = time.perf_counter(), time.process_time()
    preview = importers.preview(db, importers.read_source(data, "Connections.csv"))
    previewed, previewed_cpu = time.perf_counter(), time.process_time()
    result = importers.apply_import(db, preview)
    imported, imported_cpu = time.perf_counter(), time.process_time()
    return {
        "preview": previewed - started,
        "preview_cpu": previewed_cpu - started_cpu,
        "import": imported - previewed,
        "import_cpu": imported_cpu - previewed_cpu,
        "created": result.counts["imported"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    data = linkedin_file(args.rows)
    with tempfile.TemporaryDirectory() as folder:
        empty = store.open_database(Path(folder) / "empty.db")
        runs = {"into an empty file": measure(empty, data)}
        full = store.open_database(Path(folder) / "full.db")
        measure(full, linkedin_file(args.rows, seed=99).replace(b"/in/", b"/in/other-"))
        runs["next to 10,000 contacts"] = measure(full, data)
    print(f"LinkedIn import of {args.rows:,} rows ({len(data) / 1e6:.1f} MB)")
    print(f"{'':26}{'preview s':>10}{'(cpu)':>8}{'import s':>10}{'(cpu)':>8}{'created':>9}")
    for label, run in runs.items():
        flags = [k for k, limit in TARGETS.items() if run[k] > limit]
        note = f"  over target: {', '.join(flags)}" if flags else ""
        print(
            f"{label:26}{run['preview']:>10.2f}{run['preview_cpu']:>8.2f}"
            f"{run['import']:>10.2f}{run['import_cpu']:>8.2f}{run['created']:>9,}{note}"
        )


if __name__ == "__main__":
    main()
