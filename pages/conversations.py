"""Conversations: prepare, capture and review informational interviews; edit the question bank."""

from datetime import date

import pandas as pd
import streamlit as st

from lib import (
    clock,
    contacts,
    conversations,
    dates,
    followups,
    paths,
    questions,
    schedule,
    vocab,
)
from lib.conversations import Answer, Recommendation
from lib.recommendations import shared_count
from lib.ui import board_matches, forms, pages, path_links, scheduling, session, undo, widgets
from lib.ui.cache import cached
from lib.ui.pickers import contact_picker
from lib.ui.widgets import plain

db = session.database()


def preparation(contact: dict) -> None:
    with st.container(border=True):
        st.markdown(f"## Before you talk to {plain(contact['name'])}")
        subtitle = " · ".join(v for v in (contact["role"], contact["organization"]) if v)
        if subtitle:
            st.caption(plain(subtitle))
        left, right = st.columns(2, gap="large")
        with left:
            st.markdown("**Hook**")
            if contact["hook"]:
                st.write(plain(contact["hook"]))
            else:
                st.caption("No hook noted. What do you know about them?")
            st.markdown("**Referred by**")
            if contact["referred_by_id"]:
                widgets.contact_link(contact["referred_by_id"], contact["referred_by"])
            else:
                found = vocab.label(vocab.HOW_FOUND, contact["how_found"]) or "not noted"
                st.caption(f"Nobody; found through: {found}")
        with right:
            st.markdown("**Earlier conversations and notes**")
            earlier = conversations.conversations_for(db, contact["id"])
            for held in earlier[:3]:
                summary = held["takeaways"] or held["notes"] or "no notes"
                st.markdown(f"*{dates.show(held['held_on'])}* — {plain(summary)}")
            notes = [
                e for e in contacts.timeline(db, contact["id"]) if e["source"] == "interaction"
            ]
            for entry in notes[:3]:
                st.markdown(f"*{entry['day']}* · {entry['what']} — {plain(entry['detail'] or '')}")
            if not earlier and not notes:
                st.caption("First time you talk. Keep it to about 20 minutes.")


def pick_questions(
    generation: int, planned: list[int] = (), scheduled_id=None, key: str | None = None
) -> list[dict]:
    bank = questions.active_questions(db)
    by_id = {q["id"]: q for q in bank}
    picked = st.multiselect(
        "Questions to ask",
        list(by_id),
        default=[qid for qid in planned if qid in by_id],
        format_func=lambda qid: f"{vocab.TIARA[by_id[qid]['category']]} · {by_id[qid]['text']}",
        key=key or f"conversations_questions_{generation}_{scheduled_id}",
        placeholder="Pick from your question bank (edit it in the Question bank tab)",
        select_all=False,  # one slip on "Select all" added the whole bank
    )
    return [by_id[qid] for qid in picked]


IGNORE = "ignore"  # a capture field sends what is typed with Save's run, as a form's would


def more_rows(form_key: str, count: int) -> None:
    # Rows added to this capture only: another capture or edit starts with three again.
    st.session_state[f"{form_key}_rec_rows"] = count + 1


def recommendation_rows(form_key: str) -> list[Recommendation]:
    """The recommendation rows, each saying what the board already has for it: a pause in
    typing a title (or a kind picked) reruns the capture, so the notice follows the typing."""
    st.markdown(
        "**Recommendations** — each goes on your research board; one already there joins its card"
    )
    count = st.session_state.get(f"{form_key}_rec_rows", 3)
    rows = []
    kinds = list(vocab.ITEM_KINDS)
    for index in range(1, count + 1):
        kind_col, title_col, detail_col = st.columns([1.2, 2, 2])
        kind = kind_col.selectbox(
            f"Recommendation {index} kind",
            kinds,
            index=None,
            format_func=vocab.ITEM_KINDS.get,
            key=f"{form_key}_rec_kind_{index}",
            placeholder="Kind",
        )
        title = title_col.text_input(
            f"Recommendation {index} title",
            key=f"{form_key}_rec_title_{index}",
            placeholder="Book title, organization, person's name…",
            live=True,
        )
        detail = detail_col.text_input(
            f"Recommendation {index} detail",
            key=f"{form_key}_rec_detail_{index}",
            placeholder="Why, where, who to mention",
            on_change=IGNORE,
        )
        join = board_matches.board_notice(db, kind, title, f"{form_key}_rec_join_{index}")
        rows.append(Recommendation(kind or "", title, detail, join_item_id=join))
    st.button(
        "Add another recommendation",
        icon=":material/add:",
        key=f"{form_key}_rec_more",
        on_click=more_rows,
        args=(form_key, count),
    )
    return rows


