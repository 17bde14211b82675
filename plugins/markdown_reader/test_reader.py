import unicodedata

from pelican.readers import MarkdownReader
from pelican.settings import DEFAULT_CONFIG

from markdown_reader.reader import ReusedMarkdownReader


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
