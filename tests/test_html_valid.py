"""All built HTML (and the CSS) passes the W3C Nu HTML checker, in one call per
build: the local build and the production build (minified, fingerprinted)."""

import pytest

from nu_checker import nu_errors


@pytest.fixture(params=["local", "production"])
def built_site(request):
    """The shared catalog's builds (tests/catalog.py): English and Spanish pages."""
    return request.getfixturevalue({"local": "site", "production": "published_site"}[request.param])


def test_nu_checker_finds_no_errors(built_site):
    site = built_site
    files = sorted(site.rglob("*.html")) + sorted(site.rglob("*.css"))
    assert any(f.suffix == ".html" for f in files) and any(f.suffix == ".css" for f in files)
    errors = nu_errors(files, css=True)
    assert not errors, "\n".join(errors)


def test_the_checker_as_the_tests_run_it_finds_html_and_css_errors(tmp_path):
    """The JVM options of nu_checker.py leave the checks as they were: a
    misnested element and an unknown CSS property are each reported, in
    their file (the CSS at its line)."""
    page, sheet = tmp_path / "page.html", tmp_path / "site.css"
    page.write_text('<!doctype html><html lang="en"><title>x</title>\n<p><div></p>\n', encoding="utf-8")
    sheet.write_text("a { color: red }\nb { colr: red }\n", encoding="utf-8")
    errors = nu_errors([page, sheet], css=True)
    assert any(e.endswith("/page.html:1: No “p” element in scope but a “p” end tag seen.") for e in errors), errors
    assert any(e.endswith("/site.css:2: CSS: “colr”: Property “colr” doesn't exist.") for e in errors), errors
