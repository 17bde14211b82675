"""Each page this build renders handed to the build's pool, to be minified
and compressed while the rest are still being written (sitebuild/finish_ahead.py
says why), in a build that runs both the minify and the compress stage and
has a pool. page_cache's writer hands them over (it alone knows which pages
it rendered and which it wrote from a kept render); the stages settle it
before they start (stages.py)."""

from sitebuild import finish_ahead, page_pool
from sitebuild.build_cache import blob_cache
from sitebuild.compression import TOOLS
from sitebuild.page_minify import TOOL
from sitebuild.plugin_guard import in_this_build

_ahead: finish_ahead.Ahead | None = None  # this build's, from its writing to its stages


def start(pelican, wanted: bool) -> None:
    """As the build starts: hand pages over in this build when ``wanted``
    (the minify and compress stages both run) and the caches exist."""
    global _ahead
    _ahead = None
    if not (wanted and in_this_build(pelican, __package__)):
        return
    settings = pelican.settings
    minified = blob_cache(settings, "minified", TOOL)
    siblings = {ending: blob_cache(settings, ending.lstrip("."), tool) for ending, tool in TOOLS.items()}
    if minified is not None and all(siblings.values()):
        _ahead = finish_ahead.Ahead(minified, siblings, page_pool.processes(settings))


def rendered(name: str, html: str) -> None:
    """page_cache's writer: the page it has just rendered for ``name``
    (output-relative), to be finished ahead when it is a page. (Should
    Pelican have declined to write it, the pool's work is only wasted: the
    stages ask the cache for the bytes on disk.)"""
    if _ahead is not None and name.endswith(".html"):
        _ahead.hand_over(html.encode("utf-8"))  # as Pelican's writer wrote it


def settle() -> None:
    """Before the stages: what the pool still has is done, and no more is handed over."""
    global _ahead
    if _ahead is not None:
        ahead, _ahead = _ahead, None
        ahead.settle()
