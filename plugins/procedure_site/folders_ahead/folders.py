"""The folders of the pages and the lookup files, made ahead of their
writers by a worker of the build's pool (sitebuild/folders_ahead.py says
why and how safely), from the moment Pelican asks for its writer
(``get_writer``: every page is read and checked, nothing is written yet)
until everything is written (``finalized``, before the output stages). A
tool that stops where Pelican asks for a writer (sitebuild/collect.py) and
the preview's saves, which write one page's files, hand over none.

The order is the writers': Pelican's page generator writes the translations,
the pages, the hidden ones and the drafts, in that order, then ehr_connect
writes each code's lookup files. Working the list out takes the build's
process about 10 ms at 1,000 pages.
"""

import posixpath
from itertools import chain

from pelican import signals

from procedure_site.ehr_connect.plugin import lookup_folders
from sitebuild import folders_ahead
from sitebuild.plugin_guard import in_this_build


def page_folders(generator):
    """The folder of each page Pelican's page generator writes, in its order."""
    for page in chain(generator.translations, generator.pages, generator.hidden_translations,
                      generator.hidden_pages, generator.draft_translations, generator.draft_pages):
        save_as = page.save_as
        if save_as:
            yield posixpath.dirname(save_as.replace("\\", "/"))


_build = {"pages": None}  # the page generator of the build under way


def note_pages(generator):
    _build["pages"] = generator if in_this_build(generator, __package__) else None


def start(_pelican):
    pages, _build["pages"] = _build["pages"], None
    if pages is None:
        return
    folders = list(page_folders(pages))
    if in_this_build(pages, "procedure_site.ehr_connect"):
        folders += lookup_folders(pages)
    folders_ahead.start(pages.output_path, folders)


def written(_pelican):
    folders_ahead.wait()


def register():
    signals.page_generator_init.connect(note_pages)
    signals.get_writer.connect(start)
    signals.finalized.connect(written)
