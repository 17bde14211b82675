"""The offline kiosk bundle, opened from file:// in real Chromium with no network."""

import datetime
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import zxingcpp
from PIL import Image
from pelican.settings import read_settings

from conftest import ALLOW_FIXTURES, ROOT, build, edit_page, keep_within, procedure_sources, soup_of, source_metadata, with_translations

pytestmark = pytest.mark.browser

IDLE_SECONDS = 3  # short, for the test; set through the setting
PUBLIC_SITEURL = "https://procedures.hospital.test"
PORTRAIT = {"width": 1080, "height": 1920}
LANDSCAPE = {"width": 1920, "height": 1080}


@pytest.fixture(scope="module")
def kiosk_settings():
    return read_settings(str(ROOT / "kioskconf.py"))


def build_kiosk(output, content=None, idle=IDLE_SECONDS, extra=None):
    overrides = {"KIOSK_IDLE_SECONDS": idle, "PUBLIC_SITEURL": PUBLIC_SITEURL, **(extra or {})}
    return build(output, content=content, settings="kioskconf.py", overrides=overrides)


@pytest.fixture(scope="module")
def kiosk(tmp_path_factory):
    """The kiosk bundle of the real content plus the Spanish test translation,
    so every check (the crawl, sizes, links, axe) covers both languages."""
    root = tmp_path_factory.mktemp("kiosk")
    content = with_translations(Path(shutil.copytree(ROOT / "content", root / "content")))
    output = root / "kiosk"
    result = build_kiosk(output, content=content, extra=ALLOW_FIXTURES)
    assert result.returncode == 0, result.stderr
    return output


@pytest.fixture
def kiosk_page(browser):
    """A page that aborts and records every request that is not a file."""
    contexts = []

    def _open(viewport=PORTRAIT, clock=False):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        record = {"outside": [], "errors": []}
        keep_within(context, "file://", record["outside"])
        page = context.new_page()
        page.on("request", lambda r: r.url.startswith("file://") or record["outside"].append(r.url))
        page.on("console", lambda m: m.type == "error" and record["errors"].append(m.text))
        page.on("pageerror", lambda e: record["errors"].append(str(e)))
        page.record = record
        if clock:
            # Paused: an installed clock also runs on by itself, so on a busy
            # machine real time between two run_for calls moved the countdown.
            start = datetime.datetime(2026, 1, 1, 9, 0, 0)
            page.clock.install(time=start)
            page.clock.pause_at(start + datetime.timedelta(seconds=1))
        return page

    yield _open
    for context in contexts:
        context.close()


def file_url(path):
    return Path(path).resolve().as_uri()


def procedure_files(kiosk, kiosk_settings):
    files = []
    for source in procedure_sources():
        slug = source_metadata(source).get("slug") or source.stem
        files.append((source, kiosk / kiosk_settings["PAGE_SAVE_AS"].format(slug=slug)))
    return files


def test_every_reference_is_relative_and_names_a_file(kiosk):
    pages = sorted(kiosk.rglob("*.html"))
    assert pages
    for page in pages:
        soup = soup_of(page)
        for element in soup.find_all(["a", "link", "script", "img"]):
            reference = element.get("href") or element.get("src")
            if reference is None or reference.startswith("#"):
                continue
            if element.name == "link" and "alternate" in element.get("rel", []):
                continue  # hreflang: names the public addresses for search engines, never fetched
            parsed = urlparse(reference)
            assert not parsed.scheme and not parsed.netloc, f"{page}: absolute URL {reference}"
            assert not reference.startswith("/"), f"{page}: root-relative {reference}"
            target = (page.parent / unquote(parsed.path)).resolve()
            assert target.is_file(), f"{page}: {reference} is not a file in the bundle"
            assert kiosk.resolve() in target.parents


def test_every_id_the_theme_writes_is_reserved_from_authors(kiosk, kiosk_settings):
    """content_safety refuses an author id that repeats one of these; its list must be complete."""
    from procedure_site.content_safety.allowlist import reserved_ids
    from procedure_site.content_safety.theme_ids import theme_ids

    theme = theme_ids(kiosk_settings["THEME"], kiosk_settings["JINJA_ENVIRONMENT"]["extensions"])
    reserved = reserved_ids([spec["id"] for spec in kiosk_settings["PROCEDURE_SECTIONS"]], theme)
    for _source, page in procedure_files(kiosk, kiosk_settings):
        ids = {element["id"] for element in soup_of(page).select("[id]")}
        assert ids and ids <= reserved, ids - reserved


