"""Command line: ``python -m sitebuild --settings pelicanconf.py --output output``.

Exit status 0 on success; 1 when content has problems (each listed with its
file, line and fix); 2 when the build itself broke.
"""

import argparse
import gc
import json
import logging
import os
import sys
import time
import traceback

from pelican.settings import read_settings

from . import reused_site
from .build_cache import cache_root, discard_in_background
from .disk_full import full_disk_error, full_disk_in_record, message, written_path
from .log_report import classify, format_bug
from .pelican_run import RUNNER_SETTINGS, LogCollector, run_pelican
from .staging import staged_directory


class BuildFailed(Exception):
    pass


class BuildBroke(Exception):
    """A bug in the build system, reported with its traceback."""


class DiskFull(Exception):
    """The disk filled up while the build wrote (disk_full.py): not a bug."""

    def __init__(self, error, tb):
        super().__init__(str(error))
        self.error, self.tb = error, tb


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m sitebuild", description=__doc__)
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--output", default="output")
    parser.add_argument("--content", help="content folder (default: the settings' PATH)")
    parser.add_argument(
        "--setting",
        action="append",
        default=[],
        metavar="NAME=JSON",
        help="override one setting, e.g. --setting KIOSK_IDLE_SECONDS=5 "
        "(not OUTPUT_PATH, PATH or DEBUG: use --output and --content)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="build from scratch, neither reading nor keeping the cache "
        "(.cache/<settings name>/ beside the settings file, or $SITEBUILD_CACHE)",
    )
    # The build again, by the build itself, when writing over the site
    # before last went wrong (reused_site.py): into an empty folder.
    parser.add_argument(FRESH_FOLDER, action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


FRESH_FOLDER = "--fresh-folder"


def build_again_in_a_fresh_folder(argv):
    """Run this build again, as a new process, into an empty folder. A
    build over the site before last that stopped for any reason but its
    content (a folder where a file now goes, a clock set while it ran) is
    not the content's fault, and an empty folder has none of the old site."""
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, "-m", "sitebuild", *argv, FRESH_FOLDER])


def setting_problem(pairs):
    """What is wrong with the --setting options, or None."""
    for pair in pairs:
        name, equals, _ = pair.partition("=")
        name = name.strip()
        if not equals or not name:
            return f"--setting {pair!r} is not NAME=VALUE, e.g. --setting KIOSK_IDLE_SECONDS=300."
        if name.upper() in RUNNER_SETTINGS:
            return (
                f"--setting {name} is not allowed: the build command sets {name.upper()} "
                f"itself. {RUNNER_SETTINGS[name.upper()]}."
            )
    return None


def overrides(pairs):
    values = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        name = name.strip()
        try:
            values[name] = json.loads(value)
        except json.JSONDecodeError:
            values[name] = value  # a bare string
    return values


def relative_paths(text):
    """Show paths relative to where the author ran the build."""
    return text.replace(os.getcwd() + os.sep, "")


def usage_problem(args):
    """What is wrong with the command line itself, or None."""
    if not os.path.isfile(args.settings):
        return f"there is no settings file {args.settings!r}."
    if args.content and not os.path.isdir(args.content):
        return f"there is no content folder {args.content!r}."
    output = os.path.realpath(args.output)
    settings = read_settings(args.settings)
    guarded = [os.getcwd(), os.path.dirname(os.path.abspath(args.settings)), args.content or settings["PATH"]]
    guarded += [settings["THEME"], *settings.get("PLUGIN_PATHS", [])]
    for folder in map(os.path.realpath, guarded):
        if output == folder or folder.startswith(output.rstrip(os.sep) + os.sep):
            return (
                f"--output {args.output!r} would replace {folder}, which holds the "
                "project; every build replaces its output folder whole. Use a "
                "folder of its own, such as output."
            )
    return None


