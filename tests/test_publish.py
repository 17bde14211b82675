"""The production build (publishconf.py): root-relative links that work on any
host name, absolute canonical addresses, crawler files, fingerprinted and
pinned assets, minified and precompressed files, and the headers file and
manifest the CDN and the deploy read. Every test reads the real output of
`python -m sitebuild --settings publishconf.py`."""

import base64
import gzip
import hashlib
import io
import json
import os
import re
import xml.etree.ElementTree as ElementTree
from datetime import UTC, datetime
from fnmatch import fnmatchcase
from pathlib import Path
from urllib.parse import urlsplit

import brotli
import pytest
from pelican.settings import read_settings
from PIL import Image

from catalog import HIDDEN, published_sources
from conftest import (
    ALLOW_FIXTURES,
    PUBLIC_SITE_URL,
    ROOT,
    SOURCE_DATE_EPOCH,
    procedure_sources,
    real_pages,
    soup_of,
    source_metadata,
    visible_text,
)
from conftest import publish_build as publish
from harness import _environment as harness_environment
from harness import problems_of, vertebroplasty
from sitebuild.deploy.manifest import MANIFEST_VERSION, load_manifest

SITE_URL = PUBLIC_SITE_URL
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def environment(**values):
    """``values`` in os.environ for a with block (the harness's own helper)."""
    return harness_environment(values)


def publish_settings_for(site_url=SITE_URL):
    with environment(SITEURL=site_url):
        return read_settings(str(ROOT / "publishconf.py"))


@pytest.fixture(scope="module")
def publish_settings():
    return publish_settings_for()


@pytest.fixture(scope="module")
def published(published_site):
    return published_site


def output_files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def html_pages(folder):
    return sorted(folder.rglob("*.html"))


def manifest_of(output, settings):
    return json.loads((output / settings["DEPLOY_MANIFEST"]).read_text(encoding="utf-8"))


def local_path(reference):
    """The output-relative file a same-site address names, or None."""
    parts = urlsplit(reference)
    if parts.scheme and f"{parts.scheme}://{parts.netloc}" != SITE_URL:
        return None
    if not parts.path.startswith("/"):
        return None
    path = parts.path.lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


def expected_page_address(settings, source, lang=None):
    slug = source_metadata(source).get("slug") or source.stem
    if lang is None:
        return f"{SITE_URL}/{settings['PAGE_URL'].format(slug=slug)}"
    return f"{SITE_URL}/{settings['PAGE_LANG_URL'].format(slug=slug, lang=lang)}"


# --- Settings ----------------------------------------------------------------


def test_publishconf_changes_only_what_differs(publish_settings, settings):
    # The address given as make publish SITEURL=... is the public one; links
    # within the site are root-relative, so the output works on any host name.
    assert publish_settings["SITEURL"] == ""
    assert publish_settings["PUBLIC_SITEURL"] == SITE_URL
    assert publish_settings["PLUGINS"] == settings["PLUGINS"]  # the switches choose the parts
    names = ("PAGE_URL", "PAGE_SAVE_AS", "CONTENT_SECURITY_POLICY", "APPOINTMENT_PHONE", "THEME", "CONTENT_TYPES")
    for name in names:
        assert publish_settings[name] == settings[name], name
    assert settings["PAGE_URL"].endswith("/"), "pretty URLs: procedures/<slug>/"


SITEURL_PROBLEMS = {
    "": "error: SITEURL is not set. The production build needs the site's public address: make publish "
    "SITEURL=https://patient-guides.example.org",
    "http://patient-guides.example.org": "error: SITEURL 'http://patient-guides.example.org' is not an https:// "
    "address. Give the public address: make publish SITEURL=https://patient-guides.example.org",
}


