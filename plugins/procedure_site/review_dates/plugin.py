"""Review dates on every procedure page, and a warning for each overdue page.

Each published procedure page must say when it was last reviewed
(review.py has the rules), and none of its dates may be in the future. A valid page gets ``page.review`` (reviewed, due,
interval, owner) for the templates ("Page last reviewed", "Next review due")
and is announced on ``review_dates.review`` for tools that list reviews
(``make check-reviews``, the content report). A page past its due date still
builds; the build prints one warning line for it (``content_notice``).

Templates get the ``long_date`` filter: a date in the page's language with
Babel ("1 November 2026"), in the form REVIEW_DATE_FORMATS gives per
language, else Babel's long form.
"""

import blinker
from babel.dates import format_date
from pelican import signals

from sitebuild.plugin_guard import in_this_build

from .review import future_dates, review_of, today_for


content_problem = blinker.signal("content_problem")
content_notice = blinker.signal("content_notice")
review_announced = blinker.signal("review_dates.review")


def check_page(content, procedure=None, model=None):
    if not in_this_build(content, __package__):
        return
    settings = content.settings
    today = today_for(settings)
    review, problems = review_of(content.metadata, settings, today)
    for message, fix, key in problems + future_dates(content.metadata, today):
        content_problem.send(content.source_path, message=message, fix=fix, find=f"{key}:")
    if review is None:
        return
    content.review = review
    review_announced.send(content, review=review, today=today)
    overdue = -review.days_until_due(today)
    if overdue > 0:
        content_notice.send(
            content.source_path,
            message=f"review overdue: the next review was due on {review.due.isoformat()}, "
            f"{overdue} day{'s' if overdue != 1 else ''} ago.",
        )


def add_filter(generator):
    if not in_this_build(generator, __package__):
        return
    settings = generator.settings
    patterns = settings.get("REVIEW_DATE_FORMATS", {})

    def long_date(value, lang=None):
        lang = lang or settings["DEFAULT_LANG"]
        return format_date(value, format=patterns.get(lang, "long"), locale=lang)

    generator.env.filters["long_date"] = long_date


def register():
    blinker.signal("page_model.check").connect(check_page)
    signals.generator_init.connect(add_filter)
