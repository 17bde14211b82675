"""The project at an earlier commit, for `make bench AGAINST=<commit>`.

Why: issue 19 says no figure may get worse than "today", but a figure
measured on another day is no yardstick here. This machine's speed moves by
a third from one day to the next (plain Pelican took 3.3 s when the issue
was filed, 2.0 s since), so only two versions of the project timed in the
same run, on the same catalog, alternating, say whether a change made a
build slower.

The commit's files come from ``git archive`` (no worktree is registered in
the repository, nothing in it is written), unpacked with tarfile's ``data``
filter into the bench's temporary folder. Its builds run its own Makefile,
so what is timed is what ``make html`` and ``make publish`` did then. They
get a cache folder of their own through $SITEBUILD_CACHE and CONTENT= for
the catalog, which the project has had since 3784c6f (2026-11-25). An
older Makefile would build its own content/ without a word, so the bench
checks the untimed first builds made the catalog's pages and used the
cache folder it gave, and stops if not.

The Python packages: a commit whose requirements.txt is byte for byte this
one's shares this checkout's .venv (a link; its Makefile is told the
virtualenv is up to date, so nothing is installed into it). Any other
commit makes its own, by its own Makefile, in the temporary folder, from
the Python this checkout's .venv was made from (PYTHON=), so the two are
not timed on different Pythons.

Its modules are compiled to bytecode before anything is timed, as this
project's are (`make bench` depends on the bytecode stamp): where
PYTHONDONTWRITEBYTECODE is set, a commit from before that step would
otherwise compile every module again in every build it is timed on.
"""

import io
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_FOLDERS = ("sitebuild", "plugins")  # the modules a build imports from the checkout
INSTALLED_STAMP = ".venv/.installed"  # the Makefile's DEPS: the virtualenv is up to date


class CannotCompare(SystemExit):
    """The commit to compare with cannot be found, or cannot build the
    bench's catalog."""


def commit_of(ref: str, repository: Path = ROOT) -> str:
    """The full hash of `ref` (a hash, a tag, a branch, HEAD~3...)."""
    found = subprocess.run(["git", "-C", str(repository), "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
                           capture_output=True, text=True)
    if found.returncode != 0:
        raise CannotCompare(f"make bench AGAINST={ref}: no such commit in {repository}")
    return found.stdout.strip()


def export(commit: str, folder: Path, repository: Path = ROOT) -> Path:
    """The commit's files, unpacked into `folder` (made here)."""
    archive = subprocess.run(["git", "-C", str(repository), "archive", "--format=tar", commit],
                             capture_output=True, check=True).stdout
    folder.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def shares_virtualenv(tree: Path, root: Path = ROOT) -> bool:
    """Whether the commit pins exactly the packages this checkout has."""
    mine, theirs = root / "requirements.txt", tree / "requirements.txt"
    return (root / INSTALLED_STAMP).is_file() and theirs.is_file() and theirs.read_bytes() == mine.read_bytes()


def make_options(shared_virtualenv: bool, python: str) -> list[str]:
    """Make's options for every build of the commit: its bytecode was
    compiled by `prepare` and must not be again in a timed build; a shared
    virtualenv is not to be installed into (-o: make takes the file as up to
    date and never runs its rule); a virtualenv of its own is made from
    `python` (venv makes it from the interpreter a virtualenv was made
    from)."""
    options = ["-o", ".cache/bytecode.stamp"]
    return options + (["-o", INSTALLED_STAMP] if shared_virtualenv else [f"PYTHON={python}"])


def prepare(tree: Path, warm_up, root: Path = ROOT, python: str = sys.executable) -> list[str]:
    """Ready the exported commit to be timed; return make's options for its
    builds. `warm_up(options)` runs its builds once, untimed, on a tiny
    catalog (its own virtualenv is installed then), and says whether each
    exited 0 having built that catalog into the cache folder it was given."""
    shared = shares_virtualenv(tree, root)
    if shared:
        (tree / ".venv").symlink_to(root / ".venv", target_is_directory=True)
    else:
        print(f"Installing the commit's own virtualenv (its requirements.txt differs) in {tree}", flush=True)
    options = make_options(shared, python)
    if not all(warm_up(options)):
        raise CannotCompare(f"the commit in {tree} did not build the bench's catalog (see above): "
                            "make bench AGAINST= needs a commit whose make html and make publish take CONTENT= "
                            "and $SITEBUILD_CACHE (3784c6f or later)")
    folders = [name for name in SOURCE_FOLDERS if (tree / name).is_dir()]
    if folders:  # compileall given no folder compiles all of sys.path
        subprocess.run([str(tree / ".venv" / "bin" / "python"), "-m", "compileall", "-q", *folders], cwd=tree,
                       check=True, stdout=subprocess.DEVNULL)
    return options
