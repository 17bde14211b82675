from types import SimpleNamespace

import pytest

from procedure_site.intrasite_links.links import link_problems, suggestion
from procedure_site.intrasite_links.markers import misplaced_markers
from procedure_site.intrasite_links.output_guard import escaping, is_inside, linking_pages
from procedure_site.page_model.model import parse
from procedure_site.page_model.urls import intrasite_pattern

INTRASITE = intrasite_pattern("[{|](?P<what>.*?)[|}]")


def misplaced(html):
    return [(needle, where) for needle, where, _attribute, _tag in misplaced_markers(parse(html, INTRASITE))]


@pytest.fixture
def content(tmp_path):
    root = tmp_path / "content"
    (root / "images").mkdir(parents=True)
    (root / "images" / "spine.png").write_bytes(b"png")
    (root / "procedures").mkdir()
    (root / "procedures" / "vertebroplasty.md").write_text("Title: V\n", encoding="utf-8")
    (tmp_path / "requirements.txt").write_text("x", encoding="utf-8")
    return root


def problems(html, content):
    page = str(content / "procedures" / "vertebroplasty.md")
    return [(message, fix, needle) for message, fix, needle, _covers in link_problems(parse(html, INTRASITE), page, content)]


# --- Markers where the build would not read them as links ---------------------------


@pytest.mark.parametrize(
    "html, needle, where",
    [
        ("<abbr title=\"x href='{static}/../requirements.txt'\">CT</abbr>", "{static}/../requirements.txt", "attribute"),
        ('<a href="https://example.org" title="src=\'{static}/../requirements.txt\'">s</a>', "{static}/../requirements.txt", "attribute"),
        ("<img alt=\"cite='|filename|x.md'\" src=\"{static}/images/spine.png\">", "|filename|x.md", "attribute"),
        ("<a href=\"https://example.org/?href='{attach}../../r.txt'\">x</a>", "{attach}../../r.txt", "address"),
        ("<a href=\"{static}/images/spine.png?x='{static}/../r.txt'\">x</a>", "{static}/../r.txt", "address"),
        ("<img alt=\"\" srcset=\"a.png 1x, b.png src='{static}/../r.txt'\">", "{static}/../r.txt", "address"),
        ("<p>[x] ({static}/images/spine.png)</p>", "{static}/images/spine.png", "text"),
        ("<abbr =src='{static}/../r.txt'>CT</abbr>", "{static}/../r.txt", "attribute"),
    ],
)
def test_a_marker_anywhere_but_the_start_of_an_address_is_found(html, needle, where):
    assert misplaced(html) == [(needle, where)]


@pytest.mark.parametrize(
    "html",
    [
        '<a href="{filename}kyphoplasty.md#why">k</a> <img alt="" src="{static}/images/spine.png">',
        "<a href=' |filename|x.md'>k</a> <blockquote cite='{static}/a.pdf'><p>q</p></blockquote>",
        '<img alt="" srcset="{static}/a.png 1x, {static}/b.png 2x">',  # refused by links.py, not twice
        "<p>A {phone} slot, {braces}, a | pipe | and {Static} spelled otherwise.</p>",
        '<abbr title="computed tomography">CT</abbr>',
    ],
)
def test_markers_that_begin_an_address_and_lookalikes_are_not(html):
    assert misplaced(html) == []


def test_the_issue_examples_are_reported_with_their_fix(content):
    (message, fix, needle), = problems("<p><abbr title=\"x href='{static}/../requirements.txt'\">CT</abbr></p>", content)
    assert message.startswith("the title= of the <abbr> holds {static}/../requirements.txt;")
    assert needle == "{static}/../requirements.txt" and 'delete {static}/../requirements.txt from title="..."' in fix


# --- Addresses of this site written by hand ------------------------------------------


