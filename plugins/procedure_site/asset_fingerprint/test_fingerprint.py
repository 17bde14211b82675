import base64
import copy
import hashlib

import blinker
import pytest
from jinja2 import Environment
from pelican.contents import Static
from pelican.settings import DEFAULT_CONFIG

from procedure_site.asset_fingerprint import fingerprint
from procedure_site.asset_fingerprint.fingerprint import (
    asset_integrity,
    asset_url,
    fingerprinted_name,
    prepare_theme_assets,
    rename_content_file,
    renamed_reference,
    theme_static_files,
    write_theme_assets,
)


def short_hash(data):
    return hashlib.sha256(data).hexdigest()[:12]


def test_the_hash_goes_before_the_last_suffix():
    digest = short_hash(b"x")
    assert fingerprinted_name("site.css", b"x") == f"site.{digest}.css"
    assert fingerprinted_name("app.min.js", b"x") == f"app.min.{digest}.js"
    assert fingerprinted_name("LICENSE", b"x") == f"LICENSE.{digest}"


def test_only_the_file_name_of_a_reference_changes():
    assert renamed_reference("../css/site.css?v=1#x", "site.abc.css") == "../css/site.abc.css?v=1#x"
    assert renamed_reference("/images/a b.png", "a b.1.png") == "/images/a%20b.1.png"


def test_theme_files_are_found_where_pelican_copies_them(tmp_path):
    (tmp_path / "static" / "css").mkdir(parents=True)
    (tmp_path / "static" / "css" / "site.css").write_text("a{}")
    (tmp_path / "static" / "favicon.svg").write_text("<svg/>")
    (tmp_path / "static" / ".DS_Store").write_text("")
    (tmp_path / "kiosk-static" / "js").mkdir(parents=True)
    (tmp_path / "kiosk-static" / "js" / "kiosk.js").write_text("")
    (tmp_path / "robots.txt").write_text("")
    found = theme_static_files(str(tmp_path), ["static", "kiosk-static", "robots.txt"], [".*"])
    assert sorted(found) == ["css/site.css", "favicon.svg", "js/kiosk.js", "robots.txt"]
    assert found["js/kiosk.js"] == tmp_path / "kiosk-static" / "js" / "kiosk.js"


@pytest.fixture
def shouting_stylesheets():
    """A stand-in for minify_output: changes a stylesheet's bytes before it is named."""

    def shout(path, data, settings):
        return data.upper() if path.endswith(".css") else None

    blinker.signal("theme_asset_bytes").connect(shout)
    yield
    blinker.signal("theme_asset_bytes").disconnect(shout)


def test_a_stylesheet_is_named_and_pinned_by_its_final_bytes(tmp_path, shouting_stylesheets):
    logo = b"\x89PNG not really"
    (tmp_path / "logo.png").write_bytes(logo)
    (tmp_path / "site.css").write_text('h1{background:url("../img/logo.png?v=1")}\nh2{background:url(data:x)}')
    sources = {"img/logo.png": tmp_path / "logo.png", "css/site.css": tmp_path / "site.css"}
    assets = prepare_theme_assets(sources, {"FINGERPRINT_ASSETS": True})

    logo_name = f"logo.{short_hash(logo)}.png"
    assert assets["img/logo.png"].name == f"img/{logo_name}" and assets["img/logo.png"].data == logo
    css = assets["css/site.css"].data
    assert css == f'H1{{BACKGROUND:URL("../IMG/{logo_name.upper()}?V=1")}}\nH2{{BACKGROUND:URL(DATA:X)}}'.encode()
    assert assets["css/site.css"].name == f"css/site.{short_hash(css)}.css"
    assert assets["css/site.css"].integrity == "sha384-" + base64.b64encode(hashlib.sha384(css).digest()).decode()


def test_without_fingerprints_names_are_plain_and_nothing_is_pinned(tmp_path):
    (tmp_path / "site.css").write_text("a{}")
    (asset,) = prepare_theme_assets({"css/site.css": tmp_path / "site.css"}, {}).values()
    assert asset.name == "css/site.css" and asset.integrity is None and asset.data == b"a{}"


@pytest.fixture
def built_assets(tmp_path):
    (tmp_path / "site.css").write_text("a{}")
    fingerprint._theme_assets.update(
        prepare_theme_assets({"css/site.css": tmp_path / "site.css"}, {"FINGERPRINT_ASSETS": True})
    )
    yield fingerprint._theme_assets["css/site.css"]
    fingerprint._theme_assets.clear()


def test_templates_write_the_new_name_as_the_page_writes_addresses(built_assets):
    environment = Environment(autoescape=True)
    environment.globals.update(asset_url=asset_url, asset_integrity=asset_integrity)
    template = environment.from_string(
        "<link href=\"{{ asset_url('css/site.css') }}\"{{ {'integrity': asset_integrity('css/site.css')}|xmlattr }}>"
    )
    name = built_assets.name
    for site_url in ("", "../.."):
        html = template.render(SITEURL=site_url, THEME_STATIC_DIR="theme")
        assert html == f'<link href="{site_url}/theme/{name}" integrity="{built_assets.integrity}">'
    with pytest.raises(LookupError, match="css/missing.css"):
        environment.from_string("{{ asset_url('css/missing.css') }}").render(SITEURL="", THEME_STATIC_DIR="theme")


def test_assets_replace_pelicans_plain_copies(tmp_path, built_assets):
    output = tmp_path / "output"
    (output / "theme" / "css").mkdir(parents=True)
    (output / "theme" / "css" / "site.css").write_text("a{}")
    assert write_theme_assets(output, "theme") == [f"theme/{built_assets.name}"]
    assert [p.name for p in (output / "theme" / "css").iterdir()] == [built_assets.name.split("/")[-1]]


def test_a_content_file_gets_its_fingerprinted_name_and_address_from_pelican(tmp_path):
    photo = b"\x89PNG a photo"
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "photo.png").write_bytes(photo)
    settings = copy.deepcopy(DEFAULT_CONFIG)
    settings["PATH"] = str(tmp_path)
    static = Static("", metadata={"title": "photo"}, settings=settings,
                    source_path=str(tmp_path / "images" / "photo.png"))
    assert static.save_as == "images/photo.png"
    new = rename_content_file(static)
    assert new == static.save_as == f"images/photo.{short_hash(photo)}.png"
    assert static.url == f"images/photo.{short_hash(photo)}.png"
