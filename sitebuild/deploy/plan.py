"""What a deploy changes, and in which order. Pure: no network, no clock.

The order keeps the bucket consistent at every moment, so a deploy cut off
anywhere leaves a working site, and running it again finishes it:

1. fingerprinted assets (new names, so nothing served yet refers to them);
2. new pages and files, then changed ones (a changed page may link to a new
   page; the new page is there first);
3. deletions of files that are gone.

A fingerprinted asset that the new build no longer uses is not deleted at
once: pages cached at the edge or in browsers may still ask for it. It is
"retired" at the first deploy without it and deleted by the first deploy
after the grace period. A deploy that would delete more than the cap deletes
nothing (like Hugo's maxDeletes).
"""

from dataclasses import dataclass, field

from .manifest import FileVersion


@dataclass(frozen=True)
class RemoteFile:
    """An object in the bucket. ``version`` is None when its content hash is
    unknown (not uploaded by this deploy); it is then never "unchanged".
    ``fingerprinted`` is None when unknown (an object without this deploy's
    metadata): it might be an asset that cached pages still use."""

    etag: str
    version: FileVersion | None
    fingerprinted: bool | None


@dataclass(frozen=True)
class Upload:
    path: str
    version: FileVersion
    new: bool


@dataclass
class Plan:
    assets: list = field(default_factory=list)  # Upload, phase 1
    new_files: list = field(default_factory=list)  # Upload, phase 2
    changed_files: list = field(default_factory=list)  # Upload, phase 3
    unchanged: list = field(default_factory=list)  # path
    deletions: list = field(default_factory=list)  # path, last phase
    refused_deletions: list = field(default_factory=list)  # path: over the cap, not deleted
    kept: dict = field(default_factory=dict)  # old asset path -> retired since: in its grace period
    retired: dict = field(default_factory=dict)  # path -> retired since, for every old asset left in the bucket
    max_deletes: int = -1

    def upload_phases(self):
        """(name, uploads) in the order they must be carried out, each whole before the next."""
        return [
            ("assets", self.assets),
            ("new files", self.new_files),
            ("changed files", self.changed_files),
        ]

    @property
    def uploads(self) -> list:
        return self.assets + self.new_files + self.changed_files


def make_plan(local, remote, retired, now, grace_seconds, max_deletes) -> Plan:
    """``local``: path -> FileVersion (the manifest); ``remote``: path ->
    RemoteFile (the bucket); ``retired``: path -> when each old asset stopped
    being used, from the previous deploy."""
    plan = Plan(max_deletes=max_deletes)
    for path, version in sorted(local.items()):
        current = remote.get(path)
        if current is not None and current.version == version:
            plan.unchanged.append(path)
            continue
        upload = Upload(path, version, new=current is None)
        if version.fingerprinted:
            plan.assets.append(upload)
        elif upload.new:
            plan.new_files.append(upload)
        else:
            plan.changed_files.append(upload)
    retired_since = {}
    for path in sorted(set(remote) - set(local)):
        if remote[path].fingerprinted is not False:  # unknown: keep it, as an asset
            retired_since[path] = retired.get(path, now)
            if now - retired_since[path] < grace_seconds:
                plan.kept[path] = retired_since[path]
                continue
        plan.deletions.append(path)
    if 0 <= max_deletes < len(plan.deletions):
        plan.refused_deletions, plan.deletions = plan.deletions, []
    plan.retired = {p: t for p, t in retired_since.items() if p not in plan.deletions}
    return plan
