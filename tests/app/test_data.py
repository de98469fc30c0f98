def test_data_page_shows_the_open_file_and_counts(open_page, sample_path):
    at = open_page("pages/data.py")
    assert str(sample_path) in [c.value for c in at.code]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Contacts"] == "36"
    assert at.get("download_button")


def test_an_unusable_data_file_gives_a_message_not_a_traceback(open_page, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    monkeypatch.setenv("FIELDWORK_DB", str(blocker / "fieldwork.db"))
    at = open_page("pages/home.py")
    assert any("could not open its data file" in e.value for e in at.error)
