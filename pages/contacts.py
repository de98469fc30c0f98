"""Contacts: the list with filters, adding and editing, and one contact's page."""

import pandas as pd
import streamlit as st

from lib import clock, contacts, conversations, dates, drafts, interactions, vocab
from lib.formats import vcards
from lib.ui import duplicates, forms, pages, scheduling, session, undo, widgets
from lib.ui import rhythms as rhythm_widgets
from lib.ui.cache import cached
from lib.ui.widgets import plain

PAGE_SIZE = 50

db = session.database()


def open_contact(contact_id: int | None) -> None:
    if contact_id is None:
        st.query_params.pop("contact", None)
    else:
        st.query_params["contact"] = str(contact_id)
    st.session_state.pop("contacts_editing", None)
    st.rerun()


def text_field(column, values: dict, errors, initial: dict, field: str, label: str, **options):
    """One line of the contact form in column: its text box, and its error right under it."""
    with column:
        values[field] = st.text_input(label, value=initial.get(field, ""), **options)
        forms.field_error(errors, field)


def contact_form(
    form_key: str,
    initial: dict,
    contact_id: int | None,
    submit_label: str,
    errors: dict[str, str] | None = None,
):
    """Render the contact form; return the typed values when submitted, else None.

    Fields sit in rows of two so Tab goes along each row as it reads; a failed save's message
    for a field shows right under it. Enter in a one-line field does not submit the form.
    """
    values = {}
    with st.form(form_key, border=True, enter_to_submit=False):
        text_rows(values, errors, initial)
        found_row(values, errors, initial, contact_id)
        note_fields(values, errors, initial)
        submitted = st.form_submit_button(submit_label, type="primary")
    # What to fix, right under the Save button, with the page scrolled and focused there.
    forms.errors_here(errors or {}, f"{form_key}_errors")
    return values if submitted else None


def text_rows(values: dict, errors, initial: dict) -> None:
    """Name and role, organization and industry, email and phone, LinkedIn URL and location."""
    left, right = st.columns(2)
    text_field(left, values, errors, initial, "name", "Name *", max_chars=200)
    text_field(right, values, errors, initial, "role", "Role")
    left, right = st.columns(2)
    # A text box, not a selectbox with new options: that dropped a new name typed in it
    # when focus left without clicking "Add". The name matches one you have in any case;
    # a new name adds the organization.
    org = initial.get("organization") or None
    text_field(
        left, values, errors, {"organization": org or ""}, "organization", "Organization",
        placeholder="Its name (one you have is matched whatever the case)",
    )  # fmt: skip
    text_field(right, values, errors, initial, "industry", "Industry")
    left, right = st.columns(2)
    text_field(left, values, errors, initial, "email", "Email")
    text_field(right, values, errors, initial, "phone", "Phone")
    left, right = st.columns(2)
    text_field(
        left, values, errors, initial, "linkedin_url", "LinkedIn URL",
        placeholder="linkedin.com/in/…",
    )  # fmt: skip
    text_field(right, values, errors, initial, "location", "Location")


def found_row(values: dict, errors, initial: dict, contact_id: int | None) -> None:
    """How they were found, and who referred them: any other contact, archived ones aside."""
    choices = cached(contacts.contact_choices, db, exclude_id=contact_id)
    referrer = initial.get("referred_by_id")
    if referrer and referrer not in choices:
        choices[referrer] = (contacts.get_contact(db, referrer) or {}).get("name", "(archived)")
    how_found_options = list(vocab.HOW_FOUND)
    how = initial.get("how_found") or None
    referrer_ids = list(choices)
    left, right = st.columns(2)
    with left:
        values["how_found"] = st.selectbox(
            "How found",
            how_found_options,
            index=how_found_options.index(how) if how in how_found_options else None,
            format_func=vocab.HOW_FOUND.get,
            placeholder="Referral, alumni, article…",
        )
        forms.field_error(errors, "how_found")
    with right:
        values["referred_by_id"] = st.selectbox(
            "Referred by",
            referrer_ids,
            index=referrer_ids.index(referrer) if referrer in referrer_ids else None,
            format_func=choices.get,
            placeholder="Someone already in your contacts",
        )
        forms.field_error(errors, "referred_by_id")


