"""Reports content files that are not UTF-8 before Pelican tries to read them.

Pelican's own failure here is a bare "Could not process" with no reason; an
author needs the line and the fix.
"""

import os

from blinker import signal
from pelican import signals

from sitebuild.plugin_guard import in_this_build


content_problem = signal("content_problem")


def first_bad_line(raw: bytes):
    """The 1-based line of the first byte that is not valid UTF-8, or None."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return raw.count(b"\n", 0, error.start) + 1
    return None


def check_sources(generator):
    if not in_this_build(generator, __package__):
        return
    paths = generator.settings["PAGE_PATHS"]
    excludes = generator.settings["PAGE_EXCLUDES"]
    for relative in generator.get_files(paths, exclude=excludes):
        source = os.path.join(generator.path, relative)
        with open(source, "rb") as handle:
            line = first_bad_line(handle.read())
        if line is not None:
            content_problem.send(
                source,
                message="this file is not saved as UTF-8 text.",
                fix="open it in your editor and save it with the encoding "
                "'UTF-8'. Look for curly quotes or accented letters pasted "
                "from Word near this line.",
                line=line,
            )


def register():
    signals.page_generator_init.connect(check_sources)
