"""What the build made: deploy-manifest.json, checked against the output."""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

MANIFEST_VERSION = 1


class ManifestError(Exception):
    """The output folder cannot be deployed as it is."""


@dataclass(frozen=True)
class Headers:
    content_type: str
    cache_control: str
    content_encoding: str | None = None

    @property
    def immutable(self) -> bool:
        """Fingerprinted: the name changes whenever the content does."""
        return "immutable" in (token.strip().lower() for token in self.cache_control.split(","))


@dataclass(frozen=True)
class FileVersion:
    """One version of one file: its content hash, size and HTTP headers."""

    sha256: str
    size: int
    headers: Headers


def version_from_entry(entry: dict) -> FileVersion:
    return FileVersion(
        sha256=entry["sha256"],
        size=entry["size"],
        headers=Headers(entry["content_type"], entry["cache_control"], entry.get("content_encoding")),
    )


def entry_from_version(version: FileVersion) -> dict:
    entry = {
        "sha256": version.sha256,
        "size": version.size,
        "content_type": version.headers.content_type,
        "cache_control": version.headers.cache_control,
    }
    if version.headers.content_encoding:
        entry["content_encoding"] = version.headers.content_encoding
    return entry


@dataclass(frozen=True)
class Manifest:
    site_url: str
    files: dict  # output-relative path -> FileVersion


def load_manifest(output: Path, name: str) -> Manifest:
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
        raise ManifestError(f"{path} has version {document.get('version')!r}; this deploy reads {MANIFEST_VERSION}.")
    files = {path: version_from_entry(entry) for path, entry in document["files"].items()}
    if not files:
        raise ManifestError(f"{path} lists no files; refusing to deploy an empty site.")
    return Manifest(site_url=document.get("site_url", ""), files=files)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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