@pytest.mark.parametrize("site_url", sorted(SITEURL_PROBLEMS))
def test_build_without_an_https_siteurl_fails_and_says_how(site_url):
    """SITEURL as `make publish` gives it, in the environment (tests/harness.py)."""
    env = {"SITEURL": site_url, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    problems = problems_of(vertebroplasty(), settings="publishconf.py", env=env)
    assert [(p.file, p.message) for p in problems] == [(None, SITEURL_PROBLEMS[site_url])]


def test_a_production_build_without_its_address_fails_cleanly(tmp_path):
    """The real command: exit 1, the message, no traceback, nothing written."""
    output = tmp_path / "output"
    result = publish(output, site_url="")
    assert result.returncode == 1, result.stdout + result.stderr
    assert SITEURL_PROBLEMS[""] in result.stderr
    assert "Traceback" not in result.stderr
    assert not output.exists()


# --- Reproducible ----------------------------------------------------------------


def test_two_builds_of_the_same_sources_are_byte_identical(published, catalog, tmp_path):
    again = tmp_path / "again"
    result = publish(again, catalog, overrides=ALLOW_FIXTURES)
    assert result.returncode == 0, result.stderr
    first, second = output_files(published), output_files(again)
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert not differing, differing


# --- Addresses, canonical and Open Graph ---------------------------------------


@pytest.mark.parametrize("source", procedure_sources(), ids=lambda s: s.stem)
def test_procedure_page_has_canonical_address_and_open_graph(source, published, publish_settings):
    metadata = source_metadata(source)
    address = expected_page_address(publish_settings, source)
    saved = published / publish_settings["PAGE_SAVE_AS"].format(slug=metadata.get("slug") or source.stem)
    soup = soup_of(saved)
    assert soup.find("link", rel="canonical")["href"] == address
    og = {m["property"]: m["content"] for m in soup.find_all("meta", property=re.compile("^og:"))}
    assert og["og:title"] == metadata["title"]
    assert og["og:description"] == metadata["summary"]
    assert og["og:url"] == address
    assert og["og:site_name"] == publish_settings["SITENAME"]
    assert og["og:type"] == "website"
    # The address printed on paper is the same one.
    assert address in visible_text(soup.find("footer"))


def test_home_page_is_canonical_at_the_site_root_and_404_is_not(published, publish_settings):
    home = soup_of(published / "index.html")
    assert home.find("link", rel="canonical")["href"] == SITE_URL + "/"
    description = home.find("meta", attrs={"name": "description"})["content"]
    assert home.find("meta", property="og:description")["content"] == description
    assert home.find("meta", property="og:title")["content"]
    missing = soup_of(published / "404.html")
    assert missing.find("link", rel="canonical") is None
    assert missing.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_development_build_is_unchanged(site):
    for page in html_pages(site):
        soup = soup_of(page)
        assert soup.find("link", rel="canonical") is None, page
        assert soup.find("meta", property=re.compile("^og:")) is None, page
        stylesheet = soup.find("link", rel="stylesheet")
        assert stylesheet["href"].endswith("/css/site.css") and not stylesheet.get("integrity"), page
    assert not (site / "sitemap.xml").exists() and not (site / "_headers").exists()


def test_page_names_are_the_same_as_in_the_development_build(published, site):
    assert {p.relative_to(published) for p in html_pages(published)} == {p.relative_to(site) for p in html_pages(site)}


# --- sitemap.xml and robots.txt -------------------------------------------------


def test_sitemap_lists_every_page_by_its_absolute_address(published, publish_settings, catalog):
    tree = ElementTree.parse(published / "sitemap.xml")
    urls = tree.getroot().findall("s:url", SITEMAP_NS)
    locations = [u.findtext("s:loc", namespaces=SITEMAP_NS) for u in urls]
    # The catalog's (tests/catalog.py): each A–Z list, each published page in each language.
    english, spanish = published_sources(catalog), published_sources(catalog, "es")
    expected = {SITE_URL + "/", f"{SITE_URL}/{publish_settings['INDEX_LANG_URL'].format(lang='es')}"}
    expected |= {expected_page_address(publish_settings, s) for s in english}
    expected |= {expected_page_address(publish_settings, s, "es") for s in spanish}
    # The hidden page too: only the A–Z list leaves it out (docs/authoring.md).
    expected.add(f"{SITE_URL}/{publish_settings['PAGE_URL'].format(slug=HIDDEN)}")
    assert {expected_page_address(publish_settings, s) for s in procedure_sources()} <= expected
    assert len(expected) == 2 + 18 + 3 + 1
    assert sorted(locations) == sorted(expected)
    assert not any("404" in location for location in locations)
    stamp = datetime.fromtimestamp(int(SOURCE_DATE_EPOCH), tz=UTC)
    for url in urls:
        assert datetime.fromisoformat(url.findtext("s:lastmod", namespaces=SITEMAP_NS)) == stamp


def test_sitemap_has_no_lastmod_without_a_source_date(tmp_path):
    output = tmp_path / "output"
    assert publish(output, source_date_epoch=None).returncode == 0
    assert "<lastmod>" not in (output / "sitemap.xml").read_text(encoding="utf-8")


def test_robots_txt_allows_crawling_and_points_to_the_sitemap(published):
    lines = (published / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert "Disallow:" in lines and not any(line.startswith("Disallow: /") for line in lines)
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in lines


# --- Assets: fingerprints and Subresource Integrity -------------------------------


def test_assets_are_named_by_their_content_and_pinned_with_integrity(published, publish_settings):
    assert not list(published.rglob("site.css")) and not list(published.rglob("favicon.svg"))
    for page in html_pages(published):
        soup = soup_of(page)
        for rel in ("stylesheet", "icon"):
            link = soup.find("link", rel=rel)
            path = local_path(link["href"])
            assert path and path.startswith(publish_settings["THEME_STATIC_DIR"] + "/"), link
            data = (published / path).read_bytes()
            name_hash = re.fullmatch(r".*\.([0-9a-f]{12})\.(css|svg)", path)
            assert name_hash and name_hash.group(1) == hashlib.sha256(data).hexdigest()[:12], path
            if rel == "stylesheet":
                assert link["integrity"] == "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()
            else:
                assert not link.get("integrity")  # only for stylesheets and scripts


def test_every_same_site_reference_resolves(published):
    checked = 0
    for page in html_pages(published):
        for element in soup_of(page).find_all(["a", "link", "img", "script"]):
            reference = element.get("href") or element.get("src")
            path = local_path(reference) if reference else None
            if path is not None:
                checked += 1
                assert (published / path).is_file(), f"{page.relative_to(published)}: {reference}"
    assert checked


def tiny_image(image_format):
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), (200, 30, 30)).save(buffer, format=image_format)
    return buffer.getvalue()


