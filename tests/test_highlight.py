"""HTML highlighting of tone evidence: coloured, escaped, one sentence or the article."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pandas as pd

from analysis.highlight import highlight_html, polarity_colour


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
    assert out.count("<mark") == len(ev)
    p = parse(out)
    assert set(p.tags) <= {"div", "h3", "p", "span", "mark"}
    assert p.tags.count("span") == len(s)
    # the visible text is the article's sentences, nothing added or lost
    visible = re.sub(r"\s+", "", "".join(p.text))
    assert visible == re.sub(r"\s+", "", "".join(s["text"]))
    assert "<h3>" in out  # the title


def test_one_sentence_with_negation(sample_result):
    s, ev = sample_result.sentences, sample_result.tables["evidence"]
    sid = int(ev.loc[ev["words"] == "pas clair", "sentence_id"].iloc[0])
    out = highlight_html(s, ev, sentence_id=sid)
    assert ">pas clair</mark>" in out and "negated" in out
    assert polarity_colour(-0.14) in out


def test_markup_in_article_is_escaped(analyse):
    text = 'Un <script>alert("x")</script> très clair & <b onclick="x">gras</b>.'
    res = analyse(text)
    out = highlight_html(res.sentences, res.tables["evidence"])
    assert "<script" not in out and "<b " not in out
    assert "&lt;script&gt;" in out
    assert set(parse(out).tags) <= {"div", "p", "span", "mark"}


def test_method_selection_and_unknown_offsets():
    s = pd.DataFrame({"sentence_id": [0], "paragraph_id": [0], "start": [10],
                      "text": ["Très bon."]})
    ev = pd.DataFrame({"sentence_id": [0, 0], "method": ["a", "b"], "words": ["très bon", "bon"],
                       "polarity": [0.9, 0.5], "subjectivity": [0.6, 0.5],
                       "negated": [False, False], "intensified": [True, False],
                       "start": [10, -1], "end": [18, -1]})
    assert ">Très bon</mark>" in highlight_html(s, ev)
    assert "<mark" not in highlight_html(s, ev, method="b")  # unknown offsets: not marked
