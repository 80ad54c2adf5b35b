"""The HTML report: self-contained, escaped (a hostile article injects nothing), comparison tables."""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pandas as pd
import pytest

from analysis import export, report

HOSTILE_TITLE = '</script><script>alert("titre")</script><img src=x onerror=alert(1)> Le titre'
HOSTILE_BODY = (
    "<script>alert('corps')</script> Le ministre <b onmouseover=\"alert(2)\">Jean Dupont</b> a déclaré "
    "que la situation était « très grave et inquiétante ». </script><svg onload=alert(3)> Selon des "
    "sources proches du dossier, l'accord serait signé demain à Paris. "
    "<a href=\"javascript:alert(4)\">lien</a> <iframe src=\"http://evil.example/\"></iframe> "
    "<img src=x onerror=alert(5)> Le président Emmanuel Macron a dit que c'était une bonne nouvelle.\n\n"
    "<style>body{display:none}</style> Un second paragraphe avec <!-- commentaire --> et &amp; fin."
)

#: Tags a report may contain (anything else would be injected markup).
ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "h4", "p", "div", "span",
                "mark", "table", "thead", "tbody", "tr", "th", "td", "figure", "img", "figcaption",
                "details", "summary", "a", "b", "strong", "em", "i", "sup", "sub", "small", "abbr", "br"}


class Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.styles = [], [], 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, k, v or "") for k, v in attrs)
        self.styles += tag == "style"


def check_no_live_markup(page: str) -> Collector:
    c = Collector()
    c.feed(page)
    c.close()
    assert set(c.tags) <= ALLOWED_TAGS, set(c.tags) - ALLOWED_TAGS
    assert c.styles == 1  # only the report's own style sheet
    assert "script" not in c.tags and "iframe" not in c.tags and "svg" not in c.tags
    for tag, name, value in c.attrs:
        assert not name.startswith("on"), (tag, name, value)
        assert "javascript:" not in value.lower(), (tag, name, value)
        if tag == "img":
            assert name != "src" or value.startswith("data:image/png;base64,"), value
        if tag == "a" and name == "href":
            assert re.match(r"https?://", value), value
    assert not re.search(r"<\s*script", page, re.IGNORECASE)
    assert not re.search(r"<\s*(iframe|svg|object|embed|link|base|form)\b", page, re.IGNORECASE)
    return c


@pytest.fixture(scope="module")
def hostile_result(analyse):
    return analyse(HOSTILE_BODY, article_id="hostile", title=HOSTILE_TITLE)


def test_hostile_article_report_has_no_live_markup(hostile_result, tmp_path):
    folder = export.write_article(hostile_result, tmp_path)
    page = (folder / "report.html").read_text(encoding="utf-8")
    check_no_live_markup(page)
    # the hostile text did reach the report, escaped (so the test is not vacuous)
    assert "&lt;script&gt;alert(&quot;titre&quot;)&lt;/script&gt;" in page
    assert "<title>Cadrage : &lt;/script&gt;&lt;script&gt;" in page
    assert "&lt;img src=x onerror=alert(5)&gt;" in page and "&lt;svg onload=alert(3)&gt;" in page
    assert "&amp;amp;" in page  # an entity in the text is shown as written, not decoded
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_hostile_names_in_tables_are_escaped():
    evil = '<img src=x onerror="alert(1)">'
    s = pd.DataFrame({"article_id": "e", "sentence_id": [0], "paragraph_id": [0], "start": [0], "end": [3],
                      "text": [f"{evil} dit."], "polarity": [0.0], "subjectivity": [0.0], "n_scored": [0],
                      "is_quote": [True], "hedged": [True], "speaker": [evil]})
    ent = pd.DataFrame({"article_id": "e", "entity": [evil], "label": ["PER<script>"], "mentions": [1]})
    quotes = pd.DataFrame({"article_id": "e", "sentence_id": [0], "quote": [evil], "kind": ["direct"],
                           "speaker": [evil], "speaker_kind": ["person"], "cue": ["dit"]})
    r = SimpleNamespace(article_id="e", tables={"sentences": s, "entities": ent, "quotes": quotes, evil: ent},
                        summary={"title": evil, "url": "javascript:alert(1)", evil: evil,
                                 "nested": {evil: [evil, 1.5]}})
    charts = export.render_charts(r.tables, formats=("png",))
    page = report.render_report(r, {k: v["png"] for k, v in charts.items()})
    check_no_live_markup(page)
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    assert 'href="javascript' not in page


