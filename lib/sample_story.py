"""The sample's story, as data: a physics teacher's ten weeks of field research.

Alex Moreno (the researcher, never a row: it is "you") taught physics for nine years and is
weighing three paths: running community energy programmes (the one that grows promising),
clinical informatics (ruled out once three people say it needs clinical experience) and
energy efficiency advising (an alternative role Jonas Weber suggested in week four).

Days are written as (week, weekday): week 0 is the week holding today, -1 the week before;
weekday 0 is Monday. This week's days are written relative to today instead ("today",
"yesterday", "two days ago", "monday"), so the story always ends on the day it is loaded.
lib/sample.py turns this into rows; tests/unit/test_sample.py counts it by hand.
"""

from __future__ import annotations

ORGANIZATIONS = [
    # name, industry, motivation (0-3), posting (1-3), status
    ("Brightline Community Energy", "Clean energy", 3, 3, "active"),
    ("SolarShare Co-op", "Clean energy", 3, 2, "active"),
    ("City of Riverton Sustainability Office", "Government", 2, 2, "active"),
    ("GridWise Analytics", "Energy software", 2, 3, "active"),
    ("Northside Health", "Healthcare", 2, 2, "active"),
    ("Meridian Clinical Informatics", "Health IT", 3, 1, "active"),
    ("Open Trails Foundation", "Nonprofit", 1, 1, "on_hold"),
    ("Keystone Consulting", "Consulting", 0, 3, "ruled_out"),
    ("Riverton Public Schools", "Education", 1, 1, "active"),
    ("Verde Building Retrofit", "Construction", 2, 2, "active"),
]

# The field a contact works in, from their organization's industry: it picks the answers
# they give to the questions that are not about them alone.
FIELDS = {
    "Clean energy": "energy",
    "Government": "energy",
    "Energy software": "energy",
    "Construction": "energy",
    "Healthcare": "health",
    "Health IT": "health",
    "Nonprofit": "community",
    "Consulting": "community",
    "Education": "community",
}

# Answers to the starter questions that depend on the field, one per field. Questions about
# the person (how they got in, whom to meet, what to read, join or attend, related roles) are
# answered from their own row below.
FIELD_ANSWERS = {
    "What does a typical week look like for you?": {
        "energy": "Two days with partners and residents, a day of site visits, the rest on "
        "budgets and the reports funders ask for.",
        "health": "Mostly with clinical teams: training sessions, fixing build requests in the "
        "record system and a go-live meeting most weeks.",
        "community": "Planning sessions, a lot of email with volunteers and partners, and one "
        "long day a week writing up results.",
    },
    "What are the most difficult parts of this work?": {
        "energy": "Funding arrives in cycles, so projects stop and start; grant reporting eats "
        "about a day a week.",
        "health": "Clinicians are short of time and sceptical of anyone who has not worked on "
        "the floor; change is slow and audited.",
        "community": "Everything depends on goodwill and small budgets; you measure results "
        "that are hard to measure.",
    },
    "What has surprised you most about this field?": {
        "energy": "How much of it is explaining: the technology is the easy part, getting "
        "residents and landlords to sign up is the job.",
        "health": "How little of it is technical: most of my day is listening to nurses and "
        "translating for the vendor.",
        "community": "How often the best programmes come from people who taught before.",
    },
    "What trends are changing this field right now?": {
        "energy": "Federal and state incentives for community solar and heat pumps: programmes "
        "are growing faster than the people to run them.",
        "health": "Every hospital is consolidating on one record system, and AI note-taking "
        "tools are arriving on the wards.",
        "community": "Funders want outcome data, so evaluation skills are in demand.",
    },
    "Where do you see the field heading in the next few years?": {
        "energy": "From pilots to programmes at scale: more jobs coordinating installers, "
        "residents and funders than designing systems.",
        "health": "Fewer new builds and more optimisation and training, mostly hired from "
        "inside the hospitals.",
        "community": "Smaller organizations merging, and more partnerships with the city.",
    },
    "If you were starting out today, what would you do differently?": {
        "energy": "Get one grant written and funded early, even a small one; it opens every "
        "door in programme work.",
        "health": "Work a few years in a clinical role first; it is the ticket in.",
        "community": "Volunteer on one project for a season before applying anywhere.",
    },
    "What project or task would best test whether I would enjoy this work?": {
        "energy": "Volunteer on a subscription drive: sign up twenty households and see if "
        "the follow-up calls still feel good in week three.",
        "health": "Shadow a go-live week as a volunteer super-user, if a hospital will have you.",
        "community": "Run one workshop series end to end, budget and evaluation included.",
    },
}

# The questions answered from the contact's own row (see lib/sample.py _answers).
ABOUT_THEM = "How did you get into your current role?"
WHO_ELSE = "Who else would be good for me to speak with?"
RELATED_ROLES = "Are there related roles that might fit someone with my background better?"
RESOURCE_QUESTIONS = {
    "book": "Are there books or articles I should read about this industry?",
    "organization": "Which professional organizations are active in this field?",
    "event": "Are there events or meetings I should attend?",
}

