"""Lists every output file with the HTTP headers it must be served with.

Two files, written last (the ``headers`` stage of output_stages),
from the same rules:

- ``_headers``, the file Netlify and Cloudflare Pages read: SECURITY_HEADERS
  for every path (``/*``), and each file's Cache-Control and
  Content-Security-Policy. Paths are grouped into ``/folder/*`` rules where a
  whole folder shares both, so the rule count stays small (Cloudflare Pages
  allows 100) and no path gets two values of one header (Cloudflare joins
  them: two policies would both be enforced, and the search page's script
  refused).
- DEPLOY_MANIFEST (JSON): every file's sha256, size, headers, policy and
  whether it is fingerprinted, in the format sitebuild/deploy/manifest.py
  owns (it is the deploy's input, so the deploy's module writes and reads it).
  The files, their sha256 and sizes come from the output index
  (sitebuild/output_index.py): a file an earlier stage read or wrote is not
  read again, and every other one is read and hashed once.

A file's Content-Security-Policy is CONTENT_SECURITY_POLICY, or the policy of
the first pattern of CONTENT_SECURITY_POLICY_BY_PATH its path matches (a
.br/.gz sibling's: its original's), each with
CONTENT_SECURITY_POLICY_HEADER_ONLY: the same policy the page's <meta> says,
plus what only a header can say.

A file is fingerprinted when the asset_fingerprint plugin announced it on the
named blinker signal ``asset_fingerprinted`` (and so is its .br/.gz sibling,
announced on ``compressed_sibling``). Its Cache-Control is
CACHE_CONTROL_FINGERPRINTED, everything else's CACHE_CONTROL_DEFAULT.
A file whose path matches a pattern of ACCESS_CONTROL_ALLOW_ORIGIN_BY_PATH
(publishconf.py: ``connect/*``, the record systems' lookup files) is also
served with that Access-Control-Allow-Origin, so a portal's web app on
another site can fetch it; a whole folder, so _headers needs one rule for it.
Content-Type comes from CONTENT_TYPES, by file name, else by ending
(``content_type`` in sitebuild/output_files.py, the rule's one home). The
content's own files are checked against it in every build, before anything is
written (the content_types plugin); a file made by the theme or a plugin that
matches nothing stops the build here rather than be served as the wrong type.
"""

import logging
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath

import blinker
from pelican import signals

from sitebuild.deploy.manifest import FileVersion, Headers, Manifest, write_manifest
from sitebuild.output_files import content_type
from sitebuild.plugin_guard import in_this_build

logger = logging.getLogger(__name__)

HEADERS_FILE = "_headers"

# Per build: the devserver runs many builds in one process (reset on get_generators).
_fingerprinted = set()  # output-relative paths
_siblings = {}  # output-relative path -> (original path, Content-Encoding)


def start_build(pelican):
    """Forget the last build, and its _headers and manifest: a build into the
    same folder must not compress and list them as files of its own."""
    _fingerprinted.clear()
    _siblings.clear()
    if in_this_build(pelican, __package__):
        for name in (HEADERS_FILE, pelican.settings["DEPLOY_MANIFEST"]):
            (Path(pelican.output_path) / name).unlink(missing_ok=True)


def _record_fingerprinted(path):
    _fingerprinted.add(path)


def _record_sibling(path, original, encoding):
    _siblings[path] = (original, encoding)


def is_fingerprinted(path: str) -> bool:
    original, _encoding = _siblings.get(path, (path, None))
    return original in _fingerprinted


def file_headers(path: str, settings) -> Headers | None:
    """Content-Type, Cache-Control and Content-Encoding of one output file;
    None when CONTENT_TYPES has no type for it."""
    original, encoding = _siblings.get(path, (path, None))
    kind = content_type(original, settings["CONTENT_TYPES"])
    if kind is None:
        return None
    cache = settings["CACHE_CONTROL_FINGERPRINTED" if is_fingerprinted(path) else "CACHE_CONTROL_DEFAULT"]
    return Headers(kind, cache, encoding, allowed_origin(original, settings))


def allowed_origin(path: str, settings) -> str | None:
    """The Access-Control-Allow-Origin of an output file, or None."""
    for pattern, origin in settings.get("ACCESS_CONTROL_ALLOW_ORIGIN_BY_PATH", {}).items():
        if fnmatchcase(path, pattern):
            return origin
    return None


def content_security_policy(path: str, settings) -> str:
    original, _encoding = _siblings.get(path, (path, None))
    policy = settings["CONTENT_SECURITY_POLICY"]
    for pattern, own in settings.get("CONTENT_SECURITY_POLICY_BY_PATH", {}).items():
        if fnmatchcase(original, pattern):
            policy = own
            break
    extra = settings.get("CONTENT_SECURITY_POLICY_HEADER_ONLY")
    return f"{policy}; {extra}" if extra else policy


