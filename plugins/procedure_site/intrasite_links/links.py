"""Fails the build on {filename}, {static} or {attach} links to missing files or
to files outside the content folder, on {tag}, {category} or {author}
links, since this site has no such pages, and on addresses of this site
written by hand.

Pelican only warns about a missing file and writes a dead link for a listing
page; a patient following either gets a 404. A link that climbs out of
content/ (``{static}/../requirements.txt``) would publish a project file, and
Pelican fails on it with a message that names no page.

An address of this site written by hand (``/images/spine.png``,
``../kyphoplasty/``, ``../../etc/passwd``) is refused, whether or not it
happens to lead somewhere: the build cannot check it (nothing fills it in),
it works in one flavour and not another (the kiosk opens pages as files, with
their own addresses; the production site may live under a folder), and ``..``
could climb anywhere. {filename} and {static} links are checked against the
content folder here and filled in by Pelican for each flavour, so the fix
is always to write one. A place on the same page (``#why``) is not an
address of another file and stays allowed.

Reads the addresses the page model classified (plugins/procedure_site/page_model); markers
written where the build does not read them as links are found by markers.py,
and output_guard.py refuses any copy that would land outside the output folder.
"""

import os
from urllib.parse import unquote, urlsplit


from procedure_site.build_report.report import address_needles, problem
from .markers import marker_problems
from .output_guard import explained_pages
from .output_guard import register as register_output_guard


FILE_LINK_KINDS = ("page", "static")


def resolved(url, source_path, content_root):
    """The absolute file a {filename}/{static} link names, or None for none."""
    path = unquote(urlsplit(url.target or "").path)
    if not path:
        return None  # {index}, or a link to an anchor on the same page
    # %00 reads as a NUL, which no file name holds (and os.path refuses): the
    # replacement character keeps the path a name of no file.
    path = path.replace("\x00", "\ufffd")
    base = content_root if path.startswith("/") else os.path.dirname(source_path)
    return os.path.realpath(os.path.join(base, path.lstrip("/")))


def suggestion(written, content_root):
    """``{static}/images/spine.png`` (or ``{filename}/procedures/x.md`` for a
    page's file) for a root-relative address that names a file of the
    content folder, else None. Only for the fix: the address is refused
    either way, and nothing outside content/ is looked at."""
    path = unquote(urlsplit(written).path)
    if not path.startswith("/") or ".." in path.split("/") or "\\" in path or "\x00" in path:
        return None
    root = os.path.realpath(content_root)
    target = os.path.realpath(os.path.join(root, path.lstrip("/")))
    if os.path.commonpath([target, root]) != root or target == root or not os.path.isfile(target):
        return None
    return ("{filename}" if path.endswith(".md") else "{static}") + path


def site_address_problem(url, content_root):
    """(message, fix) for an address of this site written by hand."""
    written = url.value.strip()
    shown = written or '""'
    better = suggestion(written, content_root)
    if url.loaded:
        message = (
            f"the image {shown} is a web address written by hand: the build cannot check that "
            "the picture is there, and it would not show in the kiosk, which opens pages as files."
        )
        fix = "save the picture in content/images/ and write its address as {static}/images/name.png."
    else:
        message = (
            f"the link {shown} is a web address written by hand: the build cannot check where it "
            "leads, and it would not work in the kiosk, which opens pages as files."
        )
        fix = (
            "link to the page's file instead, for example [Kyphoplasty]({filename}kyphoplasty.md), "
            "or to a file as {static}/images/name.pdf; a place on this page is written #id."
        )
    return message, (f"write the address as {better}." if better else fix)


def link_problems(model, source_path, content_root):
    """(message, fix, written link, file names Pelican's echo may mention)."""
    root = os.path.realpath(content_root)
    for message, fix, needle in marker_problems(model):
        yield message, fix, needle, ()
    for url in model.urls:
        written = url.value.strip()
        if url.kind == "site":
            message, fix = site_address_problem(url, content_root)
            yield message, fix, written, ()
            continue
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
        if not unquote(urlsplit(url.target or "").path):
            # Pelican would only warn "Unable to find ''" as it wrote the page, naming no file.
            yield (
                f"the link {written} names no file, so it would lead nowhere.",
                "write the file's path after it: {static}/images/name.pdf for a picture or document, "
                "{filename}other-page.md for a page.",
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


def page_problems(content, model) -> list:
    """The page's link problems, as data (page_model/pipeline.py reports them)."""
    found = [
        problem(content.source_path, message, fix, find=address_needles(written) if written else None, covers=covers)
        for message, fix, written, covers in link_problems(model, content.source_path, content.settings["PATH"])
    ]
    if found:
        explained_pages.add(content.source_path)  # output_guard: this page's copies are already explained
    return found


def register():
    register_output_guard()
