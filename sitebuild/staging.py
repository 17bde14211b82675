"""Build into a folder of its own; make it the output in one atomic step.

The output (``output``) is a symbolic link to a folder beside it,
``.output.site-XXXXXXXX``, which holds the site. A build writes into
``.output.building-XXXXXXXX``; when it succeeds that folder is renamed
``.output.site-XXXXXXXX`` and a new link to it is renamed over ``output``
(os.replace: one rename(2), atomic). So at every instant ``output`` is the
old site or the new one, whole, whatever moment the build is killed at: a
real folder cannot be swapped for another in one rename (that needs
renameat2's RENAME_EXCHANGE), a link can. The link is relative, so the
project folder can be moved or copied.

The site it replaced is then removed (by ``discard``: the build runner moves
it to the cache's trash and removes it in the background), so beside
``output`` there is only the one folder it points to. Or, when the build
keeps a spare (``keep_spare``: every build with a cache), it is renamed
``.output.spare-XXXXXXXX`` and the next build takes it as its building
folder, writing only what differs (reused_site.py). Then beside ``output``
there are two sites, the one it points to and the one before; nothing ever
writes to the one ``output`` points to.

- First build after an update (``output`` still a real folder): the folder
  is renamed ``.output.site-...`` and ``output`` made a link to it, then the
  new site replaces it as above. Between those two renames there is no
  ``output``; a build killed there is mended by the next command
  (``restore_output``), which links ``output`` back to the site it finds.
- Leftovers of a killed build (``.building-``, ``.site-`` folders no link
  points to, ``.link-`` links, ``.spare-`` folders beyond the one a build
  takes, and ``.output.old-`` from before this design) are removed by the
  next build. Each build holds an exclusive flock on its
  own folder until its link is in place, so a build running beside it never
  loses its folder to that clean-up.
- Readers that name the output by its path (``make serve``'s http.server,
  the deploy, the kiosk bundle) follow the link, and see the new site from
  the moment it is swapped in.
- Copying the output elsewhere: ``cp -r output/. elsewhere`` or ``rsync -a
  output/ elsewhere`` (a trailing ``/`` follows the link); ``cp -r output
  elsewhere`` copies the link itself.
"""

import fcntl
import os
import shutil
import tempfile
from contextlib import contextmanager

from . import reused_site

BUILDING, SITE, LINK, SPARE, LEGACY_OLD = "building", "site", "link", "spare", "old"


def _sibling(final, kind, suffix=""):
    return os.path.join(os.path.dirname(final), f".{os.path.basename(final)}.{kind}-{suffix}")


def _kind_and_suffix(final, entry):
    """(kind, suffix) of a sibling this module made for ``final``, else (None, None)."""
    prefix = f".{os.path.basename(final)}."
    if not entry.startswith(prefix):
        return None, None
    kind, dash, suffix = entry[len(prefix) :].partition("-")
    if not dash or kind not in (BUILDING, SITE, LINK, SPARE, LEGACY_OLD):
        return None, None
    return kind, suffix


@contextmanager
def _parent_locked(parent):
    """Holds an exclusive flock on the folder the output is in: a new build
    folder is made and locked by its build, and leftovers are looked for,
    one at a time, so a folder made a moment ago is never taken for the
    leftover of a killed build. Held for moments only; where the folder
    cannot be opened the build goes on without it."""
    handle = None
    try:
        handle = os.open(parent, os.O_RDONLY | os.O_DIRECTORY)
        fcntl.flock(handle, fcntl.LOCK_EX)
    except OSError:
        pass
    try:
        yield
    finally:
        if handle is not None:
            os.close(handle)


def _lock(folder):
    """A descriptor holding an exclusive flock on ``folder``, or None when a
    live build holds it (or the folder is gone). Closing it lets go."""
    try:
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(handle)
        return None
    return handle


def current_site(final):
    """The folder ``final`` points to, when it is a link to one of our
    ``.site-`` folders beside it; else None (a real folder, a link of the
    user's own, or nothing)."""
    try:
        target = os.readlink(final)
    except OSError:
        return None
    if os.sep in target or _kind_and_suffix(final, target)[0] != SITE:
        return None
    return os.path.join(os.path.dirname(final), target)


