"""Keywords: metadata and SEARCH_SYNONYMS, checked once for both searches.

- every build checks SEARCH_SYNONYMS (keywords.synonym_problems);
- each page's ``Keywords:`` is checked in the page model's check phase and
  kept as ``page.search_keywords`` (a list; empty when the page has none), for
  the website's index (site_search) and the kiosk's (kiosk_search);
- templates get ``search_synonyms(lang)``: that language's lay terms, folded
  the way the search scripts fold a query, each with the words it adds.
"""

from pelican import signals

from procedure_site.build_report.report import problem, report
from sitebuild.plugin_guard import in_this_build

from .keywords import normalized_synonyms, parse_keywords, synonym_problems




def check_setting(pelican):
    if not in_this_build(pelican, __package__):
        return
    settings = pelican.settings
    report(
        problem("pelicanconf.py", message, "see the comment above SEARCH_SYNONYMS in pelicanconf.py.")
        for message in synonym_problems(settings.get("SEARCH_SYNONYMS", {}), settings["LANGUAGES"])
    )


def page_keywords(content) -> tuple[list, list]:
    """(the page's Keywords:, its problems as data): page_model/pipeline.py
    keeps the one on the page (``search_keywords``) and reports the other."""
    if "keywords" not in content.metadata:
        return [], []
    if content.settings["WRITING_HINT_MARKER"] in str(content.metadata["keywords"]):
        return [], []  # a writing hint left in the line: writing_hints says so, once
    keywords, problems = parse_keywords(content.metadata["keywords"])
    return keywords, [problem(content.source_path, message, fix, find="Keywords:") for message, fix in problems]


def add_template_global(generator):
    if not in_this_build(generator, __package__):
        return
    synonyms = generator.settings.get("SEARCH_SYNONYMS", {})
    default = generator.settings["DEFAULT_LANG"]

    def search_synonyms(lang=None):
        return normalized_synonyms(synonyms, lang or default)

    generator.env.globals["search_synonyms"] = search_synonyms


def register():
    signals.get_generators.connect(check_setting)
    signals.generator_init.connect(add_template_global)
