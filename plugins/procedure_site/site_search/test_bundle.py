import json

from procedure_site.site_search.bundle import _decode, _encode, canonical, is_hash_named, shipped

ENTRY = {"version": "1.5.2", "languages": {}, "include_characters": ["_"]}


def test_only_the_library_the_index_and_the_indexed_languages_webassembly_ship():
    entry = json.dumps({**ENTRY, "languages": {"en": {"hash": "en_1", "wasm": "en", "page_count": 1}}})
    written = [
        "pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "pagefind.en_0a1b2c3d4e.pf_meta",
        "index/en_1234567.pf_index", "fragment/en_89abcde.pf_fragment", "filter/en_f0f0f0f.pf_filter",
        "wasm.en.pagefind", "wasm.unknown.pagefind", "pagefind-ui.js", "pagefind-ui.css",
        "pagefind-component-ui.js", "pagefind-modular-ui.js", "pagefind-highlight.js",
    ]  # fmt: skip
    assert shipped(written, entry) == sorted(written[:8])


def test_a_merged_shard_ships_its_index_without_scripts_or_webassembly():
    entry = json.dumps({**ENTRY, "languages": {"en": {"hash": "en_1", "wasm": "en", "page_count": 1}}})
    written = [
        "pagefind-entry.json", "pagefind.en_0a1b2c3d4e.pf_meta", "index/en_1234567.pf_index",
        "fragment/en_89abcde.pf_fragment", "filter/en_f0f0f0f.pf_filter",
        "pagefind.js", "pagefind-worker.js", "wasm.en.pagefind", "pagefind-ui.js",
    ]  # fmt: skip
    assert shipped(written, entry, library=False) == sorted(written[:5])


def test_hash_named_files_are_the_index_chunks_and_metadata_only():
    assert is_hash_named("pagefind.es_0a1b2c3d4e.pf_meta") and is_hash_named("fragment/en_89abcde.pf_fragment")
    assert not is_hash_named("pagefind-entry.json") and not is_hash_named("wasm.en.pagefind")
    assert not is_hash_named("pagefind.js")


PAGES = {"Neurology": [3], "Orthopedics": [0, 2], "Radiology": [1]}


def bundle(departments, languages):
    """A Pagefind bundle whose filter values and languages come in the given order."""
    files, infos = {}, {}
    for language in languages:
        chunk, _ = _encode(["department", [[name, PAGES[name]] for name in departments]])
        files[f"filter/{language}_{len(files)}aaaaaa.pf_filter"] = chunk
        meta, _ = _encode(["1.5.2", [], [], [["department", f"{language}_{len(files) - 1}aaaaaa"]], [], ["title"]])
        files[f"pagefind.{language}_{len(files)}bbbbbbbbb.pf_meta"] = meta
        infos[language] = {"hash": f"{language}_{len(files) - 1}bbbbbbbbb", "wasm": language, "page_count": 1}
    files["pagefind-entry.json"] = json.dumps({**ENTRY, "languages": infos}).encode()
    return files


def test_the_same_index_written_in_another_order_gives_the_same_bytes():
    """Pagefind 1.5.2 lists filter values and languages in hash-map order."""
    one = canonical(bundle(["Radiology", "Neurology", "Orthopedics"], ["es", "en"]))
    other = canonical(bundle(["Orthopedics", "Radiology", "Neurology"], ["en", "es"]))
    assert one == other
    entry = json.loads(one["pagefind-entry.json"])
    assert list(entry["languages"]) == ["en", "es"]
    meta = _decode(one[f"pagefind.{entry['languages']['en']['hash']}.pf_meta"])
    (name, chunk_hash), = meta[3]
    values = _decode(one[f"filter/{chunk_hash}.pf_filter"])[1]
    assert [value for value, _pages in values] == ["Neurology", "Orthopedics", "Radiology"]
    assert all(is_hash_named(path) for path in one if path.endswith((".pf_meta", ".pf_filter")))
