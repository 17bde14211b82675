"""Site-wide output: links resolve, the home page lists procedures A–Z, the
404 page and favicon exist, and authors' explicit section ids work."""

from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from conftest import build, edit_page, procedure_sources, soup_of, source_metadata, visible_text

URL_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src"}


def html_files(site):
    return sorted(site.rglob("*.html"))


def local_target(site, page, reference):
    """The output file a same-site reference points to, or None if external."""
    parsed = urlparse(reference)
    if parsed.scheme or parsed.netloc or reference.startswith("#"):
        return None
    page_url = "/" + str(page.relative_to(site))
    path = unquote(urlparse(urljoin(page_url, reference)).path)
    target = site / path.lstrip("/")
    return target / "index.html" if path.endswith("/") else target


def test_every_internal_reference_resolves(site):
    broken = []
    checked = 0
    for page in html_files(site):
        soup = soup_of(page)
        for tag, attribute in URL_ATTRIBUTES.items():
            for element in soup.find_all(tag, attrs={attribute: True}):
                target = local_target(site, page, element[attribute])
                if target is None:
                    continue
                checked += 1
                if not target.is_file():
                    broken.append(f"{page.relative_to(site)}: {element[attribute]}")
    assert checked > 0
    assert not broken, broken


def test_every_in_page_anchor_resolves(site):
    for page in html_files(site):
        soup = soup_of(page)
        ids = {element["id"] for element in soup.find_all(id=True)}
        anchors = {a["href"][1:] for a in soup.find_all("a", href=True) if a["href"].startswith("#")}
        assert anchors <= ids, f"{page}: {anchors - ids}"


def test_home_page_lists_every_procedure_a_to_z_with_summary(site, settings):
    soup = soup_of(site / "index.html")
    items = soup.select(".procedure-list__item")
    titles = [visible_text(item.find("a")) for item in items]
    expected = sorted((source_metadata(s)["title"] for s in procedure_sources()), key=str.casefold)
    assert titles == expected
    for item, source in zip(items, sorted(procedure_sources(), key=lambda s: source_metadata(s)["title"].casefold())):
        assert source_metadata(source)["summary"] in visible_text(item)


def test_404_page_and_favicon(site):
    soup = soup_of(site / "404.html")
    assert "not found" in visible_text(soup.find("h1")).lower()
    icon = soup.find("link", rel="icon")
    assert icon is not None
    assert (site / icon["href"].lstrip("/")).is_file()


def test_every_page_has_the_site_phone_in_the_header(site):
    for page in html_files(site):
        header = soup_of(page).find("header")
        assert header.find("a", href=lambda h: h and h.startswith("tel:")), page


def test_no_script_and_no_external_reference_anywhere(site, settings):
    search_page = site / settings["SEARCH_SAVE_AS"]
    for page in html_files(site):
        soup = soup_of(page)
        # Script elements that are data, never run: the structured data, and
        # the search page's words. Only the search page loads scripts: its own
        # files, from this site.
        scripts = soup.find_all("script", type=lambda kind: kind not in ("application/ld+json", "application/json"))
        if page == search_page:
            assert scripts and all(s.get("src", "").startswith("/theme/js/") and not s.string for s in scripts)
        else:
            assert scripts == [], page
        for element in soup.find_all(["link", "img", "script", "iframe"]):
            reference = element.get("href") or element.get("src") or ""
            assert not urlparse(reference).netloc, f"{page}: {reference}"


def test_every_id_the_theme_writes_on_a_web_page_is_reserved_from_authors(site, settings):
    """content_safety refuses an author id that repeats one of these: the header's
    search box (site-search-q) was missing from the list kept by hand."""
    from procedure_site.content_safety.allowlist import reserved_ids
    from procedure_site.content_safety.theme_ids import theme_ids

    theme = theme_ids(settings["THEME"], settings["JINJA_ENVIRONMENT"]["extensions"])
    reserved = reserved_ids([spec["id"] for spec in settings["PROCEDURE_SECTIONS"]], theme)
    for source in procedure_sources():
        slug = source_metadata(source).get("slug") or source.stem
        ids = {element["id"] for element in soup_of(site / settings["PAGE_SAVE_AS"].format(slug=slug)).select("[id]")}
        assert "site-search-q" in ids and ids <= reserved, ids - reserved


def test_author_can_mark_a_section_with_an_explicit_id(content_copy, tmp_path, settings):
    edit_page(content_copy, lambda t: t.replace("## How to Prepare for Vertebroplasty", "## Getting ready {#prepare}"))
    output = tmp_path / "output"
    result = build(output, content=content_copy)
    assert result.returncode == 0, result.stderr
    soup = soup_of(output / settings["PAGE_SAVE_AS"].format(slug="vertebroplasty"))
    assert visible_text(soup.find(id="prepare").find("h2")) == "Getting ready"
    assert soup.select_one('nav.contents-list a[href="#prepare"]').get_text() == "Getting ready"


def test_page_phone_metadata_overrides_the_site_number(content_copy, tmp_path, settings):
    edit_page(content_copy, lambda t: t.replace("Department:", "Phone: (202) 555-0143\nDepartment:"))
    output = tmp_path / "output"
    assert build(output, content=content_copy).returncode == 0
    soup = soup_of(output / settings["PAGE_SAVE_AS"].format(slug="vertebroplasty"))
    for spot in (soup.find(id="appointment"), soup.find("header")):
        link = spot.find("a", href=lambda h: h and h.startswith("tel:"))
        assert link["href"] == "tel:+12025550143"
        assert visible_text(link) == "202-555-0143"


def test_a_new_page_needs_no_code_change(content_copy, tmp_path, settings):
    source = (content_copy / "procedures" / "vertebroplasty.md").read_text(encoding="utf-8")
    knee = source.replace("Vertebroplasty", "Kyphoplasty").replace("vertebroplasty", "kyphoplasty")
    (content_copy / "procedures" / "kyphoplasty.md").write_text(knee, encoding="utf-8")
    output = tmp_path / "output"
    result = build(output, content=content_copy)
    assert result.returncode == 0, result.stderr
    assert (output / settings["PAGE_SAVE_AS"].format(slug="kyphoplasty")).is_file()
    home = [visible_text(a) for a in soup_of(output / "index.html").select(".procedure-list__item a")]
    assert home == ["Kyphoplasty", "Vertebroplasty"]
    assert Path(output / "index.html").is_file()
