"""The one way this project reads a page's text: UTF-8, in Unicode NFC.

The same letter can be saved two ways: "é" as one character (NFC, what most
editors write) or as "e" plus a combining accent (NFD, what some macOS
editors and file copies write). Both look the same to the editor, but a
check that compares text character by character does not see them as equal:
a Spanish page saved as NFD had its headings ("## Por qué se realiza")
refused as "not one of the required sections".

So every reader of a page's text (the Markdown reader, the page model's
source lines, the build report's line finder, the other checks that read a
source file) reads it through here and sees NFC. NFC never adds, removes or
moves a line break, so line numbers found in the normalised text are the
lines of the file as the editor sees it.

Code that only hashes a file's bytes (the build caches) reads the bytes: the
NFC text is made from them, so the same bytes always give the same text.
"""

import codecs
import unicodedata

_BOM = codecs.BOM_UTF8.decode("utf-8")


def nfc(text: str) -> str:
    """``text`` in NFC; the same object when it already is (the common case,
    checked without building a copy)."""
    if unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def read_source(path, errors="strict") -> str:
    """The text of the source file at ``path``, in NFC, without a leading
    byte order mark (as Pelican's own reading drops it). Raises OSError and,
    with ``errors="strict"``, UnicodeDecodeError, as ``open`` does."""
    with open(path, encoding="utf-8", errors=errors) as handle:
        text = handle.read()
    if text.startswith(_BOM):
        text = text[1:]
    return nfc(text)


def source_lines(text: str) -> list[str]:
    """``text``'s lines as Python-Markdown and an editor count them: each
    ends at "\n", "\r\n" or "\r", and not at U+2028, a form feed or NEL,
    which ``str.splitlines`` also cuts at (so a character an editor pasted,
    invisible, would end a line there, be missed in it, and shift the number
    of every line after it)."""
    return text.removeprefix(_BOM).replace("\r\n", "\n").replace("\r", "\n").split("\n")


def markdown_lines(text: str, tab_length: int = 4, paragraphs: int | None = None) -> list[str]:
    """``source_lines``, each with its tabs expanded, as Python-Markdown
    reads a page's header: a line indented with a tab runs on as one
    indented with four spaces does. With ``paragraphs``, only the lines to
    the end of that many runs of lines between blank ones (the header is
    the first): a check of the header expands no tab of the rest of the page."""
    found, runs, inside = [], 0, False
    for line in source_lines(text):
        blank = not line.strip()
        if blank and inside:
            runs += 1
            if paragraphs is not None and runs == paragraphs:
                break
        inside = not blank
        found.append(line.expandtabs(tab_length))
    return found