# The capture is not an st.form, which held the recommendations' notice until a button. Each
# field ignores its own changes (no run while typing; Enter saves nothing) and goes with the
# next run, as in a form; a recommendation's kind and title run at once, to say what the board
# has, and as a fragment only the capture reruns. Save and Cancel are inside it: the browser
# sends what changed in one moment as one run of the first widget's fragment, so a title
# committed as focus moved to a Save outside ran the capture alone and the click was lost.
# Every field is keyed by form_key, so the next capture starts empty.
@st.fragment
def capture_form(
    form_key: str,
    picked: list[dict],
    initial: dict,
    existing_answers: list[dict],
    path_ids: list[int] = (),
    path_initial: dict | None = None,
    given: dict[int, str] | None = None,
    *,
    on_save,
    on_cancel=None,
) -> None:
    """Render the capture form; on Save, on_save(values, answers, recommendations); with
    on_cancel, a Cancel editing button that calls it.

    given holds the answers already saved for the picked questions (editing), by question id.

    values["path_links"] holds what it taught about each path in path_ids. A failed save's
    errors show under Save (focused) and under their fields, with everything typed kept; Enter
    saves nothing."""
    errors = st.session_state.get("conversations_errors") or {}
    with st.container(border=True, key="conversations_capture"):
        values = held_fields(form_key, initial, errors)
        answers = answer_fields(form_key, picked, existing_answers, given or {})
        values |= reflection_fields(form_key, initial)
        values["path_links"] = path_links.path_fields(
            db, form_key, list(path_ids), path_initial or {}
        )
        values["private_notes"] = st.text_area(
            "Private notes (never shown to a coach or exported)",
            value=initial.get("private_notes") or "",
            height=80,
            key=f"{form_key}_private_notes",
            on_change=IGNORE,
        )
        recommendations = recommendation_rows(form_key)
        submitted = st.button("Save conversation", type="primary", key=f"{form_key}_save")
    forms.errors_here(errors, f"{form_key}_errors")
    if on_cancel is not None and st.button("Cancel editing", key=f"{form_key}_cancel"):
        on_cancel()
    if submitted:
        on_save(values, answers, recommendations)


def held_fields(form_key: str, initial: dict, errors: dict[str, str]) -> dict:
    """When it was held, how and for how long, in a row, each with its error under it."""
    day_col, mode_col, minutes_col = st.columns(3)
    values = {
        # Any date typed is kept: a future one is refused by conversations.validate, under it.
        "held_on": forms.date_box(
            "Date",
            initial.get("held_on", clock.today()),
            where=day_col,
            key=f"{form_key}_held_on",
            on_change=IGNORE,
        ),
        "mode": mode_col.selectbox(
            "Mode",
            list(vocab.MODES),
            index=list(vocab.MODES).index(initial.get("mode", "video")),
            format_func=vocab.MODES.get,
            key=f"{form_key}_mode",
            on_change=IGNORE,
        ),
        "duration_minutes": minutes_col.number_input(
            "Duration (minutes)",
            min_value=0,
            max_value=conversations.MAX_MINUTES,
            value=initial.get("duration_minutes"),  # empty until said: an empty form is refused
            step=5,
            placeholder=f"About {vocab.TARGET_MINUTES}",
            help=f"The target is about {vocab.TARGET_MINUTES} minutes: respect their time.",
            key=f"{form_key}_minutes",
            on_change=IGNORE,
        ),
    }
    minutes_col.caption(f"Target: about {vocab.TARGET_MINUTES} minutes")
    forms.field_errors(
        errors, [(day_col, "held_on"), (mode_col, "mode"), (minutes_col, "duration_minutes")]
    )
    return values


def answer_fields(
    form_key: str, picked: list[dict], existing_answers: list[dict], given: dict[int, str]
) -> list[Answer]:
    """A box per answer: those saved for questions no longer in the bank (when editing), then
    one per question picked, holding its saved answer (given) when there is one."""
    answers = [
        Answer(
            a["question_text"],
            st.text_area(
                widgets.plain_line(a["question_text"]),  # a label is Markdown
                value=a["answer"],
                key=f"{form_key}_old_{a['id']}",
                on_change=IGNORE,
            ),
            a["question_id"],
        )
        for a in existing_answers
    ]
    answers += [
        Answer(
            q["text"],
            st.text_area(
                widgets.plain_line(q["text"]),
                value=given.get(q["id"], ""),
                key=f"{form_key}_answer_{q['id']}",
                on_change=IGNORE,
            ),
            q["id"],
        )
        for q in picked
    ]
    return answers


