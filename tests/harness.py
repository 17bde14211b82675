"""``problems_of(markdown)``: what the build says about one page, as data, in
this process, in a fraction of a second.

A build of the whole site in a subprocess costs seconds (Python's start,
every import, the writing, Pagefind), and a case of bad content needs none
of it: every content problem is found while Pelican reads, and build_report
stops the build at ``all_generators_finalized``, before anything is written.
So the harness runs Pelican's read phase here, with the real settings and
plugins, on a content folder of its own holding the page and any ``files``,
and stops at Pelican's public ``get_writer`` signal, the first thing a build
does once reading is over. The problems are the ``Problem``s build_report
raised, kept as data; what Pelican itself logged is turned into words by
the build command's own ``classify`` (sitebuild/log_report.py), so an echo
it drops is dropped here too.

Pelican connects every plugin to its signals for the life of the process,
and a pytest worker runs other tests after this one (plugin unit tests send
``content_problem`` to receivers of their own). So each call takes back
every receiver it connected: the process's signals are as they were before.
"""

import logging
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from blinker.base import default_namespace
from pelican import signals

from sitebuild.log_report import classify, format_bug, notices
from sitebuild.pelican_run import LogCollector, run_pelican

ROOT = Path(__file__).resolve().parent.parent
VERTEBROPLASTY = ROOT / "content" / "procedures" / "vertebroplasty.md"
PAGE = "procedures/vertebroplasty.md"


@dataclass(frozen=True)
class Found:
    """One problem of the build: its file (relative to the content folder,
    None for what Pelican said of no file), line, message and fix."""

    file: str | None
    line: int | None
    message: str
    fix: str = ""


@dataclass
class Read:
    """Everything the read phase said: ``problems`` (which fail a build) and
    ``notices`` (printed as warnings by a build that succeeds)."""

    problems: list
    notices: list
    pages: list = None  # Pelican's pages, published and hidden, every language
    drafts: list = None
    static: list = None  # where each content file would be copied (save_as), had the build gone on

    @property
    def written(self):
        """Every file of the content the build would write: pages and content files."""
        return sorted([page.save_as for page in self.pages] + self.static)


class BuildBroke(AssertionError):
    """The read phase raised from the project's own code: a bug, with its traceback."""


class _ReadingDone(Exception):
    """Raised where Pelican asks for a writer: the read phase is over."""


def _stop_before_writing(_pelican):
    raise _ReadingDone


@contextmanager
def _signals_as_they_were():
    """Every receiver connected inside the block is disconnected after it."""
    before = {name: set(sig.receivers) for name, sig in default_namespace.items()}
    try:
        yield
    finally:
        for name, sig in list(default_namespace.items()):
            for key in set(sig.receivers) - before.get(name, set()):
                receiver = sig.receivers.get(key)
                if receiver is None:
                    continue
                # blinker keeps a weak reference to most receivers
                target = receiver() if hasattr(receiver, "__callback__") else receiver
                if target is not None:
                    sig.disconnect(target)
                else:
                    sig.receivers.pop(key, None)


def _write(folder, relative, text):
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def _relative(path, content):
    path = str(path)
    prefix = str(content) + os.sep
    return path[len(prefix):] if path.startswith(prefix) else path


@contextmanager
def _environment(env):
    """``env`` in os.environ for the block: a settings file reads it (publishconf.py: SITEURL)."""
    saved = {name: os.environ.get(name) for name in env or {}}
    os.environ.update(env or {})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def read_phase(markdown=None, files=None, settings="pelicanconf.py", overrides=None, name=PAGE, env=None):
    """The read phase of a build of a content folder holding ``markdown`` as
    ``name`` (none if ``markdown`` is None) and ``files`` ({path in the
    content folder: text or bytes}), with ``settings`` (a file of the
    project), ``overrides`` and ``env`` (environment variables, as the
    build command is given them). Returns a Read; raises BuildBroke on a bug."""
    with tempfile.TemporaryDirectory(prefix="problems-of-") as folder, _environment(env):
        content = Path(folder) / "content"
        content.mkdir()
        if markdown is not None:
            _write(content, name, markdown)
        for relative, text in (files or {}).items():
            _write(content, relative, text)
        collector = LogCollector()
        root = logging.getLogger()
        root.addHandler(collector)
        raised, kept = [], {}

        def keep(generator):
            kept["pages"] = [*generator.pages, *generator.hidden_pages, *generator.translations,
                             *generator.hidden_translations]
            kept["drafts"] = [*generator.draft_pages, *generator.draft_translations]

        def keep_static(generator):
            kept["static"] = list(generator.staticfiles)  # save_as read at the end: plugins rename them

        try:
            with _signals_as_they_were():
                signals.get_writer.connect(_stop_before_writing)
                signals.page_generator_finalized.connect(keep)
                signals.static_generator_finalized.connect(keep_static)
                try:
                    run_pelican(str(ROOT / settings), Path(folder) / "output", content=content, overrides=overrides)
                except _ReadingDone:
                    pass
                except Exception as error:
                    if not hasattr(error, "problems"):  # build_report's ContentProblems
                        raise
                    raised = error.problems
        finally:
            root.removeHandler(collector)
        messages, bugs = classify(collector.records)
        if bugs:
            raise BuildBroke("\n".join(format_bug(record) for record in bugs))
        # classify lists the plugins' problems first, then what Pelican said
        pelicans = messages[sum(1 for r in collector.records if hasattr(r, "content_path")):]
        # The folder is new each call: a file in the content folder is named
        # as a path in it (as --content's files are in its problems), anything
        # else in the folder as <tmp>, so a message can be compared whole.
        here = lambda text: text.replace(str(content) + os.sep, "").replace(folder, "<tmp>")  # noqa: E731
        found = [Found(_relative(p.path, content), p.line, here(p.message), here(p.fix)) for p in raised]
        found += [Found(None, None, here(message)) for message in pelicans]
        said = [message.replace(str(content) + os.sep, "") for message in notices(collector.records)]
        return Read(found, said, kept.get("pages", []), kept.get("drafts", []), [item.save_as for item in kept.get("static", [])])


def problems_of(markdown=None, files=None, settings="pelicanconf.py", overrides=None, name=PAGE, env=None):
    """The problems a build reports for a content folder holding ``markdown``
    (see read_phase), as a list of Found, in the build's order."""
    return read_phase(markdown, files, settings, overrides, name, env).problems


def vertebroplasty():
    """The real page's text, which most cases edit."""
    return VERTEBROPLASTY.read_text(encoding="utf-8")


SPANISH = "procedures/es/vertebroplasty.es.md"
SPANISH_FIXTURE = ROOT / "tests" / "fixtures" / "vertebroplasty.es.md"


def with_spanish(text=None):
    """``files`` for the Spanish test translation (``text``, else the
    fixture's), where with_translations (conftest.py) puts it."""
    return {SPANISH: SPANISH_FIXTURE.read_text(encoding="utf-8") if text is None else text}
