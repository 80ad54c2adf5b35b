"""HTML highlighting of tone evidence: coloured, escaped, one sentence or the article."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pandas as pd

from analysis.output.highlight import colour_key, highlight_html, polarity_colour
from analysis.viz import labels as L


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def parse(html):
    p = _Tags()
    p.feed(html)
    return p


def test_article_highlight(sample_result):
    s, ev = sample_result.sentences, sample_result.tables["evidence"]
    out = highlight_html(s, ev)
    toned = ev[ev["polarity"] != 0]
    assert out.count('<mark class="tone"') == len(toned) > 0
    p = parse(out)
    assert set(p.tags) <= {"div", "h3", "p", "span", "mark"}
    assert p.tags.count("span") == len(s)
    # the visible text is the colour key, then the article's sentences, nothing added or lost
    key = re.sub(r"\s+", "", "".join(parse(colour_key()).text))
    visible = re.sub(r"\s+", "", "".join(p.text))
    assert visible == key + re.sub(r"\s+", "", "".join(s["text"]))
    assert "<h3>" in out  # the title
    assert "<mark" not in highlight_html(s, ev.iloc[0:0], key=False)


def test_colour_key_and_only_toned_words(analyse):
    # textblob-fr-pos rates "russe" 0.0: a chunk without tone is not highlighted
    res = analyse("Le président russe a tenu un discours très clair.", sentiment="textblob-fr-pos")
    ev = res.tables["evidence"]
    assert set(ev["words"]) == {"russe", "très clair"} and (ev["polarity"] == 0).sum() == 1
    out = highlight_html(res.sentences, ev)
    assert out.count('<mark class="tone"') == 1 and ">très clair</mark>" in out
    assert ">russe</mark>" not in out
    # the key comes first, with the four strengths, in the chosen language
    assert out.index("cadrage-tone-key") < out.index('class="sentence"')
    for k in ("tone_key.neg_strong", "tone_key.neg", "tone_key.pos", "tone_key.pos_strong"):
        assert L.text(k, "fr") in out
    assert L.text("tone_key.title", "en") in highlight_html(res.sentences, ev, lang="en")
    assert "cadrage-tone-key" not in highlight_html(res.sentences, ev, key=False)
    assert "cadrage-tone-key" not in highlight_html(res.sentences, ev, sentence_id=0)


def test_one_sentence_with_negation(sample_result):
    s, ev = sample_result.sentences, sample_result.tables["evidence"]
    row = ev[ev["words"] == "pas clair"].iloc[0]
    out = highlight_html(s, ev, sentence_id=int(row["sentence_id"]))
    assert ">pas clair</mark>" in out and "negated" in out
    assert polarity_colour(row["polarity"]) in out


def test_markup_in_article_is_escaped(analyse):
    text = 'Un <script>alert("x")</script> très clair & <b onclick="x">gras</b>.'
    res = analyse(text)
    out = highlight_html(res.sentences, res.tables["evidence"])
    assert "<script" not in out and "<b " not in out
    assert "&lt;script&gt;" in out
    assert set(parse(out).tags) <= {"div", "p", "span", "mark"}
    assert "<mark" in out


def test_method_selection_and_unknown_offsets():
    s = pd.DataFrame({"sentence_id": [0], "paragraph_id": [0], "start": [10],
                      "text": ["Très bon."]})
    ev = pd.DataFrame({"sentence_id": [0, 0], "method": ["a", "b"], "words": ["très bon", "bon"],
                       "polarity": [0.9, 0.5], "subjectivity": [0.6, 0.5],
                       "negated": [False, False], "intensified": [True, False],
                       "start": [10, -1], "end": [18, -1]})
    assert ">Très bon</mark>" in highlight_html(s, ev)
    assert '<mark class="tone"' not in highlight_html(s, ev, method="b")  # unknown offsets: not marked
