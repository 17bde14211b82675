"""Keeps each page's rendered HTML, and what the build learned from it, for
the next build, which then neither parses nor renders a page that cannot have
changed.

Works only where the build runner gave the build a cache folder
(BUILD_CACHE_PATH, see sitebuild/build_cache.py): that folder is already
particular to everything but the content (settings, theme, plugins, packages,
today's date). Within it, a page's entry is keyed by:

- the page's own bytes, and its path;
- the site key: the metadata block of every page of the content folder (each
  page's header, up to its first blank line, with the file's path) and the
  bytes of every other file there. A page's output depends on other pages
  only through what their headers say (titles, slugs, languages and statuses
  make the links, the language switcher and the A-Z lists) and on other
  files only through their names and bytes (links to them, their
  fingerprinted names). So an edit to one page's text keeps every other
  page's entry; an edit to any page's header, or an added, removed or changed
  file, starts every page afresh.

An entry holds what the page_model steps set on the page (its final HTML,
its review dates, its template; never the parse tree, which only the render
reads, nor the reading levels, which only the content report reads), the
notices the build printed for it, and the
HTML the page's template rendered. On a hit (page_model.restore), the
attributes are set, the notices are sent again (so a warm build says what a
cold one says) and the page is written from the entry by this plugin's
writer, which sends Pelican's content_written as a render would. A page that
had a content problem is never stored: a build with a problem writes no page.
Nor is one read or rendered while a warning was logged or Python showed one
(``warnings.warn``): the next build does it again and says it again.
The checks that look across pages (clashing addresses, languages) are not
page_model steps and run in every build.

Each entry is one file, ``<key>.entry``: the pickle's length (8 bytes), the
pickle, then the render's bytes, which are read only when the page is written
(so a warm build never holds every page in memory; one file, not two, since
creating files is a large part of a cold build's cost). It is written whole
and renamed into place; one that cannot be read is a miss. An entry a build
uses is touched, and the build runner removes the ones no build used
(sitebuild/build_cache.py).

A build with many pages missing (a cold one) first makes them on every core
(prefill.py): the pages are read ahead in copies of the build into
``<key>.learned`` (the attributes; apart from them, read back only for the
page's render, the procedure's text and the reading levels; the notices; no
render), restored from there here, and rendered ahead in copies into their
``<key>.entry``; a page restored from its ``.learned`` that was not rendered
ahead is rendered here and kept, as any other.
"""

import hashlib
import logging
import os
import pickle
import stat
import warnings
from itertools import chain
from pathlib import Path

import blinker
from pelican import signals
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import Writer

from sitebuild.build_cache import touch, write_atomically
from sitebuild.plugin_guard import in_this_build

from . import prefill

logger = logging.getLogger(__name__)

# Only the render reads these, and a page restored from its entry is not
# rendered; a page read ahead (prefill.py) is, so its .learned keeps the
# procedure (as text: procedure_model's Section is kept only once frozen).
# The reading levels too: the build has said what it had to say about them
# (the notices are kept), and only the content report reads them, which
# builds without a cache. (10,000 pages: 25 MB at the peak.)
TREE_ATTRIBUTES = {"page_model", "procedure", "reading"}
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")


content_notice = blinker.signal("content_notice")
content_problem = blinker.signal("content_problem")
# Sent once a page's attributes are set from the cache (sender: the page), for
# what must point back at the page it is restored onto.
page_restored = blinker.signal("page_model.restored")


class _Build:
    """One build's state; made afresh on get_generators."""

    def __init__(self, folder=None):
        self.folder = Path(folder) / "pages" if folder else None
        self.site_key = None
        self.notices = {}  # source path -> [kwargs of each content_notice]
        self.keys = {}  # source path -> the entry's key, once restore() asked for it
        self.file_keys = {}  # source path -> its key (key_for)
        self.learned = {}  # source path -> attributes set by the page_model steps
        self.read_ahead = False  # prefill.py has read this build's pages
        self.rendered_ahead = False  # ... and rendered them
        self.python_warnings = 0  # how many this process has shown (counting_python_warnings)
        self.warnings_before_read = 0  # ... when Pelican began to read the page it is reading


