"""What the content folder holds, looked at before anything in it is opened.

Pelican finds its files with ``os.walk(followlinks=True)`` and opens what it
finds, so, left to itself:

- a link publishes whatever it points at: ``images/passwd.txt ->
  /etc/passwd`` became ``output/images/passwd.txt``, a linked folder was
  published whole, a linked page from anywhere was built without a word;
- a named pipe (``mkfifo``) blocks the first read of it, and the build waits
  for ever; a socket or a device is no better;
- a file name with a line break or another control character is published,
  and then breaks what lists files one a line (``sha256sum -c SHA256SUMS`` in
  the kiosk's zip).

So the folder is walked once, here, and nothing is followed: the walk reads
each entry's type as the folder lists it (``os.scandir`` with
``follow_symlinks=False``), never the thing a link points at. What is wrong
comes back as data (``Finding``). A link or anything that is not a file or a
folder is ``unsafe``: the plugin stops the build before Pelican reads
anything, since any read (Pelican's, a plugin's, a page linking to it) could
follow it or block on it. A bad name is reported with the build's other
problems, and Pelican reads the rest as usual; only a name that is not UTF-8
at all is unsafe (see name_finding).

Every link is refused, not only one leading out of the content folder: the
content folder is what gets published, and a copy of the file is as easy to
make as the link, so there is no use of a link worth the risk.

Entries IGNORE_FILES leaves out (hidden files: ``.DS_Store``, editor lock
files, which Emacs makes as links) are skipped, as Pelican skips them: not
reported, not entered, not followed. A page can still name one in a
``{static}`` link, and Pelican then publishes what the link names even when
its walk left it out; ordinary_file_inside() decides which of those may be
published (files.py).

The walk costs one ``scandir`` per folder and is linear in the number of
entries; with no link followed, it cannot loop. Names are checked one
character at a time, without a regular expression.
"""

import fnmatch
import os
import stat
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    path: str  # as shown to the editor: see shown()
    message: str
    fix: str
    unsafe: bool = False  # nothing in the content folder may be read while it is there


# --- File and folder names ---------------------------------------------------------

# Why a name may not hold them, for the fix. Each name becomes part of a web
# address, goes into the kiosk's zip file and is listed one a line in its
# SHA256SUMS, which kiosk operators check with shell tools.
NAME_RULE = (
    "use only visible letters, digits, spaces and punctuation, and no backslash (\\): "
    "a file's name becomes part of its web address, goes into the kiosk's zip file, and "
    "is listed one a line in its SHA256SUMS, which shell tools such as sha256sum read"
)

_NAMED = {"\n": "a line break", "\r": "a line break", "\t": "a tab", "\\": "a backslash (\\)"}


def unusable(character: str) -> str | None:
    """What ``character`` is, in words, when a file or folder name may not
    hold it; None when it may.

    Refused: control characters (C0, DEL, C1: category Cc), invisible
    formatting characters (Cf: right-to-left and other direction marks that
    make a name read differently from what it is, zero-width spaces and
    joiners, the soft hyphen, the byte order mark), the line and paragraph
    separators (Zl, Zp), the backslash (a folder separator on Windows and in
    zip tools), and bytes that are not UTF-8 (Python shows each as a lone
    surrogate, Cs)."""
    if character in _NAMED:
        return _NAMED[character]
    category = unicodedata.category(character)
    code = f"U+{ord(character):04X}"
    if category == "Cs":
        return "bytes that are not UTF-8 text"
    if category == "Cc":
        return f"a control character ({code})"
    if category == "Cf":
        return f"an invisible formatting character ({code})"
    if category in ("Zl", "Zp"):
        return f"a line separator ({code})"
    return None


def usable(name: str) -> bool:
    """True when no character of ``name`` is one unusable() refuses. Most
    names are; str.isprintable() says so for all but the backslash without
    looking each character up (it is False for every Other and Separator but
    the space, a wider set than unusable()'s, which then decides)."""
    if name.isprintable() and "\\" not in name:
        return True
    return not any(unusable(character) for character in name)


def shown(text: str) -> str:
    """``text`` with each character a name may not hold written as an escape
    (``x\\ny.png``), so a message names the file on one line and the
    editor can see where the character is. Other characters stay as they are."""
    if usable(text):
        return text
    parts = []
    for character in text:
        if not unusable(character) or character == "\\":
            parts.append(character)
        elif unicodedata.category(character) == "Cs":
            parts.append(f"\\x{ord(character) - 0xDC00:02x}")  # the byte itself (surrogateescape)
        else:
            parts.append(repr(character)[1:-1] if ord(character) < 0x100 else f"\\u{ord(character):04x}")
    return "".join(parts)


DECOMPOSED = "an accented letter written as a letter plus a separate accent mark (as some Macs save names)"


