"""Scoring the kit against hand-coded gold sets: tone, quotes, entities.

The gold sets live in ``data/validation/<set>/`` (see their README and
CODEBOOK); ``tools/evaluate.py`` is the command line.  Each scorer takes the
kit's predictions as a plain table and the gold table, so any method (or a
rule switched off) can be compared on the same footing.

* **tone**: one code per item (-1 / 0 / +1); macro-F1 over the three classes,
  accuracy and Krippendorff's alpha between the gold codes and the method.
* **quotes**: a predicted quote matches a gold report of speech of the same
  document when their character spans overlap by at least half of the
  shorter one (one-to-one, best overlap first); precision, recall and F1 of
  that matching, speaker accuracy on matched quotes (:func:`same_speaker`),
  and the share of matched anonymous gold sources the kit keeps anonymous.
* **entities**: strict match of (text, label) per sentence, as multisets;
  precision, recall and F1 overall and per label.

Every figure comes with a percentile bootstrap interval over the units
(items, documents or sentences) with a fixed seed (:func:`bootstrap`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

import numpy as np
import pandas as pd

from .. import config
from ..analysers.tone import ALL
from ..analysers.tone.common import evidence_table
from ..analysers.tone.figures import CLASSES, suffix
from ..article import analyse_text
from ..context import Settings
from ..intake import InputError
from ..text import key as text_key
from .validation import krippendorff_alpha

# Typographic marks made plain one character for one, so offsets survive.
_SAME_LENGTH = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "\u00a0": " ", "\u202f": " ", "\u2009": " ",
                              "“": '"', "”": '"', "«": '"', "»": '"', "–": "-", "—": "-"})


def _span_form(text: str) -> str:
    """``text`` lower-cased, its typographic marks plain, accents and ligatures kept: one
    character for one, so a span found in it is a span of ``text`` (which
    :func:`analysis.text.fold` does not promise: it unfolds "œ" and drops accents).

    Examples
    --------
    >>> _span_form("L’État « ici »")
    'l\\'état " ici "'
    """
    return text.translate(_SAME_LENGTH).lower()


def f1(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 from counts (0.0 when undefined).

    Examples
    --------
    >>> f1(8, 2, 8)
    {'precision': 0.8, 'recall': 0.5, 'f1': 0.615385}
    """
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 6), "recall": round(r, 6), "f1": round(f, 6)}


