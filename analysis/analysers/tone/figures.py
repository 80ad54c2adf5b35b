"""Article tone figures from the sentence scores, and how far the methods agree.

:func:`tone_figures` gives an article's tone (``summary["tone"]``) from its
``sentences`` and ``evidence`` tables; :func:`method_agreement` and
:func:`disagreements` compare methods scored side by side (``sentiment="all"``).
:func:`polarity_class` is the one rule that turns a polarity into a class (-1, 0, +1 at
:data:`POLARITY_THRESHOLD`): the figures' shares and the validation studies use it.
The analyser (:func:`analysis.analysers.tone.run`) computes the same figures
straight from each method's :class:`~analysis.analysers.tone.common.MethodResult`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ... import config
from .common import MethodResult

#: pattern's ``positive(s, threshold=0.1)``: sentences at or beyond +-0.1 count
#: as positive / negative in the article figures, the rest as neutral.
POLARITY_THRESHOLD = 0.1
#: The three tone classes (negative, neutral, positive), in order: hand codes, model classes.
CLASSES = (-1, 0, 1)


def _r(x: float) -> float:
    return round(float(x), 6)


def suffix(method: str) -> str:
    """A method's name in column names: ``polarity_<suffix>`` (``-`` written ``_``)."""
    return method.replace("-", "_")


def tone_figures(sentences: pd.DataFrame, evidence: pd.DataFrame, *, polarity: str = "polarity",
                 subjectivity: str = "subjectivity", n_scored: str = "n_scored",
                 method: str | None = None) -> dict:
    """Article tone figures from the sentence scores and their evidence.

    Every row of ``sentences`` counts (cleaning already removed boilerplate),
    the title included; its own polarity is reported as ``title_polarity``.
    Unscored sentences count as polarity 0 in the means and as neutral.

    Returns
    -------
    dict
        ``mean_polarity``, ``mean_polarity_scored`` (scored sentences only),
        ``weighted_polarity`` (weights: ``n_words``), ``mean_subjectivity``,
        ``share_positive`` (polarity >= 0.1), ``share_negative`` (<= -0.1),
        ``share_neutral``, ``coverage`` (share with ``n_scored > 0``),
        ``coverage_emotive`` (share with a chunk of non-zero polarity) and the
        GDELT-style ``gdelt_positive_pct`` / ``gdelt_negative_pct`` (positive /
        negative chunks per 100 words), ``gdelt_tone`` (their difference) and
        ``gdelt_polarity_pct`` (emotive, i.e. non-zero, chunks per 100 words).

    Examples
    --------
    >>> s = pd.DataFrame({"polarity": [0.5, 0.0], "subjectivity": [0.4, 0.0],
    ...                   "n_scored": [1, 0], "n_words": [4, 6], "is_title": [False, False]})
    >>> e = pd.DataFrame({"sentence_id": [0], "polarity": [0.5]})
    >>> f = tone_figures(s, e)
    >>> f["mean_polarity"], f["weighted_polarity"], f["coverage"], f["gdelt_positive_pct"]
    (0.25, 0.2, 0.5, 10.0)
    """
    def col(frame, name, dtype):
        return frame[name].to_numpy(dtype=dtype) if len(frame) else np.empty(0, dtype=dtype)

    return _figures(col(sentences, polarity, "float64"), col(sentences, subjectivity, "float64"),
                    col(sentences, n_scored, "float64"), col(sentences, "n_words", "float64"),
                    col(sentences, "is_title", bool), col(evidence, "sentence_id", "int64"),
                    col(evidence, "polarity", "float64"), method)


def polarity_class(polarity, threshold: float = POLARITY_THRESHOLD) -> pd.Series:
    """-1 / 0 / +1 from polarity scores (``>= threshold`` positive, ``<= -threshold`` negative).

    Examples
    --------
    >>> polarity_class([0.5, 0.05, -0.1, None]).tolist()
    [1.0, 0.0, -1.0, nan]
    """
    p = pd.Series(polarity, dtype="float64")
    return pd.Series(_classes(p.to_numpy(), threshold), index=p.index)


