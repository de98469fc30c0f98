"""The brief: what it holds, what it leaves out (private notes), and its question trimming."""

from datetime import UTC, date, datetime, time

import pytest

from lib import contacts, conversations, paths, schedule
from lib.formats import brief
from tests.support.days import TODAY

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


def question(qid: int, category: str) -> dict:
    return {"id": qid, "text": f"Question {qid}", "category": category}


def test_questions_trimmed_to_the_planned_length_in_tiara_order():
    categories = ["assignments", "trends", "resources", "advice", "insights", "trends"] * 2
    picked = [question(i, c) for i, c in enumerate(categories, start=1)]
    kept, dropped = brief.fit_questions(picked, 20)
    assert len(kept) == 8 and [q["id"] for q in dropped] == [9, 10, 11, 12]
    # The first eight picked, shown Trends, Insights, Advice, Resources, Assignments.
    assert [q["id"] for q in kept] == [2, 6, 8, 5, 4, 3, 1, 7]
    assert brief.questions_time_text(len(kept)) == "8 questions, about 16–24 minutes"
    assert len(brief.fit_questions(picked, 45)[0]) == 12
    assert brief.questions_time_text(1) == "1 question, about 2–3 minutes"


def test_shorten_cuts_at_a_word():
    assert brief.shorten("one two three four", 12) == "one two…"
    assert brief.shorten("  short\n text ") == "short text"


@pytest.fixture
def world(db):
    """Ben referred Amara and spoke of her; Chidi works with her; a path has an open question."""
    ben = contacts.save_contact(db, {"name": "Ben Lindqvist", "organization": "GridWise"})
    conversations.save_conversation(
        db,
        ben,
        {
            "held_on": "2026-11-10",
            "mode": "video",
            "notes": "Talk to Amara Okafor: she built the community solar programme.",
            "private_notes": "PRIVATE-BEN",
        },
        today=TODAY,
    )
    contacts.log_interaction(
        db, ben, "note", "2026-11-11", "Ben says Amara Okafor hires career changers."
    )
    amara = contacts.save_contact(
        db,
        {
            "name": "Amara Okafor",
            "role": "Program Manager",
            "organization": "Brightline",
            "how_found": "referral",
            "referred_by_id": ben,
            "hook": "Spoke on the <b>community-solar</b> panel at the meetup.",
            "private_notes": "PRIVATE-CONTACT",
        },
    )
    conversations.save_conversation(
        db,
        amara,
        {
            "held_on": "2026-11-12",
            "mode": "phone",
            "takeaways": "Grant writing first.",
            "private_notes": "PRIVATE-TALK",
        },
        today=TODAY,
    )
    chidi = contacts.save_contact(db, {"name": "Chidi Obi", "organization": "Brightline"})
    conversations.save_conversation(
        db,
        chidi,
        {"held_on": "2026-11-03", "mode": "video", "takeaways": "The pace is slow but steady."},
        recommendations=[conversations.Recommendation("book", "The Grid")],
        today=TODAY,
    )
    db.execute("UPDATE organizations SET motivation = 3, posting = 2 WHERE name = 'Brightline'")
    path = paths.create_path(db, {"name": "Community energy program manager"}, today=TODAY)
    paths.add_question(db, path, "Do these roles need a PMP?", today=TODAY)
    bank = [
        r[0] for r in db.execute("SELECT id FROM questions WHERE retired_at IS NULL ORDER BY id")
    ]
    scheduled = schedule.schedule(
        db,
        amara,
        {
            "day": date(2026, 11, 26),
            "time": time(15, 0),
            "mode": "video",
            "place_or_link": "https://meet.example.org/x",
        },
        question_ids=bank[:10],
        path_ids=[path],
        now=NOW,
    )
    return {"amara": amara, "scheduled": scheduled}


def test_brief_holds_who_what_you_know_and_what_to_learn(db, world):
    facts = brief.gather(db, world["amara"], world["scheduled"])
    assert facts["contact"]["how_found"] == "Referral"
    assert facts["referral"]["name"] == "Ben Lindqvist"
    said = [(row["source"], row["text"]) for row in facts["referral"]["said"]]
    assert said == [
        ("In your conversation", "Talk to Amara Okafor: she built the community solar programme."),
        ("In your notes", "Ben says Amara Okafor hires career changers."),
    ]
    assert facts["opening"].startswith("My colleague Ben Lindqvist recommended I contact you.")
    earlier, _ = facts["earlier"]
    assert earlier[0]["takeaways"] == "Grant writing first."
    colleagues, _ = facts["colleagues"]
    assert colleagues[0]["name"] == "Chidi Obi"
    assert colleagues[0]["said"] == "The pace is slow but steady."
    assert facts["lamp"]["text"] == "Advocacy: yes · Motivation 3/3 · Posting 2/3"
    research, _ = facts["research"]
    assert [r["title"] for r in research] == ["The Grid"]
    informed, _ = facts["paths"]
    assert informed[0]["name"] == "Community energy program manager"
    assert [q["text"] for q in informed[0]["questions"]] == ["Do these roles need a PMP?"]
    assert len(facts["questions"]) == 8 and len(facts["questions_dropped"]) == 2
    assert facts["questions_time"] == "8 questions, about 16–24 minutes"
    assert any("one-month update" in line for line in facts["reminders"])
    assert any("20 minutes of advice, not a job" in line for line in facts["reminders"])
    assert facts["scheduled"]["place_or_link"] == "https://meet.example.org/x"


def test_private_notes_only_when_asked_for(db, world):
    hidden = brief.gather(db, world["amara"], world["scheduled"])
    for rendered in (brief.render_html(hidden), brief.render_markdown(hidden)):
        assert "PRIVATE" not in rendered
    shown = brief.gather(db, world["amara"], world["scheduled"], include_private=True)
    html = brief.render_html(shown)
    assert "PRIVATE-CONTACT" in html and "PRIVATE-TALK" in html
    assert "PRIVATE-BEN" not in html  # the referrer's private note does not mention Amara


def test_files_show_user_text_as_text(db, world):
    facts = brief.gather(db, world["amara"], world["scheduled"])
    html = brief.render_html(facts)
    assert "&lt;b&gt;community-solar&lt;/b&gt;" in html and "<b>community" not in html
    assert "@page" in html and "size: auto" in html
    markdown = brief.render_markdown(facts)
    assert "\\<b\\>community\\-solar\\</b\\>" in markdown
    assert markdown.startswith("# Brief: Amara Okafor")
    assert brief.file_name(facts, "html") == "brief-amara-okafor.html"


def test_a_brief_without_a_schedule_uses_the_target_length(db, world):
    facts = brief.gather(db, world["amara"])
    assert facts["scheduled"] is None and facts["planned_minutes"] == 20
    assert facts["questions"] == [] and facts["questions_time"] == "No questions picked yet."
    assert brief.gather(db, 999999) is None


def test_an_outreach_logged_without_text_reads_as_a_whole_line(db, world):
    contacts.log_interaction(db, world["amara"], "outreach", "2026-11-24", "")
    markdown = brief.render_markdown(brief.gather(db, world["amara"], world["scheduled"]))
    line = next(x for x in markdown.splitlines() if "Outreach sent" in x)
    assert line.endswith("Outreach sent"), line
