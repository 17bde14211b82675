"""The review cycle of a procedure page: pure rules, no Pelican.

A page says when its clinical owner last approved it (``Reviewed:
YYYY-MM-DD``, required) and may shorten its own review interval
(``Review-Interval-Months:``, at most REVIEW_INTERVAL_MONTHS). The next review
is due that many calendar months later (dateutil's relativedelta, so
31 January + 1 month is 28 February).

"Today" is the hospital's date (TIMEZONE), or REVIEW_TODAY when a build is
asked to judge as of another day (tests, or a look ahead).

The same "today" bounds the page's other dates: ``Date:`` (first published)
and ``Modified:`` (last changed) cannot be in the future either; the sitemap
gives them to search engines as the page's last change.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
REVIEWED, INTERVAL, OWNER = "reviewed", "review-interval-months", "owner"


@dataclass(frozen=True, slots=True)  # slots: one in every page's facts, for the whole build
class Review:
    reviewed: date
    due: date
    interval_months: int
    owner: str | None = None
    as_of: date | None = None  # the day the build judged it by

    def days_until_due(self, today: date | None = None) -> int:
        return (self.due - (today or self.as_of)).days


def today_for(settings) -> date:
    fixed = settings.get("REVIEW_TODAY")
    if fixed:
        return date.fromisoformat(str(fixed))
    return datetime.now(ZoneInfo(settings.get("TIMEZONE") or "UTC")).date()


def parse_date(text: str) -> date | None:
    text = text.strip()
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


# Pelican's dated metadata, and what each says, for the fix.
PAGE_DATES = {"date": "the page was first published", "modified": "the text last changed"}


def future_dates(metadata: dict, today: date):
    """[(message, fix, metadata key)] for a Date: or Modified: after today.
    Pelican has read them already (a datetime, or a date); one it could not
    read is reported by Pelican's own message."""
    problems = []
    for key, meaning in PAGE_DATES.items():
        value = metadata.get(key)
        day = value.date() if isinstance(value, datetime) else value
        if isinstance(day, date) and day > today:
            name = key.capitalize()
            problems.append((
                f"'{name}: {day.isoformat()}' is in the future.",
                f"write the date {meaning}: today ({today.isoformat()}) or earlier, or remove the line.",
                key,
            ))
    return problems


def review_of(metadata: dict, settings, today: date):
    """(Review or None, [(message, fix, metadata key)]) for one page."""
    problems = []
    longest = settings["REVIEW_INTERVAL_MONTHS"]
    written = metadata.get(REVIEWED)
    reviewed = None
    if written is None or not str(written).strip():
        problems.append((
            "the 'Reviewed:' line is missing: every page says when its clinical owner last approved it.",
            f"add 'Reviewed: {today.isoformat()}' at the top of the file, before the first blank line, "
            "with the date the text was last approved.",
            REVIEWED,
        ))
    else:
        reviewed = parse_date(str(written))
        if reviewed is None:
            problems.append((
                f"'Reviewed: {written}' is not a real date written as year-month-day.",
                "write it like 'Reviewed: 2026-11-01' (four-digit year, month, day).",
                REVIEWED,
            ))
        elif reviewed > today:
            problems.append((
                f"'Reviewed: {written}' is in the future.",
                "write the date the clinical owner last approved the text: today or earlier.",
                REVIEWED,
            ))
            reviewed = None
    interval = longest
    own = metadata.get(INTERVAL)
    if own is not None:
        text = str(own).strip()
        # isdecimal, not isdigit: '⁶' is a digit int() cannot read (it was a traceback).
        if not text.isdecimal() or not 1 <= int(text) <= longest:
            problems.append((
                f"'Review-Interval-Months: {own}' must be a whole number of months from 1 to {longest}.",
                f"write a shorter interval, like 'Review-Interval-Months: 6', or remove the line "
                f"to use the hospital's {longest} months.",
                INTERVAL,
            ))
        else:
            interval = int(text)
    owner = str(metadata.get(OWNER) or "").strip() or None
    if owner and _EMAIL.search(owner):
        problems.append((
            f"'Owner: {owner}' looks like an email address; the owner is a clinical team, not a person.",
            "write the team's name, for example 'Owner: Interventional Radiology'.",
            OWNER,
        ))
    if reviewed is None or problems:
        return None, problems
    return Review(reviewed, reviewed + relativedelta(months=interval), interval, owner, today), problems
