import unicodedata

from pelican.readers import MarkdownReader
from pelican.settings import DEFAULT_CONFIG

from procedure_site.markdown_reader.reader import ReusedMarkdownReader


def test_one_reader_reads_file_after_file_like_a_new_markdown_each_time(tmp_path):
    settings = {**DEFAULT_CONFIG, "MARKDOWN": {"extension_configs": {"markdown.extensions.meta": {}}}}
    first = tmp_path / "a.md"
    first.write_text("Title: One\nSlug: one\n\nFirst *page*[^1].\n\n[^1]: a note\n", encoding="utf-8")
    second = tmp_path / "b.md"
    second.write_text("Title: Two\n\nSecond page.\n", encoding="utf-8")
    settings["MARKDOWN"]["extension_configs"]["markdown.extensions.footnotes"] = {}
    reused = ReusedMarkdownReader(settings)
    results = [reused.read(str(path)) for path in (first, second, first)]
    fresh = [MarkdownReader(settings).read(str(path)) for path in (first, second, first)]
    assert [content for content, _ in results] == [content for content, _ in fresh]
    assert [meta["title"] for _, meta in results] == ["One", "Two", "One"]
    assert "slug" not in results[1][1]  # nothing carried over from the first file
    assert reused._reused is not None and reused._md is reused._reused


def test_a_page_saved_as_nfd_is_read_as_nfc(tmp_path):
    settings = {**DEFAULT_CONFIG, "MARKDOWN": {"extension_configs": {"markdown.extensions.meta": {}}}}
    page = tmp_path / "a.md"
    page.write_text(unicodedata.normalize("NFD", "Title: Por qué\n\n## Cómo prepararse\n"), encoding="utf-8")
    content, metadata = ReusedMarkdownReader(settings).read(str(page))
    assert "<h2>Cómo prepararse</h2>" in content
    assert metadata["title"] == "Por qué"


def test_a_page_beyond_a_limit_is_reported_and_skipped_in_every_build(tmp_path):
    from blinker import signal

    settings = {
        **DEFAULT_CONFIG,
        "MARKDOWN": {"extension_configs": {"markdown.extensions.meta": {}}},
        "PAGE_MAX_NESTING": 2,
        "BUILD_CACHE_PATH": str(tmp_path / "cache"),
    }
    deep = tmp_path / "deep.md"
    deep.write_text("Title: Deep\n\n- - - x\n", encoding="utf-8")
    fine = tmp_path / "fine.md"
    fine.write_text("Title: Fine\n\n- - x\n", encoding="utf-8")
    sent = []

    def listen(path, **kwargs):
        sent.append((path, kwargs["line"]))

    signal("content_problem").connect(listen)
    try:
        reader = ReusedMarkdownReader(settings)
        first, again = reader.read(str(deep)), ReusedMarkdownReader(settings).read(str(deep))
        content, metadata = reader.read(str(fine))
    finally:
        signal("content_problem").disconnect(listen)
    assert first == again == ("", {"status": "skip"})  # Pelican's own way to leave a file out
    assert sent == [(str(deep), 3), (str(deep), 3)]  # the cache never hides it
    assert "<li>" in content and metadata["title"] == "Fine"
