"""The preview's build, kept in memory between saves (see the package's
docstring for the why).

A full build is ``make html``'s own (Pelican, the procedure site, the build
cache) into a folder of the preview's, with the preview's settings; its
generators and their shared context are kept (Pelican hands them out on
``all_generators_finalized``). After it:

- a page whose text changed is read again by the kept page generator's
  readers, exactly as Pelican's ``PagesGenerator.generate_context`` reads a
  page (the same signals, so the same checks on its one parse), its
  problems are reported by the build's own report (``all_generators_finalized``,
  whose one receiver is build_report's), and, if it has none, it takes the
  old page's place and only its own output is written again;
- a page whose header changed also goes through what looks across pages
  (``page_generator_finalized``: clashing addresses, languages, the A–Z
  lists' pages, the search's pages), and its translations, the pages whose
  text names its file, and every language's A–Z list, search page and 404
  are written again;
- a page with problems is not taken in: its last good output stays, and the
  server shows its problems at its address;
- anything else (a page added or removed, an image, the theme, a settings
  file) is a full build again.
"""

import fnmatch
import glob
import logging
import os
import shutil
import tempfile
import time
import types
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from pelican import Pelican, signals
from pelican.contents import SkipStub
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.log import console
from pelican.utils import order_content, process_translations
from pelican.writers import Writer

from .. import page_pool
from ..__main__ import relative_paths
from ..build_cache import BuildCache
from ..log_report import classify, format_bug, notices
from ..page_source import header, read_page
from ..pelican_run import LogCollector, build_settings
from .drafts import MARK

logger = logging.getLogger(__name__)

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
PAGE_LISTS = ("pages", "translations", "hidden_pages", "hidden_translations", "draft_pages", "draft_translations")
SKIPPED = object()  # a page whose Status: is skip, read again
# A full build whose problems are in pages is built again without those
# pages, so the rest of the site can be seen; a page left out can leave
# another with a problem (a link to it), hence a few rounds, then the
# problems are shown as they are.
EXCLUSION_ROUNDS = 3


def read_bytes(path) -> bytes | None:
    try:
        return Path(path).read_bytes()
    except OSError:
        return None


@dataclass
class Problems:
    """What the last build of each part said: per page source (absolute
    path), and for the site as a whole (settings, a bug, a full build that
    could not be made). Each text is word for word what ``make html`` prints."""

    pages: dict = field(default_factory=dict)  # source -> [text]
    cross: set = field(default_factory=set)  # sources whose problems came from a check across pages
    site: list = field(default_factory=list)

    def count(self) -> int:
        return sum(map(len, self.pages.values())) + len(self.site)


@dataclass
class Update:
    """What one build or update did, for the server and the terminal."""

    kind: str  # "full", "text", "header"
    written: set = field(default_factory=set)  # output paths (relative) written or removed
    said: list = field(default_factory=list)  # (label, [problem texts]) said this time
    notices: list = field(default_factory=list)
    seconds: float = 0.0
    after: object = None  # a callable to run once the update is served (the search index)


