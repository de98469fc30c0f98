"""The share package section of Share with your coach: make one to download, or keep one in a
folder shared with the coach (refreshed each day). Logic lives in lib.share_folder and
lib.formats.share_package; this module reads widgets and shows results."""

from __future__ import annotations

from datetime import date, datetime

import sqlite_utils
import streamlit as st

from lib import clock, share_folder
from lib.formats import share_package
from lib.formats.share_package import PackageError
from lib.ui import session
from lib.ui.widgets import plain

BUILT_KEY = "share_package_built"


def _weeks(manifest: dict) -> str:
    if not manifest.get("first_week"):
        return "no activity yet"
    first = date.fromisoformat(manifest["first_week"])
    last = date.fromisoformat(manifest["last_week"])
    if first == last:
        return f"the week of {first:%d %b %Y}"
    return f"the weeks of {first:%d %b %Y} to {last:%d %b %Y}"


def _summary(manifest: dict) -> str:
    sealed = "sealed with your passphrase" if manifest.get("encrypted") else "no passphrase"
    details = (
        "with contacts' email addresses and phone numbers"
        if manifest.get("include_contact_details")
        else "without contacts' email addresses and phone numbers"
    )
    return (
        f"For **{plain(manifest['client_name'])}**: {_weeks(manifest)}, {details}, {sealed}. "
        "No private notes, full message texts or settings are in it."
    )


def _choices(db: sqlite_utils.Database) -> tuple[str, bool, str, list[str]]:
    """The name, the contact-details tick and the passphrase, with what is wrong with them."""
    name = st.text_input(
        "Your name, as your coach knows you",
        value=share_folder.display_name(db),
        max_chars=share_package.MAX_NAME,
        key="share_package_name",
    )
    details = st.checkbox(
        "Include contacts' email addresses and phone numbers",
        value=False,
        key="share_package_details",
        help="Left out unless ticked: your coach sees names, roles and organizations.",
    )
    left, right = st.columns(2)
    passphrase = left.text_input(
        "Passphrase (optional)",
        type="password",
        key="share_package_passphrase",
        help="Give it to your coach once, by another way than the package (say, by phone). "
        "A synced folder then holds nothing readable.",
    )
    again = right.text_input(
        "Type the passphrase again", type="password", key="share_package_passphrase_again"
    )
    problems = []
    if passphrase or again:
        problem = share_folder.passphrase_problem(passphrase, again)
        if problem:
            problems.append(problem)
    return name, details, passphrase, problems


def _download(
    db: sqlite_utils.Database, name: str, details: bool, passphrase: str, ready: bool
) -> None:
    choice = (name, details, passphrase)
    if st.button(
        "Make the package", type="primary", icon=":material/inventory_2:", disabled=not ready
    ):
        with st.spinner("Making the package…"):
            try:
                data, manifest = share_package.package_bytes(
                    db,
                    client_name=name,
                    include_contact_details=details,
                    passphrase=passphrase or None,
                )
            except PackageError as error:
                st.error(plain(error), icon=":material/error:")
                return
        if session.can_write():
            with session.saving():
                share_folder.save_display_name(db, name)
        file_name = share_package.file_name(name, clock.today())
        st.session_state[BUILT_KEY] = (choice, data, file_name, manifest)
    built = st.session_state.get(BUILT_KEY)
    if built is None:
        return
    made_for, data, file_name, manifest = built
    if made_for != choice:
        st.caption("The choices changed: make the package again.")
        return
    st.markdown(_summary(manifest))
    st.download_button(
        "Download the share package",
        data=data,
        file_name=file_name,
        mime="application/octet-stream",
        icon=":material/download:",
        key="share_package_download",
    )


def _when(moment: datetime | None) -> str:
    if moment is None:
        return "not yet"
    day = moment.date()
    if day == clock.today():
        return f"today at {moment:%H:%M}"
    return f"{moment:%a %d %b %Y at %H:%M}"


