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
from .mentions import columns_of, frame

ENTITY_COLUMNS = ["article_id", "entity", "label", "mentions", "sentences", "first_sentence",
                  "aliases", "mean_polarity"]
ACTOR_COLUMNS = ["article_id", "actor", "mentions", "sentences", "first_sentence", "entities",
                 "mean_polarity"]
COOCCURRENCE_COLUMNS = ["article_id", "entity_a", "entity_b", "sentences"]
COUNT_DTYPES = {"mentions": "int64", "sentences": "int64", "first_sentence": "int64", "mean_polarity": "float64"}


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
    """:func:`profile_rows` of a mentions table, as a table."""
    cols = columns_of(mentions, ("article_id", by, "sentence_id", listed, "label"))
    return frame(profile_rows(cols, by, listed, polarity_lookup(sentences), columns), columns, COUNT_DTYPES)


def profile_rows(mentions: dict[str, list], by: str, listed: str, pol: dict | None,
                 columns: list[str]) -> list[tuple]:
    """One row per article and ``by``: ``columns`` (the label of the first mention if
    asked for; the distinct values of ``listed`` in the column after ``first_sentence``),
    from column lists; ``pol``: :func:`polarity_lookup`.

    Grouped in plain Python over the columns as lists: a pandas ``groupby`` here costs
    ten times the analyser's own work on an article.

    Examples
    --------
    >>> m = {"article_id": ["a", "a"], "sentence_id": [0, 1], "entity": ["X", "X"], "actor": ["Y", "Y"]}
    >>> profile_rows(m, "actor", "entity", {("a", 0): 0.5}, ACTOR_COLUMNS)
    [('a', 'Y', 2, 2, 0, 'X', 0.5)]
    """
    labels = mentions.get("label") or [""] * len(mentions["article_id"])
    groups: dict[tuple, list] = {}
    for aid, name, sid, form, lab in zip(mentions["article_id"], mentions[by], mentions["sentence_id"],
                                         mentions[listed], labels):
        g = groups.setdefault((aid, name), [lab, 0, set(), set()])
        g[1] += 1
        g[2].add(int(sid))
        g[3].add(form)
    with_label = "label" in columns
    rows = [(aid, name, *((lab,) if with_label else ()), n, len(sids), min(sids), _join_forms(forms),
             _mean_polarity(pol, aid, sorted(sids)))
            for (aid, name), (lab, n, sids, forms) in groups.items()]
    rows.sort(key=lambda r: (r[0], -r[columns.index("mentions")], r[1]))
    return rows


def _join_forms(forms) -> str:
    """The distinct written forms, in key order, ``"; "``-joined."""
    return "; ".join(sorted(set(forms), key=lambda s: (text_key(s), s)))


def polarity_lookup(sentences) -> dict | None:
    """``(article_id, sentence_id) -> polarity``, or None without a ``polarity`` column.

    ``sentences`` is a DataFrame or a :class:`~analysis.tables.Table` (the analysers' form).

    Examples
    --------
    >>> polarity_lookup(pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "polarity": ["0.5"]}))
    {('a', 0): 0.5}
    """
    if sentences is None or "polarity" not in sentences or not len(sentences):
        return None
    pol = sentences["polarity"]
    if getattr(pol, "dtype", None) == "float64":  # the tone analyser's column needs no conversion
        pol = pol.tolist()
    else:
        pol = pd.to_numeric(pd.Series(list(pol)), errors="coerce").astype("float64").tolist()
    aid = map(str, list(sentences["article_id"]))
    return dict(zip(zip(aid, map(int, list(sentences["sentence_id"]))), pol))


def _mean_polarity(pol: dict | None, article_id: str, sentence_ids) -> float:
    """Mean polarity of the scored sentences among ``sentence_ids`` (NaN when none is)."""
    if pol is None:
        return math.nan
    vals = [pol.get((str(article_id), int(s)), math.nan) for s in sentence_ids]
    vals = [v for v in vals if not math.isnan(v)]
    return sum(vals) / len(vals) if vals else math.nan


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
    return frame(cooccurrence_rows(columns_of(mentions, ("article_id", "sentence_id", by)), by),
                 COOCCURRENCE_COLUMNS, {"sentences": "int64"})


def cooccurrence_rows(mentions: dict[str, list], by: str = "entity") -> list[tuple]:
    """:func:`cooccurrence_table` of column lists, as row tuples.

    Examples
    --------
    >>> cooccurrence_rows({"article_id": ["a", "a"], "sentence_id": [0, 0], "entity": ["Y", "X"]})
    [('a', 'X', 'Y', 1)]
    """
    per_sentence: dict[tuple, set] = {}
    for aid, sid, name in zip(mentions["article_id"], mentions["sentence_id"], mentions[by]):
        per_sentence.setdefault((aid, sid), set()).add(name)
    counts: Counter = Counter()
    for (aid, _sid), names in per_sentence.items():
        uniq = sorted(names)
        counts.update((aid, x, y) for k, x in enumerate(uniq) for y in uniq[k + 1:])
    return sorted(((*k, n) for k, n in counts.items()), key=lambda r: (r[0], -r[3], r[1], r[2]))


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
    return summary_figures(len(mentions), columns_of(entities, ("entity", "label", "mentions")),
                           columns_of(actors, ("actor", "mentions")), len(dropped), top)


def summary_figures(n_mentions: int, entities: dict[str, list], actors: dict[str, list], n_dropped: int,
                    top: int = 5) -> dict[str, Any]:
    """:func:`entity_summary` of the column lists of the entity and actor tables.

    Examples
    --------
    >>> summary_figures(2, {"entity": ["OTAN"], "label": ["ORG"], "mentions": [2]}, {}, 0)["n_entities"]
    1
    """
    n_entities, n_actors = len(entities.get("entity", ())), len(actors.get("actor", ()))
    labels = Counter(map(str, entities["label"])) if n_entities else Counter()
    ents = list(zip(*(entities[c][:top] for c in ("entity", "label", "mentions")))) if n_entities else []
    acts = list(zip(*(actors[c][:top] for c in ("actor", "mentions")))) if n_actors else []
    return {
        "n_mentions": int(n_mentions),
        "n_entities": n_entities,
        "n_actors": n_actors,
        "n_dropped": int(n_dropped),
        "entities_by_label": {lab: int(labels[lab]) for lab in LABELS if labels[lab]},
        "top_entities": [{"entity": str(e), "label": str(lab), "mentions": int(n)} for e, lab, n in ents],
        "top_actors": [{"actor": str(a), "mentions": int(n)} for a, n in acts],
    }
