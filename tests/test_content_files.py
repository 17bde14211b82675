"""Nothing in content/ is silently ignored, and every address is plain.

Every file in content/ is a Markdown page in content/procedures/ or a file in
content/images/; anything else fails the build with its name and what to do.
Hidden files editors never see are neither reported nor published. A
'Slug:' line holds only lowercase letters, digits and hyphens.
"""

from conftest import assert_refused, build, stand_in_output
from harness import SPANISH_FIXTURE, problems_of, read_phase, vertebroplasty, with_spanish

PAGE = "procedures/vertebroplasty.md"
NOT_A_PAGE = (
    "this file is not used: content/procedures/ holds only pages, written in Markdown (files ending in '.md').",
    "move it out of content/procedures/. To add a page, write its text in a Markdown file ending in '.md'; an "
    "image or a document that a page links to goes in content/images/.",
)
NOT_READ = "this file is not read as a page: a page's file name must end in '.md', in small letters."
STRAYS = {
    "procedures/Kyphoplasty.MD": "Title: Kyphoplasty\n",
    "procedures/knee.md.txt": "Title: Knee\n",
    "procedures/notes.txt": "to do\n",
    "procedures/page.docx": "PK",
    "procedures/hip.html": "<h2>Why Hip is Performed</h2>\n",
    "kyphoplasty.md": "Title: Kyphoplasty\n",
    "notes.txt": "to do\n",
}


def test_every_file_that_is_not_a_page_or_image_is_named_with_what_to_do():
    """One problem each: an HTML file is not read as a page, so it gets no
    problem of the section model's."""
    problems = problems_of(vertebroplasty(), files=STRAYS)
    assert [(p.file, p.line, p.message, p.fix) for p in problems] == [
        ("kyphoplasty.md", None, "this file is not read as a page: pages are read only from content/procedures/.",
         "move it into content/procedures/."),
        ("notes.txt", None, "this file is not used: content/ holds only pages (in content/procedures/) and the "
         "images and documents they link to (in content/images/).", "move it out of content/. If a page links to "
         "it, put it in content/images/."),
        ("procedures/Kyphoplasty.MD", None, NOT_READ, "rename it to 'kyphoplasty.md'."),
        ("procedures/hip.html", None, *NOT_A_PAGE),
        ("procedures/knee.md.txt", None, NOT_READ, "rename it to 'knee.md'."),
        ("procedures/notes.txt", None, *NOT_A_PAGE),
        ("procedures/page.docx", None, *NOT_A_PAGE),
    ]  # fmt: skip


def test_a_stray_file_fails_the_real_build_as_it_is_named_here(content_copy, tmp_path):
    """The real command, for two of them: exit 1, each named from content/ with its fix, the output as it was."""
    for name in ("procedures/notes.txt", "kyphoplasty.md"):
        (content_copy / name).write_text(STRAYS[name], encoding="utf-8")
    output = stand_in_output(tmp_path)
    result = build(output, content=content_copy)
    assert_refused(
        result,
        output,
        [
            "procedures/notes.txt: " + NOT_A_PAGE[0] + "\n    How to fix: " + NOT_A_PAGE[1],
            "content/kyphoplasty.md: this file is not read as a page: pages are read only from "
            "content/procedures/.\n    How to fix: move it into content/procedures/.",
        ],
    )


HIDDEN = [
    "images/.DS_Store",
    "procedures/.DS_Store",
    "procedures/._vertebroplasty.md",  # macOS keeps a file's extra data here, on shared drives
    "procedures/.vertebroplasty.md.swp",
    "procedures/~$page.docx",
    "images/Thumbs.db",
    "procedures/.git/config",
]


def test_hidden_files_are_neither_reported_nor_published():
    files = {"images/spine.png": b"\x89PNG\r\n\x1a\n", **{name: b"\x00\x05\x16\x07\xff" for name in HIDDEN}}
    read = read_phase(vertebroplasty() + "\n[The spine]({static}/images/spine.png)\n", files=files)
    assert read.problems == []
    assert read.written == ["images/spine.png", "procedures/vertebroplasty/index.html"]


