"""Research board: every recommendation and next step, by status and by kind."""

from datetime import date

import streamlit as st

from lib import board, vocab, widgets

db = widgets.database()
today = date.today()
writable = widgets.can_write()

SHOWN_PER_COLUMN = 30
STATUS_ICONS = {
    "todo": ":material/radio_button_unchecked:",
    "doing": ":material/pending:",
    "done": ":material/check_circle:",
    "dropped": ":material/do_not_disturb_on:",
}


def plain(text) -> str:
    """User text shown in markdown without it turning into formatting or formulas."""
    out = str(text or "")
    for char in "\\`*_[]()#|<>~$":
        out = out.replace(char, "\\" + char)
    return out


st.title("Research board")
st.caption(
    "Every recommendation becomes a next step: books and articles, professional organizations, "
    "roles, people to contact, events. Mark each one done with what came of it; the one-month "
    "update to whoever recommended it uses that line."
)

flash = st.session_state.pop("board_flash", None)
if flash:
    st.success(flash, icon=":material/check_circle:")


def show_errors(item_id: int) -> None:
    errors = st.session_state.pop(f"board_errors_{item_id}", None)
    if errors:
        widgets.show_errors(errors)


def move(item: dict, status: str, **done) -> None:
    try:
        board.set_status(db, item["id"], status, today, **done)
    except board.BoardError as error:
        st.session_state[f"board_errors_{item['id']}"] = error.errors
    else:
        label = vocab.label(vocab.ITEM_STATUS, status)
        st.session_state["board_flash"] = f"Moved “{item['title']}” to {label}."
    st.rerun()


def done_controls(item: dict) -> None:
    """Done needs the date and a one-line outcome; a failed try keeps what was typed."""
    key = f"board_{item['id']}"
    st.date_input("Done on", value=today, max_value=today, key=f"{key}_done_on")
    st.text_input(
        "What came of it (one line)",
        value=item["outcome"] or "",
        key=f"{key}_outcome",
        placeholder="Read it; chapter 3 changed how I see the role",
    )
    if st.button("Mark done", key=f"{key}_done", type="primary", icon=":material/check:"):
        move(
            item,
            "done",
            done_on=st.session_state[f"{key}_done_on"],
            outcome=st.session_state[f"{key}_outcome"],
        )


def make_contact_controls(item: dict) -> None:
    key = f"board_{item['id']}_mk"
    existing = board.contact_named(db, item["title"])
    if existing:
        st.caption(f"You already have a contact called {existing['name']}.")
        if st.button("Link to that contact", key=f"{key}_link", icon=":material/link:"):
            board.link_contact(db, item["id"], existing["id"], today)
            st.session_state["board_flash"] = f"Linked to {existing['name']}; item marked done."
            st.rerun()
        st.divider()
    st.text_input("Name", value=item["title"], key=f"{key}_name")
    st.text_input("Role", key=f"{key}_role")
    st.text_input("Organization", key=f"{key}_organization")
    st.text_input("Email", key=f"{key}_email")
    referrer = item["recommended_by"]
    if referrer:
        st.caption(f"Referred by {referrer}; the item is marked done.")
    if st.button(
        "Add to contacts", key=f"{key}_save", type="primary", icon=":material/person_add:"
    ):
        values = {
            field: st.session_state[f"{key}_{field}"]
            for field in ("name", "role", "organization", "email")
        }
        try:
            contact_id = board.make_contact(db, item["id"], values, today)
        except board.BoardError as error:
            st.session_state[f"board_errors_{item['id']}"] = error.errors
        else:
            st.session_state["board_flash"] = f"Added {values['name'].strip()} to your contacts."
            st.session_state["board_new_contact"] = contact_id
        st.rerun()


def card(item: dict, controls: bool = True) -> None:
    with st.container(border=True):
        st.markdown(f"**{plain(item['title'])}**")
        who = (
            f"Recommended by {plain(item['recommended_by'])}"
            if item["recommended_by"]
            else "Added by hand"
        )
        when = f" on {item['conversation_on']}" if item["conversation_on"] else ""
        st.caption(f"{vocab.label(vocab.ITEM_KINDS, item['kind'])} · {who}{when}")
        if item["detail"]:
            st.caption(plain(item["detail"]))
        if item["status"] == "done":
            st.markdown(f":green[:material/check: {plain(item['done_on'] or '')}]")
            if item["outcome"]:
                st.caption(plain(item["outcome"]))
        if item["url"]:
            st.markdown(f"[Open link]({item['url']})")
        if item["contact_id"]:
            widgets.contact_link(item["contact_id"], item["contact_name"] or "Contact")
        if not (writable and controls):
            return
        show_errors(item["id"])
        others = [s for s in vocab.ITEM_STATUS if s != item["status"]]
        with st.popover("Move", icon=":material/swap_horiz:", use_container_width=True):
            for status in others:
                if status == "done":
                    continue
                if st.button(
                    vocab.ITEM_STATUS[status],
                    key=f"board_{item['id']}_to_{status}",
                    icon=STATUS_ICONS[status],
                    use_container_width=True,
                ):
                    move(item, status)
            if "done" in others:
                st.divider()
                done_controls(item)
        if item["kind"] == "person" and not item["contact_id"] and item["status"] != "dropped":
            with st.popover(
                "Make a contact", icon=":material/person_add:", use_container_width=True
            ):
                make_contact_controls(item)


