"""The quotes analyser's tables: ``quotes``, the ``is_quote`` and ``speaker`` columns of
``sentences``, ``quoted_share`` in ``entities`` and the ``sources`` summary."""

from __future__ import annotations

import bisect
import itertools

from ...tables import Table, rows_table
from ..names import NameIndex

#: Columns of the ``quotes`` table, in order.
QUOTE_COLUMNS = ["article_id", "sentence_id", "quote", "kind", "speaker", "speaker_kind", "cue",
                 "speaker_text", "speaker_rule", "last_sentence_id", "start", "end"]

#: Speaker kinds, in the order used by the summary.
SPEAKER_KINDS = ("person", "organisation", "anonymous", "unknown")

#: Quote kinds, in the order used by the summary.
QUOTE_KINDS = ("direct", "indirect", "selon")


def quotes_table(rows: list[dict], article_id: str) -> Table:
    """The ``quotes`` table from :func:`extract_quotes` rows (segments dropped).

    Examples
    --------
    >>> quotes_table([], "a").names[:7]
    ['article_id', 'sentence_id', 'quote', 'kind', 'speaker', 'speaker_kind', 'cue']
    """
    ints = ("sentence_id", "last_sentence_id", "start", "end")
    return rows_table(article_id, rows,
                      {c: "int64" if c in ints else "str" for c in QUOTE_COLUMNS[1:]})


def sentence_quote_columns(sentences: Table, rows: list[dict]) -> Table:
    """Add ``is_quote`` and ``speaker`` to the sentences table.

    A sentence is quoted when a quote of any kind lies in it (a direct quote
    marks every sentence it spans); ``speaker`` joins its distinct speakers with
    "; " ("" when none or unknown).  ``rows``: the quotes as :func:`extract_quotes`
    gives them (``sentence_id``, ``last_sentence_id``, ``speaker``), read as they are
    rather than back from the ``quotes`` table.

    Examples
    --------
    >>> s = Table({"sentence_id": [0, 1, 2]}, {"sentence_id": "int64"})
    >>> q = [{"sentence_id": 0, "last_sentence_id": 1, "speaker": "A"}]
    >>> sentence_quote_columns(s, q).frame[["is_quote", "speaker"]].values.tolist()
    [[True, 'A'], [True, 'A'], [False, '']]
    """
    n = len(sentences)
    flags = [False] * n
    speakers: list[list[str]] = [[] for _ in range(n)]
    for r in rows:
        speaker = r["speaker"]
        for i in range(int(r["sentence_id"]), min(int(r["last_sentence_id"]), n - 1) + 1):
            flags[i] = True
            if speaker and speaker not in speakers[i]:
                speakers[i].append(speaker)
    return sentences.with_columns({"is_quote": flags, "speaker": ["; ".join(s) for s in speakers]},
                                  {"is_quote": "bool", "speaker": "str"})


def quoted_share(entities: Table, names: NameIndex, segments) -> Table:
    """Add ``quoted_share`` to the entities table.

    The share of an entity's mentions that lie inside reported content: the
    text of a direct quote, the clause of an indirect quote or the sentence
    attributed by « selon » (the speaker's own mention is not inside).  NaN for
    an entity with no mention in the index.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> from analysis.analysers.names import name_index
    >>> d = parse("Paris a dit que Rome gagnerait. Rome a perdu.")
    >>> ents = Table({"entity": ["Paris", "Rome"]})
    >>> quoted_share(ents, name_index(d), [(12, 30)])["quoted_share"]
    [0.0, 0.5]
    """
    total: dict[str, int] = {}
    inside: dict[str, int] = {}
    ordered = sorted((a, b) for a, b in segments)
    starts = [a for a, _ in ordered]
    reach = list(itertools.accumulate((b for _, b in ordered), max))  # furthest end so far
    for m in names.mentions:
        total[m.entity] = total.get(m.entity, 0) + 1
        k = bisect.bisect_right(starts, m.start) - 1  # some segment opening before m ends after it?
        if k >= 0 and reach[k] >= m.end:
            inside[m.entity] = inside.get(m.entity, 0) + 1
    share = [inside.get(e, 0) / total[e] if total.get(e) else float("nan")
             for e in entities["entity"]]
    return entities.with_columns({"quoted_share": share}, {"quoted_share": "float64"})


def summarise(rows: list[dict], sentences: Table, other: dict) -> dict:
    """The ``sources`` block of ``summary.json``, from the quotes as :func:`extract_quotes`
    gives them (``rows``) and the sentences table with ``is_quote``.

    Examples
    --------
    >>> s = Table({"is_quote": [False], "sentence_id": [0]})
    >>> summarise([], s, {"scare_quotes": [], "quoted_names": []})["n_quotes"]
    0
    """
    n_sent = max(len(sentences), 1)
    # plain lists: a handful of rows does not pay for pandas filtering and grouping
    kinds = [r["kind"] for r in rows]
    speaker_kinds = [r["speaker_kind"] for r in rows]
    firsts = [int(r["sentence_id"]) for r in rows]
    direct_sents: set[int] = set()
    for kind, first, r in zip(kinds, firsts, rows):
        if kind == "direct":
            direct_sents.update(range(first, int(r["last_sentence_id"]) + 1))
    # sentences of each (speaker, speaker_kind), in order of first appearance
    groups: dict[tuple[str, str], list[int]] = {}
    for name, kind, first in zip((r["speaker"] for r in rows), speaker_kinds, firsts):
        if kind != "unknown":
            groups.setdefault((str(name), str(kind)), []).append(first)
    speakers = [{"speaker": name, "speaker_kind": kind, "n_quotes": len(sids),
                 "first_sentence": min(sids)} for (name, kind), sids in groups.items()]
    speakers.sort(key=lambda d: (-d["n_quotes"], d["first_sentence"], d["speaker"]))
    named_kinds = ("person", "organisation")
    return {
        "n_quotes": len(kinds),
        "by_kind": {k: kinds.count(k) for k in QUOTE_KINDS},
        "by_speaker_kind": {k: speaker_kinds.count(k) for k in SPEAKER_KINDS},
        "named": sum(k in named_kinds for k in speaker_kinds),
        "anonymous": speaker_kinds.count("anonymous"),
        "unknown": speaker_kinds.count("unknown"),
        "named_speakers": len({name for name, kind in groups if kind in named_kinds}),
        "anonymous_speakers": len({name for name, kind in groups if kind not in named_kinds}),
        "share_sentences_quoted": float(sum(sentences["is_quote"])) / n_sent,
        "share_sentences_direct": len(direct_sents) / n_sent,
        "speakers": speakers,
        "scare_quotes": list(other.get("scare_quotes", [])),
        "quoted_names": list(other.get("quoted_names", [])),
    }
