"""The charts of one article: which the tables allow, their file names, sizes and captions.

:func:`article_charts` lists the charts an article's tables allow, each a
:class:`Chart` that draws itself on an ``Axes``; the export and the HTML
report use it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from . import labels as L
from .actors import plot_actor_tone, plot_cooccurrence, plot_top_entities
from .framing import plot_agency, plot_frame_shares, plot_hedging
from .sources import plot_sources
from .tone import plot_evidence_words, plot_polarity_subjectivity, plot_tone_arc

#: Width (inches) of every chart of :func:`article_charts`, so that the report, which shows
#: each chart at the page's width, shows them all at the same scale.
CHART_WIDTH = 8.0
#: Caption key (:func:`analysis.viz.labels.text`) of every chart :func:`article_charts` can produce,
#: in report order.
CHART_TITLES = {
    "tone_arc": "tone_arc.title", "polarity_subjectivity": "polsub.title",
    "evidence_words": "evidence.title", "top_entities": "entities.title",
    "actor_tone": "actor_tone.title", "cooccurrence": "cooc.title", "sources": "sources.title",
    "hedging": "hedging.title", "frame_shares": "frames.title", "agency": "agency.title",
}
#: Every chart name :func:`article_charts` can produce, in report order.
CHART_NAMES = tuple(CHART_TITLES)


@dataclass(frozen=True)
class Chart:
    """One chart of an article: a file name, a size and how to draw it.

    Attributes
    ----------
    name : str
        File stem of the exported figure (``figures/<name>.png``).
    figsize : tuple of float
        Inches.
    draw : callable
        ``draw(ax)`` draws the chart on ``ax``.
    """

    name: str
    figsize: tuple[float, float]
    draw: Callable


def _has(tables: Mapping, name: str, *columns: str) -> bool:
    df = tables.get(name)
    return df is not None and all(c in df.columns for c in columns)


def article_charts(tables: Mapping[str, pd.DataFrame], *, lang: str = L.DEFAULT_LANG) -> list[Chart]:
    """The charts the tables of one article allow, in report order.

    A chart is listed when the table and columns it needs exist (even with
    no row: it then draws its empty-state message); charts whose table is
    missing are left out.

    Examples
    --------
    >>> s = pd.DataFrame({"article_id": "a", "sentence_id": [0], "polarity": [0.1],
    ...                   "subjectivity": [0.2], "n_scored": [1]})
    >>> [c.name for c in article_charts({"sentences": s})]
    ['tone_arc', 'polarity_subjectivity']
    """
    L.check_lang(lang)
    t = tables
    s = t.get("sentences")
    n_sent = len(s) if s is not None else None
    h = lambda k: max(2.6, 0.75 + 0.32 * k)  # noqa: E731  bar-chart height for k bars
    W = CHART_WIDTH  # noqa: N806  one width: the report shows every chart at the same scale
    charts = []
    if _has(t, "sentences", "sentence_id", "polarity"):
        charts.append(Chart("tone_arc", (W, 3.3), lambda ax: plot_tone_arc(s, lang=lang, ax=ax)))
    if _has(t, "sentences", "sentence_id", "polarity", "subjectivity"):
        charts.append(Chart("polarity_subjectivity", (W, 4.4),
                            lambda ax: plot_polarity_subjectivity(s, lang=lang, ax=ax)))
    if _has(t, "evidence", "words", "polarity"):
        charts.append(Chart("evidence_words", (W, h(16)),
                            lambda ax: plot_evidence_words(t["evidence"], lang=lang, ax=ax)))
    if _has(t, "entities", "entity", "label", "mentions"):
        k = min(len(t["entities"]), 12)
        charts.append(Chart("top_entities", (W, h(k)),
                            lambda ax: plot_top_entities(t["entities"], lang=lang, ax=ax)))
    if _has(t, "mentions", "sentence_id", "entity") and _has(t, "sentences", "sentence_id", "polarity"):
        by = "actor" if "actor" in t["mentions"].columns else "entity"
        charts.append(Chart("actor_tone", (W, h(10)),
                            lambda ax: plot_actor_tone(t["mentions"], sentences=s, by=by, lang=lang, ax=ax)))
    if _has(t, "cooccurrence", "entity_a", "entity_b", "sentences"):
        charts.append(Chart("cooccurrence", (W, 6.4),
                            lambda ax: plot_cooccurrence(t["cooccurrence"], lang=lang, ax=ax)))
    if _has(t, "quotes", "speaker", "speaker_kind"):
        k = min(t["quotes"]["speaker"].nunique(), 12)
        charts.append(Chart("sources", (W, h(k)), lambda ax: plot_sources(t["quotes"], lang=lang, ax=ax)))
    if _has(t, "sentences", "sentence_id", "hedged"):
        charts.append(Chart("hedging", (W, 3.0), lambda ax: plot_hedging(s, lang=lang, ax=ax)))
    if _has(t, "frames", "sentence_id", "frame"):
        k = min(t["frames"]["frame"].nunique(), 14)
        charts.append(Chart("frame_shares", (W, h(k)),
                            lambda ax: plot_frame_shares(t["frames"], n_sentences=n_sent, lang=lang, ax=ax)))
    if t.get("agency") is not None:
        charts.append(Chart("agency", (W, h(10)), lambda ax: plot_agency(t["agency"], lang=lang, ax=ax)))
    return charts
