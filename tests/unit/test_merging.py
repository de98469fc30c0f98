"""Merging duplicates: finding the pairs (each signal, strongest first, dismissed pairs and a
contact with itself never offered, archived contacts found), a merge moving every row that
points at the merged-away contact, Undo putting the database back exactly, and the old id
leading to the kept contact."""

import json

import pytest

from lib import contacts, merging
from lib.formats import importers
from tests.support.days import TODAY
from tests.support.duplicates_world import build_pair, dump
from tests.support.import_helpers import parse


def person(pid, name, organization=None, email=None, linkedin_url=None, phone=None):
    return {
        "id": pid,
        "name": name,
        "organization": organization,
        "email": email,
        "linkedin_url": linkedin_url,
        "phone": phone,
    }


@pytest.mark.parametrize(
    ("a", "b", "signal"),
    [
        (
            person(1, "Ana Ruiz", email="Ana@x.org"),
            person(2, "A. Ruiz", email="ana@x.org"),
            "email",
        ),
        (
            person(1, "Ana Ruiz", linkedin_url="https://www.linkedin.com/in/ana/"),
            person(2, "Ana R", linkedin_url="http://linkedin.com/in/ana?trk=x"),
            "linkedin",
        ),
        (
            person(1, "Ana Ruiz", phone="+44 20 7946 0000"),
            person(2, "Ana R", phone="020 7946 0000"),
            "phone",
        ),
        (
            person(1, "Ana Ruiz", "Brightline Inc"),
            person(2, "Ruiz Ana", "brightline"),
            "name_at_organization",
        ),
        (person(1, "Ana Ruiz"), person(2, "ana  ruiz"), "name"),
    ],
)
def test_each_signal_finds_a_pair_and_says_why(a, b, signal):
    pairs = merging.find_pairs([a, b], region="GB")
    assert [(p.ids, p.signals) for p in pairs] == [((1, 2), (signal,))]
    assert pairs[0].why.lower() == merging.SIGNALS[signal].lower()


def test_no_pair_without_a_signal():
    people = [
        person(1, "Ana Ruiz", "Brightline"),
        person(2, "Ana Ruiz", "Tidewater"),  # same name, another organization
        person(3, "Ben Okoye", "Brightline"),
        person(4, "Ana Ruiz", "Brightline", phone="12"),  # too short to be a phone key
    ]
    assert [p.ids for p in merging.find_pairs(people)] == [(1, 4)]


def test_strongest_first_and_several_signals_before_one():
    people = [
        person(1, "Carla Diaz", "Tidewater"),
        person(2, "Diaz Carla", "Tidewater"),
        person(3, "Ben Okoye", phone="+1 415 555 0100"),
        person(4, "Benjamin Okoye", phone="(415) 555-0100"),
        person(5, "Ana Ruiz", email="ana@x.org"),
        person(6, "Ana Ruiz-Gómez", email="ana@x.org", phone="+1 212 555 0199"),
        person(
            7, "Ana R.", email="a@y.org", phone="212 555 0199", linkedin_url="linkedin.com/in/a"
        ),
        person(8, "A. Ruiz", linkedin_url="https://linkedin.com/in/a/"),
    ]
    pairs = merging.find_pairs(people, region="US")
    assert [p.ids for p in pairs] == [(5, 6), (7, 8), (3, 4), (6, 7), (1, 2)]
    assert pairs[0].why == "Same email"
    assert pairs[3].why == "Same phone number"


def test_dismissed_pairs_and_a_contact_with_itself_are_never_offered():
    people = [
        person(1, "Ana Ruiz", email="ana@x.org"),
        person(2, "Ana Ruiz", email="ana@x.org"),
        person(3, "Ana Ruiz", email="ana@x.org"),
    ]
    pairs = merging.find_pairs(people, dismissed=[(2, 1)])
    assert [p.ids for p in pairs] == [(1, 3), (2, 3)]
    assert all(p.first_id != p.second_id for p in pairs)


def test_an_address_shared_by_a_whole_team_finds_no_pair():
    people = [person(i, f"Person {i}", email="info@x.org") for i in range(1, 7)]
    assert merging.find_pairs(people) == []


def test_possible_duplicates_reads_the_file_archived_contacts_included(db):
    ids = build_pair(db)
    contacts.set_archived(db, ids["old"], True)
    found = merging.possible_duplicates(db)
    assert [(p["first"]["id"], p["second"]["id"], p["why"]) for p in found] == [
        (ids["kept"], ids["old"], "Same email"),
        (ids["carla"], ids["carla_again"], "Same name and organization"),
    ]
    assert found[0]["second"]["status"] == "archived"


