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

When the build has a cache folder (BUILD_CACHE_PATH, see
sitebuild/build_cache.py, already particular to the settings and the
installed Markdown), each file's HTML and metadata are kept there, one small
file per source file named by a hash of its path and bytes, and an unchanged
file is not converted again. This is in place of Pelican's own content cache
(CACHE_CONTENT), which was measured: it keeps every page's HTML in memory in
one dictionary and writes all of it again on every build, which took a
10,000-page build from 447 MB to 658 MB at its peak.

Before Pelican reads a page's header, it is read for what the meta extension
would read wrong without a word (header.py: a key given twice, run on, unknown
or after the blank line; a line that ends the header early); each is reported
with its line and fix, and Pelican is given each key's first value only, so
no check meets a list (``Phone:`` twice crashed the phone check). A page with
such a problem is not kept, so the next build says it again.

Pelican's ``_parse_metadata`` switches the meta extension off on the object
(so FORMATTED_FIELDS are not read as metadata) and never on again; it is put
back after each file, at the priority it had.
"""

import hashlib
import logging
import pickle
from datetime import datetime
from pathlib import Path

from blinker import signal
from markdown import Markdown
from pelican import signals
from pelican.readers import MarkdownReader

from sitebuild.content_error import ContentError
from sitebuild.build_cache import touch, write_atomically
from sitebuild.page_limits import Limits, page_problems
from sitebuild.plugin_guard import in_this_build
from sitebuild.source_text import read_source

from .header import NO_HEADER, known_keys, read_header

content_problem = signal("content_problem")
# What the reader gives Pelican for a page beyond the limits: Pelican's own
# way to leave a file out (a SkipStub, never a Page), so no other check
# reads a page that was never converted.
SKIPPED = ("", {"status": "skip"})


class _Warned(logging.Handler):
    """Notes whether reading a file logged a warning (a duplicated metadata
    key, say): the build runner fails a build on any, so such a file is not
    kept, and the next build reads it again and says so again."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.seen = False

    def emit(self, record):
        self.seen = True


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
        """The file's HTML and metadata: from the build's cache when this file,
        byte for byte, was read under the same settings before."""
        try:
            data = Path(source_path).read_bytes()
        except OSError:
            return self._convert(source_path)  # Pelican's own error, as without a cache
        folder = self.settings.get("BUILD_CACHE_PATH")
        kept = None
        if folder:
            kept = Path(folder) / "read" / (hashlib.sha256(source_path.encode() + b"\0" + data).hexdigest() + ".pickle")
            try:
                with open(kept, "rb") as handle:
                    found = pickle.load(handle)
                touch(kept)
                # Kept only when these bytes were within the page limits,
                # which the settings (the cache folder's name) set.
                return found
            except Exception:  # noqa: BLE001 (not read before, or unreadable: read it now)
                pass
        if self._beyond_limits(source_path, data):
            return SKIPPED  # never kept: the next build must say it again
        if kept is None:
            return self._convert(source_path)
        warned = _Warned()
        logging.getLogger().addHandler(warned)
        try:
            found = self._convert(source_path)
        finally:
            logging.getLogger().removeHandler(warned)
        if warned.seen or self._said:
            return found  # the warning or problem fails this build; the next must read and say it again
        try:
            write_atomically(kept, pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL))
        except Exception:  # not kept; the next build reads the file again
            pass
        return found

    def _beyond_limits(self, source_path, data: bytes) -> bool:
        """Report what is beyond the page limits (sitebuild/page_limits.py)
        before Markdown reads the page: its cost grows faster than the page
        for some shapes. True when the page must not be converted."""
        problems = page_problems(data, Limits.from_settings(self.settings))
        for problem in problems:
            content_problem.send(source_path, message=problem.message, fix=problem.fix, line=problem.line)
        return bool(problems)

    def _convert(self, source_path):
        """The page's HTML and metadata. What only the page's author can fix
        is raised as a ContentError (sitebuild/content_error.py): a file that is
        not UTF-8, text nested
        too deeply for Markdown (RecursionError; the page limits stop most of
        it first) and a header Pelican cannot read (a date that is not a
        date). Anything else Markdown or this project's extensions raise is a
        bug, with its traceback."""
        self._source_path = source_path
        self._said = False
        md = self._md = self._markdown()
        md.reset()
        try:
            text = read_source(source_path)  # NFC: see sitebuild/source_text.py
        except UnicodeDecodeError as error:  # source_encoding reports it too, with its line
            raise ContentError(error) from error
        try:
            content = md.convert(text)
        except RecursionError as error:
            raise ContentError(error) from error
        if not hasattr(md, "Meta"):
            return content, {}
        meta = self._meta_item = md.preprocessors["meta"]
        # Without PAGE_METADATA_KEYS (a build of Pelican's defaults, not this
        # site's) there is no list of keys to read the header against.
        if getattr(self, "_keys", None) is None:  # once per reader (per build), not once per page
            self._keys = known_keys(self.settings) if "PAGE_METADATA_KEYS" in self.settings else {}
        header = read_header(text, self._keys, md.tab_length) if self._keys else NO_HEADER
        for found in header.problems:
            self._said = True
            content_problem.send(source_path, message=found.message, fix=found.fix, line=found.line)
        try:
            # Each key's first value: one given twice is reported above.
            written = header.cut_off | {key: values[:1] for key, values in md.Meta.items()}
            try:
                metadata = self._read_metadata(written)
            except Exception:  # noqa: BLE001 (which line Pelican could not read is found below)
                metadata = self._without_unreadable_lines(source_path, header.lines, written)
        except Exception as error:  # Pelican's reading of the header: the author's to fix
            raise ContentError(error) from error
        finally:
            if "meta" not in md.preprocessors:
                md.preprocessors.register(meta, *self._meta)
        return content, metadata

    def _read_metadata(self, written):
        # Pelican's _parse_metadata takes the meta extension off the object
        # (see the docstring) and fails if it is off already: on again first.
        if "meta" not in self._md.preprocessors:
            self._md.preprocessors.register(self._meta_item, *self._meta)
        metadata = self._parse_metadata(written)
        _refuse_impossible_zones(metadata, written)
        return metadata

    def _without_unreadable_lines(self, source_path, lines, written):
        """The header Pelican could read, each line it could not (a date
        that is not a date) reported at its line with the fix: the page is
        then checked like any other, so its other problems are said in the
        same run (Pelican's own error named the file only, and the page went
        unchecked). When no one line is to blame, Pelican's error stands."""
        unreadable = {}
        for key, values in written.items():
            try:
                self._read_metadata({key: values})
            except Exception as error:  # noqa: BLE001 (Pelican's reading of one line: the author's to fix)
                unreadable[key] = error
        if not unreadable:
            return self._read_metadata(written)  # raises Pelican's error again
        for key, error in unreadable.items():
            name = key.capitalize()
            self._said = True
            content_problem.send(
                source_path,
                message=f"the '{name}:' line cannot be read: {error}.",
                fix=f"write it as {name}: 2026-11-24 (year, month, day; a time may follow: {name}: 2026-11-24 10:30), "
                "or delete the line." if key in DATE_KEYS else "write it as docs/authoring.md shows, or delete the line.",
                line=lines.get(key),
            )
        return self._read_metadata({key: values for key, values in written.items() if key not in unreadable})


DATE_KEYS = ("date", "modified")  # the keys Pelican reads as dates (pelican.readers.METADATA_PROCESSORS)


def _refuse_impossible_zones(metadata: dict, written: dict) -> None:
    """A date whose time zone is 24 hours or more from UTC ("Date: 2026-11-24
    10:30 -24"): dateutil reads it, and the datetime only fails when its
    offset is first asked for, as a ValueError in whichever check asks
    first. Asked here, it is the author's to fix, in Pelican's words for a
    date it cannot read."""
    for key, value in metadata.items():
        for item in value if isinstance(value, list | tuple) else [value]:
            if isinstance(item, datetime):
                try:
                    item.utcoffset()
                except ValueError:
                    raw = " ".join(written.get(key, [str(key)]))
                    raise ValueError(f"'{raw}' is not a valid date (its time zone is 24 hours or more from UTC)") from None


def use_reused_reader(readers):
    if not in_this_build(readers, __package__):
        return
    for extension, cls in list(readers.reader_classes.items()):
        if cls is MarkdownReader:
            readers.reader_classes[extension] = ReusedMarkdownReader


def register():
    signals.readers_init.connect(use_reused_reader)
