"""Tone charts of one article: polarity sentence by sentence, polarity against subjectivity, the words
that set the tone.  Each reads the ``sentences`` or ``evidence`` table of :mod:`analysis.analysers.tone`."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from . import labels as L
from .style import (
    GREY,
    HEDGE,
    LEGEND_RIGHT,
    NEGATIVE,
    NEUTRAL,
    POSITIVE,
    QUOTE,
    TREND,
    ZERO_LINE,
    _bar_labels,
    _bool,
    _get_ax,
    _in_reading_order,
    _moving_mean,
    _patch,
    _sentence_axis,
    _short,
    _sign_colours,
    _sym_ylim,
    _usable,
    empty_state,
)


def plot_tone_arc(sentences: pd.DataFrame | None, *, window: int = 3, lang: str = L.DEFAULT_LANG,
                  ax=None, **kwargs):
    """Sentence polarity in reading order, a moving average, quotes and hedged sentences marked.

    Parameters
    ----------
    sentences : DataFrame
        ``sentences`` table of one article: ``sentence_id``, ``polarity``;
        optional ``n_scored`` (sentences with no scored word drawn as grey
        rings), ``is_quote`` (shaded), ``hedged`` (triangles).
    window : int
        Sentences in the centred moving average.
    lang, ax, **kwargs
        As for every chart (:mod:`analysis.viz`); ``kwargs`` go to ``ax.bar`` (the per-sentence bars).

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> s = pd.DataFrame({"sentence_id": [0, 1, 2], "polarity": [0.5, -0.2, 0.0]})
    >>> ax = plot_tone_arc(s, ax=Figure().subplots())
    >>> len(ax.patches), len(ax.lines)
    (3, 2)
    """
    ax = _get_ax(ax)
    title = L.text("tone_arc.title", lang)
    if not _usable(sentences, "sentences", ["sentence_id", "polarity"], ax, lang, title):
        return ax
    s, x = _in_reading_order(sentences, "plot_tone_arc")
    y = s["polarity"].astype("float64").fillna(0.0).to_numpy()
    scored = (s["n_scored"].fillna(0).to_numpy() > 0) if "n_scored" in s.columns else np.ones(len(s), bool)

    handles = _shade_quotes(ax, s, x, lang)
    ax.bar(x, y, color=_sign_colours(y), **({"width": 0.7} | kwargs))
    handles += [Patch(color=POSITIVE, label=f"{L.text('tone_arc.sentence', lang)} > 0"),
                Patch(color=NEGATIVE, label=f"{L.text('tone_arc.sentence', lang)} < 0")]
    if (~scored).any():
        ax.plot(x[~scored], np.zeros((~scored).sum()), "o", mfc="white", mec=NEUTRAL, ms=5)
        handles.append(Line2D([], [], ls="", marker="o", mfc="white", mec=NEUTRAL, ms=5,
                              label=L.text("tone_arc.unscored", lang)))
    ax.plot(x, _moving_mean(y, window), color=TREND, lw=1.8)
    handles.append(Line2D([], [], color=TREND, lw=1.8, label=L.text("tone_arc.smooth", lang, window=window)))
    ax.axhline(0, **ZERO_LINE)
    lim = _sym_ylim(y)
    if "hedged" in s.columns and _bool(s["hedged"]).any():
        hx = x[_bool(s["hedged"])]
        ax.plot(hx, np.full(len(hx), -lim * 0.93), "^", color=HEDGE, ms=6)
        handles.append(Line2D([], [], ls="", marker="^", color=HEDGE, ms=6,
                              label=L.text("tone_arc.hedged", lang)))
    ax.set_ylim(-lim, lim)
    _sentence_axis(ax, x, lang)
    ax.set_ylabel(L.text("polarity", lang))
    ax.set_title(title)
    ax.legend(handles=handles, **LEGEND_RIGHT)
    return ax


def _shade_quotes(ax, s: pd.DataFrame, x: np.ndarray, lang: str) -> list:
    """Shade the quoted sentences (``is_quote``); their legend entry, if any."""
    if "is_quote" not in s.columns or not _bool(s["is_quote"]).any():
        return []
    for xi in x[_bool(s["is_quote"])]:
        ax.axvspan(xi - 0.5, xi + 0.5, color=QUOTE, alpha=0.18, lw=0)
    return [Patch(color=QUOTE, alpha=0.3, label=L.text("tone_arc.quote", lang))]


def plot_polarity_subjectivity(sentences: pd.DataFrame | None, *, annotate: int = 3,
                               lang: str = L.DEFAULT_LANG, ax=None, **kwargs):
    """Polarity against subjectivity of each scored sentence (size: scored words).

    Sentences with no scored word (``n_scored == 0``) are left out: they have
    no tone to place.  The ``annotate`` sentences of strongest polarity are
    labelled with their ``sentence_id``.

    Parameters
    ----------
    sentences : DataFrame
        ``sentence_id``, ``polarity``, ``subjectivity``; optional ``n_scored``.
    annotate : int
    lang, ax, **kwargs
        As for every chart (:mod:`analysis.viz`); ``kwargs`` go to ``ax.scatter``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> s = pd.DataFrame({"sentence_id": [0, 1], "polarity": [0.5, -0.2],
    ...                   "subjectivity": [0.6, 0.3], "n_scored": [2, 1]})
    >>> ax = plot_polarity_subjectivity(s, ax=Figure().subplots())
    >>> ax.collections[0].get_offsets().shape
    (2, 2)
    """
    ax = _get_ax(ax)
    title = L.text("polsub.title", lang)
    if not _usable(sentences, "sentences", ["sentence_id", "polarity", "subjectivity"], ax, lang, title):
        return ax
    s = sentences
    if "n_scored" in s.columns:
        s = s[s["n_scored"].fillna(0) > 0]
    if s.empty:
        return empty_state(ax, L.text("empty", lang), title=title)
    pol = s["polarity"].astype("float64").to_numpy()
    sub = s["subjectivity"].astype("float64").to_numpy()
    n = s["n_scored"].to_numpy(dtype="float64") if "n_scored" in s.columns else np.ones(len(s))
    kw = {"alpha": 0.8, "edgecolors": "white", "linewidths": 0.6} | kwargs
    ax.scatter(pol, sub, s=25 + 25 * n, c=_sign_colours(pol), **kw)
    ax.axvline(0, **ZERO_LINE)
    order = np.argsort(-np.abs(pol), kind="stable")[:annotate]
    for i in order:
        ax.annotate(str(int(s["sentence_id"].iloc[i])), (pol[i], sub[i]), xytext=(4, 4),
                    textcoords="offset points", fontsize=8, color="#333333")
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(-0.03, 1.05)
    ax.set_xlabel(L.text("polarity", lang))
    ax.set_ylabel(L.text("subjectivity", lang))
    ax.set_title(title)
    ax.text(1.0, -0.12, L.text("polsub.size", lang), transform=ax.transAxes, ha="right",
            va="top", fontsize=8, color=GREY)
    return ax


def plot_evidence_words(evidence: pd.DataFrame | None, *, n: int = 8, method: str | None = None,
                        lang: str = L.DEFAULT_LANG, ax=None, **kwargs):
    """The scored words that push the tone most, positive and negative, with a colour key.

    Words (the ``words`` chunk of the evidence table, lower-cased) are ranked by
    their summed polarity over the article; the label shows how often each
    occurs.  Only words that carry tone are drawn: chunks of polarity 0 (a
    lexicon entry without tone) and words whose occurrences cancel out are
    left out.  A key names the two colours (positive, negative).

    Parameters
    ----------
    evidence : DataFrame
        ``evidence`` table: ``words``, ``polarity``.
    n : int
        Words shown on each side.
    method : str, optional
        When the table holds several tone methods (a ``method`` column), the
        one drawn; default: the first in the table.
    lang, ax, **kwargs
        As for every chart (:mod:`analysis.viz`); ``kwargs`` go to ``ax.barh``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> e = pd.DataFrame({"words": ["bon", "bon", "pas clair"], "polarity": [0.7, 0.7, -0.05]})
    >>> ax = plot_evidence_words(e, ax=Figure().subplots())
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['pas clair (×1)', 'bon (×2)']
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['positif', 'négatif']
    """
    ax = _get_ax(ax)
    title = L.text("evidence.title", lang)
    if not _usable(evidence, "evidence", ["words", "polarity"], ax, lang, title):
        return ax
    e = evidence
    if "method" in e.columns and len(e):
        e = e[e["method"] == (method or e["method"].iloc[0])]
    e = e[e["polarity"] != 0]  # a chunk without tone makes no tone
    e = e.assign(_w=e["words"].astype("str").str.lower().str.strip())
    g = (e.groupby("_w", sort=True)["polarity"].agg(total="sum", count="size").reset_index())
    pos = g[g["total"] > 0].sort_values(["total", "_w"], ascending=[False, True]).head(n)
    neg = g[g["total"] < 0].sort_values(["total", "_w"], ascending=[True, True]).head(n)
    if pos.empty and neg.empty:
        return empty_state(ax, L.text("empty", lang), title=title)
    # most negative at the bottom, most positive at the top
    rows = pd.concat([neg, pos.iloc[::-1]])
    y = np.arange(len(rows))
    colours = np.where(rows["total"] > 0, POSITIVE, NEGATIVE)
    ax.barh(y, rows["total"], color=colours, **kwargs)
    _bar_labels(ax, y, [f"{_short(w, 30)} (×{c})" for w, c in zip(rows["_w"], rows["count"])])
    ax.axvline(0, **ZERO_LINE)
    ax.legend(handles=[_patch(POSITIVE, L.text("evidence.positive", lang)),
                       _patch(NEGATIVE, L.text("evidence.negative", lang))],
              **LEGEND_RIGHT)
    ax.set_xlabel(L.text("evidence.xlabel", lang))
    ax.set_title(title)
    return ax

