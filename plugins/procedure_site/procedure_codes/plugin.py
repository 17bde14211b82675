"""``Codes:`` metadata: each page's codes, checked on its one parse, and a
translation's held to its original's.

- ``page_codes(content, model)``: the page's own codes and their problems,
  as data; page_model/pipeline.py keeps the codes in the page's facts
  (``page.facts.procedure_codes``, a tuple; empty when it has none) and reports
  the problems, at the ``Codes:`` line of the source (metadata_lines.py reads
  the lines as the meta extension does).
- A translation lists its original's codes, or none and inherits them
  (``codes_of(page)``, which the structured data and the lookup files read).
  Once every page is read, a translation whose codes differ is a problem
  (``translation_problems``), in every flavour: the kiosk has no lookup
  files, but the same content must pass every build.
"""

from pelican import signals

from procedure_site.build_report.report import problem, report
from procedure_site.procedure_model.metadata_lines import metadata_lines
from procedure_site.unique_urls.urls import written_pages
from sitebuild.plugin_guard import in_this_build
from sitebuild.source_text import read_source

from .codes import parse_codes

KEY = "codes"


def codes_line(source: str) -> int | None:
    """The line of the page's ``Codes:`` metadata, or None."""
    return next((line.number for line in metadata_lines(source) if line.key == KEY), None)


def page_codes(content, model) -> tuple[tuple, list]:
    """(the page's own codes, their problems as data)."""
    if KEY not in content.metadata:
        return (), []
    value = content.metadata[KEY]
    if content.settings["WRITING_HINT_MARKER"] in str(value):
        return (), []  # a writing hint left in the line: writing_hints says so, once
    codes, found = parse_codes(value)
    line = codes_line(model.source)
    return tuple(codes), [problem(content.source_path, message, fix, line=line) for message, fix in found]


def original_of(page):
    """The default-language version of ``page`` (Pelican's ``translations``
    name every other version of a page once the pages are read), or None."""
    versions = getattr(page, "translations", None)
    if not versions:
        return None
    default = page.settings["DEFAULT_LANG"]
    if getattr(page, "lang", default) == default:
        return None
    return next((other for other in versions if other.lang == default), None)


def own_codes(page) -> tuple:
    """The codes the page's own Codes: line gives (none for a page without
    facts: a draft, a page of another build)."""
    facts = getattr(page, "facts", None)
    return facts.procedure_codes if facts is not None else ()


def codes_of(page) -> tuple:
    """The codes a page is found by: its own, or, for a translation that
    lists none, its original's."""
    own = own_codes(page)
    if own:
        return own
    original = original_of(page)
    return own_codes(original) if original is not None else ()


def translation_problems(pages, default: str):
    """(path, message, fix) for each translation whose codes are not its original's."""
    originals = {page.slug: page for page in pages if page.lang == default}
    for page in pages:
        original = originals.get(page.slug)
        own = own_codes(page)
        if page.lang == default or original is None or not own:
            continue
        theirs = own_codes(original)
        if sorted(own) != sorted(theirs):
            listed = ", ".join(code.label for code in theirs) or "no codes"
            yield (
                page.source_path,
                f"this '{page.lang}' translation lists Codes: {', '.join(c.label for c in own)}, but its original, "
                f"{original.source_path}, lists {listed}: a record system would find the two versions by "
                "different codes.",
                "give the translation the same 'Codes:' line as its original, or delete the line: a "
                "translation without one has its original's codes.",
            )


def report_translations(generator):
    if not in_this_build(generator, __package__):
        return
    pages = list(written_pages(generator))
    report(
        problem(path, message, fix, line=_line_of(path))
        for path, message, fix in translation_problems(pages, generator.settings["DEFAULT_LANG"])
    )


def _line_of(path):
    try:
        return codes_line(read_source(path))
    except (OSError, UnicodeDecodeError):
        return None


def register():
    signals.page_generator_finalized.connect(report_translations)
