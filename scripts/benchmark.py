"""Build-time benchmark: does build time grow linearly with the page count?

    make bench                      # or: .venv/bin/python scripts/benchmark.py --sizes 50 100 200 400

Makes synthetic content trees of N procedure pages (copies of the
Vertebroplasty page under other titles), builds each with the real build
command a few times, and reports the best time, the time per page and the
marginal cost of a page between sizes. The build is linear when that marginal
cost stays flat as N grows; the script exits 1 when the marginal cost between
the two largest sizes is more than 1.5 times that between the two smallest,
the mark of a step that grows with N squared (such as every page looping over
every page).
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_PAGE = ROOT / "content" / "procedures" / "vertebroplasty.md"
GROWTH_LIMIT = 1.5


def make_content(folder, count):
    source = SEED_PAGE.read_text(encoding="utf-8")
    pages = folder / "procedures"
    pages.mkdir(parents=True)
    for number in range(count):
        title = f"Procedure {number:05d}"
        text = source.replace("Vertebroplasty", title).replace("Slug: vertebroplasty", f"Slug: procedure-{number:05d}")
        (pages / f"procedure-{number:05d}.md").write_text(text, encoding="utf-8")


def best_build_time(content, output, repeats):
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "sitebuild", "--content", str(content), "--output", str(output)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - started
        if result.returncode != 0:
            sys.exit(f"build of {content} failed:\n{result.stderr}")
        best = min(best, elapsed)
    return best


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200, 400])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    sizes = sorted(set(args.sizes))
    if len(sizes) < 3:
        parser.error("give at least three sizes")
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        times = {}
        print(f"{'pages':>7} {'best s':>8} {'ms/page':>8} {'marginal ms/page':>17}")
        previous = None
        for size in sizes:
            content = work / f"content-{size}"
            make_content(content, size)
            times[size] = best_build_time(content, work / f"output-{size}", args.repeats)
            marginal = ""
            if previous is not None:
                marginal = f"{1000 * (times[size] - times[previous]) / (size - previous):17.2f}"
            print(f"{size:>7} {times[size]:>8.2f} {1000 * times[size] / size:>8.2f} {marginal}")
            previous = size
    finally:
        shutil.rmtree(work, ignore_errors=True)
    first = (times[sizes[1]] - times[sizes[0]]) / (sizes[1] - sizes[0])
    last = (times[sizes[-1]] - times[sizes[-2]]) / (sizes[-1] - sizes[-2])
    growth = last / first if first > 0 else float("inf")
    verdict = "linear" if growth <= GROWTH_LIMIT else "NOT linear"
    print(f"marginal cost grew {growth:.2f}x from the smallest to the largest sizes: {verdict}")
    return 0 if growth <= GROWTH_LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
