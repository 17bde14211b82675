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


@pytest.fixture(params=["local", "production"])
def built_site(request):
    """The shared catalog's builds (tests/catalog.py): English and Spanish pages."""
    return request.getfixturevalue({"local": "site", "production": "published_site"}[request.param])


def test_procedure_pages_are_under_14_kb_brotli(built_site, settings):
    site = built_site
    pages = built_procedure_pages(site)
    assert pages
    for html in pages:
        weight, files = page_weight(site, html)
        assert len(files) >= 2, "the stylesheet was not counted"
        assert weight <= BUDGET, f"{html.name}: {weight} bytes brotli ({[f.name for f in files]})"


SEARCH_BUDGET = 150 * 1024


@pytest.mark.browser
@pytest.mark.parametrize("served", ["served_site", "served_published_site"], ids=["local", "production"])
def test_the_search_pages_first_load_is_under_150_kb_brotli(served, request, browser):
    """Everything Chromium fetches to open the search page and answer a query:
    the HTML, stylesheet, scripts, Pagefind's library, web worker and
    WebAssembly, its entry and metadata, and the index chunks and page
    fragments the query needs, each weighed brotli-compressed."""
    url = request.getfixturevalue(served)
    context = browser.new_context()
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url + "/search/?q=spine", wait_until="load")
    page.wait_for_selector(".search-result")
    page.wait_for_load_state("networkidle")
    fetched = {r.url.split("?")[0]: r.body() for r in responses if r.status == 200}
    names = " ".join(fetched)
    for part in ("/search/", ".css", "search.", "pagefind.js", "pagefind-worker.js", "wasm.en.pagefind", ".pf_meta",
                 ".pf_index", ".pf_fragment"):  # fmt: skip
        assert part in names, f"{part} was not fetched: {sorted(fetched)}"
    weight = sum(len(brotli.compress(body, quality=11)) for body in fetched.values())
    context.close()
    assert weight <= SEARCH_BUDGET, f"{weight} bytes brotli: {sorted(fetched)}"
