"""Every source is read as NFC text (sitebuild/source_text.py), whatever
Unicode form the editor saved it in."""

import unicodedata

from sitebuild.source_text import nfc, read_source

NFC_PAGE = "Title: Vertebroplastia\nLang: es\n\n## Por qué se realiza\n\nNiño, cóm\u00f3\n"


def test_an_nfd_source_is_read_as_nfc_with_the_same_lines(tmp_path):
    page = tmp_path / "page.md"
    page.write_bytes(("\ufeff" + unicodedata.normalize("NFD", NFC_PAGE)).encode("utf-8"))
    text = read_source(page)
    assert text == NFC_PAGE  # the byte order mark dropped, as Pelican drops it
    assert len(text.splitlines()) == len(NFC_PAGE.splitlines())


def test_nfc_text_is_returned_as_it_is():
    assert nfc(NFC_PAGE) is NFC_PAGE
    assert nfc(unicodedata.normalize("NFD", "qué")) == "qué"


def test_errors_are_those_of_open(tmp_path):
    (tmp_path / "bad.md").write_bytes(b"Title: \xff\n")
    try:
        read_source(tmp_path / "bad.md")
    except UnicodeDecodeError:
        pass
    else:
        raise AssertionError("a file that is not UTF-8 must raise, for source_encoding to report it")
    assert read_source(tmp_path / "bad.md", errors="replace") == "Title: \ufffd\n"