def note_fields(values: dict, errors, initial: dict) -> None:
    """The hook, the tags and the private notes, one under the other."""
    values["hook"] = st.text_area(
        "Hook — what you know about them",
        value=initial.get("hook", ""),
        placeholder="“I read your article on community solar…”, a talk they gave, a shared school",
        height=80,
    )
    forms.field_error(errors, "hook")
    values["tags"] = st.text_input(
        "Tags", value=initial.get("tags", ""), placeholder="comma, separated"
    )
    forms.field_error(errors, "tags")
    values["private_notes"] = st.text_area(
        "Private notes (never shown to a coach or exported)",
        value=initial.get("private_notes", ""),
        height=80,
    )


def save(values: dict, contact_id: int | None, error_key: str) -> int | None:
    try:
        return contacts.save_contact(db, values, contact_id)
    except contacts.ContactError as error:
        st.session_state[error_key] = error.errors
        return None


def add_section(expanded: bool) -> None:
    generation = st.session_state.setdefault("contacts_form_generation", 0)
    # Lazy: the form (its referrer picker lists every contact) is built only once opened.
    box = st.expander(
        "Add a contact",
        expanded=expanded,
        icon=":material/person_add:",
        key="contacts_add_open",
        on_change="rerun",
    )
    if not box.open:
        return
    with box:
        values = contact_form(
            f"contacts_add_{generation}",
            {},
            None,
            "Save contact",
            errors=st.session_state.get("contacts_add_errors"),
        )
        if values is not None:
            st.session_state.pop("contacts_add_errors", None)
            with session.saving():
                new_id = save(values, None, "contacts_add_errors")
                if new_id:
                    st.session_state["contacts_form_generation"] = generation + 1
                    saved = f"Saved {widgets.plain_line(values['name'])}."
                    st.session_state["contacts_saved"] = saved
                    open_contact(new_id)
                st.rerun()


def list_view() -> None:
    if duplicates.opened() and session.can_write():
        duplicates.merge_view(db, on_merged=open_contact)
        return
    st.title("Contacts")
    st.caption("Everyone you have talked to, plan to talk to, or were told to talk to.")
    if session.can_write():
        add_section(expanded=not contacts.has_contacts(db))
        duplicates.duplicates_section(db)
    filters = filter_widgets()
    count_line, sort_box = st.columns([3, 1], vertical_alignment="bottom")
    sort = rhythm_widgets.sort_picker(sort_box)
    page_number = st.session_state.get("contacts_page", 1)
    rows, total = cached(
        contacts.list_contacts,
        db,
        limit=PAGE_SIZE,
        offset=(page_number - 1) * PAGE_SIZE,
        today=clock.today(),
        sort=sort,
        **filters,
    )
    if total == 0:
        no_rows()
        return
    pages = (total + PAGE_SIZE - 1) // PAGE_SIZE
    if page_number > pages:
        st.session_state["contacts_page"] = page_number = 1
    count_line.caption(
        f"{total:,} contacts · select a row to open it (keyboard: arrow keys, then Enter or Space)"
    )
    contacts_table(rows, page_number, with_status=filters["status"] is None)
    if pages > 1:
        st.number_input(
            f"Page (of {pages})", min_value=1, max_value=pages, step=1, key="contacts_page"
        )
    if session.can_write():
        vcards_download(total, filters)


def filter_widgets() -> dict:
    """The list's filters, as contacts.list_contacts takes them.

    The search box, then the other filters folded away: on a small screen the list itself
    comes first, not five stacked filter boxes.
    """
    # Reused until the data changes: a return to the list reads nothing.
    organizations = cached(contacts.organization_ids, db)
    search = st.container()
    on = contacts.filters_on(
        organization_id=st.session_state.get("contacts_org"),
        tag=st.session_state.get("contacts_tag"),
        how_found=st.session_state.get("contacts_how"),
        status=st.session_state.get("contacts_status", "active"),
    )
    more = st.expander(f"Filters ({on} on)" if on else "Filters", icon=":material/filter_list:")
    org, tag = more.columns(2)
    how, status = more.columns(2)
    return {
        "search": search.text_input(
            "Search", key="contacts_search", placeholder="Name, role, organization or email"
        ),
        "organization_id": org.selectbox(
            "At organization",
            list(organizations),
            index=None,
            format_func=organizations.get,
            key="contacts_org",
            placeholder="All",
        ),
        "tag": tag.selectbox(
            "With tag",
            cached(contacts.all_tags, db),
            index=None,
            key="contacts_tag",
            placeholder="All",
        ),
        "how_found": how.selectbox(
            "Found through",
            list(vocab.HOW_FOUND),
            index=None,
            format_func=vocab.HOW_FOUND.get,
            key="contacts_how",
            placeholder="All",
        ),
        "status": status.selectbox(
            "Show",
            ["active", "archived", None],
            format_func=lambda s: {"active": "Active", "archived": "Archived", None: "All"}[s],
            key="contacts_status",
        ),
    }


