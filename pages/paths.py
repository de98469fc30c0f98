"""Paths: the careers being weighed, the evidence each conversation added, and a comparison."""

import pandas as pd
import streamlit as st

from lib import dates, paths, vocab
from lib.charts import paths as path_charts
from lib.ui import session, widgets
from lib.ui.cache import cached
from lib.ui.widgets import plain, plain_line

db = session.database()
writable = session.can_write()

INTEREST_TEXT = {"yes": "Yes", "maybe": "Maybe", "no": "No", None: "not said"}
ROLES_SHOWN = 5  # alternative roles listed before "Show more"


def flash(message: str) -> None:
    st.session_state["paths_flash"] = message


def open_path(path_id: int) -> None:
    st.query_params["path"] = str(path_id)
    st.rerun()


# ---------------------------------------------------------------------------------------------
# The list


def overview_table(rows: list[dict]) -> None:
    event = st.dataframe(
        [
            {
                "Path": row["name"],
                "Status": row["status_label"],
                "Conversations": row["conversations"],
                "Latest interest": INTEREST_TEXT.get(row["latest_interest"], "not said"),
                "Open questions": row["open_questions"],
                "Description": row["description"] or "",
            }
            for row in rows
        ],
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="paths_overview",
        column_config={
            "Conversations": st.column_config.NumberColumn(
                help="Conversations linked to the path."
            ),
            "Latest interest": st.column_config.TextColumn(
                help="Still interested? as you said after the most recent conversation."
            ),
            "Open questions": st.column_config.NumberColumn(help="Questions not answered yet."),
            "Description": st.column_config.TextColumn(width="large"),
        },
    )
    st.caption("Select a row to open the path and its evidence.")
    if event.selection.rows:
        open_path(rows[event.selection.rows[0]]["id"])


def add_form() -> None:
    version = st.session_state.setdefault("paths_add_version", 0)
    with st.form(f"paths_add_{version}"):
        st.markdown("**Add a path**")
        name = st.text_input(
            "Name", key=f"paths_add_name_{version}", placeholder="e.g. Clinical informatics"
        )
        description = st.text_area(
            "Short description (optional)", key=f"paths_add_description_{version}", height=80
        )
        status = st.selectbox(
            "Status",
            list(vocab.PATH_STATUS),
            format_func=vocab.PATH_STATUS.get,
            key=f"paths_add_status_{version}",
        )
        if st.form_submit_button("Add path", icon=":material/add:"):
            with session.saving():  # a store error is said here; the form keeps what was typed
                try:
                    path_id = paths.create_path(
                        db, {"name": name, "description": description, "status": status}
                    )
                except paths.PathError as error:
                    widgets.show_errors(error.errors)
                else:
                    st.session_state["paths_add_version"] = version + 1
                    flash(f"Added the path {plain_line(name)}.")
                    open_path(path_id)


def suggestions() -> None:
    roles = cached(paths.alternative_roles, db)
    if not roles:
        return
    st.markdown("**Alternative roles that came up**")
    st.caption("Roles your contacts suggested that are not paths yet. One click makes one.")
    # The latest few; the rest on request (twenty rows of buttons doubled the page's drawing).
    shown = roles if st.session_state.get("paths_all_roles") else roles[:ROLES_SHOWN]
    for role in shown:
        text_col, button_col = st.columns([3, 1.2], vertical_alignment="center")
        where = "a conversation" if role["source"] == "conversation" else "a board item"
        who = f" with {plain_line(role['contact'])}" if role["contact"] else ""
        times = f" · mentioned {role['mentions']} times" if role["mentions"] > 1 else ""
        text_col.markdown(
            f"**{plain_line(role['name'])}** — from {where}{who} on {dates.show(role['mentioned_on'])}{times}"
        )
        if writable and button_col.button(
            "Make a path",
            key=f"paths_from_{role['source']}_{role['source_id']}",
            icon=":material/alt_route:",
            help=f"Make a path from {plain_line(role['name'])}",
        ):
            with session.saving():
                path_id = paths.create_from_alternative_role(db, role["source"], role["source_id"])
                flash(f"Made the path {plain_line(role['name'])} and linked where it came up.")
                open_path(path_id)
    if len(roles) > len(shown):
        more = len(roles) - len(shown)
        st.button(
            f"Show {more} more role{'s' if more != 1 else ''}",
            key="paths_show_all_roles",
            icon=":material/expand_more:",
            type="tertiary",
            on_click=lambda: st.session_state.update(paths_all_roles=True),
        )


