from procedure_site.procedure_model.metadata_lines import MetadataLine, header_lines, metadata_lines, repeated

PAGE = "Title: Spine\nSlug: spine\nSummary: A test.\n    runs on\nslug: other\n\nText.\nSlug: not metadata\n"


def test_metadata_lines_are_read_as_the_meta_extension_reads_them():
    assert metadata_lines(PAGE) == [
        MetadataLine(1, "title", "Spine"),
        MetadataLine(2, "slug", "spine"),
        MetadataLine(3, "summary", "A test."),
        MetadataLine(5, "slug", "other"),
    ]


def test_a_key_given_again_is_named_at_its_second_line_whatever_its_case():
    (first, again), = repeated(metadata_lines(PAGE))
    assert (first.number, again.number, again.key, again.value) == (2, 5, "slug", "other")


def test_metadata_ends_at_a_line_that_is_not_metadata():
    assert [line.key for line in metadata_lines("Title: A\nNot: metadata either\nJust words\nSlug: x\n")] == [
        "title",
        "not",
    ]


def test_yaml_style_markers_are_not_metadata():
    assert [line.key for line in metadata_lines("---\nTitle: A\n---\nSlug: b\n")] == ["title"]


def test_header_lines_end_at_the_first_blank_line_and_leave_out_a_byte_order_mark():
    assert header_lines("\ufeffTitle: A\nSl\u200bug: b\n\nText\n") == [(1, "Title: A"), (2, "Sl\u200bug: b")]
