"""A page as Pelican's page generator reads it, and its header: shared by
the build cache's pool workers (plugins/procedure_site/page_cache) and the
preview (sitebuild/preview), which read one page outside Pelican's own loop.

``read_page`` is the call ``PagesGenerator.generate_context`` makes for each
file, with the same signals, so every plugin sees the page as in a build.
``header`` is a page's metadata block, which the cache's keys and the
preview both compare to tell a text edit from a header edit.
"""

from pelican import signals
from pelican.contents import Page


def read_page(generator, path: str):
    """The page at ``path`` (relative to the generator's folder), read by
    the generator's readers as PagesGenerator.generate_context reads it."""
    return generator.readers.read_file(
        base_path=generator.path,
        path=path,
        content_class=Page,
        context=generator.context,
        preread_signal=signals.page_generator_preread,
        preread_sender=generator,
        context_signal=signals.page_generator_context,
        context_sender=generator,
    )


def header(data: bytes) -> bytes:
    """A page's metadata block: its lines up to the first blank one."""
    lines = []
    for line in data.split(b"\n"):
        if not line.strip():
            break
        lines.append(line)
    return b"\n".join(lines)
