"""Sentence tone with word-level evidence: three methods, the news method by default.

Methods (``Settings.sentiment``; ``config.SENTIMENT_METHODS``, the default first):

``news`` (default)
    News words (« invasion », « colère », « tué », « inacceptable ») from a
    merged vaderSentiment-fr + AFINN-fr lexicon with a news supplement
    (``resources/lexicon_news.tsv``, built by ``tools/build_news_lexicon.py``),
    over the shared spaCy ``Doc``: names and fixed expressions masked, words
    that only quantify or situate filtered out, negation over the clause,
    boosters and contrast (:mod:`analysis.tone.news`).  Chosen as the default
    on held-out hand-coded French news (``docs/tone.md``).
``textblob-fr-pos``
    textblob-fr's adjective lexicon (``fr-sentiment.xml``) and pattern's
    chunking rules (modifier + word, negation + word, "!" booster), driven by
    the shared spaCy ``Doc``: spaCy's part of speech selects the lexicon entry
    (so the noun "responsables" is not read as the adjective), tokens inside
    named entities are not scored ("Maison Blanche", "mer Noire"), lexicon data
    errors are corrected (subjectivity stays in [0, 1]) and French negation
    carries over determiners, auxiliaries and adverbs ("n'était pas
    immédiatement disponibles").  A user CSV can extend or override the lexicon.
``textblob-fr``
    Exactly ``textblob_fr.PatternAnalyzer().analyze(text)`` on each sentence's
    ``text``, for replication and comparison (defects included).

``all`` computes every method side by side and their agreement.

Each method yields, per sentence, the scored *chunks* (a lexicon word with the
modifier or negation attached to it).  A sentence's ``polarity`` and
``subjectivity`` are the means of its chunks' values weighted by their
``weight`` (1 except around a contrast in ``news``: for textblob-fr, pattern's
own plain mean), ``n_scored`` the number of chunks; a sentence with no chunk gets
polarity and subjectivity 0.0 and ``n_scored`` 0.  The chunks are the
``evidence`` table, so every sentence score can be recomputed from it.
See ``docs/tone.md``.
"""

from __future__ import annotations

import csv
import functools
import math
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import config
from .tone.common import (_APOSTROPHES, _USER_POS, DOMAIN_EXAMPLE, _clip, _file_key,  # noqa: F401
                          _has_ne, _norm, _read_csv, _user_lexicon, _user_lexicon_cached,
                          read_lexicon_csv)
from .tone.news import (NEWS_BOOST, NEWS_CONTRAST, NEWS_LEXICON, NEWS_NEGATION,  # noqa: F401
                        NEWS_RULES, case_blind, chunk_offsets, mask_tokens, negation_scope,
                        news_chunks, news_lexicon, news_rules)

#: Every method this module knows, the default first; ``"all"`` runs them all.
METHODS = tuple(config.SENTIMENT_METHODS)
ALL = "all"
DEFAULT_METHOD = METHODS[0]

#: Corrections applied to textblob-fr's lexicon by ``textblob-fr-pos``.
FIXES_FILE = config.RESOURCES_DIR / "tone_textblob_fr_fixes.csv"

#: pattern's ``positive(s, threshold=0.1)``: sentences at or beyond +-0.1 count
#: as positive / negative in the article figures, the rest as neutral.
POLARITY_THRESHOLD = 0.1

EVIDENCE_COLUMNS = ["article_id", "sentence_id", "method", "words", "polarity", "subjectivity",
                    "negated", "intensified", "weight", "start", "end", "entry", "source"]
_EVIDENCE_DTYPES = {"sentence_id": "int64", "polarity": "float64", "subjectivity": "float64",
                    "negated": "bool", "intensified": "bool", "weight": "float64", "start": "int64",
                    "end": "int64"}
_ROW = {c: k for k, c in enumerate(EVIDENCE_COLUMNS)}  # position of a column in an evidence row
_STR = pd.api.types.pandas_dtype("str")

# spaCy universal POS -> pattern's Penn tags tried in order (None: never scored).
_PENN = {"ADJ": ("JJ",), "ADV": ("RB",), "NOUN": ("NN",), "VERB": ("VB",), "INTJ": ("UH",)}
# "ne ... plus / guère / point": a negation only next to "ne" (issue 10: "plus" alone is not).
_NE_NEGATIONS = frozenset({"plus", "guère", "point", "nullement"})


# --- lexicons ----------------------------------------------------------------

def _pattern_sentiment():
    """textblob-fr's own analyser object (lexicon, negations, modifiers)."""
    from textblob_fr.fr import sentiment
    return sentiment


