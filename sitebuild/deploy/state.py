"""The deploy's own record in the bucket: ``.deploy-state.json`` under the prefix.

For every object the deploy put there: the ETag the store gave it, and the
sha256 and headers of what it holds; and since when each old fingerprinted
asset has been unused (for the grace period). An object whose listed ETag
still matches its record is known without asking the store. Any other object
(changed behind the deploy's back, uploaded by a deploy that was cut off, or
there before this deploy was used) is asked with HEAD for the sha256 the
deploy keeps in its metadata. Before a deploy changes anything it rewrites
the record without what it is about to change (see run.pending_state); the
full record is written last, by a deploy that finished. Without it a deploy
is slower, never wrong.
"""

import json
from dataclasses import dataclass, field

from .manifest import entry_from_version, version_from_entry

STATE_NAME = ".deploy-state.json"
# 2: records carry "fingerprinted" (manifest version 2). A record of another
# version is ignored: the next deploy asks the store, as without a record.
STATE_VERSION = 2


@dataclass(frozen=True)
class Record:
    etag: str
    version: object  # FileVersion


@dataclass
class State:
    records: dict = field(default_factory=dict)  # path -> Record
    retired: dict = field(default_factory=dict)  # path -> epoch seconds


def parse_state(data: bytes | None) -> State:
    """The record, or an empty one if there is none or it cannot be read."""
    if not data:
        return State()
    try:
        document = json.loads(data)
        if document.get("version") != STATE_VERSION:
            return State()
        records = {
            path: Record(entry["etag"], version_from_entry(entry)) for path, entry in document["files"].items()
        }
        retired = {path: float(since) for path, since in document.get("retired", {}).items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        return State()
    return State(records, retired)


def state_bytes(state: State) -> bytes:
    document = {
        "version": STATE_VERSION,
        "files": {
            path: {"etag": record.etag, **entry_from_version(record.version)}
            for path, record in sorted(state.records.items())
        },
        "retired": dict(sorted(state.retired.items())),
    }
    return (json.dumps(document, indent=2, sort_keys=True) + "\n").encode("utf-8")
