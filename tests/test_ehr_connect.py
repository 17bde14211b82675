"""connect/: the lookup files a record system finds our pages by, read from
the shared catalog builds (tests/catalog.py: Vertebroplasty's CPT codes,
which its Spanish translation inherits; SNOMED 387713003 on two pages; the
colonoscopy's codes listed by its translation too; every code system).

- every code of a published page has its JSON feed (MedlinePlus Connect's
  shape, one entry per page and language, absolute links, the Summary) and
  its page; index.json lists every code with its system's HL7 OID;
- a code of one page sends the reader on (meta refresh and a visible link),
  a code of several lists them with their summaries; both noindex, with no
  inline script or style, and never in the sitemap;
- the production build: absolute links on the public address, the pages
  minified and compressed, the JSON served as application/json to any
  origin (_headers, the manifest), not fingerprinted, cached as the pages;
- the kiosk has no connect/.
"""

import json
from urllib.parse import urlsplit

import pytest

from catalog import CODES, SHARED_CODE
from conftest import PUBLIC_SITE_URL, soup_of, visible_text

OIDS = {
    "CPT": "2.16.840.1.113883.6.12",
    "HCPCS": "2.16.840.1.113883.6.285",
    "ICD-10-PCS": "2.16.840.1.113883.6.4",
    "SNOMED": "2.16.840.1.113883.6.96",
    "LOINC": "2.16.840.1.113883.6.1",
}
FOLDERS = {"CPT": "cpt", "HCPCS": "hcpcs", "ICD-10-PCS": "icd10pcs", "SNOMED": "snomed", "LOINC": "loinc"}


def expected_codes():
    """(folder, code) of every code of the catalog's published pages."""
    lines = [*CODES.values(), "Codes: CPT 22510, CPT 22511, CPT 22512"]
    found = set()
    for line in lines:
        for item in line.removeprefix("Codes: ").split(", "):
            system, code = item.rsplit(" ", 1)
            found.add((FOLDERS[system], code))
    return found


@pytest.fixture(params=["local", "production"])
def built(request):
    """(build output, the settings it was made with)"""
    if request.param == "local":
        return request.getfixturevalue("site"), request.getfixturevalue("settings")
    return request.getfixturevalue("published_site"), request.getfixturevalue("published_settings")


def feed_of(site, folder, code):
    return json.loads((site / "connect" / folder / f"{code}.json").read_text(encoding="utf-8"))["feed"]


def page_of_address(site, address):
    """The built file an absolute address names."""
    path = urlsplit(address).path.lstrip("/")
    return site / path / "index.html" if path.endswith("/") or not path else site / path


def test_every_code_has_its_feed_and_its_page_and_nothing_else(built):
    site, _settings = built
    json_files = {p.relative_to(site / "connect").as_posix() for p in (site / "connect").rglob("*.json")}
    assert json_files == {"index.json"} | {f"{folder}/{code}.json" for folder, code in expected_codes()}
    pages = {p.relative_to(site / "connect").parent.as_posix() for p in (site / "connect").rglob("index.html")}
    assert pages == {f"{folder}/{code}" for folder, code in expected_codes()}


def test_a_feed_is_medlineplus_connect_s_shape_one_entry_per_page_and_language(built):
    site, settings = built
    feed = feed_of(site, "cpt", "22511")
    assert feed["title"] == {"_value": "Patient guides for CPT 22511"}
    assert feed["updated"] == {"_value": "2026-11-25T00:00:00Z"}  # the pages' Reviewed:, never the clock
    base = settings["PUBLIC_SITEURL"]
    assert [(e["title"]["_value"], e["link"]) for e in feed["entry"]] == [
        ("Vertebroplasty", [{"href": f"{base}/procedures/vertebroplasty/", "hreflang": "en"}]),
        # the Spanish translation lists no codes: it inherits its original's
        ("Vertebroplastia", [{"href": f"{base}/es/procedures/vertebroplasty/", "hreflang": "es"}]),
    ]
    for entry in feed["entry"]:
        page = soup_of(page_of_address(site, entry["link"][0]["href"]))
        assert entry["summary"]["_value"] == page.find("meta", attrs={"name": "description"})["content"]
        assert entry["title"]["_value"] == visible_text(page.find("h1"))


def test_every_link_of_every_feed_is_absolute_and_names_a_built_page(built):
    site, settings = built
    for folder, code in expected_codes():
        for entry in feed_of(site, folder, code)["entry"]:
            (link,) = entry["link"]
            assert link["href"].startswith(settings["PUBLIC_SITEURL"] + "/"), link
            assert page_of_address(site, link["href"]).is_file(), link


