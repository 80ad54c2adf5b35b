"""Keyness: the terms one group of articles uses far more than the others.

Researchers comparing outlets, periods or article groups want the words one
side uses and the other does not ("casse sociale" vs "réforme").  Raw
frequency differences mislead on small counts, so every term gets two
statistics computed on the ``terms`` table (:mod:`analysis.analysers.terms`), each group
against all the other groups together:

* the **log-odds ratio with an informative Dirichlet prior** (Monroe,
  Colaresi & Quinn 2008, "Fightin' Words", *Political Analysis* 16(4)),
  ``log_odds``, and its **z-score** ``z``: the prior adds to each term
  pseudo-counts proportional to its frequency in the whole corpus
  (``prior`` × its total count), which shrinks rare terms towards "no
  difference"; ``z`` above 1.96 is the usual threshold of a distinctive term;
* **Dunning's log-likelihood** ``g2`` (G², signed: positive when the group
  over-uses the term) with its effect size ``log_ratio`` (log2 of the ratio of
  the two rates, 0.5 added to each count; Hardie 2014).

Rates are per 10,000 terms of the group.  Functions take and return tidy
data frames and chain with ``.pipe``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

#: Columns of the table :func:`keyness` returns.
KEYNESS_COLUMNS = ["group", "term", "kind", "count", "count_other", "rate_per_10k", "rate_other_per_10k",
                   "log_odds", "z", "g2", "log_ratio"]


def with_groups(terms: pd.DataFrame, groups, *, by: str = "group") -> pd.DataFrame:
    """Attach a group column to the ``terms`` table.

    Parameters
    ----------
    terms : DataFrame
        The ``terms`` table (one or many articles).
    groups : DataFrame, Series or mapping
        A table with ``article_id`` and a ``by`` column (e.g. the corpus
        ``summaries``, with ``outlet`` or ``date``), or a mapping / Series from
        ``article_id`` to group.
    by : str
        Name of the group column.

    Examples
    --------
    >>> t = pd.DataFrame({"article_id": ["a", "b"], "term": ["x", "y"], "n": [1, 2]})
    >>> with_groups(t, {"a": "Le Monde", "b": "Libération"}, by="outlet")["outlet"].tolist()
    ['Le Monde', 'Libération']
    """
    if isinstance(groups, pd.DataFrame):
        mapping = groups.drop_duplicates("article_id").set_index("article_id")[by]
    else:
        mapping = pd.Series(dict(groups) if isinstance(groups, Mapping) else groups)
    return terms.assign(**{by: terms["article_id"].map(mapping)})


def actor_groups(terms: pd.DataFrame, mentions: pd.DataFrame, actor: str, *, column: str = "actor",
                 other: str = "autres phrases") -> pd.DataFrame:
    """Group terms by whether their sentence mentions ``actor`` (what is said around X).

    The actor's own names are dropped from the terms (they would top the list).

    Parameters
    ----------
    terms, mentions : DataFrame
        The ``terms`` and ``mentions`` tables of the same articles.
    actor : str
        A value of ``mentions[column]``.
    column : str
        ``actor`` (grouped names) or ``entity``.
    other : str
        The label of the other sentences.

    Examples
    --------
    >>> t = pd.DataFrame({"article_id": ["a"] * 3, "sentence_id": [0, 0, 1],
    ...                   "term": ["Kyiv", "attaque", "pluie"], "kind": ["entity", "lemma", "lemma"], "n": 1})
    >>> m = pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "entity": ["Kyiv"], "actor": ["Ukraine"]})
    >>> actor_groups(t, m, "Ukraine")[["term", "group"]].values.tolist()
    [['attaque', 'Ukraine'], ['pluie', 'autres phrases']]
    """
    hit = mentions[mentions[column] == actor]
    keys = set(zip(hit["article_id"], hit["sentence_id"]))
    own = set(hit["entity"]) | {actor}
    t = terms[~((terms["kind"] == "entity") & terms["term"].isin(own))]
    inside = [k in keys for k in zip(t["article_id"], t["sentence_id"])]
    return t.assign(group=np.where(inside, actor, other))


def _signed_g2(a, b, c, d) -> np.ndarray:
    """Dunning's G² of 2×2 tables (a: term in group, b: term elsewhere, c/d: other terms), signed."""
    n = a + b + c + d
    g2 = np.zeros_like(a, dtype="float64")
    for obs, row, col in ((a, a + b, a + c), (b, a + b, b + d), (c, c + d, a + c), (d, c + d, b + d)):
        exp = row * col / n
        with np.errstate(divide="ignore", invalid="ignore"):
            g2 += np.where(obs > 0, obs * np.log(obs / exp), 0.0)
    sign = np.sign(a / (a + c) - b / np.maximum(b + d, 1))
    return 2 * g2 * sign


