"""Reports everything in a page's HTML that the allowlist (allowlist.py) refuses.

Runs on the page's one parse (plugins/procedure_site/page_model, check phase), so it sees raw
HTML and Markdown alike, exactly as a browser would build them.

The ids the theme writes are read from its templates (theme_ids.py) once per
build, when the first page is checked: a template edited between two builds
of a devserver is read again.
"""

from blinker import signal
from pelican import signals

from sitebuild.plugin_guard import in_this_build
from .allowlist import problems, reserved_ids
from .theme_ids import theme_ids

content_problem = signal("content_problem")

_read = {}  # theme folder -> its ids, for the build under way


def forget_theme(pelican):
    _read.clear()


def ids_of_theme(settings) -> frozenset:
    theme = settings["THEME"]
    if theme not in _read:
        extensions = (settings.get("JINJA_ENVIRONMENT") or {}).get("extensions", ())
        _read[theme] = theme_ids(theme, extensions)
    return _read[theme]


def check_page(content, model):
    if not in_this_build(content, __package__):
        return
    section_ids = [spec["id"] for spec in content.settings["PROCEDURE_SECTIONS"]]
    reserved = reserved_ids(section_ids, ids_of_theme(content.settings))
    for message, fix, needle in problems(model, reserved):
        content_problem.send(content.source_path, message=message, fix=fix, find=needle)


def register():
    signals.initialized.connect(forget_theme)
    signal("page_model.check").connect(check_page)
