"""Fuzzing the importer with Hypothesis: any bytes give a parsed file or ImportFileError, and
any cell text imports as clean text, as typed, and undoes to nothing."""

from __future__ import annotations

import csv
import io
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.formats import importers
from lib.text import clean_line, is_printable
from tests.support.import_helpers import IMPORT_DAY

EXAMPLES = int(os.environ.get("FIELDWORK_FUZZ_EXAMPLES", "600")) // 6
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
PREFIXES = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"BEGIN:VCARD\r\n", b"Name,Email\r\n"]


@FUZZ
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=400))
def test_any_bytes_parse_or_get_a_clear_error(prefix, body):
    try:
        parsed = importers.read_source(prefix + body, "fuzz.csv")
    except importers.ImportFileError as error:
        assert str(error)
    else:
        assert parsed.source in importers.FORMATS


cells = st.text(max_size=40)


@FUZZ
@given(rows=st.lists(st.tuples(cells, cells, cells, cells), min_size=1, max_size=6))
def test_any_cells_import_clean_as_typed_and_undo_to_nothing(db, monkeypatch, rows):
    monkeypatch.setenv("FIELDWORK_TODAY", IMPORT_DAY)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Name", "Company", "Email", "Notes"])
    writer.writerows(rows)
    data = out.getvalue().encode("utf-8", "surrogatepass")
    try:
        parsed = importers.read_source(data, "fuzz.csv", "csv")
        preview = importers.preview(db, parsed)
    except importers.ImportFileError:
        return
    result = importers.apply_import(db, preview, "new")
    stored = {r[0] for r in db.execute("SELECT name FROM contacts")}
    expected = {clean_line(r.name) for r in result.rows if r.status == "imported"}
    assert stored == expected
    assert all(is_printable(name) and name for name in stored)
    importers.undo_import(db, result.import_id)
    assert db["contacts"].count == 0
    assert db["organizations"].count == 0
