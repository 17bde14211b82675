from procedure_site.http_headers import headers
from procedure_site.http_headers.headers import content_security_policy, file_headers, headers_file, path_rules

LONG, SHORT = "public, max-age=31536000, immutable", "public, max-age=300"


def test_a_folder_sharing_one_cache_control_is_one_rule():
    rules = path_rules({"index.html": SHORT, "a/index.html": SHORT, "a/b/index.html": SHORT, "theme/x.1.css": LONG})
    assert rules == [("/", SHORT), ("/index.html", SHORT), ("/a/*", SHORT), ("/theme/*", LONG)]


def test_a_mixed_folder_lists_its_files_one_by_one():
    rules = path_rules({"img/a.1.png": LONG, "img/b.png": SHORT, "img/sub/c.png": SHORT})
    assert rules == [("/img/a.1.png", LONG), ("/img/b.png", SHORT), ("/img/sub/*", SHORT)]


def test_security_headers_apply_to_every_path():
    text = headers_file({"X-Content-Type-Options": "nosniff"}, {"index.html": (("Cache-Control", SHORT),)})
    assert text.splitlines()[1:3] == ["/*", "  X-Content-Type-Options: nosniff"]


STRICT, SEARCH = "script-src 'none'", "script-src 'self'"
POLICIES = {
    "CONTENT_SECURITY_POLICY": STRICT,
    "CONTENT_SECURITY_POLICY_BY_PATH": {"search/index.html": SEARCH, "*/search/index.html": SEARCH, "pagefind/*": SEARCH},
    "CONTENT_SECURITY_POLICY_HEADER_ONLY": "frame-ancestors 'none'",
}


def test_each_file_has_its_pages_policy_plus_what_only_a_header_says():
    try:
        headers._record_sibling("search/index.html.br", "search/index.html", "br")
        for path in ("search/index.html", "search/index.html.br", "es/search/index.html", "pagefind/index/en_1.pf_index"):
            assert content_security_policy(path, POLICIES) == SEARCH + "; frame-ancestors 'none'", path
        for path in ("index.html", "procedures/search/index.html.gz", "theme/js/search.1.js", "es/index.html"):
            assert content_security_policy(path, POLICIES) == STRICT + "; frame-ancestors 'none'", path
    finally:
        headers._siblings.clear()


def test_a_folder_whose_files_differ_in_policy_is_split_so_each_path_has_one():
    """Two rules matching one path would give it two policies (Cloudflare
    joins them), which a browser enforces together."""
    page = (("Cache-Control", SHORT), ("Content-Security-Policy", STRICT))
    search = (("Cache-Control", SHORT), ("Content-Security-Policy", SEARCH))
    text = headers_file({}, {"es/index.html": page, "es/search/index.html": search, "es/procedures/a/index.html": page})
    assert text.split("\n\n")[1:] == [
        f"/es/\n  Cache-Control: {SHORT}\n  Content-Security-Policy: {STRICT}",
        f"/es/index.html\n  Cache-Control: {SHORT}\n  Content-Security-Policy: {STRICT}",
        f"/es/procedures/*\n  Cache-Control: {SHORT}\n  Content-Security-Policy: {STRICT}",
        f"/es/search/*\n  Cache-Control: {SHORT}\n  Content-Security-Policy: {SEARCH}\n",
    ]


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


def test_the_lookup_files_and_their_siblings_may_be_read_by_any_site():
    settings = {"CONTENT_TYPES": {".json": "application/json", ".html": "text/html; charset=utf-8"},
                "CACHE_CONTROL_FINGERPRINTED": LONG, "CACHE_CONTROL_DEFAULT": SHORT,
                "ACCESS_CONTROL_ALLOW_ORIGIN_BY_PATH": {"connect/*": "*"}}  # fmt: skip
    try:
        headers._record_sibling("connect/cpt/22510.json.br", "connect/cpt/22510.json", "br")
        assert file_headers("connect/cpt/22510.json", settings) == headers.Headers("application/json", SHORT, None, "*")
        assert file_headers("connect/cpt/22510.json.br", settings) == headers.Headers("application/json", SHORT, "br", "*")
        assert file_headers("connect/index.json", settings).access_control_allow_origin == "*"
        assert file_headers("pagefind/pagefind-entry.json", settings).access_control_allow_origin is None
        assert file_headers("procedures/a/index.html", settings).access_control_allow_origin is None
    finally:
        headers._siblings.clear()


def test_on_a_large_mixed_tree_every_path_matches_exactly_one_rule_with_its_value():
    """Folders of one value become one rule, mixed ones are split; either
    way each URL a file answers to is matched by one rule, with its value."""
    values = {}
    for folder in range(40):
        for page in range(25):
            mixed = folder % 3 == 0 and page % 7 == 0
            values[f"f{folder}/p{page}/index.html"] = LONG if mixed else SHORT
        values[f"f{folder}/x-{folder}.css"] = LONG if folder % 2 else SHORT
    values["index.html"] = SHORT
    rules = path_rules(values)
    assert ("/f2/*", SHORT) in rules and ("/f3/p0/*", LONG) in rules  # uniform folders collapsed

    def matches(pattern, url):
        return url.startswith(pattern[:-1]) if pattern.endswith("*") else url == pattern

    for path, value in values.items():
        for url in headers.served_paths(path):
            matching = [rule_value for pattern, rule_value in rules if matches(pattern, url)]
            assert matching == [value], (url, matching)
