"""The coach's Clients page over a folder of share packages: who needs attention first, an old
package warned about, sorting and finding, hostile names shown as text, opening a client's
pages read-only, writing to the coach file only, and an encrypted package's passphrase."""

import hashlib
import json
import os
from datetime import date

import keyring
import pytest

from lib.formats import coach_file
from tests.markdown_check import active_markup, shown_text
from tests.support import client_packages
from tests.support.apptest import button, run_page
from tests.support.memory_keyring import use_memory_keyring

CLIENTS = "pages/clients.py"


@pytest.fixture
def folder(tmp_path, monkeypatch, db_path):
    where = tmp_path / "packages"
    where.mkdir()
    monkeypatch.setenv("FIELDWORK_COACH_FOLDER", str(where))
    monkeypatch.setenv("FIELDWORK_COACH_NAME", "Maya Coach")
    return where


@pytest.fixture
def three(folder):
    client_packages.folder_of_clients(folder, 3)
    return folder


@pytest.fixture
def memory_keyring():
    before = keyring.get_keyring()
    backend = use_memory_keyring()
    yield backend
    keyring.set_keyring(before)


def table(at):
    return at.dataframe[0].value


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def user_markup(source: str) -> list[str]:
    """Markup in source other than the page's own list of sentences."""
    return [m for m in active_markup(source) if not m.startswith("bullet_list_open")]


def markdown_sources(at) -> list[str]:
    return [m.value for m in at.markdown] + [c.value for c in at.caption]


def test_the_old_package_comes_first_with_a_warning(three):
    at = run_page(CLIENTS)
    shown = table(at)
    assert list(shown["Client"])[0] == "Ana Ruiz"  # made 9 days ago: the most reasons
    assert shown["Age"][0] == "⚠ 9 days"
    assert set(shown["Age"][1:]) == {"today"}
    assert shown["Attention"][0] == "⚠ package 9 days old · +2"  # overdue, behind on goals
    assert [m.value for m in at.metric][:1] == ["3"]


def test_sorting_and_finding(three):
    at = run_page(CLIENTS)
    at.selectbox(key="clients_sort").select("client").run()
    assert list(table(at)["Client"]) == ["Ana Ruiz", "Ben Okafor", "Chloe Martin"]
    at.text_input(key="clients_find").input("chlo").run()
    assert list(table(at)["Client"]) == ["Chloe Martin"]
    at.text_input(key="clients_find").input("nobody").run()
    assert not at.dataframe and "No client matches." in [c.value for c in at.caption]


def test_each_client_has_a_sentence(three):
    at = run_page(CLIENTS)
    sentences = [m.value for m in at.markdown if "package" in m.value and "this week" in m.value]
    assert len(sentences) == 1 and sentences[0].count("\n- ") == 2
    assert "Ana Ruiz: package 9 days old; this week" in shown_text(sentences[0])


def test_a_hostile_client_name_and_contact_are_shown_as_text(folder):
    client_packages.make_package(
        folder, client_packages.HOSTILE_NAME, client_packages.hostile_world, stem="hostile"
    )
    at = run_page(CLIENTS)
    assert list(table(at)["Client"]) == [client_packages.HOSTILE_NAME]  # a table cell: text
    sources = markdown_sources(at)
    # The name is on the page as typed, and nothing of it became markup.
    assert any(client_packages.HOSTILE_NAME in shown_text(s) for s in sources)
    assert {s: user_markup(s) for s in sources if user_markup(s) and "script" in s} == {}
    button(at, "Open").click().run()
    at.query_params["contact"] = "1"  # the hostile contact's own page
    at.switch_page("pages/contacts.py").run()
    assert not at.exception
    on_contacts = markdown_sources(at) + [t.value for t in at.title] + [h.value for h in at.header]
    assert any(client_packages.HOSTILE_NAME in shown_text(s) for s in on_contacts)
    assert {s: user_markup(s) for s in on_contacts if "evil" in s and user_markup(s)} == {}


