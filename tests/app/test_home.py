from lib import store
from tests.support.apptest import button


def test_empty_database_offers_the_sample(open_page, db_path):
    at = open_page("pages/home.py")
    assert "Your field research starts here" in [s.value for s in at.header]
    button(at, "Load the sample").click().run()
    database = store.connect(db_path)
    assert database["contacts"].count > 20
    assert database["conversations"].count > 5
    assert "Your field research starts here" not in [s.value for s in at.header]


def test_home_explains_the_steps(open_page, sample_path):
    at = open_page("pages/home.py")
    text = " ".join(m.value for m in at.markdown)
    assert "20 minutes" in text
    assert "research board" in text


def test_3b_7b_and_lamp_are_said_in_a_line_where_they_appear(open_page, sample_path):
    from lib import vocab

    at = open_page("pages/home.py")
    assert any(vocab.METHOD_3B7 in c.value for c in at.caption)  # above the due list
    assert any("Follow up the 3B7 way" in m.value for m in at.markdown)
    organizations = open_page("pages/organizations.py")
    assert any("LAMP ranks the organizations" in c.value for c in organizations.caption)
