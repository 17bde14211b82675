"""Every page the build writes has an address of its own, in plain characters.

- A ``Slug:`` line may hold only lowercase letters, digits and hyphens: the
  slug is the folder in the page's address (``procedures/<slug>/``), and
  ``Slug: Kypho Plasty Page`` would make a folder with spaces and capitals.
  Only an explicit ``Slug:`` line is checked; a slug Pelican makes from the
  file name is already clean. Drafts are checked too: the slug is chosen now,
  and a draft should be ready to publish by changing its Status alone.
- Two pages that would be written to the same address fail the build.
  Pelican keeps one of them and quietly drops the other as a "translation",
  so a patient would see the wrong procedure at a URL. Drafts are never
  written, so a draft never clashes (a revised copy may be prepared under the
  published page's slug).

Nothing is kept between builds: the clash check reads the pages generator's
own lists once they are complete, so a devserver that builds many times in
one process starts each build afresh.
"""

import re
from itertools import chain

from blinker import signal
from pelican import signals
from pelican.contents import Page
from pelican.utils import slugify


def in_this_build(sender) -> bool:
    """Plugins stay connected for the life of the process, which may also run
    builds whose settings do not list this one (tests build in-process)."""
    return __package__ in (sender.settings.get("PLUGINS") or ())


content_problem = signal("content_problem")

SLUG = re.compile(r"[a-z0-9-]+")
SLUG_LINE = re.compile(r" {0,3}slug:", re.IGNORECASE)  # as Markdown's meta extension reads it


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
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            return None
        if pattern.match(line):
            return number
    return None


def _source_line(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return metadata_line(handle.read())
    except (OSError, UnicodeDecodeError):  # an unreadable file is reported on its own
        return None


def slug_problem(slug: str, fallback: str, regex_subs=()):
    """(message, fix) for a Slug: line that is not allowed, or None.

    ``fallback`` is the slug the page gets without the line (from its file
    name)."""
    if is_valid_slug(slug):
        return None
    message = (
        f"the slug '{slug}' may hold only lowercase letters, digits and hyphens "
        "(-): it becomes the page's address."
        if slug.strip()
        else "the 'Slug:' line is empty."
    )
    suggestion = suggested_slug(slug, regex_subs)
    if suggestion:
        fix = f"write it as 'Slug: {suggestion}'."
    else:
        fix = f"write a slug such as 'Slug: {fallback}', or remove the line to use the file name."
    return message, fix


def check_slug(content):
    if not in_this_build(content):
        return
    if not isinstance(content, Page) or "slug" not in content.metadata:
        return  # no Slug: line: the slug comes from the file name
    slug = str(content.metadata["slug"])
    settings = content.settings
    regex_subs = settings.get("SLUG_REGEX_SUBSTITUTIONS", ())
    fallback = suggested_slug(content.get_relative_source_path().rsplit("/", 1)[-1].rsplit(".", 1)[0], regex_subs)
    problem = slug_problem(slug, fallback or "procedure-name", regex_subs)
    if problem:
        message, fix = problem
        content_problem.send(content.source_path, message=message, fix=fix, line=_source_line(content.source_path))


def written_pages(generator):
    """The pages this build writes: published and hidden ones; never drafts."""
    return chain(generator.pages, generator.translations, generator.hidden_pages, generator.hidden_translations)


def clashes(pages):
    """{slug: sorted source paths} for every slug used by more than one page."""
    by_slug = {}
    for page in pages:
        if getattr(page, "slug", None):
            by_slug.setdefault(page.slug, set()).add(page.source_path)
    return {slug: sorted(paths) for slug, paths in sorted(by_slug.items()) if len(paths) > 1}


def report_clashes(generator):
    if not in_this_build(generator):
        return
    for slug, paths in clashes(written_pages(generator)).items():
        for path in paths:
            others = ", ".join(p for p in paths if p != path)
            content_problem.send(
                path,
                message=f"the slug '{slug}' is also used by {others}, so both "
                "pages would have the same address.",
                fix="give one page a different 'Slug:' line (or rename its file).",
            )


def register():
    signals.content_object_init.connect(check_slug)
    signals.page_generator_finalized.connect(report_clashes)