class Engine:
    def __init__(self, settings_file, content, overrides, cache_root, work):
        self.settings_file = settings_file
        self.content = content
        self.overrides = overrides
        self.cache_root = cache_root
        self.work = Path(work)
        self.folder = None  # the site being served
        self.settings = None
        self.generators = None
        self.problems = Problems()
        self.sources = {}  # source -> output path (relative) of its last good version
        self.headers = {}  # source -> its header bytes, as last read
        self.drafts = set()  # output paths of drafts
        self.known = set()  # every page source the last full build saw (good or not)
        self.outputs = {}  # output path -> source
        self.ignores = []  # IGNORE_FILES of the settings, as given

    # --- full builds ---------------------------------------------------------

    def full_build(self) -> Update:
        started = time.monotonic()
        folder = Path(tempfile.mkdtemp(prefix="site-", dir=self.work))
        excluded, update = [], Update("full")
        records, captured, by_page = [], {}, {}
        for _round in range(EXCLUSION_ROUNDS + 1):
            records, captured, settings = self._run(folder, excluded)
            found, site, bugs = self._sort(records, settings)
            for source, texts in found.items():  # a page left out says nothing in the next round
                by_page[source] = texts
            if bugs or site or not found:
                break
            new = [source for source in found if source not in excluded]
            if not new:
                break
            excluded += new
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
        update.said = self._said(by_page, site, bugs)
        update.notices = notices(records)
        self.ignores = captured.get("ignores", self.ignores)
        if bugs or site or "generators" not in captured:
            # No site from this build: the last good one stays, and every
            # page shows what is wrong.
            shutil.rmtree(folder, ignore_errors=True)
            self.problems = Problems(dict(by_page), set(), [*site, *bugs] or self._nothing_built(by_page))
            update.seconds = time.monotonic() - started
            return update
        old, self.folder = self.folder, folder
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        self.settings = settings
        self.generators = captured["generators"]
        self.problems = Problems(dict(by_page))
        self._forget_page_cache()
        self._learn_pages()
        self.known = self._page_files() | set(by_page)
        for source in self.known:
            data = read_bytes(source)
            if data is not None:
                self.headers[source] = header(data)
        self._warm_up()
        update.seconds = time.monotonic() - started
        return update

    def _warm_up(self):
        """One good page read and checked once, and let go: a build that
        restored every page from the cache has not yet imported or read
        what checking a page needs (textstat and its dictionaries, the
        theme's ids: half a second), and the first save would wait for it."""
        page = next(iter(self.all_pages()), None)
        if page is None:
            return
        collector = LogCollector()
        root = logging.getLogger()
        root.addHandler(collector)  # what it says was said by the build
        try:
            self._read(self.pages_generator, page.source_path)
            self._report()
        finally:
            root.removeHandler(collector)

    @staticmethod
    def _nothing_built(by_page):
        return [] if by_page else ["The site could not be built, and the build said nothing more."]

    def _run(self, folder, excluded):
        """One build of the site into ``folder`` with ``excluded`` page
        sources left out: (log records, what was captured, settings)."""
        overrides = dict(self.overrides)
        collector = LogCollector()
        root = logging.getLogger()
        root.addHandler(collector)
        captured = {}

        def keep_generators(generators):
            captured["generators"] = generators

        signals.all_generators_finalized.connect(keep_generators)
        settings = None
        try:
            settings = build_settings(self.settings_file, folder, self.content, overrides)
            captured["ignores"] = list(settings["IGNORE_FILES"])
            # The cache folder is named by the settings before any page is
            # left out: the pages left in are what they were with it.
            cache = BuildCache(self.cache_root, "preview", settings) if self.cache_root else None
            if excluded:
                # Pelican's own way to leave a file out: IGNORE_FILES,
                # matched against each file's name.
                names = [glob.escape(os.path.basename(source)) for source in excluded]
                settings["IGNORE_FILES"] = [*settings["IGNORE_FILES"], *names]
            if cache is not None:
                settings.update(cache.start(settings))
            console.quiet = True
            succeeded = False
            try:
                cached = settings.get("BUILD_CACHE_PATH") is not None
                with page_pool.started(settings if cached else None, eager=cached and cache.fresh):
                    Pelican(settings).run()
                succeeded = True
            except Exception as error:
                if not hasattr(error, "problems"):  # ContentProblems: listed in the log
                    logger.error("The build stopped", exc_info=True)
            finally:
                console.quiet = False
                if cache is not None:
                    cache.finish(succeeded)
        except Exception:  # the settings file itself does not run
            logger.error("The settings could not be read", exc_info=True)
        finally:
            signals.all_generators_finalized.disconnect(keep_generators)
            root.removeHandler(collector)
        return collector.records, captured, settings

    def _forget_page_cache(self):
        """After a full build, the page cache keeps the keys of that build's
        pages (page_cache/cache.py: one key per path, made once a build):
        asked again about a page since edited, it would restore the old
        page. Its state is made afresh for a build without a cache folder,
        by its own start_build, so the page reads after this one check every
        page they are given."""
        from procedure_site.page_cache import cache

        cache.start_build(types.SimpleNamespace(settings={**self.settings, "BUILD_CACHE_PATH": None}))

    # --- problems --------------------------------------------------------------

    def _page_files(self):
        generator = self.pages_generator
        if generator is None:
            return set()
        files = generator.get_files(self.settings["PAGE_PATHS"], exclude=self.settings["PAGE_EXCLUDES"])
        return {os.path.abspath(os.path.join(generator.path, path)) for path in files}

    def _content_root(self, settings):
        return os.path.abspath((settings or {}).get("PATH") or self.content or "content")

    def _sort(self, records, settings):
        """(source -> [text], [site texts], [bug texts]) of what a build
        logged, in the words ``make html`` prints."""
        messages, bugs = classify(records)
        root = self._content_root(settings)
        by_page, site = {}, []
        content_records = [r for r in records if hasattr(r, "content_path") and not getattr(r, "content_notice", False)]
        for record in content_records:
            text = relative_paths(record.getMessage())
            path = os.path.abspath(record.content_path)
            if path.startswith(root + os.sep) and path.lower().endswith(MARKDOWN_SUFFIXES):
                by_page.setdefault(path, [])
                if text not in by_page[path]:
                    by_page[path].append(text)
            elif text not in site:
                site.append(text)
        for message in messages[len(content_records):]:
            text = relative_paths(message)
            source = self._page_named(message, root)
            if source is not None:
                by_page.setdefault(source, []).append(text)
            else:
                site.append(text)
        return by_page, site, [relative_paths(format_bug(record)) for record in bugs]

    def _page_named(self, message, root):
        """The page a message of Pelican's names ("Could not process
        procedures/x.md"), if any."""
        for word in message.replace("'", " ").replace('"', " ").split():
            word = word.rstrip(".,:;)")
            if word.lower().endswith(MARKDOWN_SUFFIXES):
                candidate = os.path.abspath(word if os.path.isabs(word) else os.path.join(root, word))
                if os.path.isfile(candidate):
                    return candidate
        return None

    @staticmethod
    def _said(by_page, site, bugs):
        said = [(relative_paths(source), texts) for source, texts in sorted(by_page.items())]
        if site:
            said.append(("the site", site))
        if bugs:
            said.append(("the build system", bugs))
        return said

    # --- what is kept ------------------------------------------------------------

    @property
    def pages_generator(self) -> PagesGenerator | None:
        return next((g for g in self.generators or () if isinstance(g, PagesGenerator)), None)

    @property
    def articles_generator(self) -> ArticlesGenerator | None:
        return next((g for g in self.generators or () if isinstance(g, ArticlesGenerator)), None)

    def all_pages(self):
        generator = self.pages_generator
        return list(chain.from_iterable(getattr(generator, name) for name in PAGE_LISTS)) if generator else []

    def _learn_pages(self, pages=None):
        """Where each page's last good version is (of every page, or after
        an update, of the ``pages`` taken in: Pelican works out an address
        each time it is asked, a tenth of a second for 1,000 pages); a page
        that has problems now keeps the address it had."""
        if pages is None:
            sources = {s: o for s, o in self.sources.items() if s in self.problems.pages}
            self.drafts = set()
            pages = self.all_pages()
        else:
            sources = dict(self.sources)
            for page in pages:
                self.drafts.discard(sources.pop(page.source_path, None))
        for page in pages:
            save_as = page.save_as
            if save_as:
                sources[page.source_path] = save_as
                if getattr(page, MARK, False):
                    self.drafts.add(save_as)
        for source in self.problems.pages:
            if source not in sources and self.settings:
                guessed = self._future_address(source)
                if guessed and guessed not in sources.values():
                    sources[source] = guessed
        self.sources = sources
        self.outputs = {output: source for source, output in sources.items()}

    def _future_address(self, source):
        """Where a page never built yet (a new draft with problems) will be,
        from its header's Slug: and Lang: (or its file name), so its problems
        show at that address: PAGE_SAVE_AS or PAGE_LANG_SAVE_AS."""
        fields = {}
        for line in header(read_bytes(source) or b"").decode("utf-8", "replace").split("\n"):
            key, colon, value = line.partition(":")
            if colon and key.strip().lower() in ("slug", "lang"):
                fields[key.strip().lower()] = value.strip()
        slug = fields.get("slug") or os.path.basename(source).split(".")[0]
        lang = fields.get("lang") or self.settings["DEFAULT_LANG"]
        pattern = self.settings["PAGE_SAVE_AS" if lang == self.settings["DEFAULT_LANG"] else "PAGE_LANG_SAVE_AS"]
        if not slug or not pattern or "/" in slug or slug.startswith("."):
            return None
        try:
            return pattern.format(slug=slug, lang=lang)
        except (KeyError, IndexError, ValueError):
            return None

    # --- one page, or a few ------------------------------------------------------------

    def can_update(self, changed_pages) -> bool:
        """True when every path is a page the kept build knows, still there."""
        return self.generators is not None and all(
            source in self.known and os.path.isfile(source) for source in changed_pages
        )

    def update_pages(self, changed) -> Update:
        """Read ``changed`` (page sources) again; take in those without
        problems; write what they change."""
        started = time.monotonic()
        generator = self.pages_generator
        old_pages = {page.source_path: page for page in self.all_pages()}
        new_headers = {source: header(read_bytes(source) or b"") for source in changed}
        # A page new to the kept build (one a full build left out for its
        # problems) changes the A–Z lists as a header edit does.
        header_changed = {s for s in changed if new_headers[s] != self.headers.get(s) or s not in old_pages}
        update = Update("header" if header_changed else "text")
        lists = {name: list(getattr(generator, name)) for name in PAGE_LISTS}
        affected = set(changed) | (self._related(header_changed, old_pages) if header_changed else set())
        collector = LogCollector()
        root = logging.getLogger()
        root.addHandler(collector)
        written = set()

        def note(path, context=None):
            written.add(os.path.relpath(path, self.folder))

        signals.content_written.connect(note)
        good, skipped = {}, False
        try:
            self._forget_repeated_messages()
            read = {source: self._read(generator, source) for source in sorted(affected)}
            skipped = any(page is SKIPPED for page in read.values())
            if skipped:
                # 'Status: skip': Pelican leaves the page out, as if it were
                # removed, which is a full build's to do (below, once this
                # update's receivers are let go). What the reads said is
                # let go: the full build says it again.
                self._report()
            else:
                good = self._settle(read, affected, header_changed, old_pages, lists, collector, update)
        finally:
            signals.content_written.disconnect(note)
            root.removeHandler(collector)
        if skipped:
            return self.full_build()
        update.written |= written
        self._learn_pages(list(good.values()))
        for source in good:
            # The header of the version taken in: a page left with problems
            # keeps its last good one, so its next save is compared with that.
            self.headers[source] = new_headers.get(source) or header(read_bytes(source) or b"")
        update.seconds = time.monotonic() - started
        return update

    def _settle(self, read, affected, header_changed, old_pages, lists, collector, update) -> dict:
        """What the pages read say, the good ones taken in and written; the
        pages taken in."""
        generator = self.pages_generator
        good = {source: page for source, page in read.items() if page is not None}
        if header_changed:
            self._take_in(good, old_pages)
            signals.page_generator_finalized.send(generator)
        self._report()
        by_page, site, bugs = self._sort(collector.records, self.settings)
        for source in affected:
            if read.get(source) is None and source not in by_page:
                by_page[source] = [f"{relative_paths(source)}: the page could not be read (see the terminal)."]
        bad = set(by_page) & affected
        if header_changed and (bad or site or bugs):
            # Every page keeps its last good version: the lists, the
            # translations and what looks across pages as they were.
            self._restore(lists, generator)
            signals.page_generator_finalized.send(generator)
            self._report()
            good = {}
        elif not header_changed:
            good = {source: page for source, page in good.items() if source not in bad}
            self._take_in(good, old_pages)
        update.said = self._said(by_page, site, bugs)
        update.notices = notices(collector.records)
        self._settle_problems(affected, by_page, site, bugs, header_changed)
        if good:
            self._write(good, old_pages, bool(header_changed), update)
        return good

    def _forget_repeated_messages(self):
        """Pelican's log filter drops a message it has let through once in
        this process; build_report clears it as each build starts, which an
        update is too."""
        from procedure_site.build_report.report import forget_earlier_builds

        forget_earlier_builds(types.SimpleNamespace(settings=self.settings))

    def _read(self, generator, source):
        """The page read as PagesGenerator.generate_context reads it, or None."""
        path = os.path.relpath(source, generator.path)
        try:
            page = read_page(generator, path)
        except Exception:
            # Pelican's own words for it, so the build's report reads it as a build's.
            logging.getLogger("pelican.generators").exception("Could not process %s", path, exc_info=True)
            return None
        if isinstance(page, SkipStub):
            return SKIPPED
        if not page.is_valid():  # Pelican logged why
            return None
        return page

    def _report(self):
        """The build's own report of what was found: build_report is the one
        receiver of all_generators_finalized (it logs each problem, in the
        words the build prints, and empties its list)."""
        try:
            signals.all_generators_finalized.send(self.generators)
        except Exception as error:
            if not hasattr(error, "problems"):
                raise

    def _related(self, sources, old_pages):
        """The pages an edit to these pages' headers can change: their
        translations, before and after, and the pages whose text names their
        file (a link to it shows its address)."""
        related = set()
        names = set()
        for source in sources:
            page = old_pages.get(source)
            if page is not None:
                related |= {t.source_path for t in getattr(page, "translations", ())}
            names.add(os.path.basename(source).encode())
            lines = header(read_bytes(source) or b"").split(b"\n")
            slug = next((line for line in lines if line.lower().startswith(b"slug:")), b"").partition(b":")[2].strip()
            if slug:
                related |= {p.source_path for p in old_pages.values() if getattr(p, "slug", "").encode() == slug}
        for other in self.known - set(sources):
            data = read_bytes(other)
            if data is not None and any(name in data[len(header(data)):] for name in names):
                related.add(other)
        return {source for source in related if source in old_pages and os.path.isfile(source)}

    def _take_in(self, pages, old_pages):
        """Each new page in its old page's place, then Pelican's own grouping
        of translations and order, as generate_context does."""
        if not pages:
            return
        generator = self.pages_generator
        groups = {"published": [], "hidden": [], "draft": []}
        for page in [p for s, p in old_pages.items() if s not in pages] + list(pages.values()):
            if page.status in groups:
                groups[page.status].append(page)
        for page in pages.values():
            generator.add_source_path(page)
            generator.add_static_links(page)
        for status, (originals, translations) in (
            ("published", ("pages", "translations")),
            ("hidden", ("hidden_pages", "hidden_translations")),
            ("draft", ("draft_pages", "draft_translations")),
        ):
            origs, trans = process_translations(groups[status], translation_id=self.settings["PAGE_TRANSLATION_ID"])
            setattr(generator, originals, order_content(origs, self.settings["PAGE_ORDER_BY"]))
            setattr(generator, translations, trans)
        for name in ("pages", "hidden_pages", "draft_pages"):
            generator.context[name] = getattr(generator, name)

    def _restore(self, lists, generator):
        for name, pages in lists.items():
            setattr(generator, name, pages)
        for page in chain.from_iterable(lists.values()):
            generator.add_source_path(page)
        for name in ("pages", "hidden_pages", "draft_pages"):
            generator.context[name] = getattr(generator, name)
        # process_translations set each page's translations afresh; set them
        # back as they were.
        for status_lists in (("pages", "translations"), ("hidden_pages", "hidden_translations"),
                             ("draft_pages", "draft_translations")):
            process_translations(list(chain.from_iterable(lists[n] for n in status_lists)),
                                 translation_id=self.settings["PAGE_TRANSLATION_ID"])

    def _settle_problems(self, affected, by_page, site, bugs, header_changed):
        problems = self.problems
        for source in affected:
            problems.pages.pop(source, None)
            problems.cross.discard(source)
        if header_changed:
            for source in list(problems.cross):
                problems.pages.pop(source, None)
            problems.cross.clear()
        for source, texts in by_page.items():
            problems.pages[source] = texts
            if source not in affected:
                problems.cross.add(source)
        problems.site = [*site, *bugs]

    def _write(self, pages, old_pages, header_changed, update):
        """Write the pages taken in; after a header edit, also every
        language's A–Z list, search page and 404 (Pelican's direct templates
        and language_versions' copies of them, on article_writer_finalized)."""
        generator = self.pages_generator
        writer = Writer(self.folder, settings=self.settings)
        moved = False
        for source, page in pages.items():
            old = old_pages.get(source)
            if old is not None and old.save_as and old.save_as != page.save_as:
                self._remove_output(old.save_as)
                update.written.add(old.save_as)
                moved = True
            if not page.save_as:
                continue
            signals.page_generator_write_page.send(generator, content=page)
            writer.write_file(
                page.save_as,
                generator.get_template(page.template),
                generator.context,
                page=page,
                relative_urls=self.settings["RELATIVE_URLS"],
                override_output=hasattr(page, "override_save_as"),
                url=page.url,
            )
        if header_changed:
            self.articles_generator.generate_output(writer)
        if moved:
            # An address went away: the search index must not offer it, so
            # it is made again before the change is served.
            self._search_index()
        else:
            # Otherwise the index may lag: it is made again once the saves
            # pause (the build loop, __main__.py).
            update.after = self._search_index

    def _remove_output(self, save_as):
        path = Path(self.folder, save_as)
        path.unlink(missing_ok=True)
        try:
            path.parent.rmdir()  # the page's own folder, when nothing else is in it
        except OSError:
            pass

    def _search_index(self):
        """The website's search index, made again from the pages as served
        (site_search's own stage), after a header edit."""
        from procedure_site.site_search.plugin import write_search_index

        from ..output_index import OutputIndex
        from ..plugin_guard import in_this_build

        if in_this_build(self.settings, "procedure_site.site_search"):
            write_search_index(OutputIndex.listed(str(self.folder), ()), self.settings)

    # --- what the server shows ------------------------------------------------------------

    def source_at(self, save_as):
        return self.outputs.get(save_as)

    def is_page_file(self, path) -> bool:
        return path.lower().endswith(MARKDOWN_SUFFIXES) and path.startswith(self._content_root(self.settings) + os.sep)

    def ignored(self, path) -> bool:
        return any(fnmatch.fnmatch(os.path.basename(path), pattern) for pattern in self.ignores)
