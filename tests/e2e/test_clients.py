"""The coach's Fieldwork in a real browser: Clients over a folder of packages, open a client,
back to Clients; and not one request leaves this machine."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, charts_drawn, open_app, wait_for_app
from tests.support import client_packages

LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture(scope="module")
def coach_server(server_factory, tmp_path_factory):
    folder = tmp_path_factory.mktemp("packages")
    client_packages.folder_of_clients(folder, 3)
    return server_factory(FIELDWORK_COACH_FOLDER=str(folder), FIELDWORK_COACH_NAME="Maya Lind")


def test_clients_open_a_client_and_back_with_no_request_off_this_machine(coach_server, page):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    open_app(page, coach_server, "")
    assert_no_exception(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="Clients")).to_be_visible()
    page.get_by_test_id("stDataFrame").wait_for()
    sentences = main.get_by_role("listitem")
    expect(sentences).to_have_count(3)
    first = sentences.first.inner_text().replace("\u2060", "")  # the escaper's word joiner
    assert first.startswith("Ana Ruiz: package 9 days old")

    page.get_by_test_id("stBaseButton-primary").filter(has_text="Open").click()
    wait_for_app(page)
    assert_no_exception(page)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_contain_text("Viewing Ana Ruiz's package, read-only.")

    sidebar.get_by_role("link", name="Outreach activity").click()
    wait_for_app(page)
    charts_drawn(page)  # the client's charts, drawn from their package
    assert_no_exception(page)

    sidebar.get_by_role("link", name="Back to Clients").click()
    wait_for_app(page)
    expect(main.get_by_role("heading", name="Clients")).to_be_visible()
    page.get_by_test_id("stDataFrame").wait_for()
    assert not page.js_errors

    hosts = {urlsplit(url).hostname for url in requested if not url.startswith(("data:", "blob:"))}
    away = [url for url in requested if urlsplit(url).hostname not in LOCAL_HOSTS | {None}]
    assert requested and hosts <= LOCAL_HOSTS, f"requests left this machine: {away}"
