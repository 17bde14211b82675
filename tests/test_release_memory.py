"""Once Pelican has written the site, every page lets go of its HTML before the
last stages run (plugins/procedure_site/release_memory), except for a tool that reads the
pages after the build (the content report)."""

from pelican import signals
from pelican.contents import Content

from conftest import ROOT, in_a_fork


def pages_holding_html_at_the_last_stages(output, overrides=()):
    """A production build of the real content, in-process; at each of the
    stages after Pelican's writes (minify, compress): how many pages still
    hold their HTML, of how many, and how many contents and summaries
    Pelican still remembers (keyed by their page)."""
    from sitebuild.__main__ import main

    seen, generators = [], []

    def keep(generator):
        generators.append(generator)

    def count(stage):
        def at_stage(_pelican):
            pages = [page for g in generators for page in (*g.pages, *g.translations, *g.hidden_pages)]
            remembered = sum(len(vars(Content)[memo].cache) for memo in ("get_content", "get_summary"))
            seen.append((stage, sum("_content" in vars(page) for page in pages), len(pages), remembered))
        return at_stage

    # The minify and compress stages of the output stages (plugins/procedure_site/output_stages).
    from procedure_site.compressed_siblings import siblings
    from procedure_site.minify_output import minify

    for stage, module, name in (("minify", minify, "minify_pages"), ("compress", siblings, "write_siblings")):
        def counted(index, settings, *args, _stage=count(stage), _run=getattr(module, name), **kwargs):
            _stage(None)
            return _run(index, settings, *args, **kwargs)

        setattr(module, name, counted)
    signals.page_generator_finalized.connect(keep)
    arguments = ["--settings", "publishconf.py", "--output", str(output), "--no-cache"]
    for name, value in overrides:
        arguments += ["--setting", f"{name}={value}"]
    assert main(arguments) == 0
    return seen


def test_no_page_holds_its_html_once_the_site_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("SITEURL", "https://guides.example.org")
    seen = in_a_fork(lambda: pages_holding_html_at_the_last_stages(tmp_path / "output"))
    assert [stage for stage, *_ in seen] == ["minify", "compress"]
    assert all(total > 0 and holding == 0 and remembered == 0 for _, holding, total, remembered in seen), seen
    assert (tmp_path / "output" / "procedures" / "vertebroplasty" / "index.html").is_file()


def test_a_tool_that_reads_the_pages_after_the_build_keeps_their_html(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("SITEURL", "https://guides.example.org")
    seen = in_a_fork(lambda: pages_holding_html_at_the_last_stages(tmp_path / "output", [("PAGE_MODEL_KEPT", "true")]))
    assert seen and all(total > 0 and holding == total and remembered > 0 for _, holding, total, remembered in seen), seen


def test_freed_memory_is_given_back_to_the_system():
    """glibc's malloc_trim is found and called (this machine's C library)."""
    from procedure_site.release_memory.release import give_back_to_system

    assert give_back_to_system() is True