def test_a_slug_line_holds_only_lowercase_letters_digits_and_hyphens():
    text = vertebroplasty().replace("Slug: vertebroplasty\n", "Slug: Kypho Plasty Page\n", 1)
    draft = "Status: draft\n" + vertebroplasty().replace("Slug: vertebroplasty", "Slug: Knee_Replacement")
    line = text.splitlines().index("Slug: Kypho Plasty Page") + 1
    rule = "may hold only lowercase letters, digits and hyphens (-): it becomes the page's address."
    problems = problems_of(text, files={"procedures/knee.md": draft})
    assert [(p.file, p.line, p.message, p.fix) for p in problems] == [
        # Drafts are checked too: approving one should be a change of Status alone.
        ("procedures/knee.md", line + 1, f"the slug 'Knee_Replacement' {rule}", "write it as 'Slug: knee-replacement'."),
        (PAGE, line, f"the slug 'Kypho Plasty Page' {rule}", "write it as 'Slug: kypho-plasty-page'."),
    ]


def test_slugs_from_file_names_and_drafts_sharing_a_slug_are_fine():
    files = {
        # No Slug: line: Pelican makes 'knee-replacement' from the file name.
        "procedures/Knee Replacement.md": vertebroplasty().replace("Slug: vertebroplasty\n", "", 1),
        # A revision prepared as a draft under the published page's slug is never written.
        "procedures/vertebroplasty-revision.md": "Status: draft\n" + vertebroplasty(),
    }
    read = read_phase(vertebroplasty(), files=files)
    assert read.problems == []
    assert read.written == ["procedures/knee-replacement/index.html", "procedures/vertebroplasty/index.html"]
    assert [page.source_path.rsplit("/", 1)[1] for page in read.drafts] == ["vertebroplasty-revision.md"]


PNG_HEADER = b"\x89PNG\r\n\x1a\n"


def test_a_file_no_page_links_to_is_refused_and_a_draft_s_link_counts():
    """review-notes.txt left in content/images/ was published at /images/review-notes.txt, exit 0."""
    draft = "Title: Knee\nStatus: draft\n\n![The knee]({static}/images/knee.png)\n"
    files = {"images/review-notes.txt": b"internal", "images/knee.png": PNG_HEADER, "images/spine.png": PNG_HEADER,
             "procedures/knee.md": draft}
    problems = problems_of(vertebroplasty() + "\n![The spine]({static}/images/spine.png)\n", files=files)
    assert [(p.file, p.line, p.message, p.fix) for p in problems] == [(
        "images/review-notes.txt", None,
        "no page links to this file, so it would be published at /images/review-notes.txt for anyone who finds the "
        "address.",
        "link it from the page it belongs to ({static}/images/review-notes.txt), or move it out of the content folder "
        "if it is not for patients.",
    )]  # fmt: skip


def test_a_file_linked_relative_to_a_translation_or_with_escapes_counts_as_linked():
    """Pelican's static_links decodes %20 only: 'spine (1).png' linked as spine%20%281%29.png was 'linked from no
    page'. The one file no page links to is still named, its fix an address Markdown reads."""
    spanish = SPANISH_FIXTURE.read_text(encoding="utf-8") + "\n![La columna]({static}../../images/spine.png)\n"
    english = vertebroplasty() + "\n![The spine]({static}/images/spine%20%281%29.png) ![Café]({static}/images/caf%C3%A9.png)\n"
    files = {**with_spanish(spanish), "images/spine.png": PNG_HEADER, "images/spine (1).png": PNG_HEADER,
             "images/café.png": PNG_HEADER, "images/spine (2).png": PNG_HEADER}
    problems = problems_of(english, files=files, overrides={"ALLOW_TEST_FIXTURES": True})
    assert [(p.file, p.fix) for p in problems] == [(
        "images/spine (2).png", "link it from the page it belongs to ({static}/images/spine%20%282%29.png), or move "
        "it out of the content folder if it is not for patients.",
    )]  # fmt: skip


def test_unlinked_files_compares_paths_as_the_file_system_does():
    from procedure_site.content_files.files import unlinked_files

    assert unlinked_files(["images/b.png", "images/a.pdf", "images/c.png"], {"images/./b.png", "images/x/../c.png"}) == [
        "images/a.pdf"]
