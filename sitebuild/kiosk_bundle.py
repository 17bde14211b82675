"""Packs the kiosk build as dist/kiosk-<version>.zip, reproducibly.

``python -m sitebuild.kiosk_bundle --input dist/kiosk --dist dist``

The same commit always gives the same bytes: files in sorted order, one fixed
timestamp (SOURCE_DATE_EPOCH, else the commit's time), fixed permissions. A
SHA256SUMS file inside lets kiosk operators check every file with
``sha256sum -c SHA256SUMS`` after unpacking.
"""

import argparse
import hashlib
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from .staging import restore_output

SUMS = "SHA256SUMS"
ZIP_EPOCH = 315532800  # 1980-01-01, the earliest time a zip can store


def _git(*args):
    try:
        result = subprocess.run(["git", *args], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return result.stdout.strip() or None


def bundle_version():
    """The commit (plus '-modified' for uncommitted changes), else the date."""
    commit = _git("rev-parse", "--short=12", "HEAD")
    if commit is None:
        return time.strftime("%Y%m%d", time.gmtime(source_epoch()))
    return commit + ("-modified" if _git("status", "--porcelain") else "")


def source_epoch():
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    committed = _git("log", "-1", "--format=%ct")
    return int(committed) if committed else ZIP_EPOCH


def files_in(folder):
    return sorted(
        (p for p in Path(folder).rglob("*") if p.is_file() and p.name != SUMS),
        key=lambda p: p.relative_to(folder).as_posix(),
    )


def write_sums(folder):
    lines = []
    for path in files_in(folder):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(folder).as_posix()}\n")
    (Path(folder) / SUMS).write_text("".join(lines), encoding="utf-8")


def write_zip(folder, target, epoch):
    stamp = time.gmtime(max(epoch, ZIP_EPOCH))[:6]
    partial = Path(str(target) + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in files_in(folder) + [Path(folder) / SUMS]:
            info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever machine builds it
            archive.writestr(info, path.read_bytes())
    os.replace(partial, target)  # a cut-off run never leaves a half zip


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m sitebuild.kiosk_bundle", description=__doc__)
    parser.add_argument("--input", default="dist/kiosk")
    parser.add_argument("--dist", default="dist")
    parser.add_argument("--version", default=None)
    args = parser.parse_args(argv)
    version = args.version or bundle_version()
    try:
        restore_output(args.input)  # a build killed in its first swap left the site beside it
    except OSError:
        pass
    write_sums(args.input)
    Path(args.dist).mkdir(parents=True, exist_ok=True)
    target = Path(args.dist) / f"kiosk-{version}.zip"
    write_zip(args.input, target, source_epoch())
    print(f"Packed {target} ({target.stat().st_size} bytes).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