def keyness(terms: pd.DataFrame, by: str = "outlet", *, groups=None, min_count: int = 3,
            prior: float = 0.1, kinds=("lemma", "entity")) -> pd.DataFrame:
    """Distinctive terms of each group against all the others.

    Parameters
    ----------
    terms : DataFrame
        The ``terms`` table (``article_id``, ``term``, ``kind``, ``n``), e.g.
        ``pd.read_parquet(OUT / "corpus" / "terms")``.
    by : str
        Group column: in ``terms`` already, or brought from ``groups``.
    groups : DataFrame, Series or mapping, optional
        Where to find ``by`` for each article (see :func:`with_groups`), e.g.
        the corpus ``summaries`` table for ``outlet`` or ``date``.
    min_count : int
        Terms used fewer times in the whole corpus are left out.
    prior : float
        Strength of the informative prior: each term gets ``prior`` × its
        corpus count as pseudo-counts (Monroe et al. 2008).
    kinds : sequence of str
        ``lemma`` and/or ``entity``.

    Returns
    -------
    DataFrame
        One row per group and term (columns :data:`KEYNESS_COLUMNS`), most
        distinctive first (``z`` descending) within each group.

    Examples
    --------
    >>> t = pd.DataFrame({"article_id": ["a"] * 3 + ["b"] * 3, "outlet": ["A"] * 3 + ["B"] * 3,
    ...                   "term": ["réforme", "croissance", "grève"] * 2, "kind": "lemma",
    ...                   "n": [30, 10, 2, 3, 10, 25]})
    >>> k = keyness(t, "outlet")
    >>> k[k["group"] == "A"]["term"].iloc[0], k[k["group"] == "B"]["term"].iloc[0]
    ('réforme', 'grève')
    """
    if by not in terms.columns:
        if groups is None:
            raise ValueError(f"no column {by!r} in terms: pass groups= (e.g. the corpus summaries table)")
        terms = with_groups(terms, groups, by=by)
    t = terms[terms["kind"].isin(kinds) & terms[by].notna()]
    counts = t.groupby([by, "term", "kind"], observed=True)["n"].sum().unstack(by, fill_value=0)
    total = counts.sum(axis=1)
    counts = counts[total >= min_count]
    total = total[total >= min_count]
    if counts.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in KEYNESS_COLUMNS})
    alpha = prior * total.to_numpy(dtype="float64")
    sizes = counts.sum(axis=0)
    out = [_group_keyness(g, counts, total.to_numpy(dtype="float64"), alpha, float(sizes[g]),
                          float(sizes.sum() - sizes[g])) for g in counts.columns]
    res = pd.concat(out, ignore_index=True)
    res = res.sort_values(["group", "z", "term"], ascending=[True, False, True], kind="mergesort")
    return res.reset_index(drop=True)[KEYNESS_COLUMNS]


def _group_keyness(g, counts: pd.DataFrame, total: np.ndarray, alpha: np.ndarray, n_i: float,
                   n_j: float) -> pd.DataFrame:
    """Every statistic of :func:`keyness` for group ``g`` against the rest (``n_i``, ``n_j``:
    their sizes in terms; ``alpha``: the prior's pseudo-counts)."""
    alpha0 = alpha.sum()
    y_i = counts[g].to_numpy(dtype="float64")
    y_j = total - y_i
    rest_i, rest_j = n_i + alpha0 - y_i - alpha, n_j + alpha0 - y_j - alpha
    ok = (rest_i > 0) & (rest_j > 0)  # a one-term vocabulary has no odds: no difference
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.where(ok, np.log((y_i + alpha) / rest_i) - np.log((y_j + alpha) / rest_j), 0.0)
    z = delta / np.sqrt(1.0 / (y_i + alpha) + 1.0 / (y_j + alpha))
    rate_i = y_i / n_i * 1e4 if n_i else np.zeros_like(y_i)
    rate_j = y_j / n_j * 1e4 if n_j else np.zeros_like(y_j)
    return pd.DataFrame({
        "group": g, "term": counts.index.get_level_values("term"),
        "kind": counts.index.get_level_values("kind"),
        "count": y_i.astype("int64"), "count_other": y_j.astype("int64"),
        "rate_per_10k": rate_i, "rate_other_per_10k": rate_j, "log_odds": delta, "z": z,
        "g2": _signed_g2(y_i, y_j, n_i - y_i, n_j - y_j),
        "log_ratio": np.log2(((y_i + 0.5) / n_i) / ((y_j + 0.5) / max(n_j, 1.0))),
    })


def top_terms(table: pd.DataFrame, n: int = 10, *, min_z: float = 1.96) -> pd.DataFrame:
    """The ``n`` most distinctive terms of each group with ``z >= min_z``.

    Examples
    --------
    >>> k = pd.DataFrame({"group": ["A", "A", "B"], "term": ["x", "y", "z"], "z": [3.0, 1.0, 2.5]})
    >>> top_terms(k, 5)["term"].tolist()
    ['x', 'z']
    """
    keep = table[table["z"] >= min_z]
    return keep.groupby("group", sort=True, group_keys=False).head(n).reset_index(drop=True)
