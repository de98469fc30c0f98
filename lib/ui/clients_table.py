"""The coach's Clients page: the headline numbers, the table (sortable, filterable), each
client in one sentence, opening a client, and the passphrase of an encrypted package."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from lib import clients, dates
from lib.ui import coach_folder
from lib.ui.widgets import plain, plain_line

SORTS = {
    "attention": "Who needs attention",
    "client": "Client (A to Z)",
    "age": "Oldest package",
    "overdue": "Most overdue follow-ups",
    "conversations": "Fewest conversations (4 weeks)",
    "quiet": "Longest quiet",
}


def sorted_rows(rows: list[dict], sort: str) -> list[dict]:
    """The rows in the order picked (who needs attention first by default)."""
    keys = {
        "client": lambda r: r["client"].casefold(),
        "age": lambda r: -(r["age_days"] or 0),
        "overdue": lambda r: -(r["overdue"] or 0),
        "conversations": lambda r: r["conversations_4_weeks"] or 0,
        "quiet": lambda r: r["last_activity"] or "",
    }
    if sort not in keys:
        return clients.by_attention(rows)
    return sorted(clients.by_attention(rows), key=keys[sort])


def filtered(rows: list[dict], words: str, attention_only: bool) -> list[dict]:
    """The rows whose client name holds the words typed, and only those needing attention."""
    words = (words or "").strip().casefold()
    return [
        r
        for r in rows
        if (not words or words in r["client"].casefold()) and (r["attention"] or not attention_only)
    ]


def headline(rows: list[dict]) -> None:
    """Four numbers a coach reads first."""
    stale = sum(1 for r in rows if (r["age_days"] or 0) > clients.STALE_AFTER_DAYS)
    needing = sum(1 for r in rows if r["attention"])
    open_items = sum(r["open_action_items"] or 0 for r in rows)
    first, second, third, fourth = st.columns(4)
    first.metric("Clients", len(rows))
    second.metric("Need attention", needing)
    third.metric(f"Packages over {clients.STALE_AFTER_DAYS} days old", stale)
    fourth.metric("Open action items", open_items)


def _goal_cell(row: dict, key: str) -> str:
    if row["week"] is None:
        return ""
    done = row["week"][key]
    goal = (row["goals"] or {}).get(key)
    if not goal:
        return f"{done}"
    return f"{done} / {goal}" + (" ✓" if done >= goal else "")


def _age_cell(row: dict) -> str:
    age = row["age_days"]
    if age is None:
        return ""
    text = "today" if age == 0 else f"{age} day{'s' if age != 1 else ''}"
    return f"⚠ {text}" if age > clients.STALE_AFTER_DAYS else text


def _attention_cell(row: dict) -> str:
    reasons = clients.short_reasons(row)
    if row["problem"]:
        return "🔒 Locked: needs its passphrase" if row.get("needs_passphrase") else "⚠ Unreadable"
    if not reasons:
        return "✓ On track"
    more = f" · +{len(reasons) - 1}" if len(reasons) > 1 else ""
    return f"⚠ {reasons[0]}{more}"


def frame(rows: list[dict]) -> pd.DataFrame:
    """The table as the page shows it: one row per client (text cells shown as text)."""
    return pd.DataFrame(
        [
            {
                "Client": row["client"],
                "Attention": _attention_cell(row),
                "Age": _age_cell(row),
                "Conversations per week": row["trend"],
                "Outreach": _goal_cell(row, "outreaches"),
                "Talks": _goal_cell(row, "conversations"),
                "Thanks": _goal_cell(row, "thank_yous"),
                "Board": _goal_cell(row, "board_items"),
                "Streak": row["streak"],
                "Overdue": row["overdue"],
                "Talks, 4 wk": row["conversations_4_weeks"],
                "Thank-yous on time, 4 wk": clients.on_time_text(row["thank_yous_on_time"]),
                "Updates on time, 4 wk": clients.on_time_text(row["updates_on_time"]),
                "Last activity": date.fromisoformat(row["last_activity"])
                if row["last_activity"]
                else None,
                "Action items": _items_cell(row),
            }
            for row in rows
        ]
    )


def _items_cell(row: dict) -> str:
    if row["open_action_items"] is None:
        return ""
    return f"{row['open_action_items']} open · {row['done_action_items']} done"


def table(rows: list[dict]) -> None:
    """The clients' table, sortable by any column (click its header)."""
    this_week = "This week: done / the client's goal (✓ met)"
    st.caption(
        "This week, done / goal (✓ met): outreach, talks (conversations held), thank-yous "
        "sent, board items done. Click a column's header to sort by it."
    )
    st.dataframe(
        frame(rows),
        hide_index=True,
        width="stretch",
        column_config={
            "Client": st.column_config.TextColumn(pinned=True, width="medium"),
            "Attention": st.column_config.TextColumn(
                width="medium", help="The most pressing reason; every reason is in the sentences"
            ),
            "Age": st.column_config.TextColumn(
                width="small", help=f"⚠ past {clients.STALE_AFTER_DAYS} days: ask for a new one"
            ),
            "Conversations per week": st.column_config.BarChartColumn(
                f"Talks, {clients.TREND_WEEKS} wk",
                help=f"Conversations per week, the last {clients.TREND_WEEKS} weeks, oldest first",
                y_min=0,
                width="small",
            ),
            **{
                name: st.column_config.TextColumn(width="small", help=this_week)
                for name in ("Outreach", "Talks", "Thanks", "Board")
            },
            "Streak": st.column_config.NumberColumn(
                format="%d wk", help="Weeks in a row meeting every goal", width="small"
            ),
            "Overdue": st.column_config.NumberColumn(
                help="Follow-ups past their day, not done", width="small"
            ),
            "Talks, 4 wk": st.column_config.NumberColumn(
                help="Conversations held this week and the three before", width="small"
            ),
            "Last activity": st.column_config.DateColumn(format="ddd D MMM", width="small"),
        },
        key="clients_table",
    )


