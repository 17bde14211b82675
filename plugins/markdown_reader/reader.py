"""Reads every Markdown page with one Markdown object per build.

Pelican's MarkdownReader makes a new ``Markdown()`` for each file, which loads
and sets up every extension again: at 1,000 pages that was a tenth of the
reading time. Python-Markdown's own answer is ``Markdown.reset()``, which
clears what one document left behind (the meta extension's ``Meta``, every
extension's state), so one object can convert file after file and give the
same HTML. The object is made when the first file is read, from the build's
MARKDOWN setting as it is then (appointment_phone adds its extension at
``initialized``, before any reader exists), and belongs to the build's one
Readers, so a new build makes a new one.

Pelican's ``_parse_metadata`` switches the meta extension off on the object
(so FORMATTED_FIELDS are not read as metadata) and never on again; it is put
back after each file, at the priority it had.
"""

from markdown import Markdown
from pelican import signals
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open


def in_this_build(sender) -> bool:
    """Plugins stay connected for the life of the process, which may also run
    builds whose settings do not list this one (tests build in-process)."""
    return __package__ in (sender.settings.get("PLUGINS") or ())


class ReusedMarkdownReader(MarkdownReader):
    """MarkdownReader with one Markdown object, reset between files."""

    def _markdown(self):
        if getattr(self, "_reused", None) is None:
            self._reused = Markdown(**self.settings["MARKDOWN"])
            self._meta = next(
                ((item.name, item.priority) for item in self._reused.preprocessors._priority if item.name == "meta"),
                None,
            )
        return self._reused

    def read(self, source_path):
        self._source_path = source_path
        md = self._md = self._markdown()
        md.reset()
        with pelican_open(source_path) as text:
            content = md.convert(text)
        if not hasattr(md, "Meta"):
            return content, {}
        meta = md.preprocessors["meta"]
        try:
            metadata = self._parse_metadata(md.Meta)
        finally:
            if "meta" not in md.preprocessors:
                md.preprocessors.register(meta, *self._meta)
        return content, metadata


def use_reused_reader(readers):
    if not in_this_build(readers):
        return
    for extension, cls in list(readers.reader_classes.items()):
        if cls is MarkdownReader:
            readers.reader_classes[extension] = ReusedMarkdownReader


def register():
    signals.readers_init.connect(use_reused_reader)
