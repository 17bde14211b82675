"""Review dates on every procedure page, and a warning for each overdue page.

Each published procedure page must say when it was last reviewed
(review.py has the rules), and none of its dates may be in the future. A valid page gets ``page.review`` (reviewed, due,
interval, owner) for the templates ("Page last reviewed", "Next review due")
which tools that list reviews read too (``make check-reviews``, the content
report). A page past its due date still builds; the build prints one warning
line for it (a notice).

Templates get the ``long_date`` filter: a date in the page's language with
Babel ("1 November 2026"), in the form REVIEW_DATE_FORMATS gives per
language, else Babel's long form.
"""

from babel.dates import format_date
from pelican import signals

from procedure_site.build_report.report import problem
from sitebuild.plugin_guard import in_this_build

from .review import future_dates, review_of, today_for




def page_review(content) -> tuple:
    """(the page's review, or None; its problems; its notices), as data:
    page_model/pipeline.py keeps the review on the page (``page.review``)
    and reports the rest."""
    settings = content.settings
    today = today_for(settings)
    review, problems = review_of(content.metadata, settings, today)
    found = [
        problem(content.source_path, message, fix, find=f"{key}:")
        for message, fix, key in problems + future_dates(content.metadata, today)
    ]
    if review is None:
        return None, found, []
    overdue = -review.days_until_due(today)
    notices = []
    if overdue > 0:
        notices.append(
            problem(
                content.source_path,
                f"review overdue: the next review was due on {review.due.isoformat()}, "
                f"{overdue} day{'s' if overdue != 1 else ''} ago.",
            )
        )
    return review, found, notices


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
    signals.generator_init.connect(add_filter)
