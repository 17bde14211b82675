from procedure_site.source_encoding.encoding import first_bad_line


def test_utf8_is_fine():
    assert first_bad_line("Title: Café\n’quotes’\n".encode("utf-8")) is None


def test_names_the_line_of_the_first_bad_byte():
    assert first_bad_line(b"Title: X\n\nCaf\xe9\n") == 3
    assert first_bad_line("one\ntwo\n".encode("utf-16")) == 1