def show_images_on_vertebroplasty(content, *names):
    """Adds each image to content/images/ and shows it on the Vertebroplasty
    page the way authors do: ![alt]({static}/images/name)."""
    (content / "images").mkdir(exist_ok=True)
    page = content / "procedures" / "vertebroplasty.md"
    figures = ""
    for name in names:
        image_format = "JPEG" if name.endswith((".jpg", ".jpeg")) else "PNG"
        (content / "images" / name).write_bytes(tiny_image(image_format))
        figures += f"![A drawing of the spine ({name})]({{static}}/images/{name})\n\n"
    heading = "## Why Vertebroplasty is Performed"
    text = page.read_text(encoding="utf-8")
    assert heading in text
    page.write_text(text.replace(heading, figures + heading, 1), encoding="utf-8")


def test_content_images_are_named_by_their_content_and_cached_for_a_year(content_copy, tmp_path, publish_settings):
    show_images_on_vertebroplasty(content_copy, "x.png", "photo.jpeg")
    output = tmp_path / "output"
    result = publish(output, content_copy)
    assert result.returncode == 0, result.stderr
    manifest = manifest_of(output, publish_settings)["files"]
    rules = headers_rules((output / "_headers").read_text(encoding="utf-8"))
    images = soup_of(output / "procedures" / "vertebroplasty" / "index.html").find_all("img", alt=re.compile("spine"))
    assert len(images) == 2
    for image, name, content_type in zip(images, ("x", "photo"), ("image/png", "image/jpeg")):
        path = local_path(image["src"])
        assert path and re.fullmatch(rf"images/{name}\.[0-9a-f]{{12}}\.(png|jpeg)", path), image
        data = (output / path).read_bytes()
        assert data == (content_copy / "images" / (name + "." + path.rsplit(".", 1)[1])).read_bytes()
        assert named_by_its_content(path, data), path
        assert manifest[path]["cache_control"] == "public, max-age=31536000, immutable", path
        assert manifest[path]["fingerprinted"] is True, path
        assert manifest[path]["content_type"] == content_type, path
        assert [h["Cache-Control"] for p, h in rules if "Cache-Control" in h and matching(p, "/" + path)] == [
            "public, max-age=31536000, immutable"
        ]
    # Only the fingerprinted copies are published, and no page names the old ones.
    assert sorted(p.name for p in (output / "images").iterdir()) == sorted(
        local_path(image["src"]).rsplit("/", 1)[1] for image in images
    )
    for page in html_pages(output):
        text = page.read_text(encoding="utf-8")
        assert "images/x.png" not in text and "images/photo.jpeg" not in text, page


