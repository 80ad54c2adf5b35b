"""The ``terms`` table: content-word lemmas and whole entities, per sentence.

What keyness (:mod:`analysis.study.keyness`) counts.  Read from the article's one
``Doc`` (no second parse):

* **lemma** terms: nouns, verbs and adjectives (spaCy's POS), lower-cased
  lemma, without stop words (spaCy's French list), tokens without letters or
  tokens inside an entity;
* **entity** terms: each mention of the ``mentions`` table under its canonical
  name ("Kiev" and "Kyiv" count as one term), or the model's ``doc.ents`` when
  the entities analyser did not run.

Boilerplate never reaches the ``Doc`` (cleaning removed it, see ``removed``).
One row per (sentence, term) with its count ``n``, in reading order.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
from spacy.attrs import IS_ALPHA, IS_STOP, LEMMA, ORTH, POS
from spacy.parts_of_speech import IDS as POS_IDS

from ..tables import Table, rows_table
from .entities.mentions import columns_of, mention_columns

#: Parts of speech kept as lemma terms.
CONTENT_POS = frozenset({"NOUN", "VERB", "ADJ"})
#: Columns of the ``terms`` table.
TERM_COLUMNS = ["article_id", "sentence_id", "term", "kind", "n"]
_DTYPES = {"sentence_id": "int64", "term": "str", "kind": "str", "n": "int64"}
# a content part of speech, by POS id (a table look-up costs less than ``np.isin``)
_IS_CONTENT = np.zeros(max(POS_IDS.values()) + 1, dtype=bool)
_IS_CONTENT[[POS_IDS[p] for p in CONTENT_POS]] = True


def _entity_spans(doc, mentions) -> list[tuple[int, int, str]]:
    cols = columns_of(mentions) if isinstance(mentions, pd.DataFrame) else mentions
    if cols is not None and all(c in cols for c in ("start", "end", "entity")):
        return list(zip(cols["start"], cols["end"], cols["entity"]))
    return [(e.start_char, e.end_char, e.text) for e in doc.ents]


def terms_table(doc, sents, article_id: str, mentions=None) -> Table:
    """Count content lemmas and entities per sentence.

    Parameters
    ----------
    doc : spacy.tokens.Doc
    sents : list of spacy.tokens.Span
        The article's sentences (``sentence_id`` is the position in this list).
    article_id : str
    mentions : DataFrame or dict of lists, optional
        The entities analyser's ``mentions`` (``start``, ``end``, ``entity``), as a
        table or as its columns (:func:`~.entities.mention_columns`).

    Examples
    --------
    >>> from analysis.nlp import parse, sentence_spans
    >>> d = parse("Les grévistes bloquent Paris. La grève continue à Paris.")
    >>> t = terms_table(d, sentence_spans(d), "a")
    >>> t.frame[["sentence_id", "term", "kind"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [[0, 'gréviste', 'lemma'], [0, 'bloquer', 'lemma'], [0, 'Paris', 'entity'],
     [1, 'grève', 'lemma'], [1, 'continuer', 'lemma'], [1, 'Paris', 'entity']]
    """
    sentence_of = np.full(len(doc), -1, dtype="int64")
    for i, s in enumerate(sents):
        sentence_of[s.start:s.end] = i
    in_entity = np.zeros(len(doc), dtype=bool)
    rows: list[tuple[int, int, str, str]] = []  # (sentence, token index, term, kind)
    for start, end, name in _entity_spans(doc, mentions):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        in_entity[span.start:span.end] = True
        sid = sentence_of[span.start]
        if sid >= 0:
            rows.append((int(sid), span.start, str(name), "entity"))
    # token attributes as one array: a Token object per token costs more than the rest
    attrs = doc.to_array([POS, IS_STOP, LEMMA, ORTH, IS_ALPHA]).reshape(len(doc), 5)
    keep = _IS_CONTENT[attrs[:, 0]] & (attrs[:, 1] == 0) & ~in_entity & (sentence_of >= 0)
    strings = doc.vocab.strings
    at = np.flatnonzero(keep)
    # plain lists: indexing a NumPy array one element at a time costs more than the loop's work
    for i, sid, lemma, orth, alpha in zip(at.tolist(), sentence_of[at].tolist(), attrs[at, 2].tolist(),
                                          attrs[at, 3].tolist(), attrs[at, 4].tolist()):
        if alpha or any(c.isalpha() for c in strings[orth]):  # (most words are all letters)
            lemma = strings[lemma].lower()
            if len(lemma) > 1:
                rows.append((sid, i, lemma, "lemma"))
    # one row per (sentence, term, kind) in order of first occurrence
    counts = Counter((sid, term, kind) for sid, _, term, kind in sorted(rows, key=lambda r: (r[0], r[1])))
    return rows_table(article_id, [{"sentence_id": sid, "term": term, "kind": kind, "n": n}
                                   for (sid, term, kind), n in counts.items()], _DTYPES)


def run(ctx) -> None:
    """Analyser hook: add ``terms`` to ``ctx.tables`` (after the entities analyser)."""
    ctx.tables["terms"] = terms_table(ctx.doc, ctx.sents, ctx.article_id, mention_columns(ctx))