def test_dismiss_keeps_a_pair_out_until_undismissed(db):
    ids = build_pair(db)
    merging.dismiss(db, ids["carla_again"], ids["carla"])
    assert len(merging.possible_duplicates(db)) == 1
    merging.undismiss(db, ids["carla"], ids["carla_again"])
    assert len(merging.possible_duplicates(db)) == 2
    with pytest.raises(merging.MergeError):
        merging.dismiss(db, ids["carla"], ids["carla"])


def test_default_picks_take_the_fuller_value_and_ties_keep_the_kept_one(db):
    ids = build_pair(db)
    kept = contacts.get_contact(db, ids["kept"])
    other = contacts.get_contact(db, ids["old"])
    assert set(merging.differing_fields(kept, other)) == {
        "name",
        "role",
        "organization_id",
        "phone",
        "linkedin_url",
        "how_found",
        "referred_by_id",
        "hook",
    }  # the email differs only in case
    picks = merging.default_picks(kept, other)
    assert picks["name"] == ids["old"]  # "Ana Ruiz-Gómez" is the longer
    assert picks["organization_id"] == ids["old"]  # "Brightline Inc"
    assert picks["hook"] == ids["kept"]  # only the kept one has a hook
    assert picks["role"] == ids["old"]


def test_merged_values_join_notes_and_tags_and_drop_a_referrer_in_the_pair():
    kept = {"id": 1, "name": "Ana", "tags": '["solar"]', "private_notes": "Mornings.",
            "referred_by_id": 2, "status": "archived", "first_known_on": "2025-01-02"}  # fmt: skip
    other = {"id": 2, "name": "Ana Ruiz", "tags": ["linkedin", "Solar"], "private_notes": None,
             "referred_by_id": 9, "status": "active", "first_known_on": "2024-05-06"}  # fmt: skip
    values = merging.merged_values(kept, other, {"name": 2, "referred_by_id": 1})
    assert values["name"] == "Ana Ruiz"
    assert values["referred_by_id"] == 9  # not the other half: who referred that one
    assert json.loads(values["tags"]) == ["solar", "linkedin"]
    assert values["private_notes"] == "Mornings."
    assert values["first_known_on"] == "2024-05-06"
    assert values["status"] == "active" and values["archived_at"] is None


def test_join_notes():
    assert merging.join_notes("A", "B") == "A\n\nB"
    assert merging.join_notes("A", None) == "A"
    assert merging.join_notes(None, "B") == "B"
    assert merging.join_notes("Same", "Same") == "Same"
    assert merging.join_notes("Short", "Short, and more") == "Short, and more"
    assert merging.join_notes("", "") is None


def _pointing_at(db, contact_id: int) -> dict[str, int]:
    found = {}
    for table, column in merging.contact_columns(db):
        if (table, column) == ("merged_contacts", "old_id"):
            continue  # the record of the merge itself
        n = db.execute(f"SELECT count(*) FROM [{table}] WHERE [{column}] = ?", [contact_id])
        count = n.fetchone()[0]
        if count:
            found[f"{table}.{column}"] = count
    return found


def test_contact_columns_cover_every_reference_in_the_schema(db):
    columns = set(merging.contact_columns(db))
    for table in db.table_names():
        for key in db[table].foreign_keys:
            if key.other_table == "contacts":
                assert (table, key.column) in columns
    # Plain ids, no foreign key: every column named for a contact is covered too.
    for table in db.table_names():
        for column in db[table].columns_dict:
            if column == "contact_id" or column.endswith(("_contact_id", "_by_id")):
                assert (table, column) in columns, (table, column)


def test_merge_moves_every_row_pointing_at_the_old_contact(db):
    ids = build_pair(db)
    old, kept = ids["old"], ids["kept"]
    assert _pointing_at(db, old)  # the world has something everywhere
    before = _pointing_at(db, old)
    kept_before = _pointing_at(db, kept)
    merging.merge(db, kept, old, today=TODAY)
    assert _pointing_at(db, old) == {}
    after = _pointing_at(db, kept)
    for key, n in before.items():
        # Everything moved (the sync may add a follow-up of its own).
        assert after.get(key, 0) >= n + kept_before.get(key, 0) - (key == "followups.contact_id")
    assert contacts.get_contact(db, old) is None
    moved = contacts.get_contact(db, kept)
    assert moved["referred_by_id"] == ids["dev"]  # picked: the old one's referrer
    assert contacts.get_contact(db, ids["sam"])["referred_by_id"] == kept
    assert moved["tags"] == ["solar", "linkedin"]
    assert moved["private_notes"] == "Prefers mornings.\n\nMet at the spring meetup."
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_merge_with_picks_and_the_kept_one_referred_by_the_other(db):
    ids = build_pair(db)
    contacts.save_contact(
        db,
        dict(
            contacts.form_values(contacts.get_contact(db, ids["kept"])), referred_by_id=ids["old"]
        ),
        ids["kept"],
    )
    merging.merge(db, ids["kept"], ids["old"], {"name": ids["kept"], "referred_by_id": ids["kept"]})
    kept = contacts.get_contact(db, ids["kept"])
    assert kept["name"] == "Ana Ruiz"
    assert kept["referred_by_id"] == ids["dev"]  # not the half merged into it: who referred that
    assert kept["phone"] is None  # not picked: the kept one's (none)


