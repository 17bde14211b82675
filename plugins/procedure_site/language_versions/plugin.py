"""Each language's own A–Z list, and what the templates need to link the
versions of the site together.

- Once the pages are read (``page_generator_finalized``), the published pages
  of each language go into the build's shared context as
  ``published_by_language`` (code -> pages, in LANGUAGES order). Nothing is
  kept in this module: the next build has a context of its own.
- Each page's public address (languages.public_address) is one of its facts
  (page_model/pipeline.py), for the kiosk's QR code.
- After Pelican writes the direct templates (``article_writer_finalized``),
  each other language of LANGUAGES that has published pages gets them again:
  the same ``index`` template at INDEX_LANG_SAVE_AS (``es/index.html``) and,
  where DIRECT_TEMPLATES has it, ``404`` at ``es/404.html``, rendered with
  ``lang=<code>`` and ``pages=`` that language's published pages. A language
  with no pages gets none.
- Jinja globals for the theme:
  ``site_languages()``, the languages with published pages (``.code``,
  ``.name``, ``.index_url``);
  ``public_address(page)``, a page's public address, or, without a page,
  ``public_address(lang=code)``, the public address of a language's A–Z list;
  ``az_groups(pages, lang)``, (label, anchor, pages) of each letter of the
  A–Z list in the language's order (collation.py).
"""


from pelican import signals

from sitebuild.plugin_guard import in_this_build

from .collation import az_groups
from .languages import (
    index_outputs,
    public_address,
    public_home_address,
    published_by_language,
    published_pages,
    site_languages,
)

CONTEXT_KEY = "published_by_language"


def template_globals(settings, context) -> dict:
    """The Jinja globals of one build. ``context`` is the build's shared
    context, read when a template calls them: by then every page is read."""
    default = settings["DEFAULT_LANG"]

    def _site_languages():
        return site_languages(settings, context.get(CONTEXT_KEY) or {})

    def _public_address(page=None, lang=None):
        if page is not None:
            return public_address(settings, page)
        return public_home_address(settings, lang or default)

    def _az_groups(pages, lang=None):
        return az_groups(pages, lang or default)

    return {"site_languages": _site_languages, "public_address": _public_address, "az_groups": _az_groups}


def add_template_globals(generator):
    if in_this_build(generator, __package__):
        generator.env.globals.update(template_globals(generator.settings, generator.context))


def record_published_pages(generator):
    if in_this_build(generator, __package__):
        generator.context[CONTEXT_KEY] = published_by_language(published_pages(generator), generator.settings)


def write_language_indexes(generator, writer):
    """Pelican's direct templates again for each other language with pages,
    as ArticlesGenerator.generate_direct_templates writes them."""
    if not in_this_build(generator, __package__):
        return
    settings = generator.settings
    for lang, pages in (generator.context.get(CONTEXT_KEY) or {}).items():
        if lang == settings["DEFAULT_LANG"] or lang not in settings["LANGUAGES"] or not pages:
            continue
        for template, save_as, url in index_outputs(settings, lang):
            writer.write_file(
                save_as,
                generator.get_template(template),
                generator.context,
                relative_urls=settings["RELATIVE_URLS"],
                template_name=template,
                page_name=save_as.rsplit(".", 1)[0],
                url=url,
                lang=lang,
                pages=pages,
            )


def register():
    signals.generator_init.connect(add_template_globals)
    signals.page_generator_finalized.connect(record_published_pages)
    signals.article_writer_finalized.connect(write_language_indexes)
