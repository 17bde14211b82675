"""The files of a build's output folder, as sorted output-relative POSIX paths.

The last stages (minify, compression, the headers and the manifest) each
list the whole output. With pathlib (``rglob``, ``is_file``, ``relative_to``)
that listing was the largest part of the headers stage at 10,000 pages (about
2 s of 9, under a profiler): every path object is built, parsed and stat'ed
again, where ``os.walk``'s scandir already knows which entries are folders.
"""

import os


def suffix(name: str) -> str:
    """A file name's ending, as pathlib's ``PurePath.suffix`` gives it
    (``.html``; none for ``.htaccess`` or ``name.``)."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def output_files(output, endings=None) -> list[str]:
    """Every file under ``output`` (or only those whose ending is in
    ``endings``), sorted, as ``folder/name`` relative to ``output``."""
    found = []
    for folder, _subfolders, files in os.walk(output):
        relative = os.path.relpath(folder, output)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        found += [prefix + name for name in files if endings is None or suffix(name) in endings]
    found.sort()
    return found