FLAVOURS = {
    "local": {"settings": "pelicanconf.py"},
    "kiosk": {"settings": "kioskconf.py", "env": {"PUBLIC_SITEURL": "https://x.example"}},
    "production": {"settings": "publishconf.py", "env": {"SITEURL": SITE_URL}},
}


@pytest.mark.parametrize("flavour", sorted(FLAVOURS))
def test_a_file_of_a_kind_the_site_cannot_serve_fails_every_build(flavour, settings):
    """Not only the production build: an editor learns it from make html.
    (tests/harness.py; what a failed build leaves: test_bad_content.py.)"""
    figure = "![A drawing of the spine (scan.heic)]({static}/images/scan.heic)\n\n"
    text = vertebroplasty().replace("## Why Vertebroplasty", figure + "## Why Vertebroplasty", 1)
    (problem,) = problems_of(text, files={"images/scan.heic": tiny_image("PNG")}, **FLAVOURS[flavour])
    assert (problem.file, problem.line, problem.message) == (
        "images/scan.heic", None, "scan.heic is a .heic file: the public site cannot serve this kind of file."
    )
    # Which kinds of file can be used, in words, and where a developer adds others.
    assert "pictures (" in problem.fix and "documents (" in problem.fix
    for ending in (".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif", ".svg", ".pdf"):
        assert ending in settings["CONTENT_TYPES"] and ending in problem.fix, ending
    assert "a developer can add" in problem.fix and "CONTENT_TYPES in pelicanconf.py" in problem.fix
    # The search index's own kinds of file are the site's, never offered to an editor.
    assert ".pf_index" not in problem.fix and ".pagefind" not in problem.fix
    assert problem.fix == (
        "Use one of the kinds of file the site can serve: pictures (.avif, .gif, .ico, .jpeg, .jpg, .png, .svg, "
        ".webp) and documents (.pdf, .txt). Save the file again in one of them (a photo as .jpg, for example) and "
        "change the page's link to the new name. If the site really needs this kind of file, a developer can add "
        "its ending to CONTENT_TYPES in pelicanconf.py."
    )


# --- Minified -----------------------------------------------------------------------


