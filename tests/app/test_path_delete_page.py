"""Paths page: deleting a path asks first, then keeps the evidence in the conversations."""

from lib import paths, store
from tests.support.apptest import button

INFORMATICS = "Clinical informatics"


def _read(db_path, function, *args):
    database = store.connect(db_path)
    try:
        return function(database, *args)
    finally:
        database.close()


def test_delete_asks_then_deletes_and_keeps_the_evidence(open_page, sample_path):
    path_id = _read(sample_path, paths.path_named, INFORMATICS)
    effects = _read(sample_path, paths.deletion_effects, path_id)
    at = open_page("pages/paths.py", path=path_id)
    button(at, "Delete this path…").click().run()
    assert not at.exception
    asked = " ".join(m.value for m in at.markdown)
    assert f"What {effects['conversations']} conversations said" in asked
    assert _read(sample_path, paths.get_path, path_id) is not None  # only asked so far
    button(at, "Delete the path").click().run()
    assert not at.exception
    assert _read(sample_path, paths.get_path, path_id) is None
    assert "path" not in at.query_params
    assert any("Deleted the path" in s.value for s in at.success)
    notes = _read(
        sample_path,
        lambda db: [
            r[0]
            for r in db.execute(
                "SELECT notes FROM conversations WHERE notes LIKE ?",
                [f"%About the path “{INFORMATICS}”%"],
            )
        ],
    )
    assert len(notes) == effects["conversations"]


def test_keep_it_closes_the_question_and_deletes_nothing(open_page, sample_path):
    path_id = _read(sample_path, paths.path_named, INFORMATICS)
    at = open_page("pages/paths.py", path=path_id)
    button(at, "Delete this path…").click().run()
    button(at, "Keep it").click().run()
    assert not at.exception
    assert _read(sample_path, paths.get_path, path_id) is not None
    assert not [b for b in at.button if b.label == "Delete the path"]


def test_coach_mode_offers_no_delete(open_page, sample_path, monkeypatch):
    monkeypatch.setenv("FIELDWORK_COACH", "1")
    at = open_page("pages/paths.py", path=_read(sample_path, paths.path_named, INFORMATICS))
    assert not [b for b in at.button if b.label.startswith("Delete")]
