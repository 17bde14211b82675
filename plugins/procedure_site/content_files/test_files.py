from blinker import signal
from pelican.generators import PagesGenerator
from pelican.readers import BaseReader, HTMLReader, MarkdownReader, RstReader
from pelican.settings import DEFAULT_CONFIG, read_settings

from procedure_site.content_files.files import (
    Layout,
    advice,
    check_content_folder,
    keep_markdown_readers,
    page_name,
    unused_files,
)

LAYOUT = Layout("content", ("procedures",), ("images",), ("md", "markdown"), tuple(DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]))


def test_only_markdown_and_static_readers_are_kept():
    kept = keep_markdown_readers(
        {"static": BaseReader, "rst": RstReader, "md": MarkdownReader, "html": HTMLReader, "txt": None}
    )
    assert kept == {"static": BaseReader, "rst": None, "md": MarkdownReader, "html": None, "txt": None}


def test_unused_files_are_neither_pages_nor_static():
    everything = {"procedures/a.md", "./notes.txt", "procedures/b.txt", "images/x.png"}
    assert unused_files(everything, {"procedures/a.md"}, {"images/x.png"}) == ["notes.txt", "procedures/b.txt"]


def test_page_name_lowercases_and_drops_an_added_ending():
    assert page_name("Kyphoplasty.MD", LAYOUT) == "kyphoplasty.md"
    assert page_name("Knee Surgery.md.txt", LAYOUT) == "knee-surgery.md"
    assert page_name("Hip.Markdown", LAYOUT) == "hip.markdown"
    assert page_name("notes.txt", LAYOUT) is None
    assert page_name("md", LAYOUT) is None


def test_advice_for_a_page_with_the_wrong_ending():
    assert advice("procedures/Kyphoplasty.MD", LAYOUT) == (
        "this file is not read as a page: a page's file name must end in '.md', in small letters.",
        "rename it to 'kyphoplasty.md'.",
    )


def test_advice_for_another_file_among_the_pages():
    message, fix = advice("procedures/old/page.docx", LAYOUT)
    assert message == (
        "this file is not used: content/procedures/old/ holds only pages, written in Markdown (files ending in '.md')."
    )
    assert fix == (
        "move it out of content/procedures/old/. To add a page, write its text in a Markdown file ending "
        "in '.md'; an image or a document that a page links to goes in content/images/."
    )


def test_advice_for_a_page_outside_the_pages_folder():
    assert advice("Kyphoplasty.md", LAYOUT) == (
        "this file is not read as a page: pages are read only from content/procedures/.",
        "move it into content/procedures/ and rename it to 'kyphoplasty.md'.",
    )
    assert advice("drafts/knee.md", LAYOUT)[1] == "move it into content/procedures/."


def test_advice_for_any_other_file():
    assert advice("notes.txt", LAYOUT) == (
        "this file is not used: content/ holds only pages (in content/procedures/) and the images "
        "and documents they link to (in content/images/).",
        "move it out of content/. If a page links to it, put it in content/images/.",
    )


def test_the_walk_uses_pelicans_own_rules(tmp_path):
    """Pages and static files as Pelican finds them; IGNORE_FILES is honoured."""
    content = tmp_path / "content"
    for name in (
        "procedures/knee.md",
        "procedures/Knee.MD",
        "procedures/.knee.md.swp",
        "procedures/.git/config",
        "images/spine.png",
        "images/.DS_Store",
        "notes.txt",
    ):
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text("x", encoding="utf-8")
    settings = read_settings(
        None,
        override={
            "PATH": str(content),
            "PAGE_PATHS": ["procedures"],
            "STATIC_PATHS": ["images"],
            "IGNORE_FILES": [".*"],
            "PLUGINS": ["procedure_site"],
        },
    )
    context = {"generated_content": {}, "static_content": {}, "static_links": set()}
    generator = PagesGenerator(
        context=context, settings=settings, path=str(content), theme=settings["THEME"], output_path=str(tmp_path / "o")
    )
    reported = []

    def receive(path, **problem):
        reported.append((path, problem["fix"]))

    with signal("content_problem").connected_to(receive):
        check_content_folder(generator)
    assert reported == [
        (str(content / "notes.txt"), "move it out of content/. If a page links to it, put it in content/images/."),
        (str(content / "procedures" / "Knee.MD"), "rename it to 'knee.md'."),
    ]
