"""The procedure site: the one Pelican plugin this project's builds use.

Its parts are the subpackages here, one per concern (docs/architecture.md is
the map). ``register()`` connects them in the order the pipeline runs:
Pelican calls the receivers of one signal in the order they were connected
(``Signal.set_class = OrderedSet`` since Pelican 4.10), so this list is also
the order in which, say, the checks of one page run. A part that depends on
another's result imports it; nothing relies on two parts meeting on a signal
by chance.

Which parts act in a build is decided by its settings, in one place:
sitebuild/plugin_guard.py (the web build, the production build and the kiosk
list the same PLUGINS = ["procedure_site"]).

The parts are imported when Pelican registers the plugin, not when this
package is imported, so a test can import one part without the others.
"""

import importlib

# The parts, in pipeline order. Each has a register() connecting its receivers.
PARTS = (
    "build_report",  # first: every other part reports problems to it
    "source_encoding",  # every page is UTF-8
    "content_files",  # every file in content/ is a page or a static file
    "markdown_reader",  # one Markdown object for every page of the build
    "page_model",  # parses each page once; the checks and rewrites below read it
    "page_cache",  # a page that cannot have changed is neither parsed nor rendered again
    "appointment_phone",
    "content_safety",
    "intrasite_links",
    "unique_urls",
    "procedure_model",
    "writing_hints",  # a published page may hold no "[Replace this: ...]" hint
    "review_dates",  # Reviewed: dates, shown on every page; overdue pages warned
    "reading_level",  # reading ease in each page's language, plain-language notes
    "structured_data",  # one schema.org JSON-LD block per procedure page
    "content_types",  # each content file is a kind the site can serve
    "asset_fingerprint",  # asset addresses for the templates (hashed in production)
    "theme_i18n",  # the theme's words in each page's language (theme/translations/)
    "language_versions",  # each language's A–Z list; the public addresses
    "search_keywords",  # Keywords: metadata and SEARCH_SYNONYMS, for both searches
    "site_search",  # the website's Pagefind index (not the kiosk's)
    "procedure_codes",  # Codes: metadata; a translation's codes are its original's
    "ehr_connect",  # connect/: the lookup files a record system finds pages by (not the kiosk's)
    "files_ahead",  # the pages' and lookup files' files and folders, made empty by a worker ahead of their writers
    # After asset_fingerprint on finalized: sitemap, minify, search index,
    # compress, headers and manifest, in that order, over one index of the output.
    "output_stages",
    # production (publishconf.py); their stages run in output_stages
    "canonical_urls",
    "crawler_files",
    "minify_output",
    "compressed_siblings",
    "http_headers",
    # kiosk (kioskconf.py)
    "idle_reset",
    "kiosk_links",
    "take_home_qr",
    "kiosk_search",
)


def import_parts() -> list:
    """Every part, imported and not registered. The build runner calls this
    before it forks its pool (sitebuild/page_pool.py), so the workers share
    the modules the build imported rather than each import them again."""
    return [importlib.import_module(f"{__name__}.{part}") for part in PARTS]


def register():
    for part in import_parts():
        part.register()
