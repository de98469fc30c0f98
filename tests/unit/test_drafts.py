from datetime import date
from urllib.parse import parse_qs, unquote, urlsplit

from lib import board, conversations, drafts, followups
from lib.contacts import log_interaction, save_contact
from tests.support.days import TODAY

AMARA = {"name": "Amara Okafor", "role": "Program Manager", "hook": ""}


def test_outreach_leads_with_the_referral_and_asks_for_advice_not_a_job():
    draft = drafts.outreach_draft(AMARA, referred_by="Ben Lindqvist")
    lines = draft.body.split("\n\n")
    assert lines[0] == "Hi Amara,"
    assert lines[1].startswith("My colleague Ben Lindqvist recommended I contact you.")
    assert "20 minutes" in draft.body
    assert "not asking for a job" in draft.body
    assert draft.subject == "Ben Lindqvist suggested I get in touch"
    assert draft.word_count < drafts.OUTREACH_WORD_LIMIT
    assert draft.warnings == []


def test_outreach_turns_an_article_hook_into_an_opening():
    contact = dict(AMARA, hook="Wrote an article on making retrofits affordable for renters.")
    draft = drafts.outreach_draft(contact)
    assert "Hi Amara,\n\nI read your article on making retrofits affordable for renters." in (
        draft.body
    )
    assert draft.warnings == []


def test_hook_sentences():
    assert drafts.hook_sentence("Spoke on the community-solar panel") == (
        "I heard you speak on the community-solar panel."
    )
    assert (
        drafts.hook_sentence("Quoted in the local paper") == "I saw you quoted in the local paper."
    )
    assert drafts.hook_sentence("Runs the volunteer programme.") == (
        "I know of your work: runs the volunteer programme."
    )
    # A name or a word we do not know stays as typed: never "priya says he built…".
    assert drafts.hook_sentence("Priya says he built the first microgrid") == (
        "I know of your work: Priya says he built the first microgrid."
    )
    assert drafts.hook_sentence("Drawdown cited your model") == (
        "I know of your work: Drawdown cited your model."
    )
    assert drafts.hook_sentence("I met you at the AESP dinner") == "I met you at the AESP dinner."
    assert drafts.hook_sentence("  ") == ""


def test_outreach_warns_without_hook_or_referral():
    draft = drafts.outreach_draft(AMARA)
    assert any("No hook and no referral" in w for w in draft.warnings)


def test_outreach_warns_when_over_75_words():
    long_hook = "Wrote an article on " + " ".join(["community energy"] * 20)
    draft = drafts.outreach_draft(dict(AMARA, hook=long_hook), referred_by="Ben")
    assert draft.word_count > 75
    assert any(f"{draft.word_count} words" in w for w in draft.warnings)
    assert not any("No hook" in w for w in draft.warnings)


def test_word_count():
    assert drafts.word_count("Hi Amara,\n\nI'm exploring community-solar work.") == 6
    assert drafts.word_count("") == 0


def test_thank_you_names_a_takeaway():
    conversation = {
        "held_on": "2026-11-20",
        "takeaways": "Grant writing is the skill to build first. Also volunteer.",
        "answers": [{"question_text": "How did you start?", "answer": "Teaching."}],
    }
    draft = drafts.thank_you_draft(AMARA, conversation)
    assert "on Friday, 20 November" in draft.body
    assert "One thing I'm taking away: grant writing is the skill to build first." in draft.body
    assert "Also volunteer" not in draft.body
    assert draft.warnings == []


def test_thank_you_falls_back_to_an_answer_then_warns():
    conversation = {
        "held_on": "2026-11-20",
        "takeaways": "",
        "answers": [{"question_text": "How did you start?", "answer": "Through teaching."}],
    }
    draft = drafts.thank_you_draft(AMARA, conversation)
    assert 'your answer to "How did you start?": Through teaching.' in draft.body
    empty = drafts.thank_you_draft(AMARA, {"held_on": "2026-11-20"})
    assert any("Nothing specific" in w for w in empty.warnings)


