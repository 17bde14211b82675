"""Parses each page once and runs the checks and rewrites on that one model.

For every page that will be published (drafts are never written, so they are
not parsed), right after Pelican reads it:

1. its HTML is parsed into a PageModel (model.py), with each heading's source
   line, and kept on the page as ``page.page_model``;
2. ``page_model.check`` is sent: plugins that check the page read the model
   and report through ``content_problem``; they change nothing;
3. ``page_model.rewrite`` is sent: plugins that change the page (filling the
   ``{phone}`` slot, the kiosk's offline links) change the tree;
4. the HTML is written back once, from the tree;
5. ``page_model.built`` is sent, and the tree is let go (a tool that reads
   it after the build, the content report, sets PAGE_MODEL_KEPT).

The two phases are two signals, so every check sees the page as the author
wrote it. One signal would do it only by plugin order: receivers run in the
order they were connected, which is the order of PLUGINS (Pelican 4.10 and
later: pelican/plugins/signals.py), and a plugin that checks and one that
rewrites would then have to be listed in the right order, in every flavour.

Pelican has no public way to set a page's HTML after reading it; writing
``_content`` is the one place this project does so.
"""

import blinker
from pelican import signals
from pelican.contents import Page

from sitebuild import source_text
from sitebuild.plugin_guard import in_this_build

from .model import parse
from .source_lines import attach_lines
from .urls import intrasite_pattern


page_check = blinker.signal("page_model.check")
page_rewrite = blinker.signal("page_model.rewrite")
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
    page_check.send(content, model=model)
    page_rewrite.send(content, model=model)
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