@functools.lru_cache(maxsize=1)
def textblob_lexicon() -> dict[str, dict[str, tuple[float, float, float]]]:
    """textblob-fr's lexicon as pattern loads it, then corrected.

    Loaded by textblob-fr's own :class:`textblob_fr.fr.Sentiment` (which also
    adds accent-less variants, "precaire" for "précaire"), on a fresh object so
    the ``textblob-fr`` method stays untouched.  Two corrections follow:

    * subjectivity is taken as its absolute value: 844 inferred entries
      (confidence 0.7) store a signed subjectivity, about twice the polarity
      with its sign ("alarmant" -0.20 / -0.40);
    * the rows of ``resources/tone_textblob_fr_fixes.csv`` replace single
      values ("plein" as adverb has subjectivity 35.0, a typo for 0.35; averaged
      with the adjective's 0.30 it is the 17.65 that "plein air" gets).

    Returns
    -------
    dict
        ``{word: {penn_tag: (polarity, subjectivity, intensity)}}``, without
        pattern's POS-less averages.

    Examples
    --------
    >>> lex = textblob_lexicon()
    >>> lex["belle"]["JJ"]
    (0.8, 0.8, 1.0)
    >>> lex["alarmant"]["JJ"], lex["plein"]["RB"]
    ((-0.2, 0.4, 1.0), (0.25, 0.35, 2.0))
    """
    from textblob_fr.fr import Sentiment

    ref = _pattern_sentiment()
    fresh = Sentiment(path=ref.path, negations=ref.negations, modifiers=ref.modifiers,
                      modifier=ref.modifier, language="fr")
    fresh.load()
    lex = {w: {pos: (float(p), abs(float(s)), float(i))
               for pos, (p, s, i) in by_pos.items() if pos is not None}
           for w, by_pos in dict.items(fresh)}
    for fix in _read_csv(FIXES_FILE):
        word, pos = fix["word"], fix["pos"]
        p, s, i = lex[word][pos]
        values = {"polarity": p, "subjectivity": s, "intensity": i}
        if not math.isclose(values[fix["field"]], abs(float(fix["original"]))):
            raise ValueError(f"{FIXES_FILE.name}: {word}/{pos} {fix['field']} is "
                             f"{values[fix['field']]}, not {fix['original']}")
        values[fix["field"]] = float(fix["corrected"])
        lex[word][pos] = (values["polarity"], values["subjectivity"], values["intensity"])
    return lex


class ToneLexicon:
    """The corrected textblob-fr lexicon under a user lexicon, with memoised lookups.

    A news article repeats its words, and a corpus repeats its vocabulary: each
    ``(form, lemma, tags)`` is looked up once per process (see :func:`_lookup`).

    Parameters
    ----------
    base, user : dict
        :func:`textblob_lexicon` and a user lexicon (``{word: {tag: values}}``).

    Examples
    --------
    >>> lex = tone_lexicon()
    >>> lex.lookup("belles", "beau", ("JJ",))
    ((0.8, 0.8, 1.0), 'belles', 'textblob-fr', 'JJ', False)
    """

    __slots__ = ("base", "user", "_memo")
    _MAX = 200_000  # entries kept before the memo starts afresh (bounded memory)

    def __init__(self, base: dict, user: dict):
        self.base, self.user, self._memo = base, user, {}

    def lookup(self, word: str, lemma: str, tags: tuple) -> tuple:
        """``(entry, key, source, tag, modifier)`` for a token's form and lemma.

        ``modifier``: the entry found can modify the next word (it is, or its
        word has, an adverb entry).
        """
        k = (word, lemma, tags)
        hit = self._memo.get(k)
        if hit is None:
            entry, key, src, tag = _lookup((word, lemma), tags, self.base, self.user)
            modifier = entry is not None and (tag == "RB" or "RB" in self.base.get(key, {})
                                              or "RB" in self.user.get(key, {}))
            if len(self._memo) >= self._MAX:
                self._memo.clear()
            hit = self._memo[k] = (entry, key, src, tag, modifier)
        return hit


def tone_lexicon(path: str | Path | None = None) -> ToneLexicon:
    """The ``textblob-fr-pos`` lexicon, with the user lexicon at ``path`` on top (cached)."""
    return _tone_lexicon_cached(*_file_key(path)) if path else _tone_lexicon_cached("", 0, 0)


@functools.lru_cache(maxsize=8)
def _tone_lexicon_cached(path: str, mtime: int, size: int) -> ToneLexicon:
    return ToneLexicon(textblob_lexicon(), _user_lexicon_cached(path, mtime, size) if path else {})


# --- pattern's chunking rules ------------------------------------------------

@dataclass(slots=True)
class Item:
    """One token as pattern's rules see it.

    ``entry`` is its lexicon value (polarity, subjectivity, intensity) or None;
    ``keep_neg`` / ``keep_mod``: a pending negation / modifier survives it.
    """

    word: str
    entry: tuple | None = None
    modifier: bool = False
    negation: bool = False
    keep_neg: bool = False
    keep_mod: bool = False
    rb: bool = False
    tok: object = None
    key: str = ""
    source: str = ""


@dataclass(slots=True)
class Chunk:
    """A scored chunk: a lexicon word with its modifier / negation / "!"."""

    items: list
    p: float
    s: float
    i: float
    n: int = 1
    head: Item | None = None
    intensified: bool = False
    label: str | None = None


@functools.lru_cache(maxsize=1)
def _pattern_marks() -> tuple[dict, str, str, str]:
    """pattern's emoticons as ``{lower-cased emoticon: polarity}`` (the first
    mood listing it wins, as in pattern's loop), and its IRONY, MOOD and
    PUNCTUATION constants."""
    from textblob_fr._text import EMOTICONS, IRONY, MOOD, PUNCTUATION

    emoticons: dict[str, float] = {}
    for (_kind, p), e in EMOTICONS.items():
        for x in e:
            emoticons.setdefault(x.lower(), p)
    return emoticons, IRONY, MOOD, PUNCTUATION