def no_rows() -> None:
    """An empty list: on an empty file, where to start; else, that the filters match no one."""
    if not contacts.has_contacts(db):
        st.info("No contacts yet. Add the first person you would like to learn from, above.")
        if session.can_write():
            st.page_link(
                "pages/import_contacts.py",
                label="Or bring in the people you know: LinkedIn, a spreadsheet, your phone",
                icon=":material/upload_file:",
            )
    else:
        st.info("No contact matches these filters.")


def contacts_table(rows: list[dict], page_number: int, with_status: bool) -> None:
    """One page of the list as a table; clicking a name (any cell) or a row's box opens them."""
    table = pd.DataFrame(rows)
    table["next_step"] = table["next_step"].fillna("—")  # nothing open, rather than "None"
    forms.rows_open_with_enter("contacts_table_box")
    event = st.container(key="contacts_table_box").dataframe(
        rhythm_widgets.style_touch(table),
        hide_index=True,
        on_select="rerun",
        # A click on a cell opens the contact too: a person clicks the name, not the row's box.
        selection_mode=["single-row", "single-cell"],
        key=f"contacts_table_{page_number}",
        column_order=[
            "name",
            "organization",
            "next_step",
            "last_touch",
            "next_touch",
            "touch_words",
            "role",
            "how_found",
            "tags",
        ]
        + (["status"] if with_status else []),
        column_config={
            "name": st.column_config.TextColumn("Name", width="medium"),
            "role": st.column_config.TextColumn("Role", width="medium"),
            "organization": st.column_config.TextColumn("Organization", width="medium"),
            "next_step": st.column_config.TextColumn("Next step", width="medium"),
            "how_found": st.column_config.TextColumn("How found", width="small"),
            "tags": st.column_config.TextColumn("Tags", width="small"),
            **rhythm_widgets.touch_columns(),
            "status": st.column_config.TextColumn("Status", width="small"),
        },
    )
    picked = event.selection.rows or [row for row, _column in event.selection.cells]
    if picked:
        open_contact(int(table.iloc[picked[0]]["id"]))


def vcards_download(total: int, filters: dict) -> None:
    """Every contact the filters match (all pages), as one .vcf file."""
    st.download_button(
        f"Download these {total:,} as vCards",
        data=lambda: session.on_own_connection(
            lambda conn: vcards.export_vcards(conn, contacts.contact_ids(conn, **filters))
        ),
        file_name="fieldwork-contacts.vcf",
        mime="text/vcard",
        icon=":material/contact_page:",
        help="A .vcf file your phone or address book can import. Private notes stay here.",
        key="contacts_vcard_download",
    )


def details(contact: dict) -> None:
    pairs = [
        ("Email", contact["email"]),
        ("Phone", contact["phone"]),
        ("LinkedIn", contact["linkedin_url"]),
        ("Location", contact["location"]),
        ("Industry", contact["industry"]),
        ("How found", vocab.label(vocab.HOW_FOUND, contact["how_found"])),
        ("Known since", contact.get("first_known_on")),  # e.g. LinkedIn's Connected On
        ("Tags", ", ".join(contact["tags"])),
    ]
    for label, value in pairs:
        if value:
            st.markdown(f"**{label}:** {plain(value)}")
    if contact["hook"]:
        st.markdown("**Hook**")
        st.info(plain(contact["hook"]), icon=":material/lightbulb:")
    elif contact["status"] == "active":
        st.caption("No hook yet: note what you know about them; your outreach opens with it.")
    if contact["private_notes"] and not session.coach_mode():
        with st.expander("Private notes", icon=":material/lock:"):
            st.write(plain(contact["private_notes"]))


