"""Pelican's own writer, given a page's kept render instead of its template,
and keeping the render of every page it renders.

A page's render is a function of the same things as its facts (keys.py), so
it is kept under the page's key. The writer is Pelican's, chosen through
Pelican's get_writer signal; ``write_file`` is given, in place of the page's
template, an object whose ``render`` returns the kept HTML, so Pelican writes
the file, sets the addresses and sends ``content_written`` as for any page.
A page with no kept render is rendered by its template (a page restored from
its facts gets its sections back from them for the render only), and the
render is kept unless a warning was logged or Python showed one meanwhile
(trouble.py): the next build renders it again and says it again. A page
rendered here is handed to the pool to be minified and compressed ahead of
the output stages (output_stages/ahead.py); one written from its kept
render is not: its results are most likely in the cache already, and the
stages make whatever is not.

Files that are not pages but are made from the pages' headers alone (a
code's lookup files: ehr_connect) are kept whole, a chunk at a time, under
the site key and what they are made of (``kept_files``, ``keep_files``):
after an edit to one page's text, the thousand lookup pages of a
thousand-page catalog were rendered again on every build, each the same as
before.
"""

import hashlib

from pelican.writers import Writer

from sitebuild.build_cache import touch
from sitebuild.plugin_guard import in_this_build

from ..output_stages import ahead
from . import cache
from .trouble import Trouble


class KeptRender:
    """Stands in for a template: its render is the kept page."""

    def __init__(self, html: str):
        self.html = html

    def render(self, *_arguments, **_keywords) -> str:
        return self.html


class RecordedRender:
    """A template whose render is noted, to be kept."""

    def __init__(self, template):
        self.template = template
        self.html = None

    def render(self, *arguments, **keywords) -> str:
        self.html = self.template.render(*arguments, **keywords)
        return self.html


class KeptRenderWriter(Writer):
    def write_file(self, name, template, context, *arguments, **keywords):
        build = cache.current()
        page = keywords.get("page")
        key = cache.key_of(page.source_path) if page is not None and name and build.site is not None else None
        if key is None:
            return super().write_file(name, template, context, *arguments, **keywords)
        kept = build.entries.render(key)
        if kept is not None:
            touch(build.entries.render_path(key))
            return super().write_file(name, KeptRender(kept), context, *arguments, **keywords)
        loaded = cache.load_sections(page)
        recorded = RecordedRender(template)
        trouble = Trouble()
        try:
            with trouble:
                super().write_file(name, recorded, context, *arguments, **keywords)
        finally:
            if loaded:  # only the render reads them
                cache.unload_sections(page)
            trouble.show_python_warnings()
        _rendered(name, recorded, trouble, build.entries, key)
        return None


def write_handed_ahead(writer, name, template, context, **keywords):
    """``writer.write_file(name, template, context, **keywords)``, for a file
    rendered from the pages' headers alone (a code's lookup page), its render
    handed to the pool to be finished ahead of the output stages as a page's
    is. Not kept on its own: such files are kept whole, a chunk at a time
    (``keep_files``), under the same site key."""
    recorded = RecordedRender(template)
    writer.write_file(name, recorded, context, **keywords)
    if recorded.html is not None:
        ahead.rendered(name, recorded.html)


def _files_key(inputs) -> str | None:
    build = cache.current()
    if build.site is None or build.files is None:
        return None
    digest = hashlib.sha256(build.site)
    digest.update(repr(inputs).encode())
    return digest.hexdigest()


def kept_files(inputs) -> dict[str, bytes] | None:
    """The files ``keep_files`` kept under ``inputs`` and the site key, or
    None. For files made from the pages' headers alone, kept whole and
    written by the caller: after an edit to one page's text a
    thousand codes' lookup files (ehr_connect) were made again, each the
    same, and Pelican's writer went through its addresses and wrote each
    page over the same bytes."""
    key = _files_key(inputs)
    if key is None:
        return None
    build = cache.current()
    found = build.files.files(key)
    if found is not None:
        touch(build.files.files_path(key))
    return found


def keep_files(inputs, files: dict[str, bytes]) -> None:
    """Keep ``files`` ({output path: bytes}) under ``inputs`` (by their repr,
    which must say all they were made from besides the site key and the
    build's settings, theme and code, which the cache folder is for)."""
    key = _files_key(inputs)
    if key is not None:
        try:
            cache.current().files.write_files(key, files)
        except OSError:
            pass  # not kept: made again next time


def _rendered(name, recorded, trouble, entries, key) -> None:
    """What follows a render that was not kept: the page handed to the pool
    to be finished ahead of the output stages, and its render kept under
    ``key`` unless it had trouble (then the next build renders it again and
    says it again)."""
    if recorded.html is None:
        return
    ahead.rendered(name, recorded.html)
    if trouble.quiet:
        cache.current().keeper.keep(entries.write_render, key, recorded.html)  # while the next page renders


def writer(pelican):
    if in_this_build(pelican, __package__) and pelican.settings.get("BUILD_CACHE_PATH"):
        return KeptRenderWriter
    return None
