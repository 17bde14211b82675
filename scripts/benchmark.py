"""Build-speed benchmark: this project against the peer stack and plain
Pelican, on the same pages.

    make bench                  # 100 and 1,000 pages; BENCH_FULL=1 adds 10,000
    .venv/bin/python scripts/benchmark.py --sizes 50 --repeats 1   # quick look
    .venv/bin/python scripts/benchmark.py --no-stack ...           # no virtualenv, nothing installed
    make bench AGAINST=d989780  # this checkout against the project at another commit, in the same run

It first makes the peer stack's virtualenv in its temporary folder (once per
run; scripts/peer_stack.py says what the stack is and why). For each size it
makes a synthetic catalog (copies of the Vertebroplasty page under other
titles and slugs) and, for each repeat, runs in turn:

- plain Pelican (the same Pelican, the ``simple`` theme, the pages menu off,
  no plugins) from an empty output folder: the yardstick for ``make html``;
- the peer stack (Pelican, pelican-sitemap, pelican-minify,
  pelican-precompress, Pelican's content cache, then the Pagefind CLI) cold:
  no output, no cache; then after one page's text is edited, then after
  another page's: the yardstick for ``make publish``;
- ``make html`` cold, then after one page's text is edited (the cache of the
  cold run), then after another page's;
- ``make publish`` cold, then after two edits, the same way.

The first edit is the build right after a cold one; the second is any later
build of an editor's or a publisher's working copy, which writes over the
site before last (sitebuild/reused_site.py). Both are judged against issue
19's targets; the issue's own rows are the first edit's.

Whatever ``make html`` and ``make publish`` run is what is measured (CONTENT=
points them at the catalog, $SITEBUILD_CACHE at a cache of the benchmark's
own, so the project's cache is never touched). The three alternate within
each repeat (odd repeats run them in the reverse order), so a busy machine
slows all alike. Each figure is the median of the repeats; each ratio the
median of the repeats' ratios against the same repeat's yardstick.
Peak memory is the largest resident set of the build's process tree
(wait4's rusage of the child, which covers the children it waited for).

With AGAINST= (--against), ``make html`` and ``make publish`` of the
project at that commit are timed too, the same way, alternating with this
checkout's (scripts/past_commit.py says how it is made ready), and a last
table gives each build's time against the commit's in the same repeat:
whether a change made a build slower, measured on one day, not against a
figure from another.

Writes reports/bench.csv (every run) and reports/bench.svg (time per page
against page count), prints the targets, and exits 1 when one is missed.
"""

import argparse
import csv
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import past_commit
import peer_stack

ROOT = Path(__file__).resolve().parent.parent
SEED_PAGE = ROOT / "content" / "procedures" / "vertebroplasty.md"
PLAIN_SETTINGS = """\
# Plain Pelican: the same pages, the simple theme, no plugins.
THEME = "simple"
DISPLAY_PAGES_ON_MENU = False
PAGE_PATHS = ["procedures"]
ARTICLE_PATHS = []
PLUGINS = []
"""
PROJECT_BUILDS = ("html_cold", "html_edit", "html_edit2", "publish_cold", "publish_edit", "publish_edit2")
THEN = "then_"  # the same builds of the project at the commit compared with (AGAINST=)
BUILDS = ("plain", "stack_cold", "stack_edit", "stack_edit2", *PROJECT_BUILDS, *(THEN + b for b in PROJECT_BUILDS))
LABELS = {
    "plain": "plain Pelican, cold",
    "stack_cold": "the peer stack, cold",
    "stack_edit": "the peer stack, one page edited",
    "stack_edit2": "the peer stack, a second page edited",
    "html_cold": "make html, cold",
    "html_edit": "make html, one page edited",
    "html_edit2": "make html, a second page edited",
    "publish_cold": "make publish, cold",
    "publish_edit": "make publish, one page edited",
    "publish_edit2": "make publish, a second page edited",
}
LABELS.update({THEN + build: "then: " + LABELS[build] for build in PROJECT_BUILDS})
# What each build's ratio in the tables is against: the production build
# against the stack that makes the same kind of site, in the same state.
YARDSTICK = {"stack_cold": "plain", "stack_edit": "plain", "stack_edit2": "plain", "html_cold": "plain",
             "html_edit": "plain", "html_edit2": "plain", "publish_cold": "stack_cold", "publish_edit": "stack_edit",
             "publish_edit2": "stack_edit2"}