_build = _Build()


def header(data: bytes) -> bytes:
    """A page's metadata block: its lines up to the first blank one."""
    lines = []
    for line in data.split(b"\n"):
        if not line.strip():
            break
        lines.append(line)
    return b"\n".join(lines)


def site_key(content_root) -> bytes:
    """Every page's header and every other file's bytes, with their paths.

    Only ordinary files are read: the build refuses a link or a named pipe in
    the content folder before this runs (content_files), but a hidden one,
    which the build ignores, is listed here too, and reading it would follow
    the link or wait on the pipe for ever. (os.walk does not enter a linked
    folder.)"""
    digest = hashlib.sha256()
    for folder, subfolders, files in os.walk(content_root):
        subfolders.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            try:
                if not stat.S_ISREG(os.lstat(path).st_mode):
                    continue
                data = Path(path).read_bytes()
            except OSError:
                data = b"\0unreadable"
            relative = os.path.relpath(path, content_root)
            kept = header(data) if name.lower().endswith(MARKDOWN_SUFFIXES) else hashlib.sha256(data).digest()
            digest.update(f"{relative}\0{len(kept)}\0".encode() + kept)
    return digest.digest()


def key_for(source_path: str) -> str | None:
    """The key of the page in ``source_path``, made once a build (looking for
    the pages to read ahead, then restoring each, asks for every page's)."""
    if source_path not in _build.file_keys:
        try:
            data = Path(source_path).read_bytes()
        except OSError:
            return None
        digest = hashlib.sha256(_build.site_key)
        digest.update(source_path.encode() + b"\0" + data)
        _build.file_keys[source_path] = digest.hexdigest()
    return _build.file_keys[source_path]


def page_key(content) -> str | None:
    return key_for(content.source_path)


def entry_path(key: str) -> Path:
    return _build.folder / f"{key}.entry"


def learned_path(key: str) -> Path:
    """What the steps set and the notices, without the render: a page read
    ahead (prefill.py) and not yet rendered."""
    return _build.folder / f"{key}.learned"




# --- Receivers ------------------------------------------------------------------


def start_build(pelican):
    global _build
    folder = pelican.settings.get("BUILD_CACHE_PATH") if in_this_build(pelican, __package__) else None
    _build = _Build(folder)
    if not getattr(warnings.showwarning, "counts_for_page_cache", False):
        warnings.showwarning = counting_python_warnings(warnings.showwarning)


def counting_python_warnings(show):
    """``warnings.showwarning``, counting each warning it shows: a page read
    or rendered while Python showed a warning is not kept, so the next build
    does it again and shows it again, as a build without the cache would.
    (Logged warnings and notices are watched apart: Trouble, record_notice.)"""

    def showwarning(*arguments, **keywords):
        _build.python_warnings += 1
        return show(*arguments, **keywords)

    showwarning.counts_for_page_cache = True
    return showwarning


def before_read(_generator):
    _build.warnings_before_read = _build.python_warnings


def learn_site(generator):
    if _build.folder is not None and in_this_build(generator, __package__):
        _build.site_key = site_key(generator.path)


def record_notice(path, **kwargs):
    if _build.folder is not None:
        _build.notices.setdefault(str(path), []).append(kwargs)


def restore(content):
    """page_model.restore: True when the page was restored from its entry."""
    if _build.site_key is None or not in_this_build(content, __package__):
        return False
    key = page_key(content)
    if key is None:
        return False
    _build.keys[content.source_path] = key
    try:
        with open(entry_path(key), "rb") as handle:
            length = int.from_bytes(handle.read(8), "big")
            entry = pickle.loads(handle.read(length))  # not the render after it
        attributes, notices = entry["attributes"], entry["notices"]
        render = (entry_path(key), 8 + length)
    except Exception:  # no entry, or one that cannot be read: read ahead?
        try:
            entry = pickle.loads(learned_path(key).read_bytes())
            attributes, notices = entry["attributes"], entry["notices"]
            entry["tree"]  # noqa: B018 (kept whole, or not at all)
            render = None
        except Exception:  # neither: parse the page
            return False
    if not touch(render[0] if render else learned_path(key)):
        return False
    for name, value in attributes.items():
        setattr(content, name, value)
    page_restored.send(content)
    for notice in notices:
        content_notice.send(content.source_path, **notice)
    if render is None:
        # Rendered in this build (ahead, or by Pelican), then kept whole. The
        # procedure is read again from the file when the page is rendered:
        # most of a page's memory, and a page rendered ahead never needs it
        # here (10,000 pages: 140 MB).
        _build.learned[content.source_path] = attributes
        content._tree_kept = learned_path(key)
    else:
        # The render stays on disk until the page is written: a whole
        # catalog's pages held in memory would be the largest thing in a
        # warm build.
        content._cached_render = render
    return True


