"""Processes that read the pages the build cache lacks, each in a Pelican of
its own, so a cold build reads on every core.

What a page becomes when it is read (its Markdown, its page model, what the
checks say of it) depends only on its bytes, the settings and the headers of
the site's pages (plugins/page_cache). So the pages the cache lacks can be
read anywhere, in any order, and the build then finds them in the cache.

The pool is a standard ``concurrent.futures.ProcessPoolExecutor``, given
work as lists of file paths (as pelican-precompress gives its pool file
names). Its processes are forked as the build starts (``started``, called by
run_pelican before the build's Pelican is made), so they hold no state of
the live build: the first time one is given work it makes its own Pelican
from the same settings, starts its plugins as a build does
(``get_generators``), makes its own PagesGenerator, and reads the pages it is
given with that generator's readers, as Pelican's generator would (its
output folder is an empty one of the pool's own). The work
itself (``run``) is a function named by its module, which the worker imports
once its Pelican has loaded the plugins.

Fork rather than spawn: a spawned process would have to unpickle the
settings before the plugins that own some of their values (a Markdown
extension) could be imported, and would start Python and import every
library again, which a build with one page edited would wait for. A forked
worker costs a few milliseconds until it is given work.

A worker says nothing: its logging goes nowhere and it prints nothing. What
it finds is kept or not (page_cache keeps only what was read without a
warning or a problem); a page it did not keep is read again by the build's
own process, which says whatever there is to say.
"""

import importlib
import importlib.machinery
import importlib.util
import logging
import multiprocessing
import os
import signal
import sys
import tempfile
import warnings
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

from pelican import Pelican, signals
from pelican.generators import PagesGenerator

from .cores import usable_cores

logger = logging.getLogger(__name__)

_pool = None  # in the build's process, while its build runs
_eager = False  # in the build's process: its workers make their Pelican as they are forked
_settings = None  # in a worker: the settings it was forked with
_generator = None  # in a worker: its own PagesGenerator, made on first use


