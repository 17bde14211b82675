"""The Makefile's promises: setup on a fresh machine, preview on 127.0.0.1
only, and a clean that removes every kind of build output."""

import shutil
import subprocess

from conftest import ROOT


def make(folder, *args):
    return subprocess.run(["make", "-C", str(folder), *args], capture_output=True, text=True, timeout=60)


def test_html_and_test_create_the_venv_and_install_pinned_requirements(tmp_path):
    for name in ("Makefile", "package.json", "package-lock.json"):
        shutil.copy(ROOT / name, tmp_path)
    (tmp_path / "requirements.txt").write_text("pelican==4.12.0\n")
    for target in ("html", "test"):
        plan = make(tmp_path, "-n", target).stdout
        assert "-m venv .venv" in plan and "pip install" in plan and "-r requirements.txt" in plan, plan
    test_plan = make(tmp_path, "-n", "test").stdout
    assert "ensure-chromium" in test_plan and "npm ci" in test_plan
    lines = [line for line in (ROOT / "requirements.txt").read_text().splitlines() if line.strip()]
    assert lines and all("==" in line for line in lines), "every requirement is pinned exactly"


def test_previews_listen_on_loopback_only():
    for target in ("serve", "devserver"):
        plan = make(ROOT, "-n", target).stdout
        assert "--bind 127.0.0.1" in plan, plan


def test_clean_removes_build_output_and_leftovers(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path)
    for leftover in ("output", "dist/kiosk", ".output.building-x1", ".output.old-x2"):
        (tmp_path / leftover).mkdir(parents=True)
        (tmp_path / leftover / "index.html").write_text("x")
    result = make(tmp_path, "clean")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Makefile"]