def referral_chain(contact: dict) -> None:
    st.markdown("**Who led to them**")
    upward = contacts.referred_by_chain(db, contact["id"])
    if upward:
        for person in upward:
            widgets.contact_link(person["id"], ("↑ " * person["depth"]) + person["name"])
    else:
        st.caption(f"Found through: {vocab.label(vocab.HOW_FOUND, contact['how_found']) or '—'}")
    st.markdown("**Whom they led to**")
    onward = contacts.referred_onward(db, contact["id"])
    if not onward:
        st.caption("Nobody yet. Ask them who else you should talk to.")
    for person in onward:
        widgets.contact_link(person["id"], ("↳ " * person["depth"]) + person["name"])


def timeline_section(contact_id: int) -> None:
    undo.offer(db, "contacts")
    entries = contacts.timeline(db, contact_id)
    if not entries:
        st.caption("Nothing logged yet.")
        return
    frame = pd.DataFrame(entries)[["day", "what", "detail"]]
    frame["detail"] = frame["detail"].fillna("")  # an empty cell, never the word "None"
    st.dataframe(
        frame,
        hide_index=True,
        column_config={
            "day": st.column_config.DateColumn("Date", format="ddd D MMM YYYY"),
            "what": "What",
            "detail": st.column_config.TextColumn("Detail", width="large"),
        },
    )
    if session.can_write():
        change_entry(contact_id)


def change_entry(contact_id: int) -> None:
    """Pick a timeline entry (an outreach, a reply, a note) to correct or delete."""
    rows = {row["id"]: row for row in interactions.entries(db, contact_id)}
    if not rows:
        return
    # A new picker after each change: a cleared key alone left the browser showing the old pick.
    generation = st.session_state.get("contacts_change_generation", 0)
    picked = st.selectbox(
        "Change an entry",
        list(rows),
        index=None,
        format_func=lambda entry_id: rows[entry_id]["label"],
        key=f"contacts_change_{contact_id}_{generation}",
        placeholder="Pick an outreach, a reply or a note to correct or delete",
    )
    if picked is None:
        return
    entry = rows[picked]
    errors = st.session_state.get("contacts_entry_errors") or {}
    kinds = list(vocab.INTERACTION_KINDS)
    with st.form(f"contacts_entry_{picked}", border=True, enter_to_submit=False):
        kind_col, day_col = st.columns(2)
        values = {
            "kind": kind_col.selectbox(
                "What happened",
                kinds,
                index=kinds.index(entry["kind"]),
                format_func=vocab.INTERACTION_KINDS.get,
            ),
            # The day as typed: lib.interactions.validate refuses one after today, with a message.
            "occurred_on": forms.date_box(
                "When", dates.as_date(entry["occurred_on"]), where=day_col
            ),
        }
        forms.field_errors(errors, [(kind_col, "kind"), (day_col, "occurred_on")])
        values["summary"] = st.text_input("Summary", value=entry["summary"] or "")
        buttons = st.container(horizontal=True)
        save_it = buttons.form_submit_button("Save changes", type="primary")
        delete_it = buttons.form_submit_button("Delete…", icon=":material/delete:")
    forms.errors_here(errors, f"contacts_entry_errors_{picked}")
    if save_it:
        st.session_state.pop("contacts_entry_errors", None)
        with session.saving():
            try:
                interactions.edit_interaction(db, picked, values)
            except interactions.InteractionError as error:
                st.session_state["contacts_entry_errors"] = error.errors
                st.rerun()
            forget_pick()
            st.toast(f"Saved your changes to {entry['what']}.", icon=":material/check:")
            st.rerun()
    if delete_it:
        st.session_state["contacts_confirm_delete"] = picked
    if st.session_state.get("contacts_confirm_delete") == picked:
        confirm_delete(entry)


def forget_pick() -> None:
    """After a change, the picker starts empty again."""
    generation = st.session_state.get("contacts_change_generation", 0)
    st.session_state["contacts_change_generation"] = generation + 1


