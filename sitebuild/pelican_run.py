"""Runs Pelican in-process and collects what it logs."""

import logging
import os

from pelican import Pelican
from pelican.log import console
from pelican.settings import read_settings

from . import page_pool
from .build_cache import BuildCache, flavour


class LogCollector(logging.Handler):
    """Keeps every warning and error logged during a build.

    Pelican only logs many failures (an unreadable file, a broken link) and
    carries on; here any of them fails the build.
    """

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record)


# Settings the build runner sets itself, each with what to do instead of
# overriding it: where the build is written (a staging folder that replaces
# the --output folder only on success, after the output guard), what it
# reads, and DEBUG, which the runner needs to tell content problems from bugs.
RUNNER_SETTINGS = {
    "OUTPUT_PATH": "Use --output FOLDER instead; the build is written to a staging "
    "folder that replaces that folder only when it succeeds",
    "PATH": "Use --content FOLDER instead",
    "DEBUG": "Leave it out; the build command turns DEBUG on to tell content problems from bugs",
}


def build_settings(settings_file, output, content=None, overrides=None):
    """The settings of a build into ``output``: the file's, then ``overrides``,
    then the runner's own keys, which always win: an override of one of
    RUNNER_SETTINGS is dropped (the command line refuses it before this)."""
    # DEBUG makes Pelican attach the exception to "Could not process" records,
    # so the reason reaches the author and bugs keep their traceback.
    own = {"OUTPUT_PATH": os.path.abspath(output), "DEBUG": True}
    if content:
        own["PATH"] = os.path.abspath(content)  # else the settings file's, as the output guard read it
    allowed = {name: value for name, value in (overrides or {}).items() if name not in RUNNER_SETTINGS}
    return read_settings(settings_file, override={**allowed, **own})


def run_pelican(settings_file, output, content=None, overrides=None, cache_root=None):
    """Build the site into ``output``; returns the settings used.

    With ``cache_root``, the build reads and keeps what it can reuse in its
    flavour's folder there (build_cache.py); the output is the same."""
    settings = build_settings(settings_file, output, content, overrides)
    cache = BuildCache(cache_root, flavour(settings_file), settings) if cache_root is not None else None
    if cache is not None:
        settings.update(cache.start(settings))
    console.quiet = True  # Pelican's "Done: Processed ..." would precede a failure
    succeeded = False
    try:
        # The pool that reads the pages the cache lacks is forked before the
        # build's Pelican exists, so it holds none of its state (page_pool.py).
        # Its workers make their Pelican at once, beside the build's, even
        # with a full cache: a page edited since is read by one of them
        # while the build restores the rest (page_cache/read_ahead.py).
        pooled = settings.get("BUILD_CACHE_PATH") is not None and page_pool.worth_a_pool(settings)
        with page_pool.started(settings if pooled else None, eager=pooled):
            Pelican(settings).run()
        succeeded = True
    finally:
        console.quiet = False
        if cache is not None:
            cache.finish(succeeded)
    return settings