def test_a_shared_code_lists_both_pages_and_a_translation_s_listed_codes_its_own(site):
    assert sorted(e["title"]["_value"] for e in feed_of(site, *SHARED_CODE)["entry"]) == [
        "Knee Replacement",
        "Lumbar Puncture",
    ]
    colonoscopy = feed_of(site, "hcpcs", "G0121")["entry"]
    assert [(e["title"]["_value"], e["link"][0]["hreflang"]) for e in colonoscopy] == [
        ("Colonoscopy", "en"),
        ("Colonoscopia", "es"),
    ]


def test_the_index_lists_every_code_with_its_system_s_oid_and_pages(built):
    site, settings = built
    index = json.loads((site / "connect" / "index.json").read_text(encoding="utf-8"))
    assert {system["name"]: system["oid"] for system in index["systems"].values()} == OIDS
    assert {(FOLDERS[c["system"]], c["code"]) for c in index["codes"]} == expected_codes()
    base = settings["PUBLIC_SITEURL"]
    for code in index["codes"]:
        assert code["oid"] == OIDS[code["system"]]
        folder = FOLDERS[code["system"]]
        assert code["json"] == f"{base}/connect/{folder}/{code['code']}.json"
        assert code["page"] == f"{base}/connect/{folder}/{code['code']}/"
        feed = feed_of(site, folder, code["code"])
        assert [p["href"] for p in code["pages"]] == [e["link"][0]["href"] for e in feed["entry"]]
    (shared,) = [c for c in index["codes"] if (FOLDERS[c["system"]], c["code"]) == SHARED_CODE]
    assert len(shared["pages"]) == 2


def test_a_code_of_one_page_sends_the_reader_on_with_a_visible_link(built):
    site, _settings = built
    soup = soup_of(site / "connect" / "cpt" / "22511" / "index.html")
    (refresh,) = soup.find_all("meta", attrs={"http-equiv": "refresh"})
    assert refresh["content"] == "0; url=/procedures/vertebroplasty/"
    links = {a["href"]: visible_text(a) for a in soup.find("main").find_all("a")}
    assert links == {"/procedures/vertebroplasty/": "Vertebroplasty", "/es/procedures/vertebroplasty/": "Vertebroplastia"}
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_a_code_of_several_pages_lists_them_with_their_summaries(built):
    site, _settings = built
    soup = soup_of(site / "connect" / SHARED_CODE[0] / SHARED_CODE[1] / "index.html")
    assert soup.find("meta", attrs={"http-equiv": "refresh"}) is None
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    items = soup.find("main").find_all("li")
    assert [visible_text(li.find("a")) for li in items] == ["Knee Replacement", "Lumbar Puncture"]
    assert [visible_text(li.find("p")) for li in items] == [
        "A knee replacement puts a new joint in place of a knee worn out by arthritis.",
        "A lumbar puncture takes a little spinal fluid from the lower back to look for infection or bleeding.",
    ]


def test_the_pages_run_no_script_and_carry_no_inline_style(built):
    site, settings = built
    for page in (site / "connect").rglob("index.html"):
        soup = soup_of(page)
        assert soup.find("script") is None and soup.find("style") is None, page
        assert soup.find(attrs={"style": True}) is None, page
        csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
        assert csp == settings["CONTENT_SECURITY_POLICY"], page


def test_the_production_build_leaves_connect_out_of_the_sitemap_and_serves_it_to_any_origin(
    published_site, published_settings
):
    sitemap = (published_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/procedures/vertebroplasty/" in sitemap and "/connect/" not in sitemap
    headers = (published_site / "_headers").read_text(encoding="utf-8")
    rule = headers.split("\n/connect/*\n", 1)[1].split("\n\n", 1)[0]
    assert "  Access-Control-Allow-Origin: *" in rule.splitlines()
    files = json.loads((published_site / published_settings["DEPLOY_MANIFEST"]).read_text(encoding="utf-8"))["files"]
    page = files["procedures/vertebroplasty/index.html"]
    for path in ("connect/index.json", "connect/cpt/22511.json", "connect/cpt/22511.json.br"):
        entry = files[path]
        assert entry["content_type"] == "application/json", path
        assert entry["access_control_allow_origin"] == "*", path
        assert entry["fingerprinted"] is False and entry["cache_control"] == page["cache_control"], path
    assert "access_control_allow_origin" not in page


def test_the_production_build_minifies_and_compresses_the_connect_pages(site, published_site):
    local = (site / "connect" / "cpt" / "22511" / "index.html").read_bytes()
    published = published_site / "connect" / "cpt" / "22511" / "index.html"
    assert len(published.read_bytes()) < len(local)
    assert published.with_name("index.html.br").is_file() and published.with_name("index.html.gz").is_file()
    assert (published_site / "connect" / "cpt" / "22511.json.br").is_file()


def test_the_kiosk_has_no_lookup_files(kiosk_site):
    assert (kiosk_site / "procedures" / "vertebroplasty" / "index.html").is_file()
    assert not (kiosk_site / "connect").exists()
