"""Weekly review: the week against its goals and the week before, reflections, the coach's comment."""

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from lib import charts, clock, metrics, paths, reviews, vocab
from lib.ui import coach_folder, coach_notes, forms, session, widgets
from lib.ui.cache import cached, figure
from lib.ui.widgets import plain

db = session.database()
today = clock.today()


this_monday = metrics.week_start(today)


def shift_week(weeks: int) -> None:
    current = st.session_state.get("review_day") or this_monday
    st.session_state["review_day"] = metrics.week_start(current) + timedelta(weeks=weeks)


def to_monday() -> None:
    # Any day picked stands for its week: the box then shows that week's Monday.
    picked_day = st.session_state.get("review_day")
    st.session_state["review_day"] = metrics.week_start(picked_day or today)


st.title("Weekly review")
widgets.show_once("review_flash")
st.caption(
    "About fifteen minutes: look at the numbers, what came out of the week, and plan the next."
)

picker, back, forward, now = st.columns([3, 1, 1, 1], vertical_alignment="bottom")
picked = forms.date_box(
    "Week of (Monday)",
    this_monday,
    where=picker,
    key="review_day",
    on_change=to_monday,
    help="Pick any day; the review covers its week, Monday to Sunday.",
)
back.button("Previous week", icon=":material/chevron_left:", on_click=shift_week, args=(-1,))
forward.button(
    "Next week",
    icon=":material/chevron_right:",
    on_click=shift_week,
    args=(1,),
    disabled=metrics.week_start(picked or today) >= this_monday,
    help="Next week has not started yet."
    if metrics.week_start(picked or today) >= this_monday
    else None,
)
now.button(
    "This week",
    on_click=lambda: st.session_state.update(review_day=this_monday),
    disabled=metrics.week_start(picked or today) == this_monday,
)
week = metrics.week_start(picked or today)
summary = cached(reviews.week_summary, db, week)
st.header(f"Week of {week:%a %d %b} – {summary['week_end']:%a %d %b %Y}")
if week > today:
    st.info("This week has not started yet.", icon=":material/event_upcoming:")

# --- the numbers --------------------------------------------------------------------------
goals = summary["goals"]
cols = st.columns(len(summary["rows"]) + 1)
for col, row in zip(cols, summary["rows"], strict=False):
    goal_text = "no goal" if not row["goal"] else f"goal {row['goal']}"
    mark = "" if row["met"] is None else (" ✓ met" if row["met"] else " — not yet")
    col.metric(
        row["label"],
        row["done"],
        delta=f"{row['change']:+d} vs last week" if row["change"] else None,
        help=f"Last week: {row['previous']}.",
    )
    if not row["change"]:
        goal_text = "same as last week · " + goal_text
    col.caption(goal_text + mark)
streak = cached(reviews.streak, db, week, today)
cols[-1].metric(
    "Streak",
    f"{streak} week{'s' if streak != 1 else ''}",
    help="Consecutive weeks meeting every goal, ending with this one (a week still under way "
    "counts once its goals are met).",
)
if goals:
    st.caption(
        f"Goals in force since the week of {date.fromisoformat(goals['starts_on']):%d %b %Y}."
    )
else:
    st.info(
        "No goals for this week yet — set them under “Weekly goals” below.", icon=":material/flag:"
    )

# --- follow-through: the method's own checks (PRODUCT.md, "on time" and "overrun") -------------
st.header("Follow-through")
checks = cached(reviews.follow_through, db, week, summary["week_end"], today)
thanks_col, updates_col, over_col = st.columns(3)
for col, kind, label in (
    (thanks_col, "thank_you", "Thank-yous on time"),
    (updates_col, "one_month_update", "Updates on time"),
):
    counts = checks[kind]
    col.metric(
        label,
        metrics.on_time_value(counts),
        help=f"{vocab.label(vocab.TASK_KINDS, kind)}s due this week, done on or before the due "
        f"day (judged on the day you sent them). Late: {counts['late']}. Overdue, not done: "
        f"{counts['missed']}.",
    )
