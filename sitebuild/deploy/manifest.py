"""deploy-manifest.json: what the build made, in one format with one owner.

The build writes it (plugins/procedure_site/http_headers calls ``write_manifest``) and the
deploy reads it (``load_manifest``), so the version, the fields of an entry
and their meaning live here only. Each entry is one output file:

- ``sha256`` and ``size`` of its bytes;
- ``content_type``, ``cache_control``, for a .br/.gz sibling
  ``content_encoding``, and for a file other sites' scripts may read (the
  record systems' lookup files, connect/) ``access_control_allow_origin``:
  the HTTP headers it is served with;
- ``fingerprinted``: whether its name carries a hash of its content (and so
  never changes content). The deploy uploads these first and keeps old ones
  for a grace period; it reads this field and never guesses from the
  Cache-Control, which is only a header to send;
- ``content_security_policy``: the Content-Security-Policy it is served with.
  Pages differ (the search page runs a script; no other page does), so each
  file has its own, and ``security_headers`` (sent with every response) has
  none. Object storage keeps no such header: the CDN in front sends it, as
  _headers says; the deploy only reads it back.

Version 2 added ``fingerprinted``; version 3 ``content_security_policy``;
version 4 ``access_control_allow_origin``. A
manifest of another version is refused, so a build and a deploy from
different commits cannot misread each other.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from .safe_paths import manifest_problem

MANIFEST_VERSION = 4


class ManifestError(Exception):
    """The output folder cannot be deployed as it is."""


@dataclass(frozen=True)
class Headers:
    content_type: str
    cache_control: str
    content_encoding: str | None = None
    access_control_allow_origin: str | None = None


@dataclass(frozen=True)
class FileVersion:
    """One version of one file: its content hash, size, HTTP headers, and
    whether its name is a fingerprint of its content."""

    sha256: str
    size: int
    headers: Headers
    fingerprinted: bool


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def version_of(data: bytes, headers: Headers, fingerprinted: bool) -> FileVersion:
    return FileVersion(sha256_of(data), len(data), headers, fingerprinted)


def version_from_entry(entry: dict) -> FileVersion:
    return FileVersion(
        sha256=entry["sha256"],
        size=entry["size"],
        headers=Headers(
            entry["content_type"],
            entry["cache_control"],
            entry.get("content_encoding"),
            entry.get("access_control_allow_origin"),
        ),
        fingerprinted=entry["fingerprinted"],
    )


def entry_from_version(version: FileVersion) -> dict:
    entry = {
        "sha256": version.sha256,
        "size": version.size,
        "content_type": version.headers.content_type,
        "cache_control": version.headers.cache_control,
        "fingerprinted": version.fingerprinted,
    }
    if version.headers.content_encoding:
        entry["content_encoding"] = version.headers.content_encoding
    if version.headers.access_control_allow_origin:
        entry["access_control_allow_origin"] = version.headers.access_control_allow_origin
    return entry


@dataclass(frozen=True)
class Manifest:
    site_url: str
    security_headers: dict  # sent with every response
    files: dict  # output-relative path -> FileVersion
    # output-relative path -> its Content-Security-Policy (not stored with
    # the object, so not part of its FileVersion)
    content_security_policies: dict = field(default_factory=dict)


# --- Writing (the build) ------------------------------------------------------------


def _entry(manifest: Manifest, path: str) -> dict:
    entry = entry_from_version(manifest.files[path])
    if path in manifest.content_security_policies:
        entry["content_security_policy"] = manifest.content_security_policies[path]
    return entry


def _document(manifest: Manifest) -> dict:
    return {
        "version": MANIFEST_VERSION,
        "site_url": manifest.site_url,
        "security_headers": manifest.security_headers,
        "files": {path: _entry(manifest, path) for path in sorted(manifest.files)},
    }


_FORMAT = {"indent": 2, "sort_keys": True, "ensure_ascii": False}


def manifest_text(manifest: Manifest) -> str:
    """The manifest's text, as json.dumps makes it of the whole document: the
    format ``write_manifest`` writes, entry by entry."""
    return json.dumps(_document(manifest), **_FORMAT) + "\n"


def _chunks(manifest: Manifest):
    """manifest_text() in pieces, one file's entry at a time. json.dump of the
    whole document needs every entry as a dict first: at 100,000 files (a
    10,000-page production build) that was about 55 MB at once, the build's
    peak. The framing is json's own for ``indent=2, sort_keys=True``:
    "files" sorts before the other keys, and an entry's values are flat, so
    its lines only need the deeper indent."""
    rest = json.dumps(
        {"security_headers": manifest.security_headers, "site_url": manifest.site_url, "version": MANIFEST_VERSION},
        **_FORMAT,
    )
    if not manifest.files:
        yield '{\n  "files": {},\n' + rest.removeprefix("{\n") + "\n"
        return
    yield '{\n  "files": {'
    for number, path in enumerate(sorted(manifest.files)):
        entry = json.dumps(_entry(manifest, path), **_FORMAT).replace("\n", "\n    ")
        yield f"{',' if number else ''}\n    {json.dumps(path, ensure_ascii=False)}: {entry}"
    yield "\n  },\n" + rest.removeprefix("{\n") + "\n"


def write_manifest(output: Path, name: str, manifest: Manifest) -> None:
    """manifest_text(), written as it is made: a site of tens of thousands of
    files never holds its whole text, or all its entries, in memory (only the
    sorted list of its paths: 1.8 MB at 100,000 files)."""
    with open(Path(output) / name, "w", encoding="utf-8", newline="\n") as handle:
        handle.writelines(_chunks(manifest))


# --- Reading (the deploy) ------------------------------------------------------------


def load_manifest(output: Path, name: str) -> Manifest:
    """The manifest in ``output``, refused (ManifestError) unless every entry
    is a file inside ``output`` (safe_paths)."""
    output = Path(output)
    path = output / name
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(
            f"{path} is missing, so {output}/ is not a production build. "
            "Build it first: make publish SITEURL=https://..."
        ) from None
    except (OSError, ValueError) as error:
        raise ManifestError(f"{path} cannot be read: {error}") from None
    if document.get("version") != MANIFEST_VERSION:
        raise ManifestError(
            f"{path} has version {document.get('version')!r}; this deploy reads {MANIFEST_VERSION}. "
            "Build again with this commit: make publish SITEURL=https://..."
        )
    try:
        files = {path: version_from_entry(entry) for path, entry in document["files"].items()}
        policies = {
            path: entry["content_security_policy"]
            for path, entry in document["files"].items()
            if "content_security_policy" in entry
        }
    except (KeyError, TypeError, AttributeError) as error:
        raise ManifestError(f"{path} has an entry without {error}; build again.") from None
    if not files:
        raise ManifestError(f"{path} lists no files; refusing to deploy an empty site.")
    problem = manifest_problem(output, name, files)
    if problem:
        raise ManifestError(problem)
    return Manifest(document.get("site_url", ""), document.get("security_headers", {}), files, policies)


def read_checked(output: Path, path: str, version: FileVersion) -> bytes:
    """The file's bytes, if they are still what the build listed."""
    try:
        data = (output / path).read_bytes()
    except FileNotFoundError:
        raise ManifestError(f"{output / path} is listed in the manifest but missing. Build again.") from None
    if len(data) != version.size or sha256_of(data) != version.sha256:
        raise ManifestError(f"{output / path} changed after the build. Build again before deploying.")
    return data


def verify_output(output: Path, manifest: Manifest) -> None:
    """Stop before anything is sent if any listed file is missing or changed."""
    for path, version in sorted(manifest.files.items()):
        read_checked(output, path, version)
