import pytest

from content_safety.safety import problems_in


def messages(html):
    return [message for message, _fix, _needle in problems_in(html)]


def test_clean_content_has_no_problems():
    assert messages('<p>Text <a href="https://example.org">link</a> <img src="x.png" alt=""></p>') == []


@pytest.mark.parametrize(
    "html, words",
    [
        ("<script>x()</script>", "<script>"),
        ("<SCRIPT src=x.js></SCRIPT>", "<script>"),
        ('<svg><script href="x"></script></svg>', "<script>"),
        ('<iframe src="https://x"></iframe>', "<iframe>"),
        ('<object data="x"></object>', "<object>"),
        ('<embed src="x">', "<embed>"),
        ('<img src="x" onerror="y()">', "onerror="),
        ('<p ONCLICK="y()">x</p>', "ONCLICK="),
        ('<a href="javascript:alert(1)">x</a>', "javascript:"),
        ('<a href="  JavaScript:alert(1)">x</a>', "javascript:"),
        ('<a href="java\tscript:alert(1)">x</a>', "javascript:"),
        ('<img src="https://tracker.example/x.png" alt="">', "from another site"),
        ('<img src="//cdn.example/x.png" alt="">', "from another site"),
        ('<img srcset="https://cdn.example/x.png 2x" src="x.png" alt="">', "from another site"),
        ('<img src="data:image/png;base64,AAAA" alt="">', "data: address"),
        ('<a href="data:text/html,hi">x</a>', "data: address"),
    ],
)
def test_active_content_is_reported(html, words):
    found = messages(html)
    assert found and any(words.lower() in m.lower() for m in found), found
