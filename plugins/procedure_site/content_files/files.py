"""Nothing in the content folder is silently ignored.

Every file under the settings' PATH is one of:

- a page: a file Pelican reads, under PAGE_PATHS (PAGE_EXCLUDES left out).
  Pages are Markdown: this plugin leaves Pelican only its Markdown reader (and
  the one for static files), so a ``.html`` or ``.rst`` file is never read as
  a half-page that breaks the content model in confusing ways;
- a static file, copied as it is: under STATIC_PATHS (STATIC_EXCLUDES left
  out). Whether its kind can be served is checked elsewhere;
- a file the settings' IGNORE_FILES leaves out: the hidden files editors
  never see (``.DS_Store``, editor swap and lock files). Pelican neither reads
  nor copies them, and they are not reported;

and anything else is reported as a problem (build_report's Problem) with
what to do: ``Kyphoplasty.MD`` -> rename it to ``kyphoplasty.md``;
``notes.txt`` in the pages folder -> move it out.

Which files are pages and which are static is asked of Pelican itself (its
generators' ``get_files`` with their readers and the settings), so this plugin
keeps no second copy of those rules, and no state between builds.

Before any of that, as each build starts, the folder is surveyed without
opening anything in it (discovery.py): a link, a named pipe or another thing
that is not a file stops the build before Pelican reads a single file, with
every such problem (and any other the build found by then) listed; a file or
folder name with a control character is reported with the build's other
problems.
"""

import os
from dataclasses import dataclass
from urllib.parse import quote, unquote

from blinker import signal
from pelican import signals
from pelican.readers import BaseReader, MarkdownReader
from pelican.utils import slugify

from procedure_site.build_report.report import problem, report
from sitebuild import page_pool
from sitebuild.plugin_guard import in_this_build

from .discovery import ordinary_file_inside, survey


content_stop = signal("content_stop")


class UnsafeContent(Exception):
    """The content folder holds a link or a pipe and nothing listed why
    (build_report, which stops the build on content_stop, is not loaded)."""


# --- Before anything is read ------------------------------------------------------

# Per build: whether the survey found something no one may read. Set as the
# build starts (get_generators), read when the first generator sets up its
# readers (readers_init), which Pelican does only once every get_generators
# receiver (the settings checks) has run, and before any file is opened.
_unsafe = {"found": False}


def survey_content(pelican):
    if not in_this_build(pelican, __package__):
        return
    findings = survey(pelican.settings["PATH"], pelican.settings["IGNORE_FILES"])
    report(problem(finding.path, finding.message, finding.fix) for finding in findings)
    _unsafe["found"] = any(finding.unsafe for finding in findings)


def stop_before_reading(readers):
    if not in_this_build(readers, __package__) or not _unsafe["found"]:
        return
    _unsafe["found"] = False
    content_stop.send(readers)  # build_report lists the problems and raises
    raise UnsafeContent("the content folder holds a link or a named pipe; build_report is needed to list them")


def static_links_to_ordinary_files(generator):
    """Once the pages are read: Pelican publishes every file a page's
    ``{static}`` link names, even one its walk leaves out (a hidden link or
    pipe) or one that is not there, and the production build reads each one
    to name it by its hash. Only ordinary files inside the content folder are
    kept; a link to anything else is reported by intrasite_links (a file that
    does not exist, or outside the content folder), and is never opened."""
    if not in_this_build(generator, __package__):
        return
    links = generator.context["static_links"]
    # Pelican's static_links decodes %20 only; its link replacer, and the
    # browser, decode every escape (spine%20%281%29.png is "spine (1).png"):
    # the file such a link names is kept under its own name.
    links.update([unquote(path) for path in links])
    links.difference_update([path for path in links if not ordinary_file_inside(generator.path, path)])


def unlinked_files(static_files, links) -> list[str]:
    """Each of ``static_files`` (paths relative to the content folder) that
    no page links to (``links``: Pelican's ``static_links``, every page's
    ``{static}`` links, drafts' too), in order."""
    linked = {os.path.normpath(link) for link in links}
    return sorted(path for path in static_files if os.path.normpath(path) not in linked)


def check_unlinked_files(generator):
    """A file in content/images/ that no page links to would be published
    all the same, at an address anyone may guess (review-notes.txt, a
    draft's picture put there early): a problem, so that nothing reaches
    the public site that no page meant to show. A draft's link counts: its
    picture is ready when the draft is."""
    if not in_this_build(generator, __package__) or page_pool.in_worker():
        return
    by_path = {static.get_relative_source_path(): static for static in generator.staticfiles}
    report(
        problem(
            os.path.join(generator.path, relative),
            f"no page links to this file, so it would be published at /{by_path[relative].save_as} for anyone who "
            "finds the address.",
            f"link it from the page it belongs to ({{static}}/{quote(relative.replace(os.sep, '/'))}), or move it out "
            "of the content folder if it is not for patients.",
        )
        for relative in unlinked_files(by_path, generator.context["static_links"])
    )


# --- Markdown only -------------------------------------------------------------


