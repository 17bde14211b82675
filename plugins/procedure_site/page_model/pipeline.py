"""Parses each page once and runs the checks and rewrites on that one model.

For every page that will be published (drafts are never written, so they are
not parsed), right after Pelican reads it, its facts (facts.py) are either
the ones the page cache kept for the same bytes (page_cache/cache.py
``kept_facts``) or made here (``page_facts``):

1. its HTML is parsed into a PageModel (model.py), with each heading's source
   line;
2. the checks run, in the order of ``check()`` below: each is a function of
   the page (its settings and metadata) and the model that returns its
   problems as data, and changes nothing; what they find (the procedure's
   sections, the reading levels, the review dates, the search keywords, the
   public address) and their problems and notices become the page's facts
   (a problem found again named at its next line: build_report ``spread``);
3. the rewrites change the tree, in the order of ``rewrite()`` below: the
   ``{phone}`` slots filled, and in a kiosk, links outside the site shown as
   text;
4. the HTML is written back once, from the tree, into the facts; the tree
   is let go (a tool that reads it after the build, the content report,
   sets PAGE_MODEL_KEPT); the page cache is given the facts (it keeps them
   when a pool worker made them without trouble).

Then, in one place, the page gets its facts (``page.facts``, its template
and its HTML: a page restored from the cache reads its HTML from there when
asked), and its problems and notices are reported: a kept page's the same
way as a page just read, so a warm build says what a cold one says.

The checks run before the rewrites, so every check sees the page as the
author wrote it. Both are called here, by name and in order, rather than
connected to a signal: what a page goes through, and in what order, is read
in one place.

Pelican has no public way to set a page's HTML after reading it; writing
``_content`` here, or, for a restored page, its ``_get_content`` (page_cache
``read_html_when_asked``, called from here), is the one place this project
does so.
"""

from dataclasses import replace

from pelican import signals
from pelican.contents import Page

from procedure_site.appointment_phone.plugin import fill as fill_phone
from procedure_site.appointment_phone.plugin import page_problems as phone_problems
from procedure_site.build_report.report import notify, report, spread
from procedure_site.content_safety.images import image_problems
from procedure_site.content_safety.safety import page_problems as safety_problems
from procedure_site.intrasite_links.links import page_problems as link_problems
from procedure_site.intrasite_links.anchors import page_problems as anchor_problems
from procedure_site.kiosk_links.links import unlink_outside
from procedure_site.kiosk_search.plugin import page_headings
from procedure_site.language_versions.languages import public_address
from procedure_site.page_cache import cache as page_cache
from procedure_site.procedure_codes.plugin import page_codes
from procedure_site.procedure_model.model import freeze as freeze_procedure
from procedure_site.procedure_model.model import is_procedure, page_procedure
from procedure_site.reading_level.plugin import page_reading
from procedure_site.review_dates.plugin import page_review
from procedure_site.search_keywords.plugin import page_keywords
from procedure_site.take_home_qr.qr import take_home_code
from procedure_site.writing_hints.hints import page_problems as hint_problems
from procedure_site.writing_hints.comments import page_problems as open_comment_problems
from sitebuild import source_text
from sitebuild.plugin_guard import in_this_build

from .facts import PageFacts
from .model import parse
from .source_lines import attach_lines
from .urls import intrasite_pattern


def is_published(content) -> bool:
    return isinstance(content, Page) and content.status != "draft"


def read_source(path: str) -> str:
    try:
        return source_text.read_source(path)  # NFC, as the Markdown reader read it
    except (OSError, UnicodeDecodeError):
        return ""  # the source_encoding plugin reports a file that is not UTF-8


def check(content, model) -> PageFacts:
    """The check phase: every check of one published page, in order; what
    they found, as the page's facts (its HTML not yet rewritten)."""
    settings = content.settings
    problems, notices = [], []
    found = {}
    for page_problems in (phone_problems, safety_problems, image_problems, link_problems, anchor_problems):
        problems += page_problems(content, model)
    if is_procedure(content, settings):
        found["template"] = settings["PROCEDURE_TEMPLATE"]
        procedure, said = page_procedure(content, model)
        problems += said
        if procedure is not None:
            found["procedure"] = procedure
            found["reading"], said = page_reading(content, procedure)
            notices += said
            if in_this_build(content, "procedure_site.kiosk_search"):
                found["kiosk_search_headings"] = tuple(page_headings(model))
    problems += hint_problems(content, model)
    problems += open_comment_problems(content, model)
    found["review"], said, told = page_review(content)
    problems += said
    notices += told
    keywords, said = page_keywords(content)
    found["search_keywords"] = tuple(keywords)
    problems += said
    found["procedure_codes"], said = page_codes(content, model)
    problems += said
    if getattr(content, "slug", None):
        found["public_address"] = public_address(settings, content)
        if in_this_build(content, "procedure_site.take_home_qr"):
            found["take_home_qr"] = take_home_code(found["public_address"])
    return PageFacts(html="", problems=tuple(spread(problems)), notices=tuple(notices), **found)


def rewrite(content, model) -> None:
    """The rewrite phase: what changes the page's tree, in order."""
    fill_phone(content, model)
    if in_this_build(content, "procedure_site.kiosk_links"):
        unlink_outside(model, content.settings["PHONE_REGION"])


def page_facts(content) -> PageFacts:
    """One published page's facts, made from its HTML as Pelican read it:
    parsed once, checked, rewritten, and its HTML written back once."""
    model = parse(content._content or "", intrasite_pattern(content.settings["INTRASITE_LINK_REGEX"]))
    model.source = read_source(content.source_path)
    attach_lines(model.headings, model.source)
    facts = check(content, model)
    rewrite(content, model)
    if content.settings.get("PAGE_MODEL_KEPT"):
        # A tool that reads the page after the build (the content report)
        # reads its tree; a build lets go of it (10,000 pages' trees are
        # most of half a gigabyte): the sections keep their HTML as text.
        content.page_model = model
    elif facts.procedure is not None:
        freeze_procedure(facts.procedure)
    return replace(facts, html=model.html())


def build_model(content):
    if not in_this_build(content, __package__):
        return
    if not is_published(content):
        return
    facts = page_cache.kept_facts(content)
    if facts is None:
        facts = page_facts(content)
        content._content = facts.html
        page_cache.made(content, facts)
    else:
        page_cache.read_html_when_asked(content, facts)  # kept apart: read when asked
    content.facts = facts
    if facts.template:
        content.template = facts.template
    report(facts.problems)
    notify(facts.notices)


def register():
    signals.content_object_init.connect(build_model)
