"""Stops a production build whose public address cannot give absolute addresses.

The production build links within the site by root-relative addresses
(SITEURL is ""), so the same output works on any host name. The public
address, PUBLIC_SITEURL, is the publisher's ``make publish SITEURL=...``
(publishconf.py). With CANONICAL_URLS on, the templates
(components/social_meta.html) write <link rel="canonical"> and Open Graph tags
from it, and the sitemap and robots.txt name pages by it. An empty or relative
address would publish addresses that search engines and link previews cannot
use, so the build stops and says how to set it, in the words of the command
the publisher types.
"""

import logging
from urllib.parse import urlsplit

from pelican import signals

from sitebuild.plugin_guard import in_this_build


logger = logging.getLogger(__name__)

EXAMPLE = "make publish SITEURL=https://patient-guides.example.org"


def site_url_problem(site_url: str) -> str | None:
    """What is wrong with ``site_url`` as the public address, or None."""
    if not site_url:
        return f"SITEURL is not set. The production build needs the site's public address: {EXAMPLE}"
    parts = urlsplit(site_url)
    if parts.scheme != "https" or not parts.hostname:
        return f"SITEURL '{site_url}' is not an https:// address. Give the public address: {EXAMPLE}"
    if parts.query or parts.fragment or site_url.endswith("/"):
        return f"SITEURL '{site_url}' must be a plain address with no trailing '/', '?' or '#': {EXAMPLE}"
    return None


def check_site_url(pelican):
    if not in_this_build(pelican, __package__):
        return
    if not pelican.settings.get("CANONICAL_URLS"):
        return
    problem = site_url_problem(pelican.settings.get("PUBLIC_SITEURL", ""))
    if problem:
        # Logged, not raised: the build runner lists it and keeps output/ as it was.
        logger.error(problem)


def register():
    signals.initialized.connect(check_site_url)
