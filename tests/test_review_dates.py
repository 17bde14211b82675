"""Review dates: required, shown on every page (web, print, kiosk), warned when
overdue, and listed by `make check-reviews`."""

import subprocess
from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from pelican.settings import read_settings

from conftest import ROOT, build, edit_page, forked_command, soup_of, source_metadata, visible_text
from harness import problems_of, vertebroplasty

PAGE = "procedures/vertebroplasty.md"


def written_like_the_issue(day: date) -> str:
    """"1 November 2026": day, month name, year (the issue's own example)."""
    return f"{day.day} {day.strftime('%B')} {day.year}"


def expected_dates(settings, source):
    metadata = source_metadata(source)
    reviewed = date.fromisoformat(metadata["reviewed"])
    months = int(metadata.get("review-interval-months") or settings["REVIEW_INTERVAL_MONTHS"])
    return reviewed, reviewed + relativedelta(months=months)


def shown_dates(page):
    shown = {}
    for item in page.select(".review-dates__item"):
        label = visible_text(item.find("dt"))
        time = item.find("time")
        shown[label] = (time["datetime"], visible_text(time))
    return shown


def assert_shows_review_dates(page, reviewed, due):
    assert shown_dates(page) == {
        "Page last reviewed:": (reviewed.isoformat(), written_like_the_issue(reviewed)),
        "Next review due:": (due.isoformat(), written_like_the_issue(due)),
    }


def test_every_page_shows_when_it_was_reviewed_and_is_next_due(site, settings):
    source = ROOT / settings["PATH"] / PAGE
    reviewed, due = expected_dates(settings, source)
    assert_shows_review_dates(soup_of(site / settings["PAGE_SAVE_AS"].format(slug="vertebroplasty")), reviewed, due)


def test_the_kiosk_shows_them_too(kiosk_site, settings):
    reviewed, due = expected_dates(settings, ROOT / settings["PATH"] / PAGE)
    assert_shows_review_dates(soup_of(kiosk_site / "procedures" / "vertebroplasty" / "index.html"), reviewed, due)


def test_a_page_may_shorten_its_interval(content_copy, tmp_path, settings):
    edit_page(content_copy, lambda t: t.replace("Reviewed: ", "Review-Interval-Months: 6\nReviewed: ", 1))
    assert build(tmp_path / "o", content=content_copy).returncode == 0
    reviewed, due = expected_dates(settings, content_copy / PAGE)
    assert due == reviewed + relativedelta(months=6)
    assert_shows_review_dates(soup_of(tmp_path / "o" / "procedures" / "vertebroplasty" / "index.html"), reviewed, due)


def set_reviewed(content, value):
    edit_page(content, lambda t: with_reviewed(t, value))


def with_reviewed(text, value):
    """The page with ``value`` as its one Reviewed: line, before Department: (none if None)."""
    kept = "\n".join(line for line in text.splitlines() if not line.startswith("Reviewed:"))
    return kept.replace("Department:", (f"Reviewed: {value}\n" if value is not None else "") + "Department:", 1) + "\n"


def site_today():
    """Today where the hospital is (TIMEZONE), as the build judges it: not the
    machine's date, which is already tomorrow in UTC on a New York evening."""
    from procedure_site.review_dates.review import today_for

    return today_for({"TIMEZONE": read_settings(str(ROOT / "pelicanconf.py"))["TIMEZONE"]})


NOT_A_DATE = (
    "is not a real date written as year-month-day.",
    "write it like 'Reviewed: 2026-11-01' (four-digit year, month, day).",
)