def test_no_fetch_and_no_es_modules(kiosk):
    for script in kiosk.rglob("*.js"):
        code = script.read_text(encoding="utf-8")
        if script.name == "minisearch.js":
            # MiniSearch (vendored byte for byte) has a method of its own named
            # fetch (SearchableMap.fetch); it requests nothing, and the browser
            # tests abort and record any request that is not a file.
            code = code.replace(".fetch(", ".get_or_make(").replace("fetch(key, initial)", "get_or_make(key, initial)")
            code = code.replace("`fetch()`", "`get_or_make()`")
        assert "fetch(" not in code and not re.search(r"^\s*(import|export)\s", code, re.M), script
    for page in kiosk.rglob("*.html"):
        assert not soup_of(page).find("script", attrs={"type": "module"}), page


def test_crawl_from_home_reaches_every_page_and_never_leaves(kiosk, kiosk_page):
    home = file_url(kiosk / "index.html")
    root = file_url(kiosk) + "/"
    to_visit, seen = [home], set()
    page = kiosk_page()
    while to_visit:
        url = to_visit.pop()
        if url in seen:
            continue
        seen.add(url)
        page.goto(url, wait_until="load")
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            target = href.split("#")[0]
            assert target.startswith(root), f"{url} links out of the bundle: {href}"
            assert not target.endswith("/"), f"{url} links to a directory: {href}"
            assert Path(unquote(urlparse(target).path)).is_file(), href
            if target.endswith(".html"):
                to_visit.append(target)
    expected = {file_url(p) for p in kiosk.rglob("*.html")}
    assert seen == expected
    assert not page.record["outside"], page.record["outside"]
    assert not page.record["errors"], page.record["errors"]


def test_procedure_pages_have_every_section_and_the_phone(kiosk, kiosk_settings, kiosk_page):
    page = kiosk_page()
    ids = [spec["id"] for spec in kiosk_settings["PROCEDURE_SECTIONS"]]
    for source, html in procedure_files(kiosk, kiosk_settings):
        page.goto(file_url(html))
        for section_id in ids:
            assert page.locator(f"#{section_id}").is_visible(), f"{html}: #{section_id}"
        number = source_metadata(source).get("phone") or kiosk_settings["APPOINTMENT_PHONE"]
        digits = re.sub(r"\D", "", number)[-10:]
        for spot in ("header", "#appointment"):
            shown = page.locator(f"{spot} .phone-text").first.inner_text()
            assert re.sub(r"\D", "", shown).endswith(digits), spot
        assert page.locator("a[href^='tel:']").count() == 0
        box = page.locator("#appointment .phone-text").bounding_box()
        assert box["height"] >= 44, "the appointment number is not shown large"


@pytest.mark.parametrize("viewport", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_every_link_and_button_is_at_least_44px(viewport, kiosk, kiosk_page):
    page = kiosk_page(viewport)
    for html in sorted(kiosk.rglob("*.html")):
        page.goto(file_url(html))
        page.evaluate("document.getElementById('idle-dialog').show()")  # measure its button too
        sizes = page.eval_on_selector_all(
            "a, button",
            "els => els.map(e => { const r = e.getBoundingClientRect();"
            " return [e.outerHTML.slice(0, 60), r.width, r.height]; })",
        )
        assert sizes
        small = [s for s in sizes if s[1] < 44 or s[2] < 44]
        assert not small, f"{html.name}: {small}"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_kiosk_has_larger_type_and_a_home_button_on_every_page(kiosk, kiosk_settings, kiosk_page):
    page = kiosk_page()
    for html in sorted(kiosk.rglob("*.html")):
        page.goto(file_url(html))
        size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)")
        assert size >= 22, f"{html.name}: body text is {size}px"
        home = page.locator(".site-nav__home")
        assert home.is_visible() and home.inner_text().strip()
        home.click()
        language = html.relative_to(kiosk).parts[0]
        own_home = kiosk / language / "index.html" if language in kiosk_settings["LANGUAGES"] else kiosk / "index.html"
        assert page.url == file_url(own_home), f"{html}: Home went to {page.url}"
    page.goto(file_url(kiosk / "index.html"))
    buttons = page.locator(".procedure-list__title a")
    assert buttons.count() == len(procedure_sources())
    assert buttons.first.bounding_box()["height"] >= 60


