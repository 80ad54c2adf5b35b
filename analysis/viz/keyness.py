"""Keyness charts: distinctive terms of a group, and frequency against distinctiveness.

Both read the table :func:`analysis.study.keyness.keyness` returns and only draw on
the ``Axes`` given (or the current one).  Terms that are entities are drawn in
another colour than lemmas, so a name is never mistaken for a word choice.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.ticker import ScalarFormatter

from . import labels as L
from .style import ACCENT, GREY, NEUTRAL, POSITIVE, _bar_labels, _get_ax, _patch, _usable, empty_state, plain_label

#: z-score beyond which a term counts as distinctive (two-sided 5%).
Z_THRESHOLD = 1.96


def _pick_group(table: pd.DataFrame, group) -> str:
    groups = sorted(table["group"].astype(str).unique())
    if group is None:
        return groups[0]
    if str(group) not in groups:
        raise ValueError(f"group {group!r} is not in the keyness table (groups: {', '.join(groups)})")
    return str(group)


def plot_keyness(table: pd.DataFrame | None, *, group=None, n: int = 10, min_z: float = Z_THRESHOLD,
                 lang: str = L.DEFAULT_LANG, ax=None, **kwargs):
    """Bars of the ``n`` most distinctive terms of one group (z-score of the log-odds ratio).

    Parameters
    ----------
    table : DataFrame
        From :func:`analysis.study.keyness.keyness`.
    group : str, optional
        The group to draw (default: the first in sort order).
    n : int
        Terms drawn at most.
    min_z : float
        Terms below this z-score are left out (1.96: the usual 5% threshold).
    lang, ax, **kwargs
        As for every chart (:mod:`analysis.viz`); ``kwargs`` go to ``ax.barh``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> k = pd.DataFrame({"group": ["A", "A", "B"], "term": ["réforme", "Paris", "grève"],
    ...                   "kind": ["lemma", "entity", "lemma"], "z": [4.0, 2.5, 3.0],
    ...                   "count": [9, 5, 7], "count_other": [1, 0, 1]})
    >>> ax = plot_keyness(k, group="A", ax=Figure().subplots())
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['réforme', 'Paris']
    """
    ax = _get_ax(ax)
    title = L.text("keyness.title", lang)
    if not _usable(table, "keyness", ["group", "term", "kind", "z"], ax, lang, title):
        return ax
    g = _pick_group(table, group)
    title = L.text("keyness.title_group", lang, group=plain_label(g))
    d = table[(table["group"].astype(str) == g) & (table["z"] >= min_z)]
    d = d.sort_values("z", ascending=False, kind="mergesort").head(n)
    if d.empty:
        return empty_state(ax, L.text("keyness.none", lang, z=min_z), title=title)
    y = np.arange(len(d))
    colours = [ACCENT if k == "entity" else POSITIVE for k in d["kind"]]
    ax.barh(y, d["z"], color=colours, **kwargs)
    _bar_labels(ax, y, [plain_label(t) for t in d["term"]], invert=True)
    ax.set_xlabel(L.text("keyness.z", lang))
    kinds = sorted(set(d["kind"]), key=["lemma", "entity"].index)
    if len(kinds) > 1:  # one kind needs no key: the axis label says what the bars are
        ax.legend(handles=[_patch(ACCENT if k == "entity" else POSITIVE, L.text(f"keyness.{k}", lang))
                           for k in kinds], loc="best")
    ax.set_title(title)
    return ax


def plot_keyness_scatter(table: pd.DataFrame | None, *, group=None, n_labels: int = 12,
                         min_z: float = Z_THRESHOLD, lang: str = L.DEFAULT_LANG, ax=None, **kwargs):
    """Frequency (x, log scale) against distinctiveness (z, y) of every term for one group.

    A static, Scattertext-like view: terms above ``min_z`` are the group's,
    below ``-min_z`` the other groups'; the ``n_labels`` most distinctive terms
    of each side are named.

    Parameters
    ----------
    table : DataFrame
        From :func:`analysis.study.keyness.keyness`.
    group : str, optional
        The group whose z-scores are drawn (default: the first in sort order).
    n_labels : int
        Terms named on each side.
    min_z : float
        Threshold lines drawn at ± ``min_z``.
    lang, ax, **kwargs
        As for every chart (:mod:`analysis.viz`); ``kwargs`` go to ``ax.scatter``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> k = pd.DataFrame({"group": ["A"] * 3, "term": ["réforme", "grève", "an"],
    ...                   "kind": "lemma", "z": [4.0, -3.0, 0.1], "count": [9, 1, 4], "count_other": [1, 8, 4]})
    >>> ax = plot_keyness_scatter(k, ax=Figure().subplots())
    >>> sorted(t.get_text() for t in ax.texts)
    ['grève', 'réforme']
    """
    ax = _get_ax(ax)
    title = L.text("keyness.scatter_title", lang)
    if not _usable(table, "keyness", ["group", "term", "kind", "z", "count", "count_other"], ax, lang, title):
        return ax
    g = _pick_group(table, group)
    d = table[table["group"].astype(str) == g]
    freq = (d["count"] + d["count_other"]).to_numpy(dtype="float64")
    z = d["z"].to_numpy(dtype="float64")
    colours = np.where(z >= min_z, POSITIVE, np.where(z <= -min_z, ACCENT, NEUTRAL))
    ax.scatter(freq, z, c=list(colours), s=14, alpha=0.8, linewidths=0, **kwargs)
    ax.set_xscale("log")
    for yv in (min_z, -min_z):
        ax.axhline(yv, color=GREY, lw=0.8, ls="--")
    ax.xaxis.set_major_formatter(ScalarFormatter())
    ax.xaxis.set_minor_formatter(ScalarFormatter())
    for side in (d[d["z"] >= min_z].nlargest(n_labels, "z"), d[d["z"] <= -min_z].nsmallest(n_labels, "z")):
        # terms with the same counts sit on the same point: one label lists them
        side = side.assign(freq=side["count"] + side["count_other"], zr=side["z"].round(3))
        for (fr, zr), same in side.groupby(["freq", "zr"], sort=True):
            names = [plain_label(t) for t in same["term"]]
            label = ", ".join(names[:3]) + (" …" if len(names) > 3 else "")
            ax.annotate(label, (fr, zr), fontsize="small", xytext=(3, 2), textcoords="offset points")
    ax.set_xlabel(L.text("keyness.frequency", lang))
    ax.set_ylabel(L.text("keyness.z_vs", lang, group=plain_label(g)))
    ax.set_title(L.text("keyness.scatter_title_group", lang, group=plain_label(g)))
    return ax
