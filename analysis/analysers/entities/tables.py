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
    asked for; the distinct values of ``listed`` in the column after ``first_sentence``).

    Grouped in plain Python over the columns as lists: a pandas ``groupby`` here costs
    ten times the analyser's own work on an article."""
    labels = mentions["label"].tolist() if "label" in mentions else [""] * len(mentions)
    pol = _polarity_lookup(sentences)
    groups: dict[tuple, list] = {}
    for aid, name, sid, form, lab in zip(mentions["article_id"].tolist(), mentions[by].tolist(),
                                         mentions["sentence_id"].tolist(), mentions[listed].tolist(), labels):
        g = groups.setdefault((aid, name), [lab, 0, set(), set()])
        g[1] += 1
        g[2].add(int(sid))
        g[3].add(form)
    with_label = "label" in columns
    rows = [(aid, name, *((lab,) if with_label else ()), n, len(sids), min(sids), _join_forms(forms),
             _mean_polarity(pol, aid, sorted(sids)))
            for (aid, name), (lab, n, sids, forms) in groups.items()]
    rows.sort(key=lambda r: (r[0], -r[columns.index("mentions")], r[1]))
    return frame(rows, columns, _COUNTS)


def _join_forms(forms) -> str:
    """The distinct written forms, in key order, ``"; "``-joined."""
    return "; ".join(sorted(set(forms), key=lambda s: (text_key(s), s)))


def _polarity_lookup(sentences: pd.DataFrame | None) -> dict | None:
    """``(article_id, sentence_id) -> polarity``, or None without a ``polarity`` column."""
    if sentences is None or "polarity" not in sentences.columns or sentences.empty:
        return None
    pol = pd.to_numeric(sentences["polarity"], errors="coerce").astype("float64")
    aid = sentences["article_id"].astype(str).tolist()
    sid = sentences["sentence_id"].astype(int).tolist()
    return dict(zip(zip(aid, sid), pol.tolist()))


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
    per_sentence: dict[tuple, set] = {}
    for aid, sid, name in zip(mentions["article_id"].tolist(), mentions["sentence_id"].tolist(),
                              mentions[by].tolist()):
        per_sentence.setdefault((aid, sid), set()).add(name)
    counts: Counter = Counter()
    for (aid, _sid), names in per_sentence.items():
        uniq = sorted(names)
        counts.update((aid, x, y) for k, x in enumerate(uniq) for y in uniq[k + 1:])
    rows = sorted(((*k, n) for k, n in counts.items()), key=lambda r: (r[0], -r[3], r[1], r[2]))
    return frame(rows, COOCCURRENCE_COLUMNS, {"sentences": "int64"})


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
    labels = Counter(map(str, entities["label"].tolist())) if len(entities) else Counter()
    ents = list(zip(*(entities[c].tolist()[:top] for c in ("entity", "label", "mentions")))) if len(entities) else []
    acts = list(zip(*(actors[c].tolist()[:top] for c in ("actor", "mentions")))) if len(actors) else []
    return {
        "n_mentions": int(len(mentions)),
        "n_entities": int(len(entities)),
        "n_actors": int(len(actors)),
        "n_dropped": int(len(dropped)),
        "entities_by_label": {lab: int(labels[lab]) for lab in LABELS if labels[lab]},
        "top_entities": [{"entity": str(e), "label": str(lab), "mentions": int(n)} for e, lab, n in ents],
        "top_actors": [{"actor": str(a), "mentions": int(n)} for a, n in acts],
    }
