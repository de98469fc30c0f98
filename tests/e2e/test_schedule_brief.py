"""The morning of a call, in Chromium: schedule it, open and print its brief on one page, then
capture it from Home's "How did it go?".

The steps are plain functions (schedule_conversation, print_brief, capture_from_home) so other
browser tests (the Paths chart gaining a point) can reuse the flow.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, open_app, wait_for_app
from tests.e2e.test_paths import PATH as ENERGY_PATH
from tests.e2e.test_paths import chart_points, open_path_page, path_id

pytestmark = pytest.mark.e2e

NOTES = "Most of the work is partnerships; grant reporting is the hard part."


def busiest_contact(server) -> tuple[int, str]:
    """The sample's contact with the most on their page (conversations, exchanges, items)."""
    database = server.database()
    try:
        return database.execute(
            """SELECT c.id, c.name FROM contacts c ORDER BY
                 (SELECT count(*) FROM interactions i WHERE i.contact_id = c.id)
                 + 3 * (SELECT count(*) FROM conversations v WHERE v.contact_id = c.id)
                 + (SELECT count(*) FROM research_items r WHERE r.recommended_by_id = c.id)
                 + (SELECT count(*) FROM contacts p WHERE p.organization_id = c.organization_id)
               DESC, c.id LIMIT 1"""
        ).fetchone()
    finally:
        database.close()


def pick(page, form, label: str, options: list[str]) -> None:
    """Choose options in a Streamlit multiselect inside form, by typing each one's text."""
    box = form.get_by_label(label, exact=True)
    for option in options:
        box.click()
        box.fill(option)
        page.get_by_role("option", name=option).first.click()
    page.keyboard.press("Escape")


def choices(server) -> tuple[list[str], list[str]]:
    """The first ten bank questions as the picker shows them, and the live paths' names."""
    database = server.database()
    try:
        categories = {"trends": "Trends", "insights": "Insights", "advice": "Advice"}
        categories |= {"resources": "Resources", "assignments": "Assignments"}
        questions = [
            f"{categories[category]} · {text}"
            for category, text in database.execute(
                """SELECT category, text FROM questions WHERE retired_at IS NULL
                   ORDER BY position, id LIMIT 10"""
            )
        ]
        paths = [
            row[0]
            for row in database.execute(
                "SELECT name FROM paths WHERE status != 'ruled_out' ORDER BY name"
            )
        ]
    finally:
        database.close()
    return questions, paths


def schedule_conversation(page, server, contact_id: int, start: str = "00:05") -> int:
    """Schedule a conversation today at start from the contact's page; return its id.

    A start of 00:05 has passed by the time the test runs, so "How did it go?" shows at once.
    """
    open_app(page, server, "contacts", contact=contact_id)
    page.get_by_text("Schedule a conversation").click()
    form = page.get_by_test_id("stForm").filter(has_text="Schedule it")
    hour, minute = start.split(":")
    for part, digits in (("hour", hour), ("minute", minute)):
        spin = form.get_by_role("spinbutton", name=f"{part}, Start (in the time zone below)")
        spin.click()
        spin.press_sequentially(digits)
        expect(spin).to_have_attribute("aria-valuenow", str(int(digits)))
    form.get_by_label("Place or video link").fill("https://meet.example.org/brief-test")
    questions, paths = choices(server)
    pick(page, form, "Questions to ask (optional)", questions)
    pick(page, form, "Paths it should inform (optional)", paths)
    form.get_by_text("Times are in your time zone").click()  # closes any open dropdown
    form.get_by_role("button", name="Schedule it").click()
    wait_for_app(page)
    assert_no_exception(page)
    prepare = page.get_by_role("link", name="Prepare", exact=True).first
    expect(prepare).to_be_visible(timeout=15_000)
    return int(re.search(r"scheduled=(\d+)", prepare.get_attribute("href")).group(1))


def pdf_pages(pdf: bytes) -> int:
    """Pages in a PDF (pypdf when installed, else its /Type /Page objects)."""
    try:
        from io import BytesIO

        from pypdf import PdfReader
    except ImportError:
        return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    return len(PdfReader(BytesIO(pdf)).pages)


def print_brief(page, server, contact_id: int, scheduled_id: int, folder: Path) -> dict:
    """Open the brief, download its HTML, print it with Chromium; return {format: pages}."""
    open_app(page, server, "brief", contact=contact_id, scheduled=scheduled_id)
    expect(page.get_by_text("What you want to learn").first).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download for printing (HTML)").click()
    html = folder / download.value.suggested_filename
    download.value.save_as(html)
    printer = page.context.new_page()
    try:
        printer.goto(html.as_uri())
        printer.emulate_media(media="print")
        return {
            size: pdf_pages(printer.pdf(format=size, prefer_css_page_size=True))
            for size in ("A4", "Letter")
        }
    finally:
        printer.close()


def capture_from_home(page, server, scheduled_id: int, notes: str = NOTES) -> None:
    """Click "How did it go?" for the scheduled conversation on Home and save the capture."""
    open_app(page, server)
    link = page.locator(f"a[href*='scheduled={scheduled_id}']").filter(has_text="How did it go?")
    link.first.click()
    wait_for_app(page)
    page.wait_for_url(re.compile(rf"/conversations\?.*scheduled={scheduled_id}"))
    expect(page.get_by_text("How did it go? Capturing the conversation")).to_be_visible()
    page.get_by_label("Notes", exact=True).fill(notes)
    page.get_by_role("button", name="Save conversation").click()
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.get_by_text("Saved your conversation")).to_be_visible()


def test_schedule_print_the_brief_on_one_page_and_capture_it(page, server_factory, tmp_path):
    server = server_factory(sample=True)
    contact_id, name = busiest_contact(server)
    scheduled_id = schedule_conversation(page, server, contact_id)

    database = server.database()
    try:
        planned = database.execute(
            "SELECT count(*) FROM scheduled_questions WHERE scheduled_id = ?", [scheduled_id]
        ).fetchone()[0]
    finally:
        database.close()
    assert planned == 10

    pages = print_brief(page, server, contact_id, scheduled_id, tmp_path)
    assert pages == {"A4": 1, "Letter": 1}, f"the brief for {name} does not fit one page"

    # The conversation was scheduled for every live path: capturing it adds a point to each.
    energy = path_id(server, ENERGY_PATH)
    open_path_page(page, server, energy)
    points_before = chart_points(page)

    capture_from_home(page, server, scheduled_id)
    open_path_page(page, server, energy)
    assert chart_points(page) == points_before + 1
    database = server.database()
    try:
        status, conversation_id = database.execute(
            "SELECT status, conversation_id FROM scheduled_conversations WHERE id = ?",
            [scheduled_id],
        ).fetchone()
        notes = database.execute(
            "SELECT notes, duration_minutes FROM conversations WHERE id = ?", [conversation_id]
        ).fetchone()
    finally:
        database.close()
    assert status == "held"
    assert notes == (NOTES, 20)
