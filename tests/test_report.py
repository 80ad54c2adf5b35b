"""The HTML report: self-contained, escaped (a hostile article injects nothing), comparison tables."""

from __future__ import annotations

import base64
import html as html_mod
import io
import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pandas as pd
import pytest
from PIL import Image

from analysis import config
from analysis.article import analyse_text
from analysis.output import export, figures, report
from analysis.output import highlight as hl
from analysis.output.brief import brief, tone_validation
from analysis.output.compare import compare_articles, stack_tables
from analysis.output.figures_table import figures_rows
from analysis.output.markup import esc, is_safe_fragment, number
from analysis.viz import summary_labels

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
                "details", "summary", "a", "b", "strong", "em", "i", "sup", "sub", "small", "abbr", "br", "ul", "li"}


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
    charts = figures.render_charts(r.tables, formats=("png",))
    page = report.render_report(r, {k: v["png"] for k, v in charts.items()})
    check_no_live_markup(page)
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    assert 'href="javascript' not in page


def test_report_is_self_contained_with_figures(sample_result):
    charts = figures.render_charts(sample_result.tables, formats=("png",))
    page = report.render_report(sample_result, {k: v["png"] for k, v in charts.items()})
    c = check_no_live_markup(page)
    imgs = [v for t, k, v in c.attrs if t == "img" and k == "src"]
    assert len(imgs) == len(charts) >= 2
    for src, png in zip(imgs, (v["png"] for v in charts.values())):
        assert base64.b64decode(src.split(",", 1)[1]) == png
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)  # nothing fetched
    # the article text and the main tables are there
    first = sample_result.sentences["text"].iloc[1]
    assert esc(first[:40]) in page
    for name in ("entities", "quotes", "sentences", "removed"):
        if name in sample_result.tables:
            assert f"{name}.csv" in page


def test_unsafe_highlight_falls_back_to_plain_text(monkeypatch, sample_result):
    if "evidence" not in sample_result.tables:
        pytest.skip("tone evidence not available")
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
    assert is_safe_fragment(html_text)


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
    assert is_safe_fragment(frag) is ok


def test_report_wording_and_determinism():
    s = pd.DataFrame({"sentence_id": [0], "paragraph_id": [0], "text": ["Un."], "polarity": [0.1]})
    r = SimpleNamespace(article_id="a", tables={"sentences": s}, summary={"title": "T", "x": 0.1234567})
    fr, en = report.render_report(r), report.render_report(r, lang="en")
    assert "Tous les chiffres" in fr and "All figures" in en
    assert report.render_report(r) == fr
    assert "0,123" in fr and "0.123" in en  # numbers written in the report's language
    with pytest.raises(ValueError):
        report.render_report(r, lang="xx")


# --- the report reads like a brief ------------------------------------------------------------------

def _text(page: str) -> str:
    """Visible text of a page fragment, tags dropped, entities decoded."""
    return html_mod.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.fixture(scope="module")
def sample_page(sample_result):
    charts = figures.render_charts(sample_result.tables, formats=("png",))
    return {lang: report.render_report(sample_result, {k: v["png"] for k, v in charts.items()}, lang=lang)
            for lang in ("fr", "en")}


def test_report_order_brief_then_charts_then_text_tables_and_figures_folded(sample_page):
    page = sample_page["fr"]
    marks = [page.index(m) for m in ('<h1>', 'id="brief"', '<figure id="fig-tone_arc"', esc("Texte de l'article"),
                                     "<h2>Tableaux</h2>", 'id="all-figures"')]
    assert marks == sorted(marks)
    # no raw summary.json keys before the figures table, which is folded (closed <details>)
    head = page[:page.index('id="all-figures"')]
    assert "gdelt" not in head and "frames.labels" not in page and "french_share" not in _text(head)
    assert re.search(r'<details id="all-figures">', page)
    # every chart at one scale: the width shown over the PNG's pixel width is the same for all
    scales = {name: float(pct) / Image.open(io.BytesIO(base64.b64decode(src))).size[0]
              for name, pct, src in re.findall(r'<figure id="fig-(\w+)"><img alt="[^"]*" style="width:([\d.]+)%" '
                                               r'src="data:image/png;base64,([^"]+)"', page)}
    assert len(scales) == 10
    assert max(scales.values()) < 1.03 * min(scales.values()), scales