def _remove(path, discard):
    (discard or (lambda folder: shutil.rmtree(folder, ignore_errors=True)))(path)


def _link_to(final, site):
    """A new link to ``site`` beside ``final``, named after it, ready to be
    renamed over ``final``."""
    link = _sibling(final, LINK, os.path.basename(site).rpartition("-")[2])
    try:
        os.unlink(link)  # a killed build's, of the same name (unlikely: names are random)
    except FileNotFoundError:
        pass
    os.symlink(os.path.basename(site), link)
    return link


def _point(final, site):
    """Make ``final`` a link to ``site`` in one rename."""
    os.replace(_link_to(final, site), final)


def restore_output(final):
    """When ``final`` is missing (a build was killed in the first swap of a
    real folder) or a link to nothing, link it to the most recently renamed
    whole site beside it, if there is one. Returns the site linked, or None.

    A ``.site-`` folder is only ever made by renaming a finished build (or the
    previous real output folder), so any of them is a whole site; one a live
    build holds is left to that build."""
    final = os.path.abspath(final)
    if os.path.exists(final):
        return None
    with _parent_locked(os.path.dirname(final)):  # two commands started at once restore once
        if os.path.exists(final):
            return None
        return _restore(final)


def _restore(final):
    parent = os.path.dirname(final)
    try:
        entries = os.listdir(parent)
    except OSError:
        return None
    candidates = []
    for entry in entries:
        kind, _suffix = _kind_and_suffix(final, entry)
        path = os.path.join(parent, entry)
        if kind == LEGACY_OLD and os.path.isdir(os.path.join(path, os.path.basename(final))):
            # Before this design a replaced output was moved into .output.old-X/output.
            path = os.path.join(path, os.path.basename(final))
        elif kind != SITE or not os.path.isdir(path) or os.path.islink(path):
            continue
        handle = _lock(path)
        if handle is None:
            continue
        os.close(handle)
        candidates.append((os.lstat(path).st_ctime_ns, path, kind == LEGACY_OLD))  # a rename sets the ctime
    if not candidates:
        return None
    _ctime, site, legacy = max(candidates)
    if legacy:
        moved = tempfile.mkdtemp(prefix=os.path.basename(_sibling(final, SITE)), dir=parent)
        os.rename(site, moved)  # over the empty folder just made: one rename
        site = moved
    _point(final, site)
    return site


def remove_leftovers(final, discard=None):
    """Remove what killed builds left beside ``final``: every ``.building-``
    and ``.site-`` folder that no live build holds and ``final`` does not
    point to, their ``.link-`` links, and ``.old-`` folders from before this
    design."""
    final = os.path.abspath(final)
    parent = os.path.dirname(final)
    with _parent_locked(parent):
        try:
            entries = sorted(os.listdir(parent))
        except OSError:
            return
        for entry in entries:
            _remove_leftover(final, parent, entry, discard)


def _remove_leftover(final, parent, entry, discard):
    kind, suffix = _kind_and_suffix(final, entry)
    path = os.path.join(parent, entry)
    if kind == LEGACY_OLD:
        _remove(path, discard)
    elif kind == LINK and os.path.islink(path):
        site = _sibling(final, SITE, suffix)
        handle = _lock(site)
        if handle is None and os.path.isdir(site):
            return  # a live build is about to rename it over the output
        try:
            os.unlink(path)
        except OSError:
            pass
        if handle is not None:
            os.close(handle)
    elif kind in (BUILDING, SITE, SPARE) and os.path.isdir(path) and not os.path.islink(path):
        handle = _lock(path)
        if handle is None:
            return  # a live build's
        try:
            if current_site(final) != path:  # asked again under the lock
                _remove(path, discard)
        finally:
            os.close(handle)


