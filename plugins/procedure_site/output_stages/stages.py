"""The output stages: what is done to the written site, in one place, in
this order.

Once Pelican has written every page, and its ``finalized`` signal has let
page_cache let go of the pages' HTML and asset_fingerprint write the theme's
assets (both come before this part in the procedure site's PARTS, and
Pelican calls a signal's receivers in the order they were connected:
``Signal.set_class = OrderedSet`` since Pelican 4.10), one receiver runs the
stages:

    stage     what it does                            its code              on in
    sitemap   sitemap.xml, robots.txt                 crawler_files         publish
    minify    every page minified                     minify_output         publish
    search    Pagefind's index, into pagefind/        site_search           html, publish
    compress  a .br and a .gz beside each text file   compressed_siblings   publish
    headers   _headers, deploy-manifest.json          http_headers          publish

Why this order: the sitemap and robots.txt are compressed and listed like
any other file; the search index is made from the pages as they are served
(minified), and its own files are compressed and listed; _headers and the
manifest list every file, the siblings too, so they come last.

Which stages run: a stage runs when the build uses its part, which the
settings decide in one place (``PART_SWITCHES`` in sitebuild/plugin_guard.py):
the search index in every build but the kiosk's (which has its own search,
kiosk_search, written with the pages); the others when publishconf.py turns
on CRAWLER_FILES, MINIFY_OUTPUT, COMPRESSED_SIBLING_EXTENSIONS and
DEPLOY_MANIFEST.

One index, each file read once and hashed once: the stages share one
listing of the output (sitebuild/output_index.py), made here once, which
reads a file the first time a stage needs its bytes, hashes the bytes as it
sees them, and is given the new bytes of every file a stage writes, so no
stage reads back what another wrote or hashes it again. (Pagefind, a
program of its own, still reads each page it indexes from disk.)

A page's bytes are in memory only from its minify to its compress.
Keeping every minified page until the compress stage would add about 12 KB
a page (120 MB at 10,000 pages) to stages that already peak near the 300 MB
budget, and reading each back is what the index does away with. So the
minify stage hands each page, as soon as it is minified, to the compress
stage's writer (``SiblingWriter``), which writes its siblings there and
then: compressing a page does not depend on the search index, which only
reads the minified pages from disk and adds files of its own. The compress
stage then does
every text file that has no siblings yet: the sitemap and robots.txt, the
theme's assets and the search index's files. For every file the stages run
in the order above; only a page's compressing is done early.

Earlier still, in a production build with a pool, each page the build
renders is minified and compressed in the pool while Pelican writes the
rest (ahead.py, sitebuild/finish_ahead.py): only into the blob cache, where
these stages then find it. ``run_output_stages`` first waits for what the
pool still has of it.
"""

from itertools import chain

from pelican import signals

from sitebuild.output_index import OutputIndex
from sitebuild.reused_site import clear_the_way
from sitebuild.plugin_guard import SITE_PLUGIN, in_this_build

from ..compressed_siblings import siblings
from ..crawler_files import crawler
from ..http_headers import headers
from ..minify_output import minify
from ..site_search import plugin as search
from . import ahead

SITEMAP, MINIFY, SEARCH, COMPRESS, HEADERS = "sitemap", "minify", "search", "compress", "headers"
# Each stage, in the order they run, and the part of the procedure site whose
# switch turns it on.
STAGE_PARTS = {
    SITEMAP: "crawler_files",
    MINIFY: "minify_output",
    SEARCH: "site_search",
    COMPRESS: "compressed_siblings",
    HEADERS: "http_headers",
}


def enabled(settings) -> list[str]:
    """The stages this build runs, in order."""
    return [stage for stage, part in STAGE_PARTS.items() if in_this_build(settings, f"{SITE_PLUGIN}.{part}")]


def run_stages(index: OutputIndex, settings, stages) -> None:
    """The ``stages`` (of ``enabled``), in order, over ``index``."""
    if SITEMAP in stages:
        crawler.write_crawler_files(index, settings)
    if MINIFY in stages:
        # Each page goes on to be compressed while its bytes are in memory
        # (see the docstring above).
        writer = siblings.SiblingWriter(index, settings) if COMPRESS in stages else None
        minify.minify_pages(index, settings, then=writer)
    if SEARCH in stages:
        search.write_search_index(index, settings)
    if COMPRESS in stages:
        siblings.write_siblings(index, settings)
    if HEADERS in stages:
        headers.write_headers_and_manifest(index, settings)


def index_for(output, settings, stages) -> OutputIndex:
    """The output, listed once. When the build compresses, the index holds
    the bytes a stage writes to a text file until the compress stage reads
    them (sitebuild/output_index.py)."""
    hold = settings.get("COMPRESSED_SIBLING_EXTENSIONS", ()) if COMPRESS in stages else ()
    return OutputIndex.listed(output, hold)


def start_ahead(pelican):
    """As the build starts: pages handed to the pool as they are written
    when both the minify and the compress stage will run (ahead.py)."""
    stages = enabled(pelican.settings) if in_this_build(pelican, __package__) else []
    ahead.start(pelican, MINIFY in stages and COMPRESS in stages)


def run_output_stages(pelican):
    ahead.settle()
    if not in_this_build(pelican, __package__):
        return
    stages = enabled(pelican.settings)
    if stages:
        run_stages(index_for(pelican.output_path, pelican.settings, stages), pelican.settings, stages)


def clear_for_static_files(generator):
    """Before Pelican copies the static files into a folder that held an
    older site (sitebuild/reused_site.py), nothing of that site stands where
    one goes."""
    clear_the_way(generator.output_path, [static.save_as for static in generator.staticfiles])


def clear_for_pages(generator):
    """The same for the pages, before Pelican writes them."""
    pages = chain(generator.pages, generator.translations, generator.hidden_pages, generator.hidden_translations)
    # save_as is worked out from the URL settings on every read: read once.
    clear_the_way(generator.output_path, [path for page in pages if (path := page.save_as)])


def register():
    signals.initialized.connect(start_ahead)
    signals.page_generator_finalized.connect(clear_for_pages)
    signals.static_generator_finalized.connect(clear_for_static_files)
    signals.finalized.connect(run_output_stages)
