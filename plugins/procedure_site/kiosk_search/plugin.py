"""The kiosk's ways to find a page: its offline search index and the
departments on its home page (kiosk builds only: KIOSK in kioskconf.py).

- each valid procedure page keeps its headings (``page_headings``, called by
  page_model/pipeline.py) as ``page.kiosk_search_headings``, for the index;
- once the pages are written (``page_writer_finalized``), each language's
  index file is written beside its search page (index.py): the default
  language's always, another language's when it has published pages, as the
  language_versions plugin writes that language's search page;
- the templates get ``kiosk_search_index(lang)``, the index file's address
  relative to SITEURL, and ``department_groups(pages, lang)``, the pages under
  their departments in the language's order (ICU), for the home page;
- every build checks KIOSK_KEYBOARD_ROWS, the on-screen keyboard's letters.
"""

from pathlib import Path

import icu
from pelican import signals

from procedure_site.build_report.report import problem, report
from sitebuild.plugin_guard import in_this_build

from .index import department_groups, index_save_as, index_script, keyboard_problems, search_page_save_as

PUBLISHED_KEY = "published_by_language"  # the language_versions plugin's, in the build's context


def check_settings(pelican):
    if not in_this_build(pelican, __package__):
        return
    settings = pelican.settings
    report(
        problem("kioskconf.py", message, "see the comment above KIOSK_KEYBOARD_ROWS in kioskconf.py.")
        for message in keyboard_problems(settings.get("KIOSK_KEYBOARD_ROWS"), settings["LANGUAGES"])
    )


def page_headings(model) -> list[str]:
    """A procedure page's headings, which the kiosk's index searches
    (page_model/pipeline.py keeps them as ``kiosk_search_headings``)."""
    return [heading.text for heading in model.headings]


def collation_key(lang: str):
    """A sort key for texts in the language's own order (ICU), as the A–Z list sorts."""
    collator = icu.Collator.createInstance(icu.Locale.forLanguageTag(str(lang).replace("_", "-")))
    return collator.getSortKey


def add_template_globals(generator):
    if not in_this_build(generator, __package__):
        return
    settings = generator.settings

    def kiosk_search_index(lang=None):
        return index_save_as(settings, lang or settings["DEFAULT_LANG"])

    def _department_groups(pages, lang=None):
        return department_groups(pages, collation_key(lang or settings["DEFAULT_LANG"]))

    generator.env.globals.update(kiosk_search_index=kiosk_search_index, department_groups=_department_groups)


def write_indexes(generator, writer=None):
    if not in_this_build(generator, __package__):
        return
    settings = generator.settings
    if PUBLISHED_KEY not in generator.context:
        raise RuntimeError(
            "kiosk_search reads each language's published pages from the language_versions "
            "plugin, which must be in PLUGINS (pelicanconf.py)."
        )
    by_language = generator.context[PUBLISHED_KEY]
    for lang in settings["LANGUAGES"]:
        pages = by_language.get(lang) or []
        if lang != settings["DEFAULT_LANG"] and not pages:
            continue  # no search page is written for a language without pages
        target = Path(generator.output_path) / index_save_as(settings, lang)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(index_script(lang, pages, search_page_save_as(settings, lang)), encoding="utf-8")


def register():
    signals.get_generators.connect(check_settings)
    signals.generator_init.connect(add_template_globals)
    signals.page_writer_finalized.connect(write_indexes)
