"""Reports everything in a page's HTML that the allowlist (allowlist.py) refuses.

Runs on the page's one parse (plugins/procedure_site/page_model, check phase), so it sees raw
HTML and Markdown alike, exactly as a browser would build them.

The ids the theme writes are read from its templates (theme_ids.py) when
the first page is checked, and kept by the templates' text: parsing them
costs a build 0.2 to 0.9 s, reading them a millisecond, so a process that
builds again (the preview, a test's forked builds) parses only what
changed, and a template edited between two builds is read again.
"""

from pelican import signals

from procedure_site.build_report.report import problem
from sitebuild.plugin_guard import in_this_build

from .allowlist import problems, reserved_ids
from .images import replace_pelicans_check
from .theme_ids import template_ids, theme_sources


_read = {}  # (templates' text, Jinja extensions) -> their ids; one entry, the last theme read


def ids_of_theme(settings) -> frozenset:
    extensions = tuple((settings.get("JINJA_ENVIRONMENT") or {}).get("extensions", ()))
    key = (theme_sources(settings["THEME"]), extensions)
    if key not in _read:
        _read.clear()
        _read[key] = template_ids(key[0], extensions)
    return _read[key]


def page_problems(content, model) -> list:
    """The page's markup outside the allowlist, as data (page_model/pipeline.py reports them)."""
    section_ids = [spec["id"] for spec in content.settings["PROCEDURE_SECTIONS"]]
    reserved = reserved_ids(section_ids, ids_of_theme(content.settings))
    return [problem(content.source_path, message, fix, find=needle) for message, fix, needle in problems(model, reserved)]


def own_alt_check(pelican):
    """Pelican's empty-alt warning off for a build that uses the site (images.py)."""
    replace_pelicans_check(in_this_build(pelican, __package__))


def register():
    signals.initialized.connect(own_alt_check)
