"""Validating tone against hand coding: coding sheets, accuracy, Krippendorff's alpha.

The workflow of ``notebooks/03_validate_tone``:

1. :func:`coding_sheet` exports the sentences of an article as a CSV sheet
   with an empty column per coder;
2. coders write -1 (negative), 0 (neutral) or +1 (positive) for each sentence;
3. :func:`read_coding_sheet` reads the sheet back and checks every code;
4. :func:`method_codes` turns the kit's sentence polarities into the same
   three classes (:func:`polarity_class`, threshold
   :data:`POLARITY_THRESHOLD`, the one used for the article tone figures);
5. :func:`agreement` reports, for every pair of coders and methods, the units
   both coded, their raw agreement (accuracy) and Krippendorff's alpha.

Krippendorff's alpha (:func:`krippendorff_alpha`) is implemented here from
the coincidence-matrix definition (Krippendorff 2011, "Computing
Krippendorff's Alpha-Reliability"), for nominal, ordinal and interval data,
with missing values allowed.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

# the classes and threshold of the article tone figures
from ..analysers.tone.figures import CLASSES, POLARITY_THRESHOLD, polarity_class

#: The codes a coder may write: the tone classes.
CODES = CLASSES
#: Columns of a coding sheet before the coder columns.
SHEET_COLUMNS = ["article_id", "sentence_id", "text"]
LEVELS = ("nominal", "ordinal", "interval")


def krippendorff_alpha(data, level: str = "nominal") -> float:
    """Krippendorff's alpha of reliability data (units in rows, coders in columns).

    Parameters
    ----------
    data : DataFrame or 2-D array-like
        One row per unit (sentence), one column per coder (or method); NaN
        or None where a coder did not code a unit.  Units coded by fewer
        than two coders are not pairable and are ignored.
    level : {"nominal", "ordinal", "interval"}
        Metric of disagreement.  ``ordinal`` uses the ranks of the values seen
        (Krippendorff's ordinal metric), suitable for -1 < 0 < +1.

    Returns
    -------
    float
        1 is perfect agreement, 0 agreement at chance, below 0 systematic
        disagreement; NaN when it is undefined (fewer than two pairable
        values, or a single value used throughout).

    Examples
    --------
    Krippendorff (2011)'s binary example, two coders, ten units:

    >>> a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    >>> b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    >>> round(krippendorff_alpha(np.array([a, b]).T), 3)
    0.095
    >>> krippendorff_alpha([[1, 1], [0, 0], [-1, -1]], "ordinal")
    1.0
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    arr = pd.DataFrame(data).apply(pd.to_numeric, errors="raise").to_numpy(dtype="float64")
    if arr.ndim != 2:
        raise ValueError("data must be two-dimensional: units in rows, coders in columns")
    values = np.unique(arr[~np.isnan(arr)])
    if len(values) == 0:
        return float("nan")
    o = _coincidences(arr, values)
    n_c = o.sum(axis=1)
    n = n_c.sum()
    if n < 2:
        return float("nan")
    d2 = _distances(values, n_c, level)
    d_o = float((o * d2).sum())
    d_e = float((np.outer(n_c, n_c) * d2).sum()) / (n - 1)
    if d_e == 0:
        return float("nan")
    return float(1.0 - d_o / d_e)


def _coincidences(arr: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Krippendorff's coincidence matrix of the pairable units (rows with two codes or more)."""
    index = {v: i for i, v in enumerate(values)}
    k = len(values)
    o = np.zeros((k, k))
    for row in arr:
        vals = row[~np.isnan(row)]
        m = len(vals)
        if m < 2:
            continue
        counts = np.zeros(k)
        for v in vals:
            counts[index[v]] += 1
        # ordered pairs of different coders within the unit, weighted 1/(m-1)
        o += (np.outer(counts, counts) - np.diag(counts)) / (m - 1)
    return o


def _distances(values: np.ndarray, n_c: np.ndarray, level: str) -> np.ndarray:
    """Squared distances between the values for the ``level`` metric (``n_c``: value marginals)."""
    k = len(values)
    if level == "nominal":
        return 1.0 - np.eye(k)
    if level == "interval":
        return (values[:, None] - values[None, :]) ** 2
    # ordinal: squared sum of the marginals between the two ranks
    cum = np.cumsum(n_c)
    d2 = np.zeros((k, k))
    for c in range(k):
        for e in range(k):
            lo, hi = min(c, e), max(c, e)
            between = cum[hi] - (cum[lo - 1] if lo > 0 else 0.0)
            d2[c, e] = (between - (n_c[c] + n_c[e]) / 2.0) ** 2
    return d2


def coding_sheet(sentences: pd.DataFrame, coders: Sequence[str] = ("coder_a", "coder_b")) -> pd.DataFrame:
    """A blank coding sheet: one row per sentence, an empty column per coder.

    Export it with :func:`analysis.output.files.table_to_csv`; coders fill their
    column with -1, 0 or 1 (blank: not coded).  The kit's scores are *not* on
    the sheet, so coders are not anchored by them.

    Examples
    --------
    >>> s = pd.DataFrame({"article_id": "a", "sentence_id": [0, 1], "text": ["Bon.", "Mal."]})
    >>> list(coding_sheet(s).columns)
    ['article_id', 'sentence_id', 'text', 'coder_a', 'coder_b']
    """
    missing = [c for c in SHEET_COLUMNS if c not in sentences.columns]
    if missing:
        raise ValueError(f"sentences table lacks {', '.join(missing)}")
    sheet = sentences[SHEET_COLUMNS].sort_values(["article_id", "sentence_id"], kind="stable")
    sheet = sheet.reset_index(drop=True)
    for c in coders:
        sheet[c] = pd.Series([""] * len(sheet), dtype="str")
    return sheet


def _parse_code(v) -> float:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return float("nan")
    s = str(v).strip().replace("\u2212", "-")
    if s == "" or s.lower() == "nan":
        return float("nan")
    try:
        x = float(s)
    except ValueError:
        raise ValueError(f"{v!r} is not a code (-1, 0 or 1)") from None
    if x not in CODES:
        raise ValueError(f"{v!r} is not a code (-1, 0 or 1)")
    return x


def read_coding_sheet(path: str | Path, coders: Sequence[str] | None = None) -> pd.DataFrame:
    """Read a coded sheet back: codes as floats -1/0/1 (NaN for blank), checked.

    Parameters
    ----------
    path : str or Path
        CSV (UTF-8) with ``article_id, sentence_id, text`` and one column per
        coder.  Lines starting with ``#`` *before the header* are comments.
    coders : sequence of str, optional
        Coder columns; default: every column after the sheet columns.

    Raises
    ------
    ValueError
        Naming the row and column of any value that is not -1, 0, 1 or blank,
        or a sentence listed twice.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "s.csv"
    >>> _ = p.write_text("article_id,sentence_id,text,ann\\na,0,Bon.,+1\\na,1,Mal.,\\n", encoding="utf-8")
    >>> read_coding_sheet(p)["ann"].tolist()
    [1.0, nan]
    """
    lines = Path(path).read_text(encoding="utf-8-sig").splitlines(keepends=True)
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    df = pd.read_csv(io.StringIO("".join(lines)), dtype="str", keep_default_na=False)
    missing = [c for c in SHEET_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"{Path(path).name}: not a coding sheet (missing {', '.join(missing)})")
    coders = list(coders) if coders is not None else [c for c in df.columns if c not in SHEET_COLUMNS]
    out = df[SHEET_COLUMNS].copy()
    out["sentence_id"] = out["sentence_id"].astype("int64")
    for c in coders:
        if c not in df.columns:
            raise ValueError(f"{Path(path).name}: no coder column {c!r}")
        codes = []
        for i, v in enumerate(df[c], start=2):  # line 1 is the header
            try:
                codes.append(_parse_code(v))
            except ValueError as exc:
                raise ValueError(f"{Path(path).name}, line {i}, column {c!r}: {exc}") from None
        out[c] = pd.Series(codes, dtype="float64")
    dup = out.duplicated(["article_id", "sentence_id"])
    if dup.any():
        first = out[dup].iloc[0]
        raise ValueError(f"{Path(path).name}: sentence {first['sentence_id']} of "
                         f"{first['article_id']} is listed twice")
    return out


def method_codes(sentences: pd.DataFrame, name: str, *, polarity: str = "polarity",
                 threshold: float = POLARITY_THRESHOLD) -> pd.DataFrame:
    """A method's sentence polarities as codes: ``article_id, sentence_id, <name>``.

    Examples
    --------
    >>> s = pd.DataFrame({"article_id": "a", "sentence_id": [0, 1], "polarity": [0.3, 0.0]})
    >>> method_codes(s, "kit")["kit"].tolist()
    [1.0, 0.0]
    """
    out = sentences[["article_id", "sentence_id"]].copy()
    out[name] = polarity_class(sentences[polarity], threshold).to_numpy()
    return out.reset_index(drop=True)


def attach_methods(coded: pd.DataFrame, method_sentences: dict[str, pd.DataFrame], *,
                   threshold: float = POLARITY_THRESHOLD) -> pd.DataFrame:
    """Add each method's codes to a read sheet, checking the sentences are the same.

    Parameters
    ----------
    coded : DataFrame
        From :func:`read_coding_sheet`.
    method_sentences : dict of str to DataFrame
        ``{method name: sentences table scored with that method}``.
    threshold : float

    Returns
    -------
    DataFrame
        The sheet with one code column per method, in the sheet's row order.

    Raises
    ------
    ValueError
        When a coded sentence is missing from a method's table or its text
        differs (the article was split differently since the sheet was made):
        codes must never be compared across different sentences.

    Examples
    --------
    >>> sheet = pd.DataFrame({"article_id": "a", "sentence_id": [0], "text": ["Bon."], "x": [1.0]})
    >>> s = pd.DataFrame({"article_id": "a", "sentence_id": [0], "text": ["Bon."], "polarity": [0.7]})
    >>> attach_methods(sheet, {"kit": s})["kit"].tolist()
    [1.0]
    """
    out = coded.copy()
    keys = ["article_id", "sentence_id"]
    for name, sents in method_sentences.items():
        codes = method_codes(sents, name, threshold=threshold).merge(
            sents[keys + ["text"]].rename(columns={"text": "_text"}), on=keys, how="left")
        merged = out[keys + ["text"]].merge(codes, on=keys, how="left", validate="one_to_one")
        bad = merged["_text"].isna() | (merged["_text"].astype("str") != merged["text"].astype("str"))
        if bad.any():
            ids = ", ".join(str(i) for i in merged.loc[bad, "sentence_id"].head(10))
            raise ValueError(f"{int(bad.sum())} coded sentence(s) do not match the article as analysed "
                             f"by {name!r} (sentence_id {ids}); export a new coding sheet")
        out[name] = merged[name].to_numpy()
    return out


def disagreements(coded: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """The sentences where raters ``a`` and ``b`` gave different codes (both coded).

    Examples
    --------
    >>> d = pd.DataFrame({"sentence_id": [0, 1], "text": ["x", "y"], "a": [1.0, 0.0], "b": [1.0, -1.0]})
    >>> disagreements(d, "a", "b")["sentence_id"].tolist()
    [1]
    """
    both = coded[coded[a].notna() & coded[b].notna()]
    return both[both[a] != both[b]].reset_index(drop=True)


def agreement(coded: pd.DataFrame, raters: Sequence[str]) -> pd.DataFrame:
    """Pairwise agreement of coders and methods, plus alpha over all coders.

    Parameters
    ----------
    coded : DataFrame
        One row per sentence, one column per rater (codes -1/0/1, NaN missing),
        e.g. a read sheet merged with :func:`method_codes`.
    raters : sequence of str
        The columns to compare (coders first, then methods, by convention).

    Returns
    -------
    DataFrame
        ``rater_a, rater_b, n`` (sentences both coded), ``accuracy`` (share of
        those with the same code), ``alpha_nominal``, ``alpha_ordinal``; one row
        per pair in the given order.

    Examples
    --------
    >>> d = pd.DataFrame({"a": [1, 0, -1, 0], "b": [1, 0, -1, 1], "m": [1, 0, 0, 0]})
    >>> agreement(d, ["a", "b", "m"])[["rater_a", "rater_b", "n", "accuracy"]].values.tolist()
    [['a', 'b', 4, 0.75], ['a', 'm', 4, 0.75], ['b', 'm', 4, 0.5]]
    """
    rows = []
    for a, b in itertools.combinations(raters, 2):
        pair = coded[[a, b]].astype("float64")
        both = pair.dropna()
        rows.append({
            "rater_a": a, "rater_b": b, "n": int(len(both)),
            "accuracy": float((both[a] == both[b]).mean()) if len(both) else float("nan"),
            "alpha_nominal": krippendorff_alpha(pair, "nominal"),
            "alpha_ordinal": krippendorff_alpha(pair, "ordinal"),
        })
    return pd.DataFrame(rows, columns=["rater_a", "rater_b", "n", "accuracy", "alpha_nominal",
                                       "alpha_ordinal"])


def confusion(coded: pd.DataFrame, truth: str, other: str) -> pd.DataFrame:
    """Counts of ``other``'s codes (columns) for each code of ``truth`` (rows).

    Examples
    --------
    >>> d = pd.DataFrame({"a": [1, 0, -1], "m": [1, 0, 0]})
    >>> confusion(d, "a", "m").loc[-1].tolist()
    [0, 1, 0]
    """
    both = coded[[truth, other]].dropna().astype("int64")
    tab = pd.crosstab(both[truth], both[other]).reindex(index=list(CODES), columns=list(CODES),
                                                        fill_value=0)
    tab.index.name, tab.columns.name = truth, other
    return tab.astype("int64")
