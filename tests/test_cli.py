"""Command-line mistakes get a plain message, and never cost the project."""

import shutil
import subprocess
import sys

import pytest

from conftest import ROOT


@pytest.fixture
def scratch_project(tmp_path):
    """A throwaway copy of the project, so a broken guard cannot hurt the real one."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pelicanconf.py", "content", "theme", "plugins", "sitebuild"):
        source = ROOT / name
        copy = shutil.copytree if source.is_dir() else shutil.copy
        copy(source, project / name)
    (project / ".git").mkdir()
    return project


def run(project, *args):
    return subprocess.run(
        [sys.executable, "-m", "sitebuild", *args], cwd=project, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("output", [".", "..", "content", "content/.."])
def test_output_that_would_replace_the_project_is_refused(scratch_project, output):
    before = sorted(p.name for p in scratch_project.iterdir())
    result = run(scratch_project, "--output", output)
    assert result.returncode == 2
    assert "holds the project" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in scratch_project.iterdir()) == before
    assert (scratch_project / "content" / "procedures" / "vertebroplasty.md").is_file()


@pytest.mark.parametrize(
    "args, words",
    [
        (["--settings", "nope.py"], "no settings file 'nope.py'"),
        (["--content", "/nonexistent/content"], "no content folder"),
    ],
)
def test_missing_settings_or_content_is_a_plain_message(scratch_project, args, words):
    result = run(scratch_project, *args)
    assert result.returncode == 2
    assert words in result.stderr and "Traceback" not in result.stderr
    assert not (scratch_project / "output").exists()


@pytest.mark.parametrize(
    "setting, words",
    [
        ('OUTPUT_PATH="elsewhere"', "--setting OUTPUT_PATH is not allowed: the build command sets OUTPUT_PATH itself. "
         "Use --output FOLDER instead"),
        ("DEBUG=false", "--setting DEBUG is not allowed: the build command sets DEBUG itself. Leave it out"),
        ('PATH="elsewhere"', "--setting PATH is not allowed: the build command sets PATH itself. "
         "Use --content FOLDER instead"),
        ("KIOSK_IDLE_SECONDS", "--setting 'KIOSK_IDLE_SECONDS' is not NAME=VALUE"),
    ],
    ids=["OUTPUT_PATH", "DEBUG", "PATH", "no value"],
)
def test_the_runners_own_settings_cannot_be_overridden(scratch_project, setting, words):
    """--setting OUTPUT_PATH=... would skip the staging folder and the output guard."""
    result = run(scratch_project, "--setting", setting)
    assert result.returncode == 2
    assert f"Cannot build: {words}" in result.stderr and "Traceback" not in result.stderr
    assert not (scratch_project / "output").exists()
    assert not (scratch_project / "elsewhere").exists()


def test_run_pelican_applies_its_own_settings_last(tmp_path):
    from sitebuild.pelican_run import build_settings

    sneaky = {"OUTPUT_PATH": str(tmp_path / "elsewhere"), "DEBUG": False, "PATH": str(tmp_path), "TIMEZONE": "UTC"}
    settings = build_settings(str(ROOT / "pelicanconf.py"), tmp_path / "output", overrides=sneaky)
    assert settings["OUTPUT_PATH"] == str(tmp_path / "output")
    assert settings["DEBUG"] is True
    assert settings["PATH"] == str(ROOT / "content")  # the settings file's, which the output guard checked
    assert settings["TIMEZONE"] == "UTC"  # other overrides still apply
    content = tmp_path / "content"
    content.mkdir()
    assert build_settings(str(ROOT / "pelicanconf.py"), tmp_path / "output", content, sneaky)["PATH"] == str(content)


def test_the_command_freezes_its_objects_before_it_exits_and_exits_as_it_said(tmp_path):
    """`python -m sitebuild` ends through exit_with: every object is frozen
    (gc.freeze), so Python's teardown does not walk them all once more (about
    50 ms of every build at 1,000 pages), and the exit is otherwise ordinary:
    its status, its message, and atexit functions all as before."""
    probe = (
        "import atexit, gc, runpy, sys\n"
        "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count(), file=sys.stderr))\n"
        "sys.argv = ['sitebuild', '--settings', 'nope.py']\n"
        "runpy.run_module('sitebuild', run_name='__main__', alter_sys=True)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "no settings file 'nope.py'" in result.stderr and "Traceback" not in result.stderr
    frozen = [line for line in result.stderr.splitlines() if line.startswith("frozen at exit:")]
    assert len(frozen) == 1 and int(frozen[0].split(":")[1]) > 10_000, result.stderr
