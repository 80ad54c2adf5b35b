"""Who is quoted in one article: quotes per speaker, by kind of source.  Reads the ``quotes`` table
of :mod:`analysis.analysers.quotes`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import labels as L
from .style import (
    SPEAKER_COLOURS,
    _bar_labels,
    _colours,
    _get_ax,
    _in_order,
    _patch,
    _short,
    _usable,
)


def plot_sources(quotes: pd.DataFrame | None, *, n: int = 12, lang: str = L.DEFAULT_LANG,
                 ax=None, **kwargs):
    """Quotes per speaker, coloured by kind of source (named person, organisation, anonymous).

    Parameters
    ----------
    quotes : DataFrame
        ``quotes`` table: ``speaker``, ``speaker_kind``.  An empty speaker is
        shown as its kind ("source anonyme", "orateur inconnu"), so unattributed
        quotes are one bar.  The legend counts quotes per kind over *all* rows,
        including speakers beyond the ``n`` drawn.
    n : int
    lang, ax, **kwargs
        As for every chart (:mod:`analysis.viz`); ``kwargs`` go to ``ax.barh``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> q = pd.DataFrame({"speaker": ["Wendy Sherman", "des sources", "des sources"],
    ...                   "speaker_kind": ["person", "anonymous", "anonymous"]})
    >>> ax = plot_sources(q, ax=Figure().subplots())
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['des sources', 'Wendy Sherman']
    >>> q = pd.DataFrame({"speaker": ["", None], "speaker_kind": ["unknown", "anonymous"]})
    >>> sorted(t.get_text() for t in plot_sources(q, ax=Figure().subplots()).get_yticklabels())
    ['orateur inconnu', 'source anonyme']
    """
    ax = _get_ax(ax)
    title = L.text("sources.title", lang)
    if not _usable(quotes, "quotes", ["speaker", "speaker_kind"], ax, lang, title):
        return ax
    kind_col = quotes["speaker_kind"].astype("str").fillna("unknown").replace({"nan": "unknown"})
    names = quotes["speaker"].astype("str").fillna("").str.strip().replace({"nan": ""})
    # an unnamed speaker is shown as its kind: « source anonyme », « orateur inconnu »
    blank = {k: L.value("speaker_kind", k if k == "anonymous" else "unknown", lang)
             for k in set(kind_col)}
    q = quotes.assign(speaker=[n or blank[k] for n, k in zip(names, kind_col)],
                      speaker_kind=kind_col)
    g = (q.groupby(["speaker", "speaker_kind"], sort=True).size().rename("quotes").reset_index()
         .sort_values(["quotes", "speaker"], ascending=[False, True], kind="stable").head(n))
    kinds = _in_order(q["speaker_kind"], SPEAKER_COLOURS)
    colours = _colours(kinds, SPEAKER_COLOURS)
    y = np.arange(len(g))[::-1]
    ax.barh(y, g["quotes"], color=[colours[k] for k in g["speaker_kind"]], **kwargs)
    _bar_labels(ax, y, [_short(v) for v in g["speaker"]])
    totals = q["speaker_kind"].value_counts()
    ax.legend(handles=[_patch(colours[k], f"{L.value('speaker_kind', k, lang)} ({int(totals[k])})")
                       for k in kinds], loc="lower right")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel(L.text("sources.xlabel", lang))
    ax.set_title(title)
    return ax