def keep_markdown_readers(reader_classes):
    """``reader_classes`` (extension -> reader class) with every reader but the
    Markdown ones and the static one switched off (None), as Pelican's READERS
    setting does."""
    return {
        extension: cls
        if cls is None or cls is BaseReader or (isinstance(cls, type) and issubclass(cls, MarkdownReader))
        else None
        for extension, cls in reader_classes.items()
    }


def markdown_only(readers):
    if not in_this_build(readers, __package__):
        return
    readers.reader_classes.update(keep_markdown_readers(readers.reader_classes))


# --- The layout of the content folder -----------------------------------------


@dataclass(frozen=True)
class Layout:
    """What the settings say goes where, as an editor sees it."""

    content: str  # the content folder's name, e.g. "content"
    page_paths: tuple  # e.g. ("procedures",)
    static_paths: tuple  # e.g. ("images",)
    page_extensions: tuple  # e.g. ("md", "markdown"); the first is the one to suggest
    regex_subs: tuple = ()

    def folder(self, path):
        return "/".join(part for part in (self.content, path.strip("/")) if part) + "/"

    def folders(self, paths):
        return " or ".join(self.folder(path) for path in paths)

    def in_pages(self, relative):
        return any(_inside(relative, path) for path in self.page_paths)


def _inside(relative, folder):
    folder = folder.strip("/")
    return not folder or relative == folder or relative.startswith(folder + "/")


def _normal(paths):
    return {os.path.normpath(path).replace(os.sep, "/") for path in paths}


def unused_files(everything, pages, static):
    """Files in ``everything`` that are neither pages nor static, sorted; all
    paths relative to the content folder."""
    return sorted(_normal(everything) - _normal(pages) - _normal(static))


def page_name(name, layout):
    """The name a page file should have, or None when ``name`` does not look
    like one: ``Kyphoplasty.MD`` -> ``kyphoplasty.md``, ``Knee.md.txt`` ->
    ``knee.md`` (an editor that adds its own ending)."""
    parts = name.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        extension = parts[cut].lower()
        if extension in layout.page_extensions:
            stem = ".".join(parts[:cut])
            made = slugify(stem, regex_subs=layout.regex_subs, preserve_case=False, use_unicode=False)
            return f"{made or stem.lower()}.{extension}"
    return None


def advice(relative, layout):
    """(message, fix) for ``relative``, a file under the content folder that
    is neither a page nor static."""
    where, _, name = relative.rpartition("/")
    pages = layout.folders(layout.page_paths)
    static = layout.folders(layout.static_paths)
    ending = f"'.{layout.page_extensions[0]}'" if layout.page_extensions else "a page's ending"
    better = page_name(name, layout)
    if layout.in_pages(relative):
        if better is not None:
            return (
                f"this file is not read as a page: a page's file name must end in {ending}, in small letters.",
                f"rename it to '{better}'.",
            )
        here = layout.folder(where)
        linked = f"; an image or a document that a page links to goes in {static}" if static else ""
        return (
            f"this file is not used: {here} holds only pages, written in Markdown (files ending in {ending}).",
            f"move it out of {here}. To add a page, write its text in a Markdown file ending in {ending}{linked}.",
        )
    if better is not None:
        rename = "" if better == name else f" and rename it to '{better}'"
        return (
            f"this file is not read as a page: pages are read only from {pages}.",
            f"move it into {pages}{rename}.",
        )
    home = layout.folder("")
    return (
        f"this file is not used: {home} holds only pages (in {pages})"
        + (f" and the images and documents they link to (in {static})." if static else "."),
        f"move it out of {home}." + (f" If a page links to it, put it in {static}." if static else ""),
    )


# --- The check ------------------------------------------------------------------


def layout_of(generator):
    settings = generator.settings
    extensions = tuple(ext for ext, reader in generator.readers.readers.items() if isinstance(reader, MarkdownReader))
    return Layout(
        content=os.path.basename(os.path.normpath(generator.path)),
        page_paths=tuple(settings["PAGE_PATHS"]),
        static_paths=tuple(settings["STATIC_PATHS"]),
        page_extensions=extensions,
        regex_subs=tuple(map(tuple, settings.get("SLUG_REGEX_SUBSTITUTIONS", ()))),
    )


def check_content_folder(generator):
    """Report every file under PATH that is neither a page nor static (in
    the build's own process: a pool worker's reports go nowhere)."""
    if not in_this_build(generator, __package__) or page_pool.in_worker():
        return
    settings = generator.settings
    everything = generator.get_files([""], extensions=False)  # IGNORE_FILES left out, as everywhere
    pages = generator.get_files(settings["PAGE_PATHS"], exclude=settings["PAGE_EXCLUDES"])
    static = generator.get_files(settings["STATIC_PATHS"], exclude=settings["STATIC_EXCLUDES"], extensions=False)
    layout = layout_of(generator)
    report(
        problem(os.path.join(generator.path, relative), *advice(relative, layout))
        for relative in unused_files(everything, pages, static)
    )


def register():
    signals.get_generators.connect(survey_content)
    signals.readers_init.connect(stop_before_reading)
    signals.readers_init.connect(markdown_only)
    signals.page_generator_init.connect(check_content_folder)
    signals.page_generator_finalized.connect(static_links_to_ordinary_files)
    signals.static_generator_finalized.connect(check_unlinked_files)
