"""lib.ui.hosts: the app answers only to this machine's own names, or names the person listed."""

import pytest

from lib.ui.hosts import extra_hosts, host_allowed, host_name, request_allowed


@pytest.mark.parametrize(
    "host",
    [
        "localhost",
        "localhost:8501",
        "LocalHost:8501",
        "127.0.0.1",
        "127.0.0.1:8501",
        "[::1]",
        "[::1]:8501",
        "[0:0:0:0:0:0:0:1]:8501",
        "[::ffff:127.0.0.1]:8501",
        " localhost:8501 ",
    ],
)
def test_this_machine_is_allowed_on_any_port(host):
    assert host_allowed(host)


@pytest.mark.parametrize(
    "host",
    [
        "evil.test",
        "evil.test:8501",
        "localhost.evil.com",
        "localhost.evil.com:8501",
        "127.0.0.1.nip.io",
        "127.0.0.1.nip.io:8501",
        "evil.localhost.com",
        "127.0.0.2",
        "0.0.0.0:8501",
        "192.168.1.20:8501",
        "[::2]:8501",
        "[::1",
        "[::1]x",
        "[::1]:port",
        "localhost:",
        "localhost:8501:1",
        "user@localhost",
        "localhost/",
        "local host",
        "",
        None,
    ],
)
def test_foreign_missing_and_malformed_hosts_are_refused(host):
    assert not host_allowed(host)


def test_listed_hosts_are_allowed_whatever_their_port():
    listed = extra_hosts(" Fieldwork.lan , 192.168.1.20:8501,, [fd00::1] ,not a host")
    assert listed == {"fieldwork.lan", "192.168.1.20", "fd00::1"}
    assert host_allowed("fieldwork.lan:8501", listed)
    assert host_allowed("192.168.1.20:9000", listed)
    assert host_allowed("[fd00::1]:8501", listed)
    assert not host_allowed("fieldwork.lan.evil.com", listed)
    assert not host_allowed("evil.test", listed)
    assert extra_hosts(None) == frozenset() and extra_hosts("") == frozenset()


def test_host_name_reads_the_name_without_the_port():
    assert host_name("Example.ORG:8501") == "example.org"
    assert host_name("[::1]:80") == "::1"
    assert host_name("ex_ample.org") is None


def test_a_request_is_checked_by_its_host_header():
    assert request_allowed({"Host": "localhost:8501", "User-Agent": "x"})
    assert not request_allowed({"Host": "evil.test:8501", "User-Agent": "x"})
    assert request_allowed({"Host": "fieldwork.lan"}, {"fieldwork.lan"})


def test_a_request_without_a_host_header_is_refused():
    # A browser's websocket handshake always carries headers; one without Host is not trusted.
    assert not request_allowed({"User-Agent": "x", "Upgrade": "websocket"})


def test_no_headers_at_all_means_no_browser_request_and_is_allowed():
    # AppTest and scripts run the app with no request, hence no headers to check.
    assert request_allowed({})
