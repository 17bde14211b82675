import pytest

from procedure_site.canonical_urls.site_url import site_url_problem


def test_an_absolute_https_address_is_fine():
    assert site_url_problem("https://patient-guides.example.org") is None
    assert site_url_problem("https://example.org/guides") is None


@pytest.mark.parametrize(
    "site_url",
    ["", "patient-guides.example.org", "/guides", "http://patient-guides.example.org",
     "https://example.org/", "https://example.org?x=1", "https://"],
)
def test_anything_else_is_named_with_the_command_that_fixes_it(site_url):
    problem = site_url_problem(site_url)
    assert problem and "SITEURL" in problem and "make publish SITEURL=https://" in problem