GRID = "The Grid by Gretchen Bakke"
PM_ARTICLE = "Article: What program managers actually do (Stanford Social Innovation Review)"
DRAWDOWN = "Drawdown, edited by Paul Hawken"
AMIA = "AMIA — American Medical Informatics Association"
AESP = "Association of Energy Services Professionals"
PMI = "Local chapter of the Project Management Institute"
JOB_FAIR = "Regional clean energy job fair"
MEETUP = "Monthly climate tech meetup"
EFFICIENCY = "Energy efficiency advisor"

# Board items other than people: what was done with each, when (None: not yet) and what came
# of it. Several people recommend the same book, organization or event; it is one thing.
ITEMS = {
    GRID: (
        "done",
        (-6, 6),
        "Read it: the grid is run by people balancing it hour by hour, "
        "and programme staff are the ones who explain that to residents.",
    ),
    PM_ARTICLE: (
        "done",
        (-8, 1),
        "Read it: most of the job is partners, budgets and "
        "reporting, which is most of what I did running the science department.",
    ),
    DRAWDOWN: ("doing", None, None),
    AMIA: ("dropped", None, None),
    AESP: (
        "done",
        (-5, 2),
        "Joined as a student member; the member directory led me to "
        "Verde's advisors and two more names.",
    ),
    PMI: (
        "done",
        (-3, 3),
        "Went to the November chapter meeting; a CAPM is a cheap start "
        "and grant experience matters more than the PMP.",
    ),
    JOB_FAIR: (
        "done",
        (-4, 5),
        "Went on {day}: met Dana Kowalski and Noah Mensah there; both agreed to a call.",
    ),
    MEETUP: (
        "done",
        (-5, 2),
        "Went on {day}: met Hana Sato there, who coordinates Brightline's installs.",
    ),
    "Clinical educator": ("dropped", None, None),
    "Grants manager": ("todo", None, None),
    EFFICIENCY: (
        "done",
        (-6, 1),
        "Looked into it: closer to teaching than I expected; made it a path to explore.",
    ),
}

