"""All built HTML (and the CSS) passes the W3C Nu HTML checker, in one call per
build: the local build and the production build (minified, fingerprinted)."""

import json
import shutil
import subprocess

import pytest

from conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture(params=["local", "production"])
def built_site(request):
    """The shared catalog's builds (tests/catalog.py): English and Spanish pages."""
    return request.getfixturevalue({"local": "site", "production": "published_site"}[request.param])


def test_nu_checker_finds_no_errors(built_site):
    site = built_site
    assert VNU.is_file(), "vnu.jar missing: run 'make test', which installs it"
    java = shutil.which("java")
    assert java, "Java is needed to run the Nu HTML checker"
    files = sorted(str(p) for p in site.rglob("*.html")) + sorted(str(p) for p in site.rglob("*.css"))
    assert any(f.endswith(".html") for f in files)
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--also-check-css", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [f"{m.get('url', '')}:{m.get('lastLine', '')}: {m['message']}" for m in messages if m["type"] == "error"]
    assert not errors, "\n".join(errors)
    assert result.returncode == 0