@pytest.mark.parametrize(
    "html, start, fix",
    [
        ('<img alt="" src="/images/missing.png">', "the image /images/missing.png is a web address", "{static}/images/name.png"),
        ('<img alt="" src="/images/spine.png">', "the image /images/spine.png is a web address", "as {static}/images/spine.png."),
        ('<img alt="" src="../../../../etc/passwd">', "the image ../../../../etc/passwd is a web address", "content/images/"),
        ('<a href="/procedures/does-not-exist/">o</a>', "the link /procedures/does-not-exist/ is a web address", "{filename}"),
        ('<a href="/procedures/vertebroplasty/">v</a>', "the link /procedures/vertebroplasty/ is a web address", "{filename}"),
        ('<a href="../kyphoplasty/index.html#why">k</a>', "the link ../kyphoplasty/index.html#why is a web address", "{filename}"),
        ('<a href="">k</a>', 'the link "" is a web address', "{filename}"),
        ('<img alt="" src="{static}/images/spine.png" srcset="/images/spine.png 2x">', "the image /images/spine.png", "{static}/images/spine.png"),
    ],
)
def test_every_address_of_this_site_written_by_hand_is_refused(html, start, fix, content):
    (message, found_fix, _needle), = problems(html, content)
    assert message.startswith(start) and fix in found_fix


def test_links_the_build_fills_in_and_places_on_the_page_pass(content):
    html = (
        '<p><a href="#why">why</a> <a href="{filename}vertebroplasty.md">v</a> <img alt="" src="{static}/images/spine.png">'
        ' <a href="https://example.org/">e</a> <a href="tel:+12025550143">t</a></p>'
    )
    assert problems(html, content) == []


def test_a_suggestion_never_looks_outside_the_content_folder(content):
    assert suggestion("/images/spine.png", content) == "{static}/images/spine.png"
    assert suggestion("/images/spine.png?x=1#y", content) == "{static}/images/spine.png"
    assert suggestion("/procedures/vertebroplasty.md", content) == "{filename}/procedures/vertebroplasty.md"
    for address in ("/../requirements.txt", "/images/../../requirements.txt", "../requirements.txt", "/images", "/"):
        assert suggestion(address, content) is None, address


# --- The output guard ------------------------------------------------------------------


def test_a_destination_must_be_inside_the_output_folder(tmp_path):
    output = tmp_path / "dist" / "kiosk"
    output.mkdir(parents=True)
    assert is_inside(output, "images/spine.png") and is_inside(output, "a/../b.png")
    for path in ("../requirements.txt", "images/../../x", "/etc/passwd", ".", ""):
        assert not is_inside(output, path), path
    (output / "out").symlink_to(tmp_path)
    assert not is_inside(output, "out/x.png")


def static(source, save_as):
    return SimpleNamespace(source_path=source, save_as=save_as, get_relative_source_path=lambda: source)


def test_escaping_files_are_found_with_the_pages_that_link_them(tmp_path):
    inside, outside = static("images/a.png", "images/a.png"), static("../requirements.txt", "../requirements.txt")
    assert escaping([inside, outside], str(tmp_path)) == [outside]
    linking = SimpleNamespace(get_static_links=lambda: {"procedures/../../requirements.txt"})
    other = SimpleNamespace(get_static_links=lambda: {"images/a.png"})
    assert linking_pages(outside, [other, None, linking]) == [linking]


def test_an_encoded_nul_in_an_address_names_no_file_and_raises_nothing(tmp_path):
    """%00 reads as a NUL, which os.path refuses with ValueError: that was a
    traceback (exit 2) for a content mistake."""
    from procedure_site.intrasite_links.links import resolved

    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "a.png").write_bytes(b"png")
    assert suggestion("/images/a%00.png", str(tmp_path)) is None
    assert suggestion("/images/a.png", str(tmp_path)) == "{static}/images/a.png"
    url = SimpleNamespace(target="/images/a%00.png")
    target = resolved(url, str(tmp_path / "procedures" / "x.md"), str(tmp_path))
    assert target.endswith("a\ufffd.png")
