"""Turns what a build logged into messages for the person who ran it.

Content problems (reported by the plugins) come first, in their own words.
Pelican's own complaints about the same files are dropped as echoes. An
exception is the author's to fix when it says so by its type (ContentError,
raised where this project hands a page to Pelican or Markdown:
sitebuild/content_error.py) or when it was raised entirely outside this
project's code (Pelican's own reading of a page); any other exception
raised from this project's code (plugins, theme, sitebuild) is a bug, kept
apart so it gets its traceback.
"""

import os
import re
import traceback

from .content_error import ContentError

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OWN_CODE = tuple(os.path.join(PROJECT, folder) + os.sep for folder in ("plugins", "sitebuild", "theme"))


def content_cause(exc_info) -> BaseException | None:
    """What the author must fix, when the exception is a ContentError."""
    error = exc_info[1] if exc_info else None
    return error.cause if isinstance(error, ContentError) else None


def raised_in_own_code(exc_info) -> bool:
    """True when this project's code is to blame: the exception is not a
    ContentError and its traceback passes through a file of this project."""
    if not exc_info or exc_info[2] is None or content_cause(exc_info) is not None:
        return False
    return any(summary.filename.startswith(OWN_CODE) for summary in traceback.extract_tb(exc_info[2]))


def _mentions(message, names, after_slash=True):
    """True when ``message`` names one of ``names`` as a word; with
    ``after_slash``, also as a path's last part (``images/spine.png``)."""
    before = r"\s/`'\"" if after_slash else r"\s`'\""
    return any(re.search(rf"(^|[{before}]){re.escape(name)}\b", message) for name in names)


def path_tails(path: str) -> set[str]:
    """``path`` and each of its tails (``procedures/es/page.md``,
    ``es/page.md``, ``page.md``): Pelican names a file relative to the
    content folder, and which folder that is the log does not say. A tail is
    matched whole, never after a slash, so a problem of
    ``procedures/page.md`` does not hide Pelican's error about
    ``procedures/es/page.md``, a translation of the same name."""
    parts = path.split(os.sep)
    return {path} | {os.sep.join(parts[index:]) for index in range(len(parts)) if parts[index]}


def fix_for(error) -> str:
    """What to do about an error Pelican or Markdown raised reading a page."""
    if isinstance(error, RecursionError):
        # Markdown reads what is nested by calling itself; the page limits
        # (sitebuild/page_limits.py) stop lists and quotes before this.
        return (
            "something in the page is nested too deeply for the build to read (lists, quotes "
            "or HTML elements inside each other): nest them less deeply."
        )
    return "check the lines at the top of the file; a date, for example, is written Date: 2026-11-24."


def notices(records):
    """What the build says without failing (see build_report's content_notice)."""
    return [r.getMessage() for r in records if getattr(r, "content_notice", False)]


def classify(records):
    """(messages for the author, log records that are bugs in the build)."""
    records = [r for r in records if not getattr(r, "content_notice", False)]
    content = [r for r in records if hasattr(r, "content_path")]
    echoed = {tail for r in content for tail in path_tails(str(r.content_path))}
    covered = {cover for r in content for cover in getattr(r, "content_covers", ())}
    messages = [r.getMessage() for r in content]
    bugs = []
    for record in records:
        if hasattr(record, "content_path"):
            continue
        if raised_in_own_code(record.exc_info):
            bugs.append(record)
            continue
        message = record.getMessage()
        if _mentions(message, echoed, after_slash=False) or _mentions(message, covered):
            continue  # Pelican's echo of a problem already explained
        if record.exc_info and record.exc_info[1] is not None:
            error = content_cause(record.exc_info) or record.exc_info[1]
            message += f": {error}\n    How to fix: {fix_for(error)}"
        messages.append(f"{record.levelname.lower()}: {message}")
    return messages, bugs


def format_bug(record):
    return record.getMessage() + "\n" + "".join(traceback.format_exception(*record.exc_info))
