import json
from datetime import date

import pytest

from lib import contacts


def add(db, name, **values):
    return contacts.save_contact(db, {"name": name, **values})


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("email", "ada@", "Email should look like"),
        ("email", "ada at example.org", "Email should look like"),
        ("phone", "12", "Phone should be"),
        ("phone", "call me maybe", "Phone should be"),
        ("linkedin_url", "https://example.org/ada", "LinkedIn URL should look like"),
    ],
)
def test_bad_values_name_the_field_to_fix(db, field, value, message):
    with pytest.raises(contacts.ContactError) as raised:
        add(db, "Ada", **{field: value})
    assert message in raised.value.errors[field]
    assert db["contacts"].count == 0


def test_name_is_required(db):
    with pytest.raises(contacts.ContactError) as raised:
        add(db, "   ")
    assert raised.value.errors == {"name": "Name is required."}


@pytest.mark.parametrize(
    "typed,stored",
    [
        ("linkedin.com/in/ada-lovelace", "https://linkedin.com/in/ada-lovelace"),
        ("http://www.linkedin.com/in/ada/", "https://linkedin.com/in/ada/"),
        ("https://uk.linkedin.com/in/ada", "https://uk.linkedin.com/in/ada"),
    ],
)
def test_linkedin_urls_are_normalised(db, typed, stored):
    contact_id = add(db, "Ada", linkedin_url=typed)
    assert contacts.get_contact(db, contact_id)["linkedin_url"] == stored


def test_good_values_are_saved_trimmed_with_tags_and_a_new_organization(db):
    contact_id = add(
        db,
        "  Ada Lovelace ",
        email="Ada@Example.org",
        phone="+44 (0)20 7946-0958",
        organization="Analytical Engines Ltd",
        tags="math, Poetry ,math",
        how_found="article",
        hook="Wrote the notes on the engine",
    )
    contact = contacts.get_contact(db, contact_id)
    assert contact["name"] == "Ada Lovelace"
    assert contact["email"] == "ada@example.org"
    assert contact["organization"] == "Analytical Engines Ltd"
    assert contact["tags"] == ["math", "Poetry"]
    assert contact["hook"] == "Wrote the notes on the engine"


def test_typing_an_existing_organization_reuses_it(db):
    add(db, "Ada", organization="Brightline")
    add(db, "Bo", organization="brightline")
    assert db["organizations"].count == 1


def test_edit_updates_in_place(db):
    contact_id = add(db, "Ada")
    contacts.save_contact(db, {"name": "Ada L.", "role": "Analyst"}, contact_id)
    contact = contacts.get_contact(db, contact_id)
    assert (contact["name"], contact["role"]) == ("Ada L.", "Analyst")
    assert db["contacts"].count == 1


def test_referral_loops_are_refused(db):
    ada = add(db, "Ada")
    bo = add(db, "Bo", referred_by_id=ada)
    cy = add(db, "Cy", referred_by_id=bo)
    with pytest.raises(contacts.ContactError) as raised:
        contacts.save_contact(db, {"name": "Ada", "referred_by_id": cy}, ada)
    assert "loop" in raised.value.errors["referred_by_id"]


def test_referral_chain_both_ways(db):
    ada = add(db, "Ada")
    bo = add(db, "Bo", referred_by_id=ada)
    cy = add(db, "Cy", referred_by_id=bo)
    dee = add(db, "Dee", referred_by_id=ada)
    assert [(p["name"], p["depth"]) for p in contacts.referred_by_chain(db, cy)] == [
        ("Bo", 1),
        ("Ada", 2),
    ]
    onward = [(p["name"], p["depth"]) for p in contacts.referred_onward(db, ada)]
    assert onward == [("Bo", 1), ("Dee", 1), ("Cy", 2)]
    assert contacts.referred_by_chain(db, ada) == []
    assert contacts.referred_onward(db, dee) == []


def test_archive_hides_from_the_active_list_and_restore_brings_back(db):
    ada = add(db, "Ada")
    add(db, "Bo")
    contacts.set_archived(db, ada, True)
    rows, total = contacts.list_contacts(db)
    assert [r["name"] for r in rows] == ["Bo"] and total == 1
    archived, _ = contacts.list_contacts(db, status="archived")
    assert [r["name"] for r in archived] == ["Ada"]
    contacts.set_archived(db, ada, False)
    assert contacts.list_contacts(db)[1] == 2


def test_list_filters_and_pages(db):
    for index in range(120):
        add(
            db,
            f"Person {index:03d}",
            organization="Brightline" if index % 2 else "SolarShare",
            tags="warm" if index % 3 == 0 else "",
            how_found="alumni" if index % 5 == 0 else "cold",
        )
    rows, total = contacts.list_contacts(db, limit=50, offset=50)
    assert total == 120 and len(rows) == 50 and rows[0]["name"] == "Person 050"
    org_id = db.execute("SELECT id FROM organizations WHERE name='Brightline'").fetchone()[0]
    assert contacts.list_contacts(db, organization_id=org_id)[1] == 60
    assert contacts.list_contacts(db, tag="warm")[1] == 40
    assert contacts.list_contacts(db, how_found="alumni")[1] == 24
    assert contacts.list_contacts(db, search="person 11")[1] == 10
    assert contacts.list_contacts(db, search="solarshare")[1] == 60


