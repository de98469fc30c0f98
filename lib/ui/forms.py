"""Forms that show what went wrong where the person is looking, and visible keyboard focus.

Streamlit has no API to move focus or scroll. These helpers add a small static script (no user
text ever reaches it: only our own element keys) that focuses and scrolls to a keyed container,
and static CSS for a visible focus ring.
"""

from __future__ import annotations

import re

import streamlit as st

from lib import dates
from lib.text import markdown_escape as plain

# Keyboard focus is always visible: Streamlit draws no ring on sidebar links and a faint one on
# some buttons. Rows of metrics and buttons wrap on small screens. Static CSS, no user text.
FOCUS_CSS = """<style>
:is([data-testid="stSidebar"], [data-testid="stMain"], [role="dialog"])
  :is(a, button, [role="tab"], [tabindex="0"]):focus-visible {
  outline: 2px solid #1d4f45 !important;
  outline-offset: 2px;
  border-radius: 4px;
}
/* A row of metrics or buttons, one to a column, wraps onto a second line on a small screen
   instead of cutting its labels ("Response rate" as "Respo…", "Previous week" as "Previo…"). */
[data-testid="stHorizontalBlock"] > [data-testid="stColumn"]:has(
    > [data-testid="stVerticalBlock"] > :only-child :is(
      [data-testid="stMetric"], [data-testid="stButton"], [data-testid="stPageLink"],
      [data-testid="stDownloadButton"], [data-testid="stLinkButton"], [data-testid="stPopover"])) {
  min-width: max-content;
}
/* A due entry does not animate its height: Streamlit grows an open expander over half a second
   whenever its content changes, clipping what is below, so a Done clicked in that moment landed
   on nothing. Important rules outrank the script's animation and inline height. */
[class*="st-key-due_open_"] details {
  height: auto !important;
  overflow: visible !important;
}
</style>"""

_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def focus_outline() -> None:
    """Add the page CSS (focus ring, wrapping rows) to the page, once per run from app.py."""
    st.html(FOCUS_CSS)


def _focus_script(key: str, block: str = "center") -> str:
    if not _KEY.match(key):
        raise ValueError(f"not an element key: {key!r}")
    # A counter makes each call a new element, so the script runs again after each failed try.
    count = st.session_state.get("_form_widgets_focus", 0) + 1
    st.session_state["_form_widgets_focus"] = count
    return f"""<script data-run="{count}">
(() => {{
  const find = (tries) => {{
    const box = document.querySelector(".st-key-{key}");
    if (!box) {{ if (tries > 0) setTimeout(() => find(tries - 1), 100); return; }}
    box.setAttribute("tabindex", "-1");
    box.scrollIntoView({{block: "{block}"}});
    box.focus({{preventScroll: true}});
  }};
  find(20);
}})();
</script>"""


def focus_here(key: str, scroll: str = "center") -> None:
    """Scroll to and focus the container made with st.container(key=key) on this run.

    scroll="nearest" scrolls only when it is out of view: for a confirmation where the person
    just clicked, so nothing moves under their pointer.
    """
    if scroll not in ("center", "nearest"):
        raise ValueError(f"not a scroll position: {scroll!r}")
    st.html(_focus_script(key, scroll), unsafe_allow_javascript=True)


def focus_slot(key: str | None, scroll: str = "center") -> None:
    """focus_here(key) when key is given, else the same element doing nothing: a place that
    moves focus now and then without ever adding or removing an element (a layout shift)."""
    if key is not None:
        focus_here(key, scroll)
    else:
        st.html("<script></script>", unsafe_allow_javascript=True)


def errors_here(errors: dict[str, str], key: str, heading: str = "Please fix:") -> None:
    """After a failed save, list what to fix here (beside the Save button) and move focus to it."""
    if not errors:
        return
    with st.container(key=key):
        st.error(heading + "\n" + "\n".join(f"- {plain(message)}" for message in errors.values()))
    focus_here(key)


def field_error(errors: dict[str, str] | None, field: str) -> None:
    """The message for one field, right under it, when the last save failed on it."""
    if errors and errors.get(field):
        st.caption(f":material/error: {plain(errors[field])}")


def field_errors(errors: dict[str, str] | None, placed) -> None:
    """field_error for each (container, field) in placed, inside its container: under a row of
    fields in columns, each field's message under it."""
    for container, field in placed:
        with container:
            field_error(errors, field)


def date_box(label: str, value, where=st, **kwargs):
    """A date picker that keeps the date typed: Fieldwork's picker format, and a range wider
    than any date a form accepts, so the widget never swaps a typed date for one of its bounds
    (it does so silently). Which dates a form takes is checked in lib, with a message."""
    return where.date_input(
        label,
        value=value,
        min_value=dates.PICKER_EARLIEST,
        max_value=dates.PICKER_LATEST,
        format=dates.PICKER_FORMAT,
        **kwargs,
    )


def _key(key: str) -> str:
    if not _KEY.match(key):
        raise ValueError(f"not an element key: {key!r}")
    return key


def rows_open_with_enter(key: str) -> None:
    """In the table inside st.container(key=key), Enter or Space selects the focused row.

    Streamlit's table selects a row with Shift+Space only; a person expects Enter or Space.
    """
    st.html(
        f"""<script>
(() => {{
  if (window.fieldworkRowsOpen) return;
  window.fieldworkRowsOpen = true;
  document.addEventListener("keydown", (event) => {{
    if (event.shiftKey || event.ctrlKey || event.altKey || event.metaKey) return;
    if (event.key !== "Enter" && event.key !== " ") return;
    const grid = event.target.closest && event.target.closest(".st-key-{_key(key)}");
    if (!grid || !event.target.closest('[data-testid="stDataFrame"]')) return;
    event.preventDefault();
    event.stopPropagation();
    event.target.dispatchEvent(new KeyboardEvent("keydown", {{
      key: " ", code: "Space", keyCode: 32, shiftKey: true, bubbles: true, cancelable: true
    }}));
  }}, true);
}})();
</script>""",
        unsafe_allow_javascript=True,
    )
