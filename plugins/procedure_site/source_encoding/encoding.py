"""Reports content files that are not UTF-8 before Pelican tries to read them.

Pelican's own failure here is a bare "Could not process" with no reason; an
author needs the line and the fix.
"""

import os

from pelican import signals

from procedure_site.build_report.report import problem, report
from sitebuild import page_pool
from sitebuild.plugin_guard import in_this_build




def first_bad_line(raw: bytes):
    """The 1-based line of the first byte that is not valid UTF-8, or None."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return raw.count(b"\n", 0, error.start) + 1
    return None


def check_sources(generator):
    # A pool worker's reports go nowhere: the build's own process reads and
    # reports every page once (sitebuild/page_pool.py).
    if not in_this_build(generator, __package__) or page_pool.in_worker():
        return
    paths = generator.settings["PAGE_PATHS"]
    excludes = generator.settings["PAGE_EXCLUDES"]
    report(encoding_problems(os.path.join(generator.path, relative) for relative in generator.get_files(paths, exclude=excludes)))


def encoding_problems(sources) -> list:
    """Each of these files that is not UTF-8, as a problem at its first bad line."""
    found = []
    for source in sources:
        with open(source, "rb") as handle:
            line = first_bad_line(handle.read())
        if line is not None:
            found.append(problem(source, NOT_UTF8, NOT_UTF8_FIX, line=line))
    return found


NOT_UTF8 = "this file is not saved as UTF-8 text."
NOT_UTF8_FIX = (
    "open it in your editor and save it with the encoding 'UTF-8'. "
    "Look for curly quotes or accented letters pasted from Word near this line."
)


def register():
    signals.page_generator_init.connect(check_sources)
