"""The kiosk's ways to find a page: its offline search index and the
departments on its home page (kiosk builds only: KIOSK in kioskconf.py).

- each valid procedure page keeps its headings (``page_headings``, called by
  page_model/pipeline.py) in its facts (``page.facts.kiosk_search_headings``), for the index;
- once the pages are written (``page_writer_finalized``), each language's
  index file is written beside its search page (index.py): the default
  language's always, another language's when it has published pages, as the
  language_versions plugin writes that language's search page. Node builds
  each index (make_index.cjs) with MiniSearch, which the build copies from
  node_modules (pinned in package.json and package-lock.json, installed by
  ``npm ci`` as the Nu checker is) into the theme's js folder, byte for byte:
  the search page loads it with a plain ``<script src>``;
- a kiosk build without node_modules/minisearch, or without Node, stops
  before writing anything with one problem that says to run ``npm ci``;
- the templates get ``kiosk_search_index(lang)``, the index file's address
  relative to SITEURL, and ``department_groups(pages, lang)``, the pages under
  their departments in the language's order (ICU), for the home page;
- every build checks KIOSK_KEYBOARD_ROWS, the on-screen keyboard's letters.
"""

import json
import shutil
import subprocess
from pathlib import Path

from pelican import signals

from procedure_site.build_report.report import problem, report
from procedure_site.language_versions.collation import collator_for
from sitebuild.plugin_guard import in_this_build

from .index import department_groups, documents, index_save_as, index_script, keyboard_problems, search_page_save_as

PUBLISHED_KEY = "published_by_language"  # the language_versions plugin's, in the build's context

PROJECT = Path(__file__).resolve().parents[3]
# MiniSearch's browser build (UMD: one global, MiniSearch), as npm installs it.
MINISEARCH = PROJECT / "node_modules" / "minisearch" / "dist" / "umd" / "index.js"
MINISEARCH_ASSET = "js/minisearch.js"  # in the output's theme folder (THEME_STATIC_DIR)
TERMS = PROJECT / "theme" / "kiosk-static" / "js" / "kiosk-search-terms.js"
MAKE_INDEX = Path(__file__).with_name("make_index.cjs")


def setup_problems() -> list:
    """What the machine lacks to build the kiosk's search: a setup problem,
    said once with its fix, not a traceback from deep in the build."""
    if not MINISEARCH.is_file():
        return [
            problem(
                "package.json",
                "The kiosk's search needs MiniSearch from node_modules, which is not installed "
                "(node_modules/minisearch/dist/umd/index.js is missing).",
                "run `npm ci` in the project folder (make kiosk runs it for you), then build again.",
            )
        ]
    if shutil.which("node") is None:
        return [problem("package.json", "The kiosk's search index is built with Node, which is not installed.",
                        "install Node.js 18 or later, run `npm ci`, then build again.")]
    return []


def check_settings(pelican):
    if not in_this_build(pelican, __package__):
        return
    settings = pelican.settings
    report(
        problem("kioskconf.py", message, "see the comment above KIOSK_KEYBOARD_ROWS in kioskconf.py.")
        for message in keyboard_problems(settings.get("KIOSK_KEYBOARD_ROWS"), settings["LANGUAGES"])
    )
    report(setup_problems())


def page_headings(model) -> list[str]:
    """A procedure page's headings, which the kiosk's index searches
    (page_model/pipeline.py keeps them in the page's facts)."""
    return [heading.text for heading in model.headings]


def collation_key(lang: str):
    """A sort key for texts in the language's own order (ICU), as the A–Z list sorts."""
    return collator_for(lang).getSortKey


def add_template_globals(generator):
    if not in_this_build(generator, __package__):
        return
    settings = generator.settings

    def kiosk_search_index(lang=None):
        return index_save_as(settings, lang or settings["DEFAULT_LANG"])

    def _department_groups(pages, lang=None):
        return department_groups(pages, collation_key(lang or settings["DEFAULT_LANG"]))

    generator.env.globals.update(
        kiosk_search_index=kiosk_search_index,
        kiosk_minisearch=f"{settings['THEME_STATIC_DIR']}/{MINISEARCH_ASSET}",
        department_groups=_department_groups,
    )


def serialised_index(lang: str, docs: list[dict], stop_words=()) -> dict:
    """MiniSearch's index of ``docs`` (``toJSON``), made by Node with the
    vendored MiniSearch and the page's own word rules; ``stop_words``: the
    language's SEARCH_STOP_WORDS, which the page gets too."""
    done = subprocess.run(
        ["node", str(MAKE_INDEX), str(MINISEARCH), str(TERMS), json.dumps(list(stop_words))],
        input=json.dumps(docs, ensure_ascii=True),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"Node could not build the kiosk's {lang} search index:\n{done.stderr}")
    return json.loads(done.stdout)


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
    if setup_problems():
        return  # said when the build began (check_settings); the build fails with it
    vendored = Path(generator.output_path) / settings["THEME_STATIC_DIR"] / MINISEARCH_ASSET
    vendored.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(MINISEARCH, vendored)
    for lang in settings["LANGUAGES"]:
        pages = by_language.get(lang) or []
        if lang != settings["DEFAULT_LANG"] and not pages:
            continue  # no search page is written for a language without pages
        target = Path(generator.output_path) / index_save_as(settings, lang)
        target.parent.mkdir(parents=True, exist_ok=True)
        docs = documents(pages, search_page_save_as(settings, lang))
        stop_words = (settings.get("SEARCH_STOP_WORDS") or {}).get(lang, [])
        target.write_text(index_script(lang, serialised_index(lang, docs, stop_words)), encoding="utf-8")


def register():
    signals.get_generators.connect(check_settings)
    signals.generator_init.connect(add_template_globals)
    signals.page_writer_finalized.connect(write_indexes)