def test_pages_and_stylesheet_are_minified_and_say_the_same(published, site):
    for page in html_pages(published):
        development = site / page.relative_to(published)
        text = page.read_text(encoding="utf-8")
        assert "\n" not in text.strip() and not re.search(r"[ \t\n]{2,}", text), page
        assert visible_text(soup_of(page).body) == visible_text(soup_of(development).body), page
    (stylesheet,) = published.rglob("site.*.css")
    source = ROOT / "theme" / "static" / "css" / "site.css"
    text = stylesheet.read_text(encoding="utf-8")
    assert len(text) < 0.8 * source.stat().st_size
    assert "/*" not in text and "\n" not in text.strip()
    # Every class the pages use is still styled.
    selectors = set(re.findall(r"\.([a-z][a-z0-9_-]*)", source.read_text(encoding="utf-8")))
    assert selectors == set(re.findall(r"\.([a-z][a-z0-9_-]*)", text))


# --- Precompressed -------------------------------------------------------------------


def test_every_text_file_has_br_and_gz_siblings_with_the_same_content(published, publish_settings):
    extensions = set(publish_settings["COMPRESSED_SIBLING_EXTENSIONS"])
    texts = [p for p in sorted(published.rglob("*")) if p.is_file() and p.suffix in extensions]
    assert {p.suffix for p in texts} >= {".html", ".css", ".svg", ".xml", ".txt"}
    for path in texts:
        if path.name == publish_settings["DEPLOY_MANIFEST"]:
            continue
        data = path.read_bytes()
        assert brotli.decompress((path.parent / (path.name + ".br")).read_bytes()) == data, path
        assert gzip.decompress((path.parent / (path.name + ".gz")).read_bytes()) == data, path


# --- Manifest and _headers -------------------------------------------------------------


def pagefind_hash_named(path):
    """Pagefind's index chunks and metadata, which it names by a hash of their content."""
    return bool(re.fullmatch(r"pagefind/(index|fragment|filter|pagefind\.)\S*_[0-9a-f]+\.pf_(index|fragment|filter|meta)", path))


def named_by_its_content(path, data):
    """True when the file name carries the first 12 hex digits of its sha256."""
    match = re.fullmatch(r".*\.([0-9a-f]{12})(\.[^./]+)?", Path(path).name)
    return bool(match) and match.group(1) == hashlib.sha256(data).hexdigest()[:12]


def test_served_with_the_cache_policies_the_issue_asks_for(published, publish_settings):
    """Fingerprinted assets (and their .br/.gz) for a year, immutable; pages,
    the sitemap and robots.txt for five minutes; read from the real manifest."""
    files = manifest_of(published, publish_settings)["files"]
    (stylesheet,) = [p for p in files if p.endswith(".css")]
    (icon,) = [p for p in files if p.endswith(".svg")]
    for asset in (stylesheet, icon):
        assert named_by_its_content(asset, (published / asset).read_bytes()), asset
        for path in (asset, asset + ".br", asset + ".gz"):
            assert files[path]["cache_control"] == "public, max-age=31536000, immutable", path
    for path in ("index.html", "procedures/vertebroplasty/index.html", "404.html", "sitemap.xml", "robots.txt"):
        assert files[path]["cache_control"] == "public, max-age=300", path


def test_manifest_lists_every_file_with_its_hash_size_and_headers(published, publish_settings):
    manifest = manifest_of(published, publish_settings)
    files = output_files(published)
    del files[publish_settings["DEPLOY_MANIFEST"]]
    assert sorted(manifest["files"]) == sorted(files)
    assert manifest["site_url"] == SITE_URL
    types = publish_settings["CONTENT_TYPES"]
    for path, entry in manifest["files"].items():
        data = files[path]
        assert entry["sha256"] == hashlib.sha256(data).hexdigest() and entry["size"] == len(data), path
        original, encoding = path, None
        for ending, name in ((".br", "br"), (".gz", "gzip")):
            if path.endswith(ending) and path[: -len(ending)] in files:
                original, encoding = path[: -len(ending)], name
        assert entry.get("content_encoding") == encoding, path
        assert entry["content_type"] == types.get(Path(original).name, types.get(Path(original).suffix)), path
        fingerprinted = named_by_its_content(original, files[original]) or pagefind_hash_named(original)
        assert entry["fingerprinted"] is fingerprinted, path
        expected = "CACHE_CONTROL_FINGERPRINTED" if fingerprinted else "CACHE_CONTROL_DEFAULT"
        assert entry["cache_control"] == publish_settings[expected], path
    for short_lived in ("index.html", "sitemap.xml", "robots.txt", "404.html"):
        assert "max-age=300" in manifest["files"][short_lived]["cache_control"]
    assert manifest["files"]["index.html"]["content_type"].startswith("text/html")