def bootstrap(units: Sequence, statistic: Callable[[list], float], *, n: int = 1000,
              seed: int = 0, level: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap interval of ``statistic`` over resampled ``units``.

    Examples
    --------
    >>> lo, hi = bootstrap([1, 0, 1, 1, 0, 1, 1, 1], lambda xs: sum(xs) / len(xs), n=200)
    >>> 0.2 < lo <= 0.75 <= hi <= 1.0
    True
    """
    units = list(units)
    if not units:
        return (float("nan"), float("nan"))
    rng = np.random.default_rng(seed)
    stats = []
    for _ in range(n):
        pick = rng.integers(0, len(units), len(units))
        stats.append(statistic([units[i] for i in pick]))
    stats = np.asarray(stats, dtype="float64")
    stats = stats[~np.isnan(stats)]
    if not len(stats):
        return (float("nan"), float("nan"))
    a = (1 - level) / 2
    return (round(float(np.quantile(stats, a)), 4), round(float(np.quantile(stats, 1 - a)), 4))


# --------------------------------------------------------------------------- tone

def unit_polarity(evidence: pd.DataFrame, method: str) -> float:
    """A unit (a short text) read as one sentence: weighted mean of its chunks, 0 when none.

    Examples
    --------
    >>> ev = pd.DataFrame({"method": ["news", "news"], "weight": [1.0, 1.0], "polarity": [-0.6, 0.2]})
    >>> unit_polarity(ev, "news")
    -0.2
    """
    ev = evidence[evidence["method"] == method]
    if ev.empty or ev["weight"].sum() == 0:
        return 0.0
    return round(float((ev["weight"] * ev["polarity"]).sum() / ev["weight"].sum()), 12)


def score_texts(texts, *, methods=tuple(config.SENTIMENT_METHODS), nlp=None,
                check_language: bool = True) -> pd.DataFrame:
    """Score short texts (sentences, headlines, posts) as units with every method.

    Each text goes through the kit like an article (cleaning, one spaCy pass);
    a text refused as input (:class:`analysis.intake.InputError`, e.g. not French)
    is kept with ``refused`` True and polarity 0.

    Returns
    -------
    pandas.DataFrame
        One row per text, in order: ``refused`` and, per method,
        ``polarity_<method>`` (:func:`unit_polarity`: the weighted mean of all
        the text's chunks, as ``tools/evaluate.py`` reads a unit) and
        ``n_scored_<method>`` (``-`` written ``_``).

    Examples
    --------
    >>> df = score_texts(["Les frappes ont tué des civils.", "Le ministre a parlé."], methods=("news",))
    >>> df["polarity_news"].round(3).tolist(), df["refused"].tolist()
    ([-0.556, 0.0], [False, False])
    """
    methods = tuple(methods)
    settings = Settings(sentiment=methods[0] if len(methods) == 1 else ALL)
    rows = []
    for k, text in enumerate(texts):
        row = {"refused": False}
        try:
            ev = analyse_text(text, article_id=str(k), settings=settings, nlp=nlp,
                              check_language=check_language).tables["evidence"]
        except InputError:
            row["refused"], ev = True, evidence_table([]).frame
        for m in methods:
            sub = ev[ev["method"] == m]
            row[f"polarity_{suffix(m)}"] = unit_polarity(sub, m)
            row[f"n_scored_{suffix(m)}"] = len(sub)
        rows.append(row)
    return pd.DataFrame(rows, columns=["refused", *(f"{c}_{suffix(m)}" for m in methods
                                                   for c in ("polarity", "n_scored"))])


def macro_f1(gold: Sequence[int], pred: Sequence[int]) -> float:
    """Mean F1 of the three tone classes (a class absent from both counts as 0).

    Examples
    --------
    >>> macro_f1([1, 0, -1, 0], [1, 0, 0, 0])
    0.6
    """
    g, p = np.asarray(gold), np.asarray(pred)
    scores = []
    for c in CLASSES:
        tp = int(((g == c) & (p == c)).sum())
        scores.append(f1(tp, int(((g != c) & (p == c)).sum()), int(((g == c) & (p != c)).sum()))["f1"])
    return round(float(np.mean(scores)), 6)


def tone_scores(gold: Sequence[int], pred: Sequence[int], *, n_boot: int = 1000) -> dict:
    """Macro-F1, accuracy and Krippendorff's alpha (nominal and ordinal) with intervals.

    Examples
    --------
    >>> s = tone_scores([1, 0, -1, 0, -1, 1], [1, 0, -1, 0, 0, 1], n_boot=50)
    >>> s["macro_f1"], s["accuracy"]
    (0.822222, 0.833333)
    """
    pairs = list(zip(gold, pred))

    def mf1(ps):
        return macro_f1([a for a, _ in ps], [b for _, b in ps])

    def alpha(ps, level="nominal"):
        return krippendorff_alpha(np.asarray(ps, dtype="float64"), level)

    g, p = np.asarray(gold), np.asarray(pred)
    return {
        "n": len(pairs),
        "macro_f1": mf1(pairs), "macro_f1_ci": bootstrap(pairs, mf1, n=n_boot),
        "accuracy": round(float((g == p).mean()), 6) if len(pairs) else float("nan"),
        "alpha_nominal": round(alpha(pairs), 6), "alpha_nominal_ci": bootstrap(pairs, alpha, n=n_boot),
        "alpha_ordinal": round(alpha(pairs, "ordinal"), 6),
        "alpha_ordinal_ci": bootstrap(pairs, lambda ps: alpha(ps, "ordinal"), n=n_boot),
        "predicted": {str(c): int((p == c).sum()) for c in CLASSES},
        "gold": {str(c): int((g == c).sum()) for c in CLASSES},
    }


# --------------------------------------------------------------------------- quotes

_DROP = re.compile(r"^(?:(?:le|la|les|l['’‘ʼ]|un|une|des|du|de|d['’‘ʼ]|M\.|Mme|Mlle|Me|Dr|Pr)\s*)+", re.I)


def name_tokens(name: str | None) -> list[str]:
    """The words of a speaker name's :func:`analysis.text.key`, without leading determiners or titles.

    Examples
    --------
    >>> name_tokens("la CGT"), name_tokens("M. Édouard Philippe")
    (['cgt'], ['edouard', 'philippe'])
    """
    if not isinstance(name, str):
        return []
    return text_key(_DROP.sub("", name.strip())).split()


def same_speaker(gold_name: str | None, gold_kind: str, pred_name: str | None, pred_kind: str) -> bool:
    """Is the kit's speaker the gold speaker?

    Anonymous gold sources need an anonymous prediction (the phrase may differ);
    unknown ones need no speaker; named ones need the same name, where one name
    may hold the other's words as long as both end alike ("Fastier" is not enough
    for "Antony Fastier" unless it is the last word: it is).

    Examples
    --------
    >>> same_speaker("Antony Fastier", "person", "Fastier", "person")
    True
    >>> same_speaker("Antony Fastier", "person", "Marie Blanc", "person")
    False
    >>> same_speaker("source judiciaire", "anonymous", "une source", "anonymous")
    True
    """
    if gold_kind == "anonymous":
        return pred_kind == "anonymous"
    if gold_kind == "unknown" or not name_tokens(gold_name):
        return pred_kind == "unknown" or not name_tokens(pred_name)
    g, p = name_tokens(gold_name), name_tokens(pred_name)
    if not p:
        return False
    if g == p:
        return True
    return (set(g) <= set(p) or set(p) <= set(g)) and g[-1] == p[-1]


def locate(needle: str, haystack: str, start: int = 0) -> tuple[int, int] | None:
    """Character span of ``needle`` in ``haystack`` (folded, whitespace-tolerant).

    Examples
    --------
    >>> locate("l’accord  est", "Il dit que l'accord est signé")
    (11, 23)
    """
    words = [re.escape(w) for w in _span_form(needle).split()]
    if not words:
        return None
    m = re.compile(r"\s+".join(words)).search(_span_form(haystack), start)
    return (m.start(), m.end()) if m else None


def match_spans(gold: list[tuple[int, int]], pred: list[tuple[int, int]],
                min_overlap: float = 0.5) -> list[tuple[int, int]]:
    """One-to-one matching of spans by overlap (share of the shorter span), best first.

    Examples
    --------
    >>> match_spans([(0, 10), (20, 30)], [(2, 9), (40, 50), (21, 40)])
    [(0, 0), (1, 2)]
    """
    cands = []
    for i, (gs, ge) in enumerate(gold):
        for j, (ps, pe) in enumerate(pred):
            ov = min(ge, pe) - max(gs, ps)
            shorter = min(ge - gs, pe - ps)
            if ov > 0 and shorter > 0 and ov / shorter >= min_overlap:
                cands.append((-ov / shorter, -ov, i, j))
    used_g, used_p, pairs = set(), set(), []
    for _, _, i, j in sorted(cands):
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def quote_matches(gold: pd.DataFrame, pred: pd.DataFrame) -> pd.DataFrame:
    """Align gold and predicted quotes of one collection of documents.

    Parameters
    ----------
    gold : DataFrame
        ``doc_id, kind, speaker, speaker_kind, start, end`` (spans in each document's text).
    pred : DataFrame
        ``doc_id, kind, speaker, speaker_kind, start, end`` (same text frame).

    Returns
    -------
    DataFrame
        One row per gold quote and per unmatched prediction: ``doc_id``, ``gold``
        (row index in ``gold`` or -1), ``pred`` (row index in ``pred`` or -1),
        ``speaker_ok`` (matched pairs only, else NaN).
    """
    rows = []
    for doc, g in gold.groupby("doc_id", sort=True):
        p = pred[pred["doc_id"] == doc]
        pairs = match_spans(list(zip(g["start"], g["end"])), list(zip(p["start"], p["end"])))
        gi = {i: j for i, j in pairs}
        for k, (idx, gr) in enumerate(g.iterrows()):
            if k in gi:
                pr = p.iloc[gi[k]]
                ok = same_speaker(gr["speaker"], gr["speaker_kind"], pr["speaker"], pr["speaker_kind"])
                rows.append({"doc_id": doc, "gold": idx, "pred": p.index[gi[k]], "speaker_ok": ok})
            else:
                rows.append({"doc_id": doc, "gold": idx, "pred": -1, "speaker_ok": np.nan})
        matched = {j for _, j in pairs}
        for k, idx in enumerate(p.index):
            if k not in matched:
                rows.append({"doc_id": doc, "gold": -1, "pred": idx, "speaker_ok": np.nan})
    for doc, p in pred[~pred["doc_id"].isin(gold["doc_id"])].groupby("doc_id"):
        rows.extend({"doc_id": doc, "gold": -1, "pred": idx, "speaker_ok": np.nan} for idx in p.index)
    return pd.DataFrame(rows, columns=["doc_id", "gold", "pred", "speaker_ok"])


def quote_scores(gold: pd.DataFrame, pred: pd.DataFrame, *, n_boot: int = 1000) -> dict:
    """Quote F1, speaker accuracy on found quotes, anonymous kept anonymous; with intervals.

    Examples
    --------
    >>> g = pd.DataFrame({"doc_id": ["d", "d"], "kind": ["direct", "selon"], "start": [0, 50],
    ...                   "end": [20, 80], "speaker": ["Ana Roy", "source policière"],
    ...                   "speaker_kind": ["person", "anonymous"]})
    >>> p = pd.DataFrame({"doc_id": ["d"], "kind": ["direct"], "start": [1], "end": [20],
    ...                   "speaker": ["Roy"], "speaker_kind": ["person"]})
    >>> s = quote_scores(g, p, n_boot=20)
    >>> s["f1"], s["speaker_accuracy"], s["anonymous_kept"]
    (0.666667, 1.0, nan)
    """
    m = quote_matches(gold, pred)
    anon = gold.index[gold["speaker_kind"] == "anonymous"]

    def figures(rows: pd.DataFrame) -> dict:
        tp = int(((rows["gold"] >= 0) & (rows["pred"] >= 0)).sum())
        fp = int(((rows["gold"] < 0) & (rows["pred"] >= 0)).sum())
        fn = int(((rows["gold"] >= 0) & (rows["pred"] < 0)).sum())
        found = rows[(rows["gold"] >= 0) & (rows["pred"] >= 0)]
        ok = found["speaker_ok"].astype(bool)
        fa = found[found["gold"].isin(anon)]
        kept = fa["pred"].map(lambda j: pred.at[j, "speaker_kind"] == "anonymous")
        return {**f1(tp, fp, fn), "tp": tp, "fp": fp, "fn": fn,
                "speaker_accuracy": round(float(ok.mean()), 6) if len(ok) else float("nan"),
                "anonymous_kept": round(float(kept.mean()), 6) if len(kept) else float("nan")}

    out = figures(m)
    docs = [d for _, d in m.groupby("doc_id")]

    def stat(key):
        return lambda ds: figures(pd.concat(ds)).get(key, float("nan"))

    for key in ("f1", "speaker_accuracy", "anonymous_kept"):
        out[f"{key}_ci"] = bootstrap(docs, stat(key), n=n_boot)
    out["n_gold"], out["n_pred"], out["n_docs"] = int(len(gold)), int(len(pred)), len(docs)
    return out


# --------------------------------------------------------------------------- entities

#: Kit labels scored as another gold label (the codebook has four labels).
LABEL_MAP = {"EQUIP": "MISC", "GPE": "LOC"}


def entity_key(text: str, label: str) -> tuple[str, str]:
    """What must agree for a strict match: the text (lower case, typographic marks plain, accents
    kept, spaces normalised) and the label.

    Examples
    --------
    >>> entity_key("Côte  d’Ivoire", "LOC")
    ("côte d'ivoire", 'LOC')
    """
    return (" ".join(_span_form(text).split()), LABEL_MAP.get(label, label))


def entity_scores(gold: dict[str, list[tuple[str, str]]], pred: dict[str, list[tuple[str, str]]],
                  *, n_boot: int = 1000, labels: Iterable[str] = ("PER", "ORG", "LOC", "MISC")) -> dict:
    """Strict entity P/R/F1, overall and per label, comparing multisets per sentence.

    Parameters
    ----------
    gold, pred : dict of sentence id to list of (text, label)

    Examples
    --------
    >>> g = {"s1": [("Paris", "LOC"), ("Ana Roy", "PER")], "s2": [("CGT", "ORG")]}
    >>> p = {"s1": [("Paris", "LOC"), ("Roy", "PER")], "s2": [("CGT", "ORG")]}
    >>> s = entity_scores(g, p, n_boot=20)
    >>> s["f1"], s["per_label"]["PER"]["f1"]
    (0.666667, 0.0)
    """
    ids = sorted(set(gold) | set(pred))
    per_sentence = []
    for i in ids:
        g = Counter(entity_key(t, lab) for t, lab in gold.get(i, []))
        p = Counter(entity_key(t, lab) for t, lab in pred.get(i, []))
        per_sentence.append((g, p))

    def counts(units, label=None):
        tp = fp = fn = 0
        for g, p in units:
            if label is not None:
                g = Counter({k: v for k, v in g.items() if k[1] == label})
                p = Counter({k: v for k, v in p.items() if k[1] == label})
            both = sum((g & p).values())
            tp += both
            fp += sum(p.values()) - both
            fn += sum(g.values()) - both
        return tp, fp, fn

    tp, fp, fn = counts(per_sentence)
    out = {**f1(tp, fp, fn), "tp": tp, "fp": fp, "fn": fn, "n_sentences": len(ids)}
    out["f1_ci"] = bootstrap(per_sentence, lambda u: f1(*counts(u))["f1"], n=n_boot)
    out["precision_ci"] = bootstrap(per_sentence, lambda u: f1(*counts(u))["precision"], n=n_boot)
    out["per_label"] = {lab: {**f1(*counts(per_sentence, lab)),
                              "n_gold": counts(per_sentence, lab)[0] + counts(per_sentence, lab)[2]}
                        for lab in labels}
    return out
