"""Keeps what each page was made into, by its source bytes, so a build
neither reads, checks nor renders a page that cannot have changed, and reads
the pages the cache lacks on every core.

- keys.py: a page's key (its bytes and path, and every page's header);
- entries.py: the two files kept per page (its facts, its render);
- cache.py: a page restored from its facts; what a worker learns;
- read_ahead.py: the pages the cache lacks, read in the build's pool;
- writer.py: Pelican's writer, given a page's kept render;
- keeping.py: the renders kept, written by a thread while the next renders;
- trouble.py: what keeps a page from being kept.

Works only where the build runner gave the build a cache folder
(BUILD_CACHE_PATH, sitebuild/build_cache.py).
"""

from pelican import signals

from procedure_site.build_report.report import problem, report
from sitebuild import page_pool
from sitebuild.plugin_guard import in_this_build

from . import cache, read_ahead, writer


def check_setting(pelican):
    wrong = page_pool.setting_problem(pelican.settings.get("BUILD_PROCESSES"))
    if wrong and in_this_build(pelican, __package__):
        report([problem("pelicanconf.py", wrong, "see the comment above BUILD_PROCESSES in pelicanconf.py.")])


def register():
    signals.get_generators.connect(cache.start_build)
    signals.get_generators.connect(check_setting)
    signals.page_generator_init.connect(cache.learn_site)
    signals.page_generator_init.connect(read_ahead.read_missing)
    signals.page_generator_preread.connect(read_ahead.wait_for_pool)
    signals.get_writer.connect(writer.writer)
    signals.finalized.connect(cache.let_go_of_pages)