def reflection_fields(form_key: str, initial: dict) -> dict:
    """Notes, takeaways, whether they are still interested, and a role that came up."""
    values = {
        "notes": st.text_area(
            "Notes",
            value=initial.get("notes") or "",
            height=120,
            key=f"{form_key}_notes",
            on_change=IGNORE,
        )
    }
    values["takeaways"] = st.text_area(
        "Takeaways",
        value=initial.get("takeaways") or "",
        placeholder="What will you do with this?",
        key=f"{form_key}_takeaways",
        on_change=IGNORE,
    )
    interest_col, role_col = st.columns(2)
    interest = initial.get("still_interested")
    values["still_interested"] = interest_col.radio(
        "Still interested overall?",
        list(vocab.INTEREST),
        index=list(vocab.INTEREST).index(interest) if interest else None,
        format_func=vocab.INTEREST.get,
        horizontal=True,
        help="For each path this conversation informed, say it in the path's own box.",
        key=f"{form_key}_interest",
        on_change=IGNORE,
    )
    values["alternative_role"] = role_col.text_input(
        "Alternative role that came up",
        value=initial.get("alternative_role") or "",
        key=f"{form_key}_alternative_role",
        on_change=IGNORE,
    )
    return values


def log_tab() -> None:
    if not cached(contacts.active_count, db):
        st.info("Add a contact first: every conversation belongs to someone.")
        st.page_link("pages/contacts.py", label="Go to Contacts", icon=":material/group:")
        return
    wanted = widgets.query_id("contact")
    scheduled = scheduled_from_query()
    asked = [wanted, scheduled["contact_id"] if scheduled is not None else None]
    active = cached(contacts.choice_labels, db, asked)  # of those asked for, the active ones
    default = next((i for i in reversed(asked) if i in active), None)  # the scheduled one first
    contact_id = contact_picker(
        db, "Who did you talk to?", f"conversations_contact_{default}", default
    )
    if contact_id is None:
        st.caption("Pick a contact to prepare and capture the conversation.")
        return
    contact = contacts.get_contact(db, contact_id)
    preparation(contact)
    if scheduled is not None and scheduled["contact_id"] != contact_id:
        scheduled = None
    if scheduled is None:
        offer_scheduled(contact)
    scheduled_id = scheduled["id"] if scheduled else None
    generation = st.session_state.setdefault("conversations_generation", 0)
    picked = pick_questions(
        generation, scheduled["question_ids"] if scheduled else [], scheduled_id
    )
    path_ids = path_links.pick_paths(
        db,
        f"conversations_paths_{generation}_{scheduled_id}",
        scheduled["path_ids"] if scheduled else [],
    )
    form_key = f"conversations_capture_{contact_id}_{generation}_{scheduled_id}"
    initial = {}
    if scheduled is not None:
        st.info(
            f"How did it go? Capturing the conversation scheduled for {scheduled['when']} "
            f"({scheduled['planned_minutes']} minutes planned).",
            icon=":material/rate_review:",
        )
        initial = schedule.capture_defaults(scheduled, clock.today())
    capture_form(
        form_key,
        picked,
        initial,
        [],
        path_ids,
        on_save=lambda *typed: save(
            contact,
            *typed,
            conversation_id=None,
            generation=generation,
            scheduled_id=scheduled_id,
            form_key=form_key,
        ),
    )


def offer_scheduled(contact: dict) -> None:
    """A capture for someone with a conversation scheduled (today, within a day, or earlier and
    never captured) offers to be that one: linked, it counts as held and captured."""
    item = schedule.to_capture(db, contact["id"], clock.today())
    if item is None:
        return
    with st.container(border=True):
        st.markdown(
            f"You had a call scheduled with {widgets.plain(contact['name'])} on "
            f"{item['when']} ({item['mode_label']}, {item['planned_minutes']} minutes planned)."
        )
        if st.button(
            "Capture it",
            key=f"conversations_capture_scheduled_{item['id']}",
            icon=":material/rate_review:",
            help="Starts the form on its date, mode, length and planned questions, and marks "
            "the scheduled conversation held when you save.",
        ):
            st.query_params["scheduled"] = str(item["id"])
            st.rerun()