def assess(items) -> list[Chunk]:
    """pattern's ``Sentiment.assessments`` rules, keeping which tokens form each chunk.

    A line-by-line port of ``textblob_fr._text.Sentiment.assessments``: a
    known word starts a chunk; a preceding modifier (a word with an adverb
    entry) multiplies it by the modifier's intensity; a pending negation flips
    the intensity (``1 / i``) and halves and inverts the polarity at the end;
    "!" boosts the previous chunk by 1.25.  What carries a negation or
    modifier over an unknown word is the item's ``keep_neg`` / ``keep_mod``
    (pattern: words of at most 1 / 2 letters).

    Parameters
    ----------
    items : iterable of Item

    Returns
    -------
    list of Chunk
        With ``p`` already negated (``p * -0.5`` when ``n == -1``).

    Examples
    --------
    >>> a = assess([Item("pas", negation=True), Item("clair", entry=(0.28, 0.1, 1.0))])
    >>> [([it.word for it in c.items], round(c.p, 2), c.n) for c in a]
    [(['pas', 'clair'], -0.14, -1)]
    """
    emoticons, IRONY, MOOD, PUNCTUATION = _pattern_marks()
    a: list[Chunk] = []
    m: Item | None = None  # preceding modifier
    n: Item | None = None  # preceding negation
    for it in items:
        if it.entry is not None:
            p, s, i = it.entry
            if m is None:
                a.append(Chunk([it], p, s, i, head=it))
            else:
                c = a[-1]
                c.items.append(it)
                c.p = _clip(p * c.i)
                c.s = _clip(s * c.i)
                c.i = i
                c.head = it
                c.intensified = True
            if n is not None:
                c = a[-1]
                c.items.insert(0, n)
                c.i = 1.0 / c.i
                c.n = -1
            m = it if it.modifier else None
            n = it if it.negation else None
        else:
            w = it.word
            if it.negation:
                n = it
            elif n is not None and not it.keep_neg:
                n = None
            if n is not None and m is not None and (it.rb or m.word.endswith("ment")):
                a[-1].items.append(n)
                a[-1].n = -1
                n = None
            elif m is not None and not it.keep_mod:
                m = None
            if w == "!" and a:
                a[-1].items.append(it)
                a[-1].p = _clip(a[-1].p * 1.25)
                a[-1].intensified = True
            if w == "(!)":
                a.append(Chunk([it], 0.0, 1.0, 1.0, head=it, label=IRONY))
            if w.isalpha() is False and len(w) <= 5 and w not in PUNCTUATION:
                p = emoticons.get(w)
                if p is not None:
                    a.append(Chunk([it], p, 1.0, 1.0, head=it, label=MOOD))
    for c in a:
        if c.n < 0:
            c.p = c.p * -0.5
    return a


def pattern_items(words, lexicon=None) -> list[Item]:
    """Items exactly as pattern builds them from a tokenised string (no POS).

    Used to check :func:`assess` against textblob-fr itself.

    Examples
    --------
    >>> [c.p for c in assess(pattern_items(["quelle", "belle", "matinée"]))]
    [0.8]
    """
    ref = lexicon if lexicon is not None else _pattern_sentiment()
    if dict.__len__(ref) == 0:
        ref.load()
    negs = _pattern_sentiment().negations
    out = []
    for w in words:
        by_pos = dict.get(ref, w)
        entry = tuple(by_pos[None]) if by_pos and None in by_pos else None
        out.append(Item(w, entry=entry, modifier=bool(by_pos) and "RB" in by_pos,
                        negation=w in negs, keep_neg=len(w.strip("'")) <= 1,
                        keep_mod=len(w) <= 2, key=w, source="textblob-fr"))
    return out


# --- textblob-fr-pos: spaCy tokens ------------------------------------------------

def _penn_tags(tok, pos: str) -> tuple[str, ...]:
    """Lexicon tags to try for a token, from spaCy's POS (``tok.pos_``).

    A past participle read as a state ("a été effrayé", "un enfant effrayé")
    looks up the adjective first: textblob-fr lists such participles as
    adjectives.  A pronominal verb ("s'est opposée") stays a verb.
    """
    if pos == "VERB" and "Part" in tok.morph.get("VerbForm"):
        if (tok.dep_ in ("amod", "acl") or "Pass" in tok.morph.get("Voice")) \
                and not any(c.dep_.startswith("expl") for c in tok.children):
            return ("JJ", "VB")
    return _PENN.get(pos, ())


def _lookup(words, tags, base, user):
    for w in words:
        for tag in tags:
            for lex, key, src in ((user, tag, "user"), (user, "*", "user"), (base, tag, "textblob-fr")):
                entry = lex.get(w, {}).get(key)
                if entry is not None:
                    return entry, w, src, tag
    return None, "", "", ""


@functools.lru_cache(maxsize=1)
def _negations() -> frozenset[str]:
    return frozenset(_pattern_sentiment().negations) | {"aucune"}


# Parts of speech a pending negation carries over (with unscored adverbs).
_KEEP_NEG_POS = frozenset({"DET", "AUX"})
_NO_ENTRY = (None, "", "", "", False)


def span_items(span, masked: frozenset | set, lexicon: ToneLexicon) -> list[Item]:
    """Items for the tokens of one sentence span (``textblob-fr-pos``).

    Parameters
    ----------
    span : spacy.tokens.Span
    masked : set of int
        Token indices inside named entities: treated as unknown words that end
        any pending negation or modifier.
    lexicon : ToneLexicon
        The corrected textblob-fr lexicon under the user lexicon
        (:func:`tone_lexicon`).
    """
    negs = _negations()
    items = []
    for tok in span:
        if tok.is_space:
            continue
        w = _norm(tok.text)
        if tok.i in masked:
            items.append(Item(w, tok=tok))
            continue
        neg = w in negs or (w in _NE_NEGATIONS and _has_ne(tok))
        pos = tok.pos_
        tags = () if neg else _penn_tags(tok, pos)
        entry, key, src, tag, modifier = lexicon.lookup(w, _norm(tok.lemma_), tags) if tags \
            else _NO_ENTRY
        items.append(Item(
            w, entry=entry, modifier=modifier, negation=neg,
            # French negation spans determiners, auxiliaries and unscored adverbs:
            # "n'est pas une bonne idée", "n'a pas été facile", "pas immédiatement disponibles"
            keep_neg=len(w.strip("'")) <= 1 or pos in _KEEP_NEG_POS or (pos == "ADV" and entry is None),
            keep_mod=len(w) <= 2, rb=tag == "RB" or (not tags and pos == "ADV"),
            tok=tok, key=key, source=src))
    return items


