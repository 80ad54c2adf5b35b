"""The charts' shared look: colours with a fixed meaning, empty states, small drawing helpers.

Every ``plot_*`` function of :mod:`analysis.viz` draws only on the ``Axes``
it is given (or the current one, via pyplot, when ``ax`` is None) and returns
it; none saves a file or touches global style or ``rcParams``.  When the table
a chart reads is ``None`` (its analyser has not run), lacks a column or has no
row, the chart draws a short message (:func:`empty_state`) instead of failing.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from . import labels as L

#: Okabe & Ito colour-blind-safe colours used with a fixed meaning.
POSITIVE = "#0072B2"   # blue
NEGATIVE = "#D55E00"   # vermillion
NEUTRAL = "#999999"    # grey
QUOTE = "#E69F00"      # orange
HEDGE = "#009E73"      # bluish green
ACCENT = "#CC79A7"     # reddish purple
SKY = "#56B4E9"
#: Colours of entity labels (other labels cycle through the remaining colours).
LABEL_COLOURS = {"PER": POSITIVE, "ORG": QUOTE, "LOC": HEDGE, "GPE": HEDGE, "MISC": NEUTRAL,
                 "EQUIP": ACCENT}
#: Colours of quote speaker kinds.
SPEAKER_COLOURS = {"person": POSITIVE, "organisation": HEDGE, "organization": HEDGE,
                   "anonymous": NEGATIVE, "unknown": NEUTRAL}
_SPARE = [SKY, "#000000", "#F0E442", QUOTE, HEDGE, ACCENT, POSITIVE, NEGATIVE]
#: The grey of notes and reference lines.
GREY = "#555555"
#: ``ax.axhline(0, **ZERO_LINE)``: the line at zero of charts with negative values.
ZERO_LINE = {"color": GREY, "lw": 0.8}
#: Colour of a moving average drawn over the sentences.
TREND = "#333333"
#: ``ax.legend(**LEGEND_RIGHT)``: the key outside the axes, on their right.
LEGEND_RIGHT = {"loc": "upper left", "bbox_to_anchor": (1.0, 1.0)}


def _get_ax(ax):
    if ax is not None:
        return ax
    # pyplot only when the caller gave no Axes: importing it registers global figure state, which
    # drawing on a given Axes (the export, the report) must never do
    import matplotlib.pyplot as plt

    return plt.gca()


def empty_state(ax, message: str, *, title: str | None = None):
    """Draw ``message`` in the middle of an empty ``ax`` (no ticks, no grid).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = empty_state(Figure().subplots(), "Aucune donnée")
    >>> ax.texts[0].get_text()
    'Aucune donnée'
    """
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center",
            color=GREY, wrap=True)
    if title:
        ax.set_title(title)
    return ax


def _usable(data, name: str, columns, ax, lang: str, title: str) -> bool:
    """True when ``data`` has ``columns`` and rows; otherwise draw why not."""
    if data is None:
        empty_state(ax, L.text("missing_table", lang, name=name), title=title)
        return False
    missing = [c for c in columns if c not in data.columns]
    if missing:
        empty_state(ax, L.text("missing_columns", lang, name=name, columns=", ".join(missing)),
                    title=title)
        return False
    if len(data) == 0:
        empty_state(ax, L.text("empty", lang), title=title)
        return False
    return True


def _one_article(df: pd.DataFrame, what: str) -> None:
    if "article_id" in df.columns and df["article_id"].nunique() > 1:
        raise ValueError(f"{what} draws one article; filter the table first "
                         "(e.g. df[df['article_id'] == ...])")


def _in_reading_order(sentences: pd.DataFrame, what: str) -> tuple[pd.DataFrame, np.ndarray]:
    """One article's sentences in reading order, and their ids (the x axis of :func:`_sentence_axis`)."""
    _one_article(sentences, what)
    s = sentences.sort_values("sentence_id")
    return s, s["sentence_id"].to_numpy()


def _moving_mean(values, window: int) -> pd.Series:
    """Centred moving average over ``window`` sentences (fewer at the ends of the article)."""
    return pd.Series(values).rolling(window, center=True, min_periods=1).mean()


