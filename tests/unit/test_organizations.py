import pytest

from lib import organizations
from lib.contacts import log_interaction, save_contact, set_archived
from lib.conversations import save_conversation


def test_lamp_key_orders_advocacy_then_motivation_then_posting_then_name():
    orgs = [
        {"name": "b", "advocacy": False, "motivation": 3, "posting": 3},
        {"name": "Zed", "advocacy": True, "motivation": 1, "posting": 1},
        {"name": "a", "advocacy": True, "motivation": 1, "posting": 1},
        {"name": "c", "advocacy": True, "motivation": 1, "posting": 3},
        {"name": "d", "advocacy": True, "motivation": 2, "posting": None},
        {"name": "e", "advocacy": True, "motivation": None, "posting": 3},
        {"name": "f", "advocacy": True, "motivation": 0, "posting": 1},
    ]
    ordered = [o["name"] for o in sorted(orgs, key=organizations.lamp_key)]
    assert ordered == ["d", "c", "a", "Zed", "f", "e", "b"]


def test_lamp_list_derives_advocacy_and_counts(db):
    solar = organizations.add_organization(
        db, {"name": "SolarShare", "motivation": 2, "posting": 1}
    )
    organizations.add_organization(db, {"name": "Dream Co", "motivation": 3, "posting": 3})
    amara = save_contact(db, {"name": "Amara", "organization": "SolarShare"})
    ben = save_contact(db, {"name": "Ben", "organization": "SolarShare"})
    gone = save_contact(db, {"name": "Gone", "organization": "Old Firm"})
    set_archived(db, gone, True)
    log_interaction(db, amara, "outreach", "2026-11-02")
    log_interaction(db, amara, "follow_up", "2026-11-11")
    log_interaction(db, ben, "reply", "2026-11-12")
    save_conversation(db, ben, {"held_on": "2026-11-13", "mode": "phone"})
    rows = organizations.lamp_list(db)
    assert [r["name"] for r in rows] == ["SolarShare", "Dream Co", "Old Firm"]
    first = rows[0]
    assert first["id"] == solar
    assert (first["advocacy"], first["contacts"], first["outreaches"], first["conversations"]) == (
        True,
        2,
        2,
        1,
    )
    old = rows[2]
    assert (old["advocacy"], old["contacts"]) == (False, 1)  # archived contacts are no advocates


def test_status_filter_and_update(db):
    org = organizations.add_organization(db, {"name": "Keystone"})
    organizations.update_organization(
        db, org, {"motivation": "0", "posting": 3, "status": "ruled_out"}
    )
    assert organizations.lamp_list(db, ["active", "on_hold"]) == []
    row = organizations.lamp_list(db, ["ruled_out"])[0]
    assert (row["motivation"], row["posting"], row["status"]) == (0, 3, "ruled_out")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"motivation": 4}, "motivation"),
        ({"motivation": -1}, "motivation"),
        ({"motivation": "2.5"}, "motivation"),
        ({"posting": 0}, "posting"),
        ({"posting": "three"}, "posting"),
        ({"status": "maybe"}, "status"),
    ],
)
def test_bad_scores_say_what_to_fix(db, values, field):
    org = organizations.add_organization(db, {"name": "Keystone", "motivation": 1})
    with pytest.raises(organizations.OrganizationError) as error:
        organizations.update_organization(db, org, values)
    assert set(error.value.errors) == {field}
    assert db["organizations"].get(org)["motivation"] == 1


def test_add_needs_a_new_name(db):
    organizations.add_organization(db, {"name": "GridWise"})
    with pytest.raises(organizations.OrganizationError, match="already on your list"):
        organizations.add_organization(db, {"name": " gridwise "})
    with pytest.raises(organizations.OrganizationError, match="name"):
        organizations.add_organization(db, {"name": "  "})


def test_sample_lamp_list(sample_db):
    rows = organizations.lamp_list(sample_db)
    assert len(rows) == 10
    assert rows == sorted(rows, key=organizations.lamp_key)
    assert all(r["advocacy"] for r in rows)  # every sample organization has a contact
    assert rows[0]["motivation"] == 3 and rows[0]["posting"] == 3


def test_with_status_keeps_the_lamp_order_and_the_statuses_picked(sample_db):
    organizations.add_organization(sample_db, {"name": "Held Co", "status": "on_hold"})
    organizations.add_organization(sample_db, {"name": "Ruled Out Co", "status": "ruled_out"})
    everyone = organizations.lamp_list(sample_db)
    for statuses in (["active"], ["on_hold", "ruled_out"], ["ruled_out"]):
        assert organizations.with_status(everyone, statuses) == organizations.lamp_list(
            sample_db, statuses
        )
    assert organizations.with_status(everyone, []) == everyone
    assert organizations.with_status(everyone, None) == everyone
