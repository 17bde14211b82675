"""A new procedure page in one command: ``make new-procedure TITLE="Bone Biopsy"``.

(``python -m sitebuild.new_procedure --title "Bone Biopsy" [--content FOLDER]``.)

Writes ``<content>/<PROCEDURES_DIR>/<slug>.md``, a draft with:

- the metadata lines: Title, Slug (made from the title by Pelican's own
  slugify, with the site's slug settings, as the build would), Summary,
  Department, Owner and Keywords (each a writing hint), Reviewed (today's date in the
  hospital's TIMEZONE, for the editor to confirm) and ``Status: draft``;
- every required section heading of PROCEDURE_SECTIONS, in order, worded
  from the settings (the lead has no heading), each with a writing hint under
  it, and the PHONE_PLACEHOLDER in the call-to-action section.

A writing hint is ``[<WRITING_HINT_MARKER> what goes here]``: the marker comes
from the settings, where the writing_hints plugin reads it too, so a page
published with a hint still in it fails the build. A draft builds straight
away: drafts are not held to the section model.

It never overwrites a file, and refuses a title whose address (slug) another
page in the content folder already has: its ``Slug:`` line, or the slug
Pelican makes for it without one.

Exit status: 0 written; 1 refused (the file or the address is taken);
2 the command was not given what it needs (no title, a title that cannot be
a page's title, no such content folder or settings file).
"""

import argparse
import datetime
import fnmatch
import os
import re
import stat
import sys
from zoneinfo import ZoneInfo

from pelican.readers import MarkdownReader
from pelican.settings import read_settings
from pelican.utils import slugify

from .source_text import read_source

USAGE = 'make new-procedure TITLE="Bone Biopsy"'

# What goes in each section, by section id: the scaffold's own words for the
# editor. The headings and their order come from PROCEDURE_SECTIONS; a section
# added there without a hint here gets GENERIC_HINT.
SECTION_HINTS = {
    "lead": "say in plain words what {title} is and what it is for, in one or two short paragraphs.",
    "why": "say why {title} is done: which problems it helps with, and who may need it.",
    "during": "say what happens during {title}, step by step: where it is done, how long it "
    "takes and what the patient will feel.",
    "risks-benefits": "say how {title} helps, and what its risks and side effects are, in plain words.",
    "prepare": "say how to get ready for {title}: which medicines to stop or keep taking, when to "
    "stop eating and drinking, and whether someone must drive the patient home.",
    "after": "say what happens after {title}: recovery, when to go back to usual activities, and "
    "which problems mean the patient should call a doctor.",
    "appointment": "say what patients need to know before they call, such as a referral or the hours "
    "to call, or delete this hint; keep the sentence with the phone number below.",
}
GENERIC_HINT = "write what patients need to know about this part of {title}."
# The sentence that shows the appointment number in the call-to-action section.
CALL_TO_ACTION = "To make an appointment, call {placeholder}."
# Metadata lines written as hints, in order (Title, Slug, Reviewed and Status
# are filled in).
METADATA_HINTS = (
    ("Summary", "one plain sentence that says what {title} is"),
    ("Department", "the department that does {title}, for example Interventional Radiology"),
    ("Owner", "the clinical team that approves this text, for example the Interventional Radiology "
     "nurses; not a person or an email address"),
    ("Keywords", "words patients may search with that the text does not use, separated by commas, "
     "for example spine, bone cement; or delete this line"),
)
# A Slug: line as Markdown's meta extension reads it (the unique_urls plugin's rule).
SLUG_LINE = re.compile(r" {0,3}slug\s*:(.*)$", re.IGNORECASE)
TITLE_LINE = re.compile(r" {0,3}title\s*:(.*)$", re.IGNORECASE)
VALID_SLUG = re.compile(r"[a-z0-9-]+")


class Refused(Exception):
    """The page cannot be written: said in plain words, exit status 1."""

    exitcode = 1