def _classes(p: np.ndarray, threshold: float = POLARITY_THRESHOLD) -> np.ndarray:
    """:func:`polarity_class` on a float array (NaN stays NaN)."""
    out = np.where(p >= threshold, 1.0, np.where(p <= -threshold, -1.0, 0.0))
    return np.where(np.isnan(p), np.nan, out)


def result_figures(result: MethodResult, n_words: np.ndarray, is_title: np.ndarray, method: str) -> dict:
    """:func:`tone_figures` of one method's result (``n_words``, ``is_title``: the sentence columns)."""
    ev_sentence = np.array([r.sentence_id for r in result.rows], dtype=np.int64)
    ev = np.array([r.polarity for r in result.rows], dtype=np.float64)
    return _figures(result.polarity, result.subjectivity, result.n_scored, n_words, is_title, ev_sentence, ev,
                    method)


def _mean(x: np.ndarray) -> float:
    return x.sum() / len(x)  # as pandas' Series.mean (sum, then divide)


def _figures(pol: np.ndarray, subj: np.ndarray, n_scored: np.ndarray, words: np.ndarray,
             is_title: np.ndarray, ev_sentence: np.ndarray, ev: np.ndarray, method) -> dict:
    """:func:`tone_figures` on numpy arrays (sentence columns, evidence columns)."""
    n = len(pol)
    scored = n_scored > 0
    n_words = float(words.sum())
    emotive = set(ev_sentence[ev != 0].tolist())
    title = pol[is_title]
    cls = _classes(np.asarray(pol, dtype=np.float64))

    def share(mask) -> float:
        return _r(mask.sum() / n) if n else 0.0

    def pct(k) -> float:
        return _r(100.0 * k / n_words) if n_words else 0.0

    pos_pct, neg_pct = pct((ev > 0).sum()), pct((ev < 0).sum())
    return {
        "method": method,
        "n_sentences": int(n),
        "n_words": int(n_words),
        "title_counted": bool(len(title)),
        "title_polarity": _r(_mean(title)) if len(title) else None,
        "mean_polarity": _r(_mean(pol)) if n else 0.0,
        "mean_polarity_scored": _r(_mean(pol[scored])) if scored.any() else None,
        "weighted_polarity": _r((pol * words).sum() / n_words) if n_words else 0.0,
        "mean_subjectivity": _r(_mean(subj)) if n else 0.0,
        "positive_threshold": POLARITY_THRESHOLD,
        "negative_threshold": -POLARITY_THRESHOLD,
        "share_positive": share(cls == 1),
        "share_negative": share(cls == -1),
        "share_neutral": share(cls == 0),
        "coverage": share(scored),
        "coverage_emotive": _r(len(emotive) / n) if n else 0.0,
        "n_scored": int(len(ev)),
        "gdelt_positive_pct": pos_pct,
        "gdelt_negative_pct": neg_pct,
        "gdelt_tone": _r(pos_pct - neg_pct),
        "gdelt_polarity_pct": pct((ev != 0).sum()),
    }


def _sign(x: np.ndarray) -> np.ndarray:
    return (x > 0).astype(int) - (x < 0).astype(int)


