"""``make check-reviews``: which pages are overdue for review, or due soon.

    python -m sitebuild.reviews [--settings pelicanconf.py] [--content DIR] [--today YYYY-MM-DD]

Lists every published page whose next review is past, or due within
REVIEW_WARNING_DAYS, soonest first, and exits 1 when there is any, so a
scheduled job can run it and tell the web team. Exit 0: nothing due. Exit 2:
the content does not build (its problems are listed) or the build broke.

The dates are the build's own (the review_dates plugin's, in ``page.facts.review``), so
this command and the pages never disagree.
"""

import argparse
import os
import sys

from .collect import BuildBroke, collect


def due_pages(pages, warning_days):
    """(days until due, path, review) for each page due within the warning days,
    as of the day the build judged by."""
    rows = []
    for page in pages:
        review = page.facts.review if getattr(page, "facts", None) else None
        if review is not None and review.days_until_due() <= warning_days:
            rows.append((review.days_until_due(), page.source_path, review))
    return sorted(rows, key=lambda row: (row[0], row[1]))


def describe(days, path, review):
    where = os.path.relpath(path)
    if days < 0:
        return f"{where}: OVERDUE since {review.due.isoformat()} ({-days} day{'s' if days != -1 else ''} ago)"
    if days == 0:
        return f"{where}: due TODAY ({review.due.isoformat()})"
    return f"{where}: due on {review.due.isoformat()} (in {days} day{'s' if days != 1 else ''})"


def reviewed(pages) -> list:
    """The pages the build gave review dates (drafts have none)."""
    return [page for page in pages if getattr(page, "facts", None) and page.facts.review]


def what_is_counted(pages, default_lang) -> str:
    """"4 pages (3 procedures and 1 translation; drafts are not checked)":
    the content report counts procedures (one row each, drafts included), so
    each says what it counts."""
    translations = sum(1 for page in pages if getattr(page, "lang", default_lang) != default_lang)
    procedures = len(pages) - translations
    return (
        f"{len(pages)} page{'s' if len(pages) != 1 else ''} ({procedures} procedure{'s' if procedures != 1 else ''} "
        f"and {translations} translation{'s' if translations != 1 else ''}; drafts are not checked)"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m sitebuild.reviews", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--content", help="content folder (default: the settings' PATH)")
    parser.add_argument("--today", help="judge as of this day, YYYY-MM-DD (default: today)")
    args = parser.parse_args(argv)
    overrides = {"REVIEW_TODAY": args.today} if args.today else None
    try:
        found = collect(args.settings, content=args.content, overrides=overrides)
    except BuildBroke as error:
        print("The build broke (a bug, not the content):\n" + str(error), file=sys.stderr)
        return 2
    if found.problems:
        print("The content has problems; fix them first (make html lists them):\n", file=sys.stderr)
        for problem in found.problems:
            print(problem + "\n", file=sys.stderr)
        return 2
    settings = found.settings
    rows = due_pages(found.pages, settings["REVIEW_WARNING_DAYS"])
    counted = what_is_counted(reviewed(found.pages), settings["DEFAULT_LANG"])
    if not rows:
        print(f"All {counted} are reviewed; none is due within {settings['REVIEW_WARNING_DAYS']} days.")
        return 0
    print(f"{len(rows)} of {counted} need review (overdue, or due within {settings['REVIEW_WARNING_DAYS']} days):")
    for row in rows:
        print("  " + describe(*row))
    return 1


if __name__ == "__main__":
    sys.exit(main())
