"""Fails the build when two pages would be written to the same address.

Pelican keeps one of them and quietly drops the other as a "translation", so
a patient would see the wrong procedure at a URL.
"""

from collections import defaultdict

from blinker import signal
from pelican import signals
from pelican.contents import Page

content_problem = signal("content_problem")

_pages_by_slug = defaultdict(list)


def _reset(_pelican):
    _pages_by_slug.clear()


def _record(content):
    if isinstance(content, Page) and getattr(content, "slug", None):
        _pages_by_slug[content.slug].append(content.source_path)


def _report_duplicates(_generator):
    for slug, paths in sorted(_pages_by_slug.items()):
        if len(paths) < 2:
            continue
        paths = sorted(paths)
        for path in paths:
            others = ", ".join(p for p in paths if p != path)
            content_problem.send(
                path,
                message=f"the slug '{slug}' is also used by {others}, so both "
                "pages would have the same address.",
                fix="give one page a different 'Slug:' line (or rename its file).",
            )


def register():
    signals.initialized.connect(_reset)
    signals.content_object_init.connect(_record)
    signals.page_generator_finalized.connect(_report_duplicates)