def _folder(
    db: sqlite_utils.Database, name: str, details: bool, passphrase: str, ready: bool
) -> None:
    st.subheader("Keep a package in a folder you share with your coach")
    st.caption(
        "Pick a folder your coach can see too (Dropbox, Google Drive, OneDrive). Fieldwork "
        "writes the package there now, then refreshes it each day when you first change "
        "something, "
        "so your coach always has this week. A passphrase is kept in this computer's keyring, "
        "never in a file."
    )
    kept = share_folder.read_settings(db)
    folder = st.text_input(
        "Folder",
        value=str(kept.folder) if kept.folder else "",
        placeholder="~/Dropbox/Coach",
        key="share_folder_path",
    )
    # A folder copy already sealed stays sealed (with the kept passphrase) unless a new one
    # is typed: clearing the box must never quietly turn a sealed copy into a readable one.
    sealed_copy = bool(passphrase) or (kept.package_path is not None and kept.encrypted)
    if passphrase:
        st.caption("The folder copy is sealed with the passphrase above.")
    elif sealed_copy:
        st.caption(
            "The folder copy stays sealed with the passphrase kept in your keyring; type a new "
            "one above to change it. To drop the passphrase, stop keeping it there first."
        )
    else:
        st.caption("Without a passphrase, anyone who can open the folder can read the package.")
    if st.button(
        "Keep a package in this folder", icon=":material/folder_shared:", disabled=not ready
    ):
        with st.spinner("Writing the package in the folder…"), session.saving():
            try:
                share_folder.keep_in_folder(
                    db,
                    folder,
                    client_name=name,
                    encrypted=sealed_copy,
                    contact_details=details,
                    passphrase=passphrase or None,
                )
                st.session_state["share_folder_done"] = "kept"
                st.rerun()
            except PackageError as error:
                st.error(plain(error), icon=":material/error:")
    kept = share_folder.read_settings(db)
    if kept.package_path is None:
        return
    sealed = "sealed with a passphrase" if kept.encrypted else "no passphrase"
    st.info(
        f"Kept as {plain(str(kept.package_path))} ({sealed}); last made "
        f"{_when(share_folder.last_made(kept))}.",
        icon=":material/folder_shared:",
    )
    done = st.session_state.pop("share_folder_done", None)
    if done:
        st.success(
            "The package is in the folder." if done == "kept" else "The package was refreshed.",
            icon=":material/check:",
        )
    left, right = st.columns(2)
    if left.button("Refresh it now", icon=":material/refresh:", key="share_folder_refresh"):
        try:
            share_folder.refresh(db)
            st.session_state["share_folder_done"] = "refreshed"
            st.rerun()
        except PackageError as error:
            st.error(plain(error), icon=":material/error:")
    if right.button("Stop keeping it there", icon=":material/folder_off:", key="share_folder_stop"):
        with session.saving():
            left_there = share_folder.stop_keeping(db)
            st.toast(
                f"Fieldwork no longer refreshes it. The last package stays in the folder: "
                f"{plain(str(left_there))}."
            )
            st.rerun()


def package_section(db: sqlite_utils.Database) -> None:
    """Make a share package (download, or kept in a folder) from this session's data file."""
    st.header("Share package for your coach's Fieldwork")
    st.caption(
        "One file your coach opens in their own Fieldwork to see every page read-only, with "
        "nothing private in it: no private notes, full message texts or settings."
    )
    if session.coach_mode():
        st.caption("Coach mode: share packages are made by the researcher, in normal mode.")
        return
    name, details, passphrase, problems = _choices(db)
    for problem in problems:
        st.warning(plain(problem), icon=":material/warning:")
    if not name.strip():
        st.caption("Type your name to make a package.")
    ready = not problems and bool(name.strip())
    _download(db, name, details, passphrase, ready)
    if session.can_write():
        _folder(db, name, details, passphrase, ready)
