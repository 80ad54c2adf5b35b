"""Step 3: the tables an analyst counts, from the ``mentions`` table (one article or many).

* ``entities``: one row per entity and article, its prominence, written forms
  and tone;
* ``actors``: the same per actor (entities grouped);
* ``cooccurrence``: pairs of names in the same sentence;
* the article figures for ``summary.json``.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import pandas as pd

from ...text import key as text_key
from .lexicon import LABELS
from .mentions import frame

ENTITY_COLUMNS = ["article_id", "entity", "label", "mentions", "sentences", "first_sentence",
                  "aliases", "mean_polarity"]
ACTOR_COLUMNS = ["article_id", "actor", "mentions", "sentences", "first_sentence", "entities",
                 "mean_polarity"]
COOCCURRENCE_COLUMNS = ["article_id", "entity_a", "entity_b", "sentences"]
_COUNTS = {"mentions": "int64", "sentences": "int64", "first_sentence": "int64", "mean_polarity": "float64"}


def entities_table(mentions: pd.DataFrame, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per entity and article: prominence, surface forms and tone.

    Parameters
    ----------
    mentions : pandas.DataFrame
        :data:`~.resolve.MENTION_COLUMNS` (one or many articles).
    sentences : pandas.DataFrame, optional
        With ``article_id, sentence_id, polarity``; ``mean_polarity`` is the
        mean polarity of the distinct sentences mentioning the entity (NaN
        without a ``polarity`` column or when none is scored).

    Returns
    -------
    pandas.DataFrame
        :data:`ENTITY_COLUMNS`, ordered by article, mentions (desc), entity.

    Examples
    --------
    >>> m = pd.DataFrame({"article_id": "a", "sentence_id": [0, 0, 2], "start": [0, 9, 40],
    ...     "end": [7, 16, 47], "text": ["Ankara", "Turquie", "Ankara"], "entity": ["Ankara", "Turquie", "Ankara"],
    ...     "label": "LOC", "actor": ["Turquie", "Turquie", "Turquie"]})
    >>> s = pd.DataFrame({"article_id": "a", "sentence_id": [0, 1, 2], "polarity": [0.5, 0.0, -0.1]})
    >>> entities_table(m, s)[["entity", "mentions", "sentences", "first_sentence", "mean_polarity"]].values.tolist()
    [['Ankara', 2, 2, 0, 0.2], ['Turquie', 1, 1, 0, 0.5]]
    """
    return _profile(mentions, "entity", "text", sentences, ENTITY_COLUMNS)


