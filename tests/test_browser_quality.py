"""Real-browser quality gates on every kind of built page: accessibility,
reflow, keyboard focus, print, privacy and security. Each gate runs on the
local build and on the production build (make publish: minified,
fingerprinted, served with the CDN's headers) of the shared catalog
(tests/catalog.py), each served on 127.0.0.1, in English and in Spanish.

The gates visit the real pages (real_pages in conftest.py): every page of
content/ and of its Spanish translation, and every page that is not a
procedure (A–Z lists, search pages, 404s), which list the whole catalog.
The catalog's generated look-alikes are the same template with other words."""

import io
import re
from collections import namedtuple

import pytest
from axe_playwright_python.sync_playwright import Axe
from pypdf import PdfReader

from conftest import built_procedure_pages, real_pages, site_pages, soup_of

pytestmark = pytest.mark.browser

VIEWPORTS = {
    "phone": {"width": 320, "height": 640},
    "desktop": {"width": 1280, "height": 800},
    "kiosk": {"width": 1080, "height": 1920},
}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

Served = namedtuple("Served", "site url settings")


@pytest.fixture(params=["local", "production"])
def built(request):
    """A build, where it is served on 127.0.0.1, and the settings it was made with."""
    if request.param == "local":
        names = ("site", "served_site", "settings")
    else:
        names = ("published_site", "served_published_site", "published_settings")
    return Served(*(request.getfixturevalue(name) for name in names))


def pages_of(site):
    """URL paths of the pages the gates visit."""
    return real_pages(site, site_pages(site))


def procedure_pages_of(site):
    return real_pages(site, built_procedure_pages(site))


@pytest.fixture
def open_page(browser):
    """Open a page in a fresh context, recording requests and console errors."""
    contexts = []

    def _open(url, viewport=VIEWPORTS["desktop"]):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.record = {"requests": [], "errors": [], "failed": []}
        page.on("request", lambda r: page.record["requests"].append(r.url))
        page.on("requestfailed", lambda r: page.record["failed"].append(r.url))
        page.on(
            "response",
            lambda r: r.status >= 400 and page.record["failed"].append(f"{r.status} {r.url}"),
        )
        page.on("console", lambda m: m.type == "error" and page.record["errors"].append(m.text))
        page.on("pageerror", lambda e: page.record["errors"].append(str(e)))
        page.goto(url, wait_until="load")
        return page

    yield _open
    for context in contexts:
        context.close()


def test_axe_finds_no_violations_at_every_viewport(built, open_page):
    """Each page at each viewport: one visit per page, its window resized to
    each (laid out again as a fresh load at that size would be). The same
    visit holds the checks of fonts, measure and reflow
    (check_type_and_reflow) and of requests (check_requests): a visit, a
    fresh browser context, was most of each of those tests' time."""
    axe = Axe()
    found = {}
    for path in pages_of(built.site):
        page = open_page(built.url + path, VIEWPORTS["phone"])
        for viewport in sorted(VIEWPORTS):
            page.set_viewport_size(VIEWPORTS[viewport])
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
            if results.violations_count:
                found[f"{path} ({viewport})"] = results.generate_snapshot()
        check_type_and_reflow(page, path)
        check_requests(page, path, built.url)
        page.context.close()
    assert not found, found


def check_type_and_reflow(page, path):
    """System fonts at 18px or more and a readable measure up to 1920px, and
    no sideways scrolling at 320 px (the phone's viewport) or wider: the
    window resized to each width."""
    for viewport in (VIEWPORTS["phone"], {"width": 768, "height": 1000}, {"width": 1920, "height": 1000}):
        width = viewport["width"]
        page.set_viewport_size(viewport)  # laid out again, as a window resized
        body = page.evaluate(
            "(() => { const s = getComputedStyle(document.querySelector('main p'));"
            " return [parseFloat(s.fontSize), s.fontFamily]; })()"
        )
        assert body[0] >= 18, f"{path} at {width}px: body text is {body[0]}px"
        assert body[1].startswith("system-ui"), body[1]
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways at {width}px"
        line = page.evaluate("document.querySelector('main p').getBoundingClientRect().width")
        assert line <= 16 * 50, f"{path} at {width}px: lines are {line}px long"


def check_requests(page, path, site_url):
    """No request left the site, none failed, no console error; the icon loads."""
    page.wait_for_load_state("networkidle")
    outside = [u for u in page.record["requests"] if not u.startswith(site_url + "/")]
    assert not outside, f"{path} requested {outside}"
    assert not page.record["failed"], f"{path}: {page.record['failed']}"
    assert not page.record["errors"], f"{path}: {page.record['errors']}"
    icon = page.evaluate("document.querySelector('link[rel=icon]').href")
    assert page.request.get(icon).status == 200


