"""Every page forbids third-party origins and inline script by policy, and
the output carries no inline event handlers."""

import re

from conftest import soup_of


def policy_of(soup):
    meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert meta is not None
    directives = {}
    for part in meta["content"].split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def search_pages(site, settings):
    return {site / settings["SEARCH_SAVE_AS"]} | set(site.glob(settings["SEARCH_LANG_SAVE_AS"].format(lang="*")))


def test_every_page_has_a_strict_content_security_policy(site, settings):
    pages = sorted(site.rglob("*.html"))
    assert pages
    for page in pages:
        policy = policy_of(soup_of(page))
        assert policy.get("default-src") == ["'none'"], page
        for directive, sources in policy.items():
            for source in sources:
                allowed = {"'none'", "'self'"} | ({"'wasm-unsafe-eval'"} if directive == "script-src" else set())
                assert source in allowed, f"{page}: {directive} allows {source}"
        script = policy.get("script-src", policy["default-src"])
        assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script


def test_only_the_search_page_may_run_a_script(site, settings):
    """The search page runs Pagefind (its own scripts and WebAssembly, its
    index fetched from this site); every other page runs none."""
    searching = search_pages(site, settings)
    assert site / "search" / "index.html" in searching
    for page in sorted(site.rglob("*.html")):
        meta = soup_of(page).find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
        expected = settings["SEARCH_CONTENT_SECURITY_POLICY" if page in searching else "CONTENT_SECURITY_POLICY"]
        assert meta == expected, page
    assert "script-src 'none'" in settings["CONTENT_SECURITY_POLICY"]


def test_no_inline_event_handlers_or_inline_script(site):
    for page in sorted(site.rglob("*.html")):
        soup = soup_of(page)
        for element in soup.find_all(True):
            handlers = [name for name in element.attrs if name.lower().startswith("on")]
            assert not handlers, f"{page}: {element.name} has {handlers}"
            assert "style" not in element.attrs, f"{page}: inline style on {element.name}"
        for script in soup.find_all("script"):
            if script.get("type") in ("application/ld+json", "application/json"):
                continue  # a data block (structured data, the search page's words): never run
            assert script.get("src") and not script.string, f"{page}: inline script"


def test_stylesheets_load_no_fonts_and_nothing_from_elsewhere(site):
    sheets = sorted(site.rglob("*.css"))
    assert sheets
    for sheet in sheets:
        css = sheet.read_text(encoding="utf-8")
        assert "@font-face" not in css and "@import" not in css, sheet
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css), f"{sheet} loads from elsewhere"