def keep_learned(source_path: str) -> bool:
    """In a copy reading ahead (prefill.py): keep what the steps set on the
    page just read, for the build's own process to restore."""
    key = _build.keys.get(source_path)
    attributes = _build.learned.pop(source_path, None)
    if key is None or attributes is None:
        return False  # a draft, or a page that was in the cache already
    tree = {name: attributes.pop(name) for name in TREE_ATTRIBUTES if name in attributes}
    try:
        entry = {
            "attributes": attributes,
            "notices": _build.notices.get(source_path, []),
            # pickled apart, so restoring the page does not unpickle it
            "tree": pickle.dumps(tree, protocol=pickle.HIGHEST_PROTOCOL),
        }
        write_atomically(learned_path(key), pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception as error:  # an attribute that cannot be pickled, a full disk: read again
        logger.debug("page_cache: %s not read ahead: %s", source_path, error)
        return False
    return True


def load_tree(page) -> list[str]:
    """Before a page restored from its .learned is rendered: its procedure,
    from the file; the names set."""
    path = getattr(page, "_tree_kept", None)
    if path is None:
        return []
    tree = pickle.loads(pickle.loads(Path(path).read_bytes())["tree"])
    for name, value in tree.items():
        setattr(page, name, value)
    page_restored.send(page)
    return list(tree)


def kept_pages():
    """The source paths the page_model steps ran on in this copy."""
    return _build.keys


def read_marker(key: str) -> Path:
    return _build.folder / f"{key}.read"


def mark_read(source_path: str) -> None:
    """A file read ahead without trouble that has nothing to keep."""
    key = key_for(source_path)
    if key is not None:
        try:
            write_atomically(read_marker(key), b"")
        except OSError:
            pass


def has_entry(source_path: str) -> bool:
    key = _build.keys.get(source_path)
    return key is not None and entry_path(key).is_file()


def read_pages_ahead(generator):
    """At the first page Pelican reads: the pages the cache lacks, read on
    every core first (prefill.py)."""
    if _build.folder is None or _build.site_key is None or _build.read_ahead or not in_this_build(generator, __package__):
        return
    _build.read_ahead = True  # the copies inherit it, and read no further ahead
    settings = generator.settings
    missing = []
    for path in generator.get_files(settings["PAGE_PATHS"], exclude=settings["PAGE_EXCLUDES"]):
        key = key_for(os.path.abspath(os.path.join(generator.path, path)))
        if key is None or entry_path(key).is_file() or learned_path(key).is_file():
            continue
        if not touch(read_marker(key)):  # touched: still used, kept by prune()
            missing.append(path)
    prefill.read_ahead(generator, missing)


def render_pages_ahead(generator, content=None):
    """At the first page Pelican writes: the pages the cache has no render
    of, rendered on every core into their entries first (prefill.py)."""
    if _build.folder is None or _build.rendered_ahead or not in_this_build(generator, __package__):
        return
    _build.rendered_ahead = True
    pages = [
        page
        for page in chain(generator.translations, generator.pages, generator.hidden_translations,
                          generator.hidden_pages)
        if page.save_as and getattr(page, "_cached_render", None) is None and page.source_path in _build.learned
    ]
    kept = set(prefill.render_ahead(generator, pages, _build.folder.parent / "scratch" / str(os.getpid())))
    for page in pages:
        if page.source_path not in kept:
            continue
        path = entry_path(_build.keys[page.source_path])
        try:
            with open(path, "rb") as handle:
                length = int.from_bytes(handle.read(8), "big")
        except OSError:
            continue  # rendered here after all
        touch(path)
        page._cached_render = (path, 8 + length)
        _build.learned.pop(page.source_path, None)


def remember(content, added):
    """page_model.built: what the steps set, kept until the page is rendered
    (not when Python showed a warning while the page was read)."""
    if content.source_path in _build.keys and _build.python_warnings == _build.warnings_before_read:
        _build.learned[content.source_path] = {
            name: getattr(content, name) for name in added if name != "page_model"
        }


def store(page, written_path):
    key = _build.keys.get(page.source_path)
    attributes = _build.learned.pop(page.source_path, None)
    if key is None or attributes is None:
        return
    attributes = {name: value for name, value in attributes.items() if name not in TREE_ATTRIBUTES}
    try:
        entry = {"attributes": attributes, "notices": _build.notices.get(page.source_path, [])}
        head = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        write_atomically(entry_path(key), len(head).to_bytes(8, "big") + head + Path(written_path).read_bytes())
    except Exception as error:  # an attribute that cannot be pickled, a full disk: not kept
        logger.debug("page_cache: %s not kept: %s", page.source_path, error)


def check_setting(pelican):
    problem = prefill.setting_problem(pelican.settings.get("BUILD_PROCESSES")) if in_this_build(pelican, __package__) else None
    if problem:
        content_problem.send("pelicanconf.py", message=problem,
                             fix="see the comment above BUILD_PROCESSES in pelicanconf.py.")


class PageCacheWriter(Writer):
    """Pelican's writer; a restored page is written from its entry, and every
    other page's render is kept for the next build."""

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        page = kwargs.get("page")
        render = getattr(page, "_cached_render", None) if page is not None else None
        if render is not None and name:
            self._write_restored(name, render, context, relative_urls, override_output, kwargs)
            return
        loaded = load_tree(page) if page is not None else []
        python_warnings = _build.python_warnings
        warned = prefill.Trouble()
        logging.getLogger().addHandler(warned)
        try:
            super().write_file(name, template, context, relative_urls=relative_urls, paginated=paginated,
                               template_name=template_name, override_output=override_output, url=url, **kwargs)
        finally:
            logging.getLogger().removeHandler(warned)
            for attribute in loaded:  # only its render reads it
                delattr(page, attribute)
        # A render that logged a warning fails this build; kept, the next
        # build would be written from it and say nothing. One that showed a
        # Python warning is not kept either, so the next build shows it too.
        quiet = not warned.seen and _build.python_warnings == python_warnings
        if page is not None and name and _build.folder is not None and quiet:
            store(page, sanitised_join(self.output_path, name))

    def _write_restored(self, name, render, context, relative_urls, override, kwargs):
        """What Writer.write_file does for one page, with the render given."""
        localcontext = context.copy()
        localcontext["localsiteurl"] = localcontext.get("localsiteurl", None)
        if relative_urls:
            relative_url = path_to_url(get_relative_path(name))
            localcontext["SITEURL"] = relative_url
            localcontext["localsiteurl"] = relative_url
        localcontext["output_file"] = name
        localcontext.update(kwargs)
        path = sanitised_join(self.output_path, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        path_kept, offset = render
        with open(path_kept, "rb") as kept:  # the build holds the cache's lock: nothing removes it meanwhile
            kept.seek(offset)
            text = kept.read().decode("utf-8")
        with self._open_w(path, "utf-8", override=override) as handle:
            handle.write(text)
        signals.content_written.send(path, context=localcontext)


def writer(pelican):
    if in_this_build(pelican, __package__) and pelican.settings.get("BUILD_CACHE_PATH"):
        return PageCacheWriter
    return None


def register():
    signals.get_generators.connect(start_build)
    signals.get_generators.connect(check_setting)
    signals.page_generator_init.connect(learn_site)
    signals.page_generator_preread.connect(read_pages_ahead)
    signals.page_generator_preread.connect(before_read)
    signals.page_generator_write_page.connect(render_pages_ahead)
    content_notice.connect(record_notice)
    blinker.signal("page_model.restore").connect(restore)
    blinker.signal("page_model.built").connect(remember)
    signals.get_writer.connect(writer)
