"""What reading one page gave: its facts, one frozen object.

Made by page_model/pipeline.py (``check`` and ``rewrite``), kept on the page
as ``page.facts`` in one place, and read by the templates
(``page.facts.procedure``), the structured data, the searches, the content
report and the page cache. One object with one owner, rather than a dozen
attributes set on Pelican's Page by as many plugins: what a page knows is
read in one place, and a page's facts are a pure function of its bytes, the
settings and the site's headers, which is what the page cache keeps by those
bytes and what a pool worker makes on its core.

Frozen: once made, nothing changes a page's facts in place. The page cache
keeps ``procedure`` and ``reading`` apart (only a render reads them) and
gives them back with ``dataclasses.replace``. It keeps ``html`` apart too:
facts it restores have ``html=None``, and the page reads its HTML from the
cache when something asks for it (page_cache/cache.py): a warm build writes
most pages from their kept render and never needs it, and 10,000 pages'
HTML was most of a build's memory as Pelican made the pages.

The problems and notices are the page's own, as data: a page with a problem
fails the build (and is never kept), and a kept page's notices are said
again by the build that restores it, through the same ``notify`` as a cold
build, so both say the same.
"""

from dataclasses import dataclass, field

# Only a render (and the content report) reads these: the page cache keeps
# them apart from the rest.
RENDER_ONLY = ("procedure", "reading")


@dataclass(frozen=True)
class PageFacts:
    html: str | None  # the page's HTML after the rewrites ({phone} filled; kiosk: outside links as text); None: kept apart, in the page cache
    template: str | None = None  # PROCEDURE_TEMPLATE for a procedure page, else Pelican's
    procedure: object = None  # procedure_model.model.Procedure: lead and sections
    reading: object = None  # reading_level.measure.Reading: the page's and each section's scores
    review: object = None  # review_dates.review.Review: reviewed, due
    search_keywords: tuple = ()  # the page's Keywords:, for both searches
    procedure_codes: tuple = ()  # the page's own Codes: (procedure_codes.codes.Code)
    kiosk_search_headings: tuple = ()  # the headings the kiosk's index searches
    public_address: str = ""  # the page's public address (language_versions), for the QR code
    take_home_qr: object = None  # kiosk: the inline SVG QR code of public_address
    problems: tuple = ()  # build_report.report.Problem, as the checks returned them
    notices: tuple = field(default=())  # the same, for what is said but does not fail the build
    static_links: tuple = ()  # the files its HTML links with {static} or {attach} (Pelican's get_static_links), sorted

    def without_render_only(self) -> "PageFacts":
        """These facts with procedure and reading left out (the page cache
        keeps them apart)."""
        return PageFacts(**{**vars(self), **{name: None for name in RENDER_ONLY}})

    def without_html(self) -> "PageFacts":
        """These facts with the HTML left out (the page cache keeps it apart)."""
        return PageFacts(**{**vars(self), "html": None})

    def render_only(self) -> dict:
        return {name: getattr(self, name) for name in RENDER_ONLY}


def facts_of(page) -> PageFacts | None:
    """The page's facts, or None (a draft, a page of another build)."""
    return getattr(page, "facts", None)
