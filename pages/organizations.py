"""Target organizations: the LAMP list (Advocacy, Motivation, Posting), sorted and editable."""

import streamlit as st

from lib import organizations, vocab
from lib.ui import session, widgets
from lib.ui.cache import cached

db = session.database()
writable = session.can_write()

MOTIVATION_HELP = "0 = not keen, 1 = some interest, 2 = keen, 3 = dream employer"
POSTING_HELP = "1 = no relevant postings, 2 = something related, 3 = a posting that fits"

st.title("Target organizations")
st.caption(
    vocab.METHOD_LAMP + " Work from the top: organizations where you have a contact and real "
    "interest come first."
)

widgets.show_once("orgs_flash")

statuses = st.multiselect(
    "Show",
    list(vocab.ORG_STATUS),
    default=["active", "on_hold"],
    format_func=vocab.ORG_STATUS.get,
    key="orgs_status",
)
# One read of every organization serves the table and the editor below (on a heavy file the
# counts are most of the page's time); the table keeps the statuses picked.
everyone = cached(organizations.lamp_list, db)
rows = organizations.with_status(everyone, statuses)

if not rows:
    if not organizations.has_organizations(db):
        st.info(
            "No organizations yet. They appear when you give a contact an organization, or "
            "add a target employer below.",
            icon=":material/domain:",
        )
    else:
        st.info("No organizations with these statuses.", icon=":material/filter_alt_off:")
else:
    st.dataframe(
        [
            {
                "Organization": r["name"],
                "Advocacy": r["advocacy"],
                "Motivation": r["motivation"],
                "Posting": r["posting"],
                "Status": vocab.label(vocab.ORG_STATUS, r["status"]),
                "Contacts": r["contacts"],
                "Outreaches": r["outreaches"],
                "Conversations": r["conversations"],
                "Industry": r["industry"],
            }
            for r in rows
        ],
        hide_index=True,
        width="stretch",
        column_config={
            "Advocacy": st.column_config.CheckboxColumn(
                "Advocacy", help="An active contact works there (derived, not typed)."
            ),
            "Motivation": st.column_config.ProgressColumn(
                "Motivation",
                min_value=0,
                max_value=3,
                format="%d",
                help=MOTIVATION_HELP,
                width="small",
            ),
            "Posting": st.column_config.ProgressColumn(
                "Posting", min_value=0, max_value=3, format="%d", help=POSTING_HELP, width="small"
            ),
        },
    )
    no_contact = [r["name"] for r in rows if not r["advocacy"] and r["status"] == "active"]
    if no_contact:
        st.caption(
            f"No contact yet at {len(no_contact)} active target"
            f"{'s' if len(no_contact) != 1 else ''}: find an alumnus or a friend of a friend there."
        )

if not writable:
    st.stop()

left, right = st.columns(2)
with left:
    st.header("Edit scores")
    if not everyone:
        st.caption("Nothing to edit yet.")
    else:
        names = {r["id"]: r for r in everyone}
        chosen = st.selectbox(
            "Organization", list(names), format_func=lambda i: names[i]["name"], key="orgs_pick"
        )
        org = names[chosen]
        with st.form(f"orgs_edit_{chosen}"):
            motivation = st.select_slider(
                "Motivation",
                [None, 0, 1, 2, 3],
                value=org["motivation"],
                format_func=lambda v: "not scored" if v is None else str(v),
                help=MOTIVATION_HELP,
                key=f"orgs_motivation_{chosen}",
            )
            posting = st.select_slider(
                "Posting",
                [None, 1, 2, 3],
                value=org["posting"],
                format_func=lambda v: "not scored" if v is None else str(v),
                help=POSTING_HELP,
                key=f"orgs_posting_{chosen}",
            )
            status = st.radio(
                "Status",
                list(vocab.ORG_STATUS),
                index=list(vocab.ORG_STATUS).index(org["status"]),
                format_func=vocab.ORG_STATUS.get,
                horizontal=True,
                key=f"orgs_state_{chosen}",
            )
            if st.form_submit_button("Save scores", type="primary"):
                with session.saving():
                    try:
                        organizations.update_organization(
                            db,
                            chosen,
                            {"motivation": motivation, "posting": posting, "status": status},
                        )
                    except organizations.OrganizationError as error:
                        widgets.show_errors(error.errors)
                    else:
                        st.session_state["orgs_flash"] = f"Saved {widgets.plain_line(org['name'])}."
                        st.rerun()

with right:
    st.header("Add a target organization")
    version = st.session_state.setdefault("orgs_add_version", 0)
    with st.form(f"orgs_add_{version}"):
        name = st.text_input("Name", key=f"orgs_add_name_{version}")
        industry = st.text_input("Industry (optional)", key=f"orgs_add_industry_{version}")
        new_motivation = st.select_slider(
            "Motivation",
            [None, 0, 1, 2, 3],
            value=None,
            format_func=lambda v: "not scored" if v is None else str(v),
            help=MOTIVATION_HELP,
            key=f"orgs_add_motivation_{version}",
        )
        new_posting = st.select_slider(
            "Posting",
            [None, 1, 2, 3],
            value=None,
            format_func=lambda v: "not scored" if v is None else str(v),
            help=POSTING_HELP,
            key=f"orgs_add_posting_{version}",
        )
        if st.form_submit_button("Add organization"):
            with session.saving():
                try:
                    organizations.add_organization(
                        db,
                        {
                            "name": name,
                            "industry": industry,
                            "motivation": new_motivation,
                            "posting": new_posting,
                        },
                    )
                except organizations.OrganizationError as error:
                    widgets.show_errors(error.errors)
                else:
                    st.session_state["orgs_add_version"] = version + 1
                    st.session_state["orgs_flash"] = f"Added {widgets.plain_line(name)}."
                    st.rerun()
