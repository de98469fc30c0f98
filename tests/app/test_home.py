from lib import store
from tests.support import sample_counts
from tests.support.apptest import button


def test_empty_database_offers_the_sample(open_page, db_path):
    at = open_page("pages/home.py")
    assert "Your field research starts here" in [s.value for s in at.header]
    button(at, "Load the sample").click().run()
    database = store.connect(db_path)
    assert database["contacts"].count == sample_counts.CONTACTS
    assert database["conversations"].count == sample_counts.CONVERSATIONS
    assert "Your field research starts here" not in [s.value for s in at.header]
    # Confirmed in place (a toast is an unnamed alertdialog to a screen reader), with the
    # hand-counted figures; it stays until the next action.
    assert not at.toast
    assert [s.value for s in at.success] == [
        f"Loaded the sample: {sample_counts.CONTACTS} contacts and "
        f"{sample_counts.CONVERSATIONS} conversations over ten weeks, up to today."
    ]
    at.run()
    assert not at.success


def test_home_on_the_sample_shows_a_living_week(open_page, sample_path):
    at = open_page("pages/home.py")
    headers = [h.value for h in at.header]
    assert headers.index("Coming up") < headers.index("What is due")
    text = " ".join(m.value for m in at.markdown)
    # Tomorrow's call with Amara, yesterday's with Carmen not captured, and what is due today.
    assert sample_counts.COMING_CALL in text and sample_counts.MISSED_CALL in text
    due = " ".join(e.label for e in at.expander)
    for _, name in sample_counts.DUE_TODAY | sample_counts.OVERDUE:
        assert name in due, name
    assert "Thank-you note · Will Adeyemi" in due


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