def confirm_delete(entry: dict) -> None:
    """The second step of a delete: what goes with it, Delete it or Keep it."""
    consequence = {
        "outreach": " Its 3B and 7B reminders go with it.",
        "reply": " Reminders it had closed open again.",
        "follow_up": " Reminders it had closed open again.",
    }.get(entry["kind"], "")
    with st.container(border=True, key="contacts_confirm_box"):
        st.markdown(f"Delete {entry['what']}?{consequence} You can undo it right after.")
        row = st.container(horizontal=True)
        yes = row.button("Delete it", type="primary", key=f"contacts_delete_{entry['id']}")
        no = row.button("Keep it", key=f"contacts_keep_{entry['id']}")
    forms.focus_here("contacts_confirm_box", "nearest")
    if no:
        st.session_state.pop("contacts_confirm_delete", None)
        st.rerun()
    if yes:
        with session.saving():
            try:
                removed = interactions.delete_interaction(db, entry["id"])
            except interactions.InteractionError as error:
                st.error(str(error))
                return
            st.session_state.pop("contacts_confirm_delete", None)
            forget_pick()
            undo.remember(removed, "contacts", f"Deleted {removed.what}.")
            st.rerun()


def conversations_section(contact_id: int) -> None:
    held = conversations.conversations_for(db, contact_id)
    if not held:
        st.caption("No conversation yet.")
        return
    for index, summary in enumerate(held):
        full = conversations.get_conversation(db, summary["id"])
        title = (
            f"{dates.show(summary['held_on'])} · {vocab.label(vocab.MODES, summary['mode'])}"
            f" · {summary['duration_minutes'] or '?'} min"
        )
        with st.expander(title, expanded=index == 0):
            widgets.conversation_details(full)
            st.page_link(
                pages.one_conversation_page(),
                label="Open it to edit or delete" if session.can_write() else "Open it",
                icon=":material/open_in_new:",
                query_params={"contact": str(contact_id), "conversation": str(summary["id"])},
            )


def log_interaction_form(contact_id: int) -> None:
    generation = st.session_state.get("contacts_log_generation", 0)
    errors = st.session_state.get("contacts_log_errors") or {}
    with st.form(f"contacts_log_{generation}", border=True):
        st.markdown("**Log an interaction**")
        kind = st.selectbox(
            "What happened",
            vocab.SIMPLE_INTERACTION_KINDS,
            format_func=vocab.INTERACTION_KINDS.get,
        )
        # The whole width of the form: in two columns the date was cut ("2026 / 12 / 0").
        day = forms.date_box("When", clock.today(), key=f"contacts_log_day_{generation}")
        forms.field_error(errors, "occurred_on")
        summary = st.text_input("Summary", placeholder="Sent a short note asking for 20 minutes")
        submitted = st.form_submit_button("Log it", icon=":material/add:")
    forms.errors_here(errors, f"contacts_log_errors_{generation}")
    if submitted:
        st.session_state.pop("contacts_log_errors", None)
        with session.saving():
            try:
                contacts.log_interaction(db, contact_id, kind, day, summary, today=clock.today())
            except contacts.ContactError as error:  # the form keeps what was typed
                st.session_state["contacts_log_errors"] = error.errors
                st.rerun()
            st.session_state["contacts_log_generation"] = generation + 1
            st.toast(f"Logged: {vocab.INTERACTION_KINDS[kind]}.", icon=":material/check:")
            st.rerun()  # the timeline on the left was drawn before this save


def outreach_section(contact: dict) -> None:
    with st.expander("Draft an outreach email", icon=":material/edit_note:"):
        st.caption("Lead with the connection, ask for about 20 minutes of advice, never a job.")
        draft = drafts.draft_for_contact(db, contact["id"])
        subject, _ = widgets.draft_editor(
            draft,
            contact["email"],
            prefix="contacts_outreach",
            item_id=contact["id"],
            word_limit=drafts.OUTREACH_WORD_LIMIT,
        )
        # Logged after the fact: the day it went out is when the 3B7 clock starts.
        # One above the other: this column is narrow in a 1024 px window.
        errors_key = f"contacts_outreach_errors_{contact['id']}"
        errors = st.session_state.get(errors_key) or {}
        sent_on = forms.date_box(
            "Sent on", clock.today(), key=f"contacts_outreach_sent_on_{contact['id']}"
        )
        forms.field_error(errors, "occurred_on")
        clicked = st.button("I sent it: log the outreach", icon=":material/send:")
        forms.errors_here(errors, f"contacts_outreach_errors_here_{contact['id']}")
        if clicked:
            st.session_state.pop(errors_key, None)
            with session.saving():
                try:
                    contacts.log_interaction(
                        db, contact["id"], "outreach", sent_on, subject, today=clock.today()
                    )
                except contacts.ContactError as error:  # the draft and the date stay as typed
                    st.session_state[errors_key] = error.errors
                    st.rerun()
                st.toast(
                    "Logged the outreach. The 3B7 reminders start now.", icon=":material/check:"
                )
                st.rerun()


