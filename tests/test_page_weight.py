"""Each procedure page, with the CSS and JS it loads, fits one round trip on a
cold connection: at most 14 KB after brotli. Checked on the local build and on
the production build (minified, fingerprinted), the one patients get."""

from urllib.parse import urljoin, urlparse

import brotli
import pytest

from conftest import built_procedure_pages, soup_of

BUDGET = 14 * 1024


def page_weight(site, html):
    """(brotli bytes of the HTML plus every stylesheet and script it loads, files)"""
    soup = soup_of(html)
    page_url = "/" + html.relative_to(site).as_posix()
    files = [html]
    for element in soup.select('link[rel~="stylesheet"][href], script[src]'):
        reference = element.get("href") or element.get("src")
        path = urlparse(urljoin(page_url, reference)).path
        files.append(site / path.lstrip("/"))
    assert all(f.is_file() for f in files), files
    total = sum(len(brotli.compress(f.read_bytes(), quality=11)) for f in files)
    return total, files


@pytest.fixture(params=["local", "production", "spanish"])
def built_site(request):
    """"spanish": the local build with the Spanish test translation."""
    return request.getfixturevalue({"local": "site", "production": "published_site", "spanish": "spanish_site"}[request.param])


def test_procedure_pages_are_under_14_kb_brotli(built_site, settings):
    site = built_site
    pages = built_procedure_pages(site)
    assert pages
    for html in pages:
        weight, files = page_weight(site, html)
        assert len(files) >= 2, "the stylesheet was not counted"
        assert weight <= BUDGET, f"{html.name}: {weight} bytes brotli ({[f.name for f in files]})"
