"""Every page the build writes has an address of its own, in plain characters.

- A ``Slug:`` line may hold only lowercase letters, digits and hyphens: the
  slug is the folder in the page's address (``procedures/<slug>/``), and
  ``Slug: Kypho Plasty Page`` would make a folder with spaces and capitals.
  Only an explicit ``Slug:`` line is checked; a slug Pelican makes from the
  file name is already clean. A character that cannot be seen, or a letter of
  another alphabet that looks like a plain one (Cyrillic "е"), is named by
  its code point and Unicode name: the slug looks right, so the message must
  say what is wrong with it. Drafts are checked too: the slug is chosen now,
  and a draft should be ready to publish by changing its Status alone.
- A page's ``Lang:`` is one of LANGUAGES, and a translation lives in its
  language's folder (``content/procedures/es/``). ``Lang: ES`` is told that
  codes are lowercase, once: a page in no known language is left out of the
  translation checks below (and procedure_model does not hold it to
  headings in a language it has none for).
- A translation (same ``Slug:``, another ``Lang:``) needs its original in
  the default language; Pelican would otherwise publish it alone, at the
  original's address.
- Two pages that would be written to the same address (same slug and
  language) fail the build.
  Pelican keeps one of them and quietly drops the other as a "translation",
  so a patient would see the wrong procedure at a URL. Drafts are never
  written, so a draft never clashes (a revised copy may be prepared under the
  published page's slug).

Nothing is kept between builds: the clash check reads the pages generator's
own lists once they are complete, so a devserver that builds many times in
one process starts each build afresh.
"""

import os
import re
from itertools import chain

from pelican import signals
from pelican.contents import Page
from pelican.utils import slugify

from procedure_site.build_report.report import problem, report
from sitebuild.plugin_guard import in_this_build
from sitebuild.source_text import read_source, source_lines
from sitebuild.unicode_text import describe_invisible, describe_lookalikes, without_invisible



SLUG = re.compile(r"[a-z0-9-]+")
SLUG_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789-"
SLUG_LINE = re.compile(r" {0,3}slug:", re.IGNORECASE)  # as Markdown's meta extension reads it
STATUS_LINE = re.compile(r" {0,3}status:", re.IGNORECASE)


def is_valid_slug(slug: str) -> bool:
    return SLUG.fullmatch(slug) is not None


def suggested_slug(slug: str, regex_subs=()) -> str:
    """A slug of only lowercase letters, digits and hyphens, made from ``slug``
    with Pelican's own slugify (and the site's SLUG_REGEX_SUBSTITUTIONS); ""
    when nothing usable is left."""
    made = slugify(slug, regex_subs=regex_subs, preserve_case=False, use_unicode=False)
    return re.sub(r"[^a-z0-9]+", "-", made).strip("-")


def metadata_line(text: str, pattern=SLUG_LINE):
    """The 1-based number of the first metadata line (the lines before the
    first blank one) matching ``pattern``, or None."""
    for number, line in enumerate(source_lines(text), start=1):
        if not line.strip():
            return None
        if pattern.match(line):
            return number
    return None


def header_line(path, pattern=SLUG_LINE) -> int | None:
    """The line of the file's header line matching ``pattern`` (SLUG_LINE,
    STATUS_LINE, LANG_LINE), or None."""
    try:
        return metadata_line(read_source(path), pattern)
    except (OSError, UnicodeDecodeError):  # an unreadable file is reported on its own
        return None


def slug_problem(slug: str, fallback: str, regex_subs=(), limit: int | None = None):
    """(message, fix) for a Slug: line that is not allowed, or None.

    ``fallback`` is the slug the page gets without the line (from its file
    name). The slug suggested is at most ``limit`` characters long (a fix
    that the next build refused as too long would be no fix)."""
    if is_valid_slug(slug):
        return None
    shown = without_invisible(slug)
    invisible = describe_invisible(slug)
    lookalikes = describe_lookalikes(shown, SLUG_CHARACTERS)
    if invisible:
        message = (
            f"the slug '{shown}' holds an invisible character: {invisible}. It cannot be seen, but "
            "it would be part of the page's address."
        )
    elif lookalikes:
        message = (
            f"the slug '{shown}' holds a letter from another alphabet: {lookalikes}. A slug may hold "
            "only lowercase letters a-z, digits and hyphens (-): it becomes the page's address."
        )
    elif slug.strip():
        message = (
            f"the slug '{slug}' may hold only lowercase letters, digits and hyphens "
            "(-): it becomes the page's address."
        )
    else:
        message = "the 'Slug:' line is empty."
    suggestion = suggested_slug(shown, regex_subs)
    if suggestion and limit is not None and len(suggestion) > limit:
        suggestion = shorter_slug(suggestion, limit)
    if suggestion:
        fix = f"write it as 'Slug: {suggestion}'."
    else:
        fix = f"write a slug such as 'Slug: {fallback}', or remove the line to use the file name."
    return message, fix


