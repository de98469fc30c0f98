"""Target organizations page: the LAMP list in order, and edits that reach the database."""

from lib import store


def _table(at):
    return at.dataframe[0].value


def _org(db_path, name):
    database = store.connect(db_path)
    rows = list(database.query("SELECT * FROM organizations WHERE name = ?", [name]))
    database.close()
    return rows[0]


def test_sample_list_in_lamp_order(open_page, sample_path):
    at = open_page("pages/organizations.py")
    table = _table(at)
    names = list(table["Organization"])
    assert names[0] == "Brightline Community Energy"  # advocacy, motivation 3, posting 3
    assert "Keystone Consulting" not in names  # ruled out: hidden by default
    assert "Open Trails Foundation" in names  # on hold is shown
    assert list(table.columns[:4]) == ["Organization", "Advocacy", "Motivation", "Posting"]
    assert table["Contacts"].sum() > 0 and table["Conversations"].sum() > 0
    motivations = list(table["Motivation"])
    assert motivations == sorted(motivations, reverse=True)


def test_edit_scores_moves_an_organization(open_page, sample_path):
    at = open_page("pages/organizations.py")
    target = _org(sample_path, "Riverton Public Schools")
    at.selectbox(key="orgs_pick").set_value(target["id"]).run()
    at.select_slider(key=f"orgs_motivation_{target['id']}").set_value(3)
    at.select_slider(key=f"orgs_posting_{target['id']}").set_value(3)
    at.button[[b.label for b in at.button].index("Save scores")].click().run()
    saved = _org(sample_path, "Riverton Public Schools")
    assert (saved["motivation"], saved["posting"]) == (3, 3)
    assert any("Saved Riverton Public Schools" in s.value for s in at.success)
    assert list(_table(at)["Organization"])[:2] == [
        "Brightline Community Energy",
        "Riverton Public Schools",
    ]


def test_add_an_organization_and_a_duplicate(open_page, db_path):
    at = open_page("pages/organizations.py")
    assert any("No organizations yet" in i.value for i in at.info)
    at.text_input(key="orgs_add_name_0").input("GridWise Analytics")
    at.select_slider(key="orgs_add_motivation_0").set_value(2)
    at.button[[b.label for b in at.button].index("Add organization")].click().run()
    assert _org(db_path, "GridWise Analytics")["motivation"] == 2
    assert list(_table(at)["Organization"]) == ["GridWise Analytics"]
    assert not _table(at)["Advocacy"][0]
    at.text_input(key="orgs_add_name_1").input("gridwise analytics")
    at.button[[b.label for b in at.button].index("Add organization")].click().run()
    assert any("already on your list" in e.value for e in at.error)
    assert at.text_input(key="orgs_add_name_1").value == "gridwise analytics"


def test_coach_mode_is_read_only(open_page, sample_path, monkeypatch):
    monkeypatch.setenv("FIELDWORK_COACH", "1")
    at = open_page("pages/organizations.py")
    assert len(_table(at)) > 0
    assert [b.label for b in at.button if b.label in ("Save scores", "Add organization")] == []