YARDSTICK.update({THEN + build: YARDSTICK[build] for build in PROJECT_BUILDS})
# build -> (yardstick, the most it may take as a multiple of the yardstick's
# time in the same repeat): issue 19's targets.
RATIO_TARGETS = {
    "publish_cold": ("stack_cold", 1.3),
    "publish_edit": ("stack_edit", 0.3),
    "publish_edit2": ("stack_edit2", 0.3),
    "html_cold": ("plain", 2.0),
    "html_edit": ("plain", 0.4),
    "html_edit2": ("plain", 0.4),
}
TARGET_SIZE = 1000
MEMORY_SIZE, MEMORY_LIMIT_MB = 10000, 300
MEMORY_BUILDS = ("publish_cold", "publish_edit")  # the target is of `make publish`
FLAT_LIMIT = 1.25  # time per page at a larger size, as a multiple of the smallest size's
COLOURS = {"plain": "#555555", "stack_cold": "#2ca02c", "stack_edit": "#98df8a", "stack_edit2": "#bcbd22",
           "html_cold": "#1f77b4", "html_edit": "#17becf", "html_edit2": "#9edae5", "publish_cold": "#d62728",
           "publish_edit": "#ff9896", "publish_edit2": "#e377c2"}


SEED_CODES = "Codes: CPT 22510, CPT 22511, CPT 22512"


def make_content(folder: Path, count: int) -> list[Path]:
    source = SEED_PAGE.read_text(encoding="utf-8")
    pages = folder / "procedures"
    pages.mkdir(parents=True)
    made = []
    for number in range(count):
        title = f"Procedure {number:05d}"
        text = source.replace("Vertebroplasty", title).replace("Slug: vertebroplasty", f"Slug: procedure-{number:05d}")
        # A code of its own, as each procedure of a real catalog has: the
        # seed's three, shared by every page, would make three lookup pages
        # listing the whole catalog (connect/, ehr_connect).
        text = text.replace(SEED_CODES, f"Codes: CPT {10000 + number:05d}")
        path = pages / f"procedure-{number:05d}.md"
        path.write_text(text, encoding="utf-8")
        made.append(path)
    return made


def edit_text(page: Path, mark: str) -> None:
    """Change one sentence of the page's text (not its metadata)."""
    text = page.read_text(encoding="utf-8")
    head, blank, body = text.partition("\n\n")
    first, newline, rest = body.partition("\n")
    page.write_text(head + blank + first + f" Edited {mark}." + newline + rest, encoding="utf-8")


