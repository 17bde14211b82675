"""Nothing in content/ is silently ignored, and every address is plain.

Every file in content/ is a Markdown page in content/procedures/ or a file in
content/images/; anything else fails the build with its name and what to do.
Hidden files editors never see are neither reported nor published. A
'Slug:' line holds only lowercase letters, digits and hyphens.
"""

import shutil

from conftest import assert_refused, build, edit_page, stand_in_output

PAGE = "procedures/vertebroplasty.md"


def test_every_file_that_is_not_a_page_or_image_is_named_with_what_to_do(content_copy, tmp_path):
    files = {
        "procedures/Kyphoplasty.MD": "Title: Kyphoplasty\n",
        "procedures/knee.md.txt": "Title: Knee\n",
        "procedures/notes.txt": "to do\n",
        "procedures/page.docx": "PK",
        "procedures/hip.html": "<h2>Why Hip is Performed</h2>\n",
        "kyphoplasty.md": "Title: Kyphoplasty\n",
        "notes.txt": "to do\n",
    }
    for name, text in files.items():
        (content_copy / name).write_text(text, encoding="utf-8")
    output = stand_in_output(tmp_path)
    result = build(output, content=content_copy)
    not_a_page = (
        "this file is not used: content/procedures/ holds only pages, written in Markdown (files ending in '.md').\n"
        "    How to fix: move it out of content/procedures/. To add a page, write its text in a Markdown file "
        "ending in '.md'; an image or a document that a page links to goes in content/images/."
    )
    assert_refused(
        result,
        output,
        [
            "procedures/Kyphoplasty.MD: this file is not read as a page: a page's file name must end in '.md', "
            "in small letters.\n    How to fix: rename it to 'kyphoplasty.md'.",
            "procedures/knee.md.txt: this file is not read as a page: a page's file name must end in '.md', "
            "in small letters.\n    How to fix: rename it to 'knee.md'.",
            "procedures/notes.txt: " + not_a_page,
            "procedures/page.docx: " + not_a_page,
            "procedures/hip.html: " + not_a_page,
            "content/kyphoplasty.md: this file is not read as a page: pages are read only from "
            "content/procedures/.\n    How to fix: move it into content/procedures/.",
            "content/notes.txt: this file is not used: content/ holds only pages (in content/procedures/) and the "
            "images and documents they link to (in content/images/).\n    How to fix: move it out of content/. "
            "If a page links to it, put it in content/images/.",
        ],
    )
    # An HTML file is not read as a page: one clear problem, not the section model's.
    assert result.stderr.count("hip.html") == 1


def test_hidden_files_are_neither_reported_nor_published(content_copy, tmp_path):
    (content_copy / "images").mkdir()
    (content_copy / "images" / "spine.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    hidden = [
        "images/.DS_Store",
        "procedures/.DS_Store",
        "procedures/._vertebroplasty.md",  # macOS keeps a file's extra data here, on shared drives
        "procedures/.vertebroplasty.md.swp",
        "procedures/~$page.docx",
        "images/Thumbs.db",
        "procedures/.git/config",
    ]
    for name in hidden:
        (content_copy / name).parent.mkdir(exist_ok=True)
        (content_copy / name).write_bytes(b"\x00\x05\x16\x07\xff")
    output = tmp_path / "output"
    result = build(output, content=content_copy)
    assert result.returncode == 0, result.stderr
    published = {p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()}
    assert "images/spine.png" in published
    for name in hidden:
        assert name.rsplit("/", 1)[-1] not in {p.rsplit("/", 1)[-1] for p in published}, name


def test_a_slug_line_holds_only_lowercase_letters_digits_and_hyphens(content_copy, tmp_path):
    edit_page(content_copy, lambda t: t.replace("Slug: vertebroplasty\n", "Slug: Kypho Plasty Page\n", 1))
    draft = content_copy / "procedures" / "knee.md"
    shutil.copy(content_copy / PAGE, draft)
    edit_page(content_copy, lambda t: "Status: draft\n" + t.replace("Slug: Kypho Plasty Page", "Slug: Knee_Replacement"), "procedures/knee.md")
    lines = (content_copy / PAGE).read_text(encoding="utf-8").splitlines()
    line = lines.index("Slug: Kypho Plasty Page") + 1
    output = stand_in_output(tmp_path)
    result = build(output, content=content_copy)
    assert_refused(
        result,
        output,
        [
            f"vertebroplasty.md:{line}: the slug 'Kypho Plasty Page' may hold only lowercase letters, digits and "
            "hyphens (-): it becomes the page's address.\n    How to fix: write it as 'Slug: kypho-plasty-page'.",
            # Drafts are checked too: approving one should be a change of Status alone.
            f"knee.md:{line + 1}: the slug 'Knee_Replacement' may hold only lowercase letters, digits and "
            "hyphens (-): it becomes the page's address.\n    How to fix: write it as 'Slug: knee-replacement'.",
        ],
    )


def test_slugs_from_file_names_and_drafts_sharing_a_slug_are_fine(content_copy, tmp_path):
    # No Slug: line: Pelican makes 'knee-replacement' from the file name.
    named = content_copy / "procedures" / "Knee Replacement.md"
    named.write_text(
        (content_copy / PAGE).read_text(encoding="utf-8").replace("Slug: vertebroplasty\n", "", 1), encoding="utf-8"
    )
    # A revision prepared as a draft under the published page's slug is never written.
    revision = content_copy / "procedures" / "vertebroplasty-revision.md"
    revision.write_text("Status: draft\n" + (content_copy / PAGE).read_text(encoding="utf-8"), encoding="utf-8")
    output = tmp_path / "output"
    result = build(output, content=content_copy)
    assert result.returncode == 0, result.stderr
    assert (output / "procedures" / "knee-replacement" / "index.html").is_file()
    assert (output / "procedures" / "vertebroplasty" / "index.html").is_file()
