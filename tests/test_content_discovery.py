"""What the build reads from content/: only ordinary files and folders, with
usable names, and every page's text in one Unicode form.

A link (to /etc/passwd, to a folder or a page elsewhere, or to nothing) or a
named pipe stops the build before anything is read, with each one named and
where it points; a file name with a control character is listed with the
build's other problems. Hidden links and pipes are ignored, like every hidden
file, and never followed. A page saved as NFD builds exactly as the same page
saved as NFC.
"""

import os
import shutil
import unicodedata

from conftest import ALLOW_FIXTURES, FIXTURES_DIR, assert_refused, build, edit_page, link_files, publish_build, stand_in_output

NAME_FIX = (
    "How to fix: rename the file. Names use only visible letters, digits, spaces and punctuation, and no "
    "backslash (\\): a file's name becomes part of its web address, goes into the kiosk's zip file, and is "
    "listed one a line in its SHA256SUMS, which shell tools such as sha256sum read."
)
NOT_FOLLOWED = "The build does not follow links, so that only what is really in the content folder is published."


def test_links_pipes_and_unusable_names_stop_the_build_before_anything_is_read(content_copy, tmp_path):
    images, procedures = content_copy / "images", content_copy / "procedures"
    images.mkdir()
    outside = tmp_path / "outside"
    (outside / "photos").mkdir(parents=True)
    (outside / "photos" / "spine.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (outside / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    shutil.copy(procedures / "vertebroplasty.md", outside / "kyphoplasty.md")
    (images / "passwd.txt").symlink_to("/etc/passwd")
    (images / "secret.png").symlink_to(outside / "secret.png")
    (images / "photos").symlink_to("../../outside/photos", target_is_directory=True)
    (images / "gone.png").symlink_to(images / "deleted.png")
    (procedures / "kyphoplasty.md").symlink_to(outside / "kyphoplasty.md")
    os.mkfifo(procedures / "pipe.md")  # opened, it would block the build for ever
    (images / "x\ny.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (images / "bell\x07.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    output = stand_in_output(tmp_path)
    result = build(output, content=content_copy, env={"SITEBUILD_CACHE": str(tmp_path / "cache")})
    link_fix = "How to fix: delete the link. If the site needs that file, copy the file itself into content/images/."
    assert_refused(
        result,
        output,
        [
            f"images/passwd.txt: this is a link, not a file: it points to /etc/passwd. {NOT_FOLLOWED}\n    {link_fix}",
            f"images/secret.png: this is a link, not a file: it points to {outside}/secret.png. {NOT_FOLLOWED}\n"
            f"    {link_fix}",
            f"images/photos: this is a link, not a file: it points to the folder {outside}/photos. {NOT_FOLLOWED}\n"
            "    How to fix: delete the link. If the site needs the files in that folder, copy the files "
            "themselves into content/images/.",
            f"images/gone.png: this is a link, not a file: it points to {images}/deleted.png, which does not "
            f"exist. {NOT_FOLLOWED}\n    How to fix: delete the link.",
            f"procedures/kyphoplasty.md: this is a link, not a file: it points to {outside}/kyphoplasty.md. "
            f"{NOT_FOLLOWED}\n    How to fix: delete the link. If the site needs that file, copy the file itself "
            "into content/procedures/.",
            "procedures/pipe.md: this is a named pipe (FIFO), not a file: the build cannot read it as a page or "
            "publish it.\n    How to fix: delete it. content/ may hold only ordinary files (pages, images, "
            "documents) and folders.",
            "images/x\\ny.png: this file's name holds a line break, which a name here may not hold.\n    " + NAME_FIX,
            "images/bell\\x07.png: this file's name holds a control character (U+0007), which a name here may not "
            "hold.\n    " + NAME_FIX,
        ],
    )


def test_a_dangling_link_is_a_content_problem_in_the_production_build_too(content_copy, tmp_path, monkeypatch):
    """It was an "error in the build system itself", with a traceback."""
    (content_copy / "images").mkdir()
    (content_copy / "images" / "spine.png").symlink_to("spine-old.png")
    monkeypatch.setenv("SITEBUILD_CACHE", str(tmp_path / "cache"))
    output = stand_in_output(tmp_path)
    result = publish_build(output, content=content_copy)
    assert_refused(
        result,
        output,
        [
            f"images/spine.png: this is a link, not a file: it points to {content_copy}/images/spine-old.png, which "
            f"does not exist. {NOT_FOLLOWED}\n    How to fix: delete the link."
        ],
    )


def test_unusable_names_are_listed_with_the_builds_other_problems(content_copy, tmp_path):
    (content_copy / "images").mkdir()
    (content_copy / "images" / "spine\u202egnp.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    edit_page(content_copy, lambda text: text.replace("## Make an Appointment", "## Book a Visit", 1))
    output = stand_in_output(tmp_path)
    result = build(output, content=content_copy, env={"SITEBUILD_CACHE": str(tmp_path / "cache")})
    assert_refused(
        result,
        output,
        [
            "images/spine\\u202egnp.png: this file's name holds an invisible formatting character (U+202E), "
            "which a name here may not hold.",
            "the heading '## Book a Visit' is not one of the required sections.",
            "the required section 'Make an Appointment' is missing.",
            "gnp.png: no page links to this file, so it would be published at /images/spine",
        ],
    )


def test_hidden_links_and_pipes_are_ignored_and_never_followed(content_copy, tmp_path):
    (content_copy / "images").mkdir()
    (content_copy / "images" / "spine.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    link_files(content_copy, "images/spine.png")
    (content_copy / "images" / ".passwd").symlink_to("/etc/passwd")
    (content_copy / ".everything").symlink_to("/", target_is_directory=True)
    os.mkfifo(content_copy / "procedures" / ".pipe.md")  # the cache's walk lists hidden files too
    output = tmp_path / "output"
    result = build(output, content=content_copy, env={"SITEBUILD_CACHE": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stderr
    published = sorted(p.relative_to(output).as_posix() for p in output.rglob("*"))
    assert "images/spine.png" in published
    assert [name for name in published if "passwd" in name or "everything" in name or "pipe" in name] == []


def test_a_page_linking_a_hidden_pipe_link_or_a_missing_file_is_refused_and_nothing_is_read(
    content_copy, tmp_path, monkeypatch
):
    """Pelican publishes what a {static} link names even when its walk leaves
    the file out; the production build reads each such file to hash its name.
    A hidden pipe blocked it for ever; a missing file stopped it with a
    traceback."""
    images = content_copy / "images"
    images.mkdir()
    os.mkfifo(images / ".pipe.png")
    (images / ".passwd.txt").symlink_to("/etc/passwd")
    links = "![a]({static}/images/.pipe.png) [b]({static}/images/.passwd.txt) ![c]({static}/images/missing.png)"
    edit_page(content_copy, lambda text: text.replace("\n## ", f"\n{links}\n\n## ", 1))
    monkeypatch.setenv("SITEBUILD_CACHE", str(tmp_path / "cache"))
    output = stand_in_output(tmp_path)
    result = publish_build(output, content=content_copy)
    missing = "points to a file that does not exist.\n    How to fix: check the spelling of the file name."
    assert_refused(
        result,
        output,
        [
            "the link {static}/images/.pipe.png " + missing,
            "the link {static}/images/missing.png " + missing,
            "the link {static}/images/.passwd.txt points outside the content folder, to /etc/passwd.",
        ],
    )


def test_a_page_saved_as_nfd_builds_exactly_like_the_same_page_saved_as_nfc(catalog, site, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(catalog, content)  # the pages site was built from
    page = content / "procedures" / "es" / "vertebroplasty.es.md"
    text = (FIXTURES_DIR / "vertebroplasty.es.md").read_text(encoding="utf-8")
    assert unicodedata.normalize("NFD", text) != text  # the test means something: the page has accents
    page.write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
    output = tmp_path / "output"
    result = build(output, content=content, overrides=ALLOW_FIXTURES, env={"SITEBUILD_CACHE": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stderr

    def files(site):
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}

    built, expected = files(output), files(site)
    assert sorted(built) == sorted(expected)
    assert [name for name in expected if built[name] != expected[name]] == []