def test_the_deploy_reads_the_manifest_the_build_writes(published, publish_settings):
    """One format, one owner (sitebuild/deploy/manifest.py): what the build
    wrote is what the deploy reads, field for field."""
    written = manifest_of(published, publish_settings)
    assert written["version"] == MANIFEST_VERSION
    read = load_manifest(published, publish_settings["DEPLOY_MANIFEST"])
    assert read.site_url == SITE_URL and read.security_headers == publish_settings["SECURITY_HEADERS"]
    assert sorted(read.files) == sorted(written["files"])
    for path, version in read.files.items():
        entry = written["files"][path]
        assert (version.sha256, version.size, version.fingerprinted) == (
            entry["sha256"], entry["size"], entry["fingerprinted"]
        ), path
        assert (version.headers.content_type, version.headers.cache_control, version.headers.content_encoding) == (
            entry["content_type"], entry["cache_control"], entry.get("content_encoding")
        ), path
    assert {p for p, v in read.files.items() if v.fingerprinted} >= {
        p for p in read.files if p.startswith(publish_settings["THEME_STATIC_DIR"] + "/")
    }


def headers_rules(text):
    """_headers as [(pattern, {header: value})], in file order."""
    rules = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), {}))
        else:
            name, _, value = line.strip().partition(":")
            assert name not in rules[-1][1], f"{name} twice under {rules[-1][0]}"
            rules[-1][1][name] = value.strip()
    return rules


def matching(pattern, url_path):
    return fnmatchcase(url_path, pattern) if pattern.endswith("*") else url_path == pattern


def test_headers_file_agrees_with_the_manifest(published, publish_settings):
    manifest = manifest_of(published, publish_settings)
    rules = headers_rules((published / "_headers").read_text(encoding="utf-8"))
    assert len(rules) <= 100, "Cloudflare Pages reads at most 100 rules"
    assert rules[0] == ("/*", publish_settings["SECURITY_HEADERS"])
    assert manifest["security_headers"] == publish_settings["SECURITY_HEADERS"]
    for path, entry in manifest["files"].items():
        served = ["/" + path] + (["/" + path[: -len("index.html")]] if path.endswith("index.html") else [])
        for url_path in served:
            for header, value in (("Cache-Control", entry["cache_control"]),
                                  ("Content-Security-Policy", entry["content_security_policy"])):  # fmt: skip
                values = [h[header] for p, h in rules if header in h and matching(p, url_path)]
                # Exactly one: Cloudflare joins two values, and two policies are both enforced.
                assert values == [value], (url_path, header, values)


