"""Research board: every recommendation and next step, by status and by kind."""

import streamlit as st

from lib import board, clock, vocab, widgets
from lib.text import url_problem
from lib.widgets import plain, plain_line

db = widgets.database()
today = clock.today()
writable = widgets.can_write()

SHOWN_PER_COLUMN = 20  # cards per status column before "Show more"
SHOWN_PER_KIND = 200  # table rows per kind before "Show more"
STATUS_ICONS = {
    "todo": ":material/radio_button_unchecked:",
    "doing": ":material/pending:",
    "done": ":material/check_circle:",
    "dropped": ":material/do_not_disturb_on:",
}


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
    with widgets.saving():
        try:
            board.set_status(db, item["id"], status, today, **done)
        except board.BoardError as error:
            st.session_state[f"board_errors_{item['id']}"] = error.errors
        else:
            label = vocab.label(vocab.ITEM_STATUS, status)
            st.session_state["board_flash"] = f"Moved “{plain_line(item['title'])}” to {label}."
        st.rerun()


def done_controls(item: dict) -> None:
    """Done needs the date; a one-line outcome is optional. A failed try keeps what was typed."""
    key = f"board_{item['id']}"
    st.date_input("Done on", value=today, max_value=today, key=f"{key}_done_on")
    st.text_input(
        "What came of it (optional, one line)",
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
        st.caption(f"You already have a contact called {plain_line(existing['name'])}.")
        if st.button("Link to that contact", key=f"{key}_link", icon=":material/link:"):
            with widgets.saving():
                board.link_contact(db, item["id"], existing["id"], today)
                st.session_state["board_flash"] = (
                    f"Linked to {plain_line(existing['name'])}; item marked done."
                )
                st.rerun()
        st.divider()
    st.text_input("Name", value=item["title"], key=f"{key}_name")
    st.text_input("Role", key=f"{key}_role")
    st.text_input("Organization", key=f"{key}_organization")
    st.text_input("Email", key=f"{key}_email")
    referrer = item["recommended_by"]
    if referrer:
        st.caption(f"Referred by {plain_line(referrer)}; the item is marked done.")
    if st.button(
        "Add to contacts", key=f"{key}_save", type="primary", icon=":material/person_add:"
    ):
        values = {
            field: st.session_state[f"{key}_{field}"]
            for field in ("name", "role", "organization", "email")
        }
        with widgets.saving():
            try:
                contact_id = board.make_contact(db, item["id"], values, today)
            except board.BoardError as error:
                st.session_state[f"board_errors_{item['id']}"] = error.errors
            else:
                st.session_state["board_flash"] = (
                    f"Added {plain_line(values['name'])} to your contacts."
                )
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
        if item["url"] and not url_problem(item["url"]):
            # Checked when saved; checked again, as an older file may hold any text here.
            st.markdown(f"[Open link](<{item['url']}>)")
        if item["contact_id"]:
            widgets.contact_link(item["contact_id"], item["contact_name"] or "Contact")
        if not (writable and controls):
            return
        show_errors(item["id"])
        others = [s for s in vocab.ITEM_STATUS if s != item["status"]]
        # Icon-only buttons side by side: four status columns are too narrow for text labels
        # (they shrank to "M…" or wrapped a letter a line); the tooltip says what each does.
        with st.container(horizontal=True, gap="small"):
            with st.popover(
                "",
                icon=":material/swap_horiz:",
                help="Move: to do, doing, done (with what came of it) or dropped",
            ):
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
                    "", icon=":material/person_add:", help="Make a contact of this person"
                ):
                    make_contact_controls(item)


focus = st.query_params.get("item")
if focus and str(focus).isdigit():
    item = board.get_item(db, int(focus))
    if item:
        st.header("From your search")
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
            with widgets.saving():
                try:
                    board.add_item(db, {"kind": kind, "title": title, "detail": detail, "url": url})
                except board.BoardError as error:
                    widgets.show_errors(error.errors)
                else:
                    st.session_state["board_add_version"] = version + 1  # fresh, empty form
                    st.session_state["board_flash"] = f"Added “{plain_line(title)}”."
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
filters_now = {
    "status": statuses or None,
    "kind": kind_filter,
    "recommended_by_id": recommended_by,
}
# Counts come from SQL; each column (or kind) loads only the cards it shows.
by_status = board.count_items(db, by="status", **filters_now)

if not sum(by_status.values()):
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


def show_more(key: str, total: int, shown: int, step: int, what: str) -> None:
    """A "Show more" button under a list cut at `shown` of `total`."""
    if total <= shown:
        return
    st.caption(f"Showing {shown} of {total}.")
    if st.button(
        f"Show {min(step, total - shown)} more {what}",
        key=f"{key}_more",
        icon=":material/expand_more:",
        use_container_width=True,
    ):
        st.session_state[key] = shown + step
        st.rerun()


if view == "By kind":
    by_kind = board.count_items(db, by="kind", **filters_now)
    for kind, label in vocab.ITEM_KINDS.items():
        if not by_kind[kind]:
            continue
        key = f"board_shown_kind_{kind}"
        shown = st.session_state.get(key, SHOWN_PER_KIND)
        rows = board.list_items(db, **{**filters_now, "kind": kind}, limit=shown)
        st.header(f"{label} ({by_kind[kind]})")
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
        show_more(key, by_kind[kind], len(rows), SHOWN_PER_KIND, "rows")
else:
    shown_statuses = [s for s in vocab.ITEM_STATUS if s in (statuses or vocab.ITEM_STATUS)]
    columns = st.columns(len(shown_statuses))
    for column, status in zip(columns, shown_statuses, strict=True):
        key = f"board_shown_{status}"
        shown = st.session_state.get(key, SHOWN_PER_COLUMN)
        total = by_status[status]
        in_status = (
            board.list_items(db, **{**filters_now, "status": status}, limit=shown) if total else []
        )
        with column:
            st.markdown(f"#### {STATUS_ICONS[status]} {vocab.ITEM_STATUS[status]} · {total}")
            if not in_status:
                st.caption("Nothing here.")
            for item in in_status:
                card(item)
            show_more(key, total, len(in_status), SHOWN_PER_COLUMN, "cards")
