"""Lists every output file with the HTTP headers it must be served with.

Two files, written last (granular ``deploy`` stage), from the same rules:

- ``_headers``, the file Netlify and Cloudflare Pages read: SECURITY_HEADERS
  for every path (``/*``), and each file's Cache-Control. Paths are grouped
  into ``/folder/*`` rules where a whole folder shares one Cache-Control, so
  the rule count stays small (Cloudflare Pages allows 100) and no path gets
  two Cache-Control values (Cloudflare joins them).
- DEPLOY_MANIFEST (JSON): every file's sha256, size, Content-Type,
  Cache-Control and, for a .br/.gz sibling, Content-Encoding. The deploy
  (``python -m sitebuild.deploy``) uploads from it.

Cache-Control is CACHE_CONTROL_FINGERPRINTED for the assets the
asset_fingerprint plugin renamed (and their compressed siblings) and
CACHE_CONTROL_DEFAULT for everything else. Content-Type comes from
CONTENT_TYPES, by file name, else by ending; a file matching neither stops
the build rather than be served as the wrong type. A file of the content
(content/images/...) is checked as soon as Pelican has found it, and reported
to the author like any content problem (the named blinker signal
``content_problem``, see build_report), naming the file and the kinds of file
that can be used; any other file (the theme's) is reported at the end.
"""

import hashlib
import json
import logging
from pathlib import Path, PurePosixPath

import blinker
import pelican.plugins.granular_signals
from pelican import signals

logger = logging.getLogger(__name__)
content_problem = blinker.signal("content_problem")

HEADERS_FILE = "_headers"
MANIFEST_VERSION = 1
# Types the site itself is made of, not files an editor adds to a page.
SITE_MACHINERY_TYPES = ("text/html", "text/css", "text/javascript", "application/json", "application/xml", "font/")

_fingerprinted = set()  # output-relative paths
_siblings = {}  # output-relative path -> (original path, Content-Encoding)


def _reset(_pelican):
    _fingerprinted.clear()
    _siblings.clear()


def _record_fingerprinted(path):
    _fingerprinted.add(path)


def _record_sibling(path, original, encoding):
    _siblings[path] = (original, encoding)


def content_type(path: str, types: dict) -> str | None:
    name = PurePosixPath(path).name
    return types.get(name) or types.get(PurePosixPath(path).suffix.lower())


def file_headers(path: str, settings) -> dict | None:
    """Content-Type, Cache-Control and Content-Encoding of one output file."""
    original, encoding = _siblings.get(path, (path, None))
    kind = content_type(original, settings["CONTENT_TYPES"])
    if kind is None:
        return None
    immutable = original in _fingerprinted
    headers = {
        "content_type": kind,
        "cache_control": settings["CACHE_CONTROL_FINGERPRINTED" if immutable else "CACHE_CONTROL_DEFAULT"],
    }
    if encoding:
        headers["content_encoding"] = encoding
    return headers


def manifest_entry(file: Path, headers: dict) -> dict:
    data = file.read_bytes()
    return {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data), **headers}


# --- _headers ------------------------------------------------------------------


def served_paths(path: str) -> list[str]:
    """The URL paths a file answers to: ``a/index.html`` also as ``a/``."""
    paths = ["/" + path]
    if PurePosixPath(path).name == "index.html":
        paths.insert(0, "/" + path[: -len("index.html")])
    return paths


def cache_rules(cache_control: dict, folder: str = "") -> list[tuple[str, str]]:
    """(URL pattern, Cache-Control) rules that give each path exactly one value."""
    prefix = folder + "/" if folder else ""
    inside = {p: c for p, c in cache_control.items() if p.startswith(prefix)}
    if folder and len(set(inside.values())) == 1:
        return [(f"/{prefix}*", next(iter(inside.values())))]
    rules = []
    for path in sorted(p for p in inside if "/" not in p[len(prefix) :]):
        rules += [(url, inside[path]) for url in served_paths(path)]
    for sub in sorted({p[len(prefix) :].split("/", 1)[0] for p in inside if "/" in p[len(prefix) :]}):
        rules += cache_rules(cache_control, prefix + sub)
    return rules