def test_report_is_self_contained_with_figures(sample_result):
    charts = export.render_charts(sample_result.tables, formats=("png",))
    page = report.render_report(sample_result, {k: v["png"] for k, v in charts.items()})
    c = check_no_live_markup(page)
    imgs = [v for t, k, v in c.attrs if t == "img" and k == "src"]
    assert len(imgs) == len(charts) >= 2
    for src, png in zip(imgs, (v["png"] for v in charts.values())):
        assert base64.b64decode(src.split(",", 1)[1]) == png
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)  # nothing fetched
    # the article text and the main tables are there
    first = sample_result.sentences["text"].iloc[1]
    assert report.esc(first[:40]) in page
    for name in ("entities", "quotes", "sentences", "removed"):
        if name in sample_result.tables:
            assert f"{name}.csv" in page


def test_unsafe_highlight_falls_back_to_plain_text(monkeypatch, sample_result):
    if "evidence" not in sample_result.tables:
        pytest.skip("tone evidence not available")
    import analysis.highlight as hl

    monkeypatch.setattr(hl, "highlight_html", lambda *a, **k: '<span onclick="x()">t</span>')
    with pytest.warns(RuntimeWarning, match="refused"):
        html_text, highlighted = report.article_html(sample_result)
    assert not highlighted and "onclick" not in html_text
    assert 'id="s1"' in html_text


def test_highlighted_text_used_when_safe(sample_result):
    if "evidence" not in sample_result.tables:
        pytest.skip("tone evidence not available")
    html_text, highlighted = report.article_html(sample_result)
    assert highlighted and "<mark" in html_text
    assert report.is_safe_fragment(html_text)


@pytest.mark.parametrize("frag,ok", [
    ('<p><span class="a" title="x &lt;y&gt;">mot</span></p>', True),
    ('<mark style="background:rgba(1, 2, 3, 0.5)">bon</mark>', True),
    ('<span data-sentence-id="3">x</span>', True),
    ("<script>alert(1)</script>", False),
    ('<span onmouseover="alert(1)">x</span>', False),
    ('<span style="background:url(http://x)">x</span>', False),
    ('<a href="http://x">x</a>', False),
    ("<!-- c --><span>x</span>", False),
    ('<svg onload="alert(1)"></svg>', False),
])
def test_is_safe_fragment(frag, ok):
    assert report.is_safe_fragment(frag) is ok


def test_report_wording_and_determinism():
    s = pd.DataFrame({"sentence_id": [0], "paragraph_id": [0], "text": ["Un."], "polarity": [0.1]})
    r = SimpleNamespace(article_id="a", tables={"sentences": s}, summary={"title": "T", "x": 0.1234567})
    fr, en = report.render_report(r), report.render_report(r, lang="en")
    assert "Chiffres clés" in fr and "Key figures" in en
    assert report.render_report(r) == fr
    assert "0.123" in fr
    with pytest.raises(ValueError):
        report.render_report(r, lang="xx")


def test_compare_articles_and_stack(sample_result, analyse):
    other = analyse("Le ministre serait favorable à l'accord. « C'est une bonne nouvelle », a dit Jean Dupont.",
                    article_id="autre")
    table = report.compare_articles([sample_result, other])
    assert table["article_id"].tolist() == ["us-turkey-s400-ukraine", "autre"]
    s = sample_result.sentences
    assert table.loc[0, "n_sentences"] == len(s)
    assert table.loc[0, "mean_polarity"] == pytest.approx(s["polarity"].mean())
    if "hedged" in s.columns:
        assert table.loc[0, "share_hedged"] == pytest.approx(s["hedged"].mean())
    stacked = report.stack_tables([sample_result, other], "sentences")
    assert len(stacked) == len(s) + len(other.sentences)
    assert report.stack_tables([sample_result], "no_such_table") is None
