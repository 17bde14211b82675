"""Carries out a plan, phase by phase, and reports what it did."""

import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

from .manifest import ManifestError, load_manifest, read_checked, verify_output
from .plan import make_plan
from .state import Record, State, parse_state, state_bytes
from .transfer import Bucket, DeleteFailed

OK, CANNOT_START, INTERRUPTED, DELETIONS_REFUSED = 0, 1, 2, 3
DEPLOY_SETTINGS = ("DEPLOY_MANIFEST", "DEPLOY_ASSET_GRACE_SECONDS", "DEPLOY_MAX_DELETES")

TRANSFER_ERRORS = (BotoCoreError, ClientError, DeleteFailed, ManifestError, OSError)


@dataclass
class Outcome:
    etags: dict = field(default_factory=dict)  # uploaded path -> ETag
    deleted: list = field(default_factory=list)
    bytes_sent: int = 0


def when(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, tz=UTC).strftime("%Y-%m-%d %H:%M UTC")


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# --- Carrying out ----------------------------------------------------------------


def upload_phase(bucket: Bucket, output: Path, uploads, outcome: Outcome, echo):
    """Upload every file of one phase (in parallel); return only when all are
    in the bucket. On the first failure, start no more and raise."""

    def send(upload):
        data = read_checked(output, upload.path, upload.version)
        return bucket.upload(upload.path, data, upload.version)

    with ThreadPoolExecutor(max_workers=bucket.jobs) as pool:
        futures = {pool.submit(send, upload): upload for upload in uploads}
        try:
            for future in as_completed(futures):
                upload = futures[future]
                outcome.etags[upload.path] = future.result()
                outcome.bytes_sent += upload.version.size
                echo(f"uploaded {upload.path} ({upload.version.size:,} bytes)")
        except BaseException:
            for future in futures:
                future.cancel()
            raise


def carry_out(plan, bucket: Bucket, output: Path, echo) -> Outcome:
    outcome = Outcome()
    for _name, uploads in plan.upload_phases():
        upload_phase(bucket, output, uploads, outcome, echo)
    if plan.deletions:
        bucket.delete(plan.deletions)
        for path in plan.deletions:
            outcome.deleted.append(path)
            echo(f"deleted {path}")
    return outcome


def new_state(plan, manifest, remote, outcome: Outcome) -> State:
    records = {}
    for path, version in manifest.files.items():
        etag = outcome.etags.get(path) or remote[path].etag
        records[path] = Record(etag, version)
    for path in set(remote) - set(manifest.files) - set(outcome.deleted):
        if remote[path].version is not None:
            records[path] = Record(remote[path].etag, remote[path].version)
    return State(records, dict(plan.retired))


# --- Reporting -------------------------------------------------------------------


def describe_plan(plan, grace_seconds, echo):
    for upload in plan.uploads:
        kind = ("asset, " if upload.version.fingerprinted else "") + ("new" if upload.new else "changed")
        echo(f"would upload {upload.path} ({kind}, {upload.version.size:,} bytes)")
    for path in plan.deletions:
        echo(f"would delete {path}")
    for path in plan.refused_deletions:
        echo(f"would delete {path}, but the deletion cap stops it")
    for path, since in sorted(plan.kept.items()):
        echo(f"would keep {path} until {when(since + grace_seconds)} (old asset, grace period)")


def summary(plan, outcome: Outcome | None, grace_seconds) -> list:
    uploads = plan.uploads
    assets = sum(1 for u in uploads if u.version.fingerprinted)
    done = outcome is not None
    others = len(uploads) - assets
    lines = [
        ("Uploaded" if done else "To upload")
        + f": {plural(len(uploads), 'file')} ({plural(assets, 'asset')}, {others} pages and other files)",
        f"Unchanged: {plural(len(plan.unchanged), 'file')}",
        ("Deleted" if done else "To delete") + f": {plural(len(plan.deletions), 'file')}",
    ]
    if plan.kept:
        first = min(plan.kept.values()) + grace_seconds
        lines.append(
            f"Kept: {plural(len(plan.kept), 'old asset')} for pages still cached elsewhere "
            f"(grace period {grace_seconds:,} s; the first can go after {when(first)})"
        )
    sent = outcome.bytes_sent if done else sum(u.version.size for u in uploads)
    lines.append(("Bytes sent" if done else "Bytes to send") + f": {sent:,}")
    return lines


