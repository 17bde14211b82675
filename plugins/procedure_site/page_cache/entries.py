"""The page cache's files: two per page, in ``<cache folder>/pages/``, named
by the page's key (keys.py).

- ``<key>.facts``: what reading the page gave, its PageFacts
  (page_model/facts.py), pickled without its sections and reading levels;
  then those, pickled apart and after it: only a render reads them, and a
  page whose render is kept is never rendered, so a warm build never
  unpickles them (at 10,000 pages they were most of a build's memory). The
  first 8 bytes are the length of the first pickle.
- ``<key>.html``: the page's render.

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
        head = pickle.dumps(facts.without_render_only(), protocol=pickle.HIGHEST_PROTOCOL)
        tail = pickle.dumps(facts.render_only(), protocol=pickle.HIGHEST_PROTOCOL)
        write_atomically(self.facts_path(key), len(head).to_bytes(LENGTH, "big") + head + tail)

    def facts(self, key: str):
        """The kept PageFacts, without what only a render reads, or None."""
        try:
            with open(self.facts_path(key), "rb") as handle:
                length = int.from_bytes(handle.read(LENGTH), "big")
                return pickle.loads(handle.read(length))
        except Exception:  # noqa: BLE001 (absent, half-written by a killed build, or from other code)
            return None

    def sections(self, key: str) -> dict | None:
        """What only a render reads ({name: value}: the sections, the reading
        levels), kept apart, or None."""
        try:
            with open(self.facts_path(key), "rb") as handle:
                length = int.from_bytes(handle.read(LENGTH), "big")
                handle.seek(LENGTH + length)
                return pickle.loads(handle.read())
        except Exception:  # noqa: BLE001
            return None

    def write_render(self, key: str, html: str) -> None:
        write_atomically(self.render_path(key), html.encode("utf-8"))

    def render(self, key: str) -> str | None:
        try:
            return self.render_path(key).read_bytes().decode("utf-8")  # not read_text: no newline translation
        except (OSError, UnicodeDecodeError):
            return None