def test_update_lists_what_you_did():
    draft = drafts.update_draft(
        AMARA,
        [{"title": "Drawdown", "outcome": "Read it; chapter 3 changed how I see the role"}],
        ["Carmen Reyes"],
        held_on="2026-10-26",
    )
    assert "- Drawdown: read it; chapter 3 changed how I see the role." in draft.body
    assert "- I talked with Carmen Reyes, as you suggested." in draft.body
    assert "anything new" in draft.body
    assert draft.warnings == []
    nothing = drafts.update_draft(AMARA, [], [])
    assert any("marked done" in w for w in nothing.warnings)


def test_mailto_encodes_subject_and_body():
    link = drafts.mailto_link(
        "amara@example.org", "Thanks & more?", "Hi Amara,\n\n50% done; a=b #1"
    )
    parts = urlsplit(link)
    assert parts.scheme == "mailto"
    assert parts.path == "amara@example.org"
    assert " " not in link and "\n" not in link and "&more" not in link
    query = parse_qs(parts.query)
    assert query["subject"] == ["Thanks & more?"]
    assert query["body"] == ["Hi Amara,\r\n\r\n50% done; a=b #1"]
    assert unquote(link).count("&") == 2  # the separator and the one in the subject


def test_mailto_without_an_address():
    assert drafts.mailto_link(None, "S", "B").startswith("mailto:?subject=S&body=B")


# ------------------------------------------------------------------ from the database


def test_update_draft_for_a_task_uses_only_that_contacts_recommendations(db):
    amara = save_contact(db, {"name": "Amara Okafor"})
    other = save_contact(db, {"name": "Other Person"})
    recs = [
        conversations.Recommendation("book", "Drawdown"),
        conversations.Recommendation("event", "Climate meetup"),
        conversations.Recommendation("person", "Carmen Reyes"),
    ]
    conversations.save_conversation(
        db, amara, {"held_on": "2026-10-26", "mode": "video"}, recommendations=recs, today=TODAY
    )
    conversations.save_conversation(
        db,
        other,
        {"held_on": "2026-10-26", "mode": "video"},
        recommendations=[conversations.Recommendation("book", "Someone else's book")],
        today=TODAY,
    )
    items = {r["title"]: r["id"] for r in db.query("SELECT id, title FROM research_items")}
    board.set_status(db, items["Drawdown"], "done", TODAY, done_on=TODAY, outcome="Read it")
    board.set_status(db, items["Someone else's book"], "done", TODAY, done_on=TODAY, outcome="ok")
    carmen = board.make_contact(db, items["Carmen Reyes"], {}, TODAY)
    conversations.save_conversation(db, carmen, {"held_on": "2026-11-10", "mode": "phone"})
    task = db.execute(
        "SELECT id FROM followups WHERE kind = 'one_month_update' AND contact_id = ?", [amara]
    ).fetchone()[0]
    draft = drafts.draft_for_task(db, task)
    assert "- Drawdown: read it." in draft.body
    assert "Climate meetup" not in draft.body  # not done
    assert "Someone else's book" not in draft.body
    assert "I talked with Carmen Reyes" in draft.body


def test_drafts_for_3b7_tasks(db):
    amara = save_contact(db, {"name": "Amara Okafor", "organization": "SolarShare"})
    ben = save_contact(db, {"name": "Ben Lindqvist", "organization": "SolarShare"})
    log_interaction(db, amara, "outreach", "2026-11-20")
    followups.sync_tasks(db, date(2026, 11, 20))
    tasks = dict(db.execute("SELECT kind, id FROM followups").fetchall())
    follow = drafts.draft_for_task(db, tasks["follow_up"])
    assert "my note on Friday, 20 November" in follow.body
    assert drafts.draft_for_task(db, tasks["next_contact"]) is None
    assert [p["name"] for p in drafts.colleagues_to_try(db, amara)] == ["Ben Lindqvist"]
    assert drafts.colleagues_to_try(db, ben) == []  # Amara has been written to


def test_outreach_draft_for_a_referred_contact(db):
    ben = save_contact(db, {"name": "Ben Lindqvist"})
    amara = save_contact(db, {"name": "Amara Okafor", "referred_by_id": ben})
    draft = drafts.draft_for_contact(db, amara)
    assert "My colleague Ben Lindqvist recommended" in draft.body
