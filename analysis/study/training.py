"""Training a tone model on the researcher's own coding (the model itself: :mod:`analysis.analysers.tone.learned`).

Dictionaries agree only modestly with human coders on news (van Atteveldt,
van der Velden & Boukes 2021, *Communication Methods and Measures* 15(2));
their advice is to code a sample by hand in the domain and learn from it.
This module does that with what the kit already has, and nothing else:

* **features** of each coded unit (a sentence, a headline, a post), read from
  the kit's one parse as the pipeline analyses an article (:func:`featurise`);
* a **multinomial logistic regression** (scikit-learn, L2, classes balanced),
  chosen because every prediction splits exactly into per-feature
  contributions, so each sentence's score is explained in ``evidence``
  (:func:`fit`);
* **cross-validated** figures (stratified folds, the vocabulary learnt inside
  each fold) with bootstrap intervals, beside every dictionary method on the
  same units (:func:`cross_validate`, :func:`compare_methods`);
* the **model file** (:func:`save_tone_model`), used like a method:
  ``--sentiment model:PATH``.

No model ships with the kit: a model is only ever trained on the coding the
user gives (:func:`train_tone_model`).  scikit-learn is imported only here, and
only when training.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import spacy

from .. import config
from ..analysers.tone.figures import CLASSES, polarity_class
from ..analysers.tone.learned import Features, ToneModel, feature_matrix, unit_terms, unit_vector
from ..article import analyse_text
from ..context import Settings
from ..output.files import atomic_write_text
from .evaluate import tone_scores, unit_polarity


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
    """The terms found in at least ``min_df`` units, sorted."""
    df = Counter(w for t in terms for w in t)
    return sorted(w for w, n in df.items() if n >= min_df)


def data_hash(texts, codes) -> str:
    """SHA-256 of the coded units (text and code, in order): which data a model saw."""
    h = hashlib.sha256()
    for t, c in zip(texts, codes):
        h.update(f"{int(c)}\t{t}\n".encode())
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
    X = feature_matrix(terms, vocab, features.vectors[rows], features.scores[rows])
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


def save_tone_model(model: ToneModel, path: str | Path) -> Path:
    """Write the model file as JSON (atomically; same model, same bytes).

    Read it back with :func:`analysis.analysers.tone.learned.load_tone_model`.
    """
    return atomic_write_text(path, model.to_json())
