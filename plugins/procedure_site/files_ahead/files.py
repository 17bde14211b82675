"""The pages' and the lookup files' files and folders, made empty ahead of
their writers by a worker of the build's pool (sitebuild/files_ahead.py
says why, and how safely), from the moment Pelican asks for its writer
(``get_writer``: every page is read and checked, nothing is written yet)
until everything is written (``finalized``, before the output stages). A
tool that stops where Pelican asks for a writer (sitebuild/collect.py) and
the preview's saves, which write one page's files, hand over nothing.

The list is the writers' own, in their order: Pelican's page generator
writes each page at its ``save_as``, the translations, the pages, the
hidden ones and the drafts, in that order (``PagesGenerator.generate_output``),
then ehr_connect writes each code's lookup files (``lookup_files``). Working
it out takes the build's process about 10 ms at 1,000 pages.
"""

from itertools import chain

from pelican import signals

from procedure_site.ehr_connect.plugin import lookup_files
from sitebuild import files_ahead
from sitebuild.plugin_guard import in_this_build


def page_files(generator):
    """The file of each page Pelican's page generator writes, in its order."""
    for page in chain(generator.translations, generator.pages, generator.hidden_translations,
                      generator.hidden_pages, generator.draft_translations, generator.draft_pages):
        save_as = page.save_as
        if save_as:
            yield save_as


_build = {"pages": None}  # the page generator of the build under way


def note_pages(generator):
    _build["pages"] = generator if in_this_build(generator, __package__) else None


def start(_pelican):
    pages, _build["pages"] = _build["pages"], None
    if pages is None:
        return
    files = list(page_files(pages))
    if in_this_build(pages, "procedure_site.ehr_connect"):
        files += lookup_files(pages)
    files_ahead.start(pages.output_path, files)


def written(_pelican):
    files_ahead.wait()


def register():
    signals.page_generator_init.connect(note_pages)
    signals.get_writer.connect(start)
    signals.finalized.connect(written)
