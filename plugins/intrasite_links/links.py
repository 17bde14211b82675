"""Fails the build on {filename}, {static} or {attach} links to missing files.

Pelican only warns about these and writes a broken link; a patient following
it gets a 404.
"""

import os
import re
from urllib.parse import unquote, urlparse

from blinker import signal
from pelican import signals
from pelican.contents import Page

content_problem = signal("content_problem")

FILE_LINKS = {"filename", "static", "attach"}


def missing_targets(content):
    """Yield (what, written path) for each file link whose file does not exist."""
    content_root = content.settings["PATH"]
    pattern = content._get_intrasite_link_regex()
    for match in pattern.finditer(content._content or ""):
        what = match.group("what")
        if what not in FILE_LINKS:
            continue
        written = match.group("value")
        path = unquote(urlparse(written).path)
        if not path:
            continue  # a link to an anchor on the same page
        if path.startswith("/"):
            target = os.path.join(content_root, path.lstrip("/"))
        else:
            target = os.path.join(os.path.dirname(content.source_path), path)
        if not os.path.isfile(target):
            yield what, written


def check_page(content):
    if not isinstance(content, Page):
        return
    for what, written in missing_targets(content):
        content_problem.send(
            content.source_path,
            message=f"the link {{{what}}}{written} points to a file that does not exist.",
            fix="check the spelling of the file name. Paths are relative to "
            "this file; start with / to mean the content/ folder.",
            find=written,
            covers=(os.path.basename(urlparse(written).path),),
        )


def register():
    signals.content_object_init.connect(check_page)
