"""Parses each page once and runs the checks and rewrites on that one model.

For every page that will be published (drafts are never written, so they are
not parsed), right after Pelican reads it:

1. its HTML is parsed into a PageModel (model.py), with each heading's source
   line, and kept on the page as ``page.page_model``;
2. the checks run, in the order of CHECKS below: each is a function of the
   page (its settings and metadata) and the model that returns its problems
   as data, and changes nothing; the facts some of them find (the
   procedure's sections, the reading levels, the review dates, the search
   keywords) are kept on the page for the templates and the tools; then
   every problem and notice is reported, in one place;
3. the rewrites change the tree, in the order of rewrite() below: the
   ``{phone}`` slots filled, and in a kiosk, links outside the site shown as
   text;
4. the HTML is written back once, from the tree;
5. ``page_model.built`` is sent, and the tree is let go (a tool that reads
   it after the build, the content report, sets PAGE_MODEL_KEPT).

The checks run before the rewrites, so every check sees the page as the
author wrote it. Both are called here, by name and in order, rather than
connected to a signal: what a page goes through, and in what order, is read
in one place.

Pelican has no public way to set a page's HTML after reading it; writing
``_content`` is the one place this project does so.
"""

import blinker
from pelican import signals
from pelican.contents import Page

from procedure_site.appointment_phone.plugin import fill as fill_phone
from procedure_site.appointment_phone.plugin import page_problems as phone_problems
from procedure_site.build_report.report import notify, report
from procedure_site.content_safety.images import image_problems
from procedure_site.content_safety.safety import page_problems as safety_problems
from procedure_site.intrasite_links.links import page_problems as link_problems
from procedure_site.kiosk_links.links import unlink_outside
from procedure_site.kiosk_search.plugin import page_headings
from procedure_site.procedure_codes.plugin import page_codes
from procedure_site.procedure_model.model import is_procedure, page_procedure
from procedure_site.reading_level.plugin import page_reading
from procedure_site.review_dates.plugin import page_review
from procedure_site.search_keywords.plugin import page_keywords
from procedure_site.writing_hints.hints import page_problems as hint_problems
from sitebuild import source_text
from sitebuild.plugin_guard import in_this_build

from .model import parse
from .source_lines import attach_lines
from .urls import intrasite_pattern


# Before the parse: a receiver that returns True has restored everything the
# steps below would give this page from an earlier build (page_cache), so the
# page is not parsed. After the steps: the page is done (sender: the page;
# ``added=``: the attributes the steps set on it).
page_restore = blinker.signal("page_model.restore")
page_built = blinker.signal("page_model.built")


def is_published(content) -> bool:
    return isinstance(content, Page) and content.status != "draft"


def read_source(path: str) -> str:
    try:
        return source_text.read_source(path)  # NFC, as the Markdown reader read it
    except (OSError, UnicodeDecodeError):
        return ""  # the source_encoding plugin reports a file that is not UTF-8


def check(content, model) -> None:
    """The check phase: every check of one published page, in order."""
    settings = content.settings
    problems, notices = [], []
    for page_problems in (phone_problems, safety_problems, image_problems, link_problems):
        problems += page_problems(content, model)
    if is_procedure(content, settings):
        content.template = settings["PROCEDURE_TEMPLATE"]
        procedure, found = page_procedure(content, model)
        problems += found
        if procedure is not None:
            content.procedure = procedure
            content.reading, said = page_reading(content, procedure)
            notices += said
            if in_this_build(content, "procedure_site.kiosk_search"):
                content.kiosk_search_headings = page_headings(model)
    problems += hint_problems(content, model)
    review, found, said = page_review(content)
    problems += found
    notices += said
    if review is not None:
        content.review = review
    content.search_keywords, found = page_keywords(content)
    problems += found
    content.procedure_codes, found = page_codes(content, model)
    problems += found
    report(problems)
    notify(notices)


def rewrite(content, model) -> None:
    """The rewrite phase: what changes the page's tree, in order."""
    fill_phone(content, model)
    if in_this_build(content, "procedure_site.kiosk_links"):
        unlink_outside(model, content.settings["PHONE_REGION"])


def build_model(content):
    if not in_this_build(content, __package__):
        return
    if not is_published(content):
        return
    if any(restored for _receiver, restored in page_restore.send(content)):
        return
    before = dict(vars(content))
    model = parse(content._content or "", intrasite_pattern(content.settings["INTRASITE_LINK_REGEX"]))
    model.source = read_source(content.source_path)
    attach_lines(model.headings, model.source)
    content.page_model = model
    check(content, model)
    rewrite(content, model)
    content._content = model.html()
    added = [name for name, value in vars(content).items() if name not in before or before[name] is not value]
    page_built.send(content, added=added)
    if not content.settings.get("PAGE_MODEL_KEPT"):
        # Every check and rewrite is done and the HTML written back; what
        # the render needs was kept as text on page_model.built. A whole
        # catalog's trees would otherwise stay in memory until the last
        # page is written (10,000 pages: most of half a gigabyte).
        del content.page_model


def register():
    signals.content_object_init.connect(build_model)