focus = st.query_params.get("item")
if focus and str(focus).isdigit():
    item = board.get_item(db, int(focus))
    if item:
        st.subheader("From your search")
        card(item, controls=False)
        st.caption("Find it on the board below to move it.")

new_contact = st.session_state.pop("board_new_contact", None)
if new_contact:
    widgets.contact_link(new_contact, "Open the new contact")

# ---------------------------------------------------------------- add by hand
if writable:
    version = st.session_state.setdefault("board_add_version", 0)
    with st.expander("Add an item by hand", icon=":material/add:"):
        with st.form(f"board_add_{version}"):
            kind = st.selectbox(
                "Kind",
                list(vocab.ITEM_KINDS),
                format_func=vocab.ITEM_KINDS.get,
                key=f"board_add_kind_{version}",
            )
            title = st.text_input("Title", key=f"board_add_title_{version}")
            detail = st.text_area("Detail (optional)", key=f"board_add_detail_{version}", height=80)
            url = st.text_input("Link (optional)", key=f"board_add_url_{version}")
            submitted = st.form_submit_button("Add to the board", icon=":material/add:")
        if submitted:
            try:
                board.add_item(db, {"kind": kind, "title": title, "detail": detail, "url": url})
            except board.BoardError as error:
                widgets.show_errors(error.errors)
            else:
                st.session_state["board_add_version"] = version + 1  # fresh, empty form
                st.session_state["board_flash"] = f"Added “{' '.join(title.split())}”."
                st.rerun()

# ---------------------------------------------------------------- filters
recommenders = board.recommenders(db)
people = {None: "Anyone", 0: "Added by hand", **recommenders}
filters = st.columns([2, 2, 3])
recommended_by = filters[0].selectbox(
    "Recommended by", list(people), format_func=people.get, key="board_recommender"
)
kind_filter = filters[1].selectbox(
    "Kind",
    [None, *vocab.ITEM_KINDS],
    format_func=lambda k: "Every kind" if k is None else vocab.ITEM_KINDS[k],
    key="board_kind",
)
statuses = filters[2].multiselect(
    "Status",
    list(vocab.ITEM_STATUS),
    default=list(vocab.ITEM_STATUS),
    format_func=vocab.ITEM_STATUS.get,
    key="board_status",
)
items = board.list_items(
    db, status=statuses or None, kind=kind_filter, recommended_by_id=recommended_by
)

if not items:
    if db["research_items"].count == 0:
        st.info(
            "The board is empty. Recommendations you capture in a conversation land here; "
            "you can also add an item by hand above.",
            icon=":material/view_kanban:",
        )
        st.page_link("pages/conversations.py", label="Log a conversation", icon=":material/forum:")
    else:
        st.info("No items match these filters.", icon=":material/filter_alt_off:")
    st.stop()

view = st.segmented_control("View", ["By status", "By kind"], default="By status", key="board_view")

if view == "By kind":
    for kind, label in vocab.ITEM_KINDS.items():
        rows = [i for i in items if i["kind"] == kind]
        if not rows:
            continue
        st.subheader(f"{label} ({len(rows)})")
        st.dataframe(
            [
                {
                    "Title": i["title"],
                    "Status": vocab.ITEM_STATUS[i["status"]],
                    "Recommended by": i["recommended_by"] or "Added by hand",
                    "Done on": i["done_on"],
                    "Outcome": i["outcome"] if i["status"] == "done" else None,
                }
                for i in rows
            ],
            hide_index=True,
            use_container_width=True,
        )
else:
    shown = [s for s in vocab.ITEM_STATUS if s in (statuses or vocab.ITEM_STATUS)]
    columns = st.columns(len(shown))
    for column, status in zip(columns, shown, strict=True):
        in_status = [i for i in items if i["status"] == status]
        with column:
            st.markdown(
                f"#### {STATUS_ICONS[status]} {vocab.ITEM_STATUS[status]} · {len(in_status)}"
            )
            if not in_status:
                st.caption("Nothing here.")
            for item in in_status[:SHOWN_PER_COLUMN]:
                card(item)
            if len(in_status) > SHOWN_PER_COLUMN:
                st.caption(f"… and {len(in_status) - SHOWN_PER_COLUMN} more; filter to see them.")
