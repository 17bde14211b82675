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


def test_every_page_has_a_strict_content_security_policy(site):
    pages = sorted(site.rglob("*.html"))
    assert pages
    for page in pages:
        policy = policy_of(soup_of(page))
        assert policy.get("default-src") == ["'none'"], page
        for directive, sources in policy.items():
            for source in sources:
                assert source in {"'none'", "'self'"}, f"{page}: {directive} allows {source}"
        script = policy.get("script-src", policy["default-src"])
        assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script


def test_no_inline_event_handlers_or_inline_script(site):
    for page in sorted(site.rglob("*.html")):
        soup = soup_of(page)
        for element in soup.find_all(True):
            handlers = [name for name in element.attrs if name.lower().startswith("on")]
            assert not handlers, f"{page}: {element.name} has {handlers}"
            assert "style" not in element.attrs, f"{page}: inline style on {element.name}"
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":
                continue  # a data block (structured data): never run, so the CSP has nothing to allow
            assert script.get("src") and not script.string, f"{page}: inline script"


def test_stylesheets_load_no_fonts_and_nothing_from_elsewhere(site):
    sheets = sorted(site.rglob("*.css"))
    assert sheets
    for sheet in sheets:
        css = sheet.read_text(encoding="utf-8")
        assert "@font-face" not in css and "@import" not in css, sheet
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css), f"{sheet} loads from elsewhere"
