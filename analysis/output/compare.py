"""Several articles side by side: their tables stacked, and one row of comparable figures per article."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd


def stack_tables(results: Iterable, name: str) -> pd.DataFrame | None:
    """One table of several articles, stacked in the given order (``None`` if none has it).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> rs = [SimpleNamespace(tables={"t": pd.DataFrame({"article_id": [a]})}) for a in "ab"]
    >>> stack_tables(rs, "t")["article_id"].tolist()
    ['a', 'b']
    """
    frames = [r.tables[name] for r in results if r.tables.get(name) is not None]
    frames = [f for f in frames if len(f)] or frames[:1]
    return pd.concat(frames, ignore_index=True) if frames else None


def _share(df: pd.DataFrame | None, col: str) -> float:
    if df is None or col not in df.columns or len(df) == 0:
        return float("nan")
    return float(df[col].fillna(False).astype(bool).mean())


def compare_articles(results: Iterable, *, top: int = 3) -> pd.DataFrame:
    """One row per article, side by side: tone, sources, hedging, frames, actors.

    Computed from each article's tables (a figure whose table is missing is
    NaN or empty), so the columns mean the same for every article:

    ``n_sentences``, ``n_words``; ``mean_polarity`` (all sentences) and
    ``mean_polarity_scored`` (sentences with a scored word); ``share_quoted``
    and ``share_hedged`` (of sentences); ``quotes``, ``named_sources`` and
    ``anonymous_sources`` (quotes by kind of speaker); ``top_frames`` and
    ``top_entities`` (the ``top`` most frequent, ``; ``-separated).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> s = pd.DataFrame({"sentence_id": [0, 1], "n_words": [3, 4], "polarity": [0.4, 0.0],
    ...                   "n_scored": [1, 0], "hedged": [True, False]})
    >>> r = SimpleNamespace(article_id="a", tables={"sentences": s}, summary={"title": "T"})
    >>> compare_articles([r])[["mean_polarity", "mean_polarity_scored", "share_hedged"]].iloc[0].tolist()
    [0.2, 0.4, 0.5]
    """
    rows = []
    for r in results:
        t, summary = r.tables, r.summary or {}
        row: dict[str, Any] = {"article_id": r.article_id, "title": summary.get("title")}
        row.update({k: summary[k] for k in ("outlet", "date") if summary.get(k) is not None})
        row.update(_sentence_figures(t.get("sentences")))
        row.update(_quote_figures(t.get("quotes")))
        row.update(_top_figures(t.get("frames"), t.get("entities"), top))
        rows.append(row)
    return pd.DataFrame(rows)


def _sentence_figures(s: pd.DataFrame | None) -> dict[str, Any]:
    row: dict[str, Any] = {"n_sentences": int(len(s)) if s is not None else 0,
                           "n_words": int(s["n_words"].sum()) if s is not None and "n_words" in s.columns else 0}
    if s is not None and "polarity" in s.columns and len(s):
        pol = s["polarity"].astype("float64")
        row["mean_polarity"] = float(pol.mean())
        scored = s["n_scored"] > 0 if "n_scored" in s.columns else pd.Series(True, index=s.index)
        row["mean_polarity_scored"] = float(pol[scored].mean()) if scored.any() else float("nan")
    else:
        row["mean_polarity"] = row["mean_polarity_scored"] = float("nan")
    row["share_quoted"] = _share(s, "is_quote")
    row["share_hedged"] = _share(s, "hedged")
    return row


def _quote_figures(q: pd.DataFrame | None) -> dict[str, int]:
    if q is None or "speaker_kind" not in q.columns:
        return {}
    kinds = q["speaker_kind"].astype("str")
    return {"quotes": int(len(q)),
            "named_sources": int(kinds.isin(["person", "organisation", "organization"]).sum()),
            "anonymous_sources": int((kinds == "anonymous").sum())}


def _top_figures(f: pd.DataFrame | None, e: pd.DataFrame | None, top: int) -> dict[str, str]:
    row = {}
    if f is not None and "frame" in f.columns:
        keys = [k for k in ("sentence_id",) if k in f.columns]
        counts = f.drop_duplicates(keys + ["frame"])["frame"].value_counts()
        counts = counts.sort_index().sort_values(ascending=False, kind="stable")
        row["top_frames"] = "; ".join(map(str, counts.index[:top]))
    if e is not None and {"entity", "mentions"} <= set(e.columns):
        e2 = e.sort_values(["mentions", "entity"], ascending=[False, True], kind="stable")
        row["top_entities"] = "; ".join(map(str, e2["entity"].head(top)))
    return row
