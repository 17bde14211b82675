"""What the preview watches, and what a change asks of it.

watchfiles (pinned in requirements.txt; Pelican's own ``--autoreload``
uses it) watches with the system's notifications (inotify on Linux), so
nothing is read while nothing changes, and hands over each burst of changes
at once (an editor's save is often several: a new file renamed over the old
one, a backup file, a swap file).

Folders: the content folder, the theme and the plugin folders, each with
everything in it; the settings files' folder, without its subfolders, for
the settings files only. A folder that does not exist is not watched, and
nothing is said about it: ``content/images/`` on a fresh clone is inside the
content folder, so an image added later is seen anyway.

What a change asks (``plan``): a page whose file is still there and that the
kept build knows is read again (engine.update_pages); a page added or
removed, an image, the theme or a settings file: a full build; the plugins
(Python already imported): the preview starts itself again.
"""

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import watchfiles

from ..__main__ import relative_paths

HIDDEN_FOLDERS = ("__pycache__",)


@dataclass
class Plan:
    restart: bool = False
    full: bool = False
    pages: set = field(default_factory=set)
    why: str = ""

    def __bool__(self):
        return self.restart or self.full or bool(self.pages)


@dataclass
class Watched:
    content: str
    theme: str
    plugins: tuple
    settings_files: tuple

    def folders(self) -> list[str]:
        return [folder for folder in (self.content, self.theme, *self.plugins) if os.path.isdir(folder)]

    def settings_folders(self) -> list[str]:
        return sorted({os.path.dirname(path) for path in self.settings_files if os.path.isdir(os.path.dirname(path))})


def inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def plan(changes, watched: Watched, engine) -> Plan:
    """What a burst of ``changes`` ((Change, path) pairs) asks of the preview."""
    result = Plan()
    for _change, path in sorted(changes, key=lambda c: c[1]):
        path = os.path.abspath(path)
        parts = Path(path).parts
        if any(part in HIDDEN_FOLDERS for part in parts) or path.endswith((".pyc", ".pyo")):
            continue
        if path in watched.settings_files:
            result.full, result.why = True, result.why or f"{relative_paths(path)} changed"
        elif any(inside(path, folder) for folder in watched.plugins):
            result.restart, result.why = True, f"{relative_paths(path)} changed"
        elif inside(path, watched.theme):
            result.full, result.why = True, result.why or f"{relative_paths(path)} changed"
        elif inside(path, watched.content):
            hidden = any(part.startswith(".") for part in Path(os.path.relpath(path, watched.content)).parts)
            if hidden or engine.ignored(path):
                continue
            if not os.path.exists(path) and path not in engine.known:
                continue  # came and went: an editor's or a tool's temporary file
            if engine.is_page_file(path) and engine.can_update([path]):
                result.pages.add(path)
            else:  # a page added or removed, an image
                result.full, result.why = True, result.why or f"{relative_paths(path)} was added, removed or changed"
    return result


def start(watched: Watched, changes, stop: threading.Event) -> list[threading.Thread]:
    """Threads that put each burst of changes on ``changes`` (a queue) until ``stop`` is set."""

    def settings_filter(_change, path):
        return os.path.abspath(path) in watched.settings_files

    def run(folders, recursive, watch_filter):
        for burst in watchfiles.watch(
            *folders,
            watch_filter=watch_filter,
            debounce=1600,
            step=50,
            stop_event=stop,
            recursive=recursive,
            raise_interrupt=False,
        ):
            changes.put(burst)

    threads = []
    jobs = [(watched.folders(), True, None), (watched.settings_folders(), False, settings_filter)]
    for folders, recursive, watch_filter in jobs:
        if folders:
            thread = threading.Thread(target=run, args=(folders, recursive, watch_filter), daemon=True,
                                      name="preview-watch")
            thread.start()
            threads.append(thread)
    return threads
