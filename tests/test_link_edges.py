"""Links, references and where files are written (issue 18, "Hard edges").

- A {static} path hidden in an attribute is never followed, and nothing the
  build copies lands outside its output folder, in any flavour.
- An address of this site written by hand is refused at its line, with the
  {static} / {filename} fix; {filename}, {static} and #id links still work.
- The author's HTML comments reach no built file, website or kiosk.
"""

import io
import os
import sys

import pytest
from PIL import Image

from conftest import ROOT, build, edit_page, in_a_fork, made_once, publish_build, soup_of
from harness import problems_of, vertebroplasty

PAGE = "procedures/vertebroplasty.md"
PUBLIC_SITEURL = "https://patient-guides.example.org"


def build_kiosk(output, content):
    return build(output, content=content, settings="kioskconf.py", env={"PUBLIC_SITEURL": PUBLIC_SITEURL})


def append(content, text):
    """Add ``text`` at the end of the page; returns the number of its first line."""
    page = content / PAGE
    before = page.read_text(encoding="utf-8")
    page.write_text(before + "\n" + text, encoding="utf-8")
    return len(before.splitlines()) + 2


def a_project_file_beside(content):
    """The file the issue's examples reach with {static}/../requirements.txt."""
    (content.parent / "requirements.txt").write_text("a file of the project\n", encoding="utf-8")


def everything_under(folder):
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*"))


# --- 1. A {static} path hidden in an attribute ----------------------------------------


