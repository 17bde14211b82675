"""The build's use of the page cache: the facts kept for a page, and what
a pool worker makes as it reads a page (read_ahead.py).

A page's facts (page_model/facts.py: its final HTML, template, sections,
review dates, problems and notices) are a pure function of the page's bytes
and path, the site key (keys.py) and the settings, theme, plugins and date
that name the cache folder (BUILD_CACHE_PATH, sitebuild/build_cache.py).
page_model/pipeline.py asks ``kept_facts`` before it parses a page: a page
whose facts are kept is neither parsed nor checked, and the pipeline gives
it those facts and reports their notices exactly as it does a page just
read. Its sections and reading levels are not loaded: only its render reads
them, and they are read back then, if the render itself is not kept
(writer.py). Nor is its HTML: the page reads it from its entry when
something asks for the page's content (its render, when not kept; the
kiosk's search index), and the files it links with {static} come from its
facts (``read_html_when_asked``).

The facts are stored only by a pool worker (``made``, then ``keep_facts``),
for a page it read without a warning, a problem or a Python warning. The
build's own process never stores them: a page it reads itself (one the
workers could not keep) says what it has to say in every build, as in a
build without a cache. The checks that look across pages (clashing
addresses, languages) are not page facts and run in every build.
"""

from dataclasses import replace
from functools import partial
from pathlib import Path

from procedure_site.page_model.facts import PageFacts
from procedure_site.procedure_model.model import relink
from sitebuild import page_pool
from sitebuild.plugin_guard import in_this_build

from .entries import Entries
from .keeping import Keeper
from .keys import page_key, site_key


class _Build:
    """One build's state; made afresh on get_generators."""

    def __init__(self, folder=None):
        self.entries = Entries(Path(folder) / "pages") if folder else None
        self.files = Entries(Path(folder) / "files") if folder else None  # writer.keep_files's files
        self.site = None  # the site key, once the page generator exists
        self.keys = {}  # source path -> its key (None: unreadable)
        self.restored = {}  # source path -> key, of the pages restored from their facts
        self.waiting = []  # the pool's futures, until Pelican reads its first page
        self.pending = {}  # source path -> the future of the worker reading it (read_ahead.py)
        self.generator = None  # the page generator, until its pages are let go
        self.learned = {}  # in a worker: source path -> the PageFacts it made
        self.keeper = Keeper()  # the renders being written (keeping.py)


_build = _Build()


def current() -> _Build:
    return _build


def start_build(pelican):
    global _build
    if _build is not None:
        _build.keeper.drain()  # the last build's, in a process that builds again (the preview)
    folder = pelican.settings.get("BUILD_CACHE_PATH") if in_this_build(pelican, __package__) else None
    _build = _Build(folder)


def learn_site(generator):
    """The site key, made by the build's process: a worker is handed it
    with each share (``use_site``), rather than read every page of the
    content folder again before it may read the first page it is given."""
    if not in_this_build(generator, __package__):
        return
    _build.generator = generator
    if _build.entries is not None and not page_pool.in_worker():
        _build.site = site_key(generator.path)


def use_site(site: bytes) -> None:
    """In a pool worker: the site key of the build that gave it work."""
    if _build.site != site:
        _build.keys.clear()
    _build.site = site


def let_go_of_pages(pelican):
    """finalized: every file is written (the kiosk's search index, which
    reads the pages' text, on page_writer_finalized), and nothing reads a
    page's HTML again, so the HTML page_model or this plugin set on each page
    is let go before the last stages (minify, search, compression, headers)
    need their memory: 10,000 pages hold about 45 MB of it (a production
    build of them peaked at 300 to 310 MB without this, 277 to 283 MB with
    it). A later read of it is an AttributeError, never a stale page. Not
    when a tool reads the pages after the build (PAGE_MODEL_KEPT: the
    content report)."""
    _build.keeper.drain()
    generator, _build.generator = _build.generator, None
    if generator is None or pelican.settings.get("PAGE_MODEL_KEPT"):
        return
    for name in ("pages", "translations", "hidden_pages", "hidden_translations"):
        for page in getattr(generator, name, ()):
            vars(page).pop("_content", None)
            vars(page).pop("_get_content", None)
            vars(page).pop("get_static_links", None)