def headers_file(security_headers: dict, cache_control: dict) -> str:
    lines = ["# Written by the build (plugins/http_headers). Netlify and Cloudflare Pages read it.", "/*"]
    lines += [f"  {name}: {value}" for name, value in security_headers.items()]
    for pattern, value in cache_rules(cache_control):
        lines += ["", pattern, f"  Cache-Control: {value}"]
    return "\n".join(lines) + "\n"


# --- The stage -------------------------------------------------------------------


def _output_files(output: Path, manifest_name: str) -> list[str]:
    return sorted(
        p.relative_to(output).as_posix()
        for p in output.rglob("*")
        if p.is_file() and p.relative_to(output).as_posix() not in (manifest_name, HEADERS_FILE)
    )


# --- Files of a kind the site cannot serve -------------------------------------


def usable_kinds(types: dict) -> str:
    """The endings in CONTENT_TYPES an editor may use, in plain words:
    "pictures (.gif, .jpg, ...) and documents (.pdf, ...)"."""
    pictures, documents = set(), set()
    for ending, kind in types.items():
        if not ending.startswith(".") or kind.startswith(SITE_MACHINERY_TYPES):
            continue
        (pictures if kind.startswith("image/") else documents).add(ending)
    groups = [f"{label} ({', '.join(sorted(endings))})" for label, endings in
              (("pictures", pictures), ("documents", documents)) if endings]
    return " and ".join(groups)


def unknown_kind_problem(path: str, types: dict) -> tuple[str, str]:
    """(message, how to fix) for a file whose ending is not in CONTENT_TYPES."""
    name = PurePosixPath(path.replace("\\", "/")).name
    ending = PurePosixPath(name).suffix
    kind = f"a {ending} file" if ending else "a file without an ending (like .jpg)"
    message = f"{name} is {kind}: the public site cannot serve this kind of file."
    fix = (
        f"Use one of the kinds of file the site can serve: {usable_kinds(types)}. "
        "Save the file again in one of them (a photo as .jpg, for example) and change the "
        "page's link to the new name. If the site really needs this kind of file, a developer "
        "can add its ending to CONTENT_TYPES in publishconf.py."
    )
    return message, fix


def check_content_files(generator):
    """Stop the build, before anything is written, on a content file of an unknown kind."""
    types = generator.settings["CONTENT_TYPES"]
    for static in generator.staticfiles:
        if static.save_as and content_type(static.save_as.replace("\\", "/"), types) is None:
            message, fix = unknown_kind_problem(static.save_as, types)
            content_problem.send(static.source_path, message=message, fix=fix)


def _headers_or_report(path, settings):
    headers = file_headers(path, settings)
    if headers is None:
        message, fix = unknown_kind_problem(path, settings["CONTENT_TYPES"])
        logger.error("%s: %s\n    How to fix: %s", path, message, fix)
    return headers


def write_headers_and_manifest(pelican):
    settings = pelican.settings
    output = Path(pelican.output_path)
    manifest_name = settings["DEPLOY_MANIFEST"]
    headers = {path: _headers_or_report(path, settings) for path in _output_files(output, manifest_name)}
    headers[HEADERS_FILE] = _headers_or_report(HEADERS_FILE, settings)
    if None in headers.values():
        return
    cache_control = {path: h["cache_control"] for path, h in headers.items()}
    (output / HEADERS_FILE).write_text(
        headers_file(settings["SECURITY_HEADERS"], cache_control), encoding="utf-8", newline="\n"
    )
    manifest = {
        "version": MANIFEST_VERSION,
        "site_url": settings["SITEURL"],
        "security_headers": settings["SECURITY_HEADERS"],
        "files": {path: manifest_entry(output / path, h) for path, h in sorted(headers.items())},
    }
    (output / manifest_name).write_text(
        json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n"
    )


def register():
    pelican.plugins.granular_signals.register()
    signals.initialized.connect(_reset)
    signals.static_generator_finalized.connect(check_content_files)
    blinker.signal("asset_fingerprinted").connect(_record_fingerprinted)
    blinker.signal("compressed_sibling").connect(_record_sibling)
    blinker.signal("deploy").connect(write_headers_and_manifest)