@pytest.mark.parametrize(
    "value, message, fix",
    [
        (None, "the 'Reviewed:' line is missing: every page says when its clinical owner last approved it.",
         "add 'Reviewed: {today}' at the top of the file, before the first blank line, with the date the text was "
         "last approved."),
        ("2026-02-30", "'Reviewed: 2026-02-30' " + NOT_A_DATE[0], NOT_A_DATE[1]),
        ("25/11/2026", "'Reviewed: 25/11/2026' " + NOT_A_DATE[0], NOT_A_DATE[1]),
        ("2999-01-01", "'Reviewed: 2999-01-01' is in the future.",
         "write the date the clinical owner last approved the text: today or earlier."),
    ],
)  # fmt: skip
def test_a_missing_impossible_or_future_date_fails_with_the_line(value, message, fix):
    """Through tests/harness.py: what a failed build does to the output is test_bad_content.py's."""
    text = with_reviewed(vertebroplasty(), value)
    line = None if value is None else text.splitlines().index(f"Reviewed: {value}") + 1
    assert [(p.file, p.line, p.message, p.fix) for p in problems_of(text)] == [
        (PAGE, line, message, fix.format(today=site_today().isoformat()))
    ]


@pytest.mark.parametrize(
    "line, message, fix",
    [
        ("Review-Interval-Months: 24", "'Review-Interval-Months: 24' must be a whole number of months from 1 to 12.",
         "write a shorter interval, like 'Review-Interval-Months: 6', or remove the line to use the hospital's 12 months."),
        ("Review-Interval-Months: soon", "'Review-Interval-Months: soon' must be a whole number of months from 1 to 12.",
         "write a shorter interval, like 'Review-Interval-Months: 6', or remove the line to use the hospital's 12 months."),
        ("Owner: jane.doe@hospital.example", "'Owner: jane.doe@hospital.example' looks like an email address; the "
         "owner is a clinical team, not a person.", "write the team's name, for example 'Owner: Interventional Radiology'."),
    ],
)  # fmt: skip
def test_bad_interval_or_owner_fails(line, message, fix):
    text = vertebroplasty().replace("Department:", f"{line}\nDepartment:", 1)
    assert [(p.file, p.line, p.message, p.fix) for p in problems_of(text)] == [(PAGE, 4, message, fix)]


def test_an_overdue_page_builds_with_one_warning_line(content_copy, tmp_path):
    set_reviewed(content_copy, "2025-01-15")
    result = build(tmp_path / "o", content=content_copy, overrides={"REVIEW_TODAY": "2026-02-01"})
    assert result.returncode == 0, result.stderr
    overdue = [line for line in result.stderr.splitlines() if "review overdue" in line]
    assert overdue == [
        f"warning: {content_copy / PAGE}: review overdue: the next review was due on 2026-01-15, 17 days ago."
    ]


def reviews(*args, content=None):
    return forked_command("sitebuild.reviews", [*args] + (["--content", str(content)] if content else []), timeout=120)


def test_check_reviews_passes_when_nothing_is_due(content_copy):
    set_reviewed(content_copy, "2026-06-01")
    result = reviews("--today", "2026-11-01", content=content_copy)
    assert result.returncode == 0 and "none is due" in result.stdout


@pytest.mark.parametrize(
    "today, words",
    [("2027-05-10", "due on 2027-06-01 (in 22 days)"), ("2027-06-01", "due TODAY"), ("2027-06-11", "OVERDUE since 2027-06-01 (10 days ago)")],
)
def test_check_reviews_fails_when_a_page_is_due_soon_or_overdue(today, words, content_copy, settings):
    set_reviewed(content_copy, "2026-06-01")
    result = reviews("--today", today, content=content_copy)
    assert result.returncode == 1 and words in result.stdout and "vertebroplasty.md" in result.stdout


def test_check_reviews_waits_until_the_warning_window(content_copy, settings):
    set_reviewed(content_copy, "2026-06-01")
    window_opens = date(2027, 6, 1) - relativedelta(days=settings["REVIEW_WARNING_DAYS"])
    assert reviews("--today", (window_opens - relativedelta(days=1)).isoformat(), content=content_copy).returncode == 0
    assert reviews("--today", window_opens.isoformat(), content=content_copy).returncode == 1


def test_make_check_reviews_runs_it():
    """The command exits 1; make reports any failing step as its own exit 2."""
    result = subprocess.run(["make", "-s", "check-reviews", "TODAY=2999-01-01"], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode != 0 and "OVERDUE" in result.stdout
    assert "sitebuild.reviews" in (ROOT / "Makefile").read_text(encoding="utf-8")
