"""A translation started in one command:
``make new-translation SLUG=vertebroplasty LANG=es``.

(``python -m sitebuild.new_translation --slug vertebroplasty --lang es [--content FOLDER]``.)

Writes ``<content>/<PROCEDURES_DIR>/<lang>/<slug>.md``, a draft beside the
page in the default language whose address (slug) is ``slug``, holding:

- the original's ``Slug:`` and ``Lang: <lang>``, ``Reviewed:`` today (in the
  hospital's TIMEZONE) and ``Status: draft``; its ``Phone:`` as it is;
- each line of text of the original as a writing hint to replace with its
  translation, ``[Replace this: translate: <the original's words>]``: the
  Title, Summary, Department, Owner and Keywords lines, and each paragraph,
  list item and quote line of the text, keeping its list or quote mark;
- each required section's heading in ``lang``, from PROCEDURE_SECTIONS, in
  the order the settings give: a heading of the original that is not one of
  them is kept as a hint too, at its level.

The hints use WRITING_HINT_MARKER, so a translation published with one left
in it fails the build, naming its line (the writing_hints part). A draft
builds straight away: drafts are not held to the section model.

It never overwrites a file, and refuses a language the site does not publish
(LANGUAGES), the default language itself, and a slug that no page in the
default language has.

Exit status: 0 written; 1 refused (the file exists, or no page has the
slug); 2 the command was not given what it needs (no slug or language, a
language the site does not publish, no such content folder or settings file).
"""

import argparse
import os
import re
import sys

from .new_procedure import (
    SECTION_HINTS,
    GENERIC_HINT,
    Refused,
    Usage,
    hint,
    hospital_today,
    metadata_value,
    page_files,
    page_slug,
    scaffold_settings,
    shown,
)
from .source_text import read_source

USAGE = "make new-translation SLUG=vertebroplasty LANG=es"
# The original's metadata lines whose words are translated, in the order written.
TRANSLATED_KEYS = ("Title", "Summary", "Department", "Owner", "Keywords")
KEPT_KEYS = ("Phone",)  # copied as they are
LANG_LINE = re.compile(r" {0,3}lang\s*:(.*)$", re.IGNORECASE)  # as new_procedure's SLUG_LINE
SPACE = " \t"
ID_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")


# The page's lines are read with string methods, one pass each, not with
# regular expressions: a line of the page may be long and odd, and no pattern
# then risks backtracking over it.


def heading_of(line: str):
    """(level, words, explicit id or None) of a Markdown heading line
    ("## Getting ready {#prepare}"), or None."""
    rest = line.lstrip(" ")
    if len(line) - len(rest) > 3:
        return None
    level = len(rest) - len(rest.lstrip("#"))
    if not 1 <= level <= 6 or rest[level : level + 1] not in (" ", "\t"):
        return None
    words = rest[level:].strip(SPACE)
    closed = words.rstrip("#")
    if closed != words and (not closed or closed[-1] in SPACE):  # "## Title ##"
        words = closed.rstrip(SPACE)
    marked = None
    start = words.rfind("{#")
    candidate = words[start + 2 : -1] if start != -1 and words.endswith("}") else ""
    if candidate and set(candidate) <= ID_CHARACTERS:
        marked, words = words[start + 2 : -1], words[:start].rstrip(SPACE)
    return level, words, marked