def test_brief_says_tone_method_accuracy_sources_hedging_frames(sample_result, sample_page):
    items = dict(brief(sample_result))
    assert list(items) == ["Ton", "Qui apparaît", "Qui parle", "Modalisation", "Cadres principaux"]
    tone = sample_result.summary["tone"]
    n = tone["n_sentences"]
    neg, pos = round(tone["share_negative"] * n), round(tone["share_positive"] * n)
    assert f"({neg})" in items["Ton"] and f"({pos})" in items["Ton"] and f"sur {n}" in items["Ton"]
    valid = tone_validation(tone["method"])
    assert f"« {tone['method']} »" in items["Ton"]
    assert f"macro-F1 {number(valid['macro_f1'], 'fr')}" in items["Ton"]
    src = sample_result.summary["sources"]
    assert f"{src['anonymous']} de {src['anonymous_speakers']} sources anonymes" in items["Qui parle"]
    assert "« sources proches du dossier »" in items["Qui parle"]
    assert "Sécurité et défense" in items["Cadres principaux"] and "security" not in items["Cadres principaux"]
    assert "serait" in items["Modalisation"]
    en = dict(brief(sample_result, lang="en"))
    assert list(en) == ["Tone", "Who appears", "Who speaks", "Hedging", "Main frames"]
    assert "Security and defense" in en["Main frames"] and "anonymous sources" in en["Who speaks"]
    # the page shows the brief, escaped
    assert esc(items["Qui parle"]) in sample_page["fr"]


def test_tone_validation_figures_are_those_of_docs_tone_md():
    """The accuracy quoted in every report is docs/tone.md's test table (news sentences)."""
    doc = (config.PROJECT_ROOT / "docs" / "tone.md").read_text(encoding="utf-8")
    checked = 0
    for method in config.SENTIMENT_METHODS:
        v = tone_validation(method)
        if v is None:
            continue
        row = re.search(rf"^\| {v['split']} \| {v['genre']} \({v['n']}\) \| \**{re.escape(method)}\**"
                        rf" \| \**([\d.]+)\**[^|]*\| ([\d.]+) \|", doc, re.M)
        assert row, f"no docs/tone.md row for {method}"
        assert (float(row.group(1)), float(row.group(2))) == (v["macro_f1"], v["accuracy"]), method
        checked += 1
    assert tone_validation(config.DEFAULT_SENTIMENT) is not None and checked >= 1


@pytest.mark.parametrize("sentiment", ["news", "all"])
def test_every_summary_figure_has_a_plain_name_in_both_languages(analyse, sample_text, sentiment):
    r = analyse(sample_text, article_id="s", sentiment=sentiment) if sentiment != "news" else None
    summary = r.summary if r is not None else None
    if summary is None:
        summary = analyse_text(sample_text, article_id="s").summary
    for lang in ("fr", "en"):
        rows = figures_rows(summary, lang=lang)
        unnamed = [k for k, name, _ in rows if name == k or summary_labels.summary_label(k, lang) is None]
        assert unnamed == [], f"{lang}: no plain name for {unnamed}"
        assert len(rows) > 40
        values = " ".join(v for _, _, v in rows)
        assert "security_defense" not in values and "anonymous" not in values.split()
    fr = dict((k, v) for k, _, v in figures_rows(summary))
    assert fr["tone.share_negative"].endswith("\u202f%") and "," in fr["tone.mean_polarity"]
    assert "Sécurité et défense" in fr["frames.dominant"] and "oui" == fr["tone.title_counted"]


def test_unnamed_speakers_show_their_kind_in_the_quotes_table():
    q = pd.DataFrame({"article_id": "a", "sentence_id": [0, 1, 2], "quote": ["x", "y", "z"],
                      "kind": ["direct", "indirect", "selon"], "speaker": ["Jean Dupont", None, "?"],
                      "speaker_kind": ["person", "unknown", "anonymous"], "speaker_rule": ["incise:name", "", ""]})
    shown = report.display_table("quotes", q)
    assert shown["speaker"].tolist() == ["Jean Dupont", "orateur inconnu", "source anonyme"]
    assert shown["kind"].tolist() == ["directe", "indirecte", "« selon »"]
    assert report.display_table("quotes", q, lang="en")["speaker"].tolist()[1:] == ["unknown speaker",
                                                                                     "anonymous source"]
    assert q["speaker"].isna().iloc[1] and q["speaker"].iloc[2] == "?"  # the table itself is left as it is
    s = pd.DataFrame({"sentence_id": [0], "paragraph_id": [0], "text": ["Un."]})
    page = report.render_report(SimpleNamespace(article_id="a", tables={"sentences": s, "quotes": q},
                                                summary={"title": "T"}))
    assert "orateur inconnu" in page and "<td>?</td>" not in page


def test_compare_articles_and_stack(sample_result, analyse):
    other = analyse("Le ministre serait favorable à l'accord. « C'est une bonne nouvelle », a dit Jean Dupont.",
                    article_id="autre")
    table = compare_articles([sample_result, other])
    assert table["article_id"].tolist() == ["us-turkey-s400-ukraine", "autre"]
    s = sample_result.sentences
    assert table.loc[0, "n_sentences"] == len(s)
    assert table.loc[0, "mean_polarity"] == pytest.approx(s["polarity"].mean())
    if "hedged" in s.columns:
        assert table.loc[0, "share_hedged"] == pytest.approx(s["hedged"].mean())
    stacked = stack_tables([sample_result, other], "sentences")
    assert len(stacked) == len(s) + len(other.sentences)
    assert stack_tables([sample_result], "no_such_table") is None
