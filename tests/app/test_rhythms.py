"""Keep-in-touch rhythms on the pages: the Contacts list's touch columns and sorting, a
contact's page changing the rhythm, the default and the tags' rhythms on Your data, and
Home's going-cold list."""

from datetime import date

from lib import contacts, conversations, rhythms, store
from lib.rhythms import Rhythm
from tests.support.apptest import button, by_label, markdown_text
from tests.support.days import TODAY


def test_the_list_shows_last_and_next_touch_and_a_next_step_for_everyone(open_page, sample_path):
    at = open_page("pages/contacts.py")
    frame = at.dataframe[0].value
    for column in ("next_step", "last_touch", "next_touch", "touch_words"):
        assert column in frame.columns
    # Every row of the sample says what is next (it read "—" for every row before).
    assert "—" not in set(frame["next_step"])
    ben = frame[frame["name"] == "Ben Lindqvist"].iloc[0]  # last touch Fri 30 Oct, Warm
    assert ben["next_step"] == "Keep in touch"
    assert ben["touch_words"] == "due in 34 days"
    assert ben["next_touch"] == "2026-12-29"


def test_the_list_sorts_by_the_next_touch_date(open_page, sample_path):
    at = open_page("pages/contacts.py")
    by_label(at.selectbox, "Sort by").set_value("next_touch").run()
    frame = at.dataframe[0].value
    dated = frame["next_touch"].dropna()
    assert len(dated) > 5
    assert list(dated) == sorted(dated)  # by the date, not by its words
    # Those with no next touch come after every dated one.
    assert frame["next_touch"].isna().tolist() == sorted(frame["next_touch"].isna().tolist())


def _contact_page(open_page, path, name="Ben Lindqvist"):
    database = store.connect(path)
    contact_id = database.execute("SELECT id FROM contacts WHERE name = ?", [name]).fetchone()[0]
    return open_page("pages/contacts.py", contact=contact_id), contact_id, database


def test_a_contact_page_changes_the_rhythm_and_keeps_what_was_typed(open_page, sample_path):
    at, ben, database = _contact_page(open_page, sample_path)
    text = markdown_text(at)
    assert "**Last touch:** Fri 30 Oct 2026" in text
    assert "due in 34 days" in text
    assert any("Warm: every 60 days, at the latest 90 (the default" in c.value for c in at.caption)
    key = f"contacts_rhythm_{ben}"
    at.selectbox(key=f"{key}_choice").set_value("custom").run()
    at.number_input(key=f"{key}_ideal").set_value(14)
    at.number_input(key=f"{key}_latest").set_value(7)
    button(at, "Save rhythm").click().run()
    assert any("cannot come before the ideal one" in e.value for e in at.error)
    assert at.number_input(key=f"{key}_ideal").value == 14  # kept as typed
    assert at.number_input(key=f"{key}_latest").value == 7
    assert rhythms.contact_rhythm(database, ben) is None  # nothing saved
    at.number_input(key=f"{key}_latest").set_value(21)
    button(at, "Save rhythm").click().run()
    assert rhythms.contact_rhythm(database, ben) == Rhythm(14, 21)
    assert any(
        "Custom: every 14 days, at the latest 21 (set for this person)" in c.value
        for c in at.caption
    )
    assert "Fri 13 Nov 2026" in markdown_text(at)  # 30 Oct + 14 days
    assert ":red[5 days late]" in markdown_text(at)  # latest 20 Nov: said in words and colour


def test_your_data_sets_the_default_and_a_tags_rhythm(open_page, sample_path):
    database = store.connect(sample_path)
    at = open_page("pages/data.py")
    assert any("Default for everyone:** Warm" in m.value for m in at.markdown)
    at.selectbox(key="data_rhythm_choice").set_value("close").run()
    button(at, "Save the default").click().run()
    assert rhythms.default_rhythm(database) == rhythms.PRESETS["close"][1]
    assert any("Default for everyone:** Close" in m.value for m in at.markdown)
    at.selectbox(key="data_tag_rhythm_tag").set_value("data").run()
    at.selectbox(key="data_tag_rhythm_data_choice").set_value("wide").run()
    button(at, "Save the tag's rhythm").click().run()
    assert rhythms.tag_rhythms(database) == {"data": Rhythm(120, 180)}
    assert "Wide: every 120 days, at the latest 180" in set(at.table[0].value["Rhythm"])
    # A custom default out of bounds is refused with a message; the default stays.
    at.selectbox(key="data_rhythm_choice").set_value("custom").run()
    at.number_input(key="data_rhythm_ideal").set_value(0)
    button(at, "Save the default").click().run()
    assert any("from 1 to 3650" in e.value for e in at.error)
    assert rhythms.default_rhythm(database) == rhythms.PRESETS["close"][1]


def test_home_lists_who_is_going_cold_by_their_rhythm(open_page, db_path):
    database = store.open_database(db_path)
    ana = contacts.save_contact(database, {"name": "Ana Lima"})
    ben = contacts.save_contact(database, {"name": "Ben Okoro"})
    for person in (ana, ben):
        conversations.save_conversation(
            database, person, {"held_on": date(2026, 11, 1), "mode": "phone"}, today=TODAY
        )
    cy = contacts.save_contact(database, {"name": "Cy Moreau"})
    conversations.save_conversation(
        database, cy, {"held_on": date(2026, 9, 10), "mode": "phone"}, today=TODAY
    )
    rhythms.set_contact_rhythm(database, ana, Rhythm(14, 20))  # late after 21 Nov
    at = open_page()
    assert any(h.value == "Going cold" for h in at.header)
    text = markdown_text(at)
    assert ":red[4 days late]" in text
    assert ":orange[due now, 14 days left]" in text  # Cy, Warm: due 9 Nov, by 9 Dec
    links = [link.proto.label for link in at.get("page_link")]
    assert "Ana Lima" in links and "Cy Moreau" in links
    assert "Ben Okoro" not in links  # Warm from 1 Nov: not due until 31 Dec
    # The due list says the same: Cy's note is due (not overdue) until its latest day.
    labels = [e.label for e in at.expander]
    assert any(
        "Cy Moreau · due since Mon 9 Nov 2026, by Wed 9 Dec 2026 at the latest" in label
        for label in labels
    ), labels
    assert any("Ana Lima · was due by Sat 21 Nov 2026 (4 days ago)" in label for label in labels)
