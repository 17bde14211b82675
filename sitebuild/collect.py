"""Runs a build's reading in-process and hands back its pages: for tools that
read what the build knows about each page (``make check-reviews``,
``make report``) without writing ``output/``.

The build stops where Pelican asks for a writer (its public ``get_writer``
signal), once every page is read and checked and every cross-page check
has run: what these tools read is all known by then, and rendering,
indexing and writing the site into a folder that is thrown away took most
of their time (``make check-reviews`` on 320 pages: the whole build). A
problem that only writing can find (a file's HTTP headers, the output
guard) is the build's to report, not theirs.

The build leaves its findings on each page (``page.facts``: the review,
reading levels and sections; ``page.page_model``); nothing here
imports a plugin. A build with content problems hands back the problems in
the words the build command uses, and no pages.
"""

import logging
import tempfile
from dataclasses import dataclass, field

from pelican import signals

from .log_report import classify, format_bug, notices
from .pelican_run import LogCollector, build_settings, run_pelican


class BuildBroke(Exception):
    """A bug in the build system, with its traceback."""


class _ReadingDone(Exception):
    """Raised where Pelican asks for a writer: everything the tools read is known."""


@dataclass
class Collected:
    settings: dict
    pages: list = field(default_factory=list)  # published and hidden
    drafts: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    notices: list = field(default_factory=list)


def collect(settings_file, content=None, overrides=None) -> Collected:
    found = {}

    def keep(generator):
        found["pages"] = [*generator.pages, *generator.hidden_pages, *generator.translations,
                          *generator.hidden_translations]
        found["drafts"] = [*generator.draft_pages, *generator.draft_translations]

    collector = LogCollector()
    root = logging.getLogger()
    root.addHandler(collector)

    def stop_before_writing(pelican):
        found["settings"] = pelican.settings  # as the build ran with them
        raise _ReadingDone

    signals.page_generator_finalized.connect(keep)
    signals.get_writer.connect(stop_before_writing)
    # The report reads each page's parse (links, images): keep it.
    kept = {**(overrides or {}), "PAGE_MODEL_KEPT": True}
    try:
        with tempfile.TemporaryDirectory(prefix="collect-") as output:
            try:
                settings = run_pelican(settings_file, output, content=content, overrides=kept)
            except _ReadingDone:
                settings = found["settings"]
            except Exception as error:
                if not hasattr(error, "problems"):  # ContentProblems: listed in the log
                    raise
                settings = build_settings(settings_file, output, content, kept)
    finally:
        signals.get_writer.disconnect(stop_before_writing)
        signals.page_generator_finalized.disconnect(keep)
        root.removeHandler(collector)
    problems, bugs = classify(collector.records)
    if bugs:
        raise BuildBroke("\n".join(format_bug(record) for record in bugs))
    if problems:
        return Collected(settings, problems=problems, notices=notices(collector.records))
    return Collected(settings, found.get("pages", []), found.get("drafts", []), [], notices(collector.records))
