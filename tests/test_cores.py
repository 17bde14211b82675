"""How many processes a build runs: one per core it may run on
(sitebuild/cores.py), unless BUILD_PROCESSES says (sitebuild/page_pool.py)."""

import os

from sitebuild import page_pool
from sitebuild.cores import usable_cores


def test_a_build_counts_the_cores_it_may_run_on():
    assert usable_cores() == len(os.sched_getaffinity(0))


def test_the_pool_has_one_process_per_usable_core_unless_told(monkeypatch):
    monkeypatch.setattr(page_pool, "usable_cores", lambda: 1)  # a build pinned to one core
    assert page_pool.processes({"BUILD_PROCESSES": None}) == 1
    assert page_pool.processes({"BUILD_PROCESSES": 3}) == 3
    assert page_pool.processes({"BUILD_PROCESSES": "two"}) == 1  # and the build reports it
    assert page_pool.setting_problem("two")
    assert page_pool.setting_problem(True)
    assert page_pool.setting_problem(0)
    assert page_pool.setting_problem(None) is None


def test_a_small_site_gets_no_pool_unless_the_settings_ask_for_one(tmp_path):
    for number in range(page_pool.SMALL_SITE):
        folder = tmp_path / "procedures" / ("es" if number % 2 else "")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"p{number}.md").write_text("Title: P\n", encoding="utf-8")
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "x.svg").write_text("<svg/>", encoding="utf-8")
    settings = {"PATH": str(tmp_path), "BUILD_PROCESSES": None}
    assert page_pool.worth_a_pool(settings) is False  # SMALL_SITE pages: read faster by the build alone
    assert page_pool.worth_a_pool({**settings, "BUILD_PROCESSES": 2}) is True
    (tmp_path / "procedures" / "one-more.markdown").write_text("Title: P\n", encoding="utf-8")
    assert page_pool.worth_a_pool(settings) is True
    assert page_pool.worth_a_pool({"PATH": str(tmp_path / "absent"), "BUILD_PROCESSES": None}) is False


def plugin_with_a_part(folder, more, part):
    """A plugin package at ``folder`` whose import_parts() imports its
    ``part`` module; ``more`` is added to its __init__.py."""
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text(
        "import importlib\n"
        "def import_parts():\n"
        "    return [importlib.import_module(__name__ + '.part')]\n" + more, encoding="utf-8")
    (folder / "part.py").write_text(part, encoding="utf-8")
    return folder


def test_the_plugins_are_imported_before_the_pool_forks_and_pelican_registers_those(tmp_path, monkeypatch):
    """page_pool.import_plugins: a plugin in PLUGIN_PATHS is imported with
    its parts (its import_parts()), so the workers share them; Pelican then
    finds the same module (it loads a plugin once). A plugin that does not
    import, or is not there, is left for Pelican to report."""
    import sys

    from pelican.plugins._utils import load_plugins

    plugin_with_a_part(tmp_path / "plugins" / "lookalike_plugin", "def register():\n    pass\n", "PART = True\n")
    (tmp_path / "plugins" / "broken_plugin.py").write_text("raise ImportError('no')\n", encoding="utf-8")
    for name in ("lookalike_plugin", "lookalike_plugin.part", "broken_plugin"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    settings = {"PLUGINS": ["absent_plugin", "broken_plugin", "lookalike_plugin"],
                "PLUGIN_PATHS": [str(tmp_path / "plugins")]}
    try:
        page_pool.import_plugins(settings)
        assert sys.modules["lookalike_plugin.part"].PART is True
        assert "broken_plugin" not in sys.modules and "absent_plugin" not in sys.modules
        # Pelican's own loading (a private helper, read here only to prove it) finds the module imported ahead.
        loaded = load_plugins({**settings, "PLUGINS": ["lookalike_plugin"]})
        assert loaded == [sys.modules["lookalike_plugin"]]
    finally:
        for name in ("lookalike_plugin", "lookalike_plugin.part", "broken_plugin"):
            sys.modules.pop(name, None)


def imported_by(name):
    """In a pool worker: the process that imported the module ``name``."""
    import sys

    return sys.modules[name].IMPORTED_BY


def test_the_pools_workers_share_the_plugins_the_build_imported_before_forking(tmp_path, monkeypatch):
    """page_pool.started imports the plugins, with their parts, before it
    forks its workers: in a worker they are the modules the build's process
    imported (each worker would otherwise import them again)."""
    import os
    import sys

    noted = "import os\nIMPORTED_BY = os.getpid()\n"
    plugin = plugin_with_a_part(tmp_path / "plugins" / "shared_plugin", noted, noted)
    for name in ("shared_plugin", "shared_plugin.part"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    settings = {"PLUGINS": ["shared_plugin"], "PLUGIN_PATHS": [str(plugin.parent)], "BUILD_PROCESSES": 1}
    try:
        with page_pool.started(settings):
            assert page_pool.call(imported_by, "shared_plugin").result(timeout=60) == os.getpid()
            assert page_pool.call(imported_by, "shared_plugin.part").result(timeout=60) == os.getpid()
    finally:
        for name in ("shared_plugin", "shared_plugin.part"):
            sys.modules.pop(name, None)
