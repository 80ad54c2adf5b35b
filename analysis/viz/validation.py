"""Agreement between coders or tone methods (notebook 03), drawn against Krippendorff's thresholds."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import labels as L
from .style import (
    GREY,
    NEGATIVE,
    POSITIVE,
    ZERO_LINE,
    _bar_labels,
    _get_ax,
    _make_percent,
    _usable,
)

#: Krippendorff's guide: alpha >= 0.8 reliable, >= 0.667 for tentative conclusions only.
ALPHA_RELIABLE, ALPHA_TENTATIVE = 0.8, 0.667


def plot_agreement(table: pd.DataFrame | None, *, metric: str = "alpha_ordinal",
                   lang: str = L.DEFAULT_LANG, ax=None, **kwargs):
    """Agreement of each pair of coders / methods, with Krippendorff's 0.667 and 0.8 marks.

    Parameters
    ----------
    table : DataFrame
        :func:`analysis.study.validation.agreement` output (``rater_a``, ``rater_b``,
        ``n`` and the metric column).
    metric : str
        ``alpha_ordinal``, ``alpha_nominal`` or ``accuracy``.
    lang, ax, **kwargs
        As for every chart (:mod:`analysis.viz`); ``kwargs`` go to ``ax.barh``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> t = pd.DataFrame({"rater_a": ["a"], "rater_b": ["b"], "n": [20], "alpha_ordinal": [0.5]})
    >>> ax = plot_agreement(t, ax=Figure().subplots())
    >>> ax.get_yticklabels()[0].get_text()
    'a – b (n = 20)'
    """
    ax = _get_ax(ax)
    title = L.value("measure", metric, lang)
    if not _usable(table, "agreement", ["rater_a", "rater_b", "n", metric], ax, lang, title):
        return ax
    v = table[metric].astype("float64").to_numpy()
    y = np.arange(len(table))
    ax.barh(y, np.nan_to_num(v), color=np.where(v < 0, NEGATIVE, POSITIVE), **kwargs)
    _bar_labels(ax, y, [f"{a} – {b} (n = {n})" for a, b, n in zip(table["rater_a"], table["rater_b"], table["n"])],
                invert=True)
    if metric.startswith("alpha"):
        for x, style in ((ALPHA_TENTATIVE, ":"), (ALPHA_RELIABLE, "--")):
            ax.axvline(x, color=GREY, lw=1, ls=style)
        ax.set_xlim(min(-0.1, float(np.nanmin(v)) - 0.05) if np.isfinite(v).any() else -0.1, 1.0)
    else:
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(_make_percent())
    ax.axvline(0, **ZERO_LINE)
    ax.set_title(title)
    return ax