def name_problem(name: str) -> str | None:
    """What a file or folder name holds that it may not, in words, or None.

    A name must be in NFC, as every page's text is read (sitebuild/source_text):
    a link typed in a page is NFC, so a file named in NFD ("cafe" plus a
    combining accent) could never be linked, and the build would say the file
    does not exist though the editor sees it there."""
    if usable(name):
        return None if unicodedata.is_normalized("NFC", name) else DECOMPOSED
    found = []
    for character in name:
        what = unusable(character)
        if what and what not in found:
            found.append(what)
    if not found:
        return None
    return " and ".join([", ".join(found[:-1]), found[-1]]) if len(found) > 1 else found[0]


# --- What an entry is ---------------------------------------------------------------


def kind_of(mode: int) -> str:
    """What an entry that is neither a file, a folder nor a link is, in words."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device file"
    return "something other than a file or a folder"


def link_finding(path: str, folder_shown: str) -> Finding:
    """The problem of the link at ``path``; ``folder_shown`` is its folder as
    the editor sees it (``content/images/``)."""
    target = os.readlink(path)
    where = shown(os.path.normpath(os.path.join(os.path.dirname(path), target)))
    # stat, not open: finds out what is there without reading it
    if os.path.isdir(path):
        pointed = f"the folder {where}"
        fix = f"delete the link. If the site needs the files in that folder, copy the files themselves into {folder_shown}."
    elif os.path.exists(path):
        pointed = where
        fix = f"delete the link. If the site needs that file, copy the file itself into {folder_shown}."
    else:
        pointed = f"{where}, which does not exist"
        fix = "delete the link."
    return Finding(
        shown(path),
        f"this is a link, not a file: it points to {pointed}. The build does not follow links, "
        "so that only what is really in the content folder is published.",
        fix,
        unsafe=True,
    )


def not_a_file_finding(path: str, mode: int, content_name: str) -> Finding:
    return Finding(
        shown(path),
        f"this is {kind_of(mode)}, not a file: the build cannot read it as a page or publish it.",
        f"delete it. {content_name}/ may hold only ordinary files (pages, images, documents) and folders.",
        unsafe=True,
    )


def name_finding(path: str, what: str, is_folder: bool) -> Finding:
    """A name that is not UTF-8 is unsafe too: Python carries its bytes as
    lone surrogates, which cannot be written out again as text (a log line,
    the deploy manifest), and each of those would stop the build as a bug."""
    thing = "folder" if is_folder else "file"
    fix = f"rename the {thing}. Names {NAME_RULE}."
    if what == DECOMPOSED:
        fix = f"rename the {thing}, typing its accented letters again, and link it by that name."
    return Finding(
        shown(path),
        f"this {thing}'s name holds {what}, which a name here may not hold.",
        fix,
        unsafe=any(unicodedata.category(character) == "Cs" for character in os.path.basename(path)),
    )


def unreadable_finding(path: str, error: OSError) -> Finding:
    return Finding(
        shown(path),
        f"this folder cannot be read ({error.strerror or error}), so what it holds would be left out.",
        "let your user read it (check its permissions), or move it out of the content folder.",
    )


def ordinary_file_inside(root: str, relative: str) -> bool:
    """True when ``relative`` names an ordinary file in the folder ``root``,
    reached through no link: not a link, a pipe or a missing file, nor a file
    reached through a (hidden) linked folder or ``..``."""
    try:
        real_root = os.path.realpath(root)
        wanted = os.path.normpath(os.path.join(real_root, relative))
        if os.path.commonpath([real_root, wanted]) != real_root or os.path.realpath(wanted) != wanted:
            return False
        return stat.S_ISREG(os.lstat(wanted).st_mode)
    except (OSError, ValueError):  # ValueError: a NUL in a page's link
        return False


# --- The walk -----------------------------------------------------------------------------


def ignored(name: str, ignores) -> bool:
    """As Pelican's own walk decides, by the name alone."""
    return any(fnmatch.fnmatch(name, pattern) for pattern in ignores)


def survey(root: str, ignores=()) -> list[Finding]:
    """Every problem with what the folder ``root`` holds: links, entries that
    are not files or folders, names that may not be used, folders that cannot
    be read. Sorted by path; nothing is opened but folders."""
    root = os.path.abspath(root)
    content_name = os.path.basename(root)
    findings = []
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as error:
            findings.append(unreadable_finding(folder, error))
            continue
        relative = os.path.relpath(folder, os.path.dirname(root)).replace(os.sep, "/")
        folder_shown = shown(relative) + "/"
        for entry in entries:
            if ignored(entry.name, ignores):
                continue
            is_link = entry.is_symlink()
            is_folder = not is_link and entry.is_dir(follow_symlinks=False)
            what = name_problem(entry.name)
            if what:
                findings.append(name_finding(entry.path, what, is_folder))
            if is_link:
                findings.append(link_finding(entry.path, folder_shown))
            elif is_folder:
                folders.append(entry.path)
            elif not entry.is_file(follow_symlinks=False):
                findings.append(not_a_file_finding(entry.path, entry.stat(follow_symlinks=False).st_mode, content_name))
    return sorted(findings, key=lambda finding: (finding.path, finding.message))
