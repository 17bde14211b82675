"""Deploys a production build to S3-compatible object storage.

    make deploy DEST=s3://BUCKET[/PREFIX]      # after: make publish SITEURL=...
    python -m sitebuild.deploy --dest s3://BUCKET[/PREFIX] [--dry-run] [--max-deletes N]

Uploads only files whose content or headers changed (by sha256, against the
bucket), in an order that keeps the bucket a working site at every moment:
fingerprinted assets, then new pages and files, then changed ones, then
deletions. Old assets stay for DEPLOY_ASSET_GRACE_SECONDS; a run never
deletes more than DEPLOY_MAX_DELETES files.

- ``manifest``: what the build made (deploy-manifest.json), checked against output/;
- ``safe_paths``: the manifest names only files inside output/, the prefix is a plain folder;
- ``plan``: what to change, and in which order (pure);
- ``state``: the deploy's record in the bucket;
- ``transfer``: the bucket, through boto3;
- ``run``: carries out the plan and reports.

Nothing is imported here: the build imports ``manifest`` (to write
deploy-manifest.json) and must not load boto3 to do so.
"""