def list_view() -> None:
    rows = cached(paths.path_overview, db)
    if rows:
        overview_table(rows)
    else:
        st.info(
            "No paths yet. A path is a role or field you are weighing, such as "
            "“community energy program manager”. Add one below, or make one from an "
            "alternative role a contact suggested.",
            icon=":material/alt_route:",
        )
    suggestions()
    if writable:
        left, _ = st.columns([1, 1])
        with left:
            add_form()


# ---------------------------------------------------------------------------------------------
# One path


def status_line(history: list[dict]) -> str:
    steps = [
        f"{vocab.label(vocab.PATH_STATUS, h['status'])} since {dates.show(h['changed_on'])}"
        if index == 0
        else f"{vocab.label(vocab.PATH_STATUS, h['status']).lower()} on {dates.show(h['changed_on'])}"
        for index, h in enumerate(history)
    ]
    return " → ".join(steps)


def header(path: dict, history: list[dict]) -> None:
    st.header(plain_line(path["name"]), anchor=False)
    st.markdown(f"**{path['status_label']}** · {status_line(history)}")
    if path["description"]:
        st.write(plain(path["description"]))
    if not writable:
        return
    with st.expander("Change status, rename or describe", icon=":material/edit:"):
        status_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
        statuses = list(vocab.PATH_STATUS)
        new_status = status_col.selectbox(
            "Status",
            statuses,
            index=statuses.index(path["status"]),
            format_func=vocab.PATH_STATUS.get,
            key=f"paths_status_{path['id']}",
        )
        if button_col.button("Set status", key=f"paths_set_status_{path['id']}"):
            with session.saving():
                if paths.set_status(db, path["id"], new_status):
                    status = vocab.PATH_STATUS[new_status].lower()
                    flash(f"{plain_line(path['name'])} is now {status}.")
                st.rerun()
        with st.form(f"paths_edit_{path['id']}"):
            name = st.text_input("Name", value=path["name"])
            description = st.text_area("Description", value=path["description"] or "", height=80)
            if st.form_submit_button("Save name and description"):
                with session.saving():
                    try:
                        changes = {"name": name, "description": description}
                        paths.update_path(db, path["id"], changes)
                    except paths.PathError as error:
                        widgets.show_errors(error.errors)
                    else:
                        flash("Saved.")
                        st.rerun()
        if st.button(
            "Delete this path…", icon=":material/delete:", key=f"paths_delete_{path['id']}"
        ):
            st.session_state["paths_delete_asked"] = path["id"]
    if st.session_state.get("paths_delete_asked") == path["id"]:
        confirm_delete(path)


def forget_delete() -> None:
    st.session_state.pop("paths_delete_asked", None)


