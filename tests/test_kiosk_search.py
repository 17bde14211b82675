"""The kiosk's offline search and its department lists, in real Chromium from
file://, on a catalog made for the module in a temporary folder: the approved
Vertebroplasty page with the Keywords: the issue gives it, realistic decoys
that share its words (bone cement, spinal, bone, broken bone), a page with no
department, and the Spanish test translation.

Queries are typed by clicking the on-screen keyboard's buttons, found by their
accessible names, as a patient would tap them."""

import json
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from pelican.settings import read_settings

from conftest import ALLOW_FIXTURES, CHROMIUM_FLAGS, ROOT, keep_within, serve_directory, source_metadata, with_translations
from test_kiosk import IDLE_SECONDS, LANDSCAPE, PORTRAIT, build_kiosk, file_url, kiosk_page  # noqa: F401

pytestmark = pytest.mark.browser

KIOSK = read_settings(str(ROOT / "kioskconf.py"))
SPANISH_CATALOG = ROOT / "theme" / "translations" / "es" / "LC_MESSAGES" / "messages.po"
VERTEBROPLASTY_KEYWORDS = "Keywords: spine, bone cement"  # the issue's own example

# (title, slug, department, summary, keywords): pages a patient looking for
# Vertebroplasty could land on instead.
DECOYS = [
    ("Knee Replacement", "knee-replacement", "Orthopedics",
     "Knee replacement surgery puts in a new knee joint made of metal and plastic, often held in place with bone cement.", None),
    ("Lumbar Puncture", "lumbar-puncture", "Neurology",
     "In a lumbar puncture, also called a spinal tap, a doctor takes a little of the fluid around the spinal cord from your lower back.", None),
    ("Bone Density Scan", "bone-density-scan", "Radiology",
     "A bone density scan uses low-dose x-rays to measure how strong your bones are and to find osteoporosis.", "DEXA"),
    ("Kyphoplasty", "kyphoplasty", "Interventional Radiology",
     "Kyphoplasty uses a small balloon and bone cement to treat a broken bone in the spine.", None),
    ("Chest X-ray", "chest-x-ray", None,
     "A chest x-ray takes a picture of your heart and lungs.", None),
]  # fmt: skip
# A subheading inside a section, by slug: found by the search, like the sections' headings.
SUBHEADINGS = {"chest-x-ray": "### If you might be pregnant"}


def decoy_text(title, slug, department, summary, keywords):
    """A valid procedure page: metadata, a lead, every required section."""
    lines = [f"Title: {title}", f"Slug: {slug}", f"Summary: {summary}"]
    lines += [f"Department: {department}"] if department else []
    lines += [f"Keywords: {keywords}"] if keywords else []
    lines += ["Reviewed: 2026-11-25", "", f"{summary}", ""]
    for spec in KIOSK["PROCEDURE_SECTIONS"]:
        if spec["heading"]:
            text = "Call us on {phone}." if spec.get("call_to_action") else "Your care team will tell you more."
            lines += [f"## {spec['heading']['en'].format(title=title)}", "", text, ""]
            if spec["id"] == "prepare" and slug in SUBHEADINGS:
                lines += [SUBHEADINGS[slug], "", "Tell the team before the x-ray.", ""]
    return "\n".join(lines)


def with_keywords(text, line):
    """The page with ``line`` as its only Keywords: line, before Reviewed:."""
    kept = [item for item in text.splitlines() if not item.lower().startswith("keywords:")]
    at = next(i for i, item in enumerate(kept) if item.startswith("Reviewed:"))
    return "\n".join(kept[:at] + [line] + kept[at:]) + "\n"


