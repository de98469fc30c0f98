"""Cleaning one row: its cells, through the mapping, become a contact's values (names joined,
emails, phones and LinkedIn URLs checked, tags split, dates read by parse_day()), with a
warning for every value that had to be left out. Pure: no database.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from lib import clock, contacts
from lib.formats.importers.mapping import FIELDS
from lib.text import clean, clean_line

# Google's system groups, which it writes with a leading "* " ("* My Contacts", "* Starred");
# they are not the person's tags. Compared without spaces or case.
_GOOGLE_SYSTEM_LABELS = {
    "*mycontacts",
    "*starred",
    "*othercontacts",
    "*friends",
    "*family",
    "*coworkers",
    "mycontacts",
    "systemgroup:mycontacts",
}
_FORMULA_FREE_FIELDS = ("email", "phone", "linkedin_url")


_MONTHS = {
    name: number
    for number, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
_DAY_MONTH_YEAR = re.compile(
    r"(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* (\d{4})", re.I
)
_DATE_FORMATS = (
    "%d %b %Y",
    "%d %B %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%b %d %Y",
    "%d-%b-%Y",
    "%d-%b-%y",  # LinkedIn's "15-Jan-24"
)


def parse_day(text: str, day_first: bool = False) -> date | None:
    """A date from the ways spreadsheets and exports write one; None when not understood."""
    text = text.strip()
    if not text:
        return None
    match = _DAY_MONTH_YEAR.fullmatch(text)  # LinkedIn's "15 Mar 2024", without strptime's cost
    if match and match.group(2)[:3].casefold() in _MONTHS:
        day, month, year = int(match.group(1)), _MONTHS[match.group(2)[:3].casefold()], 0
        year = int(match.group(3))
        try:
            return date(year, month, day)
        except ValueError:
            return None
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?", text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        # "1/8/18, 6:14 PM" (LinkedIn 2018), "03/15/2024 09:00", "15.03.2024".
        match = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})(?:,? .*)?", text)
        if match:
            first, second, year = (int(g) for g in match.groups())
            year += 2000 if year < 100 else 0
            if first > 12:
                day_first = True
            elif second > 12:
                day_first = False
            day, month = (first, second) if day_first or "." in text else (second, first)
        else:
            for pattern in _DATE_FORMATS:
                try:
                    return datetime.strptime(text, pattern).date()
                except ValueError:
                    continue
            return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _cell(cells: dict[str, str], columns, one_line: bool = True) -> str:
    if not columns:
        return ""
    if isinstance(columns, str):
        columns = (columns,)
    for column in columns:
        value = cells.get(column) or ""
        value = clean_line(value) if one_line else clean(value)
        if value:
            return value
    return ""


def _first_of_list(value: str) -> str:
    # Google writes several values in one cell: "a@x.org ::: b@y.org".
    return value.split(":::")[0].strip()


def _candidates(value: str, phones: bool = False) -> list[str]:
    """Every value of a cell: Google's ":::" list, and for phones two numbers written in one
    cell ("+1 555 0100 / +1 555 0199", "0171 2345678; 030 1234567")."""
    parts = [part.strip() for part in value.split(":::")]
    if phones:
        parts = [p.strip() for part in parts for p in re.split(r"\s+/\s+|[;,|]|\s+or\s+", part)]
    return [part for part in parts if part]


def _which(label: str, values: list[str]) -> str:
    """ "Phone '123'" or "Phones '1', '2' and 3 more": the values a warning names."""
    if len(values) == 1:
        return f"{label} {values[0]!r}"
    shown = ", ".join(repr(v) for v in values[:3])
    more = f" and {len(values) - 3} more" if len(values) > 3 else ""
    return f"{label}s {shown}{more}"


def _first_valid(values: list[str], validate) -> tuple[str, str]:
    """(the first value that passes, "") or ("", what is wrong with the first)."""
    for value in values:
        if not validate(value):
            return value, ""
    return "", validate(values[0]) if values else ""


def _tags(value: str, source: str) -> list[str]:
    if not value:
        return []
    parts = value.split(":::") if ":::" in value else re.split(r"[;,]", value)
    tags = [clean_line(p) for p in parts]
    if source == "google":
        tags = [t for t in tags if re.sub(r"\s", "", t.casefold()) not in _GOOGLE_SYSTEM_LABELS]
    return contacts.parse_tags([t for t in tags if t])


def clean_row(
    cells: dict[str, str],
    mapping: dict,
    source: str,
    day_first: bool = False,
    today: date | None = None,
) -> tuple[dict, list[str]]:
    """One row's values for a contact, cleaned and checked, and what had to be dropped."""
    warnings: list[str] = []

    def get(field_name: str, one_line: bool = True) -> str:
        columns = mapping.get(field_name)
        return _cell(cells, columns, one_line) if columns else ""

    name = get("name")
    if not name:
        name = " ".join(
            part for part in (get("first_name"), get("middle_name"), get("last_name")) if part
        )
    values: dict = {
        "name": name,
        "role": get("role") or None,
        "organization": get("organization") or None,
        "industry": get("industry") or None,
        "location": get("location") or None,
        "hook": get("hook", one_line=False) or None,
        "private_notes": get("notes", one_line=False) or None,
        "referred_by": get("referred_by") or None,
        "how_found": "linkedin" if source == "linkedin" else None,
        "tags": _tags(get("tags"), source),
        "email": None,
        "phone": None,
        "linkedin_url": None,
        "first_known_on": None,
        "last_contact_on": None,
    }
    # The first valid one of several: a refused preferred number does not lose the others.
    emails = _candidates(get("email"))
    email, problem = _first_valid(emails, contacts.validate_email)
    if email:
        values["email"] = email.lower()
    elif problem:
        warnings.append(f"{_which('Email', emails)} left out: {problem}")
    phones = _candidates(get("phone"), phones=True)
    phone, problem = _first_valid(phones, contacts.validate_phone)
    if phone:
        values["phone"] = phone
    elif problem:
        warnings.append(f"{_which('Phone', phones)} left out: {problem}")
    url_columns = mapping.get("linkedin_url")
    if isinstance(url_columns, tuple) and len(url_columns) > 0 and source != "linkedin":
        # A known export's website columns: take the LinkedIn one, other sites are no field.
        urls = [_first_of_list(_cell(cells, (c,))) for c in url_columns]
        url = next((u for u in urls if "linkedin.com" in u.lower()), "")
    else:
        url = _first_of_list(get("linkedin_url"))
    if url:
        normalised = contacts.normalise_linkedin(url)
        problem = contacts.validate_linkedin(normalised)
        if problem:
            warnings.append(f"LinkedIn URL {url!r} left out: {problem}")
        else:
            values["linkedin_url"] = normalised
    if source == "vcard":
        # What the card reader had to leave out: a photo it could not read, a broken line.
        warnings += [w for w in (cells.get("Problems") or "").split("\n") if w]
    today = today or clock.today()
    for field_name in ("first_known_on", "last_contact_on"):
        text = get(field_name)
        if not text:
            continue
        day = parse_day(text, day_first)
        if day is None:
            warnings.append(f"{FIELDS[field_name]} {text!r} left out: not a date.")
        elif day > today:
            warnings.append(f"{FIELDS[field_name]} {text!r} left out: it is in the future.")
        else:
            values[field_name] = day.isoformat()
    return values, warnings
