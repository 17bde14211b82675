"""Production (CDN) settings: pelicanconf.py, plus only what differs.

    make publish SITEURL=https://patient-guides.example.org
    make deploy DEST=s3://BUCKET[/PREFIX]

Links within the site are root-relative, so the output works on any host
name; the public address is used only where an absolute one is needed. The
build adds canonical and Open Graph tags, sitemap.xml and robots.txt,
fingerprints and minifies the static assets, minifies the pages, writes a
.br and a .gz beside every text file, and lists every file with its HTTP
headers in _headers and deploy-manifest.json. The deploy
(python -m sitebuild.deploy) reads the manifest and the DEPLOY_* settings.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

# --- Addresses ---------------------------------------------------------------
# The public https address, given by whoever publishes: make publish SITEURL=...
# (the Makefile passes it in the environment). It is only where an absolute
# address is needed: <link rel="canonical"> and Open Graph tags
# (components/social_meta.html), the sitemap and robots.txt, the address
# printed on each page, and the manifest. The canonical_urls plugin stops the
# build when it is missing or not https.
PUBLIC_SITEURL = os.environ.get("SITEURL", "").strip().rstrip("/")
# Every link and asset within the site is root-relative ("/theme/css/...",
# "/procedures/x/"), so the same output works on any host name: staging, the
# apex or www, the CDN's own domain, a local preview. An absolute address
# would also break the stylesheet there (style-src 'self').
SITEURL = ""
CANONICAL_URLS = True

# --- The output stages ---------------------------------------------------------
# Once the site is written, in this order (plugins/procedure_site/output_stages):
# sitemap (sitemap.xml, robots.txt: CRAWLER_FILES), minify (the pages:
# MINIFY_OUTPUT), search (the Pagefind index, every web build), compress (.br
# and .gz siblings: COMPRESSED_SIBLING_EXTENSIONS, below), headers (_headers
# and deploy-manifest.json: DEPLOY_MANIFEST, below). These switches turn a
# stage on; the order is the sequence's. The stylesheets are minified as
# asset_fingerprint makes them ready, before the pages are written.
CRAWLER_FILES = True
MINIFY_OUTPUT = True

# --- Search engines ------------------------------------------------------------
# Output files left out of sitemap.xml (and their versions in each language's
# folder). The 404 page is served for any missing address, and the search
# page has no content of its own; both say "noindex". A name ending in "/"
# leaves out its folder: connect/ holds the record systems' lookup pages
# (ehr_connect), each a way to a page the sitemap lists.
SITEMAP_EXCLUDE = ("404.html", SEARCH_SAVE_AS, "connect/")  # noqa: F405

# --- Static assets -------------------------------------------------------------
# The theme's files and the content's own (content/images/spine.png) are
# named by a hash of their content (site.css -> site.3f9a2c1d0b7e.css), so
# they can be cached for a year; stylesheets and scripts are pinned with
# Subresource Integrity. The pages are written with the new names.
FINGERPRINT_ASSETS = True

# --- Compression -----------------------------------------------------------------
# Every output file with one of these endings gets a .br and a .gz sibling with
# the same content, for origins that serve precompressed files.
COMPRESSED_SIBLING_EXTENSIONS = (".css", ".html", ".js", ".json", ".svg", ".txt", ".xml")

# --- HTTP headers (_headers, deploy-manifest.json, object metadata) ----------
# Every output file with its sha256, size and headers: the deploy's input. It
# is not listed in itself, and not uploaded.
DEPLOY_MANIFEST = "deploy-manifest.json"
CACHE_CONTROL_FINGERPRINTED = "public, max-age=31536000, immutable"
CACHE_CONTROL_DEFAULT = "public, max-age=300"
# Content-Type comes from CONTENT_TYPES in pelicanconf.py: every build checks
# the content's files against it.
# Files other sites' scripts may read: the record systems' lookup files
# (connect/, ehr_connect; docs/ehr.md), fetched by a patient portal's web
# app. Public pages, read without credentials, so any origin may.
ACCESS_CONTROL_ALLOW_ORIGIN_BY_PATH = {"connect/*": "*"}

# Sent with every response (the _headers rule for /*).
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
        "magnetometer=(), microphone=(), payment=(), usb=()"
    ),
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
}
# Content-Security-Policy, per file: the policy its page carries in its
# <meta>, plus what only a header can say. Every file has
# CONTENT_SECURITY_POLICY but those matching a pattern here (output paths,
# fnmatch; .br/.gz siblings as their original): the search pages, which run a
# script, and Pagefind's files (its web worker runs under the policy of its
# own response). Each path gets exactly one policy, never /* and another:
# Cloudflare joins two values of one header, and a browser enforces both.
CONTENT_SECURITY_POLICY_BY_PATH = {
    SEARCH_SAVE_AS: SEARCH_CONTENT_SECURITY_POLICY,  # noqa: F405
    SEARCH_LANG_SAVE_AS.format(lang="*"): SEARCH_CONTENT_SECURITY_POLICY,  # noqa: F405
    PAGEFIND_DIR + "/*": SEARCH_CONTENT_SECURITY_POLICY,  # noqa: F405
}
CONTENT_SECURITY_POLICY_HEADER_ONLY = "frame-ancestors 'none'"

# --- Deploy (make deploy DEST=s3://BUCKET[/PREFIX]) -------------------------
# Fingerprinted assets that the new pages no longer use stay in the bucket this
# long, so pages still cached in browsers and at the edge keep their styles.
DEPLOY_ASSET_GRACE_SECONDS = 7 * 24 * 60 * 60
# A deploy that would delete more files than this deletes none and says so
# (like Hugo's maxDeletes); -1 for no limit. Override once: MAX_DELETES=N.
DEPLOY_MAX_DELETES = 25
