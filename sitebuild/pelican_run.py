"""Runs Pelican in-process and collects what it logs."""

import logging
import os

from pelican import Pelican
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
    override = {"OUTPUT_PATH": os.path.abspath(output)}
    if content:
        override["PATH"] = os.path.abspath(content)
    override.update(overrides or {})
    settings = read_settings(settings_file, override=override)
    Pelican(settings).run()
    return settings
