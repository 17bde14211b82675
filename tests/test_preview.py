"""`make preview` (sitebuild/preview/): a real preview process on 127.0.0.1,
on a copy of the shared catalog (tests/catalog.py) in a temporary folder,
asked over HTTP and in Chromium; and the builds that must never carry any
of it.

One preview process serves the module's tests (each worker of a parallel
run makes its own); each test edits pages of its own and puts them back.
Every wait is for what the preview serves, with a deadline that fails the
test only when the preview never gets there: nothing here is timed.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest

from catalog import DRAFT
from conftest import ALLOW_FIXTURES, ROOT

sys.path.insert(0, str(ROOT))
from sitebuild.preview import pages  # noqa: E402
from sitebuild.preview.settings import is_example_address, preview_overrides  # noqa: E402

DEADLINE = 120  # seconds before a wait fails the test: a preview that never gets there
PREVIEW_MARKS = (b"/_preview/", b"preview.js", b"preview-note", pages.DRAFT_TEXT.encode(), b"data-token")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_is_free(port) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


class Preview:
    """A running ``python -m sitebuild.preview`` (what make preview execs)."""

    def __init__(self, content, log_folder, interrupts_ignored=False):
        self.content = Path(content)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = Path(log_folder) / f"preview-{self.port}.log"
        command = [sys.executable, "-m", "sitebuild.preview", "--settings", "pelicanconf.py", "--bind", "127.0.0.1",
                   "--port", str(self.port), "--content", str(content)]
        command += [f"--setting={name}=true" for name in ALLOW_FIXTURES]
        with open(self.log, "wb") as log:
            # interrupts_ignored: started as a shell starts a background job (SIGINT ignored)
            ignore = (lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if interrupts_ignored else None
            self.process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, preexec_fn=ignore)
        self.wait_for_log("Watching ")

    def said(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for_log(self, text):
        deadline = time.monotonic() + DEADLINE
        while text not in self.said():
            assert self.process.poll() is None, f"the preview stopped:\n{self.said()}"
            assert time.monotonic() < deadline, f"the preview never said {text!r}:\n{self.said()}"
            time.sleep(0.1)

    def get(self, path) -> tuple[int, str]:
        try:
            with urlopen(self.url + path, timeout=30) as response:
                return response.status, response.read().decode("utf-8")
        except HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def wait_for(self, path, check) -> str:
        """The page at ``path`` once ``check(html)`` holds."""
        deadline = time.monotonic() + DEADLINE
        while True:
            _status, html = self.get(path)
            if check(html):
                return html
            assert time.monotonic() < deadline, f"{path} never became what was awaited:\n{html[:3000]}\n{self.said()}"
            time.sleep(0.1)

    def pid(self) -> int:
        first = self.said().splitlines()[0]
        return int(first.split("kill ")[1].rstrip(")"))

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=60)


def edit(path: Path, old: str, new: str) -> str:
    """Replace ``old`` by ``new`` in a page, as an editor's save; returns the text before."""
    before = path.read_text(encoding="utf-8")
    assert old in before
    path.write_text(before.replace(old, new, 1), encoding="utf-8")
    return before


@pytest.fixture(scope="module")
def preview(tmp_path_factory, catalog):
    folder = tmp_path_factory.mktemp("preview")
    content = folder / "content"
    shutil.copytree(catalog, content)
    running = Preview(content, folder)
    yield running
    running.stop()


def text_of(html):
    from bs4 import BeautifulSoup

    return " ".join(BeautifulSoup(html, "lxml").get_text(" ").split())


# --- over HTTP -----------------------------------------------------------------


def test_a_saved_text_edit_is_served_and_only_the_preview_carries_its_script(preview):
    page = preview.content / "procedures" / "tonsillectomy.md"
    html = preview.wait_for("/procedures/tonsillectomy/", lambda html: "Tonsillectomy" in html)
    assert "Edited in the preview" not in html
    builds = preview.said().count("Built the site")
    before = edit(page, "The care team explains each step", "Edited in the preview. The care team explains each step")
    try:
        html = preview.wait_for("/procedures/tonsillectomy/", lambda html: "Edited in the preview" in html)
    finally:
        page.write_text(before, encoding="utf-8")
    # That page alone, read and written again: no build of the site.
    preview.wait_for_log(f"Updated {page} in ")
    assert preview.said().count("Built the site") == builds
    preview.wait_for("/procedures/tonsillectomy/", lambda html: "Edited in the preview" not in html)
    # The one script, by its full address, and the one request it makes.
    policy = html.split('http-equiv="Content-Security-Policy" content="')[1].split('"')[0].replace("&#x27;", "'")
    assert f"script-src {preview.url}/_preview/preview.js;" in policy + ";"
    assert f"connect-src {preview.url}/_preview/wait" in policy
    assert html.count("<script src=") == 1 and '<script src="/_preview/preview.js"' in html
    assert "Updated " in preview.said()  # the page alone, not a whole build
    # The footer says the preview's own address, never the example placeholder.
    assert f"Read this page online: {preview.url}/procedures/tonsillectomy/" in text_of(html)
    assert "example.org" not in html


