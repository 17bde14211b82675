import base64
import hashlib
import types

from bs4 import BeautifulSoup

from asset_fingerprint.fingerprint import (
    SiteAddresses,
    fingerprint_assets,
    fingerprinted_name,
    renamed_reference,
    with_attribute,
)


def test_the_hash_goes_before_the_last_suffix():
    digest = hashlib.sha256(b"x").hexdigest()[:12]
    assert fingerprinted_name("site.css", b"x") == f"site.{digest}.css"
    assert fingerprinted_name("app.min.js", b"x") == f"app.min.{digest}.js"
    assert fingerprinted_name("LICENSE", b"x") == f"LICENSE.{digest}"


def test_references_are_resolved_against_the_referring_file_and_the_site():
    site = SiteAddresses("https://site.example/guides")
    page = "procedures/a/index.html"
    assert site.target("../../theme/site.css", page) == "theme/site.css"
    assert site.target("/guides/theme/site.css", page) == "theme/site.css"
    assert site.target("https://SITE.example/guides/theme/site.css?v=2", page) == "theme/site.css"
    for elsewhere in ("https://other.example/guides/theme/site.css", "/theme/site.css", "#top", "mailto:a@b.c"):
        assert site.target(elsewhere, page) is None, elsewhere


def test_only_the_file_name_of_a_reference_changes():
    assert renamed_reference("../css/site.css?v=1#x", "site.abc.css") == "../css/site.abc.css?v=1#x"
    assert renamed_reference("https://s.example/site.css", "site.abc.css") == "https://s.example/site.abc.css"


def test_attributes_are_replaced_or_added_whatever_their_quoting():
    assert with_attribute('<link href=a.css rel=stylesheet>', "href", "b.css") == '<link href="b.css" rel=stylesheet>'
    assert with_attribute("<img src='a.png' alt=''>", "src", "b.png") == "<img src=\"b.png\" alt=''>"
    assert with_attribute('<link data-href="a.css" href="a.css">', "href", "b.css") == (
        '<link data-href="a.css" href="b.css">'
    )
    assert with_attribute('<link rel="stylesheet" href="a.css"/>', "integrity", "sha384-x") == (
        '<link rel="stylesheet" href="a.css" integrity="sha384-x"/>'
    )


def test_relative_references_queries_and_css_urls_follow_the_new_names(tmp_path):
    output = tmp_path / "output"
    (output / "theme" / "css").mkdir(parents=True)
    (output / "theme" / "img").mkdir()
    (output / "guide").mkdir()
    logo_bytes = b"\x89PNG not really"
    (output / "theme" / "img" / "logo.png").write_bytes(logo_bytes)
    (output / "theme" / "css" / "site.css").write_text('h1{background:url("../img/logo.png")}')
    (output / "guide" / "index.html").write_text(
        '<link rel="stylesheet" href="../theme/css/site.css?v=1">\n'
        "<img alt='' src='/theme/img/logo.png'>\n"
        '<a href="https://elsewhere.example/theme/img/logo.png">x</a>\n'
        '<a href="https://site.example/theme/img/logo.png#top">y</a>\n'
    )
    pelican = types.SimpleNamespace(
        output_path=str(output), settings={"SITEURL": "https://site.example", "FINGERPRINT_DIRS": ["theme"]}
    )
    fingerprint_assets(pelican)

    (logo,) = (output / "theme" / "img").iterdir()
    (css,) = (output / "theme" / "css").iterdir()
    assert logo.name == f"logo.{hashlib.sha256(logo_bytes).hexdigest()[:12]}.png"
    assert css.read_text() == f'h1{{background:url("../img/{logo.name}")}}'
    assert css.name == f"site.{hashlib.sha256(css.read_bytes()).hexdigest()[:12]}.css"
    soup = BeautifulSoup((output / "guide" / "index.html").read_text(), "lxml")
    link = soup.find("link")
    assert link["href"] == f"../theme/css/{css.name}?v=1"
    assert link["integrity"] == "sha384-" + base64.b64encode(hashlib.sha384(css.read_bytes()).digest()).decode()
    assert soup.find("img")["src"] == f"/theme/img/{logo.name}" and not soup.find("img").get("integrity")
    links = [a["href"] for a in soup.find_all("a")]
    assert links == ["https://elsewhere.example/theme/img/logo.png", f"https://site.example/theme/img/{logo.name}#top"]


def test_content_files_are_fingerprinted_but_pages_never_renamed(tmp_path):
    from asset_fingerprint import fingerprint

    output = tmp_path / "output"
    (output / "images").mkdir(parents=True)
    (output / "guide").mkdir()
    photo = b"\x89PNG a photo"
    (output / "images" / "photo.png").write_bytes(photo)
    (output / "images" / "leaflet.html").write_text("<p>a page among the images</p>")
    (output / "guide" / "index.html").write_text(
        '<img alt="" src="https://site.example/images/photo.png" srcset="../images/photo.png 1x, /images/photo.png 2x">\n'
        '<a href="/images/leaflet.html">leaflet</a>\n'
    )
    statics = [types.SimpleNamespace(save_as=p) for p in ("images/photo.png", "images/leaflet.html")]
    fingerprint._record_content_static(types.SimpleNamespace(staticfiles=statics))
    try:
        settings = {"SITEURL": "https://site.example", "FINGERPRINT_DIRS": [], "FINGERPRINT_STATIC_CONTENT": True}
        fingerprint_assets(types.SimpleNamespace(output_path=str(output), settings=settings))
    finally:
        fingerprint._reset(None)

    name = f"photo.{hashlib.sha256(photo).hexdigest()[:12]}.png"
    assert sorted(p.name for p in (output / "images").iterdir()) == ["leaflet.html", name]
    image = BeautifulSoup((output / "guide" / "index.html").read_text(), "lxml").find("img")
    assert image["src"] == f"https://site.example/images/{name}"
    assert image["srcset"] == f"../images/{name} 1x, /images/{name} 2x"
