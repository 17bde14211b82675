"""What the deploy may read and where it may write, checked before it does either.

The manifest is a file in the output folder, so anything that can write there
can name any file: ``../requirements.txt`` or ``/etc/passwd`` with a correct
sha256 would be read from outside the output folder and uploaded, and only
the S3 server's key rules stood in the way. A destination prefix with ``..``
is just as much a path that leaves its folder on a store that normalises
keys. Both are refused here, with one plain sentence each, before the deploy
reads a file or sends a request.

Every check is a loop over the characters or the ``/``-separated parts of
one string: linear, no regular expression.
"""

import os
import unicodedata
from pathlib import Path


def _has_control_character(text: str) -> bool:
    # Cc: C0 and C1 control characters and DEL (a newline, an escape...).
    return any(unicodedata.category(character) == "Cc" for character in text)


def path_problem(path: str) -> str | None:
    """Why a manifest entry is not a plain path inside the output folder (as
    the build writes them: ``procedures/x/index.html``), or None. Says how the
    path reads, not what it resolves to: see ``outside``."""
    if not isinstance(path, str) or not path:
        return "is not a file name"
    if _has_control_character(path):
        return "holds a control character"
    if "\\" in path:
        return "holds a backslash"
    if path.startswith("/") or os.path.isabs(path):
        return "is an absolute path"
    return _parts_problem(path.split("/"), "a slash last")


def outside(output_real: str, path: str) -> bool:
    """True when ``path`` (already a plain relative path) leads out of the
    output folder whose real path is ``output_real``, through a symbolic link
    inside it."""
    target = os.path.realpath(os.path.join(output_real, path))
    return not target.startswith(output_real.rstrip(os.sep) + os.sep)


def manifest_problem(output: Path, manifest_name: str, paths) -> str | None:
    """The first entry of the manifest that the deploy must not read, as one
    sentence, or None when every entry names a file inside ``output``."""
    output_real = os.path.realpath(output)
    for path in sorted(paths, key=str):
        reason = path_problem(path)
        if reason is None and outside(output_real, path):
            reason = f"leads outside {output}/ through a symbolic link"
        if reason:
            return (
                f"{output / manifest_name} lists {path!r}, which {reason}; the deploy sends only "
                f"files inside {output}/, so nothing was read or sent: build again with "
                "make publish SITEURL=https://... and deploy that."
            )
    return None


def prefix_problem(prefix: str) -> str | None:
    """Why a destination prefix (the part after the bucket, without the one
    trailing slash it may have) is not a plain folder name, or None."""
    if not prefix:
        return None
    if _has_control_character(prefix):
        return "holds a control character"
    return _parts_problem(prefix.split("/"), "a slash first")


def _parts_problem(parts, stray_slash) -> str | None:
    """Why the parts of a path between its slashes do not name plain folders
    and files: ``..`` or ``.`` (S3 keeps them as written, a file system climbs
    or stays), or an empty part (``stray_slash`` says where one usually
    comes from)."""
    if ".." in parts:
        return "holds '..'"
    if "." in parts:
        return "holds '.'"
    if "" in parts:
        return f"holds an empty part (two slashes together, or {stray_slash})"
    return None
