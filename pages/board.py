"""Research board: every recommendation and next step, by status and by kind."""

import streamlit as st

from lib import board, clock, dates, paths, recommendations, vocab
from lib.text import narrowed, url_problem
from lib.ui import board_duplicates, forms, path_links, session, undo, widgets
from lib.ui.cache import cached
from lib.ui.pickers import LISTED_AT_MOST, find_box
from lib.ui.widgets import plain, plain_line

db = session.database()
today = clock.today()
writable = session.can_write()

# Cards per status column before "Show more": about a screenful, so the page draws what is seen.
SHOWN_PER_COLUMN = 4
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

widgets.show_once("board_flash")
undo.offer(db, board_duplicates.UNDO_PAGE)


def move(item: dict, status: str, under_field=None, **done) -> None:
    with session.saving():
        try:
            board.set_status(db, item["id"], status, today, **done)
        except board.BoardError as error:
            widgets.show_errors(error.errors)  # in the open dialog, under the button pressed
            if under_field is not None:  # and each message under its field, drawn above
                for field, slot in under_field.items():
                    with slot:
                        forms.field_error(error.errors, field)
        else:
            label = vocab.label(vocab.ITEM_STATUS, status)
            st.session_state["board_flash"] = f"Moved “{plain_line(item['title'])}” to {label}."
            close_item()
            st.rerun()


def done_controls(item: dict) -> None:
    """Done needs the date; a one-line outcome is optional. A failed try keeps what was typed."""
    key = f"board_{item['id']}"
    # Any date typed is kept; one after today is refused by board.validate_done, under it.
    forms.date_box("Done on", today, key=f"{key}_done_on")
    done_on_error = st.container()
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
            under_field={"done_on": done_on_error},
            done_on=st.session_state[f"{key}_done_on"],
            outcome=st.session_state[f"{key}_outcome"],
        )


def make_contact_controls(item: dict) -> None:
    key = f"board_{item['id']}_mk"
    existing = board.contact_named(db, item["title"])
    if existing:
        st.caption(f"You already have a contact called {plain_line(existing['name'])}.")
        if st.button("Link to that contact", key=f"{key}_link", icon=":material/link:"):
            with session.saving():
                board.link_contact(db, item["id"], existing["id"], today)
                st.session_state["board_flash"] = (
                    f"Linked to {plain_line(existing['name'])}; item marked done."
                )
                close_item()
                st.rerun()
        st.divider()
    st.text_input("Name", value=item["title"], key=f"{key}_name")
    name_note = st.container()  # a refused save's message for the field goes right under it
    st.text_input("Role", key=f"{key}_role")
    st.text_input("Organization", key=f"{key}_organization")
    st.text_input("Email", key=f"{key}_email")
    email_note = st.container()
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
        with session.saving():
            try:
                contact_id = board.make_contact(db, item["id"], values, today)
            except board.BoardError as error:
                # Under each field, and listed beside the button, scrolled into view and
                # focused: the dialog is taller than a small window.
                forms.field_errors(error.errors, [(name_note, "name"), (email_note, "email")])
                forms.errors_here(error.errors, f"{key}_errors")
            else:
                st.session_state["board_flash"] = (
                    f"Added {plain_line(values['name'])} to your contacts."
                )
                st.session_state["board_new_contact"] = contact_id
                close_item()
                st.rerun()


def open_item(item_id: int) -> None:
    st.session_state["board_open"] = item_id


def close_item() -> None:
    st.session_state.pop("board_open", None)


@st.dialog("Update an item", width="medium", on_dismiss=close_item)
def item_dialog(item_id: int) -> None:
    """One item's actions: move it, mark it done with what came of it, make a contact of it.

    Drawn only for the item opened: a card carries one button, not its own menus, so the board
    stays light and a keyboard reaches every action in one place.
    """
    item = board.get_item(db, item_id)
    if item is None:
        st.warning("That item no longer exists.")
        return
    st.markdown(f"**{plain(item['title'])}**")
    st.caption(
        f"{vocab.label(vocab.ITEM_KINDS, item['kind'])} · "
        f"now {vocab.label(vocab.ITEM_STATUS, item['status'])}"
    )
    made = recommendations.recommendations_of(db, item["id"])
    if made:
        st.caption(
            "Recommended by "
            + recommendations.names_text(
                [f"{plain(r['name'])} on {dates.show(r['recommended_on'])}" for r in made]
            )
        )
    others = [s for s in vocab.ITEM_STATUS if s != item["status"]]
    with st.container(horizontal=True, gap="small"):
        for status in others:
            if status != "done" and st.button(
                f"Move to “{vocab.ITEM_STATUS[status]}”",
                key=f"board_{item['id']}_to_{status}",
                icon=STATUS_ICONS[status],
            ):
                move(item, status)
    if "done" in others:
        st.markdown("**Mark it done**")
        done_controls(item)
    if item["kind"] == "person" and not item["contact_id"] and item["status"] != "dropped":
        st.markdown("**Make a contact of this person**")
        make_contact_controls(item)
    path_links.tie_item_controls(db, item, on_saved=path_saved)


