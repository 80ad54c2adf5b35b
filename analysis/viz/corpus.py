"""Charts of several articles: one measure per article, frames and sources per article, and a
per-article measure by outlet or date (the corpus run's comparison charts)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import labels as L
from .style import (
    POSITIVE,
    SPEAKER_COLOURS,
    ZERO_LINE,
    _bar_labels,
    _cell_values,
    _colours,
    _fit_title,
    _get_ax,
    _in_order,
    _make_percent,
    _percent_fmt,
    _short,
    _sign_colours,
    _stacked_barh,
    _usable,
    plain_label,
)


def plot_article_values(table: pd.DataFrame | None, value: str, *, label: str = "article_id",
                        lang: str = L.DEFAULT_LANG, ax=None, **kwargs):
    """One measure side by side for several articles (one bar per article).

    Parameters
    ----------
    table : DataFrame
        One row per article, e.g. :func:`analysis.output.compare.compare_articles`.
    value : str
        Column to draw (``mean_polarity``, ``share_hedged``...).  Polarity-like
        columns with negative values are coloured by sign.
    label : str
        Column naming the bars.
    lang, ax, **kwargs
        As for every chart (:mod:`analysis.viz`); ``kwargs`` go to ``ax.barh``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> t = pd.DataFrame({"article_id": ["a", "b"], "share_hedged": [0.2, 0.5]})
    >>> ax = plot_article_values(t, "share_hedged", ax=Figure().subplots())
    >>> [t.get_text() for t in ax.get_yticklabels()], ax.get_title()
    (['a', 'b'], 'Part des phrases modalisées')
    """
    ax = _get_ax(ax)
    title = L.value("measure", value, lang)
    if not _usable(table, "articles", [label, value], ax, lang, title):
        return ax
    v = table[value].astype("float64").to_numpy()
    y = np.arange(len(table))
    colours = _sign_colours(v) if (v < 0).any() else np.full(len(v), POSITIVE)
    ax.barh(y, np.nan_to_num(v), color=colours, **kwargs)
    _bar_labels(ax, y, [_short(x, 30) for x in table[label]], invert=True)
    ax.axvline(0, **ZERO_LINE)
    if value.startswith("share_"):
        ax.xaxis.set_major_formatter(_make_percent())
    ax.set_title(_fit_title(ax, title))
    return ax


def plot_frames_by_article(frames: pd.DataFrame | None, *, sentences: pd.DataFrame | None = None,
                           lang: str = L.DEFAULT_LANG, ax=None, cmap: str = "Blues", **kwargs):
    """Frame shares per article: a matrix of articles (rows) by frames (columns).

    Parameters
    ----------
    frames : DataFrame
        ``frames`` tables of several articles stacked (``article_id``,
        ``sentence_id``, ``frame``).
    sentences : DataFrame, optional
        Stacked ``sentences`` tables: cells are then shares of each article's
        sentences, otherwise sentence counts.
    cmap : str
    lang, ax, **kwargs
        As for every chart (:mod:`analysis.viz`); ``kwargs`` go to ``ax.imshow``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> f = pd.DataFrame({"article_id": ["a", "a", "b"], "sentence_id": [0, 1, 0],
    ...                   "frame": ["political", "economic", "political"]})
    >>> ax = plot_frames_by_article(f, ax=Figure().subplots())
    >>> ax.images[0].get_array().shape
    (2, 2)
    """
    ax = _get_ax(ax)
    title = L.text("frames_by_article.title", lang)
    if not _usable(frames, "frames", ["article_id", "sentence_id", "frame"], ax, lang, title):
        return ax
    g = (frames.drop_duplicates(["article_id", "sentence_id", "frame"])
         .groupby(["article_id", "frame"], sort=True).size().unstack(fill_value=0))
    share = sentences is not None and "article_id" in sentences.columns
    if share:
        n = sentences.groupby("article_id", sort=True).size().reindex(g.index)
        g = g.div(n, axis=0)
    order = g.sum(axis=0).sort_values(ascending=False, kind="stable").index
    g = g[order]
    kw = {"cmap": cmap, "vmin": 0, "aspect": "auto"} | kwargs
    ax.imshow(g.to_numpy(dtype=float), **kw)
    _cell_values(ax, g.to_numpy(dtype=float), _percent_fmt if share else (lambda v: f"{v:.0f}"))
    ax.set_xticks(range(g.shape[1]), [L.value("frame", c, lang) for c in g.columns], rotation=40,
                  ha="right", rotation_mode="anchor")
    ax.set_yticks(range(g.shape[0]), [_short(a, 30) for a in g.index])
    ax.grid(False)
    ax.set_title(_fit_title(ax, title))
    return ax


def plot_sources_by_article(quotes: pd.DataFrame | None, *, lang: str = L.DEFAULT_LANG, ax=None,
                            **kwargs):
    """Quotes per article by kind of source (named person, organisation, anonymous...), stacked.

    Parameters
    ----------
    quotes : DataFrame
        ``quotes`` tables of several articles stacked (``article_id``, ``speaker_kind``).
    lang, ax, **kwargs
        As for every chart (:mod:`analysis.viz`); ``kwargs`` go to ``ax.barh``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> q = pd.DataFrame({"article_id": ["a", "a", "b"], "speaker_kind": ["person", "anonymous", "person"]})
    >>> ax = plot_sources_by_article(q, ax=Figure().subplots())
    >>> len(ax.patches)
    4
    """
    ax = _get_ax(ax)
    title = L.text("sources_by_article.title", lang)
    if not _usable(quotes, "quotes", ["article_id", "speaker_kind"], ax, lang, title):
        return ax
    g = quotes.groupby(["article_id", "speaker_kind"], sort=True).size().unstack(fill_value=0)
    kinds = _in_order(g.columns, SPEAKER_COLOURS)
    colours = _colours(kinds, SPEAKER_COLOURS)
    y = np.arange(len(g))
    _stacked_barh(ax, y, [(g[k], colours[k], L.value("speaker_kind", k, lang)) for k in kinds], **kwargs)
    _bar_labels(ax, y, [_short(a, 30) for a in g.index], invert=True)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="lower right")
    ax.set_xlabel(L.text("sources.xlabel", lang))
    ax.set_title(_fit_title(ax, title))
    return ax


def _word(key: str, lang: str, fallback: str) -> str:
    # a measure or grouping the kit has no caption for is named as written
    try:
        return L.text(key, lang)
    except KeyError:
        return fallback


def plot_by_group(summaries: pd.DataFrame | None, value: str, *, by: str = "outlet",
                  lang: str = L.DEFAULT_LANG, ax=None, **kwargs):
    """Mean of a per-article measure by outlet (bars) or by date (a line), ± one SD.

    Parameters
    ----------
    summaries : DataFrame
        One row per article (``corpus/summaries``), with ``by`` and ``value`` columns.
    value : str
        e.g. ``tone_mean_polarity``, ``share_anonymous_sources``, ``hedging_share_hedged``.
    by : {"outlet", "date"}
        Dates are compared as written (ISO dates sort in time order).
    lang, ax, **kwargs
        As for every chart (:mod:`analysis.viz`); ``kwargs`` go to ``ax.barh`` (outlet) or ``ax.errorbar`` (date).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> t = pd.DataFrame({"outlet": ["A", "A", "B"], "tone_mean_polarity": [0.1, 0.3, -0.2]})
    >>> ax = plot_by_group(t, "tone_mean_polarity", ax=Figure().subplots())
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['A (n=2)', 'B (n=1)']
    """
    ax = _get_ax(ax)
    title = L.text("by_group.title", lang, measure=_word(f"by_group.{value}", lang, value),
                   group=_word(f"by_group.{by}", lang, by))
    if not _usable(summaries, "summaries", [by, value], ax, lang, title):
        return ax
    d = summaries[[by, value]].copy()
    d[by] = d[by].astype("string").fillna("").replace("", "?")
    d[value] = pd.to_numeric(d[value], errors="coerce")
    g = d.groupby(by, sort=True)[value].agg(["mean", "std", "count"]).reset_index()
    labels = [f"{plain_label(k)} (n={n})" for k, n in zip(g[by], g["count"])]
    if by == "date":
        x = np.arange(len(g))
        ax.errorbar(x, g["mean"], yerr=g["std"].fillna(0), marker="o", capsize=3, color=POSITIVE, **kwargs)
        ax.set_xticks(x, labels, rotation=45, ha="right")
        ax.axhline(0, **ZERO_LINE)
    else:
        y = np.arange(len(g))
        ax.barh(y, g["mean"].fillna(0), xerr=g["std"].fillna(0), color=POSITIVE, capsize=3, **kwargs)
        _bar_labels(ax, y, labels, invert=True)
        ax.axvline(0, **ZERO_LINE)
    if value.startswith("share_") or "_share_" in value:
        (ax.xaxis if by != "date" else ax.yaxis).set_major_formatter(_make_percent())
    ax.set_title(title)
    return ax
