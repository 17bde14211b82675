"""The build's use of the page cache: a page restored from its facts, and
what a pool worker learns as it reads a page (read_ahead.py).

A page's facts are what the page_model steps set on it (its final HTML, its
review dates, its template, its sections) and the notices said about it. They
are a pure function of the page's bytes and path, the site key (keys.py) and
the settings, theme, plugins and date that name the cache folder
(BUILD_CACHE_PATH, sitebuild/build_cache.py). On page_model.restore, a page
whose facts are kept gets them: the attributes are set and the notices said
again, so a warm build says what a cold one says, and the page is neither
parsed nor checked. Its sections are not set: only its render reads them,
and they are read back then, if the render itself is not kept (writer.py).

The facts are stored only by a pool worker, for a page it read without a
warning, a problem or a Python warning. The build's own process never
stores them: a page it reads itself (one the workers could not keep) says
what it has to say in every build, as in a build without a cache. The checks
that look across pages (clashing addresses, languages) are not page_model
steps and run in every build.
"""

from pathlib import Path

import blinker

from procedure_site.build_report.report import content_notice
from sitebuild import page_pool
from sitebuild.plugin_guard import in_this_build

from .entries import Entries
from .keys import page_key, site_key

# Only the render reads these (and the content report, which builds without
# a cache): kept apart in the facts (entries.py).
SECTION_ATTRIBUTES = ("procedure", "reading")

# Sent once a page's attributes are set from the cache (sender: the page), for
# what must point back at the page it is restored onto.
page_restored = blinker.signal("page_model.restored")


class _Build:
    """One build's state; made afresh on get_generators."""

    def __init__(self, folder=None):
        self.entries = Entries(Path(folder) / "pages") if folder else None
        self.site = None  # the site key, once the page generator exists
        self.keys = {}  # source path -> its key (None: unreadable)
        self.restored = {}  # source path -> key, of the pages restored from their facts
        self.waiting = []  # the pool's futures, until Pelican reads its first page
        self.generator = None  # the page generator, until its pages are let go
        self.learned = {}  # in a worker: source path -> what the page_model steps set
        self.notices = {}  # in a worker: source path -> the notices said while reading it


_build = _Build()


def current() -> _Build:
    return _build


def start_build(pelican):
    global _build
    folder = pelican.settings.get("BUILD_CACHE_PATH") if in_this_build(pelican, __package__) else None
    _build = _Build(folder)


def learn_site(generator):
    if not in_this_build(generator, __package__):
        return
    _build.generator = generator
    if _build.entries is not None:
        _build.site = site_key(generator.path)


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
    generator, _build.generator = _build.generator, None
    if generator is None or pelican.settings.get("PAGE_MODEL_KEPT"):
        return
    for name in ("pages", "translations", "hidden_pages", "hidden_translations"):
        for page in getattr(generator, name, ()):
            vars(page).pop("_content", None)


def key_of(source_path: str) -> str | None:
    """The page's key, made once a build (the pages the cache lacks are
    looked for before restoring asks for each)."""
    if source_path not in _build.keys:
        _build.keys[source_path] = page_key(_build.site, source_path)
    return _build.keys[source_path]


def restore(content):
    """page_model.restore: True when the page was given its kept facts."""
    if _build.site is None or page_pool.in_worker() or not in_this_build(content, __package__):
        return False  # a worker reads the pages it is given
    key = key_of(content.source_path)
    facts = _build.entries.facts(key) if key is not None else None
    if facts is None:
        return False
    for name, value in facts["attributes"].items():
        setattr(content, name, value)
    page_restored.send(content)
    for notice in facts["notices"]:
        content_notice.send(content.source_path, **notice)
    _build.restored[content.source_path] = key
    return True


def load_sections(page) -> list[str]:
    """Before a restored page is rendered: its sections, from its facts;
    the names set."""
    key = _build.restored.get(page.source_path)
    sections = _build.entries.sections(key) if key is not None else None
    if not sections:
        return []
    for name, value in sections.items():
        setattr(page, name, value)
    page_restored.send(page)
    return list(sections)


# --- In a pool worker ------------------------------------------------------------


def remember(content, added):
    """page_model.built: what the steps set, kept once the page is read."""
    if page_pool.in_worker() and _build.entries is not None:
        _build.learned[content.source_path] = {name: getattr(content, name) for name in added if name != "page_model"}


def record_notice(path, **kwargs):
    if page_pool.in_worker() and _build.entries is not None:
        _build.notices.setdefault(str(path), []).append(kwargs)


def keep_facts(source_path: str) -> bool:
    """Store what reading the page gave (a draft: nothing to restore, but
    stored, so it is not looked for again)."""
    key = key_of(source_path)
    if key is None or _build.entries is None:
        return False
    attributes = _build.learned.get(source_path, {})
    sections = {name: attributes.pop(name) for name in SECTION_ATTRIBUTES if name in attributes}
    try:
        _build.entries.write_facts(key, attributes, _build.notices.get(source_path, []), sections)
    except Exception:  # noqa: BLE001 (an attribute that cannot be pickled, a full disk: read again next time)
        return False
    return True


def forget(source_path: str) -> None:
    _build.learned.pop(source_path, None)
    _build.notices.pop(source_path, None)