def _is_lone_modifier(c: Chunk) -> bool:
    # "également", "plus", "très" alone: an intensifier counts only through the
    # word it modifies (textblob-fr scores "également" +0.2 on its own).
    return not c.intensified and c.head is not None and c.head.entry is not None \
        and c.head.rb and c.head.entry[2] != 1.0


def score_span(span, masked=frozenset(), *, lexicon: str | Path | None = None) -> list[Chunk]:
    """Scored chunks of one sentence with ``textblob-fr-pos``.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Ce qu'elle voulait dire n'était pas clair.")
    >>> [(" ".join(i.tok.text for i in c.items), round(c.p, 2)) for c in score_span(d[:])]
    [('pas clair', -0.14)]
    """
    chunks = assess(span_items(span, masked, tone_lexicon(lexicon)))
    for c in chunks:
        c.s = _clip(c.s, 0.0, 1.0)
    return [c for c in chunks if not _is_lone_modifier(c)]


def _masked(doc) -> frozenset:
    return frozenset(i for ent in doc.ents for i in range(ent.start, ent.end))


def _chunk_row(c: Chunk, article_id: str, sentence_id: int, method: str) -> tuple:
    """One evidence row (:data:`EVIDENCE_COLUMNS` order) for a chunk of ``textblob-fr-pos``."""
    toks = [it.tok for it in c.items if it.tok is not None]
    return (article_id, sentence_id, method, " ".join(t.text for t in toks), float(c.p),
            float(c.s), c.n < 0, c.intensified, 1.0, min(t.idx for t in toks),
            max(t.idx + len(t.text) for t in toks),
            c.head.key if c.head else "", c.head.source if c.head else "")


@dataclass(slots=True)
class MethodResult:
    """One method's output for an article: evidence rows and sentence scores.

    ``rows`` are tuples in :data:`EVIDENCE_COLUMNS` order, sentence by
    sentence; ``polarity``, ``subjectivity`` (float64) and ``n_scored``
    (int64) have one value per sentence.
    """

    rows: list
    polarity: np.ndarray
    subjectivity: np.ndarray
    n_scored: np.ndarray

    @classmethod
    def from_rows(cls, rows: list, n: int) -> MethodResult:
        """Sentence scores from evidence rows: ``weight``-weighted means of the chunk
        values (clipped to [-1, 1] and [0, 1]) and the chunk count; 0 without chunks.

        Rows come sentence by sentence, so each sentence's chunks are one
        segment summed by ``np.add.reduceat`` (the same sums, bit for bit, as
        pandas' ``groupby("sentence_id").sum()`` on sorted ids).

        Examples
        --------
        >>> rows = [("a", 1, "m", "w", 0.5, 0.4, False, False, 1.0, 0, 1, "w", "s"),
        ...         ("a", 1, "m", "v", -0.1, 0.2, False, False, 1.0, 2, 3, "v", "s")]
        >>> r = MethodResult.from_rows(rows, 3)
        >>> r.polarity.round(6).tolist(), r.n_scored.tolist()
        ([0.0, 0.2, 0.0], [0, 2, 0])
        """
        pol, subj, count = np.zeros(n), np.zeros(n), np.zeros(n, dtype=np.int64)
        if rows:
            cols = list(zip(*rows))
            sid = np.array(cols[_ROW["sentence_id"]], dtype=np.int64)
            w = np.array(cols[_ROW["weight"]], dtype=np.float64)
            starts = np.flatnonzero(np.r_[True, sid[1:] != sid[:-1]])
            ids, w_sum = sid[starts], np.add.reduceat(w, starts)
            for out, col, hi_lo in ((pol, "polarity", (-1, 1)), (subj, "subjectivity", (0, 1))):
                x = np.array(cols[_ROW[col]], dtype=np.float64) * w
                out[ids] = np.clip(np.add.reduceat(x, starts) / w_sum, *hi_lo)
            count[ids] = np.diff(starts, append=len(sid))
        return cls(rows, pol, subj, count)

    def frames(self, index_name: str | None = "sentence_id") -> tuple[pd.DataFrame, pd.DataFrame]:
        """``(scores, evidence)`` data frames (``scores`` has a range index)."""
        scores = pd.DataFrame({"polarity": self.polarity, "subjectivity": self.subjectivity,
                               "n_scored": self.n_scored},
                              index=pd.RangeIndex(len(self.polarity), name=index_name))
        return scores, _evidence_frame(self.rows)


