"""The ``make report`` command; see the package's docstring."""

import argparse
import os
import re
import sys
import traceback
from datetime import date, datetime
from zoneinfo import ZoneInfo

from pelican.settings import read_settings

from ..collect import BuildBroke, collect
from .render import write_report
from .rows import rows_of


def iso_day(text):
    """A --today value: a real day written YYYY-MM-DD, as the build reads REVIEW_TODAY."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"{text!r} is not a day written YYYY-MM-DD")


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m sitebuild.report", description=__doc__)
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--content", help="content folder (default: the settings' PATH)")
    parser.add_argument("--reports", default="reports", help="folder for the report files (default: reports)")
    parser.add_argument("--today", type=iso_day, help="judge reviews as of this day, YYYY-MM-DD (default: today)")
    return parser.parse_args(argv)


def inside(path, folder):
    path, folder = os.path.realpath(path), os.path.realpath(folder)
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def usage_problem(args):
    """What is wrong with the command line, or None."""
    if not os.path.isfile(args.settings):
        return f"there is no settings file {args.settings!r}."
    if args.content and not os.path.isdir(args.content):
        return f"there is no content folder {args.content!r}."
    settings = read_settings(args.settings)
    content = args.content or settings["PATH"]
    if inside(args.reports, settings["OUTPUT_PATH"]):
        return (
            f"--reports {args.reports!r} is inside the site's output folder; the report is for the web "
            "team, never published, and every build replaces that folder. Use a folder of its own, such as reports."
        )
    if inside(args.reports, content):
        return (
            f"--reports {args.reports!r} is inside the content folder, where every file must be a page "
            "or an image. Use a folder of its own, such as reports."
        )
    return None


def judged_day(pages, settings):
    """The day the build judged reviews by: the one every page's review carries."""
    for page in pages:
        facts = getattr(page, "facts", None)
        review = facts.review if facts is not None else None
        if review is not None and review.as_of:
            return review.as_of
    if settings.get("REVIEW_TODAY"):
        return date.fromisoformat(str(settings["REVIEW_TODAY"]))
    return datetime.now(ZoneInfo(settings.get("TIMEZONE") or "UTC")).date()


def main(argv=None):
    args = parse_args(argv)
    try:
        problem = usage_problem(args)
    except Exception as error:  # the settings file itself does not run
        problem = f"the settings file {args.settings!r} has an error: {error}"
    if problem:
        print(f"Cannot write the report: {problem}", file=sys.stderr)
        return 2
    try:
        return report(args)
    except BuildBroke as error:
        print(f"{BROKE}\n{error}", file=sys.stderr)
    except OSError as error:  # the reports folder cannot be written
        print(f"Cannot write the report: {error}", file=sys.stderr)
    except Exception:
        print(BROKE, file=sys.stderr)
        traceback.print_exc()
    return 2


BROKE = (
    "The report stopped because of an error in the build system itself, not in the content. "
    "Please pass this on to the developers:\n"
)


def report(args):
    overrides = {"REVIEW_TODAY": args.today} if args.today else None
    found = collect(args.settings, content=args.content, overrides=overrides)
    if found.problems:
        print(
            f"The content has {len(found.problems)} problem(s); fix them first (make html lists them too). "
            "No report was written.\n",
            file=sys.stderr,
        )
        for problem in found.problems:
            print(problem.replace(os.getcwd() + os.sep, "") + "\n", file=sys.stderr)
        return 1
    settings = found.settings
    rows = rows_of(found.pages, found.drafts, settings)
    content_folder = os.path.relpath(settings["PATH"]) if inside(settings["PATH"], os.getcwd()) else settings["PATH"]
    html, table = write_report(rows, settings, args.reports, judged_day(found.pages, settings), content_folder)
    print(f"Wrote the content report ({len(rows)} page{'' if len(rows) == 1 else 's'}):")
    print(f"  {html}")
    print(f"  {table}")
    return 0