def refusal(plan, dry_run=False) -> str:
    count = len(plan.refused_deletions)
    shown = ", ".join(plan.refused_deletions[:5]) + (", ..." if count > 5 else "")
    outcome = (
        "Nothing would be deleted."
        if dry_run
        else "Nothing was deleted; everything else was deployed."
    )
    return (
        f"{'Would refuse' if dry_run else 'Refused'} to delete {plural(count, 'file')} ({shown}): "
        f"more than the deletion cap of {plan.max_deletes} (DEPLOY_MAX_DELETES). {outcome} "
        "If these deletions are expected, run the deploy again with a higher cap for once: "
        f"make deploy ... MAX_DELETES={count} (or --max-deletes {count})."
    )


# --- The whole deploy ------------------------------------------------------------


def dry_run_report(plan, grace, echo) -> int:
    describe_plan(plan, grace, echo)
    for line in summary(plan, None, grace):
        echo(line)
    if plan.refused_deletions:
        echo(refusal(plan, dry_run=True))
    echo("Dry run: nothing was changed.")
    return OK


def pending_state(plan, manifest, state) -> State:
    """The record to leave in the bucket while a deploy runs, so that a cut-off
    run cannot mislead the next one: files about to change lose their record
    (the next run asks the store instead of trusting an old ETag and headers),
    and assets this build uses again are no longer counted as retired (their
    grace period restarts if a later build drops them again)."""
    changing = {upload.path for upload in plan.uploads} | set(plan.deletions)
    return State(
        {path: record for path, record in state.records.items() if path not in changing},
        {path: since for path, since in state.retired.items() if path not in manifest.files},
    )


def carry_out_and_report(plan, bucket, output, manifest, remote, state, grace, echo, complain) -> int:
    try:
        pending = state_bytes(pending_state(plan, manifest, state))
        if pending != state_bytes(state):
            bucket.write_state(pending)
        outcome = carry_out(plan, bucket, output, echo)
        record = state_bytes(new_state(plan, manifest, remote, outcome))
        if record != state_bytes(state):
            bucket.write_state(record)
    except TRANSFER_ERRORS as error:
        complain(
            f"The deploy stopped: {error}\n"
            "The bucket is consistent: the assets of every page uploaded so far were uploaded "
            "before it. Run the deploy again to finish it."
        )
        return INTERRUPTED
    for line in summary(plan, outcome, grace):
        echo(line)
    if plan.refused_deletions:
        complain(refusal(plan))
        return DELETIONS_REFUSED
    return OK


def deploy(
    output, destination, settings, *, dry_run=False, max_deletes=None, bucket=None, echo=print, complain=print, now=None
):
    """Deploy the production build in ``output`` to ``destination``; returns
    the exit status. ``echo`` reports progress, ``complain`` problems."""
    output = Path(output)
    grace = settings["DEPLOY_ASSET_GRACE_SECONDS"]
    cap = settings["DEPLOY_MAX_DELETES"] if max_deletes is None else max_deletes
    try:
        manifest = load_manifest(output, settings["DEPLOY_MANIFEST"])
        verify_output(output, manifest)
    except ManifestError as error:
        complain(f"Cannot deploy: {error}")
        return CANNOT_START
    echo(f"{'Dry run: ' if dry_run else ''}deploying {manifest.site_url} from {output}/ to {destination}")
    try:
        bucket = bucket or Bucket(destination)
        state = parse_state(bucket.read_state())
        remote = bucket.remote_files(bucket.listing(), state.records)
    except (*TRANSFER_ERRORS, ValueError) as error:
        hint = " Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY." if isinstance(error, NoCredentialsError) else ""
        complain(f"Cannot deploy: could not read {destination}: {error}. Nothing was changed.{hint}")
        return CANNOT_START
    plan = make_plan(manifest.files, remote, state.retired, time.time() if now is None else now, grace, cap)
    if dry_run:
        return dry_run_report(plan, grace, echo)
    return carry_out_and_report(plan, bucket, output, manifest, remote, state, grace, echo, complain)
