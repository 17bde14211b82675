from http_headers.headers import cache_rules, content_type, headers_file

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


def test_an_unknown_kind_of_file_is_explained_in_plain_words():
    from http_headers.headers import unknown_kind_problem, usable_kinds

    types = {
        "_headers": "text/plain", ".css": "text/css", ".html": "text/html", ".woff2": "font/woff2",
        ".png": "image/png", ".jpg": "image/jpeg", ".pdf": "application/pdf",
    }
    assert usable_kinds(types) == "pictures (.jpg, .png) and documents (.pdf)"
    message, fix = unknown_kind_problem("images/scan.HEIC", types)
    assert message.startswith("scan.HEIC is a .HEIC file") and "cannot serve" in message
    assert "pictures (.jpg, .png) and documents (.pdf)" in fix
    assert "a developer can add its ending to CONTENT_TYPES in publishconf.py" in fix
    assert "without an ending" in unknown_kind_problem("images/LICENSE", types)[0]
