"""The coach password gate: in coach mode with `coach_password` in secrets, nothing of the
researcher's data shows until the right password is typed, once per session."""

import pytest
from streamlit.proto.TextInput_pb2 import TextInput as TextInputProto
from streamlit.testing.v1 import AppTest

from tests.support.apptest import button, run_page

PASSWORD = "blue heron at dawn"
WRONG = "That password is not right. Ask the researcher for it."


@pytest.fixture
def coach(monkeypatch, sample_path):
    monkeypatch.setenv("FIELDWORK_COACH", "1")
    return sample_path


def coach_app(password: str | None) -> AppTest:
    """A new browser session on the home page, with secrets holding password (or none)."""
    return run_page(secrets=None if password is None else {"coach_password": password})


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_page(at: AppTest, page: str) -> AppTest:
    at.switch_page(page)
    return run(at)


def submit(at: AppTest, typed: str) -> AppTest:
    at.text_input(key="coach_password_typed").input(typed)
    button(at, "Open").click()
    return run(at)


def titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


def assert_locked(at: AppTest) -> None:
    """Only the password screen: its title, one masked box, one button, no data at all."""
    assert titles(at) == ["Coach mode"]
    assert [(box.label, box.proto.type) for box in at.text_input] == [
        ("Password", TextInputProto.PASSWORD)
    ]
    assert [b.label for b in at.button] == ["Open"]
    assert not (at.dataframe or at.metric or at.text_area or at.selectbox or at.header)
    # The sidebar's data-file line and coach banner come after the gate.
    assert not [c for c in at.sidebar.caption if "Data file" in c.value]
    assert not at.sidebar.info


@pytest.mark.parametrize(
    "page", ["pages/contacts.py", "pages/conversations.py", "pages/review.py", "pages/share.py"]
)
def test_the_password_screen_hides_every_page(coach, page):
    at = coach_app(PASSWORD)
    assert_locked(at)
    assert_locked(open_page(at, page))


def test_a_wrong_password_shows_an_error_and_still_nothing(coach):
    at = open_page(coach_app(PASSWORD), "pages/contacts.py")
    # Close is not enough: another word, nothing, and the right one in capitals all fail.
    for typed in ("blue heron at dusk", "", PASSWORD.upper()):
        at = submit(at, typed)
        assert [e.value for e in at.error] == [WRONG], typed
        assert_locked(at)


def test_the_right_password_unlocks_the_session(coach):
    at = submit(open_page(coach_app(PASSWORD), "pages/contacts.py"), "wrong")
    at = submit(at, PASSWORD)
    assert not at.error
    assert titles(at) == ["Contacts"]
    assert at.dataframe, "the sample's contacts are listed"
    assert [i.value for i in at.sidebar.info] == ["Coach mode: read-only, private notes hidden."]
    assert "Password" not in [box.label for box in at.text_input]
    # Once per session: other pages and later reruns do not ask again.
    assert titles(open_page(at, "pages/review.py")) == ["Weekly review"]
    assert titles(run(at)) == ["Weekly review"]


def test_a_new_session_asks_again(coach):
    submit(coach_app(PASSWORD), PASSWORD)
    assert_locked(coach_app(PASSWORD))


def test_coach_mode_without_a_password_opens_directly(coach):
    at = coach_app(None)
    assert titles(at) == ["Fieldwork"]
    assert "Password" not in [box.label for box in at.text_input]
    assert titles(open_page(at, "pages/contacts.py")) == ["Contacts"]


def test_no_password_is_asked_outside_coach_mode(sample_path):
    at = open_page(coach_app(PASSWORD), "pages/contacts.py")
    assert titles(at) == ["Contacts"]
    assert "Password" not in [box.label for box in at.text_input]
    assert not at.sidebar.info


def test_a_broken_secrets_file_keeps_coach_mode_locked(monkeypatch, sample_path):
    from streamlit.errors import StreamlitSecretNotFoundError
    from streamlit.runtime.secrets import Secrets

    def broken(self, key, default=None):
        raise StreamlitSecretNotFoundError("Error parsing secrets file at x: Illegal character")

    monkeypatch.setenv("FIELDWORK_COACH", "1")
    monkeypatch.setattr(Secrets, "get", broken)
    at = run_page(check=False)
    assert any("Coach mode is locked" in e.value for e in at.error)
    assert not at.dataframe and not at.metric