def _publish(final, staging):
    """Make the finished build in ``staging`` a site and ``final`` a link to
    it; returns (the site, the site ``final`` pointed to before or None)."""
    if os.path.isdir(final) and not os.path.islink(final):
        # The first build with this design: make the real folder a site and
        # link to it, then go on as every other build does. The link is made
        # first, so ``final`` is missing for one rename only.
        moved = tempfile.mkdtemp(prefix=os.path.basename(_sibling(final, SITE)), dir=os.path.dirname(final))
        link = _link_to(final, moved)
        os.rename(final, moved)  # over the empty folder just made: one rename
        os.replace(link, final)
    # Renamed only now, so while ``final`` is missing above there is one
    # whole site beside it for restore_output to choose: the old one.
    site = _sibling(final, SITE, os.path.basename(staging).rpartition("-")[2])
    os.rename(staging, site)
    retired = current_site(final)
    _point(final, site)
    return site, (retired if retired != site else None)


def _take_spare(final):
    """(a building folder, its lock, the spare's ctime before it was taken)
    made of the spare beside ``final`` by one rename, or (None, None, None)
    when there is none free. Called with the parent locked."""
    parent = os.path.dirname(final)
    try:
        entries = os.listdir(parent)
    except OSError:
        return None, None, None
    spares = []
    for entry in entries:
        path = os.path.join(parent, entry)
        if _kind_and_suffix(final, entry)[0] == SPARE and os.path.isdir(path) and not os.path.islink(path):
            spares.append((os.lstat(path).st_ctime_ns, path))
    for ctime, spare in sorted(spares, reverse=True):
        handle = _lock(spare)
        if handle is None:
            continue
        staging = _sibling(final, BUILDING, os.path.basename(spare).rpartition("-")[2])
        try:
            os.rename(spare, staging)  # the lock goes with the folder
        except OSError:
            os.close(handle)
            continue
        return staging, handle, ctime
    return None, None, None


def _retire(final, site, keep_spare, discard):
    """The site ``final`` no longer points to: kept as the spare, or removed."""
    if keep_spare:
        spare = _sibling(final, SPARE, os.path.basename(site).rpartition("-")[2])
        try:
            os.rename(site, spare)
            return
        except OSError:
            pass
    _remove(site, discard)


@contextmanager
def staged_directory(final, discard=None, keep_spare=False):
    """Yield a folder beside ``final``; on a clean exit it becomes the site
    ``final`` points to (see the module's doc). On an exception it is
    removed and ``final`` is left untouched. The leftovers of killed builds
    (and the replaced site, unless kept) are removed by ``discard(path)``
    when given (the build runner removes them in the background), else here.

    With ``keep_spare``, the folder is the spare an earlier build kept when
    there is one, marked for reused_site.py, else empty; and the site this
    build replaces is kept as the next build's spare.

    The folders sit beside ``final`` so every step is a rename on one file
    system, never a copy that could be cut off halfway.
    """
    final = os.path.abspath(final)
    parent = os.path.dirname(final)
    os.makedirs(parent, exist_ok=True)
    restore_output(final)
    staging, handle = None, None
    with _parent_locked(parent):
        if keep_spare:
            staging, handle, set_aside = _take_spare(final)
            if staging is not None and reused_site.mark(staging, set_aside) is None:
                os.close(handle)  # its times cannot be trusted: removed as a leftover, below
                staging = handle = None
        if staging is None:
            staging = tempfile.mkdtemp(prefix=os.path.basename(_sibling(final, BUILDING)), dir=parent)
            handle = _lock(staging)  # held until the link is in place: see remove_leftovers
            reused_site.note_fresh(staging)
    remove_leftovers(final, discard)
    retired = None
    try:
        try:
            yield staging
        except BaseException:
            reused_site.forget(staging)
            shutil.rmtree(staging, ignore_errors=True)
            raise
        reused_site.forget(staging)  # about to be served: no longer a build's own folder
        os.chmod(staging, 0o755)  # mkdtemp makes it private; a web root is not
        try:
            _site, retired = _publish(final, staging)
        except BaseException:
            site = _sibling(final, SITE, os.path.basename(staging).rpartition("-")[2])
            for folder in (staging, site):
                if os.path.isdir(folder) and current_site(final) != folder:
                    shutil.rmtree(folder, ignore_errors=True)
            raise
    finally:
        if handle is not None:
            os.close(handle)
    if retired:
        _retire(final, retired, keep_spare, discard)
