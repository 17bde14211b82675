from datetime import date

from procedure_site.review_dates.review import Review, parse_date, review_of

SETTINGS = {"REVIEW_INTERVAL_MONTHS": 12}
TODAY = date(2026, 11, 25)


def test_due_is_the_interval_in_calendar_months_later():
    review, problems = review_of({"reviewed": "2026-01-31", "review-interval-months": "1"}, SETTINGS, TODAY)
    assert problems == [] and review == Review(date(2026, 1, 31), date(2026, 2, 28), 1, None, TODAY)
    assert review.days_until_due() == (date(2026, 2, 28) - TODAY).days


def test_dates_are_year_month_day_and_real():
    assert parse_date("2026-11-01") == date(2026, 11, 1)
    for bad in ("2026-02-30", "20261101", "1/11/2026", "2026-W47-3", "2026-11-1"):
        assert parse_date(bad) is None, bad


def test_each_mistake_names_its_metadata_line():
    keys = [key for _m, _f, key in review_of({"review-interval-months": "13", "owner": "a@b.org"}, SETTINGS, TODAY)[1]]
    assert keys == ["reviewed", "review-interval-months", "owner"]


def test_today_is_allowed_and_tomorrow_is_not():
    assert review_of({"reviewed": "2026-11-25"}, SETTINGS, TODAY)[1] == []
    assert "in the future" in review_of({"reviewed": "2026-11-26"}, SETTINGS, TODAY)[1][0][0]


def test_owner_is_kept():
    review, _ = review_of({"reviewed": "2026-11-01", "owner": "Interventional Radiology"}, SETTINGS, TODAY)
    assert review.owner == "Interventional Radiology"


def test_a_date_or_modified_after_today_is_in_the_future():
    from datetime import datetime, timezone

    from procedure_site.review_dates.review import future_dates

    metadata = {"date": datetime(2999, 1, 1, tzinfo=timezone.utc), "modified": datetime(2026, 11, 26, 9, 30)}
    assert future_dates(metadata, TODAY) == [
        (
            "'Date: 2999-01-01' is in the future.",
            "write the date the page was first published: today (2026-11-25) or earlier, or remove the line.",
            "date",
        ),
        (
            "'Modified: 2026-11-26' is in the future.",
            "write the date the text last changed: today (2026-11-25) or earlier, or remove the line.",
            "modified",
        ),
    ]
    assert future_dates({"date": datetime(2026, 11, 25, 23, 59), "modified": date(2026, 1, 1)}, TODAY) == []
    assert future_dates({}, TODAY) == []
