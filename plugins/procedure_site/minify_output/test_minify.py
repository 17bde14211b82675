from procedure_site.minify_output.minify import minified_page, minified_stylesheet


def test_stylesheet_comments_and_whitespace_go():
    assert minified_stylesheet("/* tokens */\nbody {\n  margin: 0;\n}\n") == "body{margin:0}"


def test_page_keeps_language_integrity_and_policy():
    page = minified_page(
        '<!doctype html>\n<html lang="en">\n<head>\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">\n"
        '<link rel="stylesheet" href="/s.css" integrity="sha384-a+b/c">\n</head>\n'
        "<body>\n  <p>Hello,   world</p>\n</body>\n</html>\n"
    )
    assert page.startswith("<!doctype html><html lang=en>")
    assert "integrity=sha384-a+b/c" in page and "content=\"default-src 'none'\"" in page
    assert "<p>Hello, world" in page and "\n" not in page
