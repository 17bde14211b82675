"""Review dates: required, shown on every page (web, print, kiosk), warned when
overdue, and listed by `make check-reviews`."""

import subprocess
import sys
from datetime import date

import pytest
from dateutil.relativedelta import relativedelta

from conftest import ROOT, build, edit_page, soup_of, source_metadata, visible_text

PAGE = "procedures/vertebroplasty.md"
KIOSK_ENV = {"PUBLIC_SITEURL": "https://patient-guides.example.org"}


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


def test_the_kiosk_shows_them_too(tmp_path, settings):
    result = build(tmp_path / "kiosk", settings="kioskconf.py", env=KIOSK_ENV)
    assert result.returncode == 0, result.stderr
    reviewed, due = expected_dates(settings, ROOT / settings["PATH"] / PAGE)
    assert_shows_review_dates(soup_of(tmp_path / "kiosk" / "procedures" / "vertebroplasty" / "index.html"), reviewed, due)


def test_a_page_may_shorten_its_interval(content_copy, tmp_path, settings):
    edit_page(content_copy, lambda t: t.replace("Reviewed: ", "Review-Interval-Months: 6\nReviewed: ", 1))
    assert build(tmp_path / "o", content=content_copy).returncode == 0
    reviewed, due = expected_dates(settings, content_copy / PAGE)
    assert due == reviewed + relativedelta(months=6)
    assert_shows_review_dates(soup_of(tmp_path / "o" / "procedures" / "vertebroplasty" / "index.html"), reviewed, due)


def set_reviewed(content, value):
    edit_page(content, lambda t: "\n".join(
        line for line in t.splitlines() if not line.startswith("Reviewed:")
    ).replace("Department:", (f"Reviewed: {value}\n" if value is not None else "") + "Department:", 1) + "\n")


@pytest.mark.parametrize(
    "value, words",
    [
        (None, "the 'Reviewed:' line is missing"),
        ("2026-02-30", "'Reviewed: 2026-02-30' is not a real date"),
        ("25/11/2026", "'Reviewed: 25/11/2026' is not a real date"),
        ("2999-01-01", "'Reviewed: 2999-01-01' is in the future"),
    ],
)
def test_a_missing_impossible_or_future_date_fails_with_the_line(value, words, content_copy, tmp_path):
    set_reviewed(content_copy, value)
    result = build(tmp_path / "o", content=content_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    text = (content_copy / PAGE).read_text(encoding="utf-8").splitlines()
    if value is None:
        assert f"vertebroplasty.md: {words}" in result.stderr
    else:
        assert f"vertebroplasty.md:{text.index(f'Reviewed: {value}') + 1}: {words}" in result.stderr
    assert "How to fix:" in result.stderr and not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    "line, words",
    [
        ("Review-Interval-Months: 24", "must be a whole number of months from 1 to"),
        ("Review-Interval-Months: soon", "must be a whole number of months from 1 to"),
        ("Owner: jane.doe@hospital.example", "looks like an email address"),
    ],
)
def test_bad_interval_or_owner_fails(line, words, content_copy, tmp_path):
    edit_page(content_copy, lambda t: t.replace("Department:", f"{line}\nDepartment:", 1))
    result = build(tmp_path / "o", content=content_copy)
    assert result.returncode == 1 and f"vertebroplasty.md:{4}: " in result.stderr and words in result.stderr


def test_an_overdue_page_builds_with_one_warning_line(content_copy, tmp_path):
    set_reviewed(content_copy, "2025-01-15")
    result = build(tmp_path / "o", content=content_copy, overrides={"REVIEW_TODAY": "2026-02-01"})
    assert result.returncode == 0, result.stderr
    overdue = [line for line in result.stderr.splitlines() if "review overdue" in line]
    assert overdue == [
        f"warning: {content_copy / PAGE}: review overdue: the next review was due on 2026-01-15, 17 days ago."
    ]


def reviews(*args, content=None):
    command = [sys.executable, "-m", "sitebuild.reviews", *args] + (["--content", str(content)] if content else [])
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)


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