class Usage(Exception):
    """The command was not given what it needs: exit status 2."""

    exitcode = 2


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m sitebuild.new_procedure",
        description="Write a new procedure page, a draft with every required section and a "
        f"writing hint in each. From make: {USAGE}",
    )
    parser.add_argument("--title", default="", help='the procedure\'s name, e.g. "Bone Biopsy"')
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--content", help="content folder (default: the settings' PATH)")
    return parser.parse_args(argv)


def shown(path) -> str:
    """``path`` as the person who ran the command would type it."""
    relative = os.path.relpath(path)
    return path if relative.startswith(os.pardir) else relative


def checked_title(title: str) -> str:
    if not title.strip():
        raise Usage(f"say which procedure to add, for example: {USAGE}")
    if any(ord(char) < 32 or ord(char) == 127 for char in title.strip()):
        raise Usage("the title must be one line of text, without tabs or line breaks.")
    title = " ".join(title.split())
    if "{" in title or "}" in title:
        raise Usage(
            "the title may not contain { or }: the build reads them as placeholders "
            "such as {phone}. Write the procedure's name in plain words."
        )
    return title


def slug_for(value: str, settings) -> str:
    """The slug Pelican makes from ``value`` with the site's settings, as the
    build does for a page without a Slug: line. A slug the build would refuse
    (other than lowercase letters, digits and hyphens) is cleaned as the
    build's own message suggests; "" when nothing usable is left."""
    made = slugify(
        value,
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )
    if VALID_SLUG.fullmatch(made):
        return made
    return re.sub(r"[^a-z0-9]+", "-", made.lower()).strip("-")


def metadata_value(text: str, pattern) -> str | None:
    """The value of the first metadata line (before the first blank line)
    matching ``pattern``, or None."""
    for line in text.splitlines():
        if not line.strip():
            return None
        match = pattern.match(line)
        if match:
            return match.group(1).strip()
    return None


def page_slug(path, settings) -> str:
    """The slug of an existing page: its Slug: line, else the one Pelican makes."""
    try:
        text = read_source(path, errors="replace")  # NFC, as the build reads it
    except OSError:
        text = ""
    slug = metadata_value(text, SLUG_LINE)
    if slug:
        return slug
    title = metadata_value(text, TITLE_LINE)
    if settings.get("SLUGIFY_SOURCE") == "title" and title:
        return slug_for(title, settings)
    return slug_for(os.path.splitext(os.path.basename(path))[0], settings)


def page_files(content, settings):
    """Every Markdown page in the content folder (hidden files left out, as
    the build leaves them out). Only ordinary files: a link or a named pipe is
    never a page (the build refuses it), and opening a pipe to read its slug
    would wait for ever."""
    ignores = settings.get("IGNORE_FILES", [])
    extensions = tuple(f".{ext}" for ext in MarkdownReader.file_extensions)
    for folder, subfolders, files in os.walk(content):
        subfolders[:] = sorted(d for d in subfolders if not any(fnmatch.fnmatch(d, i) for i in ignores))
        for name in sorted(files):
            if name.lower().endswith(extensions) and not any(fnmatch.fnmatch(name, i) for i in ignores):
                path = os.path.join(folder, name)
                if stat.S_ISREG(os.lstat(path).st_mode):
                    yield path


def taken_by(slug, content, settings):
    """The page whose address is already ``slug``, or None."""
    return next((path for path in page_files(content, settings) if page_slug(path, settings) == slug), None)


def hint(marker: str, text: str) -> str:
    return f"[{marker} {text}]"


def scaffold(title: str, slug: str, settings, today: datetime.date) -> str:
    """The new page's Markdown."""
    marker = settings["WRITING_HINT_MARKER"]
    lines = [f"Title: {title}", f"Slug: {slug}"]
    lines += [f"{key}: {hint(marker, words.format(title=title))}" for key, words in METADATA_HINTS]
    lines += [f"Reviewed: {today.isoformat()}", "Status: draft"]
    for spec in settings["PROCEDURE_SECTIONS"]:
        lines.append("")
        if spec["heading"]:
            lines += [f"## {spec['heading'][settings['DEFAULT_LANG']].format(title=title)}", ""]
        lines.append(hint(marker, SECTION_HINTS.get(spec["id"], GENERIC_HINT).format(title=title)))
        if spec.get("call_to_action"):
            lines += ["", CALL_TO_ACTION.format(placeholder=settings["PHONE_PLACEHOLDER"])]
    return "\n".join(lines) + "\n"


def create(title: str, content: str, settings, today: datetime.date) -> str:
    """Write the new page; returns its path. Raises Refused or Usage."""
    title = checked_title(title)
    slug = slug_for(title, settings)
    if not slug:
        raise Usage(
            f"the title {title!r} has no letters or digits to make the page's address from. "
            "Write the procedure's name in words."
        )
    limit = settings["SLUG_MAX_CHARACTERS"]
    if len(slug) > limit:  # the build would refuse the page (over 255 bytes, it could not even write it)
        raise Usage(
            f"the title makes an address of {len(slug)} characters (procedures/{slug[:limit // 2]}…/); the "
            f"limit is {limit}. Write the procedure's name in a few words, and say more in the Summary."
        )
    if not os.path.isdir(content):
        raise Usage(f"there is no content folder {content!r}.")
    path = os.path.join(content, settings["PROCEDURES_DIR"], f"{slug}.md")
    if os.path.lexists(path):
        raise Refused(
            f"{shown(path)} already exists, so nothing was written. To change that page, "
            "open the file; for a new procedure, choose a different title."
        )
    other = taken_by(slug, content, settings)
    if other is not None:
        raise Refused(
            f"the address procedures/{slug}/ is already used by {shown(other)}, so nothing "
            "was written. Two pages may not share an address: choose a different title, or "
            "change that page instead."
        )
    os.makedirs(os.path.dirname(path), exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(scaffold(title, slug, settings, today))
    except FileExistsError:  # written by someone else since the check above
        raise Refused(f"{shown(path)} already exists, so nothing was written.") from None
    return path


def hospital_today(settings) -> datetime.date:
    """Today in the hospital's time zone (TIMEZONE), the day the build judges
    review dates by: a Reviewed: date written from a computer in another zone
    is never a day ahead of the build's."""
    return datetime.datetime.now(ZoneInfo(settings.get("TIMEZONE") or "UTC")).date()


def next_steps(path, settings) -> str:
    marker = settings["WRITING_HINT_MARKER"]
    return (
        f"Wrote {shown(path)}, a draft: it is not published yet.\n\n"
        "Next:\n"
        f"  1. Open it and write the text in place of each hint, '[{marker} ...]', brackets and all.\n"
        "     Keep the ## headings as they are, and keep "
        f"{settings['PHONE_PLACEHOLDER']} where the phone number goes.\n"
        "  2. Fill in the Summary, Department and Owner lines. 'Reviewed:' says today: make it\n"
        "     the day the owner approves the text. 'Keywords:' helps patients find the page with\n"
        "     their own words (say 'back' for a spine procedure); delete it if none are needed.\n"
        "  3. Run 'make preview' and open the page in the browser as you write: the preview\n"
        "     builds a draft at its future address, with a banner, and shows every problem\n"
        "     (each hint left is one). 'make html', 'make publish' and 'make kiosk' leave drafts out.\n"
        "  4. When the text is approved, delete the 'Status: draft' line and run 'make html':\n"
        "     the build lists every hint still left, with its line."
    )


def scaffold_settings(path):
    """The settings a scaffolding command reads (this one, new_translation's),
    with the writing-hint marker they need. Raises Usage."""
    if not os.path.isfile(path):
        raise Usage(f"there is no settings file {path!r}.")
    settings = read_settings(path)
    if not settings.get("WRITING_HINT_MARKER"):
        raise Usage(f"{path} has no WRITING_HINT_MARKER, the mark of a writing hint.")
    return settings


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        settings = scaffold_settings(args.settings)
        content = args.content or settings["PATH"]
        path = create(args.title, content, settings, hospital_today(settings))
    except (Refused, Usage) as problem:
        print(f"Cannot add the page: {problem}", file=sys.stderr)
        return problem.exitcode
    print(next_steps(path, settings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
