"""The development tools: `make devserver` runs one Pelican many times.

Pelican's devserver (pelican --autoreload) calls Pelican.run() again on the
same instance after every change, so no plugin may keep state from one build
to the next. Each double build runs in its own process: plugins keep module
state, and the settings files read the environment.
"""

import json
import os
import subprocess
import sys

import pytest
from pelican.settings import read_settings

from conftest import ROOT, page_path, procedure_sources

PUBLIC = "https://patient-guides.example.org"

# Builds twice with one Pelican, as the devserver does, and prints what each
# run logged and the sha256 of the page it wrote. Between the runs it may
# delete one file (an author fixing a problem while the devserver runs).
TWICE = r"""
import hashlib, json, logging, os, sys, traceback
from pelican import Pelican
from pelican.settings import read_settings

settings_file, output, page, content, remove = sys.argv[1:6]

class Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []
    def emit(self, record):
        if not getattr(record, "content_notice", False):  # notices are meant to be said every build
            self.records.append(f"{record.levelname}: {record.getMessage()}")

collect = Collect()
logging.getLogger().addHandler(collect)
override = {"OUTPUT_PATH": output}
if content:
    override["PATH"] = content
pelican = Pelican(read_settings(settings_file, override=override))
runs = []
for number in (1, 2):
    collect.records = []
    try:
        pelican.run()
        failure = None
    except Exception:
        failure = traceback.format_exc()
    target = os.path.join(output, page)
    digest = hashlib.sha256(open(target, "rb").read()).hexdigest() if os.path.isfile(target) else None
    runs.append({"logged": collect.records, "failure": failure, "page": digest})
    if remove and os.path.exists(remove):
        os.remove(remove)
print(json.dumps(runs))
"""


def build_twice(settings_file, output, env=None, content=None, remove=None):
    settings = read_settings(str(ROOT / settings_file))
    page = page_path(output, settings, procedure_sources()[0]).relative_to(output)
    command = [sys.executable, "-c", TWICE, settings_file, str(output), str(page), str(content or ""), str(remove or "")]
    result = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=300, env={**os.environ, **(env or {})}
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "settings_file, env",
    [
        ("pelicanconf.py", {}),
        ("publishconf.py", {"SITEURL": PUBLIC}),
        ("kioskconf.py", {"PUBLIC_SITEURL": PUBLIC}),
    ],
)
def test_a_second_build_in_one_process_succeeds(settings_file, env, tmp_path):
    first, second = build_twice(settings_file, tmp_path / "output", env)
    assert first["failure"] is None and first["logged"] == [], first
    assert second["failure"] is None, second["failure"]
    assert second["logged"] == [], "the second build logged problems"
    assert first["page"] is not None
    assert second["page"] == first["page"], "the second build wrote a different procedure page"


def test_a_problem_fixed_between_builds_is_gone_from_the_next(content_copy, tmp_path):
    stray = content_copy / "procedures" / "notes.txt"
    stray.write_text("to do\n", encoding="utf-8")
    first, second = build_twice("pelicanconf.py", tmp_path / "output", content=content_copy, remove=stray)
    assert "ContentProblems" in first["failure"]
    assert any("notes.txt: this file is not used" in line for line in first["logged"])
    assert second["failure"] is None and second["logged"] == [], second
    assert second["page"] is not None


def test_a_problem_still_there_is_reported_again_by_the_next_build(content_copy, tmp_path):
    """Pelican's log filter lets each warning or error through once per
    process (LimitFilter, on every logger); the devserver's next build must
    still say what is wrong (here an image without alt text)."""
    import shutil

    images = content_copy / "images"
    images.mkdir(exist_ok=True)
    shutil.copy(ROOT / "theme" / "static" / "favicon.svg", images / "spine.svg")
    page = content_copy / "procedures" / "vertebroplasty.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n<img src="{static}/images/spine.svg">\n', encoding="utf-8")
    first, second = build_twice("pelicanconf.py", tmp_path / "output", content=content_copy)
    for run in (first, second):
        assert any("alt" in line.lower() for line in run["logged"]), run["logged"]


# A kiosk build, then a web build, in one process: plugins stay connected for
# the life of the process, so a kiosk-only plugin must not act on a build
# whose settings do not list it.
ONE_AFTER_THE_OTHER = r"""
import json, logging, os, sys
from pelican import Pelican
from pelican.settings import read_settings

logged = []
class Collect(logging.Handler):
    def emit(self, record):
        if not getattr(record, "content_notice", False):  # notices are meant to be said every build
            logged.append(f"{record.levelname}: {record.getMessage()}")
handler = Collect(logging.WARNING)
logging.getLogger().addHandler(handler)
pages = {}
outputs = sys.argv[1]
for settings_file in sys.argv[2:]:
    output = os.path.join(outputs, settings_file)
    Pelican(read_settings(settings_file, override={"OUTPUT_PATH": output})).run()
    with open(os.path.join(output, "procedures", "vertebroplasty", "index.html"), encoding="utf-8") as page:
        pages[settings_file] = page.read()
print(json.dumps({"logged": logged, "pages": pages}))
"""


def test_a_kiosk_build_does_not_leak_into_a_web_build_in_the_same_process(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", ONE_AFTER_THE_OTHER, str(tmp_path), "kioskconf.py", "pelicanconf.py"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, env={**os.environ, "PUBLIC_SITEURL": PUBLIC},
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["logged"] == []
    kiosk, web = report["pages"]["kioskconf.py"], report["pages"]["pelicanconf.py"]
    assert "take-home-qr" in kiosk and "take-home-qr" not in web
    assert 'class="phone-link" href="tel:' in web.split('id="appointment"')[1]