# Each person, in the order they were found. A "talk" is the conversation held with them.
# reply None: never answered; follow: the one 7B follow-up; skip_3b: why the 3B prompt
# (write to someone else there) was let go; thanks/update: the day sent, "open" when not yet.
PEOPLE = [
    {
        "name": "Amara Okafor",
        "role": "Program Manager, Community Solar",
        "org": "Brightline Community Energy",
        "how": "event",
        "hook": "Spoke on the community-solar panel at the spring energy meetup.",
        "why": "Asked for 20 minutes on how she moved into running community solar programmes.",
        "tags": ["energy", "warm"],
        "found": (-9, 0),
        "out": (-9, 0),
        "reply": (-9, 1),
        "talk": {
            "day": (-9, 3),
            "mode": "video",
            "minutes": 25,
            "interest": "yes",
            "path_in": "Ran a tenants' association, then a city weatherisation drive; "
            "Brightline hired her to coordinate subscribers and she grew the programme.",
            "recs": [
                ("book", GRID, ""),
                ("book", PM_ARTICLE, ""),
                ("person", "Kavya Rao", "Ask her how grant reporting really works."),
                ("person", "Jonas Weber", "Runs retrofits; knows the installers."),
            ],
            "notes": "Subscriber coordination is half the job: sign-ups, billing questions, "
            "landlords. She hires for patience and clear explaining over energy degrees.",
            "takeaway": "Explaining a programme to residents is teaching by another name.",
            "update": (-5, 4),
        },
    },
    {
        "name": "Elena Petrova",
        "role": "Clinical Informatics Specialist",
        "org": "Meridian Clinical Informatics",
        "how": "alumni",
        "hook": "Studied physics at my university; moved from lab science into informatics.",
        "why": "Asked how a science graduate finds a way into clinical informatics.",
        "tags": ["health"],
        "found": (-9, 0),
        "out": (-9, 0),
        "reply": (-9, 2),
        "talk": {
            "day": (-8, 1),
            "mode": "video",
            "minutes": 20,
            "interest": "maybe",
            "alt": "Clinical educator",
            "path_in": "Lab scientist at a hospital for six years; volunteered as a super-user "
            "in a records go-live and was asked to stay on the informatics team.",
            "recs": [
                ("organization", AMIA, ""),
                ("person", "Farid Haddad", "A nurse who moved into informatics."),
                ("role", "Clinical educator", "Hospitals hire teachers to train staff."),
            ],
            "notes": "Everyone on her team came from inside a hospital. Training clinicians "
            "is the part closest to teaching, and the least valued.",
            "takeaway": "Check whether there is any way in without clinical experience.",
            "update": (-4, 3),
        },
    },
    {
        "name": "Quinn Harper",
        "role": "Curriculum Designer",
        "org": "Riverton Public Schools",
        "how": "alumni",
        "hook": "Trained as a teacher in my cohort; left the classroom for curriculum design.",
        "why": "Asked what leaving the classroom was like, as one teacher to another.",
        "tags": ["teaching-background", "warm"],
        "found": (-9, 1),
        "out": (-9, 1),
        "reply": (-9, 2),
        "talk": {
            "day": (-9, 4),
            "mode": "in_person",
            "minutes": 35,
            "interest": "yes",
            "path_in": "Taught English for seven years, wrote the district's new reading "
            "units on the side, and applied when the curriculum office opened a post.",
            "recs": [
                ("book", PM_ARTICLE, ""),
                ("person", "Rosa Delgado", "Runs programmes at a nonprofit; ex-teacher too."),
            ],
            "notes": "Leaving took two years of side projects. The salary dipped for a year. "
            "Teachers undersell planning, budgeting and running a room.",
            "takeaway": "List the programme work I already did as a teacher, with numbers.",
            "update": (-4, 0),
        },
    },
    {
        "name": "Carmen Reyes",
        "role": "Sustainability Coordinator",
        "org": "City of Riverton Sustainability Office",
        "how": "article",
        "hook": "Quoted in the Riverton Courier on the city's climate plan.",
        "why": "Asked how the city's climate plan turns into programmes, and who runs them.",
        "tags": ["government", "energy"],
        "found": (-9, 2),
        "out": (-9, 2),
        "follow": (-8, 2),
        "reply": (-7, 0),
        "talk": {
            "day": (-7, 2),
            "mode": "phone",
            "minutes": 20,
            "interest": "yes",
            "path_in": "Started as a planning intern, wrote the city's first emissions "
            "inventory and has coordinated its climate programmes since.",
            "recs": [
                ("event", JOB_FAIR, ""),
                ("organization", PMI, ""),
            ],
            "notes": "The city runs programmes through partners; the coordinator's job is "
            "contracts, reporting and public meetings. Hiring follows the budget year.",
            "takeaway": "City jobs open in spring with the budget: be ready by March.",
            "update": (-3, 4),
        },
    },
    {
        "name": "Ben Lindqvist",
        "role": "Energy Analyst",
        "org": "GridWise Analytics",
        "how": "linkedin",
        "hook": "Posts about demand-response pilots on LinkedIn.",
        "why": "Asked what an energy analyst does day to day, and who the analysis is for.",
        "tags": ["energy", "data"],
        "found": (-9, 3),
        "out": (-9, 3),
        "reply": (-8, 0),
        "talk": {
            "day": (-8, 3),
            "mode": "video",
            "minutes": 20,
            "interest": "maybe",
            "path_in": "Did a physics degree, then a data bootcamp; started on the "
            "utility's load-forecasting team and moved to GridWise two years ago.",
            "recs": [
                ("book", GRID, ""),
                ("event", MEETUP, ""),
                ("person", "Dev Patel", "Product side; knows the programme people."),
            ],
            "notes": "Analysis is mostly cleaning meter data and explaining charts to "
            "programme teams. He likes it; I would miss working with people.",
            "takeaway": "Analysis is a desk job: the programme side suits me better.",
            "update": (-4, 4),
        },
    },
    {
        "name": "Liam O'Connor",
        "role": "Engagement Manager",
        "org": "Keystone Consulting",
        "how": "cold",
        "hook": "",
        "why": "Asked whether consulting is a way into energy programmes.",
        "tags": [],
        "private": "Seemed rushed; keep the follow-up short.",
        "found": (-9, 4),
        "out": (-9, 4),
        "reply": (-8, 4),
        "talk": {
            "day": (-7, 1),
            "mode": "phone",
            "minutes": 15,
            "interest": "no",
            "path_in": "Joined from business school and has stayed; energy is one client "
            "sector among many.",
            "recs": [("organization", AESP, "")],
            "notes": "Consulting wants sixty-hour weeks and a business degree; the energy "
            "work is short projects for utilities, not running programmes.",
            "takeaway": "Consulting is not the way in for me: cross Keystone off.",
            "update": (-3, 3),
        },
    },
    {
        "name": "Imani Brooks",
        "role": "Policy Advisor",
        "org": "City of Riverton Sustainability Office",
        "how": "linkedin",
        "hook": "Wrote the city's climate-plan summary for residents.",
        "why": "Carmen had not answered yet: asked Imani how the city staffs its programmes.",
        "tags": ["government"],
        "found": (-8, 0),
        "out": (-8, 0),
        "reply": (-8, 1),
        "talk": {
            "day": (-8, 4),
            "mode": "video",
            "minutes": 20,
            "interest": "yes",
            "path_in": "Taught civics for four years, then a policy master's; joined the "
            "city to write the climate plan.",
            "recs": [
                ("event", JOB_FAIR, ""),
                ("person", "Emeka Obi", "The city's climate fellow; started this year."),
            ],
            "notes": "Another ex-teacher. The city values people who can run a public "
            "meeting and write plainly; policy roles want a master's.",
            "takeaway": "Running a public meeting is a skill I can show from parents' evenings.",
            "update": (-3, 0),
        },
    },
    {
        "name": "Kavya Rao",
        "role": "Grants Manager",
        "org": "SolarShare Co-op",
        "how": "referral",
        "ref": "Amara Okafor",
        "hook": "Amara Okafor said to ask her how grant reporting really works.",
        "why": "Amara's referral: asked about the grants behind community solar.",
        "tags": ["energy", "nonprofit"],
        "found": (-9, 3),
        "out": (-8, 0),
        "reply": (-8, 1),
        "talk": {
            "day": (-7, 0),
            "mode": "video",
            "minutes": 30,
            "interest": "yes",
            "alt": "Grants manager",
            "path_in": "Volunteer treasurer of the co-op, then its first paid grant writer "
            "when the state programme opened.",
            "recs": [
                ("book", GRID, ""),
                ("organization", AESP, ""),
                ("role", "Grants manager", "Every programme needs one."),
                ("person", "Gabriel Costa", "On SolarShare's board; knows everyone."),
            ],
            "notes": "Grant reporting is a day a week in every programme job. A small "
            "funded grant on a CV is worth more than a certificate.",
            "takeaway": "Write one small grant this winter, even for the school garden.",
            "update": (-3, 2),
        },
    },
    {
        "name": "Farid Haddad",
        "role": "Nurse Informaticist",
        "org": "Northside Health",
        "how": "referral",
        "ref": "Elena Petrova",
        "hook": "Elena Petrova's colleague; moved from nursing into informatics.",
        "why": "Elena's referral: asked whether informatics is open to non-clinicians.",
        "tags": ["health"],
        "found": (-8, 1),
        "out": (-8, 2),
        "reply": (-8, 3),
        "talk": {
            "day": (-7, 3),
            "mode": "phone",
            "minutes": 20,
            "interest": "no",
            "alt": "EHR trainer",
            "path_in": "Ten years as a ward nurse, then a certificate in informatics; the "
            "hospital moved him across during its records migration.",
            "recs": [
                ("organization", AMIA, ""),
                ("person", "Olivia Martins", "Trains staff on the records system."),
            ],
            "notes": "Honest: without clinical experience the informatics posts are out of "
            "reach; trainer roles are the one door, and they pay less than teaching.",
            "takeaway": "Clinical informatics needs the clinical part; put it on hold.",
            "update": (-3, 4),
        },
    },
    {
        "name": "Jonas Weber",
        "role": "Retrofit Project Lead",
        "org": "Verde Building Retrofit",
        "how": "referral",
        "ref": "Amara Okafor",
        "hook": "Amara Okafor said he knows every installer in Riverton.",
        "why": "Amara's referral: asked how retrofit programmes reach renters.",
        "tags": ["energy"],
        "found": (-9, 3),
        "out": (-8, 3),
        "reply": (-8, 4),
        "talk": {
            "day": (-6, 1),
            "mode": "in_person",
            "minutes": 25,
            "interest": "maybe",
            "alt": EFFICIENCY,
            "path_in": "Carpenter first, then building-science certification; he now leads "
            "Verde's retrofit crews and its renters' programme.",
            "recs": [
                ("event", JOB_FAIR, ""),
                ("role", EFFICIENCY, "Home visits, explaining the audit to owners."),
                ("person", "Pablo Suárez", "Does the home audits; ex-teacher."),
            ],
            "notes": "Site work, crews and tight budgets. He thinks I would like advising "
            "more than managing: it is one household at a time, explaining the audit.",
            "takeaway": "Energy efficiency advising could fit: a new path to look at.",
            "update": (-2, 2),
        },
    },
    {
        "name": "Rosa Delgado",
        "role": "Director of Programs",
        "org": "Open Trails Foundation",
        "how": "referral",
        "ref": "Quinn Harper",
        "hook": "Quinn Harper's friend; went from teaching to programme management.",
        "why": "Quinn's referral: asked what a director of programmes does all week.",
        "tags": ["nonprofit", "teaching-background"],
        "found": (-9, 4),
        "out": (-7, 0),
        "reply": (-7, 3),
        "talk": {
            "day": (-5, 1),
            "mode": "video",
            "minutes": 20,
            "interest": "maybe",
            "path_in": "Taught biology, ran the school's outdoor programme, then joined "
            "Open Trails as its first programme coordinator.",
            "recs": [
                ("book", PM_ARTICLE, ""),
                ("organization", PMI, ""),
                ("person", "Will Adeyemi", "Runs volunteers; always needs help."),
            ],
            "notes": "Programme management is the same job in every field: partners, "
            "budgets, reports. Pick the field you care about; the skills travel.",
            "takeaway": "Pick energy for the cause; the programme skills are mine already.",
            "update": "open",
        },
    },
    {
        "name": "Dev Patel",
        "role": "Product Manager",
        "org": "GridWise Analytics",
        "how": "referral",
        "ref": "Ben Lindqvist",
        "hook": "Ben Lindqvist said he works with the programme teams.",
        "why": "Ben's referral: asked how product people work with energy programmes.",
        "tags": ["energy", "data"],
        "private": "Seemed rushed; keep the follow-up short.",
        "found": (-8, 3),
        "out": (-7, 1),
        "follow": (-6, 3),
    },
    {
        "name": "Olivia Martins",
        "role": "EHR Trainer",
        "org": "Northside Health",
        "how": "referral",
        "ref": "Farid Haddad",
        "hook": "Farid Haddad said she trains every new nurse on the records system.",
        "why": "Farid's referral: asked what a records trainer's day is like.",
        "tags": ["health", "teaching-background"],
        "found": (-7, 3),
        "out": (-7, 4),
        "reply": (-6, 1),
        "talk": {
            "day": (-6, 3),
            "mode": "video",
            "minutes": 20,
            "interest": "no",
            "path_in": "A ward clerk who became the go-to person for the records system; "
            "trained others, and the hospital made it her job.",
            "recs": [("organization", AMIA, "")],
            "notes": "Trainer posts are few and go to people from inside the hospital. The "
            "pay is below a teacher's. She enjoys it but would not advise it as a way in.",
            "takeaway": "Three people agree: clinical informatics is closed to me for now.",
            "update": (-2, 4),
        },
    },
    {
        "name": "Sam Whitfield",
        "role": "Solutions Engineer",
        "org": "GridWise Analytics",
        "how": "linkedin",
        "hook": "Presented GridWise's community-solar dashboard at the Riverton meetup.",
        "why": "No word from Dev: asked Sam how GridWise's tools are used in programmes.",
        "tags": ["energy", "data"],
        "found": (-7, 4),
        "out": (-7, 4),
        "reply": (-6, 0),
        "talk": {
            "day": (-6, 4),
            "mode": "video",
            "minutes": 20,
            "interest": "maybe",
            "path_in": "Taught maths at a community college, learned to code, and now sets "
            "up GridWise for utilities and co-ops.",
            "recs": [("event", MEETUP, "")],
            "notes": "Half his job is training customers' programme staff on the dashboard; "
            "the customers he likes are the co-ops.",
            "takeaway": "Co-ops are where the friendly, small programme teams are.",
            "update": (-2, 3),
        },
    },
    {
        "name": "Emeka Obi",
        "role": "Climate Fellow",
        "org": "City of Riverton Sustainability Office",
        "how": "referral",
        "ref": "Imani Brooks",
        "hook": "Imani Brooks said he started the city's climate fellowship this year.",
        "why": "Imani's referral: asked how the fellowship works and who it takes.",
        "tags": ["government", "energy"],
        "found": (-8, 4),
        "out": (-6, 0),
        "reply": (-6, 2),
        "talk": {
            "day": (-5, 0),
            "mode": "in_person",
            "minutes": 20,
            "interest": "yes",
            "path_in": "Left a logistics job for the city's one-year climate fellowship; "
            "runs the heat-pump rebate outreach.",
            "recs": [
                ("book", DRAWDOWN, ""),
                ("person", "Isaac Bell", "Runs the city's green-jobs training."),
            ],
            "notes": "The fellowship takes career changers and pays a modest salary for a "
            "year; applications open in February.",
            "takeaway": "Apply for the city's climate fellowship in February.",
            "update": (-1, 2),
        },
    },
    {
        "name": "Gabriel Costa",
        "role": "Board Member",
        "org": "SolarShare Co-op",
        "how": "referral",
        "ref": "Kavya Rao",
        "hook": "Kavya Rao said he has sat on SolarShare's board since it began.",
        "why": "Kavya's referral: asked what co-op boards look for in programme staff.",
        "tags": ["energy", "warm"],
        "found": (-7, 0),
        "out": (-6, 1),
        "reply": (-6, 4),
        "talk": {
            "day": (-5, 3),
            "mode": "in_person",
            "minutes": 20,
            "interest": "yes",
            "path_in": "Retired electrical engineer; founded the co-op with neighbours and "
            "has chaired its hiring ever since.",
            "recs": [
                ("book", DRAWDOWN, ""),
                ("event", JOB_FAIR, ""),
                ("person", "Maya Cohen", "SolarShare's organizer; ask about sign-up drives."),
                ("person", "Jade Morgan", "Does SolarShare's outreach campaigns."),
            ],
            "notes": "Co-op boards hire for trust with members. A volunteer season with the "
            "co-op is the best interview there is.",
            "takeaway": "Volunteer on SolarShare's spring sign-up drive.",
            "update": (-1, 4),
        },
    },
    {
        "name": "Pablo Suárez",
        "role": "Energy Efficiency Advisor",
        "org": "Verde Building Retrofit",
        "how": "referral",
        "ref": "Jonas Weber",
        "hook": "Jonas Weber said he taught science before doing home energy audits.",
        "why": "Jonas's referral: asked what advising households is like after teaching.",
        "tags": ["energy", "teaching-background"],
        "found": (-6, 1),
        "out": (-6, 2),
        "reply": (-6, 3),
        "talk": {
            "day": (-4, 2),
            "mode": "phone",
            "minutes": 25,
            "interest": "yes",
            "path_in": "Taught middle-school science for six years, took the building-"
            "analyst certification over a summer, and Verde hired him that autumn.",
            "recs": [
                ("organization", AESP, ""),
                ("person", "Bianca Rossi", "Trains Verde's new advisors."),
            ],
            "notes": "Each visit is an hour of explaining a house to its owner: pure "
            "teaching. The certification takes a summer; the pay matches a teacher's.",
            "takeaway": "The building-analyst certification is a summer's work: price it.",
            "update": "open",
        },
    },
    {
        "name": "Hana Sato",
        "role": "Project Coordinator",
        "org": "Brightline Community Energy",
        "how": "event",
        "hook": "Met at the monthly climate tech meetup; coordinates Brightline's installs.",
        "why": "Met at the meetup: asked to hear more about coordinating installs.",
        "tags": ["energy"],
        "found": (-5, 2),
        "out": (-5, 3),
        "reply": (-5, 4),
        "talk": {
            "day": (-4, 1),
            "mode": "video",
            "minutes": 20,
            "interest": "yes",
            "path_in": "Was a primary-school teaching assistant, joined Brightline's call "
            "centre, and now schedules every install.",
            "recs": [
                ("book", DRAWDOWN, ""),
                ("person", "Kofi Asante", "Runs Brightline's door-to-door outreach."),
            ],
            "notes": "Coordinators are promoted to programme managers within two years at "
            "Brightline; they hire from the call centre and from volunteers.",
            "takeaway": "A coordinator job is a real way in; ask Brightline about openings.",
            "update": "open",
        },
    },
    {
        "name": "Will Adeyemi",
        "role": "Volunteer Manager",
        "org": "Open Trails Foundation",
        "how": "referral",
        "ref": "Rosa Delgado",
        "hook": "Rosa Delgado said he runs Open Trails' volunteers.",
        "why": "Rosa's referral: asked how volunteering leads to programme work.",
        "tags": ["nonprofit"],
        "found": (-5, 1),
        "out": (-4, 0),
        "follow": (-3, 2),
        "reply": (-2, 0),
        "talk": {
            "day": "yesterday",
            "mode": "video",
            "minutes": 20,
            "interest": "maybe",
            "path_in": "Volunteered on trail days through university and was hired to run "
            "them; now manages two hundred volunteers.",
            "recs": [("book", DRAWDOWN, "")],
            "notes": "Volunteer programmes are where nonprofits try people out. He would "
            "take me on for the spring season.",
            "takeaway": "A spring volunteer season is a low-risk test of programme work.",
            "thanks": "open",
        },
    },
    {
        "name": "Dana Kowalski",
        "role": "Facilities Energy Manager",
        "org": "Riverton Public Schools",
        "how": "event",
        "hook": "Met at the Regional clean energy job fair; runs energy for the district.",
        "why": "Met at the job fair: asked how a school district manages its energy.",
        "tags": ["energy", "teaching-background"],
        "found": (-4, 5),
        "out": (-3, 0),
        "reply": (-3, 1),
        "talk": {
            "day": (-3, 3),
            "mode": "phone",
            "minutes": 20,
            "interest": "yes",
            "path_in": "Facilities engineer for the district; took on its energy contracts "
            "when the solar roofs went in and made it a job.",
            "recs": [
                ("organization", AESP, ""),
                ("other", "BPI Building Analyst course", "The certification advisors need."),
            ],
            "notes": "The district wants someone to teach students and staff about its solar "
            "roofs: a programme job inside the schools, funded by the energy savings.",
            "takeaway": "A district energy educator post may open next year: stay in touch.",
            "update": "open",
        },
    },
    {
        "name": "Noah Mensah",
        "role": "Operations Lead",
        "org": "Brightline Community Energy",
        "how": "event",
        "hook": "Met at the Regional clean energy job fair; runs Brightline's operations.",
        "why": "Met at the job fair: asked how Brightline's programme team is organised.",
        "tags": ["energy"],
        "found": (-4, 5),
        "out": (-3, 0),
        "reply": (-3, 3),
        "talk": {
            "day": (-2, 1),
            "mode": "video",
            "minutes": 20,
            "interest": "yes",
            "path_in": "Ran a warehouse for years; joined Brightline to fix its install "
            "scheduling and now runs operations.",
            "recs": [
                ("person", "Zoe Fischer", "Evaluates Brightline's programmes."),
                ("organization", PMI, ""),
                ("book", "Energy Democracy, edited by Denise Fairchild and Al Weinrub", ""),
            ],
            "notes": "Brightline will hire two coordinators in spring. They look for people "
            "who can run a schedule and calm an unhappy customer.",
            "takeaway": "Brightline hires coordinators in spring: apply in March.",
            "update": "open",
        },
    },
    {
        "name": "Maya Cohen",
        "role": "Community Organizer",
        "org": "SolarShare Co-op",
        "how": "referral",
        "ref": "Gabriel Costa",
        "hook": "Gabriel Costa said she runs SolarShare's sign-up drives.",
        "why": "Gabriel's referral: asked how sign-up drives are run.",
        "tags": ["energy", "nonprofit"],
        "found": (-5, 3),
        "out": (-4, 2),
        "reply": (-4, 3),
        "talk": {
            "day": (-3, 1),
            "mode": "in_person",
            "minutes": 40,
            "interest": "yes",
            "path_in": "Organised tenants for a housing charity, then brought the same door-"
            "knocking to SolarShare's first sign-up drive.",
            "recs": [("person", "Umar Farouk", "Runs the drive's field teams.")],
            "notes": "Sign-up drives are planning, training volunteers and a lot of "
            "follow-up calls. She would have me lead a street team in spring.",
            "takeaway": "Lead a street team on the spring drive: a real test of the work.",
            "update": "open",
        },
    },
    {
        "name": "Jade Morgan",
        "role": "Communications Manager",
        "org": "SolarShare Co-op",
        "how": "referral",
        "ref": "Gabriel Costa",
        "hook": "Gabriel Costa said she writes SolarShare's outreach campaigns.",
        "why": "Gabriel's referral: asked how the co-op explains solar to its members.",
        "tags": ["energy"],
        "found": (-5, 3),
        "out": (-3, 1),
        "reply": (-3, 2),
        "talk": {
            "day": (-2, 3),
            "mode": "video",
            "minutes": 20,
            "interest": "maybe",
            "path_in": "Reporter at the Riverton Courier until it cut staff; joined the co-op "
            "to write its member newsletter.",
            "recs": [
                ("event", MEETUP, ""),
                ("book", "Made to Stick by Chip Heath and Dan Heath", ""),
            ],
            "notes": "Communications is a small team of one; she works closely with "
            "programmes. Plain explaining is the whole job.",
            "takeaway": "My lesson-planning is content planning: say so in applications.",
            "update": "open",
        },
    },
    {
        "name": "Aiden Clarke",
        "role": "Account Executive",
        "org": "GridWise Analytics",
        "how": "linkedin",
        "hook": "Sells GridWise's tools to co-ops in the region.",
        "why": "Asked how co-ops decide to start a new programme.",
        "tags": ["energy"],
        "found": (-3, 4),
        "out": (-2, 0),
        "reply": (-2, 2),
        "reply_text": "Busy until the new year; happy to talk in January.",
    },
    {
        "name": "Bianca Rossi",
        "role": "Training Coordinator",
        "org": "Verde Building Retrofit",
        "how": "referral",
        "ref": "Pablo Suárez",
        "hook": "Pablo Suárez said she trains Verde's new advisors.",
        "why": "Pablo's referral: asked how Verde trains new energy advisors.",
        "tags": ["energy", "teaching-background"],
        "found": (-4, 2),
        "out": (-2, 0),
        "reply": (-2, 1),
        "talk": {
            "day": (-1, 1),
            "mode": "video",
            "minutes": 25,
            "interest": "yes",
            "path_in": "Taught adult education, then wrote Verde's advisor training; now "
            "runs it for every new hire.",
            "recs": [
                ("organization", AESP, ""),
                ("person", "Omar Said", "Coaches homeowners after their audits."),
                ("event", "Verde's spring trainee open day", "Bring questions about the intake."),
            ],
            "notes": "Verde pays for the certification of people it hires as trainees; she "
            "would rather hire a teacher than an engineer.",
            "takeaway": "Verde trains its own advisors: ask about the spring trainee intake.",
            "update": "open",
        },
    },
    {
        "name": "Isaac Bell",
        "role": "Workforce Development Lead",
        "org": "City of Riverton Sustainability Office",
        "how": "referral",
        "ref": "Emeka Obi",
        "hook": "Emeka Obi said he runs the city's green-jobs training.",
        "why": "Emeka's referral: asked which green jobs the city trains people for.",
        "tags": ["government", "energy"],
        "found": (-5, 0),
        "out": (-2, 1),
        "reply": (-2, 2),
        "talk": {
            "day": (-1, 3),
            "mode": "phone",
            "minutes": 20,
            "interest": "yes",
            "path_in": "Ran a community college's trades programme, then joined the city to "
            "build its green-jobs pipeline.",
            "recs": [
                ("organization", PMI, ""),
                ("event", "City green-jobs information night", "First Thursday of the month."),
                ("person", "Yara Haddad", "The city's community liaison for the rebates."),
            ],
            "notes": "Energy advisor and programme coordinator are the two roles with the "
            "most openings in the region; both hire career changers.",
            "takeaway": "Both of my energy paths have openings: decide by spring.",
            "update": "open",
        },
    },
    {
        "name": "Xin Zhao",
        "role": "UX Researcher",
        "org": "GridWise Analytics",
        "how": "linkedin",
        "hook": "Wrote a post on how residents read their energy bills.",
        "why": "Asked how residents understand community solar bills.",
        "tags": ["energy", "data"],
        "found": (-1, 0),
        "out": (-1, 0),
        "skip_3b": "Already talked with Ben and Sam at GridWise.",
    },
    {
        "name": "Umar Farouk",
        "role": "Field Coordinator",
        "org": "SolarShare Co-op",
        "how": "referral",
        "ref": "Maya Cohen",
        "hook": "Maya Cohen said he runs the sign-up drive's field teams.",
        "why": "Maya's referral: asked what leading a field team involves.",
        "tags": ["energy", "nonprofit"],
        "found": (-3, 1),
        "out": (-2, 3),
        "reply": (-1, 0),
        "talk": {
            "day": "two days ago",
            "mode": "in_person",
            "minutes": 20,
            "interest": "yes",
            "path_in": "Joined as a door-knocking volunteer three seasons ago; the co-op "
            "hired him to run the field teams.",
            "recs": [
                ("event", MEETUP, ""),
                ("event", "SolarShare volunteer training", "Saturday mornings in March."),
            ],
            "notes": "Field teams are four volunteers and a script; the coordinator trains "
            "them on Saturday mornings. He will put me on the spring roster.",
            "takeaway": "On the spring roster as a street-team lead.",
            "thanks": "yesterday, this week",
        },
    },
    {
        "name": "Tara Nguyen",
        "role": "Health Data Analyst",
        "org": "Meridian Clinical Informatics",
        "how": "linkedin",
        "hook": "Meridian's data team; posts about hospital dashboards.",
        "why": "Asked how hospital data teams hire.",
        "tags": ["health", "data"],
        "found": (-6, 2),
        "out": (-3, 4),
        "skip_3b": "Clinical informatics is on hold.",
        "skip_7b": "Clinical informatics is on hold; letting this one go.",
    },
    {
        "name": "Caleb Yoon",
        "role": "Implementation Consultant",
        "org": "Meridian Clinical Informatics",
        "how": "alumni",
        "hook": "Same university; implements records systems for Meridian's clients.",
        "why": "",
        "tags": ["health"],
        "found": (-5, 4),
    },
    {
        "name": "Kofi Asante",
        "role": "Outreach Coordinator",
        "org": "Brightline Community Energy",
        "how": "referral",
        "ref": "Hana Sato",
        "hook": "Hana Sato said he runs Brightline's door-to-door outreach.",
        "why": "Hana's referral: asked how Brightline signs up renters.",
        "tags": ["energy"],
        "found": (-4, 1),
        "out": (-1, 1),
    },
    {
        "name": "Vera Sokolova",
        "role": "Program Associate",
        "org": "SolarShare Co-op",
        "how": "linkedin",
        "hook": "Joined SolarShare this year from a teaching job.",
        "why": "Asked what her first year after teaching was like.",
        "tags": ["energy", "teaching-background"],
        "found": (-1, 2),
        "out": (-1, 2),
        "reply": (-1, 4),
        "reply_text": "Happy to talk after the holidays.",
    },
    {
        "name": "Omar Said",
        "role": "Energy Coach",
        "org": "Verde Building Retrofit",
        "how": "referral",
        "ref": "Bianca Rossi",
        "hook": "Bianca Rossi said he coaches homeowners after their audits.",
        "why": "Bianca's referral: asked what an energy coach does after the audit.",
        "tags": ["energy"],
        "found": (-1, 1),
        "out": (-1, 3),
        "reply": (-1, 4),
        "reply_text": "Glad to; could we talk in two weeks?",
    },
    {
        "name": "Zoe Fischer",
        "role": "Program Evaluator",
        "org": "Brightline Community Energy",
        "how": "referral",
        "ref": "Noah Mensah",
        "hook": "Noah Mensah said she measures how Brightline's programmes do.",
        "why": "Noah's referral: asked how Brightline measures its programmes.",
        "tags": ["energy", "data"],
        "found": (-2, 1),
        "out": "monday",
    },
    {
        "name": "Yara Haddad",
        "role": "Community Liaison",
        "org": "City of Riverton Sustainability Office",
        "how": "referral",
        "ref": "Isaac Bell",
        "hook": "Isaac Bell said she takes the city's rebates to residents.",
        "why": "Isaac's referral: asked how the city reaches residents about its rebates.",
        "tags": ["government", "energy"],
        "found": (-1, 3),
        "out": "today",
    },
]

