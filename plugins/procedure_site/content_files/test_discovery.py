import os
import stat

from procedure_site.content_files.discovery import kind_of, name_problem, ordinary_file_inside, shown, survey, unusable


def test_names_may_not_hold_control_format_or_separator_characters_nor_a_backslash():
    refused = ["\n", "\r", "\t", "\x00", "\x01", "\x1b", "\x7f", "\x85", "\u202e", "\u2066", "\u200b", "\u200d",
               "\u00ad", "\ufeff", "\u2028", "\u2029", "\\", "\udcff"]
    allowed = ["a", "Z", "7", " ", "-", "_", ".", "(", "é", "ñ", "ü", "中", "ß", "\u00a0", "😀", "~", "'", "&"]
    assert [character for character in refused if unusable(character) is None] == []
    assert [character for character in allowed if unusable(character) is not None] == []


def test_name_problem_says_each_kind_of_character_once():
    assert name_problem("spine.png") is None
    assert name_problem("niño (1).png") is None
    assert name_problem("no\u00a0break.png") is None  # not str.isprintable(), but nothing to refuse
    assert name_problem("x\ny\n.png") == "a line break"
    assert name_problem("a\x01b\u202e.png") == (
        "a control character (U+0001) and an invisible formatting character (U+202E)"
    )
    assert name_problem("a\tb\\c\udcff.png") == "a tab, a backslash (\\) and bytes that are not UTF-8 text"


def test_a_name_with_accents_as_separate_marks_is_refused_as_no_link_could_name_it():
    """Pages are read as NFC, so a link typed in one never matches a name saved in NFD."""
    import unicodedata

    assert name_problem(unicodedata.normalize("NFD", "café.png")).startswith("an accented letter written as a letter")
    assert name_problem(unicodedata.normalize("NFC", "café.png")) is None


def test_a_name_is_shown_on_one_line_with_its_unusable_characters_escaped():
    assert shown("/c/images/x\ny.png") == "/c/images/x\\ny.png"
    assert shown("a\x01b\u202ec.png") == "a\\x01b\\u202ec.png"
    assert shown("bad\udcffname.png") == "bad\\xffname.png"  # the byte that is not UTF-8
    assert shown("niño.png") == "niño.png"


def test_what_is_neither_a_file_a_folder_nor_a_link():
    assert kind_of(stat.S_IFIFO) == "a named pipe (FIFO)"
    assert kind_of(stat.S_IFSOCK) == "a socket"
    assert kind_of(stat.S_IFCHR) == "a device file"
    assert kind_of(stat.S_IFBLK) == "a device file"


def test_the_survey_names_every_link_pipe_and_bad_name_and_follows_nothing(tmp_path):
    content = tmp_path / "content"
    (content / "images" / "x\nfolder").mkdir(parents=True)
    (content / "procedures" / ".git").mkdir(parents=True)
    (content / "procedures" / "knee.md").write_text("Title: Knee\n", encoding="utf-8")
    (content / "images" / "spine.png").write_bytes(b"png")
    (content / "images" / "x\nfolder" / "a.png").write_bytes(b"png")
    (content / "images" / "a\x01b.png").write_bytes(b"png")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "page.md").write_text("Title: Elsewhere\n", encoding="utf-8")
    (content / "images" / "passwd.txt").symlink_to("/etc/passwd")
    (content / "images" / "linked").symlink_to(outside, target_is_directory=True)
    (content / "images" / "gone.png").symlink_to(content / "images" / "missing.png")
    (content / "procedures" / "outside.md").symlink_to("../../outside/page.md")
    os.mkfifo(content / "procedures" / "pipe.md")
    # Ignored by name, as Pelican ignores them: neither reported nor followed.
    (content / "images" / ".hidden").symlink_to("/etc/passwd")
    os.mkfifo(content / "procedures" / ".pipe")
    (content / "procedures" / ".git" / "link").symlink_to("/")

    found = {finding.path: finding for finding in survey(str(content), [".*"])}

    images, procedures = f"{content}/images/", f"{content}/procedures/"
    assert sorted(found) == sorted([
        images + "a\\x01b.png", images + "gone.png", images + "linked", images + "passwd.txt",
        images + "x\\nfolder", procedures + "outside.md", procedures + "pipe.md",
    ])
    assert found[images + "passwd.txt"].message == (
        "this is a link, not a file: it points to /etc/passwd. The build does not follow links, "
        "so that only what is really in the content folder is published."
    )
    assert found[images + "passwd.txt"].fix == (
        "delete the link. If the site needs that file, copy the file itself into content/images/."
    )
    assert f"it points to the folder {outside}." in found[images + "linked"].message
    assert f"it points to {content}/images/missing.png, which does not exist." in found[images + "gone.png"].message
    assert found[images + "gone.png"].fix == "delete the link."
    assert f"it points to {outside}/page.md." in found[procedures + "outside.md"].message
    assert found[procedures + "pipe.md"].message == (
        "this is a named pipe (FIFO), not a file: the build cannot read it as a page or publish it."
    )
    assert found[procedures + "pipe.md"].fix == (
        "delete it. content/ may hold only ordinary files (pages, images, documents) and folders."
    )
    assert found[images + "x\\nfolder"].message == (
        "this folder's name holds a line break, which a name here may not hold."
    )
    assert found[images + "a\\x01b.png"].fix.startswith("rename the file. Names use only visible letters")
    # Links and pipes stop the build before anything is read; names do not.
    assert {path for path, finding in found.items() if finding.unsafe} == {
        images + "gone.png", images + "linked", images + "passwd.txt", procedures + "outside.md",
        procedures + "pipe.md",
    }


def test_a_name_that_is_not_utf8_is_unsafe(tmp_path):
    (tmp_path / "images").mkdir()
    with open(os.path.join(os.fsencode(tmp_path), b"images", b"bad\xffname.png"), "wb") as handle:
        handle.write(b"png")
    [finding] = survey(str(tmp_path))
    assert finding.path == f"{tmp_path}/images/bad\\xffname.png"
    assert finding.message == "this file's name holds bytes that are not UTF-8 text, which a name here may not hold."
    assert finding.unsafe


def test_a_folder_that_cannot_be_listed_is_named(tmp_path, monkeypatch):
    (tmp_path / "procedures").mkdir()
    (tmp_path / "procedures" / "knee.md").write_text("x", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path):
        if os.path.basename(path) == "procedures":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    [finding] = survey(str(tmp_path))
    assert finding.path == f"{tmp_path}/procedures"
    assert finding.message == (
        "this folder cannot be read (Permission denied), so what it holds would be left out."
    )
    assert not finding.unsafe


def test_only_an_ordinary_file_inside_the_folder_reached_through_no_link_may_be_published(tmp_path):
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    (content / "images" / "spine.png").write_bytes(b"png")
    (content / "images" / ".photo.png").write_bytes(b"png")
    (tmp_path / "secret.png").write_bytes(b"png")
    (content / "images" / ".link.png").symlink_to(content / "images" / "spine.png")
    (content / ".outside").symlink_to(tmp_path, target_is_directory=True)
    os.mkfifo(content / "images" / ".pipe.png")
    assert ordinary_file_inside(str(content), "images/spine.png")
    assert ordinary_file_inside(str(content), "images/.photo.png")  # hidden, but a file a page may link
    assert ordinary_file_inside(str(content), "images/../images/spine.png")
    for refused in ["images/.link.png", "images/.pipe.png", "images/missing.png", ".outside/secret.png",
                    "../secret.png", "images", "images/spine.png\0"]:
        assert not ordinary_file_inside(str(content), refused), refused
