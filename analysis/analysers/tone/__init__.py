"""Sentence tone with word-level evidence: three methods, the news method by default.

Methods (``Settings.sentiment``; ``config.SENTIMENT_METHODS``, the default first):

``news`` (default)
    News words (« invasion », « colère », « tué », « inacceptable ») from a
    merged vaderSentiment-fr + AFINN-fr lexicon with a news supplement
    (``resources/lexicon_news.tsv``, built by ``tools/build_news_lexicon.py``),
    over the shared spaCy ``Doc``: names and fixed expressions masked, words
    that only quantify or situate filtered out, negation over the clause,
    boosters and contrast (:mod:`.news`, its tables :mod:`.news_resources`).
    Chosen as the default on held-out hand-coded French news (``docs/tone.md``).
``textblob-fr-pos``, ``textblob-fr``
    textblob-fr's lexicon and pattern's rules over spaCy's parse with its
    defects fixed, and textblob-fr exactly as it is, for replication
    (:mod:`.textblob`).
``model:PATH``
    A model trained on the user's own coding (:mod:`.learned`; training is
    :mod:`analysis.study.training`).

``all`` computes every method side by side and their agreement (:mod:`.figures`).

Each method yields, per sentence, the scored *chunks* (a lexicon word with the
modifier or negation attached to it).  A sentence's ``polarity`` and
``subjectivity`` are the means of its chunks' values weighted by their
``weight`` (1 except around a contrast in ``news``: for textblob-fr, pattern's
own plain mean), ``n_scored`` the number of chunks; a sentence with no chunk gets
polarity and subjectivity 0.0 and ``n_scored`` 0.  The chunks are the
``evidence`` table (:mod:`.common`), so every sentence score can be recomputed
from it.  See ``docs/tone.md``.
"""

from __future__ import annotations

import numpy as np

from ... import config
from . import learned, news, textblob
from .common import MethodResult, evidence_table, read_lexicon_csv
from .figures import POLARITY_THRESHOLD, result_figures, results_agreement, suffix

__all__ = ["ALL", "DEFAULT_METHOD", "METHODS", "POLARITY_THRESHOLD", "SCORERS", "methods_for",
           "read_lexicon_csv", "run"]

#: Every method this module knows, the default first; ``"all"`` runs them all.
METHODS = tuple(config.SENTIMENT_METHODS)
ALL = "all"
DEFAULT_METHOD = METHODS[0]

#: The methods: ``scorer(ctx, lexicon) -> MethodResult`` (the user lexicon's path or None).
SCORERS = {"news": news.score, "textblob-fr-pos": textblob.score_pos, "textblob-fr": textblob.score_as_is}


def methods_for(name: str) -> tuple[str, ...]:
    """Methods computed for a ``--sentiment`` value.

    Examples
    --------
    >>> methods_for("all")
    ('news', 'textblob-fr-pos', 'textblob-fr')
    >>> methods_for("textblob-fr")
    ('textblob-fr',)
    """
    if name == ALL:
        return METHODS
    if name not in SCORERS:
        raise ValueError(f"unknown sentiment method {name!r}; choose one of "
                         f"{', '.join(METHODS + (ALL,))}")
    return (name,)


def _score(ctx, name: str, lexicon) -> tuple[dict[str, MethodResult], str]:
    """Every method ``name`` asks for: ``({method: result}, the method reported as the tone)``.

    A learned model is scored after the dictionary methods it reads as features.
    """
    if name.startswith(config.MODEL_PREFIX):
        model = learned.cached_model(name[len(config.MODEL_PREFIX):])
        results = {m: SCORERS[m](ctx, lexicon) for m in model.methods}
        results[learned.MODEL] = learned.score(ctx, model, results)
        return results, learned.MODEL
    results = {m: SCORERS[m](ctx, lexicon) for m in methods_for(name)}
    return results, DEFAULT_METHOD if name == ALL else name


def run(ctx) -> None:
    """Score every sentence; add ``polarity, subjectivity, n_scored``, ``evidence`` and ``tone``.

    With ``sentiment="all"`` every method is computed: ``polarity`` etc. are
    the default method's, and ``polarity_<method>`` (``-`` as ``_``) columns
    hold each method's; ``summary["tone_by_method"]`` holds each method's
    figures and ``summary["tone_agreement"]`` their pairwise agreement.

    Examples
    --------
    >>> from analysis.article import analyse_text
    >>> res = analyse_text("Les frappes ont tué des civils. Le ministre a parlé.")
    >>> res.sentences["polarity"].round(3).tolist(), res.sentences["n_scored"].tolist()
    ([-0.556, 0.0], [2, 0])
    >>> res.tables["evidence"]["words"].tolist()
    ['frappes', 'tué']
    """
    name = getattr(ctx.settings, "sentiment", None) or DEFAULT_METHOD
    lexicon = getattr(ctx.settings, "lexicon", None)
    results, primary = _score(ctx, name, lexicon)
    sents = ctx.sentences
    main = results[primary]
    columns = {"polarity": main.polarity, "subjectivity": main.subjectivity, "n_scored": main.n_scored}
    if name == ALL:
        for m, res in results.items():
            columns.update({f"{col}_{suffix(m)}": getattr(res, col)
                            for col in ("polarity", "subjectivity", "n_scored")})
    words = np.asarray(sents["n_words"], dtype="float64")
    is_title = np.asarray(sents["is_title"], dtype=bool)
    ctx.sentences = sents = sents.with_columns(columns, {c: np.asarray(v).dtype.name for c, v in columns.items()})
    ctx.tables["evidence"] = evidence_table([row for res in results.values() for row in res.rows])
    tone = result_figures(main, words, is_title, primary)
    tone["lexicon"] = str(lexicon) if lexicon and primary != "textblob-fr" else None
    ctx.summary["tone"] = tone
    if name == ALL:
        ctx.summary["tone_by_method"] = {m: result_figures(res, words, is_title, m) for m, res in results.items()}
        ctx.summary["tone_agreement"] = results_agreement(np.asarray(sents["sentence_id"]), results, 5)
