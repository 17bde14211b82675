"""A page's ``Status:`` is one the site knows.

Pelican skips a page whose status it does not know ("Status: hiden"), with
an error that names neither the line nor the fix; the page's checks never
run, so its other problems only appear once the status is put right. This
check runs when Pelican makes the page (``content_object_init``), before
it is skipped: the line and the fix come with the page's other problems,
in one run, and Pelican's own error is dropped as its echo.
"""

from pelican import signals
from pelican.contents import Page

from procedure_site.build_report.report import problem, report
from procedure_site.unique_urls.urls import STATUS_LINE, header_line
from sitebuild.plugin_guard import in_this_build

# What each status means on this site, for the fix.
MEANINGS = {"draft": "not published yet", "hidden": "published, but left out of the A–Z lists and the search"}


def status_problem(content) -> tuple[str, str] | None:
    """(message, fix) when ``content`` has a status Pelican would skip it for."""
    allowed = getattr(content, "allowed_statuses", None)
    status = getattr(content, "status", None)
    if allowed is None or status in allowed:
        return None
    choices = " or ".join(f"'Status: {name}' ({meaning})" for name, meaning in MEANINGS.items())
    return (
        f"'Status: {status}' is not a status the site knows, so the page would not be built at all.",
        f"write {choices}, or delete the line to publish the page.",
    )


def check_status(content):
    if not isinstance(content, Page) or not in_this_build(content.settings, __package__):
        return
    found = status_problem(content)
    if found:
        report([problem(content.source_path, *found, line=header_line(content.source_path, STATUS_LINE))])


def register():
    signals.content_object_init.connect(check_status)
