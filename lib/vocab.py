"""Fixed vocabularies, named once. The schema's CHECK constraints and every page use these."""

from __future__ import annotations

HOW_FOUND = {
    "referral": "Referral",
    "alumni": "Alumni network",
    "article": "Article or talk",
    "event": "Event",
    "linkedin": "LinkedIn",
    "cold": "Cold",
}

CONTACT_STATUS = {"active": "Active", "archived": "Archived"}

# Outreach and follow_up are what the researcher sends to ask for a conversation;
# reply is anything from the contact after that.
INTERACTION_KINDS = {
    "outreach": "Outreach sent",
    "follow_up": "Follow-up sent",
    "reply": "Reply received",
    "call": "Call",
    "note": "Note",
    "thank_you": "Thank-you sent",
    "update": "Update sent",
    "keep_in_touch": "Keep-in-touch note",
    # A message the person sent in an exchange already under way (imported from their mail or
    # LinkedIn): a touch, never an outreach.
    "message_sent": "Message sent",
}
OUTREACH_KINDS = ("outreach", "follow_up")
OUTREACH_SQL = ", ".join(f"'{kind}'" for kind in OUTREACH_KINDS)  # for `kind IN (...)`
# Kinds a person logs by hand from a contact's page.
SIMPLE_INTERACTION_KINDS = ("outreach", "follow_up", "reply", "call", "note")

MODES = {"in_person": "In person", "phone": "Phone", "video": "Video", "email": "Email"}

INTEREST = {"yes": "Yes", "maybe": "Maybe", "no": "No"}

TIARA = {
    "trends": "Trends",
    "insights": "Insights",
    "advice": "Advice",
    "resources": "Resources",
    "assignments": "Assignments",
}

ITEM_KINDS = {
    "book": "Book or article",
    "organization": "Professional organization",
    "role": "Alternative role",
    "person": "Person to contact",
    "event": "Event",
    "other": "Other",
}

ITEM_STATUS = {"todo": "To do", "doing": "Doing", "done": "Done", "dropped": "Dropped"}

TASK_KINDS = {
    "thank_you": "Thank-you note",
    "one_month_update": "One-month update",
    "next_contact": "Reach out to someone else there (3B)",
    "follow_up": "Follow up once (7B)",
    "keep_in_touch": "Keep in touch",
}

# The method's shorthand, said in a line wherever it appears (the due list, Home, the
# organizations page).
METHOD_3B7 = (
    "3B7: when an outreach gets no reply in 3 business days, reach out to someone else at that "
    "organization (3B); after 7 business days, follow up once with the first person (7B)."
)
METHOD_LAMP = (
    "LAMP ranks the organizations you might work for: make a **L**ist, then score "
    "**A**dvocacy (do you know someone there?), **M**otivation (how keen are you, 0–3) and "
    "**P**osting (does it advertise work like yours, 1–3)."
)

TASK_STATUS = {"open": "Open", "done": "Done", "skipped": "Skipped", "cancelled": "Cancelled"}

ORG_STATUS = {"active": "Active", "on_hold": "On hold", "ruled_out": "Ruled out"}

PATH_STATUS = {
    "exploring": "Exploring",
    "promising": "Promising",
    "on_hold": "On hold",
    "ruled_out": "Ruled out",
    "chosen": "Chosen",
}

TARGET_MINUTES = 20


def label(vocabulary: dict[str, str], value: str | None) -> str:
    """Return the human label of a stored value, or an empty string."""
    if value is None:
        return ""
    return vocabulary.get(value, value)
