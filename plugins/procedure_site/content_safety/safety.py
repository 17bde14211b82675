"""Reports everything in a page's HTML that the allowlist (allowlist.py) refuses.

Runs on the page's one parse (plugins/procedure_site/page_model, check phase), so it sees raw
HTML and Markdown alike, exactly as a browser would build them.

The ids the theme writes are read from its templates (theme_ids.py) once per
build, when the first page is checked (a template edited between two builds
of the preview is read again), and parsed only when their text changed:
parsing costs a build 0.2 to 0.9 s, reading a millisecond, so a process
that builds again (the preview, a test's forked builds) parses once.
"""

from pelican import signals

from procedure_site.build_report.report import problem
from sitebuild.plugin_guard import in_this_build

from .allowlist import problems, reserved_ids
from .images import replace_pelicans_check
from .theme_ids import template_ids, theme_sources


_read = {}  # theme folder -> its ids, for the build under way
_parsed = {}  # (templates' text, Jinja extensions) -> their ids; one entry, the last theme parsed


def forget_theme(pelican):
    _read.clear()


def ids_of_theme(settings) -> frozenset:
    theme = settings["THEME"]
    if theme not in _read:
        extensions = tuple((settings.get("JINJA_ENVIRONMENT") or {}).get("extensions", ()))
        key = (theme_sources(theme), extensions)
        if key not in _parsed:
            _parsed.clear()
            _parsed[key] = template_ids(key[0], extensions)
        _read[theme] = _parsed[key]
    return _read[theme]


def page_problems(content, model) -> list:
    """The page's markup outside the allowlist, as data (page_model/pipeline.py reports them)."""
    section_ids = [spec["id"] for spec in content.settings["PROCEDURE_SECTIONS"]]
    reserved = reserved_ids(section_ids, ids_of_theme(content.settings))
    owned = frozenset({content.settings["PHONE_PLACEHOLDER"]})
    return [
        problem(content.source_path, message, fix, find=needle)
        for message, fix, needle in problems(model, reserved, owned)
    ]


def own_alt_check(pelican):
    """Pelican's empty-alt warning off for a build that uses the site (images.py)."""
    replace_pelicans_check(in_this_build(pelican, __package__))


def register():
    signals.initialized.connect(forget_theme)
    signals.initialized.connect(own_alt_check)