def path_saved(message: str) -> None:
    st.session_state["board_flash"] = message
    close_item()
    st.rerun()


def card(item: dict, controls: bool = True, where: str = "board") -> None:
    with st.container(border=True):
        # Names as typed, escaped: "Recommended by Hana Sato, Jonas Weber and Gabriel Costa".
        who = plain(board.recommended_by_text(item))
        several = (item.get("recommenders") or 0) > 1
        badge = f"  \n:blue-badge[:material/group: {item['recommenders']} people]"
        st.markdown(f"**{plain(item['title'])}**" + (badge if several else ""))
        when = (
            f" on {dates.show(item['conversation_on'])}"
            if item["conversation_on"] and not several
            else ""
        )
        # One caption for where it came from, its detail, when it was done and its link: a
        # board sends dozens of cards, and each element is drawing the browser does.
        lines = [f"{vocab.label(vocab.ITEM_KINDS, item['kind'])} · {who}{when}"]
        if item["detail"]:
            lines.append(plain(item["detail"]))
        if item["status"] == "done":
            # Not coloured: a caption fades coloured text below readable contrast.
            done = f":material/check_circle: Done {plain(dates.show(item['done_on']))}"
            lines.append(done + (f" · {plain(item['outcome'])}" if item["outcome"] else ""))
        if item["url"] and not url_problem(item["url"]):
            # Checked when saved; checked again, as an older file may hold any text here.
            lines.append(f"[Open link](<{item['url']}>)")
        st.caption("  \n".join(lines))
        if item["contact_id"]:
            widgets.contact_link(item["contact_id"], item["contact_name"] or "Contact")
        if writable and controls:
            # One light button per card; the actions open in a dialog for this item only.
            st.button(
                "Update",
                key=f"{where}_{item['id']}_open",
                icon=":material/edit_note:",
                help="Move it, mark it done, or make a contact of a person",
                on_click=open_item,
                args=(item["id"],),
            )


focus = widgets.query_id("item")
if focus is not None:
    item = board.get_item(db, focus)
    if item:
        st.header("From your search")
        card(item, where="search")

new_contact = st.session_state.pop("board_new_contact", None)
if new_contact:
    widgets.contact_link(new_contact, "Open the new contact")


# ---------------------------------------------------------------- add by hand
def add_by_hand() -> None:
    version = st.session_state.setdefault("board_add_version", 0)
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
        path_id = path_links.pick_path(db, f"board_add_path_{version}")
        submitted = st.form_submit_button("Add to the board", icon=":material/add:")
    if submitted:
        with session.saving():
            try:
                paths.add_item_for_path(
                    db, {"kind": kind, "title": title, "detail": detail, "url": url}, path_id
                )
            except board.BoardError as error:
                widgets.show_errors(error.errors)
            else:
                st.session_state["board_add_version"] = version + 1  # fresh, empty form
                st.session_state["board_flash"] = f"Added “{plain_line(title)}”."
                st.rerun()


if writable:
    # Lazy: the form is built once opened (a rerun), not with every card on the board.
    adding = st.expander(
        "Add an item by hand", icon=":material/add:", key="board_add_open", on_change="rerun"
    )
    if adding.open:
        with adding:
            add_by_hand()

if writable:
    board_duplicates.offer(db)

# ---------------------------------------------------------------- filters
recommenders = cached(board.recommenders, db)
filters = st.columns(2)
if len(recommenders) > LISTED_AT_MOST:  # thousands of names: find first, as contact pickers do
    words = find_box(
        f"Find who recommended (you have {len(recommenders):,})",
        "board_recommender_find",
        "Part of a name",
        where=filters[0],
    )
    picked = st.session_state.get("board_recommender")
    recommenders = narrowed(recommenders, words, LISTED_AT_MOST, keep=picked)
