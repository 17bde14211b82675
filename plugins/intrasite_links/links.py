"""Fails the build on {filename}, {static} or {attach} links to missing files or
to files outside the content folder, and on {tag}, {category} or {author}
links, since this site has no such pages.

Pelican only warns about a missing file and writes a dead link for a listing
page; a patient following either gets a 404. A link that climbs out of
content/ (``{static}/../requirements.txt``) would publish a project file, and
Pelican fails on it with a message that names no page.

Reads the addresses the page model classified (plugins/page_model).
"""

import os
from urllib.parse import unquote, urlsplit

from blinker import signal

content_problem = signal("content_problem")

FILE_LINK_KINDS = ("page", "static")


def resolved(url, source_path, content_root):
    """The absolute file a {filename}/{static} link names, or None for none."""
    path = unquote(urlsplit(url.target or "").path)
    if not path:
        return None  # {index}, or a link to an anchor on the same page
    base = content_root if path.startswith("/") else os.path.dirname(source_path)
    return os.path.realpath(os.path.join(base, path.lstrip("/")))


def link_problems(model, source_path, content_root):
    """(message, fix, written link, file names Pelican's echo may mention)."""
    root = os.path.realpath(content_root)
    for url in model.urls:
        written = url.value.strip()
        if url.kind == "listing":
            yield (
                f"the link {written} points to a {url.what} page; this site has none.",
                "link to a procedure page instead, for example [Kyphoplasty]({filename}kyphoplasty.md).",
                written,
                (),
            )
            continue
        if url.kind not in FILE_LINK_KINDS:
            continue
        if url.candidate is not None:
            yield (
                f"the srcset of an image holds {written}; the build can only fill in "
                "{static} and {filename} links in src and href, so this picture would be broken.",
                "give the image one picture: ![What it shows]({static}/images/name.png), "
                "without srcset.",
                written,
                (),
            )
            continue
        target = resolved(url, source_path, content_root)
        if target is None:
            continue
        name = os.path.basename(target)
        if os.path.commonpath([target, root]) != root:
            yield (
                f"the link {written} points outside the content folder, to {target}. "
                "Pages may only link files inside content/.",
                "put the file in content/images/ and link it as {static}/images/name.pdf.",
                written,
                (name,),
            )
        elif not os.path.isfile(target):
            yield (
                f"the link {written} points to a file that does not exist.",
                "check the spelling of the file name. Paths are relative to "
                "this file; start with / to mean the content/ folder.",
                written,
                (name,),
            )


def check_page(content, model):
    for message, fix, written, covers in link_problems(model, content.source_path, content.settings["PATH"]):
        content_problem.send(content.source_path, message=message, fix=fix, find=written, covers=covers)


def register():
    signal("page_model.check").connect(check_page)
