"""The website's search (issue 11, "Finding a page"): Pagefind's index of the
published procedure pages (plugins/procedure_site/site_search) and the search page
(components/search_page.html, js/search.js), in real Chromium.

On the shared catalog (tests/catalog.py): the approved Vertebroplasty page,
its Spanish test translation, realistic decoys that share its words (a knee
replacement fixed with bone cement, a lumbar puncture in the spine, a bone
density scan about fractures and osteoporosis), everyday pages, a hidden
page and a draft. Its local and production builds (minified, fingerprinted,
served with the manifest's headers) are the session's; this module builds
the same catalog in many search shards too, and a small catalog of its own
for the ranking by concepts (issue 20: decoys that say "back" only, and two
spine pages). Every check reads or serves that real output on 127.0.0.1."""

import gzip
import json
import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from axe_playwright_python.sync_playwright import Axe
from babel.messages.pofile import read_po
from pelican.settings import read_settings

from catalog import CATALOG_EN, CATALOG_ES, DECOYS, FILLERS, PUBLISHED_EN, SHARD_PAGES, procedure
from conftest import (
    ALLOW_FIXTURES,
    ROOT,
    build,
    keep_within,
    made_once,
    production_handler,
    publish_build,
    soup_of,
    serve,
    serve_directory,
    with_translations,
)
from harness import problems_of, vertebroplasty

PATIENT_QUERIES = [
    ("en", "spine", "/procedures/vertebroplasty/"),
    ("en", "broken bone in my back", "/procedures/vertebroplasty/"),
    ("en", "bone cement", "/procedures/vertebroplasty/"),
    ("en", "DXA", "/procedures/bone-density-scan/"),  # a Keywords: word, nowhere in the page's text
    ("en", "backbone", "/procedures/vertebroplasty/"),  # in no page: found by its SEARCH_SYNONYMS words only
    ("es", "hueso roto de la espalda", "/es/procedures/vertebroplasty/"),
]

SEARCH_PAGE = {"en": "/search/", "es": "/es/search/"}


def built(tmp_path_factory, name, command, content, overrides):
    """The output of ``command`` (build or publish_build) of ``content``, made
    once for the run (made_once in conftest.py): the tests only read it."""

    def make(folder):
        result = command(folder / "output", content=content, overrides=overrides)
        assert result.returncode == 0, result.stderr
        return folder / "output"

    return made_once(tmp_path_factory, name, make)


@pytest.fixture(scope="module")
def search_catalog(tmp_path_factory):
    """The shared catalog without its everyday pages: the real page, its
    translation, the decoys that share its words, the hidden page and the
    draft. The order of results is checked here, on the catalog it was
    tuned on: on the whole catalog, "bone cement" ranks Bone Density Scan
    first, above Vertebroplasty (a finding for the search, not for the tests)."""

    def make(folder):
        content = folder / "content"
        shutil.copytree(ROOT / "content", content)
        with_translations(content)
        for name, text in DECOYS.items():
            (content / "procedures" / name).write_text(text, encoding="utf-8")
        return content

    return made_once(tmp_path_factory, "search-catalog", make)


@pytest.fixture(scope="module")
def local(search_catalog, tmp_path_factory):
    return built(tmp_path_factory, "search-local", build, search_catalog, ALLOW_FIXTURES)


@pytest.fixture(scope="module")
def production(search_catalog, tmp_path_factory):
    return built(tmp_path_factory, "search-production", publish_build, search_catalog, ALLOW_FIXTURES)


@pytest.fixture(scope="module")
def sharded_catalog(catalog):
    """The same catalog (read-only), built below in many search shards."""
    return catalog


SHARDED = {**ALLOW_FIXTURES, "SEARCH_SHARD_PAGES": SHARD_PAGES}


@pytest.fixture(scope="module")
def sharded_local(sharded_catalog, tmp_path_factory):
    return built(tmp_path_factory, "sharded-local", build, sharded_catalog, SHARDED)


@pytest.fixture(scope="module")
def sharded_production(sharded_catalog, tmp_path_factory):
    return built(tmp_path_factory, "sharded-production", publish_build, sharded_catalog, SHARDED)


@pytest.fixture(scope="module")
def served_local(local):
    yield from serve_directory(local)


@pytest.fixture(scope="module")
def served_production(production):
    yield from serve(production_handler(production))


@pytest.fixture(params=["local", "production"])
def served(request):
    return request.getfixturevalue({"local": "served_local", "production": "served_production"}[request.param])