def make_catalog(root):
    content = with_translations(Path(shutil.copytree(ROOT / "content", root / "content")))
    seed = content / "procedures" / "vertebroplasty.md"
    seed.write_text(with_keywords(seed.read_text(encoding="utf-8"), VERTEBROPLASTY_KEYWORDS), encoding="utf-8")
    for decoy in DECOYS:
        (content / "procedures" / f"{decoy[1]}.md").write_text(decoy_text(*decoy), encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    root = tmp_path_factory.mktemp("kiosk-search")
    content = make_catalog(root)
    result = build_kiosk(root / "kiosk", content=content, extra=ALLOW_FIXTURES)
    assert result.returncode == 0, result.stderr
    return {"content": content, "kiosk": root / "kiosk"}


@pytest.fixture(scope="module")
def spanish_words():
    with open(SPANISH_CATALOG, "rb") as handle:
        catalog = read_po(handle)
    return lambda english: catalog.get(english).string


def search_page(kiosk, lang="en"):
    folder = kiosk if lang == KIOSK["DEFAULT_LANG"] else kiosk / lang
    return folder / "search" / "index.html"


def key_name(character, names):
    return names["Space"] if character == " " else character.upper()


def tap(page, query, names=None):
    """Type ``query`` on the on-screen keyboard; the results follow every key."""
    names = names or {"Space": "Space"}
    before = page.locator("#kiosk-search-q").input_value()
    for typed, character in enumerate(query, start=1):
        page.get_by_role("button", name=key_name(character, names), exact=True).click()
        assert page.locator("#kiosk-search-q").input_value() == before + query[:typed]
        assert page.locator("#kiosk-search-count").inner_text().strip(), f"no results said after {query[:typed]!r}"


def result_titles(page):
    return page.locator("#kiosk-search-results .kiosk-results__title").all_inner_texts()


def assert_stayed_inside(page):
    assert not page.record["outside"], page.record["outside"]
    assert not page.record["errors"], page.record["errors"]


@pytest.mark.parametrize("query", ["spine", "broken bone in my back", "bone cement"])
def test_patients_words_typed_on_the_keys_find_vertebroplasty_first(query, catalog, kiosk_page):
    kiosk = catalog["kiosk"]
    page = kiosk_page()
    page.goto(file_url(search_page(kiosk)))
    tap(page, query)
    titles = result_titles(page)
    assert titles[0] == "Vertebroplasty", titles
    assert len(titles) > 1, "the decoys share words with the query: the ranking put Vertebroplasty first"
    count = page.locator("#kiosk-search-count")
    assert count.get_attribute("aria-live") == "polite"
    assert count.inner_text() == f"Procedures found: {len(titles)}"
    assert page.locator("main #kiosk-search-results > li > a").count() == len(titles)
    page.locator("#kiosk-search-results a").first.click()
    page.wait_for_url(file_url(kiosk / "procedures" / "vertebroplasty" / "index.html"))
    assert page.locator("h1").inner_text() == "Vertebroplasty"
    assert_stayed_inside(page)


def test_every_key_is_a_large_button_named_what_it_types(catalog, kiosk_page):
    for viewport in (PORTRAIT, LANDSCAPE):
        page = kiosk_page(viewport)
        page.goto(file_url(search_page(catalog["kiosk"])))
        names = [*"".join(KIOSK["KIOSK_KEYBOARD_ROWS"]["en"]), "Space", "Backspace", "Clear"]
        keys = page.locator(".onscreen-keyboard button")
        assert keys.count() == len(names)
        for name in names:
            key = page.get_by_role("button", name=name, exact=True)
            assert key.count() == 1 and key.get_attribute("type") == "button", name
            box = key.bounding_box()
            assert box["width"] >= 44 and box["height"] >= 44, (name, box)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        field = page.locator("#kiosk-search-q")
        assert field.get_attribute("inputmode") == "none" and field.get_attribute("autocomplete") == "off"


@pytest.mark.parametrize("viewport", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_the_first_result_is_in_view_while_typing(viewport, catalog, kiosk_page):
    """In landscape the results stand beside the keyboard, not below it."""
    page = kiosk_page(viewport)
    page.goto(file_url(search_page(catalog["kiosk"])))
    tap(page, "spine")
    box = page.locator("#kiosk-search-results a").first.bounding_box()
    assert box["y"] + box["height"] <= viewport["height"], box
    assert page.evaluate("window.scrollY") == 0


def test_space_backspace_and_clear(catalog, kiosk_page):
    page = kiosk_page()
    page.goto(file_url(search_page(catalog["kiosk"])))
    tap(page, "knee j")
    assert result_titles(page)[0] == "Knee Replacement"
    page.get_by_role("button", name="Backspace", exact=True).click()
    assert page.locator("#kiosk-search-q").input_value() == "knee "
    page.get_by_role("button", name="Clear", exact=True).click()
    assert page.locator("#kiosk-search-q").input_value() == ""
    assert result_titles(page) == [] and page.locator("#kiosk-search-count").inner_text() == ""
    assert_stayed_inside(page)


def test_only_the_word_being_typed_matches_the_start_of_a_word(catalog, kiosk_page):
    page = kiosk_page()
    page.goto(file_url(search_page(catalog["kiosk"])))
    tap(page, "kyph")
    assert result_titles(page) == ["Kyphoplasty"]
    tap(page, " ")
    assert result_titles(page) == [], "a finished word matches whole words"


def test_a_physical_keyboard_types_too_and_case_and_accents_do_not_matter(catalog, kiosk_page):
    page = kiosk_page()
    page.goto(file_url(search_page(catalog["kiosk"])))
    page.locator("#kiosk-search-q").click()
    page.keyboard.type("Bone CEMENT")
    assert result_titles(page)[0] == "Vertebroplasty"
    page.goto(file_url(search_page(catalog["kiosk"], "es")))
    page.locator("#kiosk-search-q").click()
    for query in ("FRACTÚRAS", "minimamente"):  # the summary says "fracturas", "mínimamente"
        page.locator("#kiosk-search-q").fill("")
        page.keyboard.type(query)
        assert result_titles(page) == ["Vertebroplastia"], query
    assert_stayed_inside(page)


def test_a_title_ranks_above_keywords_and_keywords_above_summaries(catalog, kiosk_page):
    page = kiosk_page()
    page.goto(file_url(search_page(catalog["kiosk"])))
    tap(page, "bone")
    # Bone Density Scan by its title, Vertebroplasty by its Keywords: (bone
    # cement), then the two whose summaries say "bone", in the order
    # MiniSearch's BM25 gives them (the shorter summary first).
    titles = result_titles(page)
    assert titles[:2] == ["Bone Density Scan", "Vertebroplasty"], titles
    assert sorted(titles[2:]) == ["Knee Replacement", "Kyphoplasty"], titles


def test_a_word_of_a_subheading_finds_its_page(catalog, kiosk_page):
    page = kiosk_page()
    page.goto(file_url(search_page(catalog["kiosk"])))
    tap(page, "pregnant")
    assert result_titles(page) == ["Chest X-ray"]


def test_a_keywords_word_finds_its_page(catalog, kiosk_page):
    """DEXA is in no title, summary or heading: only in Bone Density Scan's Keywords:."""
    page = kiosk_page()
    page.goto(file_url(search_page(catalog["kiosk"])))
    tap(page, "dexa")
    assert result_titles(page) == ["Bone Density Scan"]


def test_when_nothing_is_found_the_page_says_so_and_offers_the_a_to_z_list(catalog, kiosk_page):
    kiosk = catalog["kiosk"]
    page = kiosk_page()
    page.goto(file_url(search_page(kiosk)))
    tap(page, "zzq")
    assert result_titles(page) == []
    assert page.locator("#kiosk-search-count").inner_text() == "No procedures found."
    assert page.locator("#kiosk-search-none").is_visible()
    page.get_by_role("link", name="See all procedures, A to Z").click()
    page.wait_for_url(file_url(kiosk / "index.html"))
    assert_stayed_inside(page)


def test_the_spanish_search_page_searches_the_spanish_pages(catalog, kiosk_page, spanish_words):
    kiosk = catalog["kiosk"]
    names = {word: spanish_words(word) for word in ("Space", "Backspace", "Clear")}
    assert names["Space"] != "Space"
    page = kiosk_page()
    page.goto(file_url(search_page(kiosk, "es")))
    assert page.locator("html").get_attribute("lang") == "es"
    for name in [*"".join(KIOSK["KIOSK_KEYBOARD_ROWS"]["es"]), *names.values()]:
        assert page.get_by_role("button", name=name, exact=True).count() == 1, name
    assert page.get_by_role("button", name="Ñ", exact=True).count() == 1
    tap(page, "espalda", names)  # a lay term: its Spanish synonyms find "columna"
    assert result_titles(page) == ["Vertebroplastia"]
    assert page.locator("#kiosk-search-count").inner_text() == spanish_words("Procedures found: %(count)s").replace(
        "%(count)s", "1"
    )
    page.locator("#kiosk-search-results a").first.click()
    page.wait_for_url(file_url(kiosk / "es" / "procedures" / "vertebroplasty" / "index.html"))
    assert_stayed_inside(page)


def departments(content, lang):
    """Department name (None: none given) -> the titles of its pages, from the sources."""
    found = {}
    for source in sorted((content / "procedures").rglob("*.md")):
        metadata = source_metadata(source)
        if metadata.get("lang", KIOSK["DEFAULT_LANG"]) == lang:
            found.setdefault(metadata.get("department"), set()).add(metadata["title"])
    return found


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_kiosk_home_lists_every_page_under_its_department(lang, catalog, kiosk_page, spanish_words):
    kiosk, expected = catalog["kiosk"], departments(catalog["content"], lang)
    other = "Other procedures" if lang == "en" else spanish_words("Other procedures")
    page = kiosk_page()
    page.goto(file_url(kiosk / "index.html" if lang == "en" else kiosk / lang / "index.html"))
    groups = page.locator(".department-browse details")
    shown = {}
    for number in range(groups.count()):
        group = groups.nth(number)
        summary = group.locator("summary")
        assert summary.bounding_box()["height"] >= 44
        assert not group.locator("a").first.is_visible(), "closed until touched"
        summary.click()
        links = group.locator("a")
        name = re.sub(r" \(\d+\)$", "", summary.inner_text().strip())
        shown[None if name == other else name] = set(links.all_inner_texts())
        for link in range(links.count()):
            assert links.nth(link).is_visible() and links.nth(link).bounding_box()["height"] >= 44
    assert shown == expected
    if lang == "en":
        assert None in shown and list(shown)[-1] is None, "the pages with no department come last"
        page.locator(".department-browse a", has_text="Kyphoplasty").click()
        page.wait_for_url(file_url(kiosk / "procedures" / "kyphoplasty" / "index.html"))
    assert_stayed_inside(page)


def test_the_search_page_with_results_passes_axe(catalog, kiosk_page):
    from axe_playwright_python.sync_playwright import Axe

    from test_browser_quality import AXE_TAGS

    axe, found = Axe(), {}
    for viewport in (PORTRAIT, LANDSCAPE, {"width": 320, "height": 640}):
        page = kiosk_page(viewport)
        page.goto(file_url(search_page(catalog["kiosk"])))
        tap(page, "bone")
        assert len(result_titles(page)) > 1
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        if results.violations_count:
            found[str(viewport)] = results.generate_snapshot()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), viewport
    assert not found, found


def test_two_builds_write_the_same_index(catalog, tmp_path):
    again = tmp_path / "kiosk"
    assert build_kiosk(again, content=catalog["content"], extra=ALLOW_FIXTURES).returncode == 0
    indexes = sorted(p.relative_to(catalog["kiosk"]) for p in catalog["kiosk"].rglob("search-index.js"))
    assert [p.as_posix() for p in indexes] == ["es/search/search-index.js", "search/search-index.js"]
    for index in indexes:
        assert (again / index).read_bytes() == (catalog["kiosk"] / index).read_bytes(), index
    data = json.loads((again / indexes[1]).read_text(encoding="ascii").split(" = ", 1)[1].rstrip(";\n"))
    assert data["index"]["documentCount"] == 1 + len(DECOYS) and data["lang"] == "en"


# --- The idle reset clears the search ---------------------------------------------


def search_then_walk_away(page, search_url, home_url):
    """A patient searches, opens a result and walks away; the kiosk goes home
    and the next patient goes back."""
    page.goto(search_url)
    tap(page, "spine")
    assert result_titles(page)
    page.evaluate("window.lastPatient = true")  # still there only if the page comes back from the cache
    page.locator("#kiosk-search-results a").first.click()
    page.wait_for_url(re.compile(r".*/procedures/vertebroplasty/index\.html$"))
    countdown = int(page.locator("#idle-dialog").get_attribute("data-countdown-seconds"))
    page.clock.run_for((IDLE_SECONDS + countdown + 1) * 1000)
    page.wait_for_url(home_url)
    page.go_back(wait_until="commit")  # a page back from the cache fires no load event
    page.wait_for_url(search_url, wait_until="commit")
    page.locator("#kiosk-search-q").wait_for()


def assert_search_is_empty(page):
    assert page.locator("#kiosk-search-q").input_value() == ""
    assert result_titles(page) == []
    assert page.locator("#kiosk-search-count").inner_text() == ""


def test_after_the_idle_reset_going_back_shows_an_empty_search(catalog, kiosk_page):
    """From file:// Chromium caches no page, but it would fill the field in
    again with the last patient's words (autocomplete="off" stops it)."""
    kiosk = catalog["kiosk"]
    page = kiosk_page(clock=True)
    search_then_walk_away(page, file_url(search_page(kiosk)), file_url(kiosk / "index.html"))
    assert_search_is_empty(page)
    assert_stayed_inside(page)


@pytest.fixture(scope="module")
def caching_browser(browser):
    """Chromium as a kiosk runs it: with the back-forward cache, which
    Playwright turns off by default."""
    chromium = browser.browser_type.launch(
        executable_path=shutil.which("chromium"), args=CHROMIUM_FLAGS, ignore_default_args=["--disable-back-forward-cache"]
    )
    yield chromium
    chromium.close()


def test_after_the_idle_reset_a_search_page_back_from_the_cache_is_empty(catalog, caching_browser):
    """Served over http (127.0.0.1), the search page is kept in the
    back-forward cache as the patient left it: it must clear itself."""
    served = serve_directory(catalog["kiosk"])
    address = next(served)
    context = caching_browser.new_context(viewport=PORTRAIT)
    try:
        outside = []
        keep_within(context, address + "/", outside)
        page = context.new_page()
        page.clock.install()
        search_then_walk_away(page, f"{address}/search/index.html", f"{address}/index.html")
        assert page.evaluate("window.lastPatient === true"), "the page did not come back from the cache"
        assert_search_is_empty(page)
        assert not outside, outside
    finally:
        context.close()
        next(served, None)