people = {None: "Anyone", 0: "Added by hand", **recommenders}
recommended_by = filters[0].selectbox(
    "Recommended by", list(people), format_func=people.get, key="board_recommender"
)
kind_filter = filters[1].selectbox(
    "Kind",
    [None, *vocab.ITEM_KINDS],
    format_func=lambda k: "Every kind" if k is None else vocab.ITEM_KINDS[k],
    key="board_kind",
)
# Pills on a line of their own: a multiselect cut its chips ("Don"), and pills in a third
# column scrolled "Dropped" out of sight at 1024 px.
statuses = st.pills(
    "Status",
    list(vocab.ITEM_STATUS),
    selection_mode="multi",
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
    if not board.has_items(db):
        st.info(
            "The board is empty. Recommendations you capture in a conversation land here; "
            "you can also add an item by hand above.",
            icon=":material/view_kanban:",
        )
        st.page_link("pages/conversations.py", label="Log a conversation", icon=":material/forum:")
    else:
        st.info("No items match these filters.", icon=":material/filter_alt_off:")
    st.stop()

COLUMN_CSS = """<style>
.st-key-board_columns [data-testid="stHorizontalBlock"] { flex-wrap: wrap; row-gap: 1rem; }
.st-key-board_columns [data-testid="stColumn"] { min-width: 13rem; }
</style>"""


def pick_item() -> None:
    picked = st.session_state.get("board_pick")
    if picked is not None:
        open_item(picked)
    st.session_state["board_pick"] = None


view_col, order_col = st.columns([1, 1])
view = view_col.segmented_control(
    "View", ["By status", "By kind"], default="By status", key="board_view"
)
order = (
    order_col.segmented_control(
        "Sort",
        list(board.ORDERS),
        format_func=board.ORDERS.get,
        default="recent",
        key="board_order",
    )
    or "recent"
)


def show_more(key: str, total: int, shown: int, step: int, what: str) -> None:
    """A "Show more" button under a list cut at `shown` of `total`."""
    if total <= shown:
        return
    st.caption(f"Showing {shown} of {total}.")
    if st.button(
        f"Show {min(step, total - shown)} more {what}",
        key=f"{key}_more",
        icon=":material/expand_more:",
        width="stretch",
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
        rows = cached(
            board.list_items, db, **{**filters_now, "kind": kind}, limit=shown, order=order
        )
        st.header(f"{label} ({by_kind[kind]})")
        st.dataframe(
            [
                {
                    "Title": i["title"],
                    "Status": vocab.ITEM_STATUS[i["status"]],
                    "Recommended by": recommendations.names_text(i["recommended_by_names"])
                    or "Added by hand",
                    "People": i["recommenders"],
                    "Done on": dates.as_date(i["done_on"]),
                    "Outcome": i["outcome"] if i["status"] == "done" else None,
                }
                for i in rows
            ],
            hide_index=True,
            width="stretch",
            column_config={"Done on": st.column_config.DateColumn(format=dates.TABLE_FORMAT)},
        )
        show_more(key, by_kind[kind], len(rows), SHOWN_PER_KIND, "rows")
else:
    shown_statuses = [s for s in vocab.ITEM_STATUS if s in (statuses or vocab.ITEM_STATUS)]
    loaded = {}
    for status in shown_statuses:
        shown = st.session_state.get(f"board_shown_{status}", SHOWN_PER_COLUMN)
        loaded[status] = (
            cached(
                board.list_items, db, **{**filters_now, "status": status}, limit=shown, order=order
            )
            if by_status[status]
            else []
        )
    if writable:
        # The keyboard's way to any card on the page without tabbing through the others.
        on_board = {item["id"]: item["title"] for items in loaded.values() for item in items}
        st.selectbox(
            "Update an item",
            list(on_board),
            index=None,
            format_func=on_board.get,
            key="board_pick",
            placeholder="Type a title to move it or mark it done",
            on_change=pick_item,
        )
    # Below about 1100 px the status columns wrap two by two instead of shrinking to slivers
    # (static CSS, no user text; Streamlit itself stacks them on a phone).
    st.html(COLUMN_CSS)
    with st.container(key="board_columns"):
        columns = st.columns(len(shown_statuses))
    for column, status in zip(columns, shown_statuses, strict=True):
        key = f"board_shown_{status}"
        in_status = loaded[status]
        total = by_status[status]
        with column:
            st.markdown(f"## {vocab.ITEM_STATUS[status]} · {total}")
            if not in_status:
                st.caption("Nothing here.")
            for item in in_status:
                card(item)
            show_more(key, total, len(in_status), SHOWN_PER_COLUMN, "cards")

opened = st.session_state.get("board_open")
if writable and opened:
    item_dialog(opened)