def shorter_slug(slug: str, limit: int) -> str:
    """``slug`` cut at a hyphen to at most half of ``limit``: a suggestion."""
    cut = slug[: limit // 2 + 1]
    return cut.rsplit("-", 1)[0] if "-" in cut.strip("-") else cut[: limit // 2]


def long_slug_problem(content):
    """(message, fix) when the page's slug, from its Slug: line or its file
    name, is longer than SLUG_MAX_CHARACTERS, or None. The slug suggested
    is one the build takes: cut at a hyphen, in lowercase letters, digits
    and hyphens."""
    slug, limit = str(getattr(content, "slug", "") or ""), content.settings["SLUG_MAX_CHARACTERS"]
    if len(slug) <= limit:
        return None
    message = (f"the page's address, procedures/{slug[:limit // 2]}…/, is {len(slug)} characters long: an address "
               f"patients read and type is at most {limit}.")
    shorter = shorter_slug(suggested_slug(slug, content.settings.get("SLUG_REGEX_SUBSTITUTIONS", ())) or slug, limit)
    if "slug" in content.metadata:
        return message, f"write a shorter slug, such as 'Slug: {shorter}'."
    return message, f"give the page a shorter address with a 'Slug: {shorter}' line, or a shorter file name."


def check_slug(content):
    """A Slug: line of other characters than the slug's is named with a slug
    to write (short enough, if the line was too long too: one problem, one
    fix that holds); any other slug too long for an address, from its line
    or its file name, with a shorter one."""
    if not in_this_build(content, __package__):
        return
    if not isinstance(content, Page):
        return
    settings = content.settings
    written = "slug" in content.metadata
    slug = str(content.metadata["slug"]) if written else ""
    if written and not is_valid_slug(slug):
        regex_subs = settings.get("SLUG_REGEX_SUBSTITUTIONS", ())
        fallback = suggested_slug(content.get_relative_source_path().rsplit("/", 1)[-1].rsplit(".", 1)[0], regex_subs)
        found = slug_problem(slug, fallback or "procedure-name", regex_subs, settings["SLUG_MAX_CHARACTERS"])
        report([problem(content.source_path, *found, line=header_line(content.source_path))])
        return
    too_long = long_slug_problem(content)
    if too_long:
        report([problem(content.source_path, *too_long, line=header_line(content.source_path) if written else None)])


LANG_LINE = re.compile(r" {0,3}lang:", re.IGNORECASE)


def folder_language(content) -> str | None:
    """The language folder a page is in (content/procedures/es/ -> "es"),
    or None for a page directly in content/procedures/ (or elsewhere)."""
    settings = content.settings
    procedures = os.path.join(os.path.abspath(settings["PATH"]), settings["PROCEDURES_DIR"])
    relative = os.path.relpath(os.path.abspath(content.source_path), procedures).replace(os.sep, "/")
    return relative.split("/", 1)[0] if "/" in relative else None


def lang_line_empty(content) -> bool:
    """Whether the page has a 'Lang:' line with nothing on it: Pelican then
    gives it no language, and an address outside the site."""
    written = (getattr(content, "metadata", None) or {}).get("lang")
    return written is not None and not str(written).strip()


def lang_unsaid(content) -> bool:
    """Whether the page says no language: no 'Lang:' line, or an empty one.
    A page in a language's folder that says none is that language's page
    with a line forgotten (make new-translation writes it), so its headings
    are matched in that language (procedure_model) and it is left out of the
    address checks below: its one problem is the missing line."""
    return lang_line_empty(content) or "lang" not in (getattr(content, "metadata", None) or {})


def language_folder_unsaid(content) -> str | None:
    """The language of a page's folder when the page says none and the
    folder is a language's other than the default's ("es"), else None."""
    settings = content.settings
    folder = folder_language(content)
    if folder in settings["LANGUAGES"] and folder != settings["DEFAULT_LANG"] and lang_unsaid(content):
        return folder
    return None


def language_problem(content):
    """(message, fix) when a page's Lang: is unknown or its folder is not its language's."""
    settings = content.settings
    languages, default = settings["LANGUAGES"], settings["DEFAULT_LANG"]
    known = ", ".join(f"'{code}' ({name})" for code, name in languages.items())
    folder = folder_language(content)
    if lang_line_empty(content):
        # Pelican skips the page with an error that names neither the line nor the fix.
        if folder in languages and folder != default:
            fix = f"write 'Lang: {folder}', the language of the folder it is in."
        else:
            fix = f"write the page's language, one of {known}, or delete the line for a page in {languages[default]}."
        return "the 'Lang:' line is empty, so the page would have no address.", fix
    if language_folder_unsaid(content):
        return (
            f"this page is in the '{folder}' folder but has no 'Lang:' line, so the build would take it for a page "
            f"in {languages[default]}, at the address of the {languages[default]} page with its slug.",
            f"add 'Lang: {folder}' at the top if it is the {languages[folder]} version, or move it out of that folder.",
        )
    lang = getattr(content, "lang", None) or default
    if lang not in languages and str(lang).lower() in languages:
        return (
            f"'Lang: {lang}': language codes are lowercase.",
            f"write it as 'Lang: {str(lang).lower()}'.",
        )
    if lang not in languages:
        return (
            f"'Lang: {lang}' is not one of the site's languages.",
            f"use one of {known}; a developer adds a language to LANGUAGES in pelicanconf.py.",
        )
    if lang != default and folder != lang:
        return (
            f"this page says 'Lang: {lang}', so it belongs in content/{settings['PROCEDURES_DIR']}/{lang}/.",
            f"move the file into content/{settings['PROCEDURES_DIR']}/{lang}/, next to the other "
            f"{languages[lang]} pages.",
        )
    if folder in languages and folder != lang:
        return (
            f"this page is in the '{folder}' folder but says 'Lang: {lang}'.",
            f"write 'Lang: {folder}' at the top if it is the {languages[folder]} version, or move it "
            "out of that folder.",
        )
    return None


def check_language(content):
    if not isinstance(content, Page) or not in_this_build(content, __package__):
        return
    found = language_problem(content)
    if found:
        line = header_line(content.source_path, LANG_LINE)
        # A Lang: line to add goes at the top, as a missing header line's does.
        report([problem(content.source_path, *found, line=line or (1 if language_folder_unsaid(content) else None))])


def translation_problems(pages, default, languages=None, drafts=()):
    """(path, message, fix, the header line it is about: "Slug:" or
    "Status:") for two versions in one language, and for a translation whose
    default-language page does not exist. A page in none of ``languages``
    (when given) is left out: its Lang: line is reported."""
    by_slug = {}
    for page in pages:
        if languages is not None and page.lang not in languages:
            continue
        if languages is not None and language_folder_unsaid(page):
            continue  # its language is not known: its missing Lang: line is its problem
        if getattr(page, "slug", None):
            by_slug.setdefault(page.slug, []).append(page)
    for slug, versions in sorted(by_slug.items()):
        by_lang = {}
        for page in versions:
            by_lang.setdefault(page.lang, []).append(page.source_path)
        for lang, paths in sorted(by_lang.items()):
            if len(paths) > 1:
                for path in sorted(paths):
                    others = ", ".join(p for p in sorted(paths) if p != path)
                    what = "page" if lang == default else f"'{lang}' translation"
                    yield (
                        path,
                        f"the slug '{slug}' is also used by {others}: two {what}s would have the same address.",
                        "give one page a different 'Slug:' line (or rename its file); a translation "
                        "has its original's slug and its own 'Lang:'.",
                        "Slug:",
                    )
        originals = [page for page in versions if page.lang == default]
        if originals:
            status = getattr(originals[0], "status", "published")
            for page in versions:
                if page.lang != default and getattr(page, "status", "published") != status:
                    yield (
                        page.source_path,
                        f"this '{page.lang}' translation is {page.status} but its original, "
                        f"{originals[0].source_path}, is {status}: a hidden page's translation would "
                        "show in the default language's A–Z list.",
                        f"give the translation the same 'Status:' as its original ({status}).",
                        "Status:",
                    )
        if default not in by_lang:
            draft = next((page.source_path for page in drafts if page.slug == slug and page.lang == default), None)
            status_of = {page.source_path: getattr(page, "status", "published") for page in versions}
            for lang, paths in sorted(by_lang.items()):
                for path in paths:
                    if draft is not None:
                        yield (
                            path,
                            f"this '{lang}' translation is {status_of[path]} but its original, {draft}, is a draft: the "
                            "translation would be published alone, at the original's address.",
                            "give the translation 'Status: draft' too until its original is approved (then remove "
                            "the line from both).",
                            "Slug:",
                        )
                        continue
                    yield (
                        path,
                        f"this '{lang}' translation has no page in the default language ('{default}') "
                        f"with 'Slug: {slug}'.",
                        "a translation is published with its original: add the original page first, or "
                        "make this page's 'Slug:' line the same as its original's.",
                        "Slug:",
                    )


def written_pages(generator):
    """The pages this build writes: published and hidden ones; never drafts."""
    return chain(generator.pages, generator.translations, generator.hidden_pages, generator.hidden_translations)


def report_clashes(generator):
    if not in_this_build(generator, __package__):
        return
    settings = generator.settings
    # Each at the header line it is about, when the page has one (a slug may
    # come from the file name, a status be left to its default).
    report(
        problem(path, message, fix, line=header_line(path, {"Slug:": SLUG_LINE, "Status:": STATUS_LINE}[key]))
        for path, message, fix, key in translation_problems(
            written_pages(generator), settings["DEFAULT_LANG"], settings["LANGUAGES"],
            drafts=list(chain(generator.draft_pages, generator.draft_translations)),
        )
    )


def register():
    signals.content_object_init.connect(check_slug)
    signals.content_object_init.connect(check_language)
    signals.page_generator_finalized.connect(report_clashes)
