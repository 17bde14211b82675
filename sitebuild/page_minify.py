"""minify-html as the production build runs it over a page, in one place.

The minify stage (plugins/procedure_site/minify_output) and a pool worker
finishing a page ahead of it (sitebuild/finish_ahead.py) both call this, so
a page minified by either is the same bytes under the same cache key. Here,
not in the plugin, because a pool worker is forked before Pelican loads the
plugins and imports only ``sitebuild`` by name (sitebuild/page_pool.py).
"""

from importlib.metadata import version

import minify_html

MINIFY_HTML_VERSION = version("minify_html")
# The cache's key is made from the page's sha256 ("of sha256"), not its bytes.
TOOL = f"minify-html {MINIFY_HTML_VERSION} minify_css of sha256"


def minified_page(html: str) -> str:
    return minify_html.minify(html, minify_css=True)