FOCUS_STYLE = "[s.outlineStyle, parseFloat(s.outlineWidth), s.boxShadow, s.backgroundColor].join('|')"
# The focused element's style, its opening tag, then its style once blurred
# (focus given back), in one call: a page has dozens of controls to step through.
FOCUSED_AND_NOT = f"""() => {{
  const e = document.activeElement;
  let s = getComputedStyle(e);
  const focused = {FOCUS_STYLE};
  const label = e.outerHTML.slice(0, 80);
  e.dataset.checked = '1';
  e.blur();
  s = getComputedStyle(e);
  const unfocused = {FOCUS_STYLE};
  e.focus();
  return [focused, label, unfocused];
}}"""


def test_the_skip_link_comes_first_and_every_control_shows_a_visible_focus_indicator(built, open_page):
    """One visit per page, stepping through it with Tab as a keyboard user
    does: the first stop is the skip link, on screen; every link and control
    shows a visible change when focused; the skip link moves focus to main."""
    for path in pages_of(built.site):
        page = open_page(built.url + path)
        count = page.evaluate(
            "document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]:not([tabindex=\"-1\"])').length"
        )
        seen = 0
        for _ in range(count):
            page.keyboard.press("Tab")
            if seen == 0:
                first = page.evaluate("[document.activeElement.className, document.activeElement.getAttribute('href')]")
                assert first == ["skip-link", "#main"], f"{path}: first focus is {first}"
                assert page.evaluate("document.activeElement.getBoundingClientRect().top >= 0")
            focused, label, unfocused = page.evaluate(FOCUSED_AND_NOT)
            style, width = focused.split("|")[0], float(focused.split("|")[1])
            assert focused != unfocused, f"{path}: no focus change on {label}"
            assert style != "none" and width >= 2, f"{path}: focus outline too thin on {label}"
            seen += 1
        assert seen == count and count > 0
        page.focus(".skip-link")
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main", path
        page.context.close()


def pdf_of(page):
    page.emulate_media(media="print")
    return PdfReader(io.BytesIO(page.pdf(format="Letter")))


def test_procedure_pages_print_well(built, open_page):
    for html in procedure_pages_of(built.site):
        url = html.parent.relative_to(built.site).as_posix() + "/"
        title = soup_of(html).find("h1").get_text(strip=True)
        page = open_page(f"{built.url}/{url}")
        pdf = pdf_of(page)
        text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pdf.pages))
        unbroken = text.replace(" ", "")
        assert title in text
        phone = page.evaluate("document.querySelector('#appointment a[href^=\"tel:\"]').textContent")
        assert phone in text
        address = f"{built.settings['PUBLIC_SITEURL']}/{url}"
        assert address.replace(" ", "") in unbroken, "the page's address is not printed"
        items = page.evaluate(
            "[...document.querySelectorAll('.review-dates__item')].map(i => i.textContent.replace(/\\s+/g, ' ').trim())"
        )
        assert len(items) == 2
        for shown in items:
            assert shown.replace(" ", "") in unbroken, f"'{shown}' is not printed"
        for selector in (".skip-link", ".contents-list__title", ".site-nav__link"):
            hidden = page.evaluate(f"document.querySelector('{selector}').textContent.trim()")
            assert hidden not in text, f"'{hidden}' is printed"
        for selector in (".skip-link", "nav", ".contents-list"):
            assert not page.locator(selector).first.is_visible(), f"{selector} shows in print"
        colours = page.evaluate(
            """[...document.querySelectorAll('body, body *')].map(e => {
                 const s = getComputedStyle(e); return s.color + '|' + s.backgroundColor; })"""
        )
        assert {c.split("|")[0] for c in colours} == {"rgb(0, 0, 0)"}, "print is not black text"
        assert {c.split("|")[1] for c in colours} <= {"rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"}
        if url.endswith("procedures/vertebroplasty/"):
            assert len(pdf.pages) <= 3, f"{title} prints on {len(pdf.pages)} pages"
        page.context.close()


CSP_LISTENER = """window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"""


def test_json_ld_in_the_head_causes_no_csp_violation(built, browser):
    """The JSON-LD block is data, so script-src 'none' holds with it present;
    an inline script added afterwards is refused, which shows the listener and
    the policy are both live."""
    assert "script-src 'none'" in built.settings["CONTENT_SECURITY_POLICY"]
    for html in procedure_pages_of(built.site):
        slug = html.parent.relative_to(built.site).as_posix()
        context = browser.new_context()
        context.add_init_script(CSP_LISTENER)
        page = context.new_page()
        errors = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.goto(f"{built.url}/{slug}/", wait_until="load")
        data = page.evaluate(
            """[...document.querySelectorAll('script[type="application/ld+json"]')]
                 .map(s => [s.parentElement.localName, JSON.parse(s.textContent)['@type']])"""
        )
        assert data == [["head", "MedicalWebPage"]], f"{slug}: {data}"
        policy = page.evaluate("document.querySelector('meta[http-equiv=Content-Security-Policy]').content")
        assert "script-src 'none'" in policy
        assert page.evaluate("window.__cspViolations") == [], slug
        assert not errors, f"{slug}: {errors}"
        page.evaluate(
            """() => { const s = document.createElement('script');
                 s.textContent = 'window.__ran = true'; document.head.append(s); }"""
        )
        page.wait_for_function("window.__cspViolations.length > 0")
        assert page.evaluate("window.__ran") is None
        context.close()