def scheduled_from_query() -> dict | None:
    """The scheduled conversation "How did it go?" opened this page for, if still open."""
    wanted = widgets.query_id("scheduled")
    if wanted is None:
        return None
    item = schedule.get_scheduled(db, wanted)
    if item is None or item["status"] != "scheduled":
        st.caption("That scheduled conversation is already captured or cancelled.")
        return None
    return item


@session.saving()  # a store error is said under the form, which keeps what was typed
def save(
    contact,
    values,
    answers,
    recommendations,
    conversation_id,
    generation,
    scheduled_id=None,
    form_key="",
) -> None:
    st.session_state.pop("conversations_errors", None)
    path_links = values.pop("path_links", None)
    try:
        new_id = conversations.save_conversation(
            db,
            contact["id"],
            values,
            answers,
            recommendations,
            conversation_id=conversation_id,
            scheduled_id=scheduled_id,
            path_links=path_links,
            refuse_empty=True,
        )
    except (conversations.ConversationError, schedule.ScheduleError) as error:
        st.session_state["conversations_errors"] = error.errors
        st.rerun()
    st.query_params.pop("scheduled", None)
    items = sum(1 for r in recommendations if r.title.strip())
    shared = shared_count(db, new_id) if items else 0
    st.session_state["conversations_saved"] = (
        f"Saved your conversation with {plain(contact['name'])}"
        + (
            f" and {items} recommendation{'s' * (items != 1)} to the research board"
            if items
            else ""
        )
        + (
            f" ({shared} {'was' if shared == 1 else 'were'} already there: "
            f"{'it joined its card' if shared == 1 else 'each joined its card'})"
            if shared
            else ""
        )
        + ". The thank-you note is due tomorrow; the one-month update in 30 days."
    )
    st.session_state["conversations_generation"] = generation + 1
    st.session_state.pop(f"{form_key}_rec_rows", None)
    st.session_state.pop("conversations_editing", None)
    open_conversation(new_id, contact["id"])


def open_conversation(conversation_id: int, contact_id: int | None = None) -> None:
    """Show one conversation on its own address (off the sidebar)."""
    params = {"conversation": str(conversation_id)}
    if contact_id is not None:
        params = {"contact": str(contact_id), **params}
    st.switch_page(pages.one_conversation_page(), query_params=params)


def back_to_lists() -> None:
    """Leave a single conversation for the Conversations page's lists."""
    st.session_state.pop("conversations_saved", None)
    st.switch_page(pages.conversations_page())


def conversation_view(conversation_id: int) -> None:
    full = conversations.get_conversation(db, conversation_id)
    if full is None:
        st.warning("That conversation does not exist.")
        return
    contact = contacts.get_contact(db, full["contact_id"])
    with st.container(border=True):
        st.markdown(f"## {plain(contact['name'])} · {dates.show(full['held_on'])}")
        st.caption(
            f"{vocab.label(vocab.MODES, full['mode'])} · {full['duration_minutes'] or '?'} min — "
            + conversations.duration_note(full["duration_minutes"])
        )
        widgets.contact_link(contact["id"], f"Open {contact['name']}'s page")
        if session.can_write() and st.session_state.get("conversations_editing") == conversation_id:
            edit(contact, full)
            return
        widgets.conversation_details(full)
        path_links.show_links(db, conversation_id)
        if not session.can_write():
            return
        row = st.container(horizontal=True)
        if row.button("Edit this conversation", icon=":material/edit:"):
            st.session_state["conversations_editing"] = conversation_id
            st.rerun()
        if row.button("Delete…", icon=":material/delete:", key="conversations_delete"):
            st.session_state["conversations_confirm_delete"] = conversation_id
    if st.session_state.get("conversations_confirm_delete") == conversation_id:
        confirm_delete(contact, full)


def confirm_delete(contact: dict, full: dict) -> None:
    """The second step of a delete: what goes with it and what stays; Delete it or Keep it."""
    held_on = dates.as_date(full["held_on"])
    with st.container(border=True, key="conversations_confirm_box"):
        st.markdown(
            f"Delete the conversation with {plain(contact['name'])} of "
            f"{plain(followups.short_day(held_on))}? Its answers, its thank-you and one-month "
            "tasks, and the board items it recommended that you have not started go with it; "
            "items you have worked on stay on the board. You can undo it right after."
        )
        row = st.container(horizontal=True)
        yes = row.button("Delete it", type="primary", key="conversations_delete_yes")
        no = row.button("Keep it", key="conversations_delete_no")
    forms.focus_here("conversations_confirm_box", "nearest")
    if no:
        st.session_state.pop("conversations_confirm_delete", None)
        st.rerun()
    if yes:
        with session.saving():
            try:
                removed = conversations.delete_conversation(db, full["id"])
            except conversations.ConversationError as error:
                st.error(str(error))
                return
            st.session_state.pop("conversations_confirm_delete", None)
            undo.remember(
                removed,
                "conversations",
                f"Deleted {removed.what} with {plain(contact['name'])}.",
                reopen={"contact": str(contact["id"]), "conversation": str(full["id"])},
            )
            back_to_lists()


