"""The bucket, through boto3: list, describe, upload, delete.

Credentials and the endpoint come from the standard AWS variables
(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL for an
S3-compatible store, AWS_DEFAULT_REGION; retries from AWS_MAX_ATTEMPTS and
AWS_RETRY_MODE), or from any other source boto3 reads.

Every upload carries the file's Content-Type, Cache-Control and
Content-Encoding from the manifest, its sha256 and whether it is fingerprinted
as metadata (x-amz-meta-sha256, x-amz-meta-fingerprinted), and a Content-MD5
the store checks the body against. A file other sites may read (connect/)
also carries its Access-Control-Allow-Origin as metadata
(x-amz-meta-access-control-allow-origin): S3 has no such object header (the
CDN in front sends it, docs/ehr.md), but kept with the object, a change to it
is seen and the object sent again, like any other header. An object is known as an asset by that
metadata (or the deploy's record), never by its Cache-Control.
"""

import base64
import hashlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import boto3
from botocore.config import Config

from .manifest import FileVersion, Headers
from .plan import RemoteFile
from .safe_paths import prefix_problem
from .state import STATE_NAME

SHA256_METADATA = "sha256"
FINGERPRINTED_METADATA = "fingerprinted"
CORS_METADATA = "access-control-allow-origin"
METADATA_FLAGS = {"true": True, "false": False}
DELETE_BATCH = 1000  # the most one DeleteObjects request takes


class DestinationError(ValueError):
    pass


@dataclass(frozen=True)
class Destination:
    bucket: str
    prefix: str  # "" or ending in "/"

    @classmethod
    def parse(cls, text: str) -> "Destination":
        scheme, _, rest = text.partition("://")
        bucket, _, prefix = rest.partition("/")
        if scheme != "s3" or not bucket:
            raise DestinationError(f"{text!r} is not an s3://BUCKET[/PREFIX] address.")
        prefix = prefix.removesuffix("/")  # s3://bucket/site/ names the folder site
        where, problem = "folder", prefix_problem(prefix)
        if bucket in (".", "..") or "/" in bucket or prefix_problem(bucket):
            where, problem = "bucket name", prefix_problem(bucket) or f"is {bucket!r}"
        if problem:
            raise DestinationError(
                f"{text!r} is not a safe destination: its {where} {problem}, so nothing was read "
                "or sent; write it plainly, as in s3://BUCKET/site."
            )
        return cls(bucket, prefix + "/" if prefix else "")

    def key(self, path: str) -> str:
        return self.prefix + path

    def __str__(self):
        return f"s3://{self.bucket}/{self.prefix}"


@dataclass(frozen=True)
class Listed:
    etag: str
    size: int


def _etag(value: str) -> str:
    return value.strip('"')


def s3_client():
    # Checksums only where S3 requires them: S3-compatible stores do not all
    # take the newer trailing checksums; Content-MD5 covers each upload.
    config = Config(request_checksum_calculation="when_required", response_checksum_validation="when_required")
    return boto3.session.Session().client("s3", config=config)


class Bucket:
    def __init__(self, destination: Destination, client=None, jobs: int = 8):
        self.destination = destination
        self.client = client or s3_client()
        self.jobs = jobs

    # --- reading -------------------------------------------------------------

    def listing(self) -> dict:
        """Output-relative path -> Listed, for every object under the prefix."""
        found = {}
        paginator = self.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.destination.bucket, Prefix=self.destination.prefix):
            for item in page.get("Contents", []):
                path = item["Key"][len(self.destination.prefix) :]
                if path and path != STATE_NAME:
                    found[path] = Listed(_etag(item["ETag"]), item["Size"])
        return found

    def describe(self, path: str, listed: Listed) -> RemoteFile:
        """What an object holds, from its metadata (one HEAD request)."""
        head = self.client.head_object(Bucket=self.destination.bucket, Key=self.destination.key(path))
        metadata = {name.lower(): value for name, value in head.get("Metadata", {}).items()}
        headers = Headers(
            head.get("ContentType", ""), head.get("CacheControl", ""), head.get("ContentEncoding"), metadata.get(CORS_METADATA)
        )
        sha256 = metadata.get(SHA256_METADATA)
        fingerprinted = METADATA_FLAGS.get(metadata.get(FINGERPRINTED_METADATA, "").lower())
        known = sha256 and fingerprinted is not None
        version = FileVersion(sha256, listed.size, headers, fingerprinted) if known else None
        return RemoteFile(etag=listed.etag, version=version, fingerprinted=fingerprinted)

    def remote_files(self, listing: dict, records: dict) -> dict:
        """Path -> RemoteFile: from the deploy's record where the ETag still
        matches it, else from the object's metadata."""
        known, unknown = {}, []
        for path, listed in listing.items():
            record = records.get(path)
            if record and record.etag == listed.etag and record.version.size == listed.size:
                known[path] = RemoteFile(listed.etag, record.version, record.version.fingerprinted)
            else:
                unknown.append(path)
        with ThreadPoolExecutor(max_workers=self.jobs) as pool:
            described = pool.map(lambda p: (p, self.describe(p, listing[p])), unknown)
            known.update(described)
        return known

    def read_state(self) -> bytes | None:
        try:
            response = self.client.get_object(Bucket=self.destination.bucket, Key=self.destination.key(STATE_NAME))
        except self.client.exceptions.NoSuchKey:
            return None
        return response["Body"].read()

    # --- writing -------------------------------------------------------------

    def upload(self, path: str, data: bytes, version: FileVersion) -> str:
        """Put one file; returns the ETag the store gave it."""
        arguments = {
            "Bucket": self.destination.bucket,
            "Key": self.destination.key(path),
            "Body": data,
            "ContentType": version.headers.content_type,
            "CacheControl": version.headers.cache_control,
            "Metadata": {
                SHA256_METADATA: version.sha256,
                FINGERPRINTED_METADATA: "true" if version.fingerprinted else "false",
            },
            "ContentMD5": base64.b64encode(hashlib.md5(data, usedforsecurity=False).digest()).decode("ascii"),
        }
        if version.headers.content_encoding:
            arguments["ContentEncoding"] = version.headers.content_encoding
        if version.headers.access_control_allow_origin:
            arguments["Metadata"][CORS_METADATA] = version.headers.access_control_allow_origin
        return _etag(self.client.put_object(**arguments)["ETag"])

    def delete(self, paths: list) -> None:
        for start in range(0, len(paths), DELETE_BATCH):
            batch = paths[start : start + DELETE_BATCH]
            response = self.client.delete_objects(
                Bucket=self.destination.bucket,
                Delete={"Objects": [{"Key": self.destination.key(p)} for p in batch], "Quiet": True},
            )
            errors = response.get("Errors", [])
            if errors:
                first = errors[0]
                raise DeleteFailed(f"{len(errors)} deletion(s) failed, e.g. {first.get('Key')}: {first.get('Message')}")

    def write_state(self, data: bytes) -> None:
        self.client.put_object(
            Bucket=self.destination.bucket,
            Key=self.destination.key(STATE_NAME),
            Body=data,
            ContentType="application/json",
            CacheControl="no-store",
            ContentMD5=base64.b64encode(hashlib.md5(data, usedforsecurity=False).digest()).decode("ascii"),
        )


class DeleteFailed(Exception):
    pass