def sentences(rows: list[dict]) -> None:
    """Each client in one sentence: the table's figures in words (a screen reader reads these)."""
    st.markdown("\n".join(f"- {plain_line(row['summary'])}" for row in rows))


def opener(rows: list[dict]) -> None:
    """Pick a client and open their Fieldwork, read-only."""
    readable = [r for r in rows if not r["problem"]]
    if not readable:
        return
    names = {r["path"]: r["client"] for r in readable}
    pick, button = st.columns([3, 1], vertical_alignment="bottom")
    chosen = pick.selectbox(
        "Open a client's Fieldwork",
        list(names),
        format_func=lambda p: plain_line(names[p]),
        key="clients_pick",
    )
    if button.button(
        "Open", type="primary", icon=":material/open_in_new:", key="clients_open_button"
    ):
        coach_folder.open_client(chosen)
        st.session_state["clients_open_name"] = names[chosen]
        st.switch_page("pages/home.py")


def passphrases(rows: list[dict]) -> None:
    """A form per package that needs its passphrase; kept in the system keyring once right."""
    for row in rows:
        if not row["problem"] or not row.get("needs_passphrase"):
            continue
        path = Path(row["path"])
        key = hashlib.sha256(row["path"].encode()).hexdigest()[:12]
        with st.form(f"clients_secret_{key}", border=True):
            field, go = st.columns([4, 1], vertical_alignment="bottom")
            secret = field.text_input(
                f"Passphrase for {plain_line(path.name)}",
                type="password",
                key=f"clients_secret_text_{key}",
                help="The passphrase your client gave you. Kept in this computer's keyring, "
                "never in a file.",
            )
            if go.form_submit_button("Unlock", icon=":material/lock_open:"):
                _unlock(path, secret)


def _unlock(path: Path, secret: str) -> None:
    try:
        clients.open_package(path, secret).close()
    except clients.PackageProblem as problem:
        st.error(plain(problem), icon=":material/lock:")
        return
    if not coach_folder.keep_passphrase(path, secret):
        st.session_state["clients_flash"] = (
            "No system keyring on this computer: the passphrase is kept until you close Fieldwork."
        )
    st.rerun()


def as_of(today: date, folder: Path, count: int) -> str:
    """The caption under the title: how many packages, where, and the day."""
    return (
        f"{count} client{'s' if count != 1 else ''} in {plain(folder)} · this week as of "
        f"{dates.show(today)}"
    )
