"""Turns what a build logged into messages for the person who ran it.

Content problems (reported by the plugins) come first, in their own words.
Pelican's own complaints about the same files are dropped as echoes. An
exception raised from this project's code (plugins, theme, sitebuild) is a
bug, not a content mistake, and is kept apart so it gets its traceback.
"""

import os
import re
import traceback

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OWN_CODE = tuple(os.path.join(PROJECT, folder) + os.sep for folder in ("plugins", "sitebuild", "theme"))


def raised_in_own_code(exc_info):
    """True when this project's code is to blame. A frame of a function that
    only passes the content on to Pelican or Markdown and their errors back
    (it sets the local ``_passes_content_errors``: markdown_reader) does not
    count, unless the error was raised in that very frame."""
    frames = list(traceback.walk_tb(exc_info[2])) if exc_info and exc_info[2] else []
    own = [frame for frame, _line in frames if frame.f_code.co_filename.startswith(OWN_CODE)]
    if not own:
        return False
    if frames[-1][0] in own:
        return True
    return any(not frame.f_locals.get("_passes_content_errors") for frame in own)


def _mentions(message, names):
    return any(re.search(rf"(^|[\s/`'\"]){re.escape(name)}\b", message) for name in names)


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
    # Pelican names files relative to the content folder; match on the name.
    echoed = {os.path.basename(r.content_path) for r in content}
    echoed |= {cover for r in content for cover in getattr(r, "content_covers", ())}
    messages = [r.getMessage() for r in content]
    bugs = []
    for record in records:
        if hasattr(record, "content_path"):
            continue
        if raised_in_own_code(record.exc_info):
            bugs.append(record)
            continue
        message = record.getMessage()
        if _mentions(message, echoed):
            continue  # Pelican's echo of a problem already explained
        if record.exc_info and record.exc_info[1] is not None:
            message += f": {record.exc_info[1]}\n    How to fix: {fix_for(record.exc_info[1])}"
        messages.append(f"{record.levelname.lower()}: {message}")
    return messages, bugs


def format_bug(record):
    return record.getMessage() + "\n" + "".join(traceback.format_exception(*record.exc_info))
