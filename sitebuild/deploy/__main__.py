"""Command line: python -m sitebuild.deploy --dest s3://BUCKET[/PREFIX]

Exit status: 0 deployed, or a dry run done (also when nothing needed
uploading); 1 refused before changing anything (no production build, no
bucket, no credentials...); 2 cut off part way: the bucket is consistent and
a new run finishes it; 3 deployed, but the deletion cap held some deletions
back.
"""

import argparse
import sys

from pelican.settings import get_settings_from_file

from ..staging import restore_output
from .run import CANNOT_START, DEPLOY_SETTINGS, deploy
from .transfer import Destination, DestinationError


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m sitebuild.deploy", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dest", required=True, help="s3://BUCKET[/PREFIX]")
    parser.add_argument("--output", default="output", help="the production build (default: output)")
    parser.add_argument("--settings", default="publishconf.py", help="settings with the DEPLOY_* values")
    parser.add_argument("--dry-run", action="store_true", help="print the plan; change nothing")
    parser.add_argument("--max-deletes", type=int, help="deletion cap for this run (default: DEPLOY_MAX_DELETES)")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    try:
        destination = Destination.parse(args.dest)
    except DestinationError as error:
        print(f"Cannot deploy: {error}", file=sys.stderr)
        return CANNOT_START
    # Only the DEPLOY_* values are needed: the settings file is read, not
    # checked as a build configuration.
    settings = get_settings_from_file(args.settings)
    missing = [name for name in DEPLOY_SETTINGS if name not in settings]
    if missing:
        print(f"Cannot deploy: {args.settings} does not set {', '.join(missing)}; use publishconf.py.", file=sys.stderr)
        return CANNOT_START
    try:
        restore_output(args.output)  # a build killed in its first swap left the site beside it
    except OSError:
        pass  # then the manifest check below says what is missing
    return deploy(
        args.output, destination, settings, dry_run=args.dry_run, max_deletes=args.max_deletes,
        echo=lambda line: print(line, flush=True),
        complain=lambda line: print(line, file=sys.stderr, flush=True),
    )


if __name__ == "__main__":
    sys.exit(main())
