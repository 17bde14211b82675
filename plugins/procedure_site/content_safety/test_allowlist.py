"""The allowlist, held to Ammonia (nh3) on the same cases.

For every case below, nh3 configured with this project's lists must change
the HTML exactly when the allowlist reports a problem. nh3 then plays the
part of a reviewer who knows sanitising: a case where the two disagree is a
hole in ours (or a rule we must explain).
"""

import nh3
import pytest
from justhtml import JustHTML

from procedure_site.content_safety.allowlist import ATTRIBUTES, ELEMENTS, GLOBAL_ATTRIBUTES, SCHEMES, problems, reserved_ids
from procedure_site.page_model.model import parse
from procedure_site.page_model.urls import intrasite_pattern

INTRASITE = intrasite_pattern("[{|](?P<what>.*?)[|}]")

ALLOWED = [
    "<p>Plain <strong>bold</strong>, <em>em</em>, <abbr title='computed tomography'>CT</abbr>.</p>",
    "<ul><li>one</li></ul><ol start='3'><li value='4'>two</li></ol><dl><dt>a</dt><dd>b</dd></dl>",
    "<table><caption>c</caption><thead><tr><th scope='col'>h</th></tr></thead><tbody><tr><td colspan='2'>d</td></tr></tbody></table>",
    "<figure><img src='{static}/images/spine.png' alt='The spine' width='10' height='10'><figcaption>Spine</figcaption></figure>",
    "<p><a href='{filename}kyphoplasty.md#why'>Kyphoplasty</a> <a href='https://www.radiologyinfo.org/'>RadiologyInfo</a></p>",
    "<p><a href='mailto:questions@hospital.test'>Email</a> <a href='tel:+12025550143'>Call</a> <a href='#prepare'>Prepare</a></p>",
    "<details open><summary>More</summary><p>Text</p></details>",
    "<blockquote cite='https://example.org/'><p>Quote</p></blockquote><p lang='es' dir='ltr' id='x'>Hola</p>",
    "<h2 id='prepare'>Getting ready</h2><h3>Sub</h3>",
]
REFUSED = [
    "<p style='color:red'>Red</p>",
    "<script>alert(1)</script>",
    "<p><a href='javascript:alert(1)'>x</a></p>",
    "<p><a href='java&#x09;script:alert(1)'>x</a></p>",
    "<p><a href='sms:+12025550143'>text us</a></p>",
    "<p><a href='ftp://files.hospital.test/x'>files</a></p>",
    "<p><img src='data:image/png;base64,AAAA' alt=''></p>",
    "<svg><image href='https://cdn.example/x.png'></image></svg>",
    "<iframe src='https://maps.example/'></iframe>",
    "<p onclick='x()'>x</p>",
    "<p class='warning'>x</p>",
    "<form><input name='q'></form>",
    "<p><font color='red'>x</font></p>",
    "<object data='x.swf'></object>",
    "<p><a href='https://e.org/' target='_blank'>x</a></p>",
    "<base href='https://evil.example/'>",
    "<video src='{static}/v.mp4'></video>",
    "<math><mi>x</mi></math>",
]
# Refused by rules nh3 does not have: nothing loads from another site.
REFUSED_BEYOND_NH3 = [
    "<p><img src='https://cdn.example/x.png' alt=''></p>",
    "<p><img src='//cdn.example/x.png' alt=''></p>",
    "<p><img src='/\\cdn.example/x.png' alt=''></p>",
    "<p><img src='a.png' srcset='a.png 1x, https://cdn.example/b.png 2x' alt=''></p>",
    "<p><img src='a.png' srcset='a.png 1x, data:image/png;base64,AAAA 2x' alt=''></p>",
    "<p><img src='tel:+12025550143' alt=''></p>",
    "<p><img alt='' srcset='a.png (() , https://evil.example/track.png 1x'></p>",
    "<p><img alt='' src='a.png' srcset='a.png ((x) , https://evil.example/track.png'></p>",
]


def ours(html):
    return list(problems(parse(html, INTRASITE)))


def canonical(html):
    return JustHTML(html, fragment=True, sanitize=False).to_html(pretty=False)


def changed_by_nh3(html):
    cleaned = nh3.clean(
        html,
        tags=set(ELEMENTS),
        attributes={"*": set(GLOBAL_ATTRIBUTES), **{tag: set(names) for tag, names in ATTRIBUTES.items()}},
        url_schemes=set(SCHEMES),
        link_rel=None,
        strip_comments=False,
    )
    return canonical(cleaned) != canonical(html)


@pytest.mark.parametrize("html", ALLOWED)
def test_allowed_markup_passes_and_nh3_agrees(html):
    assert ours(html) == []
    assert not changed_by_nh3(html)


@pytest.mark.parametrize("html", REFUSED)
def test_refused_markup_is_reported_and_nh3_agrees(html):
    assert ours(html)
    assert changed_by_nh3(html)


@pytest.mark.parametrize("html", REFUSED_BEYOND_NH3)
def test_nothing_loads_from_elsewhere(html):
    found = ours(html)
    assert found, html
    assert not changed_by_nh3(html.replace("srcset", "title"))  # nh3 would have let it through


def test_the_message_names_what_is_refused_and_the_fix():
    (message, fix, needle), = ours("<p style='color:red'>Red</p>")
    assert "style=" in message and "security policy" in message and needle == (" style=", " style}", "style=")  # as HTML, else as an attribute list writes it
    (message, fix, needle), = ours("<svg><image href='https://cdn.example/x.png'></image></svg>")
    assert message.startswith("<svg>") and needle == "<svg"
    (message, fix, needle), = ours("<img src='a.png' srcset='a.png 1x, https://cdn.example/b.png 2x' alt=''>")
    assert "candidate 2 of its srcset" in message and needle == "https://cdn.example/b.png"
    assert "content/images/" in fix


def test_an_id_the_theme_writes_is_refused_but_a_section_heading_may_name_its_section():
    reserved = reserved_ids(["lead", "why", "appointment"], {"idle-dialog"})
    model = parse("<h2 id='why'>Why</h2><p id='idle-dialog'>x</p><h3 id='appointment-title'>y</h3><p id='note'>z</p>", INTRASITE)
    found = [needle for _message, _fix, needle in problems(model, reserved)]
    assert found == ["idle-dialog", "appointment-title"]
    assert list(problems(parse("<p id='letter-A'>x</p>", INTRASITE), reserved)) == []  # A–Z page only


def test_an_outer_refused_element_is_reported_once():
    assert len(ours("<svg><g><image href='https://x.example/a.png'></image></g></svg>")) == 1
