"""The output is replaced whole, only on success, and is a whole site at every
instant: killed at any step, a build leaves the old site or the new one."""

import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, build, edit_page
from sitebuild.staging import current_site, restore_output, staged_directory

OLD = {"index.html": "old", "procedures/x/index.html": "old x"}
NEW = {"index.html": "new", "procedures/y/index.html": "new y", "about.html": "new about"}


def write_site(folder, files):
    """Each file of ``files`` (name -> text or bytes) under ``folder``."""
    for name, data in files.items():
        path = os.path.join(folder, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb" if isinstance(data, bytes) else "w") as handle:
            handle.write(data)


def site_files(folder):
    """path -> text of every file under ``folder`` (a link to a folder counts as it)."""
    return {p.relative_to(folder).as_posix(): p.read_text("latin-1") for p in folder.rglob("*") if p.is_file()}


def beside(final):
    return sorted(p.name for p in final.parent.iterdir())


def assert_only_the_site(final, files, spare=False):
    """``final`` links to the one folder beside it, which holds ``files``
    (with ``spare``: and the site it replaced, kept for the next build)."""
    assert final.is_symlink()
    site = current_site(final)
    assert site is not None
    others = [name for name in beside(final) if name not in (final.name, os.path.basename(site))]
    assert [name.rpartition("-")[0] for name in others] == ([f".{final.name}.spare"] if spare else [])
    assert site_files(final) == files


def test_success_replaces_the_old_output(tmp_path):
    final = tmp_path / "output"
    final.mkdir()
    (final / "old.html").write_text("old")
    with staged_directory(final) as staging:
        (tmp_path / staging / "new.html").write_text("new")
    assert sorted(p.name for p in final.iterdir()) == ["new.html"]
    assert_only_the_site(final, {"new.html": "new"})
    assert oct(os.stat(final).st_mode & 0o777) == oct(0o755)  # a web root, not mkdtemp's private folder


def test_replaced_sites_never_pile_up(tmp_path):
    final = tmp_path / "output"
    for number in range(3):
        with staged_directory(final) as staging:
            write_site(staging, {"index.html": f"build {number}"})
        assert_only_the_site(final, {"index.html": f"build {number}"})
    assert os.readlink(final) == os.path.basename(current_site(final))  # relative: the project can move


def test_failure_keeps_the_old_output_and_cleans_up(tmp_path):
    final = tmp_path / "output"
    final.mkdir()
    (final / "old.html").write_text("old")
    with pytest.raises(RuntimeError):
        with staged_directory(final) as staging:
            (tmp_path / staging / "half.html").write_text("half")
            raise RuntimeError("build broke")
    assert sorted(p.name for p in final.iterdir()) == ["old.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_a_link_of_the_users_own_is_replaced_and_its_folder_left_alone(tmp_path):
    web_root = tmp_path / "www"
    write_site(web_root, OLD)
    final = tmp_path / "project" / "output"
    final.parent.mkdir()
    final.symlink_to(web_root)
    with staged_directory(final) as staging:
        write_site(staging, NEW)
    assert_only_the_site(final, NEW)
    assert site_files(web_root) == OLD


# --- Killed at every step -------------------------------------------------------------

# Runs one staged build of NEW over ``final`` in a fresh process that kills
# itself (SIGKILL: no clean-up runs) just before its Nth change to the file
# system, counting every mkdir, rename, replace, symlink, unlink and rmdir
# from the start of the build. Exits 0 when it got to the end first.
KILLED_AT_STEP = """
import os, signal, sys
from sitebuild.staging import staged_directory
final, stop = sys.argv[1], int(sys.argv[2])
steps = 0
def dies_at_step(name):
    real = getattr(os, name)
    def step(*args, **kwargs):
        global steps
        if steps == stop:
            os.kill(os.getpid(), signal.SIGKILL)
        steps += 1
        return real(*args, **kwargs)
    setattr(os, name, step)
for name in ("mkdir", "rename", "replace", "symlink", "unlink", "rmdir"):
    dies_at_step(name)
with staged_directory(final) as staging:
    for name, text in {new}.items():
        path = os.path.join(staging, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as handle:
            handle.write(text)
"""


def killed_at_step(final, step):
    child = subprocess.run(
        [sys.executable, "-c", KILLED_AT_STEP.replace("{new}", repr(NEW)), str(final), str(step)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert child.returncode in (0, -9), child.stderr
    return child.returncode == -9


@pytest.mark.parametrize("before", ["a site from this design", "a real folder from before it"])
def test_a_build_killed_at_any_step_leaves_a_whole_site_and_the_next_build_works(tmp_path, before):
    """With ``output`` a link, it is the old site or the new one, whole, at
    every step. The first build over a real folder has one moment (between
    moving the folder aside and linking to it) without ``output``: the next
    command puts the old site back first thing."""
    killed = missing = 0
    for step in range(60):
        final = tmp_path / str(step) / "output"
        if before == "a real folder from before it":
            write_site(final, OLD)
        else:
            with staged_directory(final) as staging:
                write_site(staging, OLD)
        if not killed_at_step(final, step):
            assert site_files(final) == NEW
            break
        killed += 1
        if before == "a site from this design" or os.path.lexists(final):
            assert site_files(final) in (OLD, NEW), f"killed at step {step}"
        else:
            missing += 1
        restore_output(final)  # what the next build, or the deploy, does first
        assert site_files(final) in (OLD, NEW), f"killed at step {step}"
        with staged_directory(final) as staging:  # the next build
            write_site(staging, {"index.html": "next"})
        assert_only_the_site(final, {"index.html": "next"})
    else:
        pytest.fail("the staged build never finished")
    assert killed >= 10
    assert missing <= 1, "more than the one rename of a real folder left no output"


def test_what_the_previous_design_left_when_killed_is_put_back(tmp_path):
    """Killed between its two renames, the previous design left no output:
    the replaced site in .output.old-X/output and the new one in
    .output.building-Y. The next build puts the old site back first, and a
    failed build then leaves it so."""
    write_site(tmp_path / ".output.old-abc" / "output", OLD)
    write_site(tmp_path / ".output.building-def", NEW)
    final = tmp_path / "output"
    with pytest.raises(RuntimeError), staged_directory(final):
        raise RuntimeError("a content problem")
    assert_only_the_site(final, OLD)


# --- The real build, killed at its swap ---------------------------------------------------

# Runs the build command in this process, and kills it (SIGKILL) right after
# its first rename of the output folder: the moment the previous design had
# no output at all, and this one, over a real folder, the same.
KILLED_AFTER_MOVING_THE_OUTPUT = """
import os, runpy, signal, sys
real = os.rename
def rename(source, target, *args, **kwargs):
    real(source, target, *args, **kwargs)
    if os.path.basename(source) == "output":
        os.kill(os.getpid(), signal.SIGKILL)
os.rename = rename
sys.argv = ["sitebuild", *sys.argv[1:]]
runpy.run_module("sitebuild", run_name="__main__")
"""


def test_the_build_killed_at_the_swap_leaves_the_old_site_for_the_next_command(site, content_copy, tmp_path):
    final = tmp_path / "project" / "output"
    shutil.copytree(site, final)  # a real folder, as every build before this design left it
    old = site_files(final)
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_AFTER_MOVING_THE_OUTPUT, "--settings", "pelicanconf.py", "--output", str(final),
         "--content", str(content_copy), "--no-cache"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert killed.returncode == -9, killed.stderr
    edit_page(content_copy, lambda t: t + "\n<script>alert(1)</script>\n")
    failed = build(final, content=content_copy)  # the next command, which fails
    assert failed.returncode == 1, failed.stderr
    assert site_files(final) == old
    edit_page(content_copy, lambda t: t.replace("\n<script>alert(1)</script>\n", "\n"))
    edit_page(content_copy, lambda t: t.replace("It only takes minutes", "It takes only minutes"))
    rebuilt = build(final, content=content_copy)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "It takes only minutes" in (final / "procedures" / "vertebroplasty" / "index.html").read_text("utf-8")
    assert_only_the_site(final, site_files(final), spare=True)  # a build with a cache keeps the site it replaced


def test_make_clean_removes_the_output_link_its_site_and_leftovers(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path)
    final = tmp_path / "output"
    with staged_directory(final) as staging:
        write_site(staging, NEW)
    for leftover in (".output.building-x1", ".output.site-x2", ".output.old-x3", ".output.spare-x4"):
        write_site(tmp_path / leftover, OLD)
    (tmp_path / ".output.link-x2").symlink_to(".output.site-x2")
    result = subprocess.run(["make", "-C", str(tmp_path), "clean"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert beside(final) == ["Makefile"]


def killed_in_the_first_swap(final):
    """What a build killed between moving a real output folder aside and
    linking to it leaves: the old site beside a missing ``final``."""
    write_site(final.parent / f".{final.name}.site-k1ll3d", OLD)
    write_site(final.parent / f".{final.name}.building-n3w", NEW)
    assert not os.path.lexists(final)


def test_the_kiosk_bundle_and_the_deploy_put_the_site_back_first(tmp_path):
    from sitebuild.kiosk_bundle import main as bundle

    kiosk = tmp_path / "dist" / "kiosk"
    killed_in_the_first_swap(kiosk)
    assert bundle(["--input", str(kiosk), "--dist", str(tmp_path / "dist"), "--version", "t"]) == 0
    assert site_files(kiosk) == {**OLD, "SHA256SUMS": site_files(kiosk)["SHA256SUMS"]}
    output = tmp_path / "output"
    killed_in_the_first_swap(output)
    deploy = subprocess.run(
        [sys.executable, "-m", "sitebuild.deploy", "--dest", "s3://bucket/site", "--output", str(output)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert deploy.returncode == 1 and "make publish SITEURL=" in deploy.stderr  # a site, but no production build
    assert site_files(output) == OLD


def test_git_ignores_the_output_link_its_site_folders_and_linked_environments(tmp_path):
    """output/ is a link now, and a pattern with a trailing slash ('output/')
    matches only folders: the link showed as untracked after make html."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    shutil.copy(ROOT / ".gitignore", tmp_path / ".gitignore")
    (tmp_path / ".output.site-abc").mkdir()
    (tmp_path / ".output.site-abc" / "index.html").write_text("site", encoding="utf-8")
    os.symlink(".output.site-abc", tmp_path / "output")
    for shared in (".venv", "node_modules"):  # a git worktree may link the main checkout's
        os.symlink(tmp_path / ".output.site-abc", tmp_path / shared)
    status = subprocess.run(
        ["git", "status", "--porcelain", "--ignored"], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert "?? .gitignore" in status
    assert [line for line in status if not line.startswith("!! ")] == ["?? .gitignore"], status
