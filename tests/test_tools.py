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
