"""The plain-words lists: for each language, words and phrases with a plainer
alternative ("prior to" → "before"), which the web team edits.

Each list is a file of the theme, ``theme/plain-words/<lang>.tsv`` (the
language's code, as in LANGUAGES): in the theme because it is the site's own
wording advice, not content, and because the build cache's fingerprint
covers every file of the theme, so an edited list is applied to every page
in the next build. One entry a line:

    prior to<TAB>before

the word or phrase (up to MAX_WORDS words), one tab, then the plainer
alternative. Blank lines and lines starting with ``#`` are left alone. Each
list is checked as every build starts; a malformed line is a problem at its
file and line (the build stops before anything is written), so a mistake is
never silently ignored.

Matching is by whole words (plain_text.words): "prior" never matches inside
"priority"; case and the accents plain_text.fold folds are ignored, so
"Médico", "medico" and "médico" are one word; a hyphen or apostrophe
separates words, so "follow-up" is matched by "follow up" and the other way
round. Each place in a sentence is matched once, by its longest entry.
"""

import os
from dataclasses import dataclass
from pathlib import Path

from .plain_text import words

FOLDER = "plain-words"
SUFFIX = ".tsv"
MAX_WORDS = 6  # the longest phrase: bounds the work at each word of a page


@dataclass(frozen=True, slots=True)
class Entry:
    words: tuple  # the phrase's folded words
    phrase: str  # as the list writes it
    plainer: str
    line: int


@dataclass(frozen=True, slots=True)
class Match:
    written: str  # as the page writes it
    phrase: str  # the list's entry
    plainer: str


def folder(settings) -> Path:
    return Path(settings["THEME"]) / FOLDER


def parse(text: str) -> tuple[list[Entry], list[tuple[int, str, str]]]:
    """(the entries, (line, what is wrong, the fix) of each malformed line)."""
    entries, problems, seen = [], [], {}
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if number == 1:
            line = line.removeprefix("\ufeff")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 2:
            what = "has no tab" if len(fields) == 1 else f"has {len(fields) - 1} tabs"
            problems.append((number, f"the line {what}: {line.strip()!r}.",
                             "write the word or phrase, one tab, then its plainer alternative "
                             "(a tab, not spaces: some editors turn tabs into spaces)."))  # fmt: skip
            continue
        phrase, plainer = fields[0].strip(), fields[1].strip()
        found = tuple(word for word, _start, _end in words(phrase))
        if not found:
            problems.append((number, f"{phrase!r} has no word to look for.", "write a word or phrase before the tab."))
        elif len(found) > MAX_WORDS:
            problems.append((number, f"{phrase!r} is {len(found)} words; an entry is at most {MAX_WORDS}.",
                             f"shorten it to the words that matter, {MAX_WORDS} at most."))  # fmt: skip
        elif not plainer:
            problems.append((number, f"{phrase!r} has no plainer alternative after its tab.",
                             "write the plainer word or phrase after the tab."))  # fmt: skip
        elif tuple(word for word, _s, _e in words(plainer)) == found:
            problems.append((number, f"{phrase!r} is its own alternative.", "write a plainer alternative, or delete the line."))
        elif found in seen:
            problems.append((number, f"{phrase!r} is already listed, on line {seen[found]}.",
                             "keep one of the two lines and delete the other."))  # fmt: skip
        else:
            seen[found] = number
            entries.append(Entry(found, phrase, plainer, number))
    return entries, problems


class PlainWords:
    """One language's list, ready to match: its entries by their first word,
    longest first."""

    def __init__(self, entries):
        self.by_first = {}
        for entry in sorted(entries, key=lambda e: -len(e.words)):
            self.by_first.setdefault(entry.words[0], []).append(entry)

    def __len__(self):
        return sum(len(entries) for entries in self.by_first.values())

    def matches(self, sentence: str, found=None) -> list[Match]:
        """Each entry found in ``sentence`` (whose words(), if the caller has
        them, are ``found``), in order. Linear: at each word, at most the
        entries that start with it, each at most MAX_WORDS long."""
        found = words(sentence) if found is None else found
        folded = [word for word, _start, _end in found]
        matched, index = [], 0
        while index < len(found):
            for entry in self.by_first.get(folded[index], ()):
                size = len(entry.words)
                if tuple(folded[index : index + size]) == entry.words:
                    written = sentence[found[index][1] : found[index + size - 1][2]]
                    matched.append(Match(written, entry.phrase, entry.plainer))
                    index += size
                    break
            else:
                index += 1
        return matched


def list_files(settings) -> list[Path]:
    where = folder(settings)
    try:
        return sorted(where / name for name in os.listdir(where) if name.endswith(SUFFIX))
    except OSError:
        return []


def list_problems(settings) -> list[tuple[Path, int | None, str, str]]:
    """(file, line, what is wrong, the fix) for every list, as the build starts."""
    found = []
    for path in list_files(settings):
        lang = path.name[: -len(SUFFIX)]
        if lang not in settings["LANGUAGES"]:
            found.append((path, None, f"there is no language {lang!r} in LANGUAGES for this list.",
                          f"name the file after a language of LANGUAGES ({', '.join(settings['LANGUAGES'])}), "
                          "such as en.tsv, or delete it."))  # fmt: skip
            continue
        text, error = _read(path)
        if error:
            found.append((path, None, error, "save the file as UTF-8 (plain text), one entry a line."))
            continue
        found += [(path, line, message, fix) for line, message, fix in parse(text)[1]]
    return found


def _read(path: Path) -> tuple[str, str | None]:
    try:
        return path.read_bytes().decode("utf-8"), None
    except UnicodeDecodeError as error:
        return "", f"the list is not saved as UTF-8 (byte {error.start})."
    except OSError as error:
        return "", f"the list cannot be read: {error.strerror}."


_lists: dict = {}  # (path, size, modified) -> PlainWords


def plain_words(settings, lang: str) -> PlainWords | None:
    """``lang``'s list, read once for each version of its file; None when the
    language has none. A malformed line is left out here: it was reported
    as the build started, and stops the build."""
    path = folder(settings) / f"{lang}{SUFFIX}"
    try:
        status = path.stat()
    except OSError:
        return None
    key = (str(path), status.st_size, status.st_mtime_ns)
    if key not in _lists:
        text, error = _read(path)
        _lists[key] = PlainWords(parse(text)[0] if not error else [])
    return _lists[key]
