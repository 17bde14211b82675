"""``python -m sitebuild.preview --settings pelicanconf.py --port 8000``
(``make preview``): the site, served on 127.0.0.1 as it is saved.

Exit status: 0 when stopped (Ctrl-C, or a kill of the process it names),
1 when the port is taken, 2 when the command line is wrong.
"""

import argparse
import errno
import json
import logging
import os
import queue
import shutil
import signal
import sys
import tempfile
import threading

from pelican.settings import read_settings

from ..__main__ import relative_paths
from ..build_cache import cache_root
from . import drafts, server, watch
from .engine import Engine
from .settings import preview_overrides


# Seconds without a save before the search index is made again after an
# update: the index lags the pages by at most this (and by the save under
# way), and a run of saves runs Pagefind once.
SEARCH_PAUSE = 2.0


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m sitebuild.preview", description=__doc__)
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--content", help="content folder (default: the settings' PATH)")
    parser.add_argument("--bind", default="127.0.0.1", help="the address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", default="8000", help="the port (default 8000; make preview PORT=8001)")
    parser.add_argument("--setting", action="append", default=[], metavar="NAME=JSON",
                        help="override one setting, as python -m sitebuild does")
    parser.add_argument("--no-cache", action="store_true", help="keep no build cache")
    return parser.parse_args(argv)


def overrides_of(pairs):
    values = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        try:
            values[name.strip()] = json.loads(value)
        except json.JSONDecodeError:
            values[name.strip()] = value
    return values


def say(text, stream=sys.stdout):
    print(text, file=stream, flush=True)


def tell(update, started_as):
    """The terminal's account of one build or update: its problems once,
    each as make html prints it."""
    if update.said:
        total = sum(len(texts) for _label, texts in update.said)
        say(f"{total} problem(s); the browser shows them, and every other page keeps its last good version:\n",
            sys.stderr)
        for _label, texts in update.said:
            for text in texts:
                say(text + "\n", sys.stderr)
        if update.kind == "full":
            say(f"Built the rest of the site in {update.seconds:.2f} s.")
    else:
        what = {"full": "Built the site", "text": "Updated",
                "header": "Updated (with the lists that show it)"}[update.kind]
        say(f"{what}{started_as} in {update.seconds:.2f} s.")
    for notice in update.notices:
        say(f"warning: {relative_paths(notice)}", sys.stderr)


def child_processes() -> list[int]:
    """This process's children (Linux: /proc), to stop any left (a search
    index run cut short)."""
    found, me = [], os.getpid()
    try:
        entries = os.listdir("/proc")
    except OSError:
        return found
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rpartition(")")[2].split()
        except OSError:
            continue
        if len(fields) > 1 and fields[1] == str(me):
            found.append(int(entry))
    return found


def stop_children():
    for pid in child_processes():
        try:
            os.kill(pid, signal.SIGTERM)
        except OSError:
            pass


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if not args.port.isdigit() or not 0 <= int(args.port) < 65536:
        say(f"Cannot preview: PORT={args.port} is not a port number; use a number such as make preview PORT=8001.",
            sys.stderr)
        return 2
    if not os.path.isfile(args.settings):
        say(f"Cannot preview: there is no settings file {args.settings!r}.", sys.stderr)
        return 2
    if args.content and not os.path.isdir(args.content):
        say(f"Cannot preview: there is no content folder {args.content!r}.", sys.stderr)
        return 2
    port = int(args.port)
    shared = server.Shared()
    address = f"http://{args.bind}:{port}"
    try:
        httpd = server.bind(args.bind, port, shared, address)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            say(f"Port {port} is already in use by another program (another preview, or make serve?); "
                f"stop it, or choose another port: make preview PORT={port + 1}.", sys.stderr)
        else:
            say(f"Cannot listen on {args.bind}:{port}: {error.strerror}; choose another port: make preview PORT=...",
                sys.stderr)
        return 1
    address = f"http://{args.bind}:{httpd.server_address[1]}"
    # Ctrl-C and kill both end here, in the main thread, where the build runs.
    # SIGINT too is set, not left as found: a shell that starts a job in the
    # background (sh -c 'make preview &') has it ignored, and Python keeps an
    # ignored SIGINT as it is, so "stop it with Ctrl-C or kill -INT" did nothing.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    base = read_settings(args.settings)
    overrides = preview_overrides(base, address, overrides_of(args.setting))
    content = os.path.abspath(args.content or base["PATH"])
    say(f"Preview: {address}/ (process {os.getpid()}; stop it with Ctrl-C or: kill {os.getpid()})")
    logging.getLogger().setLevel(logging.WARNING)
    drafts.connect()
    work = tempfile.mkdtemp(prefix="preview-")
    stop = threading.Event()
    restart = False
    try:
        cache = None if args.no_cache else cache_root(args.settings)
        engine = Engine(args.settings, args.content, overrides, cache, work)
        server.serve_in_background(httpd)
        generation = 1
        update = engine.full_build()
        tell(update, "")
        shared.publish(server.view_of(engine, generation, shared.view, update))
        # The settings file, and pelicanconf.py beside it, which the others import.
        base_settings = os.path.join(os.path.dirname(args.settings) or ".", "pelicanconf.py")
        settings_files = {os.path.abspath(args.settings), os.path.abspath(base_settings)}
        watched = watch.Watched(
            content=content,
            theme=os.path.abspath(base["THEME"]),
            plugins=tuple(os.path.abspath(p) for p in base.get("PLUGIN_PATHS") or ()),
            settings_files=tuple(sorted(settings_files)),
        )
        changes = queue.Queue()
        watch.start(watched, changes, stop)
        say(f"Watching {', '.join(relative_paths(f) + '/' for f in watched.folders())} and "
            f"{', '.join(relative_paths(f) for f in watched.settings_files)}.")
        stale = None  # the search index to make again, once the saves pause
        while True:
            try:
                # Sleeps until the system says something changed (or, with
                # the search index to make, until the saves pause).
                burst = set(changes.get(timeout=SEARCH_PAUSE if stale else None))
            except queue.Empty:
                stale, index = None, stale
                try:
                    index()
                except Exception as error:  # noqa: BLE001 (the pages are served; the next save tries again)
                    say(f"The search index could not be made again ({error}); the next save tries again.",
                        sys.stderr)
                continue
            while not changes.empty():
                burst |= changes.get_nowait()
            todo = watch.plan(burst, watched, engine)
            if not todo:
                continue
            if todo.restart:
                say(f"{todo.why}: starting the preview again, to load the plugins.")
                restart = True
                break
            generation += 1
            if todo.full or not engine.can_update(todo.pages):
                say(f"{todo.why or 'Changed'}: building the whole site again.")
                update = engine.full_build()
                label = ""
            else:
                update = engine.update_pages(sorted(todo.pages))
                label = " " + ", ".join(relative_paths(p) for p in sorted(todo.pages))
            tell(update, "" if update.kind == "full" else label)
            shared.publish(server.view_of(engine, generation, shared.view, update))
            stale = None if update.kind == "full" else (update.after or stale)
    except KeyboardInterrupt:
        say("Preview stopped.")
    finally:
        # A second Ctrl-C or kill (a terminal sends one to make too) does not
        # cut the stopping short.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        stop.set()
        httpd.server_close()
        stop_children()
        shutil.rmtree(work, ignore_errors=True)
    if restart:
        sys.stdout.flush()
        os.execv(sys.executable, [sys.executable, "-m", "sitebuild.preview", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
