"""Runs Pelican in-process and collects what it logs."""

import logging
import os

from pelican import Pelican
from pelican.log import console
from pelican.settings import read_settings


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


def run_pelican(settings_file, output, content=None, overrides=None):
    """Build the site into ``output``; returns the settings used."""
    # DEBUG makes Pelican attach the exception to "Could not process" records,
    # so the reason reaches the author and bugs keep their traceback.
    override = {"OUTPUT_PATH": os.path.abspath(output), "DEBUG": True}
    if content:
        override["PATH"] = os.path.abspath(content)
    override.update(overrides or {})
    settings = read_settings(settings_file, override=override)
    console.quiet = True  # Pelican's "Done: Processed ..." would precede a failure
    try:
        Pelican(settings).run()
    finally:
        console.quiet = False
    return settings