def line_mark(line: str) -> str:
    """What opens a line of a list or a quote ("- ", "1. ", "> "), kept in
    front of its hint."""
    i, n = 0, len(line)
    while i < n and line[i] in SPACE:
        i += 1
    while i < n:
        if line[i] in "-*+" and line[i + 1 : i + 2] in (" ", "\t"):
            i += 2
        elif line[i] == ">":
            i += 1
        elif line[i].isdigit():
            j = i
            while j < n and j - i < 9 and line[j].isdigit():
                j += 1
            if line[j : j + 1] in (".", ")") and line[j + 1 : j + 2] in (" ", "\t"):
                i = j + 2
            else:
                break
        else:
            break
        while i < n and line[i] in SPACE:
            i += 1
    return line[:i]


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m sitebuild.new_translation",
        description="Start a translation of a procedure page: a draft with the page's headings in the "
        f"language and each line of its text as a writing hint. From make: {USAGE}",
    )
    parser.add_argument("--slug", default="", help="the page's address (its Slug:), e.g. vertebroplasty")
    parser.add_argument("--lang", default="", help="the language of the translation, e.g. es")
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--content", help="content folder (default: the settings' PATH)")
    return parser.parse_args(argv)


def checked_language(lang: str, settings) -> str:
    languages, default = settings["LANGUAGES"], settings["DEFAULT_LANG"]
    others = ", ".join(f"{code} ({name})" for code, name in languages.items() if code != default)
    if not lang.strip():
        raise Usage(f"say which language to translate into, for example: {USAGE}")
    lang = lang.strip()
    if lang == default:
        raise Usage(
            f"{lang} is the site's own language ({languages[default]}): a page in it is the original. "
            f"Translate into one of: {others}."
        )
    if lang not in languages:
        raise Usage(
            f"the site does not publish pages in {lang!r}. Translate into one of: {others}. "
            "(A developer adds a language in pelicanconf.py: see docs/translations.md.)"
        )
    return lang


def original_page(slug: str, content: str, settings) -> str:
    """The page in the default language whose address is ``slug``."""
    if not slug.strip():
        raise Usage(f"say which page to translate, for example: {USAGE}")
    slug = slug.strip()
    default = settings["DEFAULT_LANG"]
    for path in page_files(content, settings):
        text = read_source(path, errors="replace")
        if page_slug(path, settings) == slug and (metadata_value(text, LANG_LINE) or default) == default:
            return path
    raise Refused(
        f"no page in {shown(content)} has the address procedures/{slug}/, so nothing was written. "
        "Use the Slug: line of the page to translate (or its file name, without .md)."
    )


def split_original(text: str):
    """(metadata {key: value}, lines of the lead, [(heading level, heading
    text, its id or None, lines under it)]) of the original's Markdown."""
    lines = text.splitlines()
    metadata, index = {}, 0
    while index < len(lines) and lines[index].strip():
        key, _, value = lines[index].partition(":")
        metadata.setdefault(key.strip().title(), value.strip())
        index += 1
    lead, sections = [], []
    for line in lines[index:]:
        heading = heading_of(line)
        if heading:
            sections.append((*heading, []))
        else:
            (sections[-1][3] if sections else lead).append(line)
    return metadata, lead, sections


def section_id(words: str, marked: str | None, title: str, settings) -> str | None:
    """Which required section a heading of the original is: its {#id}, else
    the section whose heading in the default language it says."""
    ids = {spec["id"] for spec in settings["PROCEDURE_SECTIONS"]}
    if marked in ids:
        return marked
    default = settings["DEFAULT_LANG"]
    for spec in settings["PROCEDURE_SECTIONS"]:
        if spec["heading"] and spec["heading"][default].format(title=title).casefold() == words.casefold():
            return spec["id"]
    return None


def translate_hints(lines, marker: str) -> list:
    """Each line of text as a hint to translate, with its list or quote mark
    in front of it; blank lines kept."""
    out = []
    for line in lines:
        if not line.strip():
            out.append("")
            continue
        mark = line_mark(line)
        out.append(mark + hint(marker, f"translate: {line[len(mark):].strip()}"))
    return out


def scaffold(original_text: str, slug: str, lang: str, settings, today) -> str:
    """The translation's Markdown."""
    marker = settings["WRITING_HINT_MARKER"]
    metadata, lead, sections = split_original(original_text)
    title = metadata.get("Title", slug)
    lines = []
    for key in TRANSLATED_KEYS[:1]:
        lines.append(f"{key}: {hint(marker, f'translate: {title}')}")
    lines += [f"Slug: {slug}", f"Lang: {lang}"]
    for key in TRANSLATED_KEYS[1:]:
        if metadata.get(key):
            lines.append(f"{key}: {hint(marker, f'translate: {metadata[key]}')}")
    lines += [f"{key}: {metadata[key]}" for key in KEPT_KEYS if metadata.get(key)]
    lines += [f"Reviewed: {today.isoformat()}", "Status: draft", ""]
    lines += translate_hints(lead, marker)
    by_id, extra = {}, {}
    current = None
    for level, words, marked, body in sections:
        found = section_id(words, marked, title, settings) if level == 2 else None
        if found is not None and found not in by_id:
            current = found
            by_id[found] = list(body)
        elif current is not None:  # a sub-heading, or one of the author's own: kept in its section
            by_id[current] += [f"{'#' * level} {hint(marker, f'translate: {words}')}", *body]
        else:
            extra.setdefault("lead", []).extend([f"{'#' * level} {hint(marker, f'translate: {words}')}", *body])
    lines += translate_hints(extra.get("lead", []), marker)
    for spec in settings["PROCEDURE_SECTIONS"]:
        if not spec["heading"]:
            continue
        lines += ["", f"## {spec['heading'][lang].format(title=title)}", ""]
        body = by_id.get(spec["id"])
        if body is None:  # the original lacks it (a draft): what goes here, as new_procedure says
            lines.append(hint(marker, SECTION_HINTS.get(spec["id"], GENERIC_HINT).format(title=title)))
        else:
            lines += translate_hints(body, marker)
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


def create(slug: str, lang: str, content: str, settings, today) -> str:
    """Write the translation; returns its path. Raises Refused or Usage."""
    lang = checked_language(lang, settings)
    if not os.path.isdir(content):
        raise Usage(f"there is no content folder {content!r}.")
    original = original_page(slug, content, settings)
    slug = slug.strip()
    path = os.path.join(content, settings["PROCEDURES_DIR"], lang, f"{slug}.md")
    if os.path.lexists(path):
        raise Refused(
            f"{shown(path)} already exists, so nothing was written. To change that translation, open the file."
        )
    text = scaffold(read_source(original), slug, lang, settings, today)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:  # written by someone else since the check above
        raise Refused(f"{shown(path)} already exists, so nothing was written.") from None
    return path


def next_steps(path, original, settings) -> str:
    marker = settings["WRITING_HINT_MARKER"]
    return (
        f"Wrote {shown(path)}, a draft translation of {shown(original)}: it is not published yet.\n\n"
        "Next:\n"
        f"  1. Open it and replace each hint, '[{marker} translate: ...]', brackets and all, with\n"
        "     the translation of the words in it. Keep the ## headings as they are, and keep\n"
        f"     {settings['PHONE_PLACEHOLDER']} where the phone number goes.\n"
        "  2. 'Reviewed:' says today: make it the day the translation is approved.\n"
        "  3. Run 'make html' to check it (a draft is checked but not published).\n"
        "  4. When the translation is approved, delete the 'Status: draft' line and run\n"
        "     'make html' again: the build lists every hint still left, with its line."
    )


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        settings = scaffold_settings(args.settings)
        content = args.content or settings["PATH"]
        path = create(args.slug, args.lang, content, settings, hospital_today(settings))
    except (Refused, Usage) as problem:
        print(f"Cannot start the translation: {problem}", file=sys.stderr)
        return problem.exitcode
    print(next_steps(path, original_page(args.slug, content, settings), settings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