def test_search_treats_percent_and_quotes_as_text(db):
    add(db, "O'Brien 100%")
    assert contacts.list_contacts(db, search="O'Brien")[1] == 1
    assert contacts.list_contacts(db, search="100%")[1] == 1


def test_timeline_lists_interactions_conversations_and_recommendations(sample_db):
    contact_id = sample_db.execute(
        "SELECT contact_id FROM conversations ORDER BY id LIMIT 1"
    ).fetchone()[0]
    kinds = {e["source"] for e in contacts.timeline(sample_db, contact_id)}
    assert kinds == {"interaction", "conversation", "recommendation"}
    days = [e["day"] for e in contacts.timeline(sample_db, contact_id)]
    assert days == sorted(days, reverse=True)


def test_log_interaction_rejects_unknown_kinds(db):
    ada = add(db, "Ada")
    contacts.log_interaction(db, ada, "outreach", "2026-11-02", " hello ")
    assert db["interactions"].get(1)["summary"] == "hello"
    with pytest.raises(ValueError):
        contacts.log_interaction(db, ada, "telegram", "2026-11-02")


def test_tags_column_holds_json(db):
    ada = add(db, "Ada", tags="a, b")
    assert json.loads(db["contacts"].get(ada)["tags"]) == ["a", "b"]
    assert contacts.all_tags(db) == ["a", "b"]


def test_a_shortlist_keeps_who_you_were_last_in_touch_with_sorted_by_name(db):
    old = add(db, "Zoe Old", organization="Archive Co")
    recent = add(db, "Yann Recent", organization="Solar Co-op")
    newest = add(db, "Xena New")
    db["contacts"].update(old, {"updated_at": "2026-01-01T00:00:00Z"})
    db["contacts"].update(recent, {"updated_at": "2026-01-01T00:00:00Z"})
    db["contacts"].update(newest, {"updated_at": "2026-03-01T00:00:00Z"})
    contacts.log_interaction(db, recent, "outreach", date(2026, 6, 1))
    contacts.log_interaction(db, old, "outreach", date(2026, 2, 1))
    # Two places: Yann (June) and Xena (added March) beat Zoe (February), listed by name.
    assert contacts.contact_shortlist(db, limit=2) == {
        newest: "Xena New",
        recent: "Yann Recent — Solar Co-op",
    }
    assert list(contacts.contact_shortlist(db)) == [newest, recent, old]


def test_a_shortlist_matches_every_word_in_name_or_organization_in_any_case(db):
    ines = add(db, "Inés Ávila", organization="Solar Co-op")
    add(db, "Ines Other", organization="Wind Ltd")
    archived = add(db, "Inés Archived", organization="Solar Co-op")
    contacts.set_archived(db, archived, True)
    assert list(contacts.contact_shortlist(db, "ávila SOLAR")) == [ines]
    assert list(contacts.contact_shortlist(db, "  inés  solar ")) == [ines]
    assert contacts.contact_shortlist(db, "nobody") == {}


def test_choice_labels_and_the_active_count_leave_archived_contacts_out(db):
    ines = add(db, "Inés Ávila", organization="Solar Co-op")
    plain = add(db, "Ben Plain")
    archived = add(db, "Old Friend")
    contacts.set_archived(db, archived, True)
    assert contacts.active_count(db) == 2
    assert contacts.choice_labels(db, [plain, archived, None, ines]) == {
        ines: "Inés Ávila — Solar Co-op",
        plain: "Ben Plain",
    }
    assert contacts.choice_labels(db, []) == {}


def test_organization_ids_are_alphabetical_whatever_the_case(db):
    for name in ["beta Labs", "Alpha Co", "Gamma"]:
        db["organizations"].insert({"name": name})
    assert list(contacts.organization_ids(db).values()) == ["Alpha Co", "beta Labs", "Gamma"]
    assert contacts.organization_ids(db)[2] == "Alpha Co"


def test_filters_on_counts_what_narrows_the_list_beyond_the_default():
    assert contacts.filters_on() == 0
    assert contacts.filters_on(organization_id=None, tag="", how_found=None, status="active") == 0
    assert contacts.filters_on(organization_id=3) == 1
    assert contacts.filters_on(tag="energy", how_found="referral") == 2
    # Active is the default; archived and all (None) both narrow or widen it.
    assert contacts.filters_on(status="archived") == 1
    assert contacts.filters_on(status=None) == 1
    assert contacts.filters_on(organization_id=3, tag="x", how_found="alumni", status=None) == 4
