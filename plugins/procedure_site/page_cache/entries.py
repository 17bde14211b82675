"""The page cache's files: two per page, in ``<cache folder>/pages/``, named
by the page's key (keys.py).

- ``<key>.facts``: what reading the page gave, its PageFacts
  (page_model/facts.py), pickled without its HTML, its sections and its
  reading levels; then its HTML, as UTF-8; then its sections and reading
  levels, pickled apart. Only a render (or the kiosk's search index) reads
  the last two, and a page whose render is kept is never rendered, so a
  warm build never loads them: at 10,000 pages the sections were most of a
  build's memory, then the HTML (10,000 pages' of it, about 90 MB, held
  while Pelican made the pages). The first 16 bytes are the lengths of the
  first pickle and of the HTML.
- ``<key>.html``: the page's render.
- ``<key>.files`` (in ``files/``): files made from the pages' headers alone,
  pickled as {output path: bytes} (writer.keep_files).

Every file is written whole and renamed into place (build_cache.write_atomically);
one that cannot be read is a miss, never an error. An entry a build uses is
touched, and the build runner removes the ones no build used.
"""

import pickle
from pathlib import Path

from sitebuild.build_cache import write_atomically

LENGTH = 8


class Entries:
    def __init__(self, folder):
        self.folder = Path(folder)

    def facts_path(self, key: str) -> Path:
        return self.folder / f"{key}.facts"

    def render_path(self, key: str) -> Path:
        return self.folder / f"{key}.html"

    def write_facts(self, key: str, facts) -> None:
        head = pickle.dumps(facts.without_render_only().without_html(), protocol=pickle.HIGHEST_PROTOCOL)
        html = (facts.html or "").encode("utf-8")
        tail = pickle.dumps(facts.render_only(), protocol=pickle.HIGHEST_PROTOCOL)
        lengths = len(head).to_bytes(LENGTH, "big") + len(html).to_bytes(LENGTH, "big")
        write_atomically(self.facts_path(key), lengths + head + html + tail)

    def _lengths(self, handle) -> tuple[int, int]:
        data = handle.read(2 * LENGTH)
        if len(data) != 2 * LENGTH:
            raise EOFError
        return int.from_bytes(data[:LENGTH], "big"), int.from_bytes(data[LENGTH:], "big")

    def facts(self, key: str):
        """The kept PageFacts, without its HTML and what only a render reads
        (``html`` is None), or None."""
        try:
            with open(self.facts_path(key), "rb") as handle:
                head, _html = self._lengths(handle)
                return pickle.loads(handle.read(head))
        except Exception:  # noqa: BLE001 (absent, half-written by a killed build, or from other code)
            return None

    def html(self, key: str) -> str | None:
        """The page's HTML (facts.html), kept apart, or None."""
        try:
            with open(self.facts_path(key), "rb") as handle:
                head, html = self._lengths(handle)
                handle.seek(2 * LENGTH + head)
                data = handle.read(html)
            if len(data) != html:
                return None
            return data.decode("utf-8")
        except (OSError, EOFError, UnicodeDecodeError):
            return None

    def sections(self, key: str) -> dict | None:
        """What only a render reads ({name: value}: the sections, the reading
        levels), kept apart, or None."""
        try:
            with open(self.facts_path(key), "rb") as handle:
                head, html = self._lengths(handle)
                handle.seek(2 * LENGTH + head + html)
                return pickle.loads(handle.read())
        except Exception:  # noqa: BLE001
            return None

    def files_path(self, key: str) -> Path:
        return self.folder / f"{key}.files"

    def write_files(self, key: str, files: dict) -> None:
        write_atomically(self.files_path(key), pickle.dumps(files, protocol=pickle.HIGHEST_PROTOCOL))

    def files(self, key: str) -> dict | None:
        try:
            found = pickle.loads(self.files_path(key).read_bytes())
        except Exception:  # noqa: BLE001 (absent, half-written by a killed build, or from other code)
            return None
        return found if isinstance(found, dict) else None

    def write_render(self, key: str, html: str) -> None:
        write_atomically(self.render_path(key), html.encode("utf-8"))

    def render(self, key: str) -> str | None:
        try:
            return self.render_path(key).read_bytes().decode("utf-8")  # not read_text: no newline translation
        except (OSError, UnicodeDecodeError):
            return None
