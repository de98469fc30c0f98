"""The one list of Fieldwork's pages, in sidebar order: app.py builds the navigation from it,
and the tests and the benchmark open every page from it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parents[2]
ICON = str(Path(__file__).with_name("favicon.png"))  # the browser tab's icon, served locally


@dataclass(frozen=True)
class PageSpec:
    """A page: its file under pages/, its title and icon in the sidebar, and its section."""

    path: str
    title: str
    icon: str
    section: str
    default: bool = False


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/home.py", "Home", ":material/home:", "", default=True),
    PageSpec("pages/contacts.py", "Contacts", ":material/group:", "Research"),
    PageSpec("pages/conversations.py", "Conversations", ":material/forum:", "Research"),
    PageSpec("pages/brief.py", "Conversation brief", ":material/description:", "Research"),
    PageSpec("pages/board.py", "Research board", ":material/view_kanban:", "Research"),
    PageSpec("pages/organizations.py", "Target organizations", ":material/domain:", "Research"),
    PageSpec("pages/paths.py", "Paths", ":material/alt_route:", "Research"),
    PageSpec("pages/search.py", "Search", ":material/search:", "Research"),
    PageSpec("pages/activity.py", "Outreach activity", ":material/monitoring:", "Progress"),
    PageSpec("pages/review.py", "Weekly review", ":material/event_available:", "Progress"),
    PageSpec("pages/share.py", "Share with your coach", ":material/share:", "Progress"),
    PageSpec("pages/data.py", "Your data", ":material/database:", "Settings"),
    PageSpec("pages/import_contacts.py", "Import", ":material/upload_file:", "Settings"),
)


# One conversation has an address of its own, off the sidebar (pages/conversation.py runs the
# Conversations page, which shows the one conversation there), so the sidebar's Conversations
# link (another page) always leads back to the lists, and ?contact=&conversation= goes with it.
CONVERSATIONS = "pages/conversations.py"
ONE_CONVERSATION = "conversation"
HIDDEN_PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/conversation.py", "Conversation", ":material/forum:", "Research"),
)


def one_conversation_page() -> st.Page:
    """The hidden page a single conversation opens on."""
    spec = HIDDEN_PAGES[0]
    return st.Page(spec.path, title=spec.title, url_path=ONE_CONVERSATION, visibility="hidden")


def conversations_page() -> st.Page:
    """The Conversations page as the sidebar lists it (its lists and forms)."""
    spec = next(spec for spec in PAGES if spec.path == CONVERSATIONS)
    return st.Page(CONVERSATIONS, title=spec.title, icon=spec.icon)


# The coach's Fieldwork over a folder of clients' packages (lib/ui/coach_folder.py) opens on
# Clients; the client's pages follow, on the opened package, but for those that act on the
# coach's own data file.
COACH_PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/clients.py", "Clients", ":material/groups:", "", default=True),
)
OWN_FILE_PAGES = frozenset({"pages/data.py", "pages/import_contacts.py"})


def over_a_folder() -> tuple[PageSpec, ...]:
    """The pages of the coach's Fieldwork over a folder: Clients first, then a client's."""
    return COACH_PAGES + tuple(
        replace(spec, default=False) for spec in PAGES if spec.path not in OWN_FILE_PAGES
    )


def navigation(coach_folder: bool = False) -> dict[str, list[st.Page]]:
    """The pages as st.navigation takes them: section -> its st.Page objects, in order."""
    sections: dict[str, list[st.Page]] = {}
    for spec in over_a_folder() if coach_folder else PAGES:
        page = st.Page(spec.path, title=spec.title, icon=spec.icon, default=spec.default)
        sections.setdefault(spec.section, []).append(page)
        if spec.path == CONVERSATIONS:
            sections[spec.section].append(one_conversation_page())
    return sections


def hidden_pages() -> list[st.Page]:
    """Every page, for a navigation that shows none of them (a refused request)."""
    shown = [st.Page(spec.path, title=spec.title, default=spec.default) for spec in PAGES]
    return [*shown, one_conversation_page()]
