"""How one article is told: hedging through the text, the frame dimensions, who acts and who is acted
upon.  They read the ``sentences`` (``hedged``), ``frames`` and ``agency`` tables of
:mod:`analysis.analysers.hedging`, :mod:`~analysis.analysers.frames` and :mod:`~analysis.analysers.agency`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import labels as L
from .style import (
    ACCENT,
    HEDGE,
    LEGEND_RIGHT,
    NEGATIVE,
    NEUTRAL,
    POSITIVE,
    QUOTE,
    SKY,
    TREND,
    ZERO_LINE,
    _abs_formatter,
    _bar_labels,
    _bool,
    _get_ax,
    _in_reading_order,
    _make_percent,
    _moving_mean,
    _sentence_axis,
    _short,
    _stacked_barh,
    _usable,
    empty_state,
)


def plot_hedging(sentences: pd.DataFrame | None, *, window: int = 5, lang: str = L.DEFAULT_LANG,
                 ax=None, **kwargs):
    """Hedged sentences (conditional mood, hedge words) through the article, with a moving share.

    Parameters
    ----------
    sentences : DataFrame
        ``sentences`` table of one article: ``sentence_id``, ``hedged``.
    window : int
        Sentences in the centred moving share.
    lang, ax, **kwargs
        As for every chart (:mod:`analysis.viz`); ``kwargs`` go to ``ax.bar`` (one thin bar per hedged sentence).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> s = pd.DataFrame({"sentence_id": [0, 1, 2], "hedged": [False, True, False]})
    >>> ax = plot_hedging(s, ax=Figure().subplots())
    >>> len(ax.patches), round(float(ax.lines[0].get_ydata()[1]), 3)
    (1, 0.333)
    """
    ax = _get_ax(ax)
    title = L.text("hedging.title", lang)
    if not _usable(sentences, "sentences", ["sentence_id", "hedged"], ax, lang, title):
        return ax
    s, x = _in_reading_order(sentences, "plot_hedging")
    h = _bool(s["hedged"])
    kw = {"width": 0.6, "color": HEDGE, "alpha": 0.35, "label": L.text("hedging.hedged", lang)} | kwargs
    if h.any():
        ax.bar(x[h], np.ones(h.sum()), **kw)
    ax.plot(x, _moving_mean(h.astype(float), window), color=TREND, label=L.text("hedging.share", lang, window=window))
    ax.set_ylim(0, 1.05)
    _sentence_axis(ax, x, lang)
    ax.yaxis.set_major_formatter(_make_percent())
    ax.set_ylabel(L.text("share_sentences", lang))
    ax.set_title(title)
    ax.legend(**LEGEND_RIGHT)
    return ax


def plot_frame_shares(frames: pd.DataFrame | None, *, n_sentences: int | None = None, n: int = 14,
                      lang: str = L.DEFAULT_LANG, ax=None, **kwargs):
    """Share of sentences carrying each frame dimension.

    Parameters
    ----------
    frames : DataFrame
        ``frames`` table: ``sentence_id``, ``frame`` (one row per sentence and frame).
    n_sentences : int, optional
        Sentences in the article (the denominator); without it the bars show
        sentence counts.
    n : int
    lang, ax, **kwargs
        As for every chart (:mod:`analysis.viz`); ``kwargs`` go to ``ax.barh``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> f = pd.DataFrame({"sentence_id": [0, 1, 1], "frame": ["political", "political", "economic"]})
    >>> ax = plot_frame_shares(f, n_sentences=4, ax=Figure().subplots())
    >>> [round(float(p.get_width()), 2) for p in ax.patches]
    [0.5, 0.25]
    """
    ax = _get_ax(ax)
    title = L.text("frames.title", lang)
    if not _usable(frames, "frames", ["sentence_id", "frame"], ax, lang, title):
        return ax
    keys = [k for k in ("article_id", "sentence_id") if k in frames.columns]
    g = (frames.drop_duplicates(keys + ["frame"]).groupby("frame", sort=True).size()
         .rename("k").reset_index().sort_values(["k", "frame"], ascending=[False, True], kind="stable")
         .head(n))
    vals = g["k"] / n_sentences if n_sentences else g["k"]
    kw = {"color": POSITIVE} | kwargs
    y = np.arange(len(g))
    ax.barh(y, vals.to_numpy(dtype=float), **kw)
    _bar_labels(ax, y, [L.value("frame", v, lang) for v in g["frame"]], invert=True)
    if n_sentences:
        ax.xaxis.set_major_formatter(_make_percent())
        ax.set_xlabel(L.text("share_sentences", lang))
    else:
        ax.set_xlabel(L.text("sentences", lang))
    ax.set_title(title)
    return ax


#: Column names accepted for the count in a long agency table.
_COUNT_COLUMNS = ("count", "n", "occurrences", "times", "sentences")
#: Roles drawn to the left (acted upon) in :func:`plot_agency`.
PASSIVE_ROLES = ("patient", "recipient")


def agency_long(agency: pd.DataFrame) -> pd.DataFrame:
    """An agency table as ``name, role, count`` rows, whatever its layout.

    Accepts a long table (``actor`` or ``entity``, ``role``, and a count column
    or one row per occurrence) or a wide one (``agent``, ``patient``,
    ``recipient`` count columns).

    Examples
    --------
    >>> agency_long(pd.DataFrame({"actor": ["X"], "agent": [2], "patient": [1]}))
      name     role  count
    0    X    agent      2
    1    X  patient      1
    """
    name = next((c for c in ("actor", "entity", "name") if c in agency.columns), None)
    if name is None:
        raise ValueError("agency table needs an 'actor' or 'entity' column")
    if "role" in agency.columns:
        cnt = next((c for c in _COUNT_COLUMNS if c in agency.columns), None)
        a = agency.assign(count=agency[cnt] if cnt else 1)
        out = a.groupby([name, "role"], sort=True)["count"].sum().reset_index()
    else:
        roles = [c for c in ("agent", *PASSIVE_ROLES) if c in agency.columns]
        if not roles:
            raise ValueError("agency table needs a 'role' column or agent/patient/recipient columns")
        out = (agency.melt(id_vars=[name], value_vars=roles, var_name="role", value_name="count")
               .groupby([name, "role"], sort=True)["count"].sum().reset_index())
    out = out.rename(columns={name: "name"})
    out["count"] = out["count"].fillna(0).astype("int64")
    out = out[out["count"] > 0]
    return out.sort_values(["name", "role"], kind="stable").reset_index(drop=True)


def plot_agency(agency: pd.DataFrame | None, *, n: int = 10, lang: str = L.DEFAULT_LANG,
                ax=None, **kwargs):
    """Who acts and who is acted upon: agent counts to the right, patient/recipient to the left.

    Parameters
    ----------
    agency : DataFrame
        ``agency`` table (see :func:`agency_long` for the layouts accepted).
    n : int
        Actors shown: the ``n`` with most occurrences.
    lang, ax, **kwargs
        As for every chart (:mod:`analysis.viz`); ``kwargs`` go to ``ax.barh``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> a = pd.DataFrame({"actor": ["États-Unis", "Turquie"], "agent": [3, 0], "recipient": [0, 2]})
    >>> ax = plot_agency(a, ax=Figure().subplots())
    >>> sorted(round(p.get_width()) for p in ax.patches if p.get_width())
    [-2, 3]
    """
    ax = _get_ax(ax)
    title = L.text("agency.title", lang)
    if agency is None or len(agency) == 0:
        _usable(agency, "agency", [], ax, lang, title)
        return ax
    try:
        d = agency_long(agency)
    except ValueError as exc:
        return empty_state(ax, str(exc), title=title)
    if d.empty:
        return empty_state(ax, L.text("empty", lang), title=title)
    wide = d.pivot_table(index="name", columns="role", values="count", aggfunc="sum", fill_value=0)
    wide["_total"] = wide.sum(axis=1)
    wide = wide.reset_index().sort_values(["_total", "name"], ascending=[False, True], kind="stable").head(n)
    y = np.arange(len(wide))[::-1]
    roles = [r for r in wide.columns if r not in ("name", "_total")]
    active = [r for r in roles if r not in PASSIVE_ROLES]
    passive = [r for r in PASSIVE_ROLES if r in roles]
    colours = {"agent": POSITIVE, "patient": NEGATIVE, "recipient": QUOTE}
    spare = iter([HEDGE, ACCENT, SKY, NEUTRAL] * 3)
    _stacked_barh(ax, y, [(wide[r], colours.get(r) or next(spare), L.value("role", r, lang)) for r in active],
                  **kwargs)
    _stacked_barh(ax, y, [(-wide[r], colours[r], L.value("role", r, lang)) for r in passive], **kwargs)
    ax.axvline(0, **ZERO_LINE)
    _bar_labels(ax, y, [_short(v) for v in wide["name"]])
    ax.xaxis.set_major_formatter(_abs_formatter())
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="lower right")
    ax.set_xlabel(L.text("agency.xlabel", lang))
    ax.set_title(title)
    return ax
