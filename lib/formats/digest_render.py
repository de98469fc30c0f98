"""The daily digest as text (a terminal, a mail's plain part), Markdown, HTML (a Jinja2
template with autoescape, the mail's HTML part) and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import jinja2

from lib import dates
from lib import text as text_rules
from lib.digest import WEEK_LABELS, Digest, Upcoming, as_json, subject

TEMPLATES = Path(__file__).resolve().parent / "templates"
FORMATS = ("text", "markdown", "html", "json")


def week_line(digest: Digest, key: str) -> str:
    """'3 of 5' against a goal, or '3' when no goal is set."""
    done = digest.week.get(key, 0)
    goal = (digest.goals or {}).get(key)
    return f"{done} of {goal}" if goal else str(done)


GOING_COLD_SHOWN = 10  # the JSON holds them all; a mail names the coldest few


def _same(value: str) -> str:
    return value


def _conversation_line(item: Upcoming, esc=_same) -> str:
    """'Thu 26 Nov, 14:00: Ana (Video, 20 min, the place)'; esc escapes the person's values."""
    zone = f" {item.zone_note}" if item.zone_note else ""
    place = f", {esc(item.place)}" if item.place else ""
    return (
        f"{item.when}{zone}: {esc(item.contact)} ({item.mode}, {item.planned_minutes} min{place})"
    )


def _cold_lines(digest: Digest, esc=_same) -> list[str]:
    lines = [
        f"{esc(c.contact)}: last in touch {dates.show(c.last_touch)}, {c.days_since} days ago"
        for c in digest.going_cold[:GOING_COLD_SHOWN]
    ]
    more = len(digest.going_cold) - GOING_COLD_SHOWN
    if more > 0:
        lines.append(f"… and {more} more (the Contacts page lists them all)")
    return lines


def _due_sections(digest: Digest) -> list[tuple[str, str, list]]:
    return [("overdue", "Overdue", digest.overdue), ("today", "Due today", digest.today)]


def _more_line(digest: Digest, section: str) -> list[str]:
    more = digest.more(section)
    return [f"… and {more} more: open Fieldwork's Home page for them all"] if more > 0 else []


def render_text(digest: Digest) -> str:
    """The digest as plain text, one line per item."""
    lines = [subject(digest), ""]

    def section(title: str, rows: list[str]) -> None:
        if rows:
            lines.extend([title, *[f"  - {row}" for row in rows], ""])

    for key, title, items in _due_sections(digest):
        section(
            title,
            [
                f"{i.label} for {i.contact} (due {dates.show(i.due_on)}): {i.first_line}"
                for i in items
            ]
            + _more_line(digest, key),
        )
    section(
        "Coming up",
        [f"{_conversation_line(i)}\n      Brief to print: {i.brief}" for i in digest.coming_up],
    )
    section(
        "Not captured yet (how did it go?)", [_conversation_line(i) for i in digest.not_captured]
    )
    section("Going cold", _cold_lines(digest))
    lines.append("This week so far")
    lines.extend(f"  {label}: {week_line(digest, key)}" for key, label in WEEK_LABELS.items())
    if digest.goals is None:
        lines.append("  (No weekly goals set: set them on the Weekly review page.)")
    return "\n".join(lines) + "\n"


def render_markdown(digest: Digest) -> str:
    """The digest as Markdown; every value from the data goes through the one escaper."""
    esc = text_rules.markdown_line
    lines = [f"# {subject(digest)}", ""]

    def section(title: str, rows: list[str]) -> None:
        if rows:
            lines.extend([f"## {title}", "", *[f"- {row}" for row in rows], ""])

    for key, title, items in _due_sections(digest):
        section(
            title,
            [
                f"**{i.label}** for {esc(i.contact)} (due {dates.show(i.due_on)}): "
                f"{esc(i.first_line)}"
                for i in items
            ]
            + _more_line(digest, key),
        )
    section(
        "Coming up",
        [f"{_conversation_line(i, esc)} — brief: <{i.brief}>" for i in digest.coming_up],
    )
    section(
        "Not captured yet (how did it go?)",
        [_conversation_line(i, esc) for i in digest.not_captured],
    )
    section("Going cold", _cold_lines(digest, esc))
    lines.extend(["## This week so far", "", "| Measure | Done |", "|---|---|"])
    lines.extend(f"| {label} | {week_line(digest, key)} |" for key, label in WEEK_LABELS.items())
    return "\n".join(lines) + "\n"


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(digest: Digest) -> str:
    """The digest as one HTML page (the mail's HTML part), every value escaped."""
    return (
        _environment()
        .get_template("digest.html.j2")
        .render(
            digest=digest,
            title=subject(digest),
            show=dates.show,
            conversation_line=_conversation_line,
            cold_lines=_cold_lines(digest),
            more_line=lambda section: " ".join(_more_line(digest, section)),
            week_rows=[(label, week_line(digest, key)) for key, label in WEEK_LABELS.items()],
        )
    )


def render_json(digest: Digest) -> str:
    """The digest as the JSON object the issue gives, indented."""
    return json.dumps(as_json(digest), indent=2, ensure_ascii=False) + "\n"


def render(digest: Digest, form: str) -> str:
    """The digest in form: text, markdown, html or json."""
    return {
        "text": render_text,
        "markdown": render_markdown,
        "html": render_html,
        "json": render_json,
    }[form](digest)


def compose_mail(settings, digest: Digest):
    """The digest as a multipart mail (plain text, then HTML) for settings' recipient."""
    from lib import digest_mail

    return digest_mail.build_message(
        settings, subject(digest), render_text(digest), render_html(digest)
    )
