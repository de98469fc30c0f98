"""Streamlit pieces shared by several pages: errors, links, escaped text, a saved
conversation, an email draft; and a message kept for the next run, shown once.

Only lib/ui/ and pages/ import streamlit (tests/unit/test_layout.py keeps that true).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from lib import clock, dates, vocab
from lib.text import markdown_escape, markdown_line
from lib.ui import forms
from lib.ui.session import coach_mode, saving


def show_errors(errors: dict[str, str], heading: str = "Please fix:") -> None:
    """List what to fix after a failed save, one line per field (messages may quote user text)."""
    if errors:
        lines = "\n".join(f"- {plain_line(message)}" for message in errors.values())
        st.error(heading + "\n" + lines)


# SQLite's largest integer: a bigger id in the address would raise instead of finding nothing.
_LARGEST_ID = 2**63 - 1


def record_id(value: str | None) -> int | None:
    """A record id from text: ASCII decimal digits of a positive id SQLite can hold, else None.

    str.isdigit() is not enough: "²" and "٣" are digits to it, and int("²") raises.
    """
    if not value or len(value) > 19 or not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if 0 < number <= _LARGEST_ID else None


def query_id(name: str) -> int | None:
    """The record id in the address (?name=12), or None when it is missing or not an id."""
    return record_id(st.query_params.get(name))


def contact_link(contact_id: int, name: str) -> None:
    """A link to a contact's page."""
    st.page_link(
        "pages/contacts.py",
        label=plain_line(name),
        icon=":material/person:",
        query_params={"contact": str(contact_id)},
    )


def plain(text: object) -> str:
    """Escape user text so st.markdown shows it as typed: lib.text.markdown_escape, the one escaper."""
    return markdown_escape(text)


def plain_line(text: object) -> str:
    """plain() for a one-line place (a widget, expander or popover label): breaks become spaces."""
    return markdown_line(text)


def conversation_details(full: dict) -> None:
    """A saved conversation: takeaways, interest, answers, notes and what was recommended."""
    if full["takeaways"]:
        st.markdown(f"**Takeaways:** {plain(full['takeaways'])}")
    if full["still_interested"]:
        interest = vocab.label(vocab.INTEREST, full["still_interested"])
        role = (
            f" · related role: {plain(full['alternative_role'])}"
            if full["alternative_role"]
            else ""
        )
        st.markdown(f"**Still interested:** {interest}{role}")
    for answer in full["answers"]:
        st.markdown(f"**{plain(answer['question_text'])}**  \n{plain(answer['answer'])}")
    if full["notes"]:
        st.markdown(f"**Notes:** {plain(full['notes'])}")
    if full["private_notes"] and not coach_mode():
        st.markdown(f"**Private notes:** {plain(full['private_notes'])}")
    if full["recommendations"]:
        st.markdown("**Recommended**")
        for item in full["recommendations"]:
            kind = vocab.label(vocab.ITEM_KINDS, item["kind"])
            status = vocab.label(vocab.ITEM_STATUS, item["status"])
            st.markdown(f"- {plain(item['title'])} · *{kind}* · {status}")


def draft_editor(
    draft, email: str | None, prefix: str, item_id: int, word_limit: int | None = None
):
    """An editable email draft with its word count, a copy box and a mailto button.

    Returns the (subject, body) as the researcher left them.
    """
    from lib import drafts

    for warning in draft.warnings:
        if word_limit is None or "words" not in warning:
            st.warning(warning, icon=":material/lightbulb:")
    subject = st.text_input("Subject", value=draft.subject, key=f"{prefix}_subject_{item_id}")
    body = st.text_area("Draft", value=draft.body, height=180, key=f"{prefix}_body_{item_id}")
    count = drafts.word_count(body)
    if word_limit is not None and count > word_limit:
        st.warning(
            f"{count} words: aim for under {word_limit}. Shorter emails get more replies.",
            icon=":material/lightbulb:",
        )
    st.caption(f"{count} words. Edit it here, then copy it or open your mail.")
    left, right = st.columns(2)
    # Keyed by its item: an unkeyed popover keeps "open" by its place on the page, so when
    # something above it comes or goes another one opens in its stead.
    with left.popover(
        "Copy the text", icon=":material/content_copy:", key=f"{prefix}_copy_open_{item_id}"
    ):
        st.caption("Use the copy button at the top right of the box.")
        st.code(f"Subject: {subject}\n\n{body}", language=None, wrap_lines=True)
    right.link_button(
        "Open in mail",
        drafts.mailto_link(email, subject, body),
        icon=":material/mail:",
        disabled=not email,
        help=None if email else "Add an email address to the contact to use this.",
    )
    return subject, body


def show_once(key: str, focus: bool = False) -> bool:
    """Show the confirmation kept under key, if any, then forget it; True when one was shown.

    focus=True moves keyboard focus to it (lib.ui.forms.focus_here): after a save, a person
    using a screen reader hears what happened.
    """
    message = st.session_state.pop(key, None)
    if not message:
        return False
    with st.container(key=f"{key}_note"):
        st.success(message, icon=":material/check_circle:")
    if focus:
        forms.focus_here(f"{key}_note")
    return True


def import_row(title: str, details: str, undo_key: str | None) -> bool:
    """One past import in a bordered row: its name and figures, and Undo when undo_key is given.

    title and details are Markdown the caller has escaped. Three elements a row (a container,
    its text, its button): Past imports stays light however many imports there have been.
    Returns whether Undo was pressed.
    """
    with st.container(border=True, horizontal=True, vertical_alignment="center"):
        st.markdown(f"{title}  \n:small[{details}]", width="stretch")
        if undo_key is None:
            return False
        return st.button("Undo this import", key=undo_key, icon=":material/undo:")


def undo_confirmation(
    blockers: list[str],
    explanation: str,
    key: str,
    undo: Callable[[], dict],
    refused: type[Exception],
    forget: Callable[[], None],
) -> dict | None:
    """The inside of an import's Undo dialog, for contacts and messages alike.

    With blockers, says why the import cannot be undone any more. Otherwise explanation (Markdown
    the caller has escaped) and two buttons: "Keep it" calls forget and closes; "Undo the import" runs
    undo() in a save, and a refusal (refused, naming what is in the way) or a store error is
    shown in the dialog. Returns undo()'s result once it is done, else None.
    """
    if blockers:
        st.warning(
            "This import cannot be undone any more:\n"
            + "\n".join(f"- {plain(blocker)}" for blocker in blockers),
            icon=":material/block:",
        )
        return None
    st.markdown(explanation)
    undo_column, keep_column = st.columns(2)
    if keep_column.button("Keep it", key=f"{key}_cancel"):
        forget()
        st.rerun()
    if not undo_column.button("Undo the import", type="primary", key=f"{key}_confirm"):
        return None
    with saving():
        try:
            return undo()
        except refused as error:
            st.warning(plain(error))
    return None


def stamp_day(stamp: str) -> str:
    """A stored UTC instant as the researcher's local day, written the one way: "Wed 2 Dec 2026"."""
    return dates.show(clock.local_date(stamp) or str(stamp)[:10])
