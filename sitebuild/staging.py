"""Build into a temporary directory; replace the output only on success."""

import os
import shutil
import tempfile
from contextlib import contextmanager


@contextmanager
def staged_directory(final, discard=None):
    """Yield an empty directory beside ``final``; on a clean exit it becomes
    ``final``. On an exception it is removed and ``final`` is left untouched.
    The replaced ``final`` is removed by ``discard(path)`` when given (the
    build runner removes it in the background), else here.

    The staging directory sits next to ``final`` so the swap is two renames on
    one file system, never a copy that could be cut off halfway.
    """
    final = os.path.abspath(final)
    parent = os.path.dirname(final)
    os.makedirs(parent, exist_ok=True)
    name = os.path.basename(final)
    staging = tempfile.mkdtemp(prefix=f".{name}.building-", dir=parent)
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    os.chmod(staging, 0o755)  # mkdtemp makes it private; a web root is not
    retired = None
    if os.path.lexists(final):
        retired = tempfile.mkdtemp(prefix=f".{name}.old-", dir=parent)
        os.rename(final, os.path.join(retired, name))
    os.rename(staging, final)
    if retired:
        (discard or (lambda path: shutil.rmtree(path, ignore_errors=True)))(retired)