def _most_disagreeing(sentence_id: np.ndarray, pa: np.ndarray, pb: np.ndarray,
                      n: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the ``n`` largest non-zero gaps ``|pa - pb|`` (rounded to 6
    places; ties by ``sentence_id``), and all the gaps."""
    gap = np.round(np.abs(pa - pb), 6)
    keep = np.flatnonzero(gap > 0)
    order = keep[np.lexsort((sentence_id[keep], -gap[keep]))]  # stable, like sort_values
    return order[:n], gap


def disagreements(sentences: pd.DataFrame, a: str, b: str, n: int = 5) -> pd.DataFrame:
    """The ``n`` sentences where methods ``a`` and ``b`` differ most (from a ``sentiment="all"`` run).

    Returns ``sentence_id, text, polarity_<a>, polarity_<b>, gap`` (``gap`` =
    absolute difference), largest gap first, zero gaps left out.

    Examples
    --------
    >>> s = pd.DataFrame({"sentence_id": [0, 1], "text": ["x", "y"],
    ...                   "polarity_news": [-0.5, 0.0], "polarity_textblob_fr_pos": [0.2, 0.0]})
    >>> disagreements(s, "textblob-fr-pos", "news")["gap"].tolist()
    [0.7]
    """
    ca, cb = f"polarity_{suffix(a)}", f"polarity_{suffix(b)}"
    rows, gap = _most_disagreeing(sentences["sentence_id"].to_numpy(),
                                  sentences[ca].to_numpy(dtype="float64"),
                                  sentences[cb].to_numpy(dtype="float64"), n)
    out = sentences[["sentence_id", "text", ca, cb]].iloc[rows]
    return out.assign(gap=gap[rows]).reset_index(drop=True)


def _agreement(sentence_id: np.ndarray, pol: dict, n_scored: dict, methods, n: int) -> list[dict]:
    """:func:`method_agreement` on numpy arrays (``{method: values}``)."""
    # pandas' own std and corr, so that the figures match pandas to the last bit
    series = {m: pd.Series(pol[m]) for m in methods}
    varies = {m: len(pol[m]) > 1 and bool(series[m].std() > 0) for m in methods}
    out = []
    for i, a in enumerate(methods):
        for b in methods[i + 1:]:
            pa, pb = pol[a], pol[b]
            both = (n_scored[a] > 0) & (n_scored[b] > 0)
            r = series[a].corr(series[b]) if varies[a] and varies[b] else None
            agree = _sign(pa) == _sign(pb)
            out.append({"methods": [a, b],
                        "pearson": _r(r) if r is not None and not math.isnan(r) else None,
                        "sign_agreement": _r(_mean(agree)) if len(pa) else None,
                        "sign_agreement_scored": _r(_mean(agree[both])) if both.any() else None,
                        "n_scored_both": int(both.sum()),
                        "most_disagreeing": [int(x) for x in
                                             sentence_id[_most_disagreeing(sentence_id, pa, pb, n)[0]]]})
    return out


def method_agreement(sentences: pd.DataFrame, methods=tuple(config.SENTIMENT_METHODS), n: int = 5) -> list[dict]:
    """Agreement of every pair of methods on sentence polarity (``sentiment="all"`` columns).

    Per pair: ``pearson`` correlation (None when a column is constant),
    ``sign_agreement`` (share of sentences whose sign, -, 0 or +, agrees),
    ``sign_agreement_scored`` and ``n_scored_both`` (the same on sentences both
    methods scored) and ``most_disagreeing`` (sentence ids, see
    :func:`disagreements`).

    Examples
    --------
    >>> s = pd.DataFrame({"sentence_id": [0, 1, 2], "polarity_a": [0.5, -0.2, 0.0],
    ...                   "polarity_b": [0.4, 0.1, 0.0], "n_scored_a": [1, 1, 0], "n_scored_b": [1, 1, 0]})
    >>> m = method_agreement(s, ("a", "b"))[0]
    >>> m["sign_agreement"], m["n_scored_both"], m["most_disagreeing"]
    (0.666667, 2, [1, 0])
    """
    pol = {m: sentences[f"polarity_{suffix(m)}"].to_numpy(dtype="float64") for m in methods}
    n_scored = {m: sentences[f"n_scored_{suffix(m)}"].to_numpy() for m in methods}
    return _agreement(sentences["sentence_id"].to_numpy(), pol, n_scored, methods, n)


def results_agreement(sentence_id: np.ndarray, results: dict[str, MethodResult], n: int = 5) -> list[dict]:
    """:func:`method_agreement` of the methods' results (``{method: result}``, in order)."""
    return _agreement(sentence_id, {m: r.polarity for m, r in results.items()},
                      {m: r.n_scored for m, r in results.items()}, tuple(results), n)