def fragments(output, shard=""):
    """Every page record of the index (of one shard: "" the first, else its
    folder's name), as Pagefind's fragments hold them."""
    records = []
    for path in sorted((output / "pagefind" / shard / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        records.append(json.loads(data[len(b"pagefind_dcd") :]))
    return records


def record_for(output, url):
    (record,) = [r for r in fragments(output) if r["url"] == url]
    return record


# --- The index -------------------------------------------------------------------------


@pytest.mark.parametrize("flavour", ["local", "production"])
def test_the_index_holds_the_published_procedure_pages_of_every_language_only(flavour, request):
    output = request.getfixturevalue(flavour)
    urls = {r["url"] for r in fragments(output)}
    expected = {f"/procedures/{slug}/" for slug in PUBLISHED_EN} | {"/es/procedures/vertebroplasty/"}
    # Not the A–Z lists, the 404s, the search pages, the hidden page or the draft.
    assert urls == expected
    entry = json.loads((output / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert {lang: info["page_count"] for lang, info in entry["languages"].items()} == {"en": 4, "es": 1}


def test_the_shared_catalogs_index_holds_its_published_pages_of_every_language_only(site):
    """The same, on the whole catalog (tests/catalog.py), which the shards below index too."""
    urls = {r["url"] for r in fragments(site)}
    assert urls == {f"/procedures/{slug}/" for slug in CATALOG_EN} | {f"/es/procedures/{slug}/" for slug in CATALOG_ES}
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert {lang: info["page_count"] for lang, info in entry["languages"].items()} == {"en": 18, "es": 3}


def test_each_page_is_indexed_by_title_summary_sections_keywords_and_department(local):
    record = record_for(local, "/procedures/bone-density-scan/")
    assert record["meta"]["title"] == "Bone Density Scan"
    assert record["meta"]["summary"] == DECOYS["bone-density-scan.md"].split("Summary: ")[1].split("\n")[0]
    assert record["filters"] == {"department": ["Radiology"]}
    content = record["content"]
    assert content.startswith("Bone Density Scan.")
    for words in ("your risk of a fracture", "DEXA, DXA", "Thin bones break easily", "Wear clothes without metal",
                  "how to lower your fracture risk", "For an appointment with a specialist"):
        assert words in content, words
    # Left out: the header and footer, the contents list, the review dates.
    for words in ("On this page", "Page last reviewed", "Next review due", "Appointments:", "Read this page online"):
        assert words not in content, words
    headings = {a["text"] for a in record["anchors"] if a["element"] == "h2"}
    assert "Why Bone Density Scan is Performed" in headings


def test_the_spanish_page_is_indexed_in_spanish(local):
    entry = json.loads((local / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["es"]["wasm"] == "es"  # Spanish word stems
    record = record_for(local, "/es/procedures/vertebroplasty/")
    assert record["meta"]["title"] == "Vertebroplastia"
    assert record["filters"] == {"department": ["Radiología Intervencionista"]}


SHIPPED = re.compile(
    r"pagefind\.js|pagefind-worker\.js|pagefind-entry\.json|wasm\.(en|es)\.pagefind"
    r"|pagefind\.(en|es)_[0-9a-f]+\.pf_meta|(index|fragment|filter)/(en|es)_[0-9a-f]+\.pf_(index|fragment|filter)"
)


def test_only_the_files_the_search_page_needs_are_shipped(local):
    files = [p.relative_to(local / "pagefind").as_posix() for p in (local / "pagefind").rglob("*") if p.is_file()]
    assert [f for f in files if not SHIPPED.fullmatch(f)] == []
    assert {"pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "wasm.en.pagefind", "wasm.es.pagefind"} <= set(files)


def test_two_cold_builds_give_a_byte_identical_index(search_catalog, local, tmp_path):
    again = tmp_path / "again"
    # A cache of its own: cold, not the run's (which holds the first build's shards).
    result = build(again, content=search_catalog, overrides=ALLOW_FIXTURES, env={"SITEBUILD_CACHE": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stderr

    def index(output):
        folder = output / "pagefind"
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

    first, second = index(local), index(again)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_the_kiosk_has_no_pagefind():
    """The kiosk opens its pages from file://, where Pagefind cannot fetch its index."""
    from sitebuild.plugin_guard import in_this_build

    assert not in_this_build(read_settings(str(ROOT / "kioskconf.py")), "procedure_site.site_search")
    assert in_this_build(read_settings(str(ROOT / "pelicanconf.py")), "procedure_site.site_search")


# --- The production build: siblings, _headers and the manifest ----------------------------


def headers_rules(text):
    rules = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        else:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name, value.strip()))
    return rules


def values_for(rules, url_path, header):
    from fnmatch import fnmatchcase

    found = []
    for pattern, headers in rules:
        if fnmatchcase(url_path, pattern) if pattern.endswith("*") else url_path == pattern:
            found += [value for name, value in headers if name == header]
    return found


def test_the_index_is_made_before_compression_and_listed_with_its_headers(production, published_settings):
    """Made after the pages are minified and before compress and deploy: its
    text files have .br/.gz siblings, and every file is in the manifest."""
    manifest = json.loads((production / "deploy-manifest.json").read_text(encoding="utf-8"))["files"]
    for name in ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json"):
        for sibling in ("", ".br", ".gz"):
            assert f"pagefind/{name}{sibling}" in manifest, name + sibling
    files = sorted(p.relative_to(production).as_posix() for p in (production / "pagefind").rglob("*") if p.is_file())
    assert files and set(files) <= set(manifest)
    long, short = published_settings["CACHE_CONTROL_FINGERPRINTED"], published_settings["CACHE_CONTROL_DEFAULT"]
    rules = headers_rules((production / "_headers").read_text(encoding="utf-8"))
    for path in files:
        hash_named = path.endswith((".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter"))
        assert manifest[path]["cache_control"] == (long if hash_named else short), path
        assert manifest[path]["fingerprinted"] is hash_named, path
        assert manifest[path]["content_type"] == (
            "application/octet-stream" if path.endswith(("pagefind", ".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter"))
            else published_settings["CONTENT_TYPES"][Path(path.removesuffix(".br").removesuffix(".gz")).suffix]
        ), path
        assert values_for(rules, "/" + path, "Cache-Control") == [manifest[path]["cache_control"]], path


def test_each_path_has_exactly_one_policy_and_only_search_may_run_scripts(production, published_settings):
    manifest = json.loads((production / "deploy-manifest.json").read_text(encoding="utf-8"))
    rules = headers_rules((production / "_headers").read_text(encoding="utf-8"))
    assert "Content-Security-Policy" not in manifest["security_headers"]
    header_only = "; " + published_settings["CONTENT_SECURITY_POLICY_HEADER_ONLY"]
    strict = published_settings["CONTENT_SECURITY_POLICY"] + header_only
    search = published_settings["SEARCH_CONTENT_SECURITY_POLICY"] + header_only
    searching = {"search/index.html", "es/search/index.html"}
    for path, entry in manifest["files"].items():
        original = re.sub(r"\.(br|gz)$", "", path)
        expected = search if original in searching or path.startswith("pagefind/") else strict
        assert entry["content_security_policy"] == expected, path
        served = ["/" + path] + (["/" + path.removesuffix("index.html")] if path.endswith("index.html") else [])
        for url_path in served:
            assert values_for(rules, url_path, "Content-Security-Policy") == [expected], url_path
    assert "script-src 'none'" in strict and "frame-ancestors 'none'" in strict
    assert "script-src 'self' 'wasm-unsafe-eval'" in search and "frame-ancestors 'none'" in search


# --- The search page in Chromium -------------------------------------------------------

CSP_LISTENER = """window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"""


@pytest.fixture
def open_search(browser):
    """Opens a page in a fresh context that records every request (and lets
    none leave 127.0.0.1), console error and CSP violation."""
    contexts = []

    def _open(url, viewport=None, javascript=True):
        context = browser.new_context(viewport=viewport or {"width": 1280, "height": 800}, java_script_enabled=javascript)
        contexts.append(context)
        context.add_init_script(CSP_LISTENER)
        record = {"requests": [], "outside": [], "errors": []}
        keep_within(context, "http://127.0.0.1:", record["outside"], asked=record["requests"])
        page = context.new_page()
        page.on("console", lambda m: (m.type == "error" or "Content Security Policy" in m.text) and record["errors"].append(m.text))
        page.on("pageerror", lambda e: record["errors"].append(str(e)))
        page.on("worker", lambda w: w.on("console", lambda m: record["errors"].append("worker: " + m.text)))
        page.on("response", lambda r: r.status >= 400 and record["errors"].append(f"{r.status} {r.url}"))
        page.record = record
        page.goto(url, wait_until="load")
        return page

    yield _open
    for context in contexts:
        context.close()


def first_result(page):
    return page.locator(".search-result a").first


def assert_clean(page):
    assert page.record["outside"] == [], page.record["outside"]
    assert all(u.startswith("http://127.0.0.1:") for u in page.record["requests"])
    assert page.record["errors"] == [], page.record["errors"]
    assert page.evaluate("window.__cspViolations") == []


@pytest.mark.browser
@pytest.mark.parametrize("lang,query,expected", PATIENT_QUERIES, ids=[q for _, q, _ in PATIENT_QUERIES])
def test_patients_words_find_the_page_first_and_it_opens(lang, query, expected, served, open_search):
    page = open_search(served + SEARCH_PAGE[lang])
    page.locator("#search-q").press_sequentially(query)
    # The status region says the count once the results for the whole query are shown.
    page.wait_for_function(
        "q => new URLSearchParams(location.search).get('q') === q && document.querySelector('[data-search-status]').textContent",
        arg=query,
    )
    assert first_result(page).get_attribute("href") == expected
    if query == "backbone":
        assert page.locator("[data-search-status]").inner_text().endswith("Also searched for: spine, vertebra, spinal.")
    first_result(page).click()
    page.wait_for_url(served + expected)
    assert page.locator("h1").inner_text() in ("Vertebroplasty", "Vertebroplastia", "Bone Density Scan")
    assert_clean(page)


@pytest.mark.browser
def test_results_for_the_address_show_on_load_marked_counted_and_inside_main(served, open_search):
    page = open_search(served + "/search/?q=" + quote("bone cement"))
    page.wait_for_selector(".search-result")
    assert page.locator("#search-q").input_value() == "bone cement"
    assert page.locator("main ol.search-results > li.search-result h2 a").count() == page.locator(".search-result").count()
    status = page.locator("[data-search-status]")
    assert status.get_attribute("aria-live") == "polite" and status.get_attribute("role") == "status"
    count = page.locator(".search-result").count()
    assert status.inner_text().startswith(f"{count} pages found.")
    assert first_result(page).inner_text() == "Vertebroplasty"
    summary = page.locator(".search-result").first.locator(".search-result__summary").inner_text()
    assert summary.startswith("Vertebroplasty is a relatively new")
    marks = page.locator(".search-result").first.locator(".search-result__excerpt mark").all_inner_texts()
    assert any(m.lower().startswith(("bone", "cement")) for m in marks), marks
    assert_clean(page)


@pytest.mark.browser
def test_results_update_as_one_types(served, open_search):
    page = open_search(served + "/search/")
    field = page.locator("#search-q")
    field.press_sequentially("arthritis")
    page.wait_for_function("() => document.querySelector('[data-search-status]').textContent.startsWith('1 page found')")
    assert first_result(page).get_attribute("href") == "/procedures/knee-replacement/"
    field.fill("")
    field.press_sequentially("meningitis")
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === 'meningitis'")
    page.wait_for_function("() => document.querySelector('.search-result a')?.getAttribute('href') === '/procedures/lumbar-puncture/'")
    assert page.locator(".search-result").count() == 1
    field.fill("")
    page.wait_for_function("() => document.querySelectorAll('.search-result').length === 0")
    assert_clean(page)


@pytest.mark.browser
def test_the_department_filter_keeps_only_that_departments_pages(served, open_search):
    page = open_search(served + "/search/?q=bone&department=Radiology")
    page.wait_for_selector(".search-result")
    assert page.locator("#search-department").input_value() == "Radiology"
    assert page.locator(".search-result a").evaluate_all("links => links.map(a => a.getAttribute('href'))") == [
        "/procedures/bone-density-scan/"
    ]
    # The choices are the departments of this language's pages.
    options = page.locator("#search-department option").all_inner_texts()
    assert options[1:] == ["Interventional Radiology", "Neurology", "Orthopedics", "Radiology"]
    page.locator("#search-department").select_option("")
    page.wait_for_function("() => document.querySelectorAll('.search-result').length > 1")
    assert "department" not in page.url
    assert_clean(page)


def spanish_catalog():
    with open(ROOT / "theme" / "translations" / "es" / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle)


@pytest.mark.browser
def test_the_spanish_search_page_searches_the_spanish_pages(served, open_search):
    page = open_search(served + "/es/search/?q=vertebroplasty")
    page.wait_for_selector(".search-result")
    links = page.locator(".search-result a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert links == ["/es/procedures/vertebroplasty/"]
    found_one = spanish_catalog().get("%(num)s page found.").string[0] % {"num": 1}
    assert page.locator("[data-search-status]").inner_text().startswith(found_one)
    assert page.locator("#search-department option").all_inner_texts()[1:] == ["Radiología Intervencionista"]
    assert_clean(page)


@pytest.mark.browser
def test_page_text_is_shown_as_text_never_as_markup(served, open_search):
    """The bone density page says "a T-score of < -2.5": the excerpt shows the
    character, and the results hold no element but those search.js makes."""
    page = open_search(served + "/search/?q=score")
    page.wait_for_selector(".search-result")
    assert first_result(page).get_attribute("href") == "/procedures/bone-density-scan/"
    excerpt = page.locator(".search-result__excerpt").first
    assert "< -2.5" in excerpt.inner_text() and excerpt.locator("mark").all_inner_texts() == ["T-score"]
    tags = page.locator("[data-search-results] *").evaluate_all("nodes => [...new Set(nodes.map(n => n.localName))]")
    assert set(tags) <= {"li", "h2", "a", "p", "mark"}, tags
    assert_clean(page)


@pytest.mark.browser
def test_without_javascript_the_page_says_so_and_links_the_a_to_z_list(served, open_search):
    page = open_search(served + "/search/?q=spine", javascript=False)
    # (Playwright's text matching skips <noscript>, so the message is found by its class.)
    message = page.locator("main .search-page__message")
    assert message.is_visible() and message.inner_text().startswith("Search needs JavaScript")
    link = page.locator("main a", has_text="See all procedures, A to Z")
    assert link.is_visible() and link.get_attribute("href") == "/"
    # The form still sends the query to this page.
    form = page.locator("main form")
    # (the production build's minifier drops method="get": it is the default)
    assert form.get_attribute("method") in ("get", None) and form.get_attribute("action") == "/search/"
    assert page.locator("main form input[name=q]").count() == 1
    assert page.record["outside"] == [] and page.record["errors"] == []


VIEWPORTS = {"phone": {"width": 320, "height": 640}, "tablet": {"width": 768, "height": 1024},
             "desktop": {"width": 1280, "height": 800}}  # fmt: skip
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.mark.browser
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_axe_finds_no_violations_with_results_shown(viewport, served, open_search):
    page = open_search(served + "/search/?q=" + quote("bone"), viewport=VIEWPORTS[viewport])
    page.wait_for_function("() => document.querySelector('[data-search-status]').textContent")
    assert page.locator(".search-result").count() >= 3
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert results.violations_count == 0, results.generate_snapshot()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= VIEWPORTS[viewport]["width"], "no sideways scrolling"
    assert_clean(page)


# --- A catalog in many shards ------------------------------------------------------------


def shards(output):
    """The shards a build wrote: folder name ("" the first) -> its entry."""
    folder = output / "pagefind"
    numbers = sorted(int(p.name.removeprefix("shard-")) for p in folder.iterdir() if p.name.startswith("shard-"))
    names = [""] + [f"shard-{number}" for number in numbers]
    return {name: json.loads((folder / name / "pagefind-entry.json").read_text(encoding="utf-8")) for name in names}


def shard_of_each_page(output):
    """URL -> the shard whose fragments hold it; a URL in two shards fails."""
    found = {}
    for name in shards(output):
        for record in fragments(output, name):
            assert record["url"] not in found, record["url"]
            found[record["url"]] = name
    return found


PUBLISHED_SHARDED = (
    {f"/procedures/{slug}/" for slug in PUBLISHED_EN | set(FILLERS)}
    | {"/es/procedures/vertebroplasty/"}
    | {f"/es/procedures/{slug}/" for slug, (_t, _d, spanish) in FILLERS.items() if spanish}
)


@pytest.mark.parametrize("flavour", ["sharded_local", "sharded_production"])
def test_every_published_page_is_in_exactly_one_shard(flavour, request):
    output = request.getfixturevalue(flavour)
    where = shard_of_each_page(output)
    assert set(where) == PUBLISHED_SHARDED
    entries = shards(output)
    assert sum(info["page_count"] for entry in entries.values() for info in entry["languages"].values()) == len(
        PUBLISHED_SHARDED
    )
    # 17 English pages at 2 a shard: 16 buckets; each page's shard is its bucket.
    assert len(entries) > 8 and set(entries) <= {""} | {f"shard-{k}" for k in range(1, 16)}
    # The pages the browser tests look for are spread over shards other than the first.
    assert where["/procedures/vertebroplasty/"] != ""
    assert len({where[f"/procedures/{slug}/"] for slug in PUBLISHED_EN}) == 4


@pytest.mark.parametrize("flavour", ["sharded_local", "sharded_production"])
def test_only_the_first_shard_ships_pagefinds_scripts_and_webassembly(flavour, request):
    output = request.getfixturevalue(flavour)
    for name in shards(output):
        folder = output / "pagefind" / name
        files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
        files = {f for f in files if not f.startswith("shard-") and not f.endswith((".br", ".gz"))}
        library = {f for f in files if f.endswith((".js", ".pagefind"))}
        if name == "":
            assert {"pagefind.js", "pagefind-worker.js", "wasm.en.pagefind", "wasm.es.pagefind"} <= files
            files -= library
        else:
            assert library == set(), name
        assert all(re.fullmatch(r"pagefind-entry\.json|pagefind\.(en|es)_[0-9a-f]+\.pf_meta"
                                r"|(index|fragment|filter)/(en|es)_[0-9a-f]+\.pf_(index|fragment|filter)", f)
                   for f in files), (name, sorted(files))
        assert {"pagefind-entry.json", "index", "fragment", "filter"} <= {f.split("/")[0] for f in files}, name


@pytest.mark.parametrize("flavour", ["sharded_local", "sharded_production"])
def test_each_search_page_merges_exactly_the_shards_with_pages_of_its_language(flavour, request):
    output = request.getfixturevalue(flavour)
    entries = shards(output)
    for lang, search_page in SEARCH_PAGE.items():
        listed = json.loads(soup_of(output / search_page.lstrip("/") / "index.html")
                            .select_one("[data-search-page]")["data-search-shards"])
        expected = [f"/pagefind/{name}/" for name, entry in entries.items() if name and lang in entry["languages"]]
        assert listed == expected, lang
        assert "" in entries and lang in entries[""]["languages"]  # the first shard has every language
    # A shard with Spanish pages only is not merged by the English page (Pagefind
    # would search its Spanish pages there).
    assert any("en" not in entry["languages"] for name, entry in entries.items() if name)


def test_the_production_build_gives_shards_the_search_policy_and_their_chunks_a_year(sharded_production,
                                                                                    published_settings):
    manifest = json.loads((sharded_production / "deploy-manifest.json").read_text(encoding="utf-8"))["files"]
    search = published_settings["SEARCH_CONTENT_SECURITY_POLICY"]
    in_shards = [path for path in manifest if path.startswith("pagefind/shard-")]
    assert in_shards
    for path in in_shards:
        assert manifest[path]["content_security_policy"].startswith(search), path
        hash_named = re.sub(r"\.(br|gz)$", "", path).endswith((".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter"))
        assert manifest[path]["fingerprinted"] is hash_named, path
        assert manifest[path]["cache_control"] == published_settings[
            "CACHE_CONTROL_FINGERPRINTED" if hash_named else "CACHE_CONTROL_DEFAULT"], path


def test_two_builds_of_a_sharded_catalog_give_the_same_index(sharded_catalog, sharded_local, tmp_path):
    again = tmp_path / "again"
    result = build(again, content=sharded_catalog, overrides=SHARDED)
    assert result.returncode == 0, result.stderr

    def index(output):
        folder = output / "pagefind"
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

    first, second = index(sharded_local), index(again)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


@pytest.mark.parametrize("value", [0, "many"])
def test_a_bad_shard_setting_stops_the_build_with_a_message(value):
    """Through tests/harness.py (a refused build's exit code and output: test_bad_content.py)."""
    problems = problems_of(vertebroplasty(), overrides={"SEARCH_SHARD_PAGES": value})
    assert [(p.file, p.line, p.message, p.fix) for p in problems] == [
        ("pelicanconf.py", None, f"SEARCH_SHARD_PAGES is {value!r}; it must be a whole number of pages, 1 or more "
         "(the most pages one run of Pagefind indexes, on average).", "see the comment above SEARCH_SHARD_PAGES in "
         "pelicanconf.py."),
    ]  # fmt: skip


def test_a_language_without_pages_in_the_first_shard_stops_the_build(sharded_catalog):
    """At one page a shard, the 18 English pages of this catalog make 32
    buckets, and none of them hashes to bucket 0: the search page could not
    load the English index. (With the default setting, a language has 100
    pages or more a shard when it has more than one.)"""
    files = {p.relative_to(sharded_catalog).as_posix(): p.read_bytes() for p in sharded_catalog.rglob("*") if p.is_file()}
    problems = problems_of(files=files, overrides={**SHARDED, "SEARCH_SHARD_PAGES": 1})
    assert [(p.file, p.line) for p in problems] == [("pelicanconf.py", None)]
    assert problems[0].message.startswith("SEARCH_SHARD_PAGES is 1, and with it no page of en is in the first search shard")
    assert problems[0].fix.startswith("raise SEARCH_SHARD_PAGES")


@pytest.fixture(scope="module")
def served_sharded_local(sharded_local):
    yield from serve_directory(sharded_local)


@pytest.fixture(scope="module")
def served_sharded_production(sharded_production):
    yield from serve(production_handler(sharded_production))


@pytest.fixture(params=["sharded_local", "sharded_production"])
def sharded(request):
    """(address, output folder) of a sharded build, served on 127.0.0.1."""
    return request.getfixturevalue("served_" + request.param), request.getfixturevalue(request.param)


def result_links(page):
    return page.locator(".search-result a").evaluate_all("links => links.map(a => a.getAttribute('href'))")


def wait_for_results(page):
    page.wait_for_function("() => document.querySelector('[data-search-status]').textContent")


def fetched_shards(page):
    return {re.search(r"/pagefind/(shard-\d+)/", url).group(1) for url in page.record["requests"]
            if re.search(r"/pagefind/shard-\d+/", url)}


@pytest.mark.browser
@pytest.mark.parametrize("query", ["spine", "broken bone in my back", "backbone"])
def test_a_search_finds_pages_in_other_shards_best_first(query, sharded, open_search):
    address, output = sharded
    where = shard_of_each_page(output)
    page = open_search(address + "/search/?q=" + quote(query))
    wait_for_results(page)
    links = result_links(page)
    assert links[0] == "/procedures/vertebroplasty/" and where[links[0]] != ""
    if query == "broken bone in my back":
        # Two concepts: the lumbar puncture (the spine, no broken bone) matches one, and is left out.
        assert "/procedures/bone-density-scan/" in links and "/procedures/lumbar-puncture/" not in links
    else:
        assert {"/procedures/lumbar-puncture/", "/procedures/bone-density-scan/"} <= set(links)
    assert len({where[link] for link in links}) == len(links) >= 2  # each from a shard of its own
    # Every shard with English pages was merged; the Spanish-only one was not fetched.
    listed = json.loads(page.locator("[data-search-page]").get_attribute("data-search-shards"))
    assert fetched_shards(page) == {url.split("/")[2] for url in listed}
    assert "shard-1" not in fetched_shards(page)
    assert_clean(page)


@pytest.mark.browser
@pytest.mark.parametrize("query,expected", [("arthritis", "/procedures/knee-replacement/"),
                                            ("meningitis", "/procedures/lumbar-puncture/")])
def test_a_word_in_one_shard_finds_its_pages_only(query, expected, sharded, open_search):
    """A shard without the word would answer with the pages of the longest
    word it has that the query starts with ("a" for "arthritis")."""
    address, _output = sharded
    page = open_search(address + "/search/?q=" + query)
    wait_for_results(page)
    assert result_links(page) == [expected]
    assert page.locator("[data-search-status]").inner_text().startswith("1 page found")
    assert_clean(page)


@pytest.fixture(scope="module")
def served_one_shard(site, served_site):
    """The catalog built with the default setting (the shared local build): one shard."""
    assert not list((site / "pagefind").glob("shard-*"))
    return served_site


@pytest.mark.browser
def test_shards_find_the_same_pages_as_one_index(served_sharded_local, served_one_shard, open_search):
    # One tab per site, each query a new visit to its search page (a fresh
    # context per visit cost a third of a second of Chromium's CPU each).
    pages = {address: open_search(address + "/") for address in (served_sharded_local, served_one_shard)}
    for lang, query in [("en", "spine"), ("en", "bone cement"), ("en", "broken bone in my back"), ("en", "routine"),
                        ("en", "DXA"), ("en", "score"), ("en", "verteb"), ("en", "blood"), ("es", "procedimiento"),
                        ("es", "hueso roto de la espalda")]:  # fmt: skip
        found = []
        for address, page in pages.items():
            page.goto(address + SEARCH_PAGE[lang] + "?q=" + quote(query), wait_until="load")
            wait_for_results(page)
            found.append(page.locator("[data-search-status]").inner_text())
            more = page.locator(".search-results__more button")
            while more.count():
                shown = len(result_links(page))
                more.click()
                page.wait_for_function("n => document.querySelectorAll('.search-result').length > n", arg=shown)
            found.append(sorted(result_links(page)))
            assert_clean(page)
        assert found[:2] == found[2:], query


@pytest.mark.browser
def test_the_department_filter_works_across_shards(sharded, open_search):
    address, output = sharded
    where = shard_of_each_page(output)
    page = open_search(address + "/search/?q=routine&department=Otolaryngology")
    wait_for_results(page)
    links = result_links(page)
    assert sorted(links) == ["/procedures/ear-tube-placement/", "/procedures/hearing-test/", "/procedures/tonsillectomy/"]
    assert len({where[link] for link in links}) == 3
    page.locator("#search-department").select_option("")
    page.wait_for_function("() => document.querySelectorAll('.search-result').length > 3")
    page.locator(".search-results__more button").click()
    page.wait_for_function("() => !document.querySelector('.search-results__more')")
    assert len(result_links(page)) == len(FILLERS)  # "routine": every filler, in every shard
    assert_clean(page)


@pytest.mark.browser
def test_the_spanish_search_finds_the_spanish_pages_of_every_shard_only(sharded, open_search):
    address, output = sharded
    where = shard_of_each_page(output)
    page = open_search(address + "/es/search/?q=procedimiento")
    wait_for_results(page)
    links = result_links(page)
    spanish = {url for url in PUBLISHED_SHARDED if url.startswith("/es/")}
    assert set(links) == spanish and len(links) == len(spanish)
    assert len({where[link] for link in links}) >= 2
    # And the English page finds none of them.
    english = open_search(address + "/search/?q=procedimiento")
    wait_for_results(english)
    assert result_links(english) == []
    assert_clean(page)
    assert_clean(english)


# --- Concepts: a page must match more of the query than one word of it ----------------
# Issue 20, item 3: "broken bone in my back" listed, after Vertebroplasty, a
# uterine procedure ("go back to light activities") and a thyroid biopsy ("lie
# on your back"). A catalog of its own: the real Vertebroplasty page (and its
# Spanish test translation), those two decoys, which also say "in" and "my",
# and a second spine page that matches "broken bone" and "back" as well.

CONCEPT_DECOYS = {
    "uterine-fibroid-embolization.md": procedure(
        "Uterine Fibroid Embolization",
        "Interventional Radiology",
        "Uterine fibroid embolization shrinks fibroids in the womb by blocking the blood vessels that feed them.",
        "Fibroids are growths in the muscle of the womb. In my experience, says one patient, the heavy periods "
        "stopped within a few months. A thin tube in the wrist or groin reaches the arteries of the womb.",
        [
            "Fibroids can cause heavy periods, pelvic pain and pressure on the bladder.",
            "Tiny particles are put in the arteries that feed the fibroids, so they shrink over the next months.",
            "Cramping is common for a day or two. Rarely, the womb becomes infected.",
            "Stop eating at midnight. Tell us if you might be pregnant.",
            "Rest for a few days, then go back to light activities. Most women go back to work in a week or two.",
        ],
    ),
    "thyroid-fine-needle-aspiration-biopsy.md": procedure(
        "Thyroid Fine Needle Aspiration Biopsy",
        "Endocrinology",
        "A thin needle takes a few cells from a lump in the thyroid gland, in the front of the neck.",
        "The thyroid gland sits in the front of the neck. A thin needle takes cells from a lump in it, and a "
        "pathologist looks at them under a microscope. Patients often ask: is my lump cancer?",
        [
            "A biopsy shows whether a thyroid lump is harmless or needs more treatment.",
            "You lie on your back with a pillow under your shoulders. The doctor uses ultrasound to guide the needle.",
            "The neck may be sore or bruised for a day or two. Bleeding is rare.",
            "You can eat and drink as usual. Tell us if you take blood thinners.",
            "Keep the small dressing on for a day. The results come back within a week.",
        ],
    ),
    "kyphoplasty.md": procedure(
        "Kyphoplasty",
        "Interventional Radiology",
        "Kyphoplasty restores the height of a broken bone in the spine and eases back pain.",
        "Kyphoplasty treats a vertebral compression fracture, a broken bone in the spine that causes back pain. "
        "A small balloon lifts the collapsed vertebra before bone cement fills the space.",
        [
            "A spinal fracture from osteoporosis can cause severe back pain that rest does not ease.",
            "A needle is guided into the broken vertebra. A balloon is inflated, then bone cement fills the space.",
            "Cement can rarely leak out of the bone. Infection and bleeding are rare.",
            "Tell your care team if you take blood thinners. Someone must drive you home.",
            "Most people walk within an hour. Back pain eases within two days.",
        ],
    ),
}
CONCEPT_DECOY_ES = """Title: Embolización de fibromas uterinos
Slug: uterine-fibroid-embolization
Lang: es
Summary: La embolización de fibromas uterinos reduce los fibromas del útero al cerrar las arterias que los alimentan.
Department: Radiología Intervencionista
Reviewed: 2026-11-25

Los fibromas son tumores benignos del músculo del útero. Un tubo fino en la muñeca llega a las arterias del útero.

## Por qué se realiza

Los fibromas pueden causar reglas abundantes y presión en la vejiga.

## Qué esperar durante el procedimiento

Se colocan partículas en las arterias que alimentan los fibromas, que se reducen en los meses siguientes.

## Riesgos y beneficios

Los cólicos son frecuentes durante uno o dos días. Rara vez el útero se infecta.

## Cómo prepararse

No coma nada después de la medianoche. Díganos si podría estar embarazada.

## Después del procedimiento

Descanse unos días acostada de espalda y luego vuelva a las actividades ligeras de la casa.

## Pida una cita

Para pedir una cita con un especialista, llame al

{phone}
"""
SPINE_PAGES = {"/procedures/vertebroplasty/", "/procedures/kyphoplasty/"}
BACK_DECOYS = {"/procedures/uterine-fibroid-embolization/", "/procedures/thyroid-fine-needle-aspiration-biopsy/"}


@pytest.fixture(scope="module")
def served_concepts(tmp_path_factory):
    def make(folder):
        content = folder / "content"
        shutil.copytree(ROOT / "content", content)
        with_translations(content)
        for name, text in CONCEPT_DECOYS.items():
            (content / "procedures" / name).write_text(text, encoding="utf-8")
        spanish = content / "procedures" / "es" / "uterine-fibroid-embolization.es.md"
        spanish.write_text(CONCEPT_DECOY_ES, encoding="utf-8")
        return content

    content = made_once(tmp_path_factory, "concept-catalog", make)
    yield from serve_directory(built(tmp_path_factory, "concept-local", build, content, ALLOW_FIXTURES))


def searched(open_search, address, query, lang="en", **options):
    page = open_search(address + SEARCH_PAGE[lang] + "?q=" + quote(query), **options)
    wait_for_results(page)
    return page


def concepts_of(page, query):
    """How the page's search.js splits ``query``: each concept's alternatives."""
    return page.evaluate("q => document.querySelector('[data-search-page]').searchConcepts(q)"
                         ".map(c => c.alternatives.map(words => words.join(' ')))", query)


@pytest.mark.browser
def test_a_page_that_matches_one_of_several_concepts_is_left_out(served_concepts, open_search):
    page = searched(open_search, served_concepts, "broken bone in my back")
    links = result_links(page)
    # Both spine pages stay (which is first is Pagefind's score: both match both concepts).
    assert set(links) == SPINE_PAGES and len(links) == 2, links
    # The decoys do match "back": alone, it finds them, and every spine page.
    alone = searched(open_search, served_concepts, "back")
    assert set(result_links(alone)) == SPINE_PAGES | BACK_DECOYS
    assert_clean(page)
    assert_clean(alone)


@pytest.mark.browser
def test_stop_words_are_no_concepts_and_a_lay_term_with_its_synonyms_is_one(served_concepts, open_search):
    page = open_search(served_concepts + "/search/")
    # "in" and "my" are left out; "broken bone" and its "fracture" are one concept, "back" and its words one.
    assert concepts_of(page, "broken bone in my back") == [["broken bone", "fracture"],
                                                         ["back", "spine", "vertebra", "spinal"]]
    # A word the query also says through a lay term counts once.
    assert concepts_of(page, "broken bone fracture in my back") == concepts_of(page, "broken bone in my back")
    assert concepts_of(page, "my back spine") == [["back", "spine", "vertebra", "spinal"]]
    # A query of stop words only is searched as it is (typing "in" on the way to "injection").
    assert concepts_of(page, "in") == [["in"]]
    # So "my back spine" is one concept: the decoys, which say "back" only, are not left out.
    found = searched(open_search, served_concepts, "my back spine")
    assert set(result_links(found)) == SPINE_PAGES | BACK_DECOYS
    assert_clean(page)
    assert_clean(found)


@pytest.mark.browser
def test_the_spanish_search_page_leaves_out_spanish_stop_words(served_concepts, open_search):
    page = searched(open_search, served_concepts, "hueso roto de la espalda", lang="es")
    assert concepts_of(page, "hueso roto de la espalda") == [["hueso roto", "fractura"],
                                                           ["espalda", "columna", "vertebra"]]
    # The Spanish decoy says "espalda", "de" and "la": with "de" and "la" as
    # concepts it would match three and stay.
    assert result_links(page) == ["/es/procedures/vertebroplasty/"]
    alone = searched(open_search, served_concepts, "espalda", lang="es")
    assert set(result_links(alone)) == {"/es/procedures/vertebroplasty/",
                                        "/es/procedures/uterine-fibroid-embolization/"}
    # The English page's stop words are English: "de" and "la" count there.
    english = open_search(served_concepts + "/search/")
    assert ["de"] in concepts_of(english, "hueso roto de la espalda")
    for one in (page, alone, english):
        assert_clean(one)


ONE_BOX_VIEWPORTS = {"phone": VIEWPORTS["phone"], "desktop": VIEWPORTS["desktop"]}


@pytest.mark.browser
@pytest.mark.parametrize("viewport", sorted(ONE_BOX_VIEWPORTS))
@pytest.mark.parametrize("lang", sorted(SEARCH_PAGE))
def test_the_search_page_shows_one_search_box(viewport, lang, served_concepts, open_search):
    size = ONE_BOX_VIEWPORTS[viewport]
    query = "broken bone in my back" if lang == "en" else "hueso roto de la espalda"
    page = searched(open_search, served_concepts, query, lang=lang, viewport=size)
    boxes = page.locator("input[type=search]")
    assert boxes.count() == 1 and boxes.first.is_visible() and boxes.first.get_attribute("id") == "search-q"
    assert page.locator("form[role=search]").count() == 1
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert results.violations_count == 0, results.generate_snapshot()
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    assert_clean(page)
    # Without JavaScript, the same one box, sending ?q= to this page.
    plain = open_search(served_concepts + SEARCH_PAGE[lang], viewport=size, javascript=False)
    assert plain.locator("input[type=search]").count() == 1
    plain.locator("#search-q").fill("spine")
    plain.locator("#search-q").press("Enter")
    plain.wait_for_url(lambda url: url.startswith(served_concepts + SEARCH_PAGE[lang] + "?q=spine"))
    assert plain.record["outside"] == [] and plain.record["errors"] == []
    # Every other page keeps the header's box.
    other = open_search(served_concepts + "/procedures/kyphoplasty/", viewport=size)
    assert other.locator("header input[type=search]").count() == 1