def edit_section(contact: dict) -> None:
    st.header(f"Edit {plain(contact['name'])}")
    values = contact_form(
        f"contacts_edit_{contact['id']}",
        contacts.form_values(contact),
        contact["id"],
        "Save changes",
        errors=st.session_state.get("contacts_edit_errors"),
    )
    if st.button("Cancel editing"):
        st.session_state.pop("contacts_editing", None)
        st.session_state.pop("contacts_edit_errors", None)
        st.rerun()
    if values is not None:
        st.session_state.pop("contacts_edit_errors", None)
        with session.saving():
            if save(values, contact["id"], "contacts_edit_errors"):
                st.session_state.pop("contacts_editing", None)
                st.session_state["contacts_saved"] = "Saved your changes."
            st.rerun()


def contact_view(contact_id: int) -> None:
    contact = contacts.get_contact(db, contact_id)
    if st.button("All contacts", icon=":material/arrow_back:", type="tertiary"):
        open_contact(None)
    moved = duplicates.merged_note(db, contact_id) if contact is None else None
    if moved:
        # A link to a merged-away contact's page opens the one it was merged into.
        contact_id, note = moved
        st.query_params["contact"] = str(contact_id)
        contact = contacts.get_contact(db, contact_id)
        st.info(plain(note), icon=":material/merge:")
    if contact is None:
        st.warning("That contact does not exist (any more).")
        return
    undo.offer(db, duplicates.UNDO_PAGE)
    if st.session_state.get("contacts_editing") == contact_id and session.can_write():
        edit_section(contact)
        return
    st.title(plain(contact["name"]))
    widgets.show_once("contacts_saved", focus=True)  # focus follows the save
    subtitle = " · ".join(v for v in (contact["role"], contact["organization"]) if v)
    if contact["status"] == "archived":
        subtitle = f"{subtitle}  ·  archived" if subtitle else "Archived"
    if subtitle:
        st.caption(plain(subtitle))
    if session.can_write():
        actions(contact)
    left, right = st.columns([3, 2], gap="large")
    with left:
        details(contact)
        st.header("Conversations")
        conversations_section(contact_id)
        st.header("Timeline")
        timeline_section(contact_id)
    with right:
        scheduled_section(contact)
        rhythm_widgets.contact_section(db, contact_id, clock.today())
        with st.container(border=True):
            referral_chain(contact)
        if session.can_write() and contact["status"] == "active":
            outreach_section(contact)
            log_interaction_form(contact_id)


def scheduled_section(contact: dict) -> None:
    st.page_link(
        "pages/brief.py",
        label="Prepare a brief",
        icon=":material/description:",
        query_params={"contact": str(contact["id"])},
    )
    scheduling.for_contact(db, contact["id"])
    if session.can_write() and contact["status"] == "active":
        with st.expander("Schedule a conversation", icon=":material/event:"):
            scheduling.schedule_form(
                db, contact["id"], f"contacts_schedule_{contact['id']}", compact=True
            )


def actions(contact: dict) -> None:
    # A row sized by its buttons' labels, wrapping on a narrow window instead of cutting them.
    row = st.container(horizontal=True, vertical_alignment="center")
    row.page_link(
        "pages/conversations.py",
        label="Log a conversation",
        icon=":material/forum:",
        query_params={"contact": str(contact["id"])},
    )
    if row.button("Edit", icon=":material/edit:"):
        st.session_state["contacts_editing"] = contact["id"]
        st.rerun()
    archived = contact["status"] == "archived"
    if row.button("Restore" if archived else "Archive", icon=":material/archive:"):
        with session.saving():
            contacts.set_archived(db, contact["id"], not archived)
            st.toast("Restored." if archived else "Archived: hidden from lists, nothing deleted.")
            st.rerun()
    row.download_button(
        "vCard",
        data=lambda: session.on_own_connection(
            lambda conn: vcards.export_vcards(conn, [contact["id"]])
        ),
        file_name="contact.vcf",
        mime="text/vcard",
        icon=":material/contact_page:",
        help="Download this contact as a .vcf for your phone or address book.",
        key="contacts_vcard_one",
    )


selected = widgets.query_id("contact")
if selected is not None:
    contact_view(selected)
else:
    list_view()
