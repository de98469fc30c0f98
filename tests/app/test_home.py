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
