"""The person's own addresses (emails, LinkedIn profile URL): the form on Your data, and the
same form in the message import's preview, where a guessed address is confirmed.

Saved with lib.own_addresses.save_own_addresses; a bad address gets a plain message naming it,
and what was typed stays in the boxes.
"""

from __future__ import annotations

import sqlite_utils
import streamlit as st

from lib import own_addresses
from lib.own_addresses import OwnAddresses
from lib.ui import session
from lib.ui.widgets import plain

SAVED_KEY = "own_addresses_saved"


def own_addresses_form(
    db: sqlite_utils.Database,
    prefix: str,
    start: OwnAddresses,
    button: str = "Save my addresses",
) -> bool:
    """The two boxes and a save button; True on the run the addresses were saved."""
    # A new round after each save: the boxes then show the addresses as saved, tidied.
    round_key = f"{prefix}_round"
    saves = st.session_state.get(round_key, 0)
    with st.form(f"{prefix}_form_{saves}", border=False, enter_to_submit=False):
        left, right = st.columns(2)
        emails = left.text_input(
            "Your email addresses",
            value=", ".join(start.emails),
            key=f"{prefix}_emails_{saves}",
            help="Every address you send mail from, separated by commas.",
            placeholder="you@example.org, you@work.example",
        )
        linkedin = right.text_input(
            "Your LinkedIn profile URL",
            value=start.linkedin_url or "",
            key=f"{prefix}_linkedin_{saves}",
            placeholder="https://linkedin.com/in/you",
        )
        submitted = st.form_submit_button(
            button, type="primary", icon=":material/how_to_reg:", disabled=not session.can_write()
        )
    if not submitted:
        return False
    saved = None
    with session.saving():
        try:
            saved = own_addresses.save_own_addresses(db, emails, linkedin)
        except own_addresses.OwnAddressError as error:
            st.error(plain(error), icon=":material/error:")  # it quotes what was typed
    if saved is None:
        return False
    st.session_state[SAVED_KEY] = describe(saved) or "none"
    st.session_state[round_key] = saves + 1
    return True


def describe(addresses: OwnAddresses) -> str:
    """The addresses on one line: 'ada@example.org, https://linkedin.com/in/ada'."""
    return ", ".join([*addresses.emails, *filter(None, [addresses.linkedin_url])])


def own_addresses_section(db: sqlite_utils.Database) -> None:
    """Your data's section: what is saved, and the form to add, change or remove them."""
    st.header("Your own addresses")
    st.caption(
        "When you import messages, Fieldwork tells the ones you sent from the ones you received "
        "by these. They stay on this computer. Leave both empty to remove them."
    )
    saved = st.session_state.pop(SAVED_KEY, None)
    if saved == "none":
        st.success("Your addresses were removed.", icon=":material/check_circle:")
    elif saved:
        st.success(f"Saved: {plain(saved)}.", icon=":material/check_circle:")
    if own_addresses_form(db, "data_own", own_addresses.own_addresses(db)):
        st.rerun()
