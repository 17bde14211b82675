"""Fails the build on {filename}, {static} or {attach} links to missing files,
and on {tag}, {category} or {author} links, since this site has no such pages.

Pelican only warns about the first and writes a dead link for the second; a
patient following either gets a 404.
"""

import os
import re
from urllib.parse import unquote, urlparse

from blinker import signal
from pelican import signals
from pelican.contents import Page

content_problem = signal("content_problem")

FILE_LINKS = {"filename", "static", "attach"}
LISTING_LINKS = {"tag", "category", "author"}  # pages this site does not build


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


def listing_links(content):
    """Yield (what, written) for each link to a tag, category or author page."""
    for match in content._get_intrasite_link_regex().finditer(content._content or ""):
        if match.group("what") in LISTING_LINKS:
            yield match.group("what"), match.group("value")


def check_page(content):
    if not isinstance(content, Page):
        return
    for what, written in listing_links(content):
        content_problem.send(
            content.source_path,
            message=f"the link {{{what}}}{written} points to a {what} page; this "
            "site has none.",
            fix="link to a procedure page instead, for example "
            "[Kyphoplasty]({filename}kyphoplasty.md).",
            find=f"{{{what}}}{written}",
        )
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
