"""Serves the preview's folder on 127.0.0.1, as the site, plus what the
preview adds (pages.py), and answers the page's script when its page
changes.

What is served is decided per request from one ``View`` (an immutable
snapshot the build loop hands over after each build or update), so a
request never sees half an update. Each page's *token* says which version of
it the browser has: it changes when the page's file is written, when any
problem appears or goes (the page itself, or its banner, changes), and
after every full build. The script asks ``/_preview/wait`` with the token it
was served with; the answer comes as soon as the token differs (200: reload)
or after WAIT_SECONDS with nothing new (204: ask again). The waiting request
sleeps on a condition: nothing runs while nothing changes.
"""

import mimetypes
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from ..__main__ import relative_paths
from ..output_files import content_type
from . import pages

STATIC = Path(__file__).resolve().parent / "static"
WAIT_SECONDS = 20
# Part of every token: a page served by an earlier preview process (before
# a restart to load the plugins) is always reloaded.
BOOT = format(time.time_ns(), "x")


@dataclass(frozen=True)
class View:
    folder: Path | None = None
    outputs: dict = field(default_factory=dict)  # output path -> source label, for pages with problems
    page_problems: dict = field(default_factory=dict)  # output path -> [text]
    groups: tuple = ()  # (label, [text]) of every problem, for the list
    problem_sources: frozenset = frozenset()  # output paths of the pages that have problems
    problem_count: int = 0  # files (pages, and the site) with problems
    site_problems: tuple = ()  # the site cannot be built: shown in place of every page
    drafts: frozenset = frozenset()
    changed: dict = field(default_factory=dict)  # output path -> generation it last changed in
    full: int = 0  # generation of the last full build
    problems: int = 0  # generation the problems last changed in
    theme: str = "/theme"
    policy: str = pages.BASE_POLICY
    types: dict = field(default_factory=dict)

    def token(self, save_as: str) -> str:
        return f"{BOOT}.{self.full}.{self.changed.get(save_as, 0)}.{self.problems}"


class Shared:
    """The current View, and the condition the waiting requests sleep on."""

    def __init__(self):
        self.view = View()
        self.condition = threading.Condition()

    def publish(self, view: View):
        with self.condition:
            self.view = view
            self.condition.notify_all()

    def wait_for_change(self, save_as: str, token: str, seconds: float) -> bool:
        with self.condition:
            return self.condition.wait_for(lambda: self.view.token(save_as) != token, timeout=seconds)


def save_as_of(url_path: str) -> str:
    """The output path a URL path names (``/procedures/x/`` -> ``procedures/x/index.html``)."""
    path = unquote(url_path).lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    return path


def safe_origin(host: str | None, fallback: str) -> str:
    """The page's own origin, from the Host it was asked by; only a host
    name or address and a port (else the preview's own address)."""
    allowed = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")
    if host and len(host) <= 255 and set(host) <= allowed:
        return f"http://{host}"
    return fallback