def test_a_problem_replaces_the_page_with_its_problems_until_fixed(preview):
    page = preview.content / "procedures" / "skin-biopsy.md"
    before = edit(page, "## Post Skin Biopsy", "## Afterwards")
    line = before.split("## Post Skin Biopsy")[0].count("\n") + 1
    try:
        html = preview.wait_for("/procedures/skin-biopsy/", lambda html: "preview-problems" in html)
        said = text_of(html)
        assert f"{page}:{line}: the heading '## Afterwards' is not one of the required sections." in said
        assert "How to fix: use the exact heading from the list in docs/authoring.md" in said
        assert f"{page}: the required section 'Post Skin Biopsy' is missing." in said
        # Word for word what make html prints, which the terminal says once.
        assert preview.said().count(f"{page}:{line}: the heading '## Afterwards'") == 1
        # Every other page keeps its last good version, with a banner.
        other = preview.wait_for("/procedures/tonsillectomy/", lambda html: "other page has problems" in html)
        assert '<a href="/_preview/problems/">1 other page has problems</a>' in other
        listed = text_of(preview.get("/_preview/problems/")[1])
        assert f"{page}:{line}: the heading '## Afterwards'" in listed
    finally:
        page.write_text(before, encoding="utf-8")
    html = preview.wait_for("/procedures/skin-biopsy/", lambda html: "preview-problems" not in html)
    assert "<h2 class=\"procedure-section__title\" id=\"after-title\">Post Skin Biopsy</h2>" in html
    assert "other page has problems" not in preview.get("/procedures/tonsillectomy/")[1]


def test_a_title_edit_updates_the_a_to_z_list_and_then_the_search_index(preview):
    page = preview.content / "procedures" / "allergy-skin-test.md"
    before = page.read_text(encoding="utf-8")
    builds = preview.said().count("Built the site")
    entry = preview.get("/pagefind/pagefind-entry.json")[1]
    assert '"page_count"' in entry
    page.write_text(before.replace("Allergy Skin Test", "Allergy Patch Test"), encoding="utf-8")
    try:
        home = preview.wait_for("/", lambda html: "Allergy Patch Test" in html)
        assert "Allergy Skin Test" not in home
        preview.wait_for_log(f"Updated (with the lists that show it) {page} in ")
        assert preview.said().count("Built the site") == builds
        html = preview.get("/procedures/allergy-skin-test/")[1]
        assert '<h1 class="procedure__title" data-pagefind-weight="10">Allergy Patch Test</h1>' in html
        # The search index follows once the saves pause: its hashes change.
        preview.wait_for("/pagefind/pagefind-entry.json", lambda text: '"page_count"' in text and text != entry)
    finally:
        page.write_text(before, encoding="utf-8")
    preview.wait_for("/", lambda html: "Allergy Skin Test" in html)


def test_a_draft_is_served_at_its_address_with_its_banner(preview):
    html = preview.get(f"/procedures/{DRAFT}/")[1]
    assert pages.DRAFT_TEXT.replace("'", "&#x27;") in html
    assert "Spine Draft Procedure" in html
    published = preview.get("/procedures/tonsillectomy/")[1]
    assert "preview-note--draft" not in published


def test_a_new_draft_is_checked_in_full_and_shows_its_problems_at_its_future_address(preview):
    page = preview.content / "procedures" / "bone-scan.md"
    text = (ROOT / "content" / "procedures" / "vertebroplasty.md").read_text(encoding="utf-8")
    text = text.replace("Vertebroplasty", "Bone Scan").replace("Slug: vertebroplasty", "Slug: bone-scan")
    head, blank, body = text.partition("\n\n")
    page.write_text(f"{head}\nStatus: draft{blank}[Replace this: what a bone scan is.]\n\n{body}", encoding="utf-8")
    try:
        html = preview.wait_for("/procedures/bone-scan/", lambda html: "preview-problems" in html)
        line = head.count("\n") + 4
        assert f"{page}:{line}: a writing hint is still in the lead" in text_of(html)
    finally:
        page.unlink()
    preview.wait_for("/procedures/tonsillectomy/", lambda html: "other page has problems" not in html)


@pytest.mark.parametrize(
    ("stop", "interrupts_ignored"),
    [(signal.SIGTERM, False), (signal.SIGINT, False), (signal.SIGINT, True)],
    ids=["kill", "ctrl-c", "ctrl-c, started in the background"],
)
def test_a_kill_of_the_pid_it_prints_stops_it_and_frees_the_port(tmp_path, stop, interrupts_ignored):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    assert not (content / "images").exists()  # as on a fresh clone
    running = Preview(content, tmp_path, interrupts_ignored)
    try:
        assert "images" not in running.said()  # a folder that is not there is not watched, and not said
        assert running.pid() == running.process.pid  # what make preview execs: the server itself
        assert running.get("/procedures/vertebroplasty/")[0] == 200
        os.kill(running.pid(), stop)
        assert running.process.wait(timeout=60) == 0
        assert port_is_free(running.port)
        assert "Traceback" not in running.said()
    finally:
        running.stop()