# Second conversations already on the calendar, with the first people met: one tomorrow
# (Amara offered to talk again once I had read her article), one yesterday with Carmen, not
# captured yet (Home asks "How did it go?").
SCHEDULED = [
    ("Amara Okafor", 1, (14, 0), "video", "https://meet.example.org/fieldwork-sample", 10),
    ("Carmen Reyes", -1, (11, 0), "phone", "", 4),
]

# Paths: one promising, one ruled out over time, one made from an alternative role. Each is
# linked to the conversations whose organization's industry (or alternative role) fits it;
# what the conversation said about it is its interest, and the remarks below in turn.
SAMPLE_PATHS = {
    "Community energy program manager": {
        "description": "Running community solar and efficiency programmes for a utility, "
        "a co-op or the city.",
        "industries": ("Clean energy", "Government"),
        "history": [((-9, 0), "exploring"), ((-5, 0), "promising")],
        "appeals": [
            "Work that is visible in the neighbourhood.",
            "Teaching skills carry over: explaining programmes to residents.",
            "Small teams where one person shapes the whole programme.",
        ],
        "hard_parts": [
            "Grant reporting takes a day a week.",
            "Funding cycles make the pace slow.",
        ],
        "questions": [
            "Which certifications do hiring managers actually look for?",
            "How much of the job is grant writing?",
            "Do co-ops hire people without utility experience?",
        ],
        "items": (PM_ARTICLE, PMI, JOB_FAIR, DRAWDOWN, GRID),
    },
    "Clinical informatics": {
        "description": "Helping clinical staff get the most from health records systems.",
        "industries": ("Healthcare", "Health IT"),
        "history": [((-9, 0), "exploring"), ((-2, 0), "on_hold"), ("monday", "ruled_out")],
        "appeals": ["Training clinicians is teaching by another name."],
        "hard_parts": [
            "Most roles ask for clinical experience I do not have.",
            "Certification takes two years of part-time study.",
        ],
        "questions": [
            "Is there a way in without clinical experience?",
            "What does an EHR trainer earn in the first year?",
        ],
        "items": (AMIA, "Clinical educator"),
    },
    EFFICIENCY: {
        "description": "Home and building energy audits, advice to owners and renters.",
        "industries": ("Construction",),
        "history": [((-6, 1), "exploring")],
        "appeals": ["Practical, on-site work with people.", "An hour of teaching per house."],
        "hard_parts": ["Building science certification first."],
        "questions": ["How long does the BPI certification take?"],
        "items": (AESP, EFFICIENCY, "BPI Building Analyst course"),
    },
}

GOALS = {"outreaches": 4, "conversations": 2, "thank_yous": 2, "items_done": 1}

# What was learned each week, and next week's plan, as the researcher wrote them.
REVIEWS = [
    (
        -3,
        "Co-ops and the city both hire career changers; programme work is the same job in "
        "every field.",
        "Follow up the job fair: Dana and Noah.",
        None,
    ),
    (
        -2,
        "Programme roles want grant experience more than I thought.",
        "Ask two people about grants.",
        "Good focus. Keep the outreach emails short.",
    ),
    (
        -1,
        "Clinical informatics needs clinical experience I do not have.",
        "Focus on energy: Brightline, SolarShare and the city.",
        None,
    ),
]

# The open question on the energy path that was answered along the way.
ANSWERED_QUESTION = "PMP matters less than grant experience; a CAPM is a cheap start."
