"""The website's search (issue 11, "Finding a page"): Pagefind's index of the
published procedure pages (plugins/procedure_site/site_search) and the search page
(components/search_page.html, js/search.js), in real Chromium.

A catalog is made once for the module in a temporary folder (never in
content/): the approved Vertebroplasty page, its Spanish test translation,
and realistic decoys that share its words (a knee replacement fixed with bone
cement, a lumbar puncture in the spine, a bone density scan about fractures
and osteoporosis), a hidden page and a draft. It is built with the local
settings and with the production ones (minified, fingerprinted, served with
the manifest's headers), and every check reads or serves that real output on
127.0.0.1."""

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

from conftest import (
    ALLOW_FIXTURES,
    ROOT,
    build,
    keep_within,
    production_handler,
    publish_build,
    soup_of,
    serve,
    serve_directory,
    with_translations,
)

PHONE_SECTION = "## Make an Appointment\n\nFor an appointment with a specialist, call\n\n{phone}\n"


# What every real page says in each section besides its own facts: the decoys
# are about as long as the approved pages, as a real catalog's would be.
COMMON = (
    "Your doctor will talk with you about other treatments, and about why this one is recommended for you.",
    "The care team checks your breathing, heart rate and blood pressure throughout. Most patients go home "
    "the same day, and a nurse explains what to expect at each step.",
    "As with any medical procedure, there are potential complications. Your care team will explain them and "
    "answer your questions before you agree to the procedure.",
    "Prior to the scheduled procedure, patients will talk with their care team about any other medical "
    "conditions and all medications they are taking. Some therapies, such as blood thinners, may need to be "
    "paused ahead of the procedure. Someone will need to drive you home.",
    "Patients should resume normal activities slowly and can treat any pain with pain relief medication. "
    "The care team will discuss a follow-up appointment with you before you leave.",
)


def procedure(title, department, summary, lead, sections, extra=()):
    """A procedure page in the shape the build requires: every section, in order."""
    headings = (
        f"Why {title} is Performed",
        f"What to Expect During {title}",
        f"Risks and Benefits of {title}",
        f"How to Prepare for {title}",
        f"Post {title}",
    )
    head = [f"Title: {title}", f"Summary: {summary}", f"Department: {department}", "Reviewed: 2026-11-25", *extra]
    body = [lead] + [f"## {heading}\n\n{text}\n\n{common}" for heading, text, common in zip(headings, sections, COMMON)]
    return "\n".join(head) + "\n\n" + "\n\n".join(body) + "\n\n" + PHONE_SECTION


DECOYS = {
    "knee-replacement.md": procedure(
        "Knee Replacement",
        "Orthopedics",
        "A knee replacement puts a new joint in place of a knee worn out by arthritis.",
        "In a knee replacement, the surgeon removes the worn ends of the thigh bone and the shin bone. "
        "A new metal and plastic joint is fixed to the bone with bone cement.",
        [
            "Arthritis can wear away the smooth surface of the knee, so bone rubs on bone and walking hurts.",
            "You sleep during the operation. The surgeon shapes the bone and fixes each part of the new joint "
            "with bone cement. The bone cement sets hard in a few minutes.",
            "Risks include infection, blood clots and a loose joint. Bone cement can rarely cause a reaction.",
            "Stop eating at midnight. Bring a list of your medicines and someone to drive you home.",
            "A physical therapist helps you walk on the first day. The new knee lasts many years.",
        ],
    ),
    "lumbar-puncture.md": procedure(
        "Lumbar Puncture",
        "Neurology",
        "A lumbar puncture takes a little spinal fluid from the lower back to look for infection or bleeding.",
        "A lumbar puncture, also called a spinal tap, takes a small amount of the fluid around the spinal cord. "
        "The doctor puts a thin needle between two bones of the spine in your lower back.",
        [
            "Testing the spinal fluid can show meningitis, bleeding near the brain or other nerve problems.",
            "You lie on your side with your knees pulled up so the spine curves. The skin is numbed and the "
            "spinal needle goes in below the end of the spinal cord.",
            "A headache is common afterwards. Rarely there is bleeding or infection where the needle went in.",
            "Tell your care team if you take blood thinners. You can eat and drink as usual.",
            "Lie flat for an hour and drink plenty of fluid. Call us if a headache lasts more than a day.",
        ],
    ),
    "bone-density-scan.md": procedure(
        "Bone Density Scan",
        "Radiology",
        "A bone density scan measures how strong your bones are and your risk of a fracture.",
        "A bone density scan uses a very small amount of x-ray to measure how much mineral is in your bones, "
        "usually at the hip and the spine. It shows whether you have osteoporosis and your fracture risk.",
        [
            "Thin bones break easily. The scan finds osteoporosis before a broken bone happens. "
            "A T-score of < -2.5 means osteoporosis.",
            "You lie still on a padded table while the arm of the scanner passes over your hip and spine.",
            "The scan is quick and painless and uses much less radiation than a chest x-ray.",
            "Do not take calcium tablets on the day of the scan. Wear clothes without metal.",
            "Your doctor explains the result and how to lower your fracture risk.",
        ],
        # Search words that appear nowhere in the page's text.
        extra=("Keywords: DEXA, DXA",),
    ),
    "hidden-procedure.md": procedure(
        "Spine Hidden Procedure",
        "Radiology",
        "A hidden page about the spine, for the tests.",
        "This page is about the spine and the vertebra, and is hidden.",
        ["Spine.", "Spine.", "Spine.", "Spine.", "Spine."],
        extra=("Status: hidden",),
    ),
    "draft-procedure.md": procedure(
        "Spine Draft Procedure",
        "Radiology",
        "A draft about the spine, for the tests.",
        "This page is about the spine and the vertebra, and is a draft.",
        ["Spine.", "Spine.", "Spine.", "Spine.", "Spine."],
        extra=("Status: draft",),
    ),
}
PUBLISHED_EN = {"vertebroplasty", "knee-replacement", "lumbar-puncture", "bone-density-scan"}