def test_a_port_in_use_is_said_in_one_sentence(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "sitebuild.preview", "--port", str(port), "--content", str(ROOT / "content")],
            cwd=ROOT, capture_output=True, text=True, timeout=60,
        )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip() == (
        f"Port {port} is already in use by another program (another preview, or make serve?); "
        f"stop it, or choose another port: make preview PORT={port + 1}."
    )


def test_make_preview_execs_the_preview_on_loopback_and_devserver_is_its_alias():
    for target in ("preview", "devserver"):
        plan = subprocess.run(["make", "-n", "-C", str(ROOT), target, "PORT=8001"], capture_output=True, text=True,
                              timeout=60).stdout
        assert "exec .venv/bin/python -m sitebuild.preview " in plan, plan
        assert "--bind 127.0.0.1 --port '8001'" in plan, plan


# --- what the preview adds, and where ------------------------------------------------


def test_the_policy_allows_exactly_the_preview_script_and_its_request():
    policy = pages.preview_policy(
        "default-src 'none'; style-src 'self'; script-src 'none'; base-uri 'none'", "http://127.0.0.1:8001"
    )
    assert policy == (
        "default-src 'none'; style-src 'self'; script-src http://127.0.0.1:8001/_preview/preview.js; "
        "base-uri 'none'; connect-src http://127.0.0.1:8001/_preview/wait"
    )


def test_the_footer_keeps_a_real_public_address_and_replaces_the_placeholder():
    assert is_example_address("https://patient-guides.example.org")
    assert not is_example_address("https://guides.hospital.org")
    local = "http://127.0.0.1:8000"
    assert preview_overrides({"PUBLIC_SITEURL": "https://patient-guides.example.org"}, local)["PUBLIC_SITEURL"] == local
    assert "PUBLIC_SITEURL" not in preview_overrides({"PUBLIC_SITEURL": "https://guides.hospital.org"}, local)


@pytest.mark.parametrize("flavour", ["site", "published_site", "kiosk_site"])
def test_no_build_carries_the_preview_or_a_draft(flavour, request):
    """make html, make publish and make kiosk of the catalog (which has a
    draft): no file holds the preview's script, banner or policy, or the draft."""
    output = request.getfixturevalue(flavour)
    found = []
    for path in Path(output).rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            found += [f"{path.relative_to(output)}: {mark!r}" for mark in PREVIEW_MARKS if mark in data]
            if path.suffix == ".html" and (b"Spine Draft Procedure" in data or f"/{DRAFT}/".encode() in data):
                found.append(f"{path.relative_to(output)}: the draft")
    assert not found, found
    assert not (Path(output) / "procedures" / DRAFT).exists()


# --- in Chromium ----------------------------------------------------------------------


@pytest.mark.browser
def test_in_chromium_the_open_page_follows_each_save_and_the_notes_pass_axe(preview, browser):
    from axe_playwright_python.sync_playwright import Axe

    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    errors = []
    try:
        tab = context.new_page()
        tab.on("console", lambda message: message.type == "error" and errors.append(message.text))
        tab.on("response", lambda answer: answer.status >= 400 and errors.append(f"{answer.status} {answer.url}"))
        tab.goto(preview.url + "/procedures/gallbladder-removal/", wait_until="load")
        page = preview.content / "procedures" / "gallbladder-removal.md"
        sentence = "The care team explains each step"
        before = edit(page, sentence, f"Seen without a reload. {sentence}")
        try:
            # Locators, not wait_for_function: the page's policy forbids the eval that uses.
            tab.get_by_text("Seen without a reload").wait_for(timeout=DEADLINE * 1000)
            edit(page, "## Post Gallbladder Removal", "## Afterwards")
            tab.get_by_role("heading", name="problems to fix").wait_for(timeout=DEADLINE * 1000)
            results = Axe().run(tab, options={"runOnly": {"type": "tag", "values": tags}})
            assert results.violations_count == 0, results.generate_snapshot()
            # Readable at 200% zoom and beyond: no sideways scrolling at 320 px.
            tab.set_viewport_size({"width": 320, "height": 640})
            assert tab.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        finally:
            page.write_text(before, encoding="utf-8")
        tab.get_by_role("heading", name="Gallbladder Removal", exact=True).wait_for(timeout=DEADLINE * 1000)
        tab.goto(preview.url + f"/procedures/{DRAFT}/", wait_until="load")
        assert tab.locator(".preview-note--draft").inner_text() == pages.DRAFT_TEXT
        results = Axe().run(tab, options={"runOnly": {"type": "tag", "values": tags}})
        assert results.violations_count == 0, results.generate_snapshot()
    finally:
        context.close()
    assert not errors, errors  # the policy let the script run and fetch