def handler_for(shared: Shared, address: str):
    class Handler(BaseHTTPRequestHandler):
        server_version = "preview"
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass  # the terminal is for the editor's problems

        def send_bytes(self, status, data: bytes, kind: str):
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def send_html(self, status, html: str):
            self.send_bytes(status, html.encode("utf-8"), "text/html; charset=utf-8")

        def do_HEAD(self):
            self.do_GET()

        def do_GET(self):
            url = urlsplit(self.path)
            view = shared.view
            origin = safe_origin(self.headers.get("Host"), address)
            if url.path == pages.SCRIPT_PATH:
                return self.send_bytes(200, (STATIC / "preview.js").read_bytes(), "text/javascript; charset=utf-8")
            if url.path == pages.STYLE_PATH:
                return self.send_bytes(200, (STATIC / "preview.css").read_bytes(), "text/css; charset=utf-8")
            if url.path == pages.WAIT_PATH:
                return self.wait(parse_qs(url.query))
            if url.path == pages.PROBLEMS_PATH:
                token = view.token(save_as_of(url.path))
                html = pages.problems_page(list(view.groups), origin, token, view.theme, view.policy)
                return self.send_html(200, html)
            save_as = save_as_of(url.path)
            token = view.token(save_as)
            is_page = save_as.endswith(".html")
            if is_page and (view.site_problems or view.folder is None):
                groups = list(view.groups) or [("the site", ["The preview is still building the site."])]
                return self.send_html(200, pages.site_error_page(groups, origin, token, view.theme, view.policy))
            if save_as in view.page_problems:
                others = view.problem_count - 1
                html = pages.error_page(view.outputs[save_as], view.page_problems[save_as], others, origin, token,
                                        view.theme, view.policy)
                return self.send_html(200, html)
            root = view.folder.resolve() if view.folder else None
            target = (root / save_as).resolve() if root else None
            if target is None or not target.is_relative_to(root):
                return self.send_bytes(404, b"Not found", "text/plain; charset=utf-8")
            if target.is_dir():
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", url.path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            status = 200
            if not target.is_file():
                status, save_as = 404, "404.html"
                target = root / save_as
                if not target.is_file():
                    return self.send_bytes(404, b"Not found", "text/plain; charset=utf-8")
            data = target.read_bytes()
            if save_as.endswith(".html"):
                others = view.problem_count - (1 if save_as in view.problem_sources else 0)
                notes = (pages.draft_note() if save_as in view.drafts else "") + pages.other_problems_note(others)
                html = pages.dress(data.decode("utf-8"), origin, token, notes)
                return self.send_html(status, html)
            kind = content_type(save_as, view.types) or mimetypes.guess_type(save_as)[0] or "application/octet-stream"
            return self.send_bytes(status, data, kind)

        def wait(self, query):
            path = save_as_of((query.get("path") or ["/"])[0])
            token = (query.get("token") or [""])[0]
            if shared.wait_for_change(path, token, WAIT_SECONDS):
                return self.send_bytes(200, b"changed", "text/plain; charset=utf-8")
            self.send_response(HTTPStatus.NO_CONTENT)
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            return None

    return Handler


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # a browser's waiting request never holds up the stop
    allow_reuse_address = True


def bind(host: str, port: int, shared: Shared, address: str) -> PreviewServer:
    """The server, listening (raises OSError when the port is taken)."""
    return PreviewServer((host, port), handler_for(shared, address))


def serve_in_background(server: PreviewServer) -> threading.Thread:
    """The server's loop, in a thread of its own. It is never asked to stop
    (the process ends, or execs itself, with the socket closed), so it need
    not wake up to look: a long poll interval, no CPU while idle."""
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 3600}, daemon=True,
                              name="preview-server")
    thread.start()
    return thread


def view_of(engine, generation: int, previous: View, update) -> View:
    """The View after ``update`` (engine.Update)."""
    problems = engine.problems
    labels = {source: relative_paths(source) for source in problems.pages}
    groups = tuple((labels[source], tuple(texts)) for source, texts in sorted(problems.pages.items()))
    if problems.site:
        groups += (("the site", tuple(problems.site)),)
    page_problems = {engine.sources[s]: texts for s, texts in problems.pages.items() if s in engine.sources}
    outputs = {engine.sources[s]: labels[s] for s in problems.pages if s in engine.sources}
    changed = dict(previous.changed)
    for save_as in update.written:
        changed[save_as] = generation
    full = generation if update.kind == "full" else previous.full
    problems_generation = generation if groups != previous.groups else previous.problems
    theme = previous.theme
    if engine.settings:
        # Where the local build puts the theme's files (no fingerprint: that is publishconf.py's).
        theme = f"{engine.settings['SITEURL']}/{engine.settings['THEME_STATIC_DIR']}"
    return View(
        folder=engine.folder,
        outputs=outputs,
        page_problems=page_problems,
        groups=groups,
        problem_sources=frozenset(page_problems),
        problem_count=len(problems.pages) + (1 if problems.site else 0),
        site_problems=tuple(problems.site),
        drafts=frozenset(engine.drafts),
        changed=changed,
        full=full,
        problems=problems_generation,
        theme=theme,
        policy=(engine.settings or {}).get("CONTENT_SECURITY_POLICY") or previous.policy,
        types=dict((engine.settings or {}).get("CONTENT_TYPES") or {}),
    )