def test_undo_restores_the_database_exactly(db):
    ids = build_pair(db)
    merging.dismiss(db, ids["old"], ids["ben"])
    before = dump(db)
    undo = merging.merge(db, ids["kept"], ids["old"], today=TODAY)
    assert dump(db) != before
    # Plain data: the page keeps it in the session as JSON.
    merging.unmerge(db, merging.MergeUndo.from_json(undo.as_json()))
    assert dump(db) == before
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    with pytest.raises(merging.UnmergeError):
        merging.unmerge(db, undo)


def test_the_old_id_leads_to_the_kept_contact_until_undone(db):
    ids = build_pair(db)
    assert merging.merged_into(db, ids["old"]) is None
    undo = merging.merge(db, ids["kept"], ids["old"], {"name": ids["kept"]})
    assert merging.merged_into(db, ids["old"]) == {
        "old_name": "Ana Ruiz-Gómez",
        "kept_id": ids["kept"],
        "kept_name": "Ana Ruiz",
    }
    assert undo.what == "Ana Ruiz-Gómez and Ana Ruiz as two contacts"
    merging.unmerge(db, undo)
    assert merging.merged_into(db, ids["old"]) is None


def test_a_merge_into_one_merged_again_leads_all_the_way(db):
    ids = build_pair(db)
    merging.merge(db, ids["kept"], ids["old"])
    merging.merge(db, ids["ben"], ids["kept"])
    assert merging.merged_into(db, ids["old"])["kept_id"] == ids["ben"]
    assert merging.merged_into(db, ids["kept"])["kept_id"] == ids["ben"]


def test_dismissals_of_the_merged_away_contact_hold_for_the_kept_one(db):
    ids = build_pair(db)
    merging.dismiss(db, ids["old"], ids["ben"])
    merging.merge(db, ids["kept"], ids["old"])
    assert merging.dismissed_pairs(db) == {merging.pair_key(ids["kept"], ids["ben"])}


def test_a_merge_refuses_the_same_contact_twice_and_foreign_picks(db):
    ids = build_pair(db)
    with pytest.raises(merging.MergeError):
        merging.merge(db, ids["kept"], ids["kept"])
    with pytest.raises(merging.MergeError):
        merging.merge(db, ids["kept"], ids["old"], {"name": ids["ben"]})
    with pytest.raises(merging.MergeError):
        merging.merge(db, ids["kept"], 999)
    assert contacts.get_contact(db, ids["old"]) is not None


def test_undoing_an_old_import_after_a_merge_keeps_the_merged_person(db):
    # Imported from LinkedIn, then the same person typed by hand and merged into the import's.
    result = importers.apply_import(db, importers.preview(db, parse("linkedin_connections.csv")))
    imported = db.execute(
        "SELECT contact_id FROM import_changes WHERE import_id = ? AND action = 'created' "
        "ORDER BY contact_id LIMIT 1",
        [result.import_id],
    ).fetchone()[0]
    by_hand = contacts.save_contact(db, {"name": "Typed by hand", "hook": "Met at a talk"})
    merging.merge(db, imported, by_hand)
    assert importers.undo_import(db, result.import_id)["removed"] >= 1
    survivor = contacts.get_contact(db, imported)
    assert survivor is not None and survivor["hook"] == "Met at a talk"
    assert not any(tag.startswith("import:") for tag in survivor["tags"])


def test_a_person_the_import_made_twice_goes_with_its_undo(db):
    result = importers.apply_import(db, importers.preview(db, parse("linkedin_connections.csv")))
    first, second = [
        row[0]
        for row in db.execute(
            "SELECT contact_id FROM import_changes WHERE import_id = ? AND action = 'created' "
            "ORDER BY contact_id LIMIT 2",
            [result.import_id],
        )
    ]
    merging.merge(db, first, second)
    importers.undo_import(db, result.import_id)
    assert contacts.get_contact(db, first) is None
    assert _pointing_at(db, second) == {}