def reopen(params: dict) -> None:
    """After Undo: open the conversation that came back."""
    st.switch_page(pages.one_conversation_page(), query_params=params)


def edit(contact: dict, full: dict) -> None:
    initial = dict(full, held_on=date.fromisoformat(full["held_on"]))
    form_key = f"conversations_edit_{full['id']}"
    links = {link["path_id"]: link for link in paths.links_for(db, full["id"])}
    # The questions it answered are picked, each box holding its answer; one taken out of the
    # picker loses its answer on save. Answers to questions since retired keep their own box.
    bank = {q["id"] for q in questions.active_questions(db)}
    linked = [a for a in full["answers"] if a["question_id"] in bank]
    picked = pick_questions(
        0, [a["question_id"] for a in linked], key=f"conversations_edit_questions_{full['id']}"
    )
    path_ids = path_links.pick_paths(db, f"conversations_edit_paths_{full['id']}", list(links))
    others = [a for a in full["answers"] if a["question_id"] not in bank]
    given = {a["question_id"]: a["answer"] for a in linked}

    def cancel() -> None:
        st.session_state.pop("conversations_editing", None)
        st.session_state.pop(f"conversations_edit_questions_{full['id']}", None)
        st.rerun()  # the whole page: the conversation's view again

    capture_form(
        form_key,
        picked,
        initial,
        others,
        path_ids,
        links,
        given,
        on_save=lambda *typed: save(
            contact,
            *typed,
            conversation_id=full["id"],
            generation=st.session_state.get("conversations_generation", 0),
            form_key=form_key,
        ),
        on_cancel=cancel,
    )


def schedule_tab(lists: bool) -> None:
    """The schedule form, always built (so what is typed in it survives a look at another
    tab); with lists, what is coming up and what was held but not captured."""
    st.caption(
        "Plan a conversation before it happens: it shows on Home, goes in your calendar with a "
        "reminder, and gets a one-page brief."
    )
    scheduling.schedule_form(db, None, "conversations_schedule")
    if lists:
        st.markdown("### Coming up")
        scheduling.coming_up(db, clock.today())
        scheduling.not_captured(db, clock.today())


def recent_tab() -> None:
    recent = conversations.recent_conversations(db, limit=200)
    if not recent:
        st.info("No conversations yet. Log your first one in the first tab.")
        return
    frame = pd.DataFrame(recent)
    frame["mode"] = frame["mode"].map(vocab.MODES)
    frame["still_interested"] = frame["still_interested"].map(vocab.INTEREST)
    # Empty cells, never the word "None".
    frame[["still_interested", "takeaways"]] = frame[["still_interested", "takeaways"]].fillna("")
    event = st.dataframe(
        frame,
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        key="conversations_recent",
        column_order=[
            "held_on",
            "contact",
            "mode",
            "duration_minutes",
            "still_interested",
            "takeaways",
        ],
        column_config={
            "held_on": st.column_config.DateColumn("Date", format=dates.TABLE_FORMAT),
            "contact": "Contact",
            "mode": "Mode",
            "duration_minutes": st.column_config.NumberColumn("Minutes"),
            "still_interested": "Still interested?",
            "takeaways": st.column_config.TextColumn("Takeaways", width="large"),
        },
    )
    if event.selection.rows:
        open_conversation(int(frame.iloc[event.selection.rows[0]]["id"]))
        st.rerun()