def test_idle_reset_asks_then_returns_home_scrolled_to_top(kiosk, kiosk_settings, kiosk_page):
    _source, html = procedure_files(kiosk, kiosk_settings)[0]
    page = kiosk_page(clock=True)
    page.goto(file_url(html))
    dialog = page.locator("#idle-dialog")
    countdown = int(dialog.get_attribute("data-countdown-seconds"))
    assert countdown >= 20
    assert int(dialog.get_attribute("data-idle-seconds")) == IDLE_SECONDS

    page.clock.run_for((IDLE_SECONDS - 1) * 1000)
    assert not dialog.is_visible(), "asked too early"
    page.clock.run_for(1500)
    assert dialog.is_visible()
    assert "Are you still reading?" in dialog.inner_text()
    assert page.locator("#idle-dialog-count").inner_text() == str(countdown)

    page.get_by_role("button", name="Yes, keep reading").click()
    assert not dialog.is_visible()
    page.clock.run_for((countdown + 1) * 1000 // 2)
    assert page.url == file_url(html), "the kiosk went home although the patient answered"

    page.mouse.wheel(0, 3000)
    page.clock.run_for(IDLE_SECONDS * 1000 + 500)
    assert dialog.is_visible()
    page.clock.run_for((countdown - 5) * 1000)
    assert page.url == file_url(html), "the countdown was shorter than it says"
    page.clock.run_for(6000)
    page.wait_for_url(file_url(kiosk / "index.html"))
    page.wait_for_load_state("load")
    assert page.evaluate("window.scrollY") == 0
    assert not page.record["errors"], page.record["errors"]


def test_qr_code_decodes_to_the_public_url(kiosk, kiosk_settings, kiosk_page):
    page = kiosk_page()
    for source, html in procedure_files(kiosk, kiosk_settings):
        page.goto(file_url(html))
        image = Image.open(io.BytesIO(page.locator(".take-home-qr__code").screenshot()))
        decoded = [result.text for result in zxingcpp.read_barcodes(image)]
        slug = source_metadata(source).get("slug") or source.stem
        public = f"{PUBLIC_SITEURL}/{kiosk_settings['PUBLIC_PAGE_URL'].format(slug=slug)}"
        assert decoded == [public]
        assert public in page.locator(".take-home-qr").inner_text()


def test_qr_code_and_printed_address_of_a_spanish_page_are_its_spanish_public_address(
    content_copy, tmp_path, kiosk_settings, kiosk_page
):
    from conftest import ALLOW_FIXTURES, with_translations

    output = tmp_path / "kiosk"
    overrides = {**ALLOW_FIXTURES, "KIOSK_IDLE_SECONDS": IDLE_SECONDS, "PUBLIC_SITEURL": PUBLIC_SITEURL}
    result = build(output, content=with_translations(content_copy), settings="kioskconf.py", overrides=overrides)
    assert result.returncode == 0, result.stderr
    page = kiosk_page()
    for lang, pattern in (("es", "PUBLIC_PAGE_LANG_URL"), (kiosk_settings["DEFAULT_LANG"], "PUBLIC_PAGE_URL")):
        save_as = kiosk_settings["PAGE_SAVE_AS" if pattern == "PUBLIC_PAGE_URL" else "PAGE_LANG_SAVE_AS"]
        page.goto(file_url(output / save_as.format(lang=lang, slug="vertebroplasty")))
        image = Image.open(io.BytesIO(page.locator(".take-home-qr__code").screenshot()))
        public = f"{PUBLIC_SITEURL}/{kiosk_settings[pattern].format(lang=lang, slug='vertebroplasty')}"
        assert [found.text for found in zxingcpp.read_barcodes(image)] == [public], lang
        assert page.locator(".take-home-qr__url").inner_text().strip() == public, lang
        assert page.locator(".site-footer__url").inner_text().strip() == public, "the printed address"
    assert public != f"{PUBLIC_SITEURL}/{kiosk_settings['PUBLIC_PAGE_LANG_URL'].format(lang='es', slug='vertebroplasty')}"


def test_external_links_become_text_with_the_address(content_copy, tmp_path, kiosk_settings):
    edit_page(content_copy, lambda t: t.replace(
        "{phone}", "{phone}\n\nRead more at [RadiologyInfo](https://www.radiologyinfo.org/en/info/vertebro)."
    ))
    output = tmp_path / "kiosk"
    assert build_kiosk(output, content=content_copy).returncode == 0
    soup = soup_of(output / kiosk_settings["PAGE_SAVE_AS"].format(slug="vertebroplasty"))
    assert not soup.select('a[href^="http"]')
    shown = soup.find(class_="offline-link").get_text(" ")
    assert "RadiologyInfo" in shown and "https://www.radiologyinfo.org/en/info/vertebro" in shown
    public = tmp_path / "public"
    assert build(public, content=content_copy).returncode == 0
    assert soup_of(public / "procedures/vertebroplasty/index.html").select('a[href^="https://www.radiologyinfo"]')


def test_countdown_below_20_seconds_fails_the_build(tmp_path):
    overrides = {"KIOSK_COUNTDOWN_SECONDS": 10, "PUBLIC_SITEURL": PUBLIC_SITEURL}
    result = build(tmp_path / "k", settings="kioskconf.py", overrides=overrides)
    assert result.returncode == 1
    assert "KIOSK_COUNTDOWN_SECONDS" in result.stderr and "WCAG 2.2.1" in result.stderr
    assert "Traceback" not in result.stderr


def test_kiosk_needs_the_public_https_address(tmp_path):
    for address in ("", "http://procedures.hospital.test"):
        result = build(tmp_path / "k", settings="kioskconf.py", env={"PUBLIC_SITEURL": address})
        assert result.returncode == 1
        assert "PUBLIC_SITEURL" in result.stderr and "make kiosk PUBLIC_SITEURL=https://" in result.stderr
    assert not (tmp_path / "k").exists()


@pytest.mark.parametrize(
    "reference, noun, fix",
    [
        ("[all](/procedures/)", "link", "{filename}"),
        ("[up](..)", "link", "{filename}"),
        ("[k](../kyphoplasty)", "link", "{filename}"),
        ("[k](../kyphoplasty/index.html)", "link", "{filename}"),
        ("![Spine](/images/x.png)", "image", "{static}"),
    ],
)
def test_site_address_links_fail_the_kiosk_build(reference, noun, fix, content_copy, tmp_path):
    """Every build refuses them (tests/test_link_edges.py); the kiosk, which
    opens pages as files, could not follow them."""
    edit_page(content_copy, lambda t: t + f"\nSee {reference}.\n")
    result = build_kiosk(tmp_path / "kiosk", content=content_copy)
    assert result.returncode == 1
    written = reference.split("(")[1].rstrip(")")
    assert f"the {noun} {written} is a web address" in result.stderr and fix in result.stderr
    assert "not work in the kiosk" in result.stderr or "not show in the kiosk" in result.stderr
    assert not (tmp_path / "kiosk").exists()


def test_email_tel_and_web_links_become_text_in_the_kiosk(content_copy, tmp_path, kiosk_settings):
    extra = "\n<questions@hospital.test> [Radiology desk](tel:+12025550143) [guide](//www.radiologyinfo.org/x)\n"
    edit_page(content_copy, lambda t: t + extra)
    assert build_kiosk(tmp_path / "kiosk", content=content_copy).returncode == 0
    soup = soup_of(tmp_path / "kiosk" / kiosk_settings["PAGE_SAVE_AS"].format(slug="vertebroplasty"))
    hrefs = [a["href"] for a in soup.select("main a[href]")]
    assert all(h.startswith("#") for h in hrefs), hrefs
    text = soup.find("main").get_text(" ")
    assert "questions@hospital.test" in text and "//www.radiologyinfo.org/x" in text
    assert soup.find("strong", class_="phone-text", string="Radiology desk (202) 555-0143")


@pytest.mark.parametrize("link", ["[text us](sms:+12025550143)", "[files](ftp://files.hospital.test/x)"])
def test_schemes_outside_the_allowlist_fail_every_build(link, content_copy, tmp_path):
    edit_page(content_copy, lambda t: t + f"\n{link}\n")
    for result in (build_kiosk(tmp_path / "kiosk", content=content_copy), build(tmp_path / "web", content=content_copy)):
        assert result.returncode == 1 and "which is not allowed" in result.stderr


@pytest.mark.parametrize(
    "html",
    [
        '<a title="1 > 0" href="https://www.radiologyinfo.org/">RadiologyInfo</a>',
        '<a href="https://www.radiologyinfo.org/" title="a>b">RadiologyInfo</a>',
    ],
    ids=["greater-than before href", "greater-than after href"],
)
def test_a_greater_than_sign_in_an_attribute_neither_keeps_a_link_live_nor_leaks(html, content_copy, tmp_path, kiosk_settings):
    """The kiosk once rewrote links with regexes, which misread both of these."""
    edit_page(content_copy, lambda t: t + f"\n<p>Read more at {html}.</p>\n")
    assert build_kiosk(tmp_path / "kiosk", content=content_copy).returncode == 0
    main = soup_of(tmp_path / "kiosk" / kiosk_settings["PAGE_SAVE_AS"].format(slug="vertebroplasty")).find("main")
    assert not main.select('a[href^="http"]')
    paragraph = next(p for p in main.find_all("p") if "Read more at" in p.get_text())
    assert " ".join(paragraph.get_text(" ", strip=True).split()) == (
        "Read more at RadiologyInfo (https://www.radiologyinfo.org/) ."
    )


def pack(kiosk, dist, epoch="1700000000"):
    env = dict(os.environ, SOURCE_DATE_EPOCH=epoch)
    result = subprocess.run(
        [sys.executable, "-m", "sitebuild.kiosk_bundle", "--input", str(kiosk), "--dist", str(dist), "--version", "test"],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return dist / "kiosk-test.zip"


def test_zip_unpacks_to_the_bundle_and_sha256sums_verify(kiosk, tmp_path):
    archive = pack(kiosk, tmp_path)
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
        assert names == sorted(names[:-1]) + ["SHA256SUMS"]
        z.extractall(unpacked)
    originals = {p.relative_to(kiosk).as_posix(): p.read_bytes() for p in kiosk.rglob("*") if p.is_file()}
    copies = {p.relative_to(unpacked).as_posix(): p.read_bytes() for p in unpacked.rglob("*") if p.is_file()}
    assert copies == originals
    listed = {}
    for line in (unpacked / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    assert set(listed) == set(copies) - {"SHA256SUMS"}
    for name, digest in listed.items():
        assert hashlib.sha256(copies[name]).hexdigest() == digest, name
    check = subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=unpacked, capture_output=True)
    assert check.returncode == 0, check.stdout


def test_zip_is_reproducible(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        assert build_kiosk(folder / "kiosk").returncode == 0
        pack(folder / "kiosk", folder)
    assert (first / "kiosk-test.zip").read_bytes() == (second / "kiosk-test.zip").read_bytes()
    with zipfile.ZipFile(first / "kiosk-test.zip") as z:
        assert {info.date_time for info in z.infolist()} == {(2023, 11, 14, 22, 13, 20)}


@pytest.mark.parametrize("viewport", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_kiosk_pages_pass_axe_with_and_without_the_idle_dialog(viewport, kiosk, kiosk_page):
    from axe_playwright_python.sync_playwright import Axe

    from test_browser_quality import AXE_TAGS

    axe, page, found = Axe(), kiosk_page(viewport), {}
    for html in sorted(kiosk.rglob("*.html")):
        page.goto(file_url(html))
        for state in ("reading", "dialog"):
            if state == "dialog":
                page.evaluate("document.getElementById('idle-dialog').showModal()")
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
            if results.violations_count:
                found[f"{html.name} ({state})"] = results.generate_snapshot()
    assert not found, found


def test_the_language_on_screen_looks_chosen_and_the_others_look_to_be_chosen(kiosk, kiosk_page):
    """The current language's button is filled, with a check mark; the others
    are outlined. (It was the other way round: Español looked selected on the
    English home page.)"""
    for home in ("index.html", "es/index.html"):
        page = kiosk_page()
        page.goto(file_url(kiosk / home))
        looks = page.eval_on_selector_all(
            "main .language-buttons a",
            """links => links.map(link => {
                const style = getComputedStyle(link), mark = getComputedStyle(link, "::before");
                return {current: link.getAttribute("aria-current") === "page", background: style.backgroundColor,
                        color: style.color, border: style.borderTopColor, mark: mark.content};
            })""",
        )
        current = [look for look in looks if look["current"]]
        others = [look for look in looks if not look["current"]]
        assert len(current) == 1 and others, looks
        (chosen,) = current
        assert chosen["background"] == chosen["border"] != "rgb(255, 255, 255)"  # filled with the brand colour
        assert chosen["color"] == "rgb(255, 255, 255)" and "\u2713" in chosen["mark"]
        for other in others:
            assert other["background"] == "rgb(255, 255, 255)" and other["color"] == other["border"], other
            assert "\u2713" not in other["mark"]