def setting_problem(value) -> str | None:
    """What is wrong with BUILD_PROCESSES, or None."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 1):
        return None
    return f"BUILD_PROCESSES is {value!r}; it must be None (one process per core) or a whole number, 1 or more."


# With BUILD_PROCESSES None, a site of this many pages or fewer gets no pool:
# a worker takes about half a second to make its Pelican (while the build
# makes its own), and the build reads and checks a page in 10 to 20 ms, so
# below this the build alone is done first and spends less. Measured cold
# `make html` of benchmark catalogs, one process against two, on this
# project's 2-core machine (busy, best of 3): 30 pages 3.37 s against 4.12 s,
# 60 pages 4.21 s against 5.90 s, 120 pages 6.06 s against 5.45 s; the pool
# cost 0.5 to 1 s more CPU at every size.
SMALL_SITE = 64
MARKDOWN_ENDINGS = (".md", ".markdown", ".mkd", ".mdown")  # Pelican's MarkdownReader.file_extensions


def worth_a_pool(settings) -> bool:
    """Whether this build starts its pool: always when BUILD_PROCESSES names a
    number; otherwise only for a site of more than SMALL_SITE pages (counted
    by name, nothing opened, stopping at the first page past the limit)."""
    if settings.get("BUILD_PROCESSES") is not None:
        return True
    seen = 0
    for _folder, _folders, files in os.walk(settings["PATH"]):
        seen += sum(name.endswith(MARKDOWN_ENDINGS) for name in files)
        if seen > SMALL_SITE:
            return True
    return False


def processes(settings) -> int:
    """BUILD_PROCESSES, else one per usable core (a wrong value: one, and
    the build reports it)."""
    wanted = settings.get("BUILD_PROCESSES")
    if setting_problem(wanted):
        return 1
    return wanted or usable_cores()


@contextmanager
def started(settings, eager=False):
    """The pool, for the build about to run with ``settings`` (None: no
    pool). Its processes are forked here, before the build's Pelican exists,
    and stopped when the build is over. ``eager``: each worker makes its
    Pelican at once, while the build makes its own, rather than when given
    work (``eager()`` says so to the build)."""
    global _pool, _eager
    if settings is None:
        yield
        return
    import_plugins(settings)
    with tempfile.TemporaryDirectory(prefix="sitebuild-pool-") as elsewhere:
        # The workers' Pelican writes nowhere the build looks: a part that
        # tidies the output as a build starts (http_headers removes the last
        # build's _headers) must not touch the build's own output.
        own = {**settings, "OUTPUT_PATH": elsewhere}
        pool = None
        try:
            pool = ProcessPoolExecutor(processes(settings), mp_context=multiprocessing.get_context("fork"),
                                       initializer=_worker_starts, initargs=(own, eager))
            pool.submit(_ready)  # forks the processes now (the fork context starts them all at the first task)
        except Exception as error:  # noqa: BLE001 (no pool only costs time: the build reads every page itself)
            logger.debug("page_pool: no pool: %s", error)
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
            yield
            return
        _pool, _eager = pool, eager
        try:
            yield
        finally:
            _pool, _eager = None, False
            pool.shutdown(wait=True, cancel_futures=True)


def import_plugins(settings) -> None:
    """The plugins named in PLUGINS imported, as Pelican imports them, before
    the pool is forked, with their parts (a plugin's ``import_parts()``,
    as procedure_site has): every worker then shares what the build's
    process imported, where each would otherwise import it again as it made
    its Pelican (about 0.13 s of CPU each, at the same time as the build
    imports them: a worker's Pelican then takes 0.03 s). Pelican loads a plugin once (a module already in
    ``sys.modules`` is the one it registers), so these are the modules the
    build uses. Found as Pelican finds a plugin, in PLUGIN_PATHS first, with
    importlib's public API; one that cannot be imported is left to Pelican,
    which says why."""
    for name in settings.get("PLUGINS") or ():
        if not isinstance(name, str):
            continue
        try:
            module = sys.modules.get(name) or _import_plugin(name, settings.get("PLUGIN_PATHS") or [])
            getattr(module, "import_parts", list)()
        except Exception as error:  # noqa: BLE001 (Pelican imports it again, and reports what is wrong)
            logger.debug("page_pool: %s not imported ahead: %s", name, error)


def _import_plugin(name: str, paths: list):
    spec = importlib.machinery.PathFinder.find_spec(name, paths) or importlib.util.find_spec(name)
    if spec is None:
        return None  # not found: Pelican says so
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def eager() -> bool:
    """In the build's process: whether its workers were told to make their
    Pelican as they were forked, so work given to them soon starts at once."""
    return _pool is not None and _eager


def run(function, shares: list) -> list:
    """In the build's process: ``function(generator, share)`` in a worker
    for each share; the futures ([] with no pool). ``function`` must be a
    module-level function of a plugin."""
    if _pool is None:
        return []
    try:
        return [_pool.submit(_run, function.__module__, function.__qualname__, share) for share in shares]
    except Exception as error:  # noqa: BLE001 (a broken pool: the build reads the pages itself)
        logger.debug("page_pool: not run: %s", error)
        return []


def call(function, *args):
    """In the build's process: a future of ``function(*args)`` in a worker,
    or None with no pool (or a broken one: the caller does the work itself).

    For work over bytes that needs no Pelican: ``function`` is a module-level
    function of ``sitebuild`` (a worker forked before the plugins were loaded
    can import nothing else by name). The compress stage gives the workers
    its brotli (compressed_siblings): what brotli and zlib allocate then
    lives and dies in a worker, not in the build's process, which holds the
    whole site (10,000 pages: 65 MB of its peak, measured)."""
    if _pool is None:
        return None
    try:
        return _pool.submit(function, *args)
    except Exception as error:  # noqa: BLE001 (a broken or stopped pool)
        logger.debug("page_pool: not called: %s", error)
        return None


def shares(items: list, count: int) -> list[list]:
    """``items`` dealt into ``count * 4`` lists at most (small shares keep
    every process busy to the end), in order within each."""
    parts = min(len(items), count * 4)
    return [items[start::parts] for start in range(parts)] if parts else []


def wait(futures) -> None:
    """Until every future is done; a failed one only means its pages are
    read by the build itself."""
    for future in futures:
        try:
            future.result()
        except Exception as error:  # noqa: BLE001
            logger.debug("page_pool: a share failed: %s", error)


# --- In a worker ------------------------------------------------------------------


def _ready():
    return None


def _worker_starts(settings, eager):
    """As each worker is forked: Ctrl-C is left to the build's process
    (which stops the pool), and nothing the worker logs is shown."""
    global _settings, _generator
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(logging.NullHandler())  # not logging's last resort, which prints
    _settings, _generator = settings, None
    if eager:
        try:
            _fresh_generator()
        except Exception:  # noqa: BLE001 (made again when given work, and failing there only costs time)
            _generator = None


def _fresh_generator() -> PagesGenerator:
    """This worker's own Pelican, up to reading pages, as Pelican.run
    makes it: the plugins registered and started, the context, the
    PagesGenerator (which starts its plugins' per-generator work)."""
    global _generator
    if _generator is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the build's process shows them
            pelican = Pelican(_settings)
            signals.get_generators.send(pelican)
            context = _settings.copy()
            context.update(generated_content={}, static_links=set(), static_content={},
                           localsiteurl=_settings["SITEURL"])
            _generator = PagesGenerator(context=context, settings=_settings, path=pelican.path,
                                        theme=pelican.theme, output_path=pelican.output_path)
    return _generator


def _run(module: str, name: str, share: list):
    generator = _fresh_generator()
    return getattr(importlib.import_module(module), name)(generator, share)


def in_worker() -> bool:
    """True in a pool worker (which reads the pages it is given, and keeps
    what it learns)."""
    return _settings is not None
