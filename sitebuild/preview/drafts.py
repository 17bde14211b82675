"""Drafts in the preview: built at their future address and checked as a
published page is, and never anywhere else.

Pelican reads a page's metadata, then sends ``page_generator_context`` with
it, then makes the Page from it (``Readers.read_file``, Pelican 4.12), so a
receiver there can say, before the Page exists, that this draft is to be
treated as published: every receiver after that (the page model's checks,
the addresses, the A–Z lists) then sees a published page. The page keeps
``preview_draft = True`` so the preview can put the draft banner on it.

The receiver acts only in a build whose settings carry ``PREVIEW_DRAFTS``,
which only the preview sets (settings.py); ``make html``, ``make publish``
and ``make kiosk`` never do, so their drafts stay out as before
(tests/test_preview.py builds the three and looks for any trace of a draft
or of the preview).
"""

from pelican import signals

DRAFT_SETTING = "PREVIEW_DRAFTS"
MARK = "preview_draft"


def publish_drafts_in_preview(generator, metadata=None):
    if metadata is None or not generator.settings.get(DRAFT_SETTING):
        return
    if str(metadata.get("status", "")).strip().lower() == "draft":
        metadata["status"] = "published"
        metadata[MARK] = True


def connect():
    """Once per process, before the preview's first build (and so before
    the page pool forks its workers, which read pages with the same
    receivers)."""
    signals.page_generator_context.connect(publish_drafts_in_preview)