def _evidence_frame(rows: list[tuple]) -> pd.DataFrame:
    """The ``evidence`` table from row tuples (:data:`EVIDENCE_COLUMNS` order).

    Text columns are ``str`` (``object`` when there is no row at all).
    """
    if not rows:
        return pd.DataFrame({c: np.array([], dtype=_EVIDENCE_DTYPES.get(c, object))
                             for c in EVIDENCE_COLUMNS})
    cols = dict(zip(EVIDENCE_COLUMNS, zip(*rows)))
    # the text columns as one Arrow-backed array, sliced per column (zero-copy)
    texts = [c for c in EVIDENCE_COLUMNS if c not in _EVIDENCE_DTYPES]
    every = pd.array([x for c in texts for x in cols[c]], dtype=_STR)
    n = len(rows)
    cols.update({c: every[k * n:(k + 1) * n] for k, c in enumerate(texts)})
    cols.update({c: np.array(cols[c], dtype=dt) for c, dt in _EVIDENCE_DTYPES.items()})
    return pd.DataFrame(cols, copy=False)


def _textblob_fr_pos(ctx, lexicon=None) -> MethodResult:
    masked = _masked(ctx.doc)
    lex = tone_lexicon(lexicon)
    rows = []
    for sid, span in enumerate(ctx.sents):
        for c in assess(span_items(span, masked, lex)):
            c.s = _clip(c.s, 0.0, 1.0)
            if not _is_lone_modifier(c):
                rows.append(_chunk_row(c, ctx.article_id, sid, "textblob-fr-pos"))
    return MethodResult.from_rows(rows, len(ctx.sents))


