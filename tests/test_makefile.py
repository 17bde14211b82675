"""The Makefile's promises: setup on a fresh machine, preview on 127.0.0.1
only, and a clean that removes every kind of build output."""

import os
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


def test_make_exits_2_on_any_failure_and_names_the_build_s_own_status(tmp_path):
    """What the README says make returns: a content problem is the build's
    status 1, which make reports as "Error 1" and itself exits 2."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    page = content / "procedures" / "vertebroplasty.md"
    page.write_text(page.read_text(encoding="utf-8").replace("## Post Vertebroplasty", "## Afterwards"), encoding="utf-8")
    result = subprocess.run(
        ["make", "-C", str(ROOT), "-o", ".venv/.installed", "-o", ".cache/bytecode.stamp", "html", f"OUTPUT={tmp_path / 'output'}", f"CONTENT={content}"],
        capture_output=True, text=True, timeout=300, env={**os.environ, "SITEBUILD_CACHE": str(tmp_path / "cache")},
    )
    assert result.returncode == 2
    assert "Post Vertebroplasty" in result.stderr and "] Error 1" in result.stderr, result.stderr
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "0 when the command worked, and 2 whenever it failed" in readme and "Error 1" in readme
    deploying = " ".join((ROOT / "docs" / "publishing.md").read_text(encoding="utf-8").split())
    assert "1 refused before changing anything" in deploying and "even when there was nothing to upload" in deploying


def test_the_projects_modules_are_compiled_once_per_change_even_where_python_writes_no_bytecode(tmp_path):
    """PYTHONDONTWRITEBYTECODE (set on this project's machine) keeps Python
    from writing __pycache__, so each build compiled the project's modules
    again: the build targets compile them first, when one changed."""
    import glob
    import sys

    VNU = "node_modules/vnu-jar/build/dist/vnu.jar"
    shutil.copy(ROOT / "Makefile", tmp_path)
    for module in ("sitebuild/runner.py", "plugins/part/code.py", "plugins/part/code copy.py"):
        (tmp_path / module).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / module).write_text("VALUE = 1\n")
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "python").symlink_to(sys.executable)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}

    def compiled(target="html"):
        plan = subprocess.run(["make", "-C", str(tmp_path), "-o", ".venv/.installed", "-o", VNU, "-n", target],
                              capture_output=True, text=True, timeout=60, env=env).stdout
        return "compileall" in plan

    assert all(compiled(target) for target in ("html", "publish", "kiosk", "test", "bench", "preview"))
    result = subprocess.run(["make", "-C", str(tmp_path), "-o", ".venv/.installed", ".cache/bytecode.stamp"],
                            capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    for module in ("sitebuild/runner.py", "plugins/part/code.py", "plugins/part/code copy.py"):
        source = tmp_path / module
        assert list(source.parent.glob(f"__pycache__/{glob.escape(source.stem)}.*.pyc")), module
    assert not compiled()  # nothing changed since
    stamp = tmp_path / ".cache" / "bytecode.stamp"
    os.utime(stamp, (stamp.stat().st_mtime - 10,) * 2)
    assert compiled()  # a module newer than the last compile


def test_a_deploy_without_dest_is_refused_before_anything_with_the_deploys_refusal_status():
    """Nothing is sent without DEST=: the deploy's "refused before changing
    anything" (1, README.md and docs/publishing.md), not its "cut off part
    way" (2), which says to run it again."""
    result = make(ROOT, "-s", "-o", ".venv/.installed", "deploy", "DEST=")
    assert result.returncode == 2
    assert "Say where: make deploy DEST=s3://BUCKET[/PREFIX]" in result.stderr
    assert result.stderr.rstrip().endswith("Error 1")
