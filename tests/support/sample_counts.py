"""The sample's figures, counted by hand from its story (lib/sample_story.py), for TODAY
(tests/support/days.py, a Wednesday). Tests assert against these, never against a count the
code makes, so a change to the story or to a figure's code shows up as a failure.

People (35): PEOPLE lists 35 entries. Caleb Yoon is the one never written to.
Conversations (25): every entry with a "talk": the 35 less Dev Patel, Aiden Clarke, Xin Zhao,
  Tara Nguyen, Caleb Yoon, Kofi Asante, Vera Sokolova, Omar Said, Zoe Fischer and Yara Haddad.
Interactions (103):
  34 outreaches (everyone but Caleb)
  + 3 follow-ups logged (Carmen, Dev, Will)
  + 28 replies (the 25 met, and Aiden, Vera and Omar, who answered but have not talked yet)
  + 24 thank-yous (every conversation but Will's yesterday: his is due today)
  + 14 one-month updates sent (the story's "update" days: Amara, Elena, Quinn, Carmen, Ben,
    Liam, Imani, Kavya, Farid, Jonas, Olivia, Sam, Emeka and Gabriel).
  The 3B prompts closed or skipped log nothing against the contact.
Board: 58 recommendations, of 36 things. Eight things were recommended by several people:
  The Grid 3 (Amara, Ben, Kavya), the program-manager article 3 (Amara, Quinn, Rosa),
  Drawdown 4 (Emeka, Gabriel, Hana, Will), AMIA 3 (Elena, Farid, Olivia), AESP 5 (Liam,
  Kavya, Pablo, Dana, Bianca), the PMI chapter 4 (Carmen, Rosa, Noah, Isaac), the job fair 4
  (Imani, Carmen, Jonas, Gabriel), the meetup 4 (Ben, Sam, Jade, Umar): 30 recommendations;
  plus 3 roles, 19 people and 6 things still to do (Noah's and Jade's books, Isaac's,
  Bianca's and Umar's events, Dana's course), each recommended once: 30 + 28 = 58.
Board columns: to do 7 (those 6 and the Grants manager role), doing 6 (the people written to
  and not met yet: Dev, Kofi, Omar, Zoe, Yara; and Drawdown), done 21, dropped 2 (AMIA and
  Clinical educator, with clinical informatics): 36.
"""

CONTACTS = 35
CONVERSATIONS = 25
INTERACTIONS = 103
RECOMMENDATIONS = 58
THINGS_RECOMMENDED = 36
BOARD_COLUMNS = {"todo": 7, "doing": 6, "done": 21, "dropped": 2}
# One card per thing: a recommendation of something already on the board joins its card.
RESEARCH_ITEMS = THINGS_RECOMMENDED

COUNTS = {
    "contacts": CONTACTS,
    "conversations": CONVERSATIONS,
    "interactions": INTERACTIONS,
    "research_items": RESEARCH_ITEMS,
}

# This week (Mon 23 Nov to TODAY, Wed 25 Nov): Zoe written to on Monday and Yara today;
# Umar met on Monday (thanked Tuesday), Will met yesterday (his thank-you is due today).
THIS_WEEK = {"outreaches": 2, "conversations": 2, "thank_yous": 1}
# Weeks -1, -2 and -3 each meet the goals (4 outreaches, 2 conversations, 2 thank-yous,
# 1 item done); week -4, the job fair's, has 2 outreaches (Will, Maya): the streak is 3, and
# this week, short of 4 outreaches so far, does not add to it yet.
STREAK = 3
LAST_WEEK = {"outreaches": 4, "conversations": 2, "thank_yous": 2}  # Xin, Kofi, Vera, Omar;
# Bianca and Isaac, thanked the day after.

# Due on TODAY: Will's thank-you (met yesterday) and Xin's 7B follow-up (written to last
# Monday: 7 business days on is today). Overdue: Rosa's one-month update (met Tue 20 Oct, due
# Thu 19 Nov, not sent). Later this week: Hana's and Pablo's updates, Kofi's 7B, Zoe's 3B.
DUE_TODAY = {("thank_you", "Will Adeyemi"), ("follow_up", "Xin Zhao")}
OVERDUE = {("one_month_update", "Rosa Delgado")}
MISSED_CALL = "Carmen Reyes"  # scheduled yesterday, not captured yet
COMING_CALL = "Amara Okafor"  # scheduled tomorrow