def bank_tab() -> None:
    st.caption(
        "Ask about the field, never about openings. TIARA: Trends, Insights, Advice, Resources, "
        "Assignments."
    )
    active = questions.active_questions(db)
    for index, question in enumerate(active):
        bank_row(question, first=index == 0, last=index == len(active) - 1)
    if not session.can_write():
        return
    with st.form("conversations_new_question", border=True):
        st.markdown("**Add a question**")
        text_col, category_col = st.columns([3, 1])
        text = text_col.text_input("Question")
        category = category_col.selectbox(
            "Category", list(vocab.TIARA), format_func=vocab.TIARA.get
        )
        if st.form_submit_button("Add question", icon=":material/add:"):
            with session.saving():
                try:
                    questions.add_question(db, text, category)
                    st.rerun()
                except questions.QuestionError as error:
                    st.error(str(error))
    retired = questions.retired_questions(db)
    if retired:
        with st.expander(f"Retired questions ({len(retired)})"):
            for question in retired:
                text_col, button_col = st.columns([5, 1])
                text_col.write(plain(question["text"]))
                if button_col.button("Restore", key=f"conversations_restore_{question['id']}"):
                    with session.saving():
                        questions.restore_question(db, question["id"])
                        st.rerun()


def bank_row(question: dict, first: bool, last: bool) -> None:
    qid = question["id"]
    text_col, actions_col = st.columns([3, 2], vertical_alignment="center")
    text_col.markdown(f"**{vocab.TIARA[question['category']]}** · {plain(question['text'])}")
    if not session.can_write():
        return
    # Text labels, not icon-only buttons: a screen reader read those as "arrow_upward icon".
    actions = actions_col.container(horizontal=True, gap="small")
    if actions.button(
        "Up",
        icon=":material/arrow_upward:",
        key=f"conversations_up_{qid}",
        disabled=first,
        help="Move up",
        type="tertiary",
    ):
        with session.saving():
            questions.move_question(db, qid, -1)
            st.rerun()
    if actions.button(
        "Down",
        icon=":material/arrow_downward:",
        key=f"conversations_down_{qid}",
        disabled=last,
        help="Move down",
        type="tertiary",
    ):
        with session.saving():
            questions.move_question(db, qid, 1)
            st.rerun()
    if actions.button(
        "Reword", icon=":material/edit:", key=f"conversations_edit_q_{qid}", type="tertiary"
    ):
        st.session_state["conversations_rewording"] = qid
    if actions.button(
        "Retire", icon=":material/archive:", key=f"conversations_retire_{qid}", type="tertiary"
    ):
        with session.saving():
            questions.retire_question(db, qid)
            st.rerun()
    if st.session_state.get("conversations_rewording") == qid:
        with st.form(f"conversations_reword_{qid}"):
            text = st.text_input("Reword", value=question["text"])
            categories = list(vocab.TIARA)
            category = st.selectbox(
                "Category",
                categories,
                index=categories.index(question["category"]),
                format_func=vocab.TIARA.get,
            )
            if st.form_submit_button("Save wording"):
                with session.saving():
                    try:
                        questions.reword_question(db, qid, text, category)
                        st.session_state.pop("conversations_rewording", None)
                        st.rerun()
                    except questions.QuestionError as error:
                        st.error(str(error))


st.title("Conversations")
st.caption(
    "About 20 minutes of advice from someone in the field. Prepare, take notes, and leave with "
    "a list of next steps."
)
undo.offer(db, "conversations", after=reopen)
opened = widgets.query_id("conversation")
on_its_own = session.page_name() == pages.ONE_CONVERSATION
if opened is not None and not on_its_own:
    open_conversation(opened, widgets.query_id("contact"))  # an older link: its own address
if on_its_own:
    if st.button("Conversations", icon=":material/arrow_back:", type="tertiary"):
        back_to_lists()
    widgets.show_once("conversations_saved", focus=True)  # focus follows the save
    if opened is None:
        st.info("No conversation was named in the address.", icon=":material/forum:")
    else:
        conversation_view(opened)
else:
    tabs = (
        ["Log a conversation", "Schedule", "Recent", "Question bank"]
        if session.can_write()
        else ["Recent", "Question bank"]
    )
    # Stateful tabs: switching reruns, and only the open tab is built, except the capture and
    # the schedule form, always built so what is typed in them survives a look at another tab
    # (a closed tab's fields would be dropped, and their unsent values with them). Their
    # contact pickers list at most 500 names, which the browser draws quickly.
    panes = dict(zip(tabs, st.tabs(tabs, key="conversations_tab", on_change="rerun"), strict=True))
    for name, render, lazy in (
        ("Log a conversation", log_tab, False),
        ("Schedule", lambda: schedule_tab(lists=panes["Schedule"].open), False),
        ("Recent", recent_tab, True),
        ("Question bank", bank_tab, True),
    ):
        if name in panes and (panes[name].open or not lazy):
            with panes[name]:
                render()