def _times(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


# Kept open across reruns by paths_delete_asked, so its buttons work wherever the page reruns.
@st.dialog("Delete this path?", on_dismiss=forget_delete)
def confirm_delete(path: dict) -> None:
    effects = paths.deletion_effects(db, path["id"])
    lines = [
        f"“{plain(path['name'])}” goes from your paths, with its status history.",
        f"What {_times(effects['conversations'], 'conversation', 'conversations')} said about "
        "it (interest, what appeals, the hard parts, questions) stays readable: it is added "
        "to the notes of each conversation.",
    ]
    if effects["items"] or effects["planned"]:
        lines.append(
            f"{_times(effects['items'], 'board item', 'board items')} and "
            f"{_times(effects['planned'], 'planned conversation', 'planned conversations')} "
            "stay, no longer tied to it."
        )
    if effects["own_questions"]:
        lines.append(
            f"{_times(effects['own_questions'], 'question', 'questions')} you added on the "
            "path's page go with it."
        )
    st.markdown("\n".join(f"- {line}" for line in lines))
    delete, keep = st.columns(2)
    if keep.button("Keep it", key="paths_delete_cancel"):
        forget_delete()
        st.rerun()
    if delete.button("Delete the path", type="primary", key="paths_delete_confirm"):
        with session.saving():
            try:
                paths.delete_path(db, path["id"])
            except paths.PathError as error:
                widgets.show_errors(error.errors)
                return
            forget_delete()
            flash(f"Deleted the path {plain_line(path['name'])}; its evidence is in the notes.")
            st.query_params.pop("path", None)
            st.rerun()


def interest_section(found: dict) -> None:
    chart_col, text_col = st.columns([2.2, 1], gap="large")
    with chart_col:
        st.plotly_chart(
            path_charts.interest_chart(found["interest"]),
            width="stretch",
            theme=None,  # the house template from lib.charts, as on every other page
            key="paths_interest_chart",
            config={"displayModeBar": False},
            alt=found["summary"],
        )
    with text_col:
        st.markdown("**Interest over time**")
        st.write(plain(found["summary"]))
        counts = found["interest_counts"]
        st.caption(
            "Each point is one conversation, coloured by who it was with: yes "
            f"{counts['yes']}, maybe {counts['maybe']}, no {counts['no']}."
        )


def remarks_section(remarks: dict) -> None:
    appeal_col, hard_col = st.columns(2, gap="large")
    for column, key, heading, empty in (
        (appeal_col, "appeals", "What appeals", "Nothing noted yet."),
        (hard_col, "hard_parts", "The hard parts", "No hard parts noted yet."),
    ):
        with column:
            st.subheader(heading, anchor=False)
            if not remarks[key]:
                st.caption(empty)
            for remark in remarks[key]:
                st.markdown(
                    f"{plain(remark['text'])}  \n"
                    f"*— {plain_line(remark['contact'])}, {dates.show(remark['held_on'])}*"
                )


def questions_section(found: dict, path_id: int) -> None:
    st.subheader("Open questions", anchor=False)
    questions = found["open_questions"]
    if not questions:
        st.caption("No open questions. Add the ones you still need answered.")
    for question in questions:
        who = (
            f"raised by {plain_line(question['raised_by'])} on {dates.show(question['raised_on'])}"
            if question["raised_by"]
            else f"noted on {dates.show(question['raised_on'])}"
        )
        text_col, button_col = st.columns([2.6, 1.2], vertical_alignment="center")
        text_col.markdown(f"{plain(question['text'])}  \n*{who}*")
        if writable:
            with (
                button_col.popover(
                    "Mark answered",
                    icon=":material/check:",
                    key=f"paths_answer_open_{question['id']}",
                ),
                st.form(f"paths_answer_{question['id']}", border=False),
            ):
                answer = st.text_area(
                    "What was the answer? (optional)",
                    height=80,
                    key=f"paths_answer_text_{question['id']}",
                )
                if st.form_submit_button("Mark answered", type="primary"):
                    with session.saving():
                        try:
                            paths.mark_answered(db, question["id"], answer)
                        except paths.PathError as error:
                            widgets.show_errors(error.errors)
                        else:
                            flash("Marked answered.")
                            st.rerun()
    if writable:
        version = st.session_state.setdefault("paths_question_version", 0)
        with st.form(f"paths_question_{path_id}_{version}", border=False):
            text_col, button_col = st.columns([2.6, 1.2], vertical_alignment="bottom")
            text = text_col.text_input("Add an open question", key=f"paths_q_{version}")
            if button_col.form_submit_button("Add question", icon=":material/add:"):
                with session.saving():
                    try:
                        paths.add_question(db, path_id, text)
                    except paths.PathError as error:
                        widgets.show_errors(error.errors)
                    else:
                        st.session_state["paths_question_version"] = version + 1
                        st.rerun()
    answered = found["answered_questions"]
    if answered:
        with st.expander(f"Answered questions ({len(answered)})"):
            for question in answered:
                answer = f" — {plain(question['answer'])}" if question["answer"] else ""
                st.markdown(
                    f"{plain(question['text'])}{answer}  \n*answered on {dates.show(question['answered_on'])}*"
                )


def people_section(people: dict) -> None:
    met_col, to_meet_col = st.columns(2, gap="large")
    with met_col:
        st.subheader("People met", anchor=False)
        if not people["met"]:
            st.caption("Nobody yet: link a conversation to this path when you capture it.")
        for person in people["met"]:
            widgets.contact_link(person["contact_id"], person["name"])
            where = " · ".join(v for v in (person["role"], person["organization"]) if v)
            times = f"{person['conversations']} conversation" + "s" * (person["conversations"] != 1)
            st.caption(
                plain_line(f"{where} · {times}, last {dates.show(person['last_on'])}".lstrip(" ·"))
            )
    with to_meet_col:
        st.subheader("People to meet", anchor=False)
        if not people["to_meet"]:
            st.caption(
                "Nobody on the board for this path: ask the people you meet who else to talk to."
            )
        for person in people["to_meet"]:
            who = (
                f" · recommended by {person['recommended_by']}" if person["recommended_by"] else ""
            )
            where = (
                "in your contacts, not met yet"
                if person["contact_id"]
                else f"on the board, {vocab.label(vocab.ITEM_STATUS, person['status']).lower()}"
            )
            st.markdown(f"**{plain_line(person['name'])}**  \n*{plain_line(where + who)}*")
        if people["to_meet"]:
            st.page_link(
                "pages/board.py", label="Open the research board", icon=":material/view_kanban:"
            )


def items_section(items: dict) -> None:
    done_col, todo_col = st.columns(2, gap="large")
    for column, key, heading, empty in (
        (done_col, "done", "Research done", "Nothing done yet for this path."),
        (todo_col, "to_do", "Research to do", "Nothing to do: tie board items to this path."),
    ):
        with column:
            st.subheader(heading, anchor=False)
            if not items[key]:
                st.caption(empty)
            for item in items[key]:
                kind = vocab.label(vocab.ITEM_KINDS, item["kind"])
                detail = (
                    f"done {dates.show(item['done_on'])}: {item['outcome'] or ''}"
                    if key == "done"
                    else vocab.label(vocab.ITEM_STATUS, item["status"]).lower()
                )
                who = (
                    f" · recommended by {item['recommended_by']}" if item["recommended_by"] else ""
                )
                st.markdown(
                    f"{plain_line(item['title'])}  \n*{plain_line(f'{kind} · {detail}{who}')}*"
                )


def organizations_section(organizations: list[dict]) -> None:
    st.subheader("Organizations involved", anchor=False)
    if not organizations:
        st.caption("No organization yet: give the people you meet an organization.")
        return
    st.dataframe(
        [
            {
                "Organization": org["name"],
                "Advocacy": org["advocacy"],
                "Motivation": org["motivation"],
                "Posting": org["posting"],
                "Status": vocab.label(vocab.ORG_STATUS, org["status"]),
            }
            for org in organizations
        ],
        hide_index=True,
        width="stretch",
        column_config={
            "Advocacy": st.column_config.CheckboxColumn(help="An active contact works there."),
            "Motivation": st.column_config.NumberColumn(help="0 = not keen … 3 = dream employer"),
            "Posting": st.column_config.NumberColumn(help="1 = no relevant postings … 3 = a fit"),
        },
    )
    st.caption(
        "In LAMP order (Advocacy, then Motivation, then Posting, as on Target organizations): "
        "the organizations of the people met or to meet on this path."
    )


def path_view(path_id: int) -> None:
    if st.button("All paths", icon=":material/arrow_back:", type="tertiary"):
        st.query_params.pop("path", None)
        st.rerun()
    found = cached(paths.evidence, db, path_id)
    if found["path"] is None:
        st.warning("That path does not exist.")
        return
    header(found["path"], found["history"])
    interest_section(found)
    remarks_section(found["remarks"])
    questions_section(found, path_id)
    people_section(found["people"])
    items_section(found["items"])
    organizations_section(found["organizations"])


# ---------------------------------------------------------------------------------------------
# Compare


def compare_view() -> None:
    choices = cached(paths.path_choices, db)
    if len(choices) < paths.COMPARE_MIN:
        st.info("Add at least two paths to compare them.", icon=":material/compare_arrows:")
        return
    live = [row["id"] for row in cached(paths.list_paths, db) if row["status"] != "ruled_out"]
    default = (live or list(choices))[: paths.COMPARE_MAX - 1] or list(choices)[:2]
    picked = st.multiselect(
        "Paths to compare (2 to 4)",
        list(choices),
        default=[p for p in default if p in choices][: paths.COMPARE_MAX],
        format_func=choices.get,
        max_selections=paths.COMPARE_MAX,
        key="paths_compare",
    )
    problem = paths.validate_comparison(picked)
    if problem:
        st.info(problem, icon=":material/compare_arrows:")
        return
    table = paths.compare(cached(paths.path_figures, db, picked))
    # A static table wraps long path names, so two to four columns fit a small laptop.
    st.table(pd.DataFrame(table).set_index("figure").rename_axis(None))
    st.caption(paths.compare_caption())


# ---------------------------------------------------------------------------------------------

st.title("Paths")
st.caption(
    "The roles and fields you are weighing. Each conversation adds evidence: are you still "
    "interested, what appeals, what is hard, what you still need to find out. It may not be "
    "the path you imagined; a related one may suit you better."
)
widgets.show_once("paths_flash")

opened = widgets.query_id("path")
if opened is not None:
    path_view(opened)
else:
    paths_tab, compare_tab = st.tabs(["Paths", "Compare"])
    with paths_tab:
        list_view()
    with compare_tab:
        compare_view()
