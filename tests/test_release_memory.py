"""Once Pelican has written the site, every page lets go of its HTML before
the last stages run (plugins/procedure_site/page_cache: let_go_of_pages),
except for a tool that reads the pages after the build (the content report)."""

from pelican import signals

from conftest import ROOT, in_a_fork


def pages_holding_html_at_the_last_stages(output, overrides=(), options=()):
    """A production build of the real content, in-process, with a cache; at
    each of the stages after Pelican's writes (minify, compress): how many
    pages still hold their HTML, of how many."""
    from sitebuild.__main__ import main

    seen, generators = [], []

    def keep(generator):
        generators.append(generator)

    def count(stage):
        def at_stage(_pelican):
            pages = [page for g in generators for page in (*g.pages, *g.translations, *g.hidden_pages)]
            seen.append((stage, sum("_content" in vars(page) for page in pages), len(pages)))
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
    arguments = ["--settings", "publishconf.py", "--output", str(output), *options]
    for name, value in overrides:
        arguments += ["--setting", f"{name}={value}"]
    assert main(arguments) == 0
    return seen


def test_no_page_holds_its_html_once_the_site_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("SITEURL", "https://guides.example.org")
    monkeypatch.setenv("SITEBUILD_CACHE", str(tmp_path / "cache"))
    for build, options in (("cold", ()), ("warm", ()), ("without a cache", ("--no-cache",))):
        seen = in_a_fork(lambda: pages_holding_html_at_the_last_stages(tmp_path / build, options=options))
        assert [stage for stage, *_ in seen] == ["minify", "compress"]
        assert all(total > 0 and holding == 0 for _, holding, total in seen), (build, seen)
        assert (tmp_path / build / "procedures" / "vertebroplasty" / "index.html").is_file()


def test_a_tool_that_reads_the_pages_after_the_build_keeps_their_html(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("SITEURL", "https://guides.example.org")
    monkeypatch.setenv("SITEBUILD_CACHE", str(tmp_path / "cache"))
    seen = in_a_fork(lambda: pages_holding_html_at_the_last_stages(tmp_path / "output", [("PAGE_MODEL_KEPT", "true")]))
    assert seen and all(total > 0 and holding == total for _, holding, total in seen), seen