def test_security_headers_are_strict(publish_settings, published):
    headers = publish_settings["SECURITY_HEADERS"]
    assert "Content-Security-Policy" not in headers  # each file has its own (the manifest, _headers)
    files = manifest_of(published, publish_settings)["files"]
    searching = {publish_settings["SEARCH_SAVE_AS"]} | {
        publish_settings["SEARCH_LANG_SAVE_AS"].format(lang=lang) for lang in publish_settings["LANGUAGES"]
    }
    for path, entry in files.items():
        policy = entry["content_security_policy"]
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy.replace("'wasm-unsafe-eval'", ""), path
        assert "frame-ancestors 'none'" in policy, path
        original = re.sub(r"\.(br|gz)$", "", path)
        # Every page's header says what its <meta> says; only the search page and
        # Pagefind's files (its web worker) may run a script.
        own = "SEARCH_CONTENT_SECURITY_POLICY" if original in searching or path.startswith("pagefind/") else "CONTENT_SECURITY_POLICY"
        assert policy == publish_settings[own] + "; frame-ancestors 'none'", path
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "camera=()" in headers["Permissions-Policy"] and "geolocation=()" in headers["Permissions-Policy"]
    max_age = int(re.search(r"max-age=(\d+)", headers["Strict-Transport-Security"]).group(1))
    assert max_age >= 31536000
    for page in html_pages(published):
        soup = soup_of(page)
        meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert files[page.relative_to(published).as_posix()]["content_security_policy"].startswith(meta["content"] + ";")
        # JSON-LD and the search page's words are data; the search page's scripts are pinned files.
        scripts = soup.find_all("script", type=lambda kind: kind not in ("application/ld+json", "application/json"))
        if page.relative_to(published).as_posix() in searching:
            assert scripts and all(s.get("src") and s.get("integrity") and not s.string for s in scripts), page
        else:
            assert meta["content"] == publish_settings["CONTENT_SECURITY_POLICY"], page
            assert not scripts, page
        assert not soup.find_all("style"), page
        assert not [e for e in soup.find_all(True) if "style" in e.attrs or any(a.startswith("on") for a in e.attrs)]


# --- A real browser applies the pinned stylesheet under the CSP ----------------------


def serve_from(output, settings, tamper=None):
    """A Playwright route handler that answers for SITE_URL from ``output``,
    with the manifest's Content-Type and the _headers security headers."""
    manifest = manifest_of(output, settings)

    def handle(route):
        path = local_path(route.request.url)
        entry = manifest["files"].get(path)
        if entry is None:
            route.fulfill(status=404, body="not found")
            return
        body = (output / path).read_bytes()
        if tamper:
            body = tamper(path, body)
        headers = {
            "Content-Type": entry["content_type"],
            "Content-Security-Policy": entry["content_security_policy"],
            **settings["SECURITY_HEADERS"],
        }
        route.fulfill(status=200, headers=headers, body=body)

    return handle


def open_published(browser, published, settings, path, tamper=None):
    context = browser.new_context()
    context.route(f"{SITE_URL}/**", serve_from(published, settings, tamper))
    context.route(re.compile(r"^(?!" + re.escape(SITE_URL) + ").*"), lambda route: route.abort())
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.goto(f"{SITE_URL}/{path}", wait_until="load")
    return page


def applied_stylesheet_rules(page):
    return page.evaluate(
        "() => Array.from(document.styleSheets).reduce((n, s) => n + s.cssRules.length, 0)"
    )


@pytest.mark.browser
def test_browser_applies_the_pinned_stylesheet_under_the_csp(browser, published, publish_settings):
    """On every kind of page and every real one (real_pages in conftest.py);
    every page's pins are checked without a browser above."""
    for page_file in real_pages(published, html_pages(published)):
        path = page_file.relative_to(published).as_posix().removesuffix("index.html")
        page = open_published(browser, published, publish_settings, path)
        assert applied_stylesheet_rules(page) > 10, path
        assert page.errors == [], (path, page.errors)
        page.context.close()
    # The integrity pin is enforced: one changed byte and the stylesheet is refused.
    page = open_published(
        browser, published, publish_settings, "",
        tamper=lambda p, body: body + b" " if p.endswith(".css") else body,
    )
    assert applied_stylesheet_rules(page) == 0
    assert any("integrity" in error for error in page.errors), page.errors
    page.context.close()



# --- The same output on any host name ------------------------------------------------

PUBLIC_HOST = urlsplit(SITE_URL).netloc
URL_ATTRIBUTES = ("href", "src", "srcset", "action", "formaction", "poster", "data", "cite")