def test_a_static_path_in_an_abbr_title_writes_nothing_outside_the_kiosk_folder(content_copy, tmp_path):
    a_project_file_beside(content_copy)
    line = append(content_copy, "<abbr title=\"x href='{static}/../requirements.txt'\">CT</abbr> scans.\n")
    dist = tmp_path / "dist"
    result = build_kiosk(dist / "kiosk", content_copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert f"vertebroplasty.md:{line}: the title= of the <abbr> holds {{static}}/../requirements.txt" in result.stderr
    assert "How to fix: delete {static}/../requirements.txt" in result.stderr
    assert "would make the build copy" not in result.stderr, "the output guard repeated the page's problem"
    assert everything_under(dist) == [], "the kiosk build wrote outside dist/kiosk/"


def test_a_static_path_in_an_abbr_title_writes_nothing_beside_the_production_output(content_copy, tmp_path):
    a_project_file_beside(content_copy)
    line = append(content_copy, "<abbr title=\"x href='{static}/../requirements.txt'\">CT</abbr> scans.\n")
    site = tmp_path / "site"
    result = publish_build(site / "output", content_copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"vertebroplasty.md:{line}: the title= of the <abbr> holds {{static}}/../requirements.txt" in result.stderr
    assert everything_under(site) == []


def test_a_static_path_in_a_link_title_names_the_page_and_line(content_copy, tmp_path):
    a_project_file_beside(content_copy)
    line = append(content_copy, "See [the spine](https://example.org \"src='{static}/../requirements.txt'\").\n")
    output = tmp_path / "output"
    result = build(output, content=content_copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "same file" not in result.stderr
    assert f"vertebroplasty.md:{line}: the title= of the <a> holds {{static}}/../requirements.txt" in result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["content", "requirements.txt"]
    assert (tmp_path / "requirements.txt").read_text(encoding="utf-8") == "a file of the project\n"


def kiosk_build_with_the_page_checks_blind_to_markers(content, output):
    """The kiosk build, in this process, with markers.py finding nothing: only
    the output guard stands between the page and a copy outside the output."""
    import procedure_site.intrasite_links.links
    from procedure_site import intrasite_links

    intrasite_links.links.marker_problems = lambda model: iter(())
    os.environ["PUBLIC_SITEURL"] = PUBLIC_SITEURL
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    from sitebuild.__main__ import main

    sys.stderr = open(output.parent / "stderr.txt", "w", encoding="utf-8")  # noqa: SIM115 (the fork's own)
    try:
        return main(["--settings", "kioskconf.py", "--output", str(output), "--content", str(content), "--no-cache"])
    finally:
        sys.stderr.close()


def test_with_the_page_checks_blind_the_climbing_file_is_still_never_copied(content_copy, tmp_path):
    """Defence in depth: with markers.py finding nothing, content_files still
    publishes only ordinary files inside content/ for a {static} link, so
    the build fails and writes nothing beside its output."""
    a_project_file_beside(content_copy)
    append(content_copy, "<abbr title=\"x href='{static}/../requirements.txt'\">CT</abbr> scans.\n")
    logs = tmp_path / "logs"
    logs.mkdir()
    status = in_a_fork(lambda: kiosk_build_with_the_page_checks_blind_to_markers(content_copy, logs / "kiosk"))
    stderr = (logs / "stderr.txt").read_text(encoding="utf-8")
    assert status == 1, stderr
    assert "Traceback" not in stderr
    assert [p for p in everything_under(logs) if p != "stderr.txt"] == []
    assert (tmp_path / "requirements.txt").read_text(encoding="utf-8") == "a file of the project\n"


def test_the_output_guard_refuses_a_copy_a_setting_would_send_outside_the_output(content_copy, tmp_path):
    """The last line: whatever makes the destination (here a STATIC_SAVE_AS
    that climbs), no copied file lands outside the output folder, and the
    page that links the file is named."""
    images = content_copy / "images"
    images.mkdir(exist_ok=True)
    Image.new("RGB", (4, 4), "white").save(images / "spine.png")
    line = append(content_copy, "![The spine]({static}/images/spine.png)\n")
    dist = tmp_path / "dist"
    result = build(dist / "kiosk", content=content_copy, settings="kioskconf.py",
                   overrides={"STATIC_SAVE_AS": "../{path}"}, env={"PUBLIC_SITEURL": PUBLIC_SITEURL})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert f"vertebroplasty.md:{line}: a link to images/spine.png would make the build copy spine.png outside" in (
        result.stderr
    )
    assert everything_under(dist) == []


# --- 2. Addresses of this site written by hand ----------------------------------------


IMAGE_BY_HAND = ("is a web address written by hand: the build cannot check that the picture is there, and it "
                 "would not show in the kiosk, which opens pages as files.")  # fmt: skip
LINK_BY_HAND = ("is a web address written by hand: the build cannot check where it leads, and it would not work "
                "in the kiosk, which opens pages as files.")  # fmt: skip
IMAGE_FIX = "save the picture in content/images/ and write its address as {static}/images/name.png."
LINK_FIX = ("link to the page's file instead, for example [Kyphoplasty]({filename}kyphoplasty.md), or to a file as "
            "{static}/images/name.pdf; a place on this page is written #id.")  # fmt: skip


def appended(text):
    """The Vertebroplasty page with ``text`` added at its end, and the number of the first added line."""
    page = vertebroplasty()
    return page + "\n" + text, len(page.splitlines()) + 2


def test_broken_images_links_and_climbs_are_each_refused_at_their_line():
    """Through tests/harness.py: exactly these three, each at its line with its fix."""
    text, first = appended(
        '<img src="/images/missing.png" alt="A missing picture">\n\n'
        "![the spine](../../../../etc/passwd)\n\n"
        "See [the other guide](/procedures/does-not-exist/).\n"
    )
    assert [(p.file, p.line, p.message, p.fix) for p in problems_of(text)] == [
        (PAGE, first, f"the image /images/missing.png {IMAGE_BY_HAND}", IMAGE_FIX),
        (PAGE, first + 2, f"the image ../../../../etc/passwd {IMAGE_BY_HAND}", IMAGE_FIX),
        (PAGE, first + 4, f"the link /procedures/does-not-exist/ {LINK_BY_HAND}", LINK_FIX),
    ]


def test_a_page_address_that_exists_is_refused_too_with_the_exact_static_fix():
    image = io.BytesIO()
    Image.new("RGB", (4, 4)).save(image, format="PNG")
    text, first = appended("See [this guide](/procedures/vertebroplasty/).\n\n![The spine](/images/spine.png)\n")
    assert [(p.file, p.line, p.message, p.fix) for p in problems_of(text, files={"images/spine.png": image.getvalue()})] == [
        # Written by hand, the address is not a link the build knows: the file is linked from no page yet.
        ("images/spine.png", None, "no page links to this file, so it would be published at /images/spine.png for anyone "
         "who finds the address.", "link it from the page it belongs to ({static}/images/spine.png), or move it out of "
         "the content folder if it is not for patients."),
        (PAGE, first, f"the link /procedures/vertebroplasty/ {LINK_BY_HAND}", LINK_FIX),
        (PAGE, first + 2, f"the image /images/spine.png {IMAGE_BY_HAND}", "write the address as {static}/images/spine.png."),
    ]


# --- Links the build fills in, and comments, in the website and the kiosk -------------

NOTE = "<!-- INTERNAL-NOTE: confirm the sedation wording with Dr Lee -->\n"
GOOD_LINKS = (
    "Read [why it is done](#why), this guide again at [Vertebroplasty]({filename}vertebroplasty.md), "
    "and see ![The spine]({static}/images/spine.png)\n\n" + NOTE
)


# Each made once for the run (made_once in conftest.py), and only read.
@pytest.fixture(scope="module")
def good_content(tmp_path_factory):
    import shutil

    def make(folder):
        content = folder / "content"
        shutil.copytree(ROOT / "content", content)
        (content / "images").mkdir()
        Image.new("RGB", (4, 4)).save(content / "images" / "spine.png")
        edit_page(content, lambda text: text.replace("\n## Why", "\n" + NOTE + "\n## Why", 1) + "\n" + GOOD_LINKS)
        return content

    return made_once(tmp_path_factory, "good-links", make)


def built_once(tmp_path_factory, name, command):
    def make(folder):
        result = command(folder / "output")
        assert result.returncode == 0, result.stderr
        return folder / "output"

    return made_once(tmp_path_factory, name, make)


@pytest.fixture(scope="module")
def good_site(good_content, tmp_path_factory):
    return built_once(tmp_path_factory, "good-links-site", lambda output: build(output, content=good_content))


@pytest.fixture(scope="module")
def good_kiosk(good_content, tmp_path_factory):
    return built_once(tmp_path_factory, "good-links-kiosk", lambda output: build_kiosk(output, good_content))


def files_mentioning(folder, words):
    return [path for path in folder.rglob("*") if path.is_file() and words.encode() in path.read_bytes()]


def test_filename_static_and_anchor_links_still_work_on_the_website(good_site):
    main = soup_of(good_site / "procedures" / "vertebroplasty" / "index.html").find("main")
    hrefs = [a["href"] for a in main.find_all("a", href=True)]
    assert "#why" in hrefs and "/procedures/vertebroplasty/" in hrefs
    assert main.find("img", alt="The spine")["src"] == "/images/spine.png"
    assert (good_site / "images" / "spine.png").is_file()


def test_filename_and_static_links_still_work_in_the_kiosk(good_kiosk):
    page = good_kiosk / "procedures" / "vertebroplasty" / "index.html"
    main = soup_of(page).find("main")
    hrefs = [a["href"] for a in main.find_all("a", href=True)]
    assert "#why" in hrefs
    files = {(page.parent / href).resolve() for href in hrefs if not href.startswith("#")}
    assert page.resolve() in files  # the {filename} link, as a file the kiosk opens
    image = page.parent / main.find("img", alt="The spine")["src"]
    assert image.resolve() == (good_kiosk / "images" / "spine.png").resolve() and image.is_file()


def test_the_authors_comments_reach_no_file_of_the_website(good_site):
    assert files_mentioning(good_site, "INTERNAL-NOTE") == []
    assert files_mentioning(good_site, "Dr Lee") == []


def test_the_authors_comments_reach_no_file_of_the_kiosk(good_kiosk):
    assert files_mentioning(good_kiosk, "INTERNAL-NOTE") == []
    assert files_mentioning(good_kiosk, "Dr Lee") == []
