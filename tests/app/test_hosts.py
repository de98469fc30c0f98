"""The DNS-rebinding guard in the app: a request for a foreign Host gets one line and nothing else;
AppTest, which has no request and so no headers, runs the app as usual."""

import pytest
from streamlit.runtime.context import ContextProxy

from lib.ui.hosts import ALLOWED_HOSTS_ENV_VAR, REFUSED_MESSAGE
from tests.support.apptest import run_page


def headers_say(monkeypatch, headers: dict) -> None:
    monkeypatch.setattr(ContextProxy, "headers", property(lambda self: headers))


def test_without_a_request_the_app_runs(sample_path):
    at = run_page()
    assert at.title and REFUSED_MESSAGE not in [e.value for e in at.error]


@pytest.mark.parametrize(
    "host", ["evil.test:8501", "localhost.evil.com:8501", "127.0.0.1.nip.io:8501", None]
)
def test_a_foreign_or_missing_host_gets_one_line_and_none_of_the_app(
    sample_path, monkeypatch, host
):
    headers = {"User-Agent": "Chromium", **({"Host": host} if host else {})}
    headers_say(monkeypatch, headers)
    at = run_page()
    assert [e.value for e in at.error] == [REFUSED_MESSAGE]
    assert not at.title and not at.markdown and not at.sidebar.children
    assert not at.caption and not at.button


@pytest.mark.parametrize("host", ["localhost:8501", "127.0.0.1:8501", "[::1]:8501"])
def test_this_machine_gets_the_app(sample_path, monkeypatch, host):
    headers_say(monkeypatch, {"Host": host, "User-Agent": "Chromium"})
    at = run_page()
    assert not at.error and at.title


def test_a_listed_host_gets_the_app(sample_path, monkeypatch):
    monkeypatch.setenv(ALLOWED_HOSTS_ENV_VAR, "fieldwork.lan, 192.168.1.20")
    headers_say(monkeypatch, {"Host": "fieldwork.lan:8501", "User-Agent": "Chromium"})
    assert not run_page().error