# (language, query, the page that must come first)
PATIENT_QUERIES = [
    ("en", "spine", "/procedures/vertebroplasty/"),
    ("en", "broken bone in my back", "/procedures/vertebroplasty/"),
    ("en", "bone cement", "/procedures/vertebroplasty/"),
    ("en", "DXA", "/procedures/bone-density-scan/"),  # a Keywords: word, nowhere in the page's text
    ("en", "backbone", "/procedures/vertebroplasty/"),  # in no page: found by its SEARCH_SYNONYMS words only
    ("es", "hueso roto de la espalda", "/es/procedures/vertebroplasty/"),
]

SEARCH_PAGE = {"en": "/search/", "es": "/es/search/"}

# --- A catalog in many shards ----------------------------------------------------------
# The same catalog, plus everyday procedures in other departments (two of
# them translated), built with SEARCH_SHARD_PAGES=2: 18 English pages make 16
# shards, 3 Spanish ones 2. Each page's shard is a hash of its address; these
# slugs were chosen so that:
# - shard 0 has pages of both languages, and shard-1 Spanish pages only;
# - Vertebroplasty, the knee replacement, the lumbar puncture and the bone
#   density scan are each in a shard of their own (not shard 0), with one
#   everyday page beside them. Pagefind scores a page against its own shard's
#   page count and average page length; in a real catalog each shard is a
#   random sample of a hundred pages or more, so these are alike from shard
#   to shard. Here a page alone in its shard would be scored against itself
#   only (a word in every page of a shard counts for less), so each shard
#   these pages share is made alike instead.
# The tests read the layout from the built files rather than trusting this.
SHARD_PAGES = 2
FILLERS = {
    # slug: (title, department, Spanish title and department, or None)
    "cardiac-catheterization": ("Cardiac Catheterization", "Cardiology", ("Cateterismo cardíaco", "Cardiología")),
    "colonoscopy": ("Colonoscopy", "Gastroenterology", ("Colonoscopia", "Gastroenterología")),
    "ear-tube-placement": ("Ear Tube Placement", "Otolaryngology", None),
    "varicose-vein-treatment": ("Varicose Vein Treatment", "Vascular Surgery", None),
    "blood-draw": ("Blood Draw", "Laboratory", None),
    "hearing-test": ("Hearing Test", "Otolaryngology", None),
    "mole-removal": ("Mole Removal", "Dermatology", None),
    "blood-transfusion": ("Blood Transfusion", "Hematology", None),
    "flu-shot": ("Flu Shot", "Primary Care", None),
    "spirometry": ("Spirometry", "Pulmonology", None),
    "gallbladder-removal": ("Gallbladder Removal", "General Surgery", None),
    "tonsillectomy": ("Tonsillectomy", "Otolaryngology", None),
    "allergy-skin-test": ("Allergy Skin Test", "Allergy", None),
    "skin-biopsy": ("Skin Biopsy", "Dermatology", None),
}
SPANISH_SECTIONS = ("Por qué se realiza", "Qué esperar durante el procedimiento", "Riesgos y beneficios",
                    "Cómo prepararse", "Después del procedimiento")  # fmt: skip


def filler(title, department):
    """An everyday procedure that shares none of the search tests' words but "routine"."""
    name = title.lower()
    return procedure(
        title,
        department,
        f"{title} is a routine procedure; this page says what to expect.",
        f"{title} is a routine procedure at this hospital. The care team explains each step before it starts.",
        [
            f"Your doctor may recommend a {name} to find or treat the cause of your symptoms.",
            f"A nurse checks your details first. The {name} itself takes less than an hour.",
            "Problems are rare. The care team will tell you what to watch for.",
            "Bring a list of your medicines. Ask us whether you need to stop eating first.",
            "Most people go home the same day and soon return to their usual activities.",
        ],
    )