overruns = checks["overruns"]
over_col.metric(
    f"Talks over {vocab.TARGET_MINUTES} min",
    len(overruns),
    help=f"Conversations held this week that ran longer than the {vocab.TARGET_MINUTES}-minute "
    "target, or than their planned length when you scheduled them for another.",
)
if overruns:
    over_col.caption(
        "Over the target: "
        + "; ".join(
            f"{plain(row['contact'])}, {int(row['minutes'])} min "
            f"({date.fromisoformat(row['held_on']):%a %d %b})"
            for row in overruns
        )
    )

eight_weeks = cached(metrics.activity_by_week, db, week - timedelta(weeks=7), summary["week_end"])
in_words = charts.summary(charts.activity_chart, eight_weeks)
st.plotly_chart(
    figure(charts.activity_chart, eight_weeks),
    theme=None,
    config={"displaylogo": False, "displayModeBar": False},  # it covered the title
    key="review_chart_activity",
    alt=in_words,
)
st.caption(widgets.plain(in_words))

# --- conversations and what came out of them -------------------------------------------------
st.header("Conversations this week")
planned = cached(metrics.scheduled_conversations, db, week, summary["week_end"])
st.caption(
    f"Scheduled to start this week: {planned['scheduled']}; held and captured: "
    f"{planned['held']} (cancelled ones are not counted)."
)
talks = cached(reviews.week_conversations, db, week)
if not talks:
    st.caption("No conversations this week.")


def conversation_cards(shown: list[dict]) -> None:
    for talk in shown:  # two elements a card: a busy week's cards are most of the page's work
        with st.container(border=True):
            st.markdown(reviews.conversation_card(talk))
            widgets.contact_link(talk["contact_id"], "Open contact")


conversation_cards(talks[: reviews.CARDS_SHOWN])
if len(talks) > reviews.CARDS_SHOWN:
    more = len(talks) - reviews.CARDS_SHOWN
    # Lazy: the rest of a busy week's cards are built once opened.
    more_box = st.expander(
        f"{more} more conversation{'s' if more != 1 else ''} this week",
        icon=":material/forum:",
        key="review_more_talks",
        on_change="rerun",
    )
    if more_box.open:
        with more_box:
            conversation_cards(talks[reviews.CARDS_SHOWN :])

# --- paths whose status or interest changed --------------------------------------------------
st.header("Paths")
changed_paths = cached(paths.changes_in_week, db, week)
if not changed_paths:
    st.caption("No path changed status or interest this week.")
for change in changed_paths:
    st.page_link(
        "pages/paths.py",
        label=f"{widgets.plain_line(change['name'])} · now "
        f"{vocab.label(vocab.PATH_STATUS, change['status']).lower()}",
        icon=":material/alt_route:",
        query_params={"path": str(change["path_id"])},
    )
    st.caption(plain(paths.describe_change(change)))

# --- slipped --------------------------------------------------------------------------------
st.header("Slipped")
worst, slipped_in_all = cached(
    reviews.most_slipped, db, week, summary["week_end"], today, limit=reviews.SLIPPED_LISTED
)
if not worst:
    st.caption("Nothing due this week slipped.")
else:
    if slipped_in_all > len(worst):
        st.caption(f"The {len(worst)} most overdue of {slipped_in_all}:")
    st.markdown("\n".join(f"- {reviews.slipped_line(item)}" for item in worst))
if slipped_in_all > len(worst):
    # Lazy: the whole list, as a table to sort, is built once opened.
    slipped_box = st.expander(
        f"All {slipped_in_all} follow-ups that slipped this week",
        icon=":material/list:",
        key="review_all_slipped",
        on_change="rerun",
    )
    if slipped_box.open:
        slipped = cached(reviews.slipped_items, db, week, today)
        slipped_box.dataframe(
            pd.DataFrame(
                [
                    {
                        "What": s["what"],
                        "Who": s["contact"],
                        "Due": date.fromisoformat(s["due_on"]),
                        "State": s["state"],
                        "Days late": s["days_late"],
                    }
                    for s in slipped
                ]
            ),
            hide_index=True,
            column_config={"Due": st.column_config.DateColumn(format="ddd D MMM")},
        )