def key_of(source_path: str) -> str | None:
    """The page's key, made once a build (the pages the cache lacks are
    looked for before restoring asks for each)."""
    if source_path not in _build.keys:
        _build.keys[source_path] = page_key(_build.site, source_path)
    return _build.keys[source_path]


def kept_facts(content):
    """The PageFacts kept for this page's bytes (without its sections), or
    None: the page is read."""
    if _build.site is None or page_pool.in_worker() or not in_this_build(content, __package__):
        return None  # a worker reads the pages it is given
    future = _build.pending.pop(content.source_path, None)
    if future is not None:  # a worker is reading it (read_ahead.py)
        page_pool.wait([future])
    key = key_of(content.source_path)
    facts = _build.entries.facts(key) if key is not None else None
    if facts is not None:
        _build.restored[content.source_path] = key
    return facts


def read_html_when_asked(content, facts) -> None:
    """A restored page (its facts' ``html`` is None) reads its HTML from its
    entry when asked, and holds none until then: 10,000 pages' HTML (about
    90 MB) was most of what the build held as Pelican made the pages, and a
    warm build writes most pages from their kept render, never asking.

    Pelican reads a page's HTML through ``Content.get_content``, which asks
    the page's ``_get_content`` when it has one, else ``_content``
    (pelican/contents.py); it has no public way to give a page's HTML later,
    so this sets both (``_content`` empty). The one other reader of
    ``_content`` is ``get_static_links`` (the files the page links with
    {static}, which Pelican publishes, and which content_files and
    intrasite_links check): the page answers it from its facts, the same
    links, so Pelican and the checks see what they see of a page just read.
    Whatever asks for the HTML is answered as by a page just read, and
    Pelican's get_content keeps what it answered, as for any page."""
    key = _build.restored[content.source_path]
    content._get_content = partial(_kept_html, _build.entries, key, content.source_path)
    content._content = ""
    content.get_static_links = partial(set, facts.static_links)


def _kept_html(entries, key: str, source_path: str) -> str:
    html = entries.html(key)
    if html is None:  # its entry was there when the page was restored: never a page without its text
        raise RuntimeError(f"the page cache lost the HTML of {source_path} during the build")
    return html


def load_sections(page) -> bool:
    """Before a restored page is rendered: its facts given back what only a
    render reads (its sections, its reading levels). True when they were."""
    key = _build.restored.get(page.source_path)
    kept = _build.entries.sections(key) if key is not None else None
    if not kept or getattr(page, "facts", None) is None:
        return False
    if kept.get("procedure") is not None:
        relink(kept["procedure"], page)
    page.facts = replace(page.facts, **kept)
    return True


def unload_sections(page) -> None:
    """After the render: the page's facts without them again."""
    if getattr(page, "facts", None) is not None:
        page.facts = page.facts.without_render_only()


# --- In a pool worker ------------------------------------------------------------


def made(content, facts) -> None:
    """The facts the pipeline just made for this page (its HTML already the
    page's): a worker keeps them, once the page is read (keep_facts), with
    the files its HTML links with {static} (Pelican's own reading of them),
    which a restored page, holding no HTML, gives Pelican from its facts."""
    if page_pool.in_worker() and _build.entries is not None:
        links = tuple(sorted(content.get_static_links()))
        _build.learned[content.source_path] = replace(facts, static_links=links)


def keep_facts(source_path: str) -> bool:
    """Store what reading the page gave (a draft: empty facts, but stored,
    so it is not looked for again)."""
    key = key_of(source_path)
    if key is None or _build.entries is None:
        return False
    facts = _build.learned.get(source_path) or PageFacts(html="")
    if facts.problems:
        return False  # never kept: the build's own process reads it and reports them
    try:
        _build.entries.write_facts(key, facts)
    except Exception:  # noqa: BLE001 (a fact that cannot be pickled, a full disk: read again next time)
        return False
    return True


def forget(source_path: str) -> None:
    _build.learned.pop(source_path, None)