def test_opening_a_client_shows_their_pages_read_only_and_comments_go_to_the_coach_file(three):
    package = three / "client01.fieldwork-share"
    before = digest(package)
    at = run_page(CLIENTS)
    at.selectbox(key="clients_pick").select(str(package)).run()
    button(at, "Open").click().run()
    assert not at.exception
    assert any("Ben Okafor" in i.value for i in at.sidebar.info)
    at.switch_page("pages/review.py").run()
    assert not at.exception
    text = next(t for t in at.text_area if t.key.startswith("clients_comment_text_"))
    text.input("Two conversations next week: you can do it.")
    next(b for b in at.button if b.label == "Save comment").click().run()
    at.text_input(key="clients_item_text").input("Write to two people at Brightline")
    button(at, "Add action item").click().run()
    assert not at.exception
    lines = coach_file.coach_file_for(package).read_text().splitlines()
    entries = [json.loads(line) for line in lines]
    assert [e["kind"] for e in entries] == ["comment", "action_item"]
    assert {e["coach"] for e in entries} == {"Maya Coach"}
    assert entries[0]["week_start"] == "2026-11-23"
    assert digest(package) == before  # the package is never written
    shown = " ".join(shown_text(s) for s in markdown_sources(at))
    assert "Two conversations next week" in shown and "Write to two people at Brightline" in shown
    at.switch_page(CLIENTS).run()
    assert table(at).set_index("Client")["Action items"]["Ben Okafor"] == "1 open · 0 done"


def test_a_page_without_a_client_open_leads_back_to_clients(three):
    at = run_page(CLIENTS)
    at.switch_page("pages/home.py").run()
    assert not at.exception
    assert "Open a client on the Clients page first." in [i.value for i in at.info]


def test_an_encrypted_package_asks_once_and_keeps_the_passphrase_in_the_keyring(
    folder, memory_keyring
):
    client_packages.make_package(folder, "Sealed Sam", passphrase="correct horse battery")
    at = run_page(CLIENTS)
    assert table(at)["Attention"][0] == "🔒 Locked: needs its passphrase"
    at.text_input[-1].input("wrong wrong wrong")
    button(at, "Unlock").click().run()
    assert not at.exception
    assert table(at)["Client"][0] != "Sealed Sam"  # still locked, said calmly
    assert [e.value for e in at.error] and "passphrase" in at.error[0].value
    assert memory_keyring.saved == {}  # a wrong one is never kept
    at.text_input[-1].input("correct horse battery")
    button(at, "Unlock").click().run()
    assert list(table(at)["Client"]) == ["Sealed Sam"]
    assert list(memory_keyring.saved.values()) == ["correct horse battery"]
    again = run_page(CLIENTS)  # a new session: the keyring remembers it
    assert list(table(again)["Client"]) == ["Sealed Sam"]


def test_packages_are_read_once_per_change_of_their_file(three, monkeypatch):
    from lib import clients

    opened: list[str] = []
    real_open = clients.open_package

    def counting_open(path, passphrase=None):
        opened.append(path.name)
        return real_open(path, passphrase)

    monkeypatch.setattr(clients, "open_package", counting_open)
    at = run_page(CLIENTS)
    first = len(opened)
    at.run()
    at.text_input(key="clients_find").input("a").run()
    assert len(opened) == first  # reruns read no package again
    package = three / "client02.fieldwork-share"
    stat = package.stat()
    os.utime(package, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    at.run()
    assert opened[first:] == ["client02.fieldwork-share"]  # only the file that changed


def test_the_coach_changes_then_withdraws_an_action_item(three):
    package = three / "client01.fieldwork-share"
    path = coach_file.coach_file_for(package)
    item = coach_file.new_action_item("Maya Coach", "Write to two people", date(2026, 11, 27))
    coach_file.append_entries(path, [item])
    at = run_page(CLIENTS)
    at.selectbox(key="clients_pick").select(str(package)).run()
    button(at, "Open").click().run()
    at.switch_page("pages/review.py").run()
    at.text_input(key=f"clients_change_text_{item['id']}").input("Write to three people")
    button(at, "Save the change").click().run()
    assert not at.exception
    [changed] = coach_file.read_coach_file(path).action_items
    assert (changed.text, changed.due_on) == ("Write to three people", date(2026, 11, 27))
    button(at, "Withdraw").click().run()
    assert coach_file.read_coach_file(path).action_items[0].withdrawn
    assert "No action items for this client yet." in [c.value for c in at.caption]