def actors_table(mentions: pd.DataFrame, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per actor and article (entities grouped by ``actor``).

    Examples
    --------
    >>> m = pd.DataFrame({"article_id": "a", "sentence_id": [0, 1], "start": [0, 30], "end": [6, 40],
    ...     "text": ["Moscou", "Kremlin"], "entity": ["Moscou", "Kremlin"], "label": "LOC",
    ...     "actor": "Russie"})
    >>> actors_table(m)[["actor", "mentions", "entities"]].values.tolist()
    [['Russie', 2, 'Kremlin; Moscou']]
    """
    return _profile(mentions, "actor", "entity", sentences, ACTOR_COLUMNS)


def _profile(mentions: pd.DataFrame, by: str, listed: str, sentences, columns: list[str]) -> pd.DataFrame:
    """One row per article and ``by``: ``columns`` (the label of the first mention if
    asked for; the distinct values of ``listed`` in the column after ``first_sentence``)."""
    if mentions.empty:
        return frame([], columns, _COUNTS)
    keys = ["article_id", by]
    aggs = {"label": ("label", "first")} if "label" in columns else {}
    aggs |= {"mentions": ("sentence_id", "size"), "sentences": ("sentence_id", "nunique"),
             "first_sentence": ("sentence_id", "min"), columns[-2]: (listed, _join_forms)}
    out = mentions.groupby(keys, sort=False).agg(**aggs)
    out["mean_polarity"] = _mean_polarity(mentions, keys, sentences)
    out = out.reset_index().sort_values(["article_id", "mentions", by], ascending=[True, False, True],
                                        kind="stable", ignore_index=True)
    return out[columns].astype({c: _COUNTS.get(c, "str") for c in columns})


def _join_forms(forms: pd.Series) -> str:
    """The distinct written forms, in key order, ``"; "``-joined."""
    return "; ".join(sorted(set(forms), key=lambda s: (text_key(s), s)))


def _mean_polarity(mentions: pd.DataFrame, keys: list[str], sentences) -> pd.Series:
    """Mean ``polarity`` of the distinct sentences of each group (NaN when none is scored)."""
    seen = mentions[[*keys, "sentence_id"]].drop_duplicates()
    if sentences is None or "polarity" not in sentences.columns or sentences.empty:
        seen = seen.assign(polarity=math.nan)
    else:
        pol = sentences[["article_id", "sentence_id"]].assign(
            polarity=pd.to_numeric(sentences["polarity"], errors="coerce").astype("float64"))
        seen = seen.merge(pol, how="left", on=["article_id", "sentence_id"])
    return seen.sort_values("sentence_id", kind="stable").groupby(keys, sort=False)["polarity"].agg(_mean)


def _mean(values: pd.Series) -> float:
    """Mean of the scored values, summed in order (as Python's ``sum``)."""
    scored = [v for v in values.tolist() if not math.isnan(v)]
    return sum(scored) / len(scored) if scored else math.nan


def cooccurrence_table(mentions: pd.DataFrame, by: str = "entity") -> pd.DataFrame:
    """Pairs of entities named in the same sentence, with the number of such sentences.

    Parameters
    ----------
    mentions : pandas.DataFrame
    by : {"entity", "actor"}
        Pair canonical entities (default) or actors; the columns stay
        ``entity_a, entity_b``.

    Returns
    -------
    pandas.DataFrame
        :data:`COOCCURRENCE_COLUMNS` (``entity_a < entity_b``), ordered by article,
        sentences (desc), names.

    Examples
    --------
    >>> m = pd.DataFrame({"article_id": "a", "sentence_id": [0, 0, 0, 1, 1],
    ...     "entity": ["Turquie", "Ankara", "Turquie", "Ankara", "Turquie"]})
    >>> cooccurrence_table(m).values.tolist()
    [['a', 'Ankara', 'Turquie', 2]]
    """
    names = mentions[["article_id", "sentence_id", by]].drop_duplicates().rename(columns={by: "entity"})
    pairs = names.merge(names, on=["article_id", "sentence_id"], suffixes=("_a", "_b"))
    pairs = pairs[pairs["entity_a"] < pairs["entity_b"]]
    out = pairs.groupby(["article_id", "entity_a", "entity_b"]).size().reset_index(name="sentences")
    out = out.sort_values(["article_id", "sentences", "entity_a", "entity_b"], ascending=[True, False, True, True],
                          kind="stable", ignore_index=True)
    return out[COOCCURRENCE_COLUMNS].astype({c: _COUNTS.get(c, "str") for c in COOCCURRENCE_COLUMNS})


def entity_summary(mentions: pd.DataFrame, entities: pd.DataFrame, actors: pd.DataFrame,
                   dropped: pd.DataFrame, top: int = 5) -> dict[str, Any]:
    """Article figures for ``summary.json`` (plain Python types).

    Examples
    --------
    >>> e = pd.DataFrame({"entity": ["OTAN"], "label": ["ORG"], "mentions": [2]})
    >>> a = pd.DataFrame({"actor": ["OTAN"], "mentions": [2]})
    >>> entity_summary(pd.DataFrame({"x": [1, 2]}), e, a, pd.DataFrame())["top_entities"]
    [{'entity': 'OTAN', 'label': 'ORG', 'mentions': 2}]
    """
    labels = Counter(str(lab) for lab in entities.get("label", ()))
    ents = entities[["entity", "label", "mentions"]].head(top).values.tolist() if len(entities) else []
    acts = actors[["actor", "mentions"]].head(top).values.tolist() if len(actors) else []
    return {
        "n_mentions": int(len(mentions)),
        "n_entities": int(len(entities)),
        "n_actors": int(len(actors)),
        "n_dropped": int(len(dropped)),
        "entities_by_label": {lab: int(labels[lab]) for lab in LABELS if labels[lab]},
        "top_entities": [{"entity": str(e), "label": str(lab), "mentions": int(n)} for e, lab, n in ents],
        "top_actors": [{"actor": str(a), "mentions": int(n)} for a, n in acts],
    }