def addresses_in(element):
    """(attribute, address) for every address the element links or loads."""
    for attribute in URL_ATTRIBUTES:
        value = element.get(attribute)
        if value is None:
            continue
        if attribute == "srcset":
            for candidate in value.split(","):
                yield attribute, candidate.strip().split(" ")[0]
        else:
            yield attribute, value


def must_be_absolute(element, attribute):
    """The only addresses that name the public host: the canonical link, og:url
    and each language version's <link rel="alternate" hreflang> (test_language_switcher.py)."""
    if element.name == "link" and attribute == "href":
        rel = element.get("rel", [])
        return "canonical" in rel or (rel == ["alternate"] and bool(element.get("hreflang")))
    return element.name == "meta" and attribute == "content" and element.get("property") == "og:url"


def test_links_and_assets_within_the_site_are_root_relative(published):
    checked = 0
    for page in html_pages(published):
        where = page.relative_to(published).as_posix()
        soup = soup_of(page)
        for element in soup.find_all(True):
            for attribute, address in addresses_in(element):
                parts = urlsplit(address)
                if must_be_absolute(element, attribute) or parts.scheme in ("tel", "mailto"):
                    continue
                if parts.scheme or parts.netloc:
                    assert parts.netloc != PUBLIC_HOST, f"{where}: <{element.name} {attribute}={address}>"
                    continue  # another site
                checked += 1
                assert address.startswith(("/", "#")), f"{where}: <{element.name} {attribute}={address}> is relative"
            for attribute, value in element.attrs.items():
                if PUBLIC_HOST in str(value):
                    assert must_be_absolute(element, attribute), f"{where}: <{element.name} {attribute}={value}>"
        for text in soup.find_all(string=re.compile(re.escape(PUBLIC_HOST))):
            if text.parent.name == "script" and text.parent.get("type") == "application/ld+json":
                continue  # structured data names the page by its public address, like the canonical link
            assert "site-footer__url" in text.parent.get("class", []), f"{where}: {text!r}"
    assert checked
    for stylesheet in published.rglob("*.css"):
        assert PUBLIC_HOST not in stylesheet.read_text(encoding="utf-8"), stylesheet


def own_404(message, url):
    """Chromium's console note that the page at ``url`` itself answered 404."""
    return message.location.get("url") == url and "status of 404" in message.text


@pytest.mark.browser
@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_stylesheet_and_icon_load_on_any_host_name_under_the_csp(host, browser, published, served_published_site):
    """Served from a host name that is not the public one, every page is styled
    and Chromium reports no CSP violation (it logs each as a console error),
    and nothing is asked of the public host."""
    origin = served_published_site.replace("127.0.0.1", host)
    # Every kind of page and every real one (real_pages in conftest.py), as the browser gates.
    pages = real_pages(published, html_pages(published))
    paths = [p.relative_to(published).as_posix().removesuffix("index.html") for p in pages]
    # The 404 page answers for a missing address at any depth.
    for path in paths + ["no/such/page/"]:
        context = browser.new_context()
        page = context.new_page()
        errors, requests, url = [], [], f"{origin}/{path}"
        # Chromium logs the 404 status of a missing page itself; anything else is a failure.
        page.on("console", lambda m: m.type == "error" and not own_404(m, url) and errors.append(m.text))
        page.on("request", lambda r: requests.append(r.url))
        page.on("response", lambda r: r.status >= 400 and r.url != url and errors.append(f"{r.status} {r.url}"))
        response = page.goto(url, wait_until="load")
        assert response.status == (404 if path.startswith("no/such") else 200)
        assert all(r.startswith(origin + "/") for r in requests), (path, requests)
        assert applied_stylesheet_rules(page) > 10, path
        assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui"), path
        icon = page.evaluate("document.querySelector('link[rel=icon]').href")
        assert icon.startswith(origin + "/") and page.request.get(icon).status == 200, icon
        assert errors == [], (path, errors)
        context.close()