def score_textblob_fr_pos(ctx, lexicon=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``textblob-fr-pos`` on an :class:`~analysis.context.ArticleContext`: (scores, evidence)."""
    return _textblob_fr_pos(ctx, lexicon).frames()


# --- textblob-fr as is -------------------------------------------------------

def _locate(text: str, offset: int, words: list[str], cursor: int) -> tuple[int, int, int]:
    """Where pattern's lower-cased chunk words sit in the sentence (best effort)."""
    low = text.lower()
    if len(low) != len(text):
        return -1, -1, cursor
    spans, pos = [], cursor
    for w in words:
        j = low.find(w, pos)
        if j >= 0:
            spans.append((j, j + len(w)))
            pos = j + len(w)
    if not spans:
        return -1, -1, cursor
    return offset + spans[0][0], offset + spans[-1][1], spans[0][1]


def _textblob_fr(ctx, lexicon=None) -> MethodResult:
    from textblob_fr import PatternAnalyzer

    analyzer = PatternAnalyzer()
    negs = set(_pattern_sentiment().negations)
    scores, rows = [], []
    sents = ctx.sentences
    for sid, offset, text in zip(sents["sentence_id"].tolist(), sents["start"].tolist(),
                                 sents["text"].tolist()):
        res = analyzer.analyze(text)
        scores.append((float(res[0]), float(res[1]), len(res.assessments)))
        cursor = 0
        for words, p, s, _label in res.assessments:
            start, end, cursor = _locate(text, offset, words, cursor)
            core = [w for w in words if w not in negs and w != "!"]
            rows.append((ctx.article_id, sid, "textblob-fr", " ".join(words), float(p), float(s),
                         len(words) > 1 and any(w in negs for w in words),
                         "!" in words or len(core) > 1, 1.0, start, end, (core or words)[-1],
                         "textblob-fr"))
    pol, subj, n = zip(*scores) if scores else ((), (), ())
    return MethodResult(rows, np.array(pol, dtype=np.float64), np.array(subj, dtype=np.float64),
                        np.array(n, dtype=np.int64))


def score_textblob_fr(ctx, lexicon=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``PatternAnalyzer().analyze(text)`` per sentence: (scores, evidence).

    Scores are textblob-fr's own numbers, unchanged (subjectivity can leave
    [0, 1] here: that is textblob-fr).  A user lexicon is not applied.
    """
    return _textblob_fr(ctx, lexicon).frames(index_name=None)


# --- the news method -------------------------------------------------------------

def _news(ctx, lexicon=None) -> MethodResult:
    masked = mask_tokens(ctx.doc)
    rows = []
    for sid, span in enumerate(ctx.sents):
        for c in news_chunks(span, masked, lexicon):
            toks, p = c["tokens"], float(c["polarity"])
            start, end = chunk_offsets(c)
            rows.append((ctx.article_id, sid, "news", " ".join(t.text for t in toks), p, abs(p),
                         c["negated"], c["intensified"], c["weight"], start, end, c["entry"],
                         c["source"]))
    return MethodResult.from_rows(rows, len(ctx.sents))


def score_news(ctx, lexicon=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The news method on an :class:`~analysis.context.ArticleContext`: (scores, evidence).

    Chunk subjectivity is ``|polarity|`` (the news lexicons have no
    subjectivity: it reports how charged the words are).
    """
    return _news(ctx, lexicon).frames()


_SCORERS = {"textblob-fr-pos": score_textblob_fr_pos, "textblob-fr": score_textblob_fr,
            "news": score_news}
# what run() uses: the same methods without building intermediate data frames
_METHODS = {"textblob-fr-pos": _textblob_fr_pos, "textblob-fr": _textblob_fr, "news": _news}


# --- article figures ---------------------------------------------------------

def _r(x: float) -> float:
    return round(float(x), 6)


def tone_figures(sentences: pd.DataFrame, evidence: pd.DataFrame, *, polarity: str = "polarity",
                 subjectivity: str = "subjectivity", n_scored: str = "n_scored",
                 method: str | None = None) -> dict:
    """Article tone figures from the sentence scores and their evidence.

    Every row of ``sentences`` counts (cleaning already removed boilerplate),
    the title included; its own polarity is reported as ``title_polarity``.
    Unscored sentences count as polarity 0 in the means and as neutral.

    Returns
    -------
    dict
        ``mean_polarity``, ``mean_polarity_scored`` (scored sentences only),
        ``weighted_polarity`` (weights: ``n_words``), ``mean_subjectivity``,
        ``share_positive`` (polarity >= 0.1), ``share_negative`` (<= -0.1),
        ``share_neutral``, ``coverage`` (share with ``n_scored > 0``),
        ``coverage_emotive`` (share with a chunk of non-zero polarity) and the
        GDELT-style ``gdelt_positive_pct`` / ``gdelt_negative_pct`` (positive /
        negative chunks per 100 words), ``gdelt_tone`` (their difference) and
        ``gdelt_polarity_pct`` (emotive, i.e. non-zero, chunks per 100 words).

    Examples
    --------
    >>> s = pd.DataFrame({"polarity": [0.5, 0.0], "subjectivity": [0.4, 0.0],
    ...                   "n_scored": [1, 0], "n_words": [4, 6], "is_title": [False, False]})
    >>> e = pd.DataFrame({"sentence_id": [0], "polarity": [0.5]})
    >>> f = tone_figures(s, e)
    >>> f["mean_polarity"], f["weighted_polarity"], f["coverage"], f["gdelt_positive_pct"]
    (0.25, 0.2, 0.5, 10.0)
    """
    def col(frame, name, dtype):
        return frame[name].to_numpy(dtype=dtype) if len(frame) else np.empty(0, dtype=dtype)

    return _figures(col(sentences, polarity, "float64"), col(sentences, subjectivity, "float64"),
                    col(sentences, n_scored, "float64"), col(sentences, "n_words", "float64"),
                    col(sentences, "is_title", bool), col(evidence, "sentence_id", "int64"),
                    col(evidence, "polarity", "float64"), method)


def _mean(x: np.ndarray) -> float:
    return x.sum() / len(x)  # as pandas' Series.mean (sum, then divide)


def _figures(pol: np.ndarray, subj: np.ndarray, n_scored: np.ndarray, words: np.ndarray,
             is_title: np.ndarray, ev_sentence: np.ndarray, ev: np.ndarray, method) -> dict:
    """:func:`tone_figures` on numpy arrays (sentence columns, evidence columns)."""
    n = len(pol)
    scored = n_scored > 0
    n_words = float(words.sum())
    emotive = set(ev_sentence[ev != 0].tolist())
    title = pol[is_title]

    def share(mask) -> float:
        return _r(mask.sum() / n) if n else 0.0

    def pct(k) -> float:
        return _r(100.0 * k / n_words) if n_words else 0.0

    pos_pct, neg_pct = pct((ev > 0).sum()), pct((ev < 0).sum())
    return {
        "method": method,
        "n_sentences": int(n),
        "n_words": int(n_words),
        "title_counted": bool(len(title)),
        "title_polarity": _r(_mean(title)) if len(title) else None,
        "mean_polarity": _r(_mean(pol)) if n else 0.0,
        "mean_polarity_scored": _r(_mean(pol[scored])) if scored.any() else None,
        "weighted_polarity": _r((pol * words).sum() / n_words) if n_words else 0.0,
        "mean_subjectivity": _r(_mean(subj)) if n else 0.0,
        "positive_threshold": POLARITY_THRESHOLD,
        "negative_threshold": -POLARITY_THRESHOLD,
        "share_positive": share(pol >= POLARITY_THRESHOLD),
        "share_negative": share(pol <= -POLARITY_THRESHOLD),
        "share_neutral": share((pol > -POLARITY_THRESHOLD) & (pol < POLARITY_THRESHOLD)),
        "coverage": share(scored),
        "coverage_emotive": _r(len(emotive) / n) if n else 0.0,
        "n_scored": int(len(ev)),
        "gdelt_positive_pct": pos_pct,
        "gdelt_negative_pct": neg_pct,
        "gdelt_tone": _r(pos_pct - neg_pct),
        "gdelt_polarity_pct": pct((ev != 0).sum()),
    }


# --- the analyser ------------------------------------------------------------

def _suffix(method: str) -> str:
    return method.replace("-", "_")


def methods_for(name: str) -> tuple[str, ...]:
    """Methods computed for a ``--sentiment`` value.

    Examples
    --------
    >>> methods_for("all")
    ('news', 'textblob-fr-pos', 'textblob-fr')
    >>> methods_for("textblob-fr")
    ('textblob-fr',)
    """
    if name == ALL:
        return METHODS
    if name not in _SCORERS:
        raise ValueError(f"unknown sentiment method {name!r}; choose one of "
                         f"{', '.join(METHODS + (ALL,))}")
    return (name,)


def _sign(x: np.ndarray) -> np.ndarray:
    return (x > 0).astype(int) - (x < 0).astype(int)


def _most_disagreeing(sentence_id: np.ndarray, pa: np.ndarray, pb: np.ndarray,
                      n: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the ``n`` largest non-zero gaps ``|pa - pb|`` (rounded to 6
    places; ties by ``sentence_id``), and all the gaps."""
    gap = np.round(np.abs(pa - pb), 6)
    keep = np.flatnonzero(gap > 0)
    order = keep[np.lexsort((sentence_id[keep], -gap[keep]))]  # stable, like sort_values
    return order[:n], gap


def disagreements(sentences: pd.DataFrame, a: str, b: str, n: int = 5) -> pd.DataFrame:
    """The ``n`` sentences where methods ``a`` and ``b`` differ most (from a ``sentiment="all"`` run).

    Returns ``sentence_id, text, polarity_<a>, polarity_<b>, gap`` (``gap`` =
    absolute difference), largest gap first, zero gaps left out.

    Examples
    --------
    >>> s = pd.DataFrame({"sentence_id": [0, 1], "text": ["x", "y"],
    ...                   "polarity_news": [-0.5, 0.0], "polarity_textblob_fr_pos": [0.2, 0.0]})
    >>> disagreements(s, "textblob-fr-pos", "news")["gap"].tolist()
    [0.7]
    """
    ca, cb = f"polarity_{_suffix(a)}", f"polarity_{_suffix(b)}"
    rows, gap = _most_disagreeing(sentences["sentence_id"].to_numpy(),
                                  sentences[ca].to_numpy(dtype="float64"),
                                  sentences[cb].to_numpy(dtype="float64"), n)
    out = sentences[["sentence_id", "text", ca, cb]].iloc[rows]
    return out.assign(gap=gap[rows]).reset_index(drop=True)


def _agreement(sentence_id: np.ndarray, pol: dict, n_scored: dict, methods, n: int) -> list[dict]:
    """:func:`method_agreement` on numpy arrays (``{method: values}``)."""
    # pandas' own std and corr, so that the figures match pandas to the last bit
    series = {m: pd.Series(pol[m]) for m in methods}
    varies = {m: len(pol[m]) > 1 and bool(series[m].std() > 0) for m in methods}
    out = []
    for i, a in enumerate(methods):
        for b in methods[i + 1:]:
            pa, pb = pol[a], pol[b]
            both = (n_scored[a] > 0) & (n_scored[b] > 0)
            r = series[a].corr(series[b]) if varies[a] and varies[b] else None
            agree = _sign(pa) == _sign(pb)
            out.append({"methods": [a, b],
                        "pearson": _r(r) if r is not None and not math.isnan(r) else None,
                        "sign_agreement": _r(_mean(agree)) if len(pa) else None,
                        "sign_agreement_scored": _r(_mean(agree[both])) if both.any() else None,
                        "n_scored_both": int(both.sum()),
                        "most_disagreeing": [int(x) for x in
                                             sentence_id[_most_disagreeing(sentence_id, pa, pb, n)[0]]]})
    return out


def method_agreement(sentences: pd.DataFrame, methods=METHODS, n: int = 5) -> list[dict]:
    """Agreement of every pair of methods on sentence polarity (``sentiment="all"`` columns).

    Per pair: ``pearson`` correlation (None when a column is constant),
    ``sign_agreement`` (share of sentences whose sign, -, 0 or +, agrees),
    ``sign_agreement_scored`` and ``n_scored_both`` (the same on sentences both
    methods scored) and ``most_disagreeing`` (sentence ids, see
    :func:`disagreements`).

    Examples
    --------
    >>> s = pd.DataFrame({"sentence_id": [0, 1, 2], "polarity_a": [0.5, -0.2, 0.0],
    ...                   "polarity_b": [0.4, 0.1, 0.0], "n_scored_a": [1, 1, 0], "n_scored_b": [1, 1, 0]})
    >>> m = method_agreement(s, ("a", "b"))[0]
    >>> m["sign_agreement"], m["n_scored_both"], m["most_disagreeing"]
    (0.666667, 2, [1, 0])
    """
    pol = {m: sentences[f"polarity_{_suffix(m)}"].to_numpy(dtype="float64") for m in methods}
    n_scored = {m: sentences[f"n_scored_{_suffix(m)}"].to_numpy() for m in methods}
    return _agreement(sentences["sentence_id"].to_numpy(), pol, n_scored, methods, n)


def _with_columns(df: pd.DataFrame, columns: dict) -> pd.DataFrame:
    """``df.assign(**columns)`` (new columns at the end, existing ones replaced in place),
    joined in one step when all columns are new."""
    if set(columns).isdisjoint(df.columns):
        return pd.concat([df, pd.DataFrame(columns, index=df.index, copy=False)], axis=1)
    return df.assign(**columns)


#: Method name of a learned tone model in ``evidence`` and the summary.
MODEL = "model"


def _feature_span(span, feature: str) -> tuple[int, int]:
    """Where a model feature shows in its sentence: the first token of that lemma or emoji, else the sentence."""
    for tok in span:
        if tok.lemma_.lower() == feature or tok.text == feature:
            return tok.idx, tok.idx + len(tok.text)
    return span.start_char, span.end_char


def _learned(ctx, path: str, scores: dict[str, MethodResult]) -> MethodResult:
    """Sentence tone from a model trained on the user's coding (:mod:`analysis.learned_tone`).

    Polarity is ``P(positive) - P(negative)``, subjectivity ``P(positive) + P(negative)``;
    the evidence rows (weight 0: explanations, not chunks of a mean) are each feature's
    contribution to ``log P(positive) / P(negative)``, and ``n_scored`` counts them.
    """
    from .learned_tone import cached_model, score_spans

    model = cached_model(path)
    feats = np.column_stack([scores[m].polarity for m in model.methods]) if model.methods \
        else np.zeros((len(ctx.sents), 0))
    pol, subj, contributions = score_spans(model, ctx.sents, feats)
    rows = []
    for sid, (span, contrib) in enumerate(zip(ctx.sents, contributions)):
        for feature, value in contrib:
            start, end = _feature_span(span, feature)
            rows.append((ctx.article_id, sid, MODEL, feature, value, 0.0, False, False, 0.0, start, end,
                         feature, "model"))
    n = np.array([len(c) for c in contributions], dtype=np.int64)
    return MethodResult(rows, np.round(pol, 12), np.round(subj, 12), n)


def run(ctx) -> None:
    """Score every sentence; add ``polarity, subjectivity, n_scored``, ``evidence`` and ``tone``.

    With ``sentiment="all"`` every method is computed: ``polarity`` etc. are
    the default method's, and ``polarity_<method>`` (``-`` as ``_``) columns
    hold each method's; ``summary["tone_by_method"]`` holds each method's
    figures and ``summary["tone_agreement"]`` their pairwise agreement.

    Examples
    --------
    >>> from analysis.article import analyse_text
    >>> res = analyse_text("Les frappes ont tué des civils. Le ministre a parlé.")
    >>> res.sentences["polarity"].round(3).tolist(), res.sentences["n_scored"].tolist()
    ([-0.556, 0.0], [2, 0])
    >>> res.tables["evidence"]["words"].tolist()
    ['frappes', 'tué']
    """
    name = getattr(ctx.settings, "sentiment", None) or DEFAULT_METHOD
    lexicon = getattr(ctx.settings, "lexicon", None)
    if name.startswith(config.MODEL_PREFIX):  # a learned model: its dictionary features, then it
        from .learned_tone import cached_model

        path = name[len(config.MODEL_PREFIX):]
        results = {m: _METHODS[m](ctx, lexicon) for m in cached_model(path).methods}
        results[MODEL] = _learned(ctx, path, results)
        methods, primary = tuple(results), MODEL
    else:
        methods = methods_for(name)
        primary = DEFAULT_METHOD if name == ALL else name
        results = {m: _METHODS[m](ctx, lexicon) for m in methods}

    sents = ctx.sentences
    idx = sents.index
    if not (isinstance(idx, pd.RangeIndex) and idx.start == 0 and idx.step == 1):
        sents = sents.reset_index(drop=True)
    main = results[primary]
    columns = {"polarity": main.polarity, "subjectivity": main.subjectivity,
               "n_scored": main.n_scored}
    if name == ALL:
        for m, res in results.items():
            columns.update({f"{col}_{_suffix(m)}": getattr(res, col)
                            for col in ("polarity", "subjectivity", "n_scored")})
    words = sents["n_words"].to_numpy(dtype="float64")
    is_title = sents["is_title"].to_numpy(dtype=bool)
    ctx.sentences = sents = _with_columns(sents, columns)
    ctx.tables["evidence"] = _evidence_frame([row for res in results.values() for row in res.rows])

    def figures(m):
        res = results[m]
        ev_sentence = np.array([r[_ROW["sentence_id"]] for r in res.rows], dtype=np.int64)
        ev = np.array([r[_ROW["polarity"]] for r in res.rows], dtype=np.float64)
        return _figures(res.polarity, res.subjectivity, res.n_scored, words, is_title,
                        ev_sentence, ev, m)

    tone = figures(primary)
    tone["lexicon"] = str(lexicon) if lexicon and primary != "textblob-fr" else None
    ctx.summary["tone"] = tone
    if name == ALL:
        ctx.summary["tone_by_method"] = {m: figures(m) for m in methods}
        ctx.summary["tone_agreement"] = _agreement(
            sents["sentence_id"].to_numpy(), {m: r.polarity for m, r in results.items()},
            {m: r.n_scored for m, r in results.items()}, methods, 5)


# --- short texts as units (validation) ----------------------------------------------

def score_texts(texts, *, methods=METHODS, nlp=None, check_language: bool = True) -> pd.DataFrame:
    """Score short texts (sentences, headlines, posts) as units with every method.

    Each text goes through the kit like an article (cleaning, one spaCy pass);
    a text refused as input (:class:`analysis.intake.InputError`, e.g. not French)
    is kept with ``refused`` True and polarity 0.

    Returns
    -------
    pandas.DataFrame
        One row per text, in order: ``refused`` and, per method,
        ``polarity_<method>`` (:func:`analysis.evaluate.unit_polarity`: the weighted
        mean of all the text's chunks, as ``tools/evaluate.py`` reads a unit) and
        ``n_scored_<method>``
        (``-`` written ``_``).

    Examples
    --------
    >>> df = score_texts(["Les frappes ont tué des civils.", "Le ministre a parlé."], methods=("news",))
    >>> df["polarity_news"].round(3).tolist(), df["refused"].tolist()
    ([-0.556, 0.0], [False, False])
    """
    from .article import analyse_text
    from .context import Settings
    from .evaluate import unit_polarity
    from .intake import InputError

    methods = tuple(methods)
    settings = Settings(sentiment=methods[0] if len(methods) == 1 else ALL)
    rows = []
    for k, text in enumerate(texts):
        row = {"refused": False}
        try:
            ev = analyse_text(text, article_id=str(k), settings=settings, nlp=nlp,
                              check_language=check_language).tables["evidence"]
        except InputError:
            row["refused"], ev = True, pd.DataFrame(columns=["method", "polarity", "weight"])
        for m in methods:
            sub = ev[ev["method"] == m]
            row[f"polarity_{_suffix(m)}"] = unit_polarity(sub, m)
            row[f"n_scored_{_suffix(m)}"] = len(sub)
        rows.append(row)
    return pd.DataFrame(rows, columns=["refused", *(f"{c}_{_suffix(m)}" for m in methods
                                                   for c in ("polarity", "n_scored"))])
