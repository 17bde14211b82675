"""`make bench` (scripts/benchmark.py, scripts/peer_stack.py) without a build:
its verdicts on rows made here, and the peer stack it installs and runs.

The targets are issue 19's: `make publish` against the peer stack in the
same state, `make html` against plain Pelican, the memory of a 10,000-page
`make publish`, and time per page flat. A verdict that flips at its limit is
what makes `make bench` exit 1 on a missed target. (The run itself, on tiny
catalogs, is tests/test_build_cache.py's.)
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pelican.settings import read_settings

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import benchmark  # noqa: E402
import past_commit  # noqa: E402
import peer_stack  # noqa: E402

# Seconds of each build at 1,000 pages, each target met with room to spare.
MET = {"plain": 3.0, "stack_cold": 9.0, "stack_edit": 3.0, "stack_edit2": 3.0, "html_cold": 5.0, "html_edit": 1.0,
       "html_edit2": 1.0, "publish_cold": 10.0, "publish_edit": 0.6, "publish_edit2": 0.6}


def rows_of(seconds, pages=1000, repeat=0, rss=100.0):
    return [{"pages": pages, "build": build, "repeat": repeat, "seconds": value,
             "ms_per_page": 1000 * value / pages, "max_rss_mb": rss, "cpu_seconds": value}
            for build, value in seconds.items()]


def verdict(found, start):
    [(measured, met)] = [(measured, met) for target, measured, met in found if target.startswith(start)]
    return measured, met


def test_every_target_met_is_said_met():
    found = benchmark.verdicts(rows_of(MET), [1000])
    assert [met for _, _, met in found] == [True] * 6 + [None, None]


@pytest.mark.parametrize(("build", "yardstick", "limit"), [
    ("publish_cold", "stack_cold", 1.3),
    ("publish_edit", "stack_edit", 0.3),
    ("publish_edit2", "stack_edit2", 0.3),
    ("html_cold", "plain", 2.0),
    ("html_edit", "plain", 0.4),
    ("html_edit2", "plain", 0.4),
])
def test_a_ratio_target_flips_at_its_limit(build, yardstick, limit):
    under = {**MET, build: MET[yardstick] * limit * 0.98}
    over = {**MET, build: MET[yardstick] * limit * 1.02}
    label = benchmark.LABELS[build]
    assert benchmark.RATIO_TARGETS[build] == (yardstick, limit)
    assert verdict(benchmark.verdicts(rows_of(under), [1000]), label) == (f"{limit * 0.98:.2f}x", True)
    measured, met = verdict(benchmark.verdicts(rows_of(over), [1000]), label)
    assert met is False
    assert measured == f"{limit * 1.02:.2f}x"
    target = next(t for t, _, _ in benchmark.verdicts(rows_of(over), [1000]) if t.startswith(label))
    assert target.endswith(f"<= {limit}x {benchmark.LABELS[yardstick]}")


def test_make_publish_is_judged_against_the_stack_not_plain_pelican():
    # 10 s against a 9 s stack is met, though it is 3.3x plain Pelican's 3 s.
    assert verdict(benchmark.verdicts(rows_of(MET), [1000]), "make publish, cold") == ("1.11x", True)
    slow_stack_edit = {**MET, "stack_edit": 1.0}  # 0.6 s is 0.6x of it
    assert verdict(benchmark.verdicts(rows_of(slow_stack_edit), [1000]), "make publish, one page") == ("0.60x", False)


def test_a_ratio_is_the_median_of_each_repeats_ratio_to_its_own_yardstick():
    rows = (rows_of({**MET, "stack_cold": 9.0, "publish_cold": 9.0}, repeat=0)
            + rows_of({**MET, "stack_cold": 20.0, "publish_cold": 30.0}, repeat=1)
            + rows_of({**MET, "stack_cold": 8.0, "publish_cold": 12.0}, repeat=2))
    # ratios 1.0, 1.5 and 1.5: the median is 1.5 (the medians' ratio, 12 s / 9 s, would be 1.33)
    assert benchmark.median_ratio(rows, 1000, "publish_cold", against="stack_cold") == pytest.approx(1.5)
    assert verdict(benchmark.verdicts(rows, [1000]), "make publish, cold") == ("1.50x", False)


def test_a_target_without_its_yardstick_is_not_measured_and_not_missed():
    no_stack = {build: value for build, value in MET.items() if not build.startswith("stack")}
    found = benchmark.verdicts(rows_of(no_stack), [1000])
    assert verdict(found, "make publish, cold") == ("not measured", None)
    assert verdict(found, "make publish, one page") == ("not measured", None)
    assert verdict(found, "make html, cold") == ("1.67x", True)


def test_peak_memory_is_of_make_publish_at_10000_pages():
    sizes = [10000]
    big = rows_of(MET, pages=10000, rss=200.0)
    for row in big:
        if row["build"] in ("plain", "stack_cold", "stack_edit", "html_cold"):
            row["max_rss_mb"] = 900.0  # not make publish: not judged
    assert verdict(benchmark.verdicts(big, sizes), "peak memory") == ("200 MB", True)
    for row in big:
        if row["build"] == "publish_edit":
            row["max_rss_mb"] = 300.0
    assert verdict(benchmark.verdicts(big, sizes), "peak memory") == ("300 MB", False)
    assert verdict(benchmark.verdicts(rows_of(MET), [1000]), "peak memory") == ("not run (BENCH_FULL=1)", None)


def test_time_per_page_must_stay_flat_from_the_smallest_size():
    sizes = [100, 1000, 10000]
    rows = rows_of({b: v / 10 for b, v in MET.items()}, pages=100) + rows_of(MET)
    rows += rows_of({b: v * 10 * benchmark.FLAT_LIMIT for b, v in MET.items()}, pages=10000)
    found = benchmark.verdicts(rows, sizes)
    assert verdict(found, "make html, cold: time per page") == ("1.25x", True)
    for row in rows:
        if row["pages"] == 10000 and row["build"] == "publish_cold":
            row["ms_per_page"] *= 1.1
    assert verdict(benchmark.verdicts(rows, sizes), "make publish, cold: time per page")[1] is False


def test_the_tables_set_make_publish_beside_the_stack():
    rows = rows_of(MET)
    header, _rule, line = benchmark.table(rows, [1000], "seconds", "s")
    assert line.startswith("| 1,000 | ")
    assert header.split(" | ")[1:4] == ["plain Pelican, cold", "the peer stack, cold", "the peer stack, one page edited"]
    cells = dict(zip(header.strip("| ").split(" | ")[1:], line.strip("| ").split(" | ")[1:]))
    assert cells["make publish, cold"] == "10.00 s (1.11x)"  # against the stack, cold
    assert cells["make publish, one page edited"] == "0.60 s (0.20x)"  # against the stack after the edit
    assert cells["make html, one page edited"] == "1.00 s (0.33x)"  # against plain Pelican
    assert cells["plain Pelican, cold"] == "3.00 s"
    no_stack = [row for row in rows if not row["build"].startswith("stack")]
    header, _rule, line = benchmark.table(no_stack, [1000], "seconds", "s")
    assert "peer stack" not in header
    assert line.endswith("| 10.00 s | 0.60 s | 0.60 s |")  # no yardstick, no ratio
    assert cells["make publish, a second page edited"] == "0.60 s (0.20x)"  # against the stack's second edit


# --- The peer stack ------------------------------------------------------------------------


def stack_settings(tmp_path):
    path = tmp_path / "stack.py"
    path.write_text(peer_stack.settings_text(tmp_path / "stack-cache"), encoding="utf-8")
    return read_settings(str(path))


def test_the_stack_runs_sitemap_minify_precompress_in_that_order_then_pagefind(tmp_path):
    settings = stack_settings(tmp_path)
    assert settings["PLUGINS"] == ["pelican.plugins.sitemap", "pelican.plugins.minify", "pelican.plugins.precompress"]
    assert settings["THEME"].endswith("/themes/simple")  # the plain yardstick's theme
    assert settings["PAGE_PATHS"] == ["procedures"] and settings["ARTICLE_PATHS"] == []
    assert settings["SITEMAP"] == {"format": "xml"}
    assert all(settings[name] for name in ("HTML_MIN", "CSS_MIN", "JS_MIN", "INLINE_CSS_MIN", "INLINE_JS_MIN"))
    python, output = tmp_path / "venv" / "bin" / "python", tmp_path / "out"
    command = peer_stack.build_command(python, tmp_path / "content", tmp_path / "stack.py", output)
    assert command[:2] == ["sh", "-c"]
    pelican, pagefind = command[2].split(" && ")
    assert pelican.startswith(f"{python} -m pelican {tmp_path / 'content'} -s {tmp_path / 'stack.py'} -o {output}")
    assert pagefind == f"{python} -m pagefind --site {output} --silent"


def test_the_stack_compresses_brotli_11_and_gzip_9_and_overwrites_only_what_changed(tmp_path):
    settings = stack_settings(tmp_path)
    assert settings["PRECOMPRESS_BROTLI"] is True and settings["PRECOMPRESS_GZIP"] is True
    # zopfli would replace gzip level 9; zstandard is not served
    assert settings["PRECOMPRESS_ZOPFLI"] is False and settings["PRECOMPRESS_ZSTANDARD"] is False
    # True: an existing sibling is decompressed, compared and rewritten only if it differs
    assert settings["PRECOMPRESS_OVERWRITE"] is True
    # pelican-precompress fixes its levels in code; the bench checks the installed one against these
    assert (peer_stack.BROTLI_QUALITY, peer_stack.GZIP_LEVEL) == (11, 9)
    assert "quality=quality" in peer_stack.LEVELS_PROBE and "level=level" in peer_stack.LEVELS_PROBE
    text = peer_stack.settings_text(tmp_path)
    assert "brotli quality 11" in text and "gzip level 9" in text


def test_the_stack_uses_pelicans_content_cache_in_the_bench_folder(tmp_path):
    settings = stack_settings(tmp_path)
    assert settings["CACHE_CONTENT"] is True and settings["LOAD_CONTENT_CACHE"] is True
    assert settings["CONTENT_CACHING_LAYER"] == "reader"
    assert settings["CACHE_PATH"] == str(tmp_path / "stack-cache")


def requirement_pins():
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        name, _, version = line.split(";")[0].strip().partition("==")
        pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def test_every_package_of_the_stack_is_pinned_exactly_and_as_this_project_pins_it():
    ours = requirement_pins()
    names = set()
    for pin in peer_stack.PINS:
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==(\d+(?:\.\d+)+)", pin)
        assert match, f"{pin} is not an exact pin"
        name = re.sub(r"[-_.]+", "-", match[1]).lower()
        names.add(name)
        if name in ours:
            assert match[2] == ours[name], f"{pin}: requirements.txt has {ours[name]}"
    assert {"pelican", "pelican-sitemap", "pelican-minify", "pelican-precompress", "pagefind", "pagefind-bin",
            "markdown", "brotli"} <= names
    assert peer_stack.REQUIREMENTS == ROOT / "requirements.txt"  # the constraints pip is given


def test_each_synthetic_page_has_a_code_of_its_own(tmp_path):
    """As in a real catalog: the seed's codes, on every page, would make
    three lookup pages listing the whole catalog."""
    pages = benchmark.make_content(tmp_path, 3)
    lines = [[line for line in page.read_text(encoding="utf-8").splitlines() if line.startswith("Codes:")]
             for page in pages]  # fmt: skip
    assert lines == [["Codes: CPT 10000"], ["Codes: CPT 10001"], ["Codes: CPT 10002"]]


def test_the_benchmarks_builds_take_the_modules_bytecode_as_it_is(monkeypatch):
    """`make bench` compiles the project's modules before it times anything;
    the builds it times must not compile them again (a stale stamp would
    make the first timed build compile, and the script's own test would
    rewrite .cache/bytecode.stamp in the repository)."""
    commands = []
    monkeypatch.setattr(benchmark, "run", lambda command, env=None, cwd=None: commands.append(command))
    bench = benchmark.Bench.__new__(benchmark.Bench)
    bench.env = {}
    bench.make("html", "content", "output")
    (command,) = commands
    assert command[:2] == ["make", "-s"]
    assert ["-o", ".cache/bytecode.stamp"] == command[command.index("-o") : command.index("-o") + 2]
    assert command.index("-o") < command.index("html")


def test_the_report_says_what_disk_the_bench_ran_on_and_whether_ext4_has_a_journal(tmp_path):
    """Without a journal, ext4 makes every file created just after a mass
    removal slower, which is most of the first-edit rows' variation: the
    bench's report says which it ran on (its folder's mount: the last one
    listed at the longest mount point that holds it). The folders named here
    need not exist (under a root no machine has), so no host's own links can
    change the answer."""
    root = "/no-such-root-for-disk-of"
    mountinfo = tmp_path / "mountinfo"
    mountinfo.write_bytes(
        b"22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw\n"
        + f"30 22 254:16 / {root}/data rw,relatime shared:2 master:3 - ext4 /dev/vdb rw\n".encode()
        + f"31 30 0:40 / {root}/data/scratch rw - tmpfs tmpfs rw\n".encode()
        + f"32 22 0:41 / {root}/my\\040disk rw - xfs /dev/vdc rw\n".encode()
        + f"33 22 0:42 / {root}/tab\\011and\\134slash rw - btrfs /dev/vde rw\n".encode()
        + f"34 22 254:32 / {root}/old rw - ext3 /dev/vdd rw\n".encode()
        + f"35 22 0:43 / {root}/twice rw - tmpfs first rw\n".encode()
        + f"36 35 0:44 / {root}/twice rw - ramfs second rw\n".encode()
        + b"37 22 0:45 / /caf\xe9 rw - tmpfs latin1 rw\n"  # a name that is not UTF-8 elsewhere on the machine
        + b"a line that is not a mount\n",
    )
    sysfs = tmp_path / "sys"
    (sysfs / "dev" / "block").mkdir(parents=True)
    for numbers, device, task in (("254:0", "vda", "<none>"), ("254:16", "vdb", "1234")):
        (sysfs / "devices" / device).mkdir(parents=True)
        (sysfs / "dev" / "block" / numbers).symlink_to(sysfs / "devices" / device)
        (sysfs / "fs" / "ext4" / device).mkdir(parents=True)
        (sysfs / "fs" / "ext4" / device / "journal_task").write_text(task + "\n", encoding="utf-8")

    def disk(folder, sys_folder=sysfs):
        return benchmark.disk_of(folder, mountinfo=mountinfo, sysfs=sys_folder)

    assert disk(f"{root}/elsewhere/bench-1") == "ext4 (/dev/vda) without a journal"
    assert disk(f"{root}/data/bench-1") == "ext4 (/dev/vdb) with a journal"
    assert disk(f"{root}/database") == "ext4 (/dev/vda) without a journal"  # not inside data/
    assert disk(f"{root}/data/scratch/bench-1") == "tmpfs (tmpfs)"
    assert disk(f"{root}/my disk/bench-1") == "xfs (/dev/vdc)"
    assert disk(f"{root}/tab\tand\\slash/bench-1") == "btrfs (/dev/vde)"
    assert disk(f"{root}/old/bench-1") == "ext3 (/dev/vdd)"  # no journal_task to read: not said
    assert disk(f"{root}/twice/bench-1") == "ramfs (second)"  # the later mount hides the earlier
    # A loop in sysfs, or no mountinfo at all: said as far as it can be, never raised.
    (sysfs / "dev" / "block" / "254:0").unlink()
    (sysfs / "dev" / "block" / "254:0").symlink_to(sysfs / "dev" / "block" / "254:0")
    assert disk(f"{root}/elsewhere/bench-1") == "ext4 (/dev/vda)"
    assert benchmark.disk_of("/tmp", mountinfo=tmp_path / "absent") == "unknown"


# --- Against the project at another commit (make bench AGAINST=) -----------------------------


def test_the_commit_compared_with_gets_a_table_of_its_own_not_columns_in_the_targets():
    rows = []
    for repeat, (now, then) in enumerate([(5.0, 10.0), (6.0, 4.0), (3.0, 4.0)]):
        rows += rows_of({**MET, "html_cold": now}, repeat=repeat)
        rows += rows_of({"then_" + build: MET[build] for build in benchmark.PROJECT_BUILDS} | {"then_html_cold": then},
                        repeat=repeat)
    header, _rule, _line = benchmark.table(rows, [1000], "seconds", "s")
    assert "then" not in header and header.count(" | ") == len(MET)
    lines = benchmark.against_table(rows, [1000], "seconds", "s", "d989780aaaaaaaaa")
    assert lines[0] == "| pages | build | this checkout | at d989780aaaaa | ratio |"
    # ratios 0.5, 1.5 and 0.75: their median, not the medians' ratio (5 s / 4 s)
    assert lines[2] == "| 1,000 | make html, cold | 5.00 s | 4.00 s | 0.75x |"
    assert lines[3] == "| 1,000 | make html, one page edited | 1.00 s | 1.00 s | 1.00x |"
    assert len(lines) == 2 + len(benchmark.PROJECT_BUILDS)
    no_then = [row for row in rows if row["build"] != "then_publish_cold"]
    assert not any("make publish, cold" in line for line in benchmark.against_table(no_then, [1000], "seconds", "s",
                                                                                      "d989780"))
    # Its builds are said as the same builds, then, and ratioed to the same yardsticks.
    assert benchmark.LABELS["then_publish_edit"] == "then: make publish, one page edited"
    assert benchmark.YARDSTICK["then_publish_edit"] == "stack_edit"
    assert set(benchmark.RATIO_TARGETS) == set(benchmark.PROJECT_BUILDS)  # the targets judge this checkout only


def git(folder, *args):
    return subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, text=True).stdout


def test_a_commit_is_unpacked_whole_and_the_repository_is_left_as_it_was(tmp_path):
    repository = tmp_path / "repository"
    (repository / "sitebuild").mkdir(parents=True)
    git(repository, "init", "-q")
    (repository / "Makefile").write_text("html:\n\ttrue\n", encoding="utf-8")
    (repository / "sitebuild" / "run.py").write_text("print('then')\n", encoding="utf-8")
    git(repository, "add", ".")
    git(repository, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "then")
    first = git(repository, "rev-parse", "HEAD").strip()
    (repository / "sitebuild" / "run.py").write_text("print('now')\n", encoding="utf-8")  # not committed
    assert past_commit.commit_of("HEAD", repository) == first
    tree = past_commit.export(first, tmp_path / "then", repository)
    assert (tree / "sitebuild" / "run.py").read_text(encoding="utf-8") == "print('then')\n"
    assert sorted(path.name for path in tree.iterdir()) == ["Makefile", "sitebuild"]
    assert git(repository, "status", "--porcelain") == " M sitebuild/run.py\n"
    assert len(git(repository, "worktree", "list").splitlines()) == 1  # no worktree registered
    with pytest.raises(past_commit.CannotCompare, match="make bench AGAINST=no-such-branch: no such commit"):
        past_commit.commit_of("no-such-branch", repository)


def a_checkout(folder, requirements, installed=True):
    (folder / ".venv" / "bin").mkdir(parents=True)
    (folder / ".venv" / "bin" / "python").symlink_to(sys.executable)
    if installed:
        (folder / ".venv" / ".installed").touch()
    (folder / "requirements.txt").write_text(requirements, encoding="utf-8")
    return folder


def a_commit(folder, requirements):
    (folder / "sitebuild").mkdir(parents=True)
    (folder / "sitebuild" / "run.py").write_text("print('then')\n", encoding="utf-8")
    (folder / "requirements.txt").write_text(requirements, encoding="utf-8")
    return folder


def test_a_commit_with_the_same_pins_shares_the_virtualenv_and_is_compiled_before_it_is_timed(tmp_path):
    root = a_checkout(tmp_path / "root", "pelican==4.12.0\n")
    tree = a_commit(tmp_path / "then", "pelican==4.12.0\n")
    given = []
    options = past_commit.prepare(tree, lambda options: given.append(options) or [True, True], root)
    assert given == [options] and options == ["-o", ".cache/bytecode.stamp", "-o", ".venv/.installed"]
    assert (tree / ".venv").is_symlink() and (tree / ".venv").resolve() == (root / ".venv").resolve()
    # Its modules are compiled before anything is timed, wherever Python writes no bytecode itself.
    assert list((tree / "sitebuild" / "__pycache__").glob("run.*.pyc"))


def test_a_commit_with_other_pins_makes_its_own_virtualenv_from_this_checkouts_python(tmp_path):
    root = a_checkout(tmp_path / "root", "pelican==4.12.0\n")
    assert not past_commit.shares_virtualenv(a_commit(tmp_path / "other-pins", "pelican==4.11.0\n"), root)
    assert past_commit.shares_virtualenv(a_commit(tmp_path / "same-pins", "pelican==4.12.0\n"), root)
    not_installed = a_checkout(tmp_path / "not-installed", "pelican==4.12.0\n", installed=False)
    assert not past_commit.shares_virtualenv(tmp_path / "same-pins", not_installed)
    tree = a_commit(tmp_path / "then", "pelican==4.11.0\n")
    (tree / ".venv" / "bin").mkdir(parents=True)  # as its own Makefile would make it in the warm-up
    (tree / ".venv" / "bin" / "python").symlink_to(sys.executable)
    options = past_commit.prepare(tree, lambda options: [True, True], root, python="/opt/python3.11")
    assert options == ["-o", ".cache/bytecode.stamp", "PYTHON=/opt/python3.11"]
    assert not (tree / ".venv").is_symlink()


def test_make_never_installs_into_a_shared_virtualenv(tmp_path):
    """The options make is given for a commit that shares .venv: its
    virtualenv rule never runs, however new its requirements.txt."""
    tree = tmp_path / "then"
    (tree / ".venv").mkdir(parents=True)
    (tree / ".venv" / ".installed").touch()
    os.utime(tree / ".venv" / ".installed", (1, 1))
    (tree / "requirements.txt").write_text("pelican==4.12.0\n", encoding="utf-8")
    (tree / "Makefile").write_text(".venv/.installed: requirements.txt\n\ttouch installed-into\n"
                                   "html: .venv/.installed\n\ttouch built\n", encoding="utf-8")
    subprocess.run(["make", "-s", *past_commit.make_options(True, sys.executable), "html"], cwd=tree, check=True)
    assert (tree / "built").exists() and not (tree / "installed-into").exists()
    subprocess.run(["make", "-s", *past_commit.make_options(False, sys.executable), "html"], cwd=tree, check=True)
    assert (tree / "installed-into").exists()  # its own virtualenv: its rule runs


def test_a_commit_that_cannot_build_the_catalog_stops_the_bench_with_what_it_needs(tmp_path):
    root = a_checkout(tmp_path / "root", "pelican==4.12.0\n")
    tree = a_commit(tmp_path / "then", "pelican==4.12.0\n")
    with pytest.raises(past_commit.CannotCompare, match="take CONTENT= and \\$SITEBUILD_CACHE \\(3784c6f or later\\)"):
        past_commit.prepare(tree, lambda options: [True, False], root)


@pytest.mark.parametrize("makes", ["everything", "its own content", "no cache", "nothing"])
def test_the_warm_up_checks_the_commit_built_the_catalog_into_the_cache_it_was_given(tmp_path, monkeypatch, makes):
    """A Makefile from before CONTENT= builds its own content/ and exits 0:
    the bench must refuse it rather than time the wrong pages."""
    ran = []

    def run(command, env=None, cwd=None):
        ran.append((cwd, env["SITEBUILD_CACHE"]))
        output = Path(next(arg for arg in command if arg.startswith("OUTPUT="))[len("OUTPUT="):])
        page = "procedure-00000" if makes in ("everything", "no cache") else "vertebroplasty"
        if makes != "nothing":
            (output / "procedures" / page).mkdir(parents=True, exist_ok=True)
            (output / "procedures" / page / "index.html").touch()
        if makes != "no cache":
            (Path(env["SITEBUILD_CACHE"]) / "pelicanconf").mkdir(parents=True, exist_ok=True)
            (Path(env["SITEBUILD_CACHE"]) / "pelicanconf" / "facts").touch()
        return 1.0, 50.0, 0, 1.0

    monkeypatch.setattr(benchmark, "run", run)
    monkeypatch.setattr(past_commit, "commit_of", lambda ref: "a" * 40)
    def export(commit, folder):
        tree = a_commit(folder, "other pins\n")
        (tree / ".venv" / "bin").mkdir(parents=True)  # as its own Makefile makes it in the warm-up
        (tree / ".venv" / "bin" / "python").symlink_to(sys.executable)
        return tree

    monkeypatch.setattr(past_commit, "export", export)
    bench = benchmark.Bench.__new__(benchmark.Bench)
    bench.work = tmp_path
    if makes != "everything":
        with pytest.raises(past_commit.CannotCompare):
            bench.past("v1")
        return
    prefix, tree, options, env = bench.past("v1")
    assert (prefix, tree, bench.commit) == ("then_", tmp_path / "then", "a" * 40)
    assert env["SITEBUILD_CACHE"] == str(tmp_path / "then-cache") and options[-1].startswith("PYTHON=")
    assert ran == [(tmp_path / "then", str(tmp_path / "then-cache"))] * 2  # html and publish, in its own checkout


def test_the_plot_draws_the_commits_builds_dashed_and_names_it(tmp_path):
    rows = rows_of(MET) + rows_of({"then_" + build: MET[build] for build in benchmark.PROJECT_BUILDS})
    benchmark.write_svg(rows, [1000], tmp_path / "bench.svg", "d989780006c85557")
    text = (tmp_path / "bench.svg").read_text(encoding="utf-8")
    assert "dashed, the project at d989780006c8</text>" in text
    assert text.count('<polyline') == len(MET) + 6 and text.count('stroke-dasharray') == 2 * 6  # line and legend
    benchmark.write_svg(rows_of(MET), [1000], tmp_path / "plain.svg")
    assert "stroke-dasharray" not in (tmp_path / "plain.svg").read_text(encoding="utf-8")


def test_against_is_refused_with_preview_only(capsys):
    with pytest.raises(SystemExit) as stopped:
        benchmark.main(["--preview-only", "--against", "HEAD"])
    assert stopped.value.code == 2 and "--preview-only times neither" in capsys.readouterr().err


def test_each_project_builds_in_its_own_checkout_cache_and_output_in_turn(tmp_path, monkeypatch):
    """This checkout's builds and the commit's alternate: the commit's go
    second in even repeats, first in odd ones."""
    made = []
    monkeypatch.setattr(benchmark, "run",
                        lambda command, env=None, cwd=None: made.append((cwd, env["SITEBUILD_CACHE"], command))
                        or (1.0, 50.0, 0, 1.0))
    bench = benchmark.Bench.__new__(benchmark.Bench)
    bench.work, bench.rows = tmp_path, []
    bench.env = {"SITEBUILD_CACHE": str(tmp_path / "cache")}
    then = ("then_", tmp_path / "then", ["-o", ".venv/.installed"], {"SITEBUILD_CACHE": str(tmp_path / "then-cache")})
    bench.projects = [("", benchmark.ROOT, benchmark.OWN_MAKE_OPTIONS, bench.env), then]
    pages = benchmark.make_content(tmp_path / "content", 4)
    for repeat in (0, 1):
        bench.project(4, repeat, tmp_path / "content", pages)
    builds = [row["build"] for row in bench.rows]
    assert builds[:6] == list(benchmark.PROJECT_BUILDS) and builds[6:18] == ["then_" + b for b in
                                                                              benchmark.PROJECT_BUILDS] * 2
    assert builds[18:] == list(benchmark.PROJECT_BUILDS)
    for (cwd, cache, command), build in zip(made, builds):
        mine = not build.startswith("then_")
        assert cwd == (benchmark.ROOT if mine else tmp_path / "then")
        assert cache == str(tmp_path / ("cache" if mine else "then-cache"))
        assert f"OUTPUT={tmp_path / ('out-' + build.rsplit('_', 1)[0])}" in command
        assert (("-o", ".venv/.installed") in zip(command, command[1:])) == (not mine)
