"""Command line: ``python -m sitebuild --settings pelicanconf.py --output output``.

Exit status 0 on success; 1 when content has problems (each listed with its
file, line and fix); 2 when the build itself broke.
"""

import argparse
import json
import logging
import os
import re
import sys
import time
import traceback

from .pelican_run import LogCollector, run_pelican
from .staging import staged_directory


class BuildFailed(Exception):
    pass


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
        help="override one setting, e.g. --setting KIOSK_IDLE_SECONDS=5",
    )
    return parser.parse_args(argv)


def overrides(pairs):
    values = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        try:
            values[name] = json.loads(value)
        except json.JSONDecodeError:
            values[name] = value  # a bare string
    return values


def describe(records):
    """Content problems first, then whatever Pelican logged about other files."""
    content = [r for r in records if hasattr(r, "content_path")]
    # Pelican names files relative to the content folder; match on the name.
    reported = {os.path.basename(r.content_path) for r in content}
    lines = [r.getMessage() for r in content]
    for record in records:
        if hasattr(record, "content_path"):
            continue
        message = record.getMessage()
        if any(re.search(rf"(^|[\s/`'\"]){re.escape(name)}\b", message) for name in reported):
            continue  # Pelican's echo of a problem already explained above
        lines.append(f"{record.levelname.lower()}: {message}")
    return lines


def relative_paths(text):
    """Show paths relative to where the author ran the build."""
    return text.replace(os.getcwd() + os.sep, "")


def main(argv=None):
    args = parse_args(argv)
    collector = LogCollector()
    logging.getLogger().addHandler(collector)
    logging.getLogger().setLevel(logging.WARNING)
    started = time.monotonic()
    try:
        with staged_directory(args.output) as staging:
            try:
                run_pelican(args.settings, staging, content=args.content, overrides=overrides(args.setting))
            except Exception as error:
                if not hasattr(error, "problems") and not collector.records:
                    raise
            if collector.records:
                raise BuildFailed
    except BuildFailed:
        problems = describe(collector.records)
        print(
            f"The build failed with {len(problems)} problem(s). Nothing was "
            f"published: {args.output}/ is as it was before.\n",
            file=sys.stderr,
        )
        for problem in problems:
            print(relative_paths(problem) + "\n", file=sys.stderr)
        return 1
    except Exception:
        print(
            "The build stopped because of an error in the build system itself, "
            "not in the content. Please pass this on to the developers:\n",
            file=sys.stderr,
        )
        traceback.print_exc()
        return 2
    seconds = time.monotonic() - started
    print(f"Built the site into {args.output}/ in {seconds:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