# --- _headers ------------------------------------------------------------------


def served_paths(path: str) -> list[str]:
    """The URL paths a file answers to: ``a/index.html`` also as ``a/``."""
    paths = ["/" + path]
    if PurePosixPath(path).name == "index.html":
        paths.insert(0, "/" + path[: -len("index.html")])
    return paths


def path_rules(values: dict, folder: str = "") -> list[tuple[str, object]]:
    """(URL pattern, value) rules that give each path exactly one value: a
    folder whose files all share one value is one ``/folder/*`` rule."""
    prefix = folder + "/" if folder else ""
    return _folder_rules({p: v for p, v in values.items() if p.startswith(prefix)}, folder)


def _folder_rules(inside: dict, folder: str) -> list[tuple[str, object]]:
    """path_rules for the paths under ``folder`` (all of ``inside``). Each
    subfolder is handed only its own paths, so every path is looked at once
    per folder above it, not once per folder of the site."""
    prefix = folder + "/" if folder else ""
    if folder and len(set(inside.values())) == 1:
        return [(f"/{prefix}*", next(iter(inside.values())))]
    files, subfolders = [], {}
    for path, value in inside.items():
        sub, slash, _rest = path[len(prefix) :].partition("/")
        if slash:
            subfolders.setdefault(sub, {})[path] = value
        else:
            files.append(path)
    rules = []
    for path in sorted(files):
        rules += [(url, inside[path]) for url in served_paths(path)]
    for sub in sorted(subfolders):
        rules += _folder_rules(subfolders[sub], prefix + sub)
    return rules


def headers_file(security_headers: dict, path_headers: dict) -> str:
    """``path_headers``: output-relative path -> ((header, value), ...), the
    headers that differ from file to file."""
    lines = ["# Written by the build (plugins/procedure_site/http_headers). Netlify and Cloudflare Pages read it.", "/*"]
    lines += [f"  {name}: {value}" for name, value in security_headers.items()]
    for pattern, headers in path_rules(path_headers):
        lines += ["", pattern] + [f"  {name}: {value}" for name, value in headers]
    return "\n".join(lines) + "\n"


# --- The stage -------------------------------------------------------------------


def _output_files(index, manifest_name: str) -> list[str]:
    return [path for path in index.paths() if path not in (manifest_name, HEADERS_FILE)]


def _headers_or_report(path, settings):
    headers = file_headers(path, settings)
    if headers is None:
        # Not the content's (checked before anything was written): the theme's
        # or a plugin's, so a developer's to fix.
        logger.error(
            "%s: CONTENT_TYPES has no Content-Type for this file, so it cannot be served.\n"
            "    How to fix: add its ending to CONTENT_TYPES in pelicanconf.py, or stop writing it.",
            path,
        )
    return headers


def _shared(values: dict) -> dict:
    """The same mapping with equal values made one object: tens of thousands
    of files share a handful of headers and policies, and a new copy of each
    per file was most of this stage's memory."""
    one = {}
    return {key: one.setdefault(value, value) for key, value in values.items()}


def write_headers_and_manifest(index, settings):
    """The stage: _headers and the manifest, over the output index."""
    output = Path(index.output)
    manifest_name = settings["DEPLOY_MANIFEST"]
    paths = _output_files(index, manifest_name)
    headers = {path: _headers_or_report(path, settings) for path in paths}
    headers[HEADERS_FILE] = _headers_or_report(HEADERS_FILE, settings)
    if None in headers.values():
        return
    headers = _shared(headers)
    policies = _shared({path: content_security_policy(path, settings) for path in headers})
    path_headers = {
        path: (("Cache-Control", h.cache_control), ("Content-Security-Policy", policies[path]))
        + ((("Access-Control-Allow-Origin", h.access_control_allow_origin),) if h.access_control_allow_origin else ())
        for path, h in headers.items()
    }
    index.write(HEADERS_FILE, headers_file(settings["SECURITY_HEADERS"], path_headers).encode("utf-8"))
    del path_headers  # a tuple per file, let go before the manifest's entries are made: this stage is the build's peak
    index.hash_all(paths)
    files = {
        path: FileVersion(index.sha256(path), index.size(path), h, is_fingerprinted(path))
        for path, h in headers.items()
    }
    manifest = Manifest(settings["PUBLIC_SITEURL"], settings["SECURITY_HEADERS"], files, policies)
    write_manifest(output, manifest_name, manifest)


def register():
    signals.get_generators.connect(start_build)
    blinker.signal("asset_fingerprinted").connect(_record_fingerprinted)
    blinker.signal("compressed_sibling").connect(_record_sibling)
