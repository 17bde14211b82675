from http_headers import headers
from http_headers.headers import cache_rules, content_type, file_headers, headers_file

LONG, SHORT = "public, max-age=31536000, immutable", "public, max-age=300"


def test_a_folder_sharing_one_cache_control_is_one_rule():
    rules = cache_rules({"index.html": SHORT, "a/index.html": SHORT, "a/b/index.html": SHORT, "theme/x.1.css": LONG})
    assert rules == [("/", SHORT), ("/index.html", SHORT), ("/a/*", SHORT), ("/theme/*", LONG)]


def test_a_mixed_folder_lists_its_files_one_by_one():
    rules = cache_rules({"img/a.1.png": LONG, "img/b.png": SHORT, "img/sub/c.png": SHORT})
    assert rules == [("/img/a.1.png", LONG), ("/img/b.png", SHORT), ("/img/sub/*", SHORT)]


def test_security_headers_apply_to_every_path():
    text = headers_file({"X-Content-Type-Options": "nosniff"}, {"index.html": SHORT})
    assert text.splitlines()[1:3] == ["/*", "  X-Content-Type-Options: nosniff"]


def test_content_type_by_name_then_by_ending():
    types = {"_headers": "text/plain", ".css": "text/css"}
    assert content_type("_headers", types) == "text/plain"
    assert content_type("theme/site.1.CSS", types) == "text/css"
    assert content_type("photo.heic", types) is None


def test_an_asset_and_its_compressed_siblings_are_fingerprinted_and_cached_long():
    settings = {"CONTENT_TYPES": {".css": "text/css"}, "CACHE_CONTROL_FINGERPRINTED": LONG,
                "CACHE_CONTROL_DEFAULT": SHORT}
    try:
        headers._record_fingerprinted("theme/site.1.css")
        headers._record_sibling("theme/site.1.css.br", "theme/site.1.css", "br")
        assert headers.is_fingerprinted("theme/site.1.css.br")
        assert file_headers("theme/site.1.css.br", settings) == headers.Headers("text/css", LONG, "br")
        assert not headers.is_fingerprinted("theme/other.css")
        assert file_headers("theme/other.css", settings) == headers.Headers("text/css", SHORT)
    finally:
        headers._fingerprinted.clear()
        headers._siblings.clear()