def _sentence_axis(ax, x: np.ndarray, lang: str) -> None:
    """The x axis of a chart along the article: one step per sentence."""
    ax.set_xlim(x.min() - 0.7, x.max() + 0.7)
    ax.set_xlabel(L.text("sentence_axis", lang))


def _short(s, width: int = 38) -> str:
    s = " ".join(str(s).split())
    return textwrap.shorten(s, width=width, placeholder="…") if len(s) > width else s


def _bool(series: pd.Series) -> np.ndarray:
    return series.fillna(False).astype(bool).to_numpy()


def _colours(keys, fixed: Mapping[str, str]) -> dict:
    out, spare = {}, iter(_SPARE * 4)
    for k in keys:
        out[k] = fixed.get(k) or fixed.get(str(k).upper()) or next(spare)
    return out


def _in_order(present, fixed: Mapping[str, str]) -> list:
    """The keys of ``present`` in the order of ``fixed`` (the kit's known values), then the others sorted."""
    present = set(present)
    known = [k for k in fixed if k in present]
    return known + sorted(present - set(known))


def _sign_colours(values) -> np.ndarray:
    """Blue above 0, vermillion below, grey at 0."""
    return np.where(values > 0, POSITIVE, np.where(values < 0, NEGATIVE, NEUTRAL))


def _patch(colour: str, label: str):
    # a legend entry that is not drawn on the axes (no stray bar at 0)
    return Patch(color=colour, label=label)


def _fit_title(ax, title: str) -> str:
    """``title`` wrapped to the width of ``ax``: in a row of small axes (several measures side by
    side) a long title ran into its neighbour's or off the figure."""
    width_in = ax.get_position().width * ax.figure.get_figwidth()
    size = FontProperties(size=mpl.rcParams["axes.titlesize"]).get_size_in_points()
    chars = max(14, int(width_in * 72 / (0.68 * size)))  # 0.68 em: a wide bold character
    return textwrap.fill(title, chars, break_on_hyphens=False)


def _sym_ylim(values, floor: float = 0.25) -> float:
    m = float(np.nanmax(np.abs(values))) if len(values) else 0.0
    return min(max(m * 1.15, floor), 1.05)


def _bar_labels(ax, y, labels, *, invert: bool = False) -> None:
    """Name horizontal bars at ``y`` (top to bottom when ``invert``), without horizontal grid lines."""
    ax.set_yticks(y, labels)
    if invert:
        ax.invert_yaxis()
    ax.grid(axis="y", visible=False)


def _stacked_barh(ax, y, layers, **kwargs) -> None:
    """Horizontal bars stacked from 0 outwards: ``layers`` is ``(values, colour, label)`` per layer;
    negative values stack to the left."""
    left = np.zeros(len(y))
    for values, colour, label in layers:
        ax.barh(y, values, left=left, color=colour, label=label, **kwargs)
        left = left + np.asarray(values)


def _percent_fmt(v, _pos=None):
    return f"{v * 100:.0f} %"


def _make_percent():
    # a fresh formatter per axis: a formatter belongs to one axis
    return FuncFormatter(_percent_fmt)


def _abs_formatter():
    return FuncFormatter(lambda v, _p=None: f"{abs(v):g}")


def _cell_values(ax, mat: np.ndarray, fmt) -> None:
    """Write each non-zero cell of a matrix drawn with ``imshow``, white on the darkest cells."""
    top = float(mat.max()) or 1.0
    for i in range(mat.shape[0]):
        for j in range(mat.shape[1]):
            val = float(mat[i, j])
            if val:
                ax.text(j, i, fmt(val), ha="center", va="center", fontsize=8,
                        color="white" if val > 0.6 * top else "#222222")


def plain_label(value) -> str:
    r"""A user-given label (an outlet name, an article id) shown as written.

    Matplotlib reads text between two ``$`` as mathtext, so "$$" or "$\frac{x$"
    would fail to draw; every ``$`` is escaped.

    Examples
    --------
    >>> plain_label("Le $ fort $")
    'Le \\$ fort \\$'
    """
    return str(value).replace("$", r"\$")