# --- reflections ----------------------------------------------------------------------------
st.header("Reflections")
saved = reviews.get_review(db, week)
last = reviews.get_review(db, week - timedelta(weeks=1))
if last["learned"] or last["next_week"]:
    with st.container(border=True):
        st.markdown("**Last week**")
        if last["learned"]:
            st.markdown("You learned: " + plain(last["learned"]))
        if last["next_week"]:
            st.markdown("You planned: " + plain(last["next_week"]))

if session.can_write():
    # Keys carry the week, so a draft typed for one week survives looking at another.
    with st.form(f"review_reflections_{week}", border=True):
        learned = st.text_area(
            "What I learned",
            value=saved["learned"],
            key=f"review_learned_{week}",
            placeholder="What surprised you; what a role is really like; what you now rule out",
        )
        plan = st.text_area(
            "What I will do next week",
            value=saved["next_week"],
            key=f"review_next_{week}",
            placeholder="Who to reach out to, which conversations to prepare, what to read",
        )
        if st.form_submit_button("Save reflections", type="primary", icon=":material/save:"):
            with session.saving():
                try:
                    reviews.save_reflections(db, week, learned, plan)
                    st.success("Reflections saved. You will see them again next week.")
                except reviews.ReviewError as error:
                    widgets.show_errors(error.errors)
else:
    if saved["learned"]:
        st.markdown("**What I learned:** " + plain(saved["learned"]))
    if saved["next_week"]:
        st.markdown("**What I will do next week:** " + plain(saved["next_week"]))
    if not (saved["learned"] or saved["next_week"]):
        st.caption("No reflections written for this week yet.")

# --- the coach's comments: from the coach file, or the one write coach mode allows ----------
st.header("Coach's comment")
if coach_folder.folder() is not None:
    coach_notes.coach_side(db, week, today)
elif session.coach_mode():
    coach_notes.beside_client(db, week, saved)
else:
    coach_notes.client_side(db, week, saved)


# --- goals ----------------------------------------------------------------------------------
def goals_section() -> None:
    history = reviews.goal_history(db)
    if history:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "From the week of": date.fromisoformat(g["starts_on"]),
                        **{label: g[key] for key, label in reviews.GOAL_FIELDS.items()},
                    }
                    for g in history
                ]
            ),
            hide_index=True,
            column_config={
                "From the week of": st.column_config.DateColumn(format="ddd D MMM YYYY")
            },
        )
        st.caption(
            "Each week is judged by the goals in force then; new goals never rewrite old weeks."
        )
    current = reviews.goals_in_force(db, today) or {}
    with st.form("review_goals", border=False):
        starts = forms.date_box(
            "Apply from the week of", metrics.week_start(today), key="review_goal_from"
        )
        goal_cols = st.columns(len(reviews.GOAL_FIELDS))
        values = {
            # No bounds on the widget: it would silently turn -2 into 0 and 600 into the most it
            # allows. lib.reviews.validate_goals refuses them, saying what to fix.
            key: col.number_input(
                label,
                step=1,
                value=int(current.get(key) or 0),
                key=f"review_goal_{key}",
            )
            for col, (key, label) in zip(goal_cols, reviews.GOAL_FIELDS.items(), strict=True)
        }
        if st.form_submit_button("Save goals", icon=":material/flag:"):
            with session.saving():
                try:
                    monday = reviews.save_goals(db, starts, values)
                    # Said here, where the person is, with the section kept open.
                    st.session_state["review_goals_flash"] = (
                        f"Goals saved; they apply from the week of {monday:%d %b %Y}."
                    )
                    st.rerun()
                except reviews.ReviewError as error:
                    forms.errors_here(error.errors, "review_goals_errors")
    widgets.show_once("review_goals_flash", focus=True)


if session.can_write():
    # Lazy: the goals' history and form are built once opened (open at first, with no goals).
    goals_box = st.expander(
        "Weekly goals",
        icon=":material/flag:",
        expanded=not goals or "review_goals_flash" in st.session_state,
        key="review_goals_open",
        on_change="rerun",
    )
    if goals_box.open:
        with goals_box:
            goals_section()
else:
    st.caption(
        "Goals: "
        + (
            ", ".join(f"{label} {goals[key]}" for key, label in reviews.GOAL_FIELDS.items())
            if goals
            else "none set"
        )
        + "."
    )