def disk_full(error, records):
    """(error, traceback) when the build stopped because the disk is full:
    said by ``error``, or logged by Pelican before it, else None."""
    if isinstance(error, DiskFull):
        return error.error, error.tb
    found = full_disk_error(error)
    if found is not None:
        return found, found.__traceback__ or error.__traceback__
    return next(filter(None, map(full_disk_in_record, records)), None)


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    problem = setting_problem(args.setting)
    if problem:
        print(f"Cannot build: {problem}", file=sys.stderr)
        return 2
    try:
        problem = usage_problem(args)
    except Exception:  # the settings file itself does not run
        print("Cannot build: the settings file has an error:\n", file=sys.stderr)
        traceback.print_exc()
        return 2
    if problem:
        print(f"Cannot build: {problem}", file=sys.stderr)
        return 2
    collector = LogCollector()
    logging.getLogger().addHandler(collector)
    logging.getLogger().setLevel(logging.WARNING)
    started = time.monotonic()
    staging = None
    over_a_spare = False
    try:
        trash = None if args.no_cache else cache_root(args.settings) / "trash"
        discard = (lambda path: discard_in_background(path, trash)) if trash else None
        # With a cache, the site this build replaces is kept, and the next
        # build writes over it (reused_site.py).
        keep_spare = trash is not None and not args.fresh_folder and reused_site.allowed(
            read_settings(args.settings, override=overrides(args.setting)))
        with staged_directory(args.output, discard, keep_spare=keep_spare) as staging:
            over_a_spare = reused_site.mark_of(staging) is not None
            try:
                run_pelican(
                    args.settings,
                    staging,
                    content=args.content,
                    overrides=overrides(args.setting),
                    cache_root=None if args.no_cache else cache_root(args.settings),
                )
            except Exception as error:
                if not hasattr(error, "problems"):  # ContentProblems: listed in the log
                    raise
            full = next(filter(None, map(full_disk_in_record, collector.records)), None)
            if full:  # Pelican logged it and went on
                raise DiskFull(*full)
            problems, bugs = classify(collector.records)
            if bugs:
                raise BuildBroke("\n".join(format_bug(record) for record in bugs))
            if problems:
                raise BuildFailed
            reused_site.finish(staging, args.output)
    except BuildFailed:
        print(
            f"The build failed with {len(problems)} problem(s). Nothing was "
            f"published: {args.output}/ is as it was before.\n",
            file=sys.stderr,
        )
        for problem in problems:
            print(relative_paths(problem) + "\n", file=sys.stderr)
        return 1  # notices wait for a build that works: the problems come first
    except Exception as error:
        full = disk_full(error, collector.records)
        if full:
            path = written_path(full[0], staging, args.output)
            print(f"The build stopped: {relative_paths(message(path, args.output))}", file=sys.stderr)
            return 1
        if over_a_spare:
            build_again_in_a_fresh_folder(argv)
        print(
            "The build stopped because of an error in the build system itself, "
            "not in the content. Please pass this on to the developers:\n",
            file=sys.stderr,
        )
        if isinstance(error, BuildBroke):
            print(error, file=sys.stderr)
        else:
            traceback.print_exc()
        return 2
    seconds = time.monotonic() - started
    print(f"Built the site into {args.output}/ in {seconds:.1f} s.")
    print_notices(collector.records)
    return 0


def print_notices(records):
    """One line each: warnings that do not stop the build; then the build's
    summary of what the content report details (it says "note:" itself)."""
    for record in records:
        if getattr(record, "content_notice", False):
            said = record.getMessage()
            print(said if getattr(record, "content_summary", False) else f"warning: {relative_paths(said)}", file=sys.stderr)


def exit_with(status: int):
    """sys.exit(status), with every object the build made frozen first
    (gc.freeze): the site is written and swapped in by now, and Python's
    teardown would otherwise have its cyclic collector walk all of them once
    more, only for the process to end. That walk was 45 to 55 ms of every
    build at 1,000 pages (teardown 60 to 67 ms, now 13 to 15 ms; a `make html`
    after one edit takes about 1.3 s). The exit is otherwise an ordinary one:
    atexit functions run and threads are joined. What it gives up: objects
    caught in reference cycles are not finalized on the way out (their
    ``__del__`` does not run), which Python does not promise at exit anyway;
    every file the build writes is closed by a ``with`` before this."""
    gc.freeze()
    sys.exit(status)


if __name__ == "__main__":
    exit_with(main())
