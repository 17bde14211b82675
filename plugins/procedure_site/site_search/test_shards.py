import pytest

from procedure_site.site_search.shards import assign, bucket, first_shard_gaps, folder, language_shards, setting_problem, shard_count


@pytest.mark.parametrize(
    "pages,shards",
    [(0, 1), (1, 1), (200, 1), (201, 2), (400, 2), (401, 4), (1000, 8), (1600, 8), (1601, 16), (10000, 64)],
)
def test_a_language_has_one_shard_up_to_the_setting_then_a_power_of_two(pages, shards):
    assert shard_count(pages, 200) == shards


def test_the_count_is_the_smallest_power_of_two_with_at_most_the_setting_per_shard():
    for pages in range(201, 5000, 37):
        n = shard_count(pages, 200)
        assert n & (n - 1) == 0
        assert pages / n <= 200 < pages / (n // 2)


def paths(count, lang="en"):
    prefix = "" if lang == "en" else f"{lang}/"
    return {f"{prefix}procedures/procedure-{number:05d}/index.html": lang for number in range(count)}


def test_a_pages_shard_is_stable_while_pages_are_added_and_the_count_is_the_same():
    before = assign(paths(1001), 200)  # 8 shards
    after = assign(paths(1500), 200)  # still 8
    assert all(after[page] == shard for page, shard in before.items())
    assert set(before.values()) == set(range(8))


def test_when_the_count_doubles_a_page_stays_or_moves_to_its_new_twin_shard():
    before = assign(paths(1000), 200)  # 8 shards
    after = assign(paths(1700), 200)  # 16
    assert all(after[page] in (shard, shard + 8) for page, shard in before.items())


def test_every_bucket_is_below_the_shard_count_and_each_is_used():
    for n in (1, 2, 4, 8, 64):
        buckets = {bucket(page, n) for page in paths(2000)}
        assert buckets == set(range(n))


def test_each_language_is_split_on_its_own_count():
    pages = {**paths(1000), **paths(150, "es")}
    shards = assign(pages, 200)
    assert {shards[p] for p in paths(150, "es")} == {0}
    assert language_shards(pages, shards) == {"en": list(range(8)), "es": [0]}
    assert first_shard_gaps(pages, shards) == []


def test_a_language_without_pages_in_the_first_shard_is_named():
    pages = {"procedures/a/index.html": "en", "es/procedures/a/index.html": "es"}
    assert first_shard_gaps(pages, {"procedures/a/index.html": 0, "es/procedures/a/index.html": 1}) == ["es"]


def test_shard_folders():
    assert folder(0) == "" and folder(3) == "shard-3"


@pytest.mark.parametrize("value", [0, -1, 2.5, "200", None, True])
def test_the_setting_must_be_a_positive_whole_number(value):
    assert "SEARCH_SHARD_PAGES" in setting_problem(value)


def test_a_positive_whole_number_is_fine():
    assert setting_problem(1) is None and setting_problem(200) is None