def spanish_filler(slug, title, department):
    head = [f"Title: {title}", f"Slug: {slug}", "Lang: es", f"Summary: {title} es un procedimiento habitual.",
            f"Department: {department}", "Reviewed: 2026-11-25"]  # fmt: skip
    lead = f"{title} es un procedimiento habitual en este hospital. El equipo de atención explica cada paso."
    body = [lead] + [f"## {heading}\n\n{title}: el equipo de atención le explica esta parte del procedimiento."
                     for heading in SPANISH_SECTIONS]
    phone = "## Pida una cita\n\nPara pedir una cita con un especialista, llame al\n\n{phone}\n"
    return "\n".join(head) + "\n\n" + "\n\n".join(body) + "\n\n" + phone


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    content = tmp_path_factory.mktemp("search-catalog") / "content"
    shutil.copytree(ROOT / "content", content)
    with_translations(content)
    for name, text in DECOYS.items():
        (content / "procedures" / name).write_text(text, encoding="utf-8")
    return content


def built(command, output, content, overrides):
    """``output``, once ``command`` (build or publish_build) built ``content`` into it."""
    result = command(output, content=content, overrides=overrides)
    assert result.returncode == 0, result.stderr
    return output


@pytest.fixture(scope="module")
def local(catalog):
    return built(build, catalog.parent / "local", catalog, ALLOW_FIXTURES)


@pytest.fixture(scope="module")
def production(catalog):
    return built(publish_build, catalog.parent / "production", catalog, ALLOW_FIXTURES)


@pytest.fixture(scope="module")
def sharded_catalog(catalog):
    content = catalog.parent / "sharded-content"
    shutil.copytree(catalog, content)
    for slug, (title, department, spanish) in FILLERS.items():
        (content / "procedures" / f"{slug}.md").write_text(filler(title, department), encoding="utf-8")
        if spanish:
            text = spanish_filler(slug, *spanish)
            (content / "procedures" / "es" / f"{slug}.es.md").write_text(text, encoding="utf-8")
    return content


SHARDED = {**ALLOW_FIXTURES, "SEARCH_SHARD_PAGES": SHARD_PAGES}


@pytest.fixture(scope="module")
def sharded_local(sharded_catalog):
    return built(build, sharded_catalog.parent / "sharded-local", sharded_catalog, SHARDED)


@pytest.fixture(scope="module")
def sharded_production(sharded_catalog):
    return built(publish_build, sharded_catalog.parent / "sharded-production", sharded_catalog, SHARDED)


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


def test_two_cold_builds_give_a_byte_identical_index(catalog, local, tmp_path):
    again = tmp_path / "again"
    # A cache of its own: cold, not the run's (which holds the first build's shards).
    result = build(again, content=catalog, overrides=ALLOW_FIXTURES, env={"SITEBUILD_CACHE": str(tmp_path / "cache")})
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
def test_a_bad_shard_setting_stops_the_build_with_a_message(value, catalog, tmp_path):
    result = build(tmp_path / "output", content=catalog, overrides={**ALLOW_FIXTURES, "SEARCH_SHARD_PAGES": value})
    assert result.returncode == 1, result.stderr
    assert f"pelicanconf.py: SEARCH_SHARD_PAGES is {value!r}; it must be a whole number of pages" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "output").exists()


def test_a_language_without_pages_in_the_first_shard_stops_the_build(sharded_catalog, tmp_path):
    """At one page a shard, the 18 English pages of this catalog make 32
    buckets, and none of them hashes to bucket 0: the search page could not
    load the English index. (With the default setting, a language has 100
    pages or more a shard when it has more than one.)"""
    result = build(tmp_path / "output", content=sharded_catalog, overrides={**SHARDED, "SEARCH_SHARD_PAGES": 1})
    assert result.returncode == 1, result.stderr
    assert "pelicanconf.py: SEARCH_SHARD_PAGES is 1, and with it no page of en is in the first search shard" in (
        result.stderr)
    assert "How to fix: raise SEARCH_SHARD_PAGES" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "output").exists()


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
    assert {"/procedures/lumbar-puncture/", "/procedures/bone-density-scan/"} <= set(links)
    assert len({where[link] for link in links}) == len(links) >= 3  # each from a shard of its own
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
def served_one_shard(sharded_catalog):
    """The sharded catalog built with the default setting: one shard."""
    output = sharded_catalog.parent / "one-shard"
    result = build(output, content=sharded_catalog, overrides=ALLOW_FIXTURES)
    assert result.returncode == 0, result.stderr
    assert not list((output / "pagefind").glob("shard-*"))
    yield from serve_directory(output)


@pytest.mark.browser
def test_shards_find_the_same_pages_as_one_index(served_sharded_local, served_one_shard, open_search):
    for lang, query in [("en", "spine"), ("en", "bone cement"), ("en", "broken bone in my back"), ("en", "routine"),
                        ("en", "DXA"), ("en", "score"), ("en", "verteb"), ("en", "blood"), ("es", "procedimiento"),
                        ("es", "hueso roto de la espalda")]:  # fmt: skip
        found = []
        for address in (served_sharded_local, served_one_shard):
            page = open_search(address + SEARCH_PAGE[lang] + "?q=" + quote(query))
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