def run(command, env=None, cwd=ROOT):
    """(seconds, peak resident MB, exit status, CPU seconds) of one build, its
    children included."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _stderr = child.stderr.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        sys.stderr.write(_stderr.decode("utf-8", "replace")[-3000:])
    return seconds, usage.ru_maxrss / 1024, child.returncode, usage.ru_utime + usage.ru_stime


def wait_for_background_removal(cache: Path) -> None:
    """The build removes a replaced output in the background; let that finish
    before the next timed run, so it slows no measurement."""
    trash = cache / "trash"
    deadline = time.monotonic() + 120
    while trash.is_dir() and any(trash.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)


_ESCAPED = re.compile(r"\\([0-7]{3})")  # mountinfo writes space, tab, newline and backslash as \ooo
EXT4_DRIVER_KINDS = ("ext2", "ext3", "ext4")  # all mounted by the ext4 driver, which says in sysfs if there is a journal


def disk_of(folder, mountinfo="/proc/self/mountinfo", sysfs="/sys") -> str:
    """What ``folder`` is stored on, for the report: its file system and, for
    ext4, whether it has a journal. Without one, ext4 passes over every inode
    deleted in the last minute or more (the kernel's ``recently_deleted``) for
    each inode it makes, so a build that follows the removal of thousands of
    files (the bench removes the last run's output before each cold build)
    spends up to about 0.5 ms of system time on each file it creates: the
    first-edit rows vary most then (docs/build-speed.md).

    The mount is the last one listed at the longest mount point that holds
    the folder (a later mount on the same point hides the earlier). Never
    raises: what cannot be read or made sense of is "unknown"."""
    try:
        lines = os.fsdecode(Path(mountinfo).read_bytes()).splitlines()
        where = os.path.realpath(folder)
        best = None
        for line in lines:
            mine, _, theirs = line.partition(" - ")
            fields, rest = mine.split(), theirs.split()
            if len(fields) < 5 or len(rest) < 2:
                continue
            point = _ESCAPED.sub(lambda found: chr(int(found[1], 8)), fields[4])
            inside = where == point or where.startswith(point.rstrip("/") + "/")
            if inside and (best is None or len(point) >= len(best[0])):
                best = (point, fields[2], rest[0], rest[1])
    except Exception:  # noqa: BLE001 (a line for the report, never a reason to stop the bench)
        return "unknown"
    if best is None:
        return "unknown"
    _point, numbers, kind, source = best
    if kind not in EXT4_DRIVER_KINDS:
        return f"{kind} ({source})"
    try:
        device = Path(sysfs, "dev", "block", numbers).resolve().name
        task = Path(sysfs, "fs", "ext4", device, "journal_task").read_text(encoding="utf-8").strip()
    except Exception:  # noqa: BLE001 (no sysfs, another kernel: the journal is not said)
        return f"{kind} ({source})"
    return f"{kind} ({source}) {'without a journal' if task == '<none>' else 'with a journal'}"


def remove_output(output):
    """A cold run starts with no output: the build's ``output`` is a link to a
    site folder beside it (sitebuild/staging.py), and rmtree refuses a link."""
    if output.is_symlink():
        output.unlink()
    shutil.rmtree(output, ignore_errors=True)
    for sibling in output.parent.glob(f".{output.name}.*"):
        shutil.rmtree(sibling, ignore_errors=True)


# -o: the modules' bytecode is taken as it is (`make bench` compiled it
# first): no timed build compiles it, and the script run alone (its test)
# writes nothing into the repository.
OWN_MAKE_OPTIONS = ["-o", ".cache/bytecode.stamp"]


def make_command(target, content, output, options=OWN_MAKE_OPTIONS) -> list[str]:
    return ["make", "-s", "--no-print-directory", *options, target, f"OUTPUT={output}", f"CONTENT={content}",
            "SITEURL=https://bench.example"]


class Bench:
    def __init__(self, work: Path, repeats: int, stack: bool = True, against: str | None = None):
        self.work = work
        self.repeats = repeats
        self.rows = []
        self.cache = work / "cache"
        self.plain_settings = work / "plain.py"
        self.plain_settings.write_text(PLAIN_SETTINGS, encoding="utf-8")
        self.env = {**os.environ, "SITEBUILD_CACHE": str(self.cache)}
        # Each project timed: (the prefix of its builds' names, its checkout,
        # make's options, its environment). This checkout's first.
        self.projects = [("", ROOT, OWN_MAKE_OPTIONS, self.env)]
        self.commit = None
        if against is not None:
            self.projects.append(self.past(against))
        self.stack_python = None
        if stack:
            print("Installing the peer stack in a virtualenv of its own: " + " ".join(peer_stack.PINS), flush=True)
            self.stack_python = peer_stack.make_venv(work / "stack-venv", SEED_PAGE)
            self.stack_cache = work / "stack-cache"
            self.stack_settings = work / "stack.py"
            self.stack_settings.write_text(peer_stack.settings_text(self.stack_cache), encoding="utf-8")

    def past(self, ref):
        """The project at commit `ref`, exported and made ready to time."""
        self.commit = past_commit.commit_of(ref)
        print(f"Exporting the project at {ref} ({self.commit[:12]}) to time it beside this checkout", flush=True)
        tree = past_commit.export(self.commit, self.work / "then")
        env = {**os.environ, "SITEBUILD_CACHE": str(self.work / "then-cache")}
        warm = self.work / "then-warm"
        make_content(warm / "content", 3)

        def warm_up(options):
            """Whether each build exited 0, wrote the catalog's pages (not the
            commit's own content/) and kept them in the cache it was given."""
            built = []
            for target in ("html", "publish"):
                status = run(make_command(target, warm / "content", warm / f"out-{target}", options), env, cwd=tree)[2]
                pages = any((warm / f"out-{target}").rglob("procedure-00000*"))
                built.append(status == 0 and pages and any(Path(env["SITEBUILD_CACHE"]).rglob("*")))
            return built

        return THEN, tree, past_commit.prepare(tree, warm_up), env

    def make(self, target, content, output, project=None):
        _prefix, root, options, env = project or ("", ROOT, OWN_MAKE_OPTIONS, self.env)
        return run(make_command(target, content, output, options), env, cwd=root)

    def record(self, size, build, repeat, result):
        seconds, rss, status, cpu = result
        if status != 0:
            raise SystemExit(f"{build} at {size} pages failed (exit {status})")
        self.rows.append({"pages": size, "build": build, "repeat": repeat, "seconds": round(seconds, 4),
                          "ms_per_page": round(1000 * seconds / size, 4), "max_rss_mb": round(rss, 1),
                          "cpu_seconds": round(cpu, 4)})
        print(f"  {size:>6} pages  {LABELS[build]:<40} {seconds:8.2f} s  {rss:7.1f} MB  (CPU {cpu:.2f} s)", flush=True)

    def plain(self, size, repeat, content):
        output = self.work / "out-plain"
        remove_output(output)
        command = [sys.executable, "-m", "pelican", str(content), "-s", str(self.plain_settings), "-o", str(output),
                   "-q"]
        self.record(size, "plain", repeat, run(command))

    def stack(self, size, repeat, content, pages):
        """Cold (no output, no content cache), then after the same kind of
        edit as the project's, over the cold run's output and cache: a
        Pelican user's rebuild."""
        if self.stack_python is None:
            return
        output = self.work / "out-stack"
        remove_output(output)
        shutil.rmtree(self.stack_cache, ignore_errors=True)
        command = peer_stack.build_command(self.stack_python, content, self.stack_settings, output)
        self.record(size, "stack_cold", repeat, run(command))
        edit_text(pages[len(pages) // 2], f"stack {repeat}")
        self.record(size, "stack_edit", repeat, run(command))
        edit_text(pages[len(pages) // 4], f"stack {repeat}")
        self.record(size, "stack_edit2", repeat, run(command))

    def project(self, size, repeat, content, pages):
        """This checkout's builds, and the commit's when one is compared,
        in turn (the other way round in odd repeats)."""
        for project in self.projects if repeat % 2 == 0 else self.projects[::-1]:
            prefix, _root, _options, env = project
            cache = Path(env["SITEBUILD_CACHE"])
            for flavour, target in (("pelicanconf", "html"), ("publishconf", "publish")):
                build = prefix + target
                output = self.work / f"out-{build}"
                remove_output(output)
                shutil.rmtree(cache / flavour, ignore_errors=True)
                self.settle()
                self.record(size, f"{build}_cold", repeat, self.make(target, content, output, project))
                edit_text(pages[len(pages) // 2], f"{build} {repeat}")
                self.settle()
                self.record(size, f"{build}_edit", repeat, self.make(target, content, output, project))
                edit_text(pages[len(pages) // 4], f"{build} {repeat}")
                self.settle()
                self.record(size, f"{build}_edit2", repeat, self.make(target, content, output, project))

    def settle(self):
        """Every project's replaced outputs removed (each removes its own in
        the background), so one's clean-up slows no build of the other."""
        for _prefix, _root, _options, env in self.projects:
            wait_for_background_removal(Path(env["SITEBUILD_CACHE"]))

    def size(self, size):
        content = self.work / f"content-{size}"
        pages = make_content(content, size)
        for repeat in range(self.repeats):
            if repeat % 2 == 0:
                self.plain(size, repeat, content)
                self.stack(size, repeat, content, pages)
                self.project(size, repeat, content, pages)
            else:
                self.project(size, repeat, content, pages)
                self.stack(size, repeat, content, pages)
                self.plain(size, repeat, content)
        shutil.rmtree(content, ignore_errors=True)


# --- The live preview (make preview, issue 21) -----------------------------------
# From the save of a page to its new bytes served at its address over HTTP,
# median of PREVIEW_EDITS edits each, on a synthetic catalog of TARGET_SIZE
# pages; and the CPU the preview uses while nothing changes.
PREVIEW_TARGETS = {"text": 0.3, "title": 1.5, "problem": 0.3}  # seconds
PREVIEW_IDLE_TARGET = 1.0  # % of one core
PREVIEW_EDITS = 10
PREVIEW_IDLE_SECONDS = 20
PREVIEW_LABELS = {"text": "one page's text", "title": "one page's title",
                  "problem": "an edit that adds a problem, until the error page"}


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and the children it waited for (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    ticks = sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def fetch(url: str) -> str:
    from urllib.error import HTTPError
    from urllib.request import urlopen

    try:
        with urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except HTTPError as error:
        return error.read().decode("utf-8")


def served_after(url: str, check, started: float, deadline: float = 60.0) -> float:
    """Seconds from ``started`` until the page at ``url`` passes ``check``."""
    while True:
        if check(fetch(url)):
            return time.perf_counter() - started
        if time.perf_counter() - started > deadline:
            raise SystemExit(f"the preview never served the edit at {url}")
        time.sleep(0.005)


def settle(pid: int, quiet: float = 1.0, limit: float = 120.0) -> None:
    """Wait until the preview has used no CPU for ``quiet`` seconds (the
    search index after a title edit runs once the page is served)."""
    started, last = time.monotonic(), process_cpu_seconds(pid)
    while time.monotonic() - started < limit:
        time.sleep(quiet)
        now = process_cpu_seconds(pid)
        if now - last < 0.02:
            return
        last = now


def preview_latencies(work: Path, size: int = TARGET_SIZE, edits: int = PREVIEW_EDITS) -> dict:
    """{"text"|"title"|"problem": [seconds...], "idle": % of a core, "start": seconds} of
    one preview process (python -m sitebuild.preview, what make preview execs)."""
    import socket

    content = work / f"preview-content-{size}"
    pages = make_content(content, size)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    log = work / "preview.log"
    env = {**os.environ, "SITEBUILD_CACHE": str(work / "preview-cache")}
    command = [sys.executable, "-m", "sitebuild.preview", "--settings", "pelicanconf.py", "--port", str(port),
               "--content", str(content)]
    started = time.perf_counter()
    with open(log, "wb") as out:
        child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    found = {"text": [], "title": [], "problem": []}
    try:
        while "Watching " not in log.read_text(errors="replace"):
            if child.poll() is not None or time.perf_counter() - started > 600:
                raise SystemExit("the preview did not start:\n" + log.read_text(errors="replace")[-3000:])
            time.sleep(0.05)
        found["start"] = time.perf_counter() - started
        settle(child.pid)
        before = process_cpu_seconds(child.pid)
        time.sleep(PREVIEW_IDLE_SECONDS)
        found["idle"] = 100 * (process_cpu_seconds(child.pid) - before) / PREVIEW_IDLE_SECONDS
        for number in range(edits):
            page = pages[(number * 97 + 11) % len(pages)]
            slug = page.stem
            address = f"{url}/procedures/{slug}/"
            mark = f"Edited in the preview {number}"
            edit_text(page, mark)
            found["text"].append(served_after(address, lambda html: mark in html, time.perf_counter()))
            settle(child.pid, quiet=0.3)
            title = "Procedure " + slug.split("-")[1]
            text = page.read_text(encoding="utf-8")
            page.write_text(text.replace(title, f"{title} Renamed"), encoding="utf-8")
            saved = time.perf_counter()
            found["title"].append(served_after(address, lambda html: f">{title} Renamed</h1>" in html, saved))
            settle(child.pid, quiet=0.3)
            text = page.read_text(encoding="utf-8")
            page.write_text(text.replace("## Post ", "## After the ", 1), encoding="utf-8")
            saved = time.perf_counter()
            found["problem"].append(served_after(address, lambda html: "preview-problems" in html, saved))
            page.write_text(text, encoding="utf-8")
            served_after(address, lambda html: "preview-problems" not in html, time.perf_counter())
            settle(child.pid, quiet=0.3)
    except SystemExit:
        print(log.read_text(errors="replace")[-3000:], file=sys.stderr)
        raise
    finally:
        child.terminate()
        child.wait(timeout=60)
        shutil.rmtree(content, ignore_errors=True)
    return found


def preview_verdicts(found: dict) -> list[tuple[str, str, bool]]:
    """(target, measured, met) of each preview target."""
    verdicts_found = []
    for kind, limit in PREVIEW_TARGETS.items():
        median = statistics.median(found[kind])
        verdicts_found.append((f"make preview, {PREVIEW_LABELS[kind]}, save to served <= {limit} s",
                               f"{median:.3f} s (median of {len(found[kind])}; "
                               f"{min(found[kind]):.3f}-{max(found[kind]):.3f} s)", median <= limit))
    verdicts_found.append((f"make preview, idle CPU < {PREVIEW_IDLE_TARGET}% of a core",
                           f"{found['idle']:.2f}% over {PREVIEW_IDLE_SECONDS} s", found["idle"] < PREVIEW_IDLE_TARGET))
    return verdicts_found


# --- Figures -------------------------------------------------------------------


def median_of(rows, size, build, field="seconds"):
    values = [row[field] for row in rows if row["pages"] == size and row["build"] == build]
    return statistics.median(values) if values else None


def median_ratio(rows, size, build, field="seconds", against="plain"):
    """The median over the repeats of `build` against `against` in the same
    repeat (None when either was not run)."""
    yardstick = {row["repeat"]: row[field] for row in rows if row["pages"] == size and row["build"] == against}
    ratios = [row[field] / yardstick[row["repeat"]] for row in rows
              if row["pages"] == size and row["build"] == build and row["repeat"] in yardstick]
    return statistics.median(ratios) if ratios else None


def verdicts(rows, sizes):
    """[(target, measured, met or None when not measured)]."""
    found = []
    at = TARGET_SIZE if TARGET_SIZE in sizes else max(sizes)
    for build, (yardstick, limit) in RATIO_TARGETS.items():
        target = f"{LABELS[build]} at {at} pages <= {limit}x {LABELS[yardstick]}"
        ratio = median_ratio(rows, at, build, against=yardstick)
        if ratio is None:
            found.append((target, "not measured", None))
        else:
            found.append((target, f"{ratio:.2f}x", ratio <= limit))
    memory = f"peak memory of make publish at {MEMORY_SIZE} pages < {MEMORY_LIMIT_MB} MB"
    peaks = [row["max_rss_mb"] for row in rows if row["pages"] == MEMORY_SIZE and row["build"] in MEMORY_BUILDS]
    if peaks:
        found.append((memory, f"{max(peaks):.0f} MB", max(peaks) < MEMORY_LIMIT_MB))
    else:
        found.append((memory, "not run (BENCH_FULL=1)", None))
    if len(sizes) >= 2:
        for build in ("html_cold", "publish_cold"):
            target = (f"{LABELS[build]}: time per page flat from {sizes[0]} to {sizes[-1]} pages "
                      f"(<= {FLAT_LIMIT}x the smallest size's)")
            per_page = [median_of(rows, size, build, "ms_per_page") for size in sizes]
            if None in per_page:
                found.append((target, "not measured", None))
                continue
            worst = max(value / per_page[0] for value in per_page[1:])
            found.append((target, f"{worst:.2f}x", worst <= FLAT_LIMIT))
    else:
        found.append(("time per page flat", "needs two sizes", None))
    return found


def table(rows, sizes, field, unit, digits=2):
    """Markdown lines: each build's median `field`, and its ratio to its
    yardstick in the same repeat (YARDSTICK); builds not run are left out,
    and so are the compared commit's (`against_table`)."""
    builds = [build for build in BUILDS if not build.startswith(THEN) and any(row["build"] == build for row in rows)]
    lines = ["| pages | " + " | ".join(LABELS[b] for b in builds) + " |", "| ---: |" + " ---: |" * len(builds)]
    for size in sizes:
        cells = []
        for build in builds:
            value = median_of(rows, size, build, field)
            ratio = median_ratio(rows, size, build, field, against=YARDSTICK[build]) if build in YARDSTICK else None
            if value is None:
                cells.append("-")
            else:
                cells.append(f"{value:.{digits}f} {unit}" + ("" if ratio is None else f" ({ratio:.2f}x)"))
        lines.append(f"| {size:,} | " + " | ".join(cells) + " |")
    return lines


def against_table(rows, sizes, field, unit, commit, digits=2):
    """Markdown lines: each of the project's builds now and at the commit
    compared with, and the median of the repeats' ratios of the one to the
    other (under 1: faster now)."""
    lines = [f"| pages | build | this checkout | at {commit[:12]} | ratio |", "| ---: | --- | ---: | ---: | ---: |"]
    for size in sizes:
        for build in PROJECT_BUILDS:
            now, then = median_of(rows, size, build, field), median_of(rows, size, THEN + build, field)
            if now is None or then is None:
                continue
            ratio = median_ratio(rows, size, build, field, against=THEN + build)
            lines.append(f"| {size:,} | {LABELS[build]} | {now:.{digits}f} {unit} | {then:.{digits}f} {unit} | "
                         f"{ratio:.2f}x |")
    return lines


def write_csv(rows, path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=["pages", "build", "repeat", "seconds", "ms_per_page", "max_rss_mb", "cpu_seconds"]
        )
        writer.writeheader()
        writer.writerows(rows)


def write_svg(rows, sizes, path: Path, commit: str | None = None):
    """Time per page (median) against page count, one line per build; the
    builds of the commit compared with (`commit`) dashed."""
    import math

    width, height, left, right, top, bottom = 880, 420, 70, 350, 30, 60
    series = {build: [(size, median_of(rows, size, build, "ms_per_page")) for size in sizes] for build in BUILDS}
    series = {build: [(s, v) for s, v in points if v is not None] for build, points in series.items()}
    series = {build: points for build, points in series.items() if points}
    values = [v for points in series.values() for _, v in points] or [1]
    top_value = max(values) * 1.1
    low, high = math.log10(min(sizes)), math.log10(max(sizes))
    span = (high - low) or 1

    def x(size):
        return left + (math.log10(size) - low) / span * (width - left - right) if high > low else (width - right + left) / 2

    def y(value):
        return top + (1 - value / top_value) * (height - top - bottom)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
             f'<rect width="{width}" height="{height}" fill="white"/>',
             f'<text x="{left}" y="18" font-size="14">Build time per page (median of repeats), '
             f'this project, the peer stack and plain Pelican'
             + (f'; dashed, the project at {commit[:12]}' if commit else "") + '</text>',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" stroke="black"/>',
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="black"/>',
             f'<text x="{(left + width - right) / 2}" y="{height - 15}" text-anchor="middle">pages (log scale)</text>',
             f'<text x="18" y="{(top + height - bottom) / 2}" text-anchor="middle" '
             f'transform="rotate(-90 18 {(top + height - bottom) / 2})">ms per page</text>']
    for size in sizes:
        parts.append(f'<text x="{x(size):.1f}" y="{height - bottom + 18}" text-anchor="middle">{size:,}</text>')
    for step in range(5):
        value = top_value * step / 4
        parts.append(f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{value:.1f}</text>')
        parts.append(f'<line x1="{left}" y1="{y(value):.1f}" x2="{width - right}" y2="{y(value):.1f}" '
                     f'stroke="#dddddd"/>')
    for index, (build, points) in enumerate(series.items()):
        colour = COLOURS[build.removeprefix(THEN)]
        dashes = ' stroke-dasharray="6 4"' if build.startswith(THEN) else ""  # the commit compared with
        if points:
            line = " ".join(f"{x(s):.1f},{y(v):.1f}" for s, v in points)
            parts.append(f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2"{dashes}/>')
            parts += [f'<circle cx="{x(s):.1f}" cy="{y(v):.1f}" r="3.5" fill="{colour}"/>' for s, v in points]
        legend_y = top + 10 + index * 20
        parts.append(f'<line x1="{width - right + 15}" y1="{legend_y}" x2="{width - right + 40}" y2="{legend_y}" '
                     f'stroke="{colour}" stroke-width="2"{dashes}/>')
        parts.append(f'<text x="{width - right + 46}" y="{legend_y + 4}">{LABELS[build]}</text>')
    parts.append("</svg>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    full = os.environ.get("BENCH_FULL", "").strip() not in ("", "0")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000] + ([10000] if full else []))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--reports", type=Path, default=ROOT / "reports", help="where bench.csv and bench.svg go")
    parser.add_argument("--no-stack", action="store_true",
                        help="leave out the peer stack (no virtualenv made, nothing installed)")
    parser.add_argument("--against", metavar="COMMIT",
                        help="also time make html and make publish of the project at COMMIT, alternating with "
                             "this checkout's (make bench AGAINST=COMMIT)")
    parser.add_argument("--preview-only", action="store_true",
                        help="measure only make preview's latencies and idle CPU, at 1,000 pages")
    parser.add_argument("--no-preview", action="store_true",
                        help="leave out make preview's latencies (a 1,000-page catalog of its own)")
    args = parser.parse_args(argv)
    sizes = sorted(set(args.sizes))
    if min(sizes) < 1 or args.repeats < 1:
        parser.error("sizes and repeats must be at least 1")
    if args.preview_only:
        if args.against:
            parser.error("--against times make html and make publish; --preview-only times neither")
        return report_preview()
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        bench = Bench(work, args.repeats, stack=not args.no_stack, against=args.against)
        disk = disk_of(work)
        print(f"{os.cpu_count()} cores; {args.repeats} repeat(s) of each build at {', '.join(map(str, sizes))} pages; "
              f"the bench's folder on {disk}")
        for size in sizes:
            bench.size(size)
    finally:
        for cache in ("cache", "then-cache"):
            wait_for_background_removal(work / cache)
        shutil.rmtree(work, ignore_errors=True)
    rows = bench.rows
    write_csv(rows, args.reports / "bench.csv")
    write_svg(rows, sizes, args.reports / "bench.svg", bench.commit)
    against = ("ratio to plain Pelican cold; make publish's to the peer stack in the same state, cold or "
               "one page edited")
    print(f"\nWall time, median ({against}); {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f} at the end, on {disk} (the targets are judged on these)\n")
    print("\n".join(table(rows, sizes, "seconds", "s")))
    print(f"\nCPU time (user + system), median ({against}): what a busy machine changes least\n")
    print("\n".join(table(rows, sizes, "cpu_seconds", "s")))
    print("\nPeak memory (largest resident set in the build's process tree), median, with the same ratios\n")
    print("\n".join(table(rows, sizes, "max_rss_mb", "MB", digits=0)))
    if bench.commit is not None:
        print(f"\nThis checkout against the project at {args.against} ({bench.commit}), in the same run: "
              "wall time, median (ratio under 1: faster now)\n")
        print("\n".join(against_table(rows, sizes, "seconds", "s", bench.commit)))
        print("\nThe same in CPU time (user + system)\n")
        print("\n".join(against_table(rows, sizes, "cpu_seconds", "s", bench.commit)))
    print()
    missed = 0
    for target, measured, met in verdicts(rows, sizes):
        state = "not measured" if met is None else ("met" if met else "MISSED")
        missed += met is False
        print(f"{state:>12}: {target}: {measured}")
    print(f"\nWrote {args.reports / 'bench.csv'} and {args.reports / 'bench.svg'}")
    previewed = 0 if args.no_preview else report_preview()
    return 1 if previewed or missed else 0


def report_preview() -> int:
    """make preview's figures and verdicts: 1 when a target is missed."""
    work = Path(tempfile.mkdtemp(prefix="bench-preview-"))
    try:
        print(f"\nmake preview at {TARGET_SIZE} pages: {PREVIEW_EDITS} edits of each kind, save to new bytes "
              "served over HTTP at the page's address", flush=True)
        found = preview_latencies(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"  first build and start: {found['start']:.1f} s")
    missed = 0
    for target, measured, met in preview_verdicts(found):
        missed += not met
        print(f"{'met' if met else 'MISSED':>12}: {target}: {measured}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
