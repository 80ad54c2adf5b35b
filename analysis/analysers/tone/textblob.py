"""The two textblob-fr methods: ``textblob-fr-pos`` (the default's alternative) and ``textblob-fr``.

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

textblob-fr is imported on first use (:func:`_textblob_fr`): importing it
(with nltk) takes seconds, and the default method never needs it.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ... import config
from ...resource_files import read_rows
from .common import Evidence, MethodResult, clip, file_key, has_ne, norm, user_lexicon

#: Corrections applied to textblob-fr's lexicon by ``textblob-fr-pos``.
FIXES_FILE = config.RESOURCES_DIR / "tone_textblob_fr_fixes.csv"

# spaCy universal POS -> pattern's Penn tags tried in order (None: never scored).
_PENN = {"ADJ": ("JJ",), "ADV": ("RB",), "NOUN": ("NN",), "VERB": ("VB",), "INTJ": ("UH",)}
# "ne ... plus / guère / point": a negation only next to "ne" (issue 10: "plus" alone is not).
_NE_NEGATIONS = frozenset({"plus", "guère", "point", "nullement"})


# --- lexicons ----------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _textblob_fr():
    """textblob-fr's modules ``(package, fr, _text)``, imported once, on first use (seconds: nltk)."""
    import textblob_fr
    from textblob_fr import _text, fr

    return textblob_fr, fr, _text


def _pattern_sentiment():
    """textblob-fr's own analyser object (lexicon, negations, modifiers)."""
    return _textblob_fr()[1].sentiment


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
    ref = _pattern_sentiment()
    fresh = _textblob_fr()[1].Sentiment(path=ref.path, negations=ref.negations, modifiers=ref.modifiers,
                                        modifier=ref.modifier, language="fr")
    fresh.load()
    lex = {w: {pos: (float(p), abs(float(s)), float(i))
               for pos, (p, s, i) in by_pos.items() if pos is not None}
           for w, by_pos in dict.items(fresh)}
    for fix in read_rows(FIXES_FILE):
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
    return _tone_lexicon_cached(*file_key(path)) if path else _tone_lexicon_cached("", 0, 0)


@functools.lru_cache(maxsize=8)
def _tone_lexicon_cached(path: str, mtime: int, size: int) -> ToneLexicon:
    return ToneLexicon(textblob_lexicon(), user_lexicon(path))


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
    _text = _textblob_fr()[2]
    EMOTICONS, IRONY, MOOD, PUNCTUATION = _text.EMOTICONS, _text.IRONY, _text.MOOD, _text.PUNCTUATION
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
    a: list[Chunk] = []
    m: Item | None = None  # preceding modifier
    n: Item | None = None  # preceding negation
    for it in items:
        m, n = _known(it, a, m, n) if it.entry is not None else _unknown(it, a, m, n)
    for c in a:
        if c.n < 0:
            c.p = c.p * -0.5
    return a


def _known(it: Item, a: list[Chunk], m: Item | None, n: Item | None) -> tuple[Item | None, Item | None]:
    """A lexicon word: a new chunk, or the word the pending modifier acts on; a pending
    negation joins the chunk.  Returns the new pending modifier and negation."""
    p, s, i = it.entry
    if m is None:
        a.append(Chunk([it], p, s, i, head=it))
    else:
        c = a[-1]
        c.items.append(it)
        c.p = clip(p * c.i)
        c.s = clip(s * c.i)
        c.i = i
        c.head = it
        c.intensified = True
    if n is not None:
        c = a[-1]
        c.items.insert(0, n)
        c.i = 1.0 / c.i
        c.n = -1
    return (it if it.modifier else None), (it if it.negation else None)


def _unknown(it: Item, a: list[Chunk], m: Item | None, n: Item | None) -> tuple[Item | None, Item | None]:
    """A word without an entry: it starts or ends a pending negation, ends a pending modifier
    unless kept, and "!", "(!)" and emoticons act as in pattern.  Returns the pending pair."""
    emoticons, IRONY, MOOD, PUNCTUATION = _pattern_marks()
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
        a[-1].p = clip(a[-1].p * 1.25)
        a[-1].intensified = True
    if w == "(!)":
        a.append(Chunk([it], 0.0, 1.0, 1.0, head=it, label=IRONY))
    if w.isalpha() is False and len(w) <= 5 and w not in PUNCTUATION:
        p = emoticons.get(w)
        if p is not None:
            a.append(Chunk([it], p, 1.0, 1.0, head=it, label=MOOD))
    return m, n


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
        w = norm(tok.text)
        if tok.i in masked:
            items.append(Item(w, tok=tok))
            continue
        neg = w in negs or (w in _NE_NEGATIONS and has_ne(tok))
        pos = tok.pos_
        tags = () if neg else _penn_tags(tok, pos)
        entry, key, src, tag, modifier = lexicon.lookup(w, norm(tok.lemma_), tags) if tags \
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
        c.s = clip(c.s, 0.0, 1.0)
    return [c for c in chunks if not _is_lone_modifier(c)]


def entity_tokens(doc) -> frozenset:
    """Indices of the tokens inside named entities (never scored by ``textblob-fr-pos``)."""
    return frozenset(i for ent in doc.ents for i in range(ent.start, ent.end))


def _evidence(c: Chunk, article_id: str, sentence_id: int) -> Evidence:
    """The evidence row of a ``textblob-fr-pos`` chunk."""
    toks = [it.tok for it in c.items if it.tok is not None]
    return Evidence(article_id, sentence_id, "textblob-fr-pos", " ".join(t.text for t in toks), float(c.p),
                    float(c.s), c.n < 0, c.intensified, 1.0, min(t.idx for t in toks),
                    max(t.idx + len(t.text) for t in toks),
                    c.head.key if c.head else "", c.head.source if c.head else "")


def score_pos(ctx, lexicon=None) -> MethodResult:
    """``textblob-fr-pos`` on an :class:`~analysis.context.ArticleContext`."""
    masked = entity_tokens(ctx.doc)
    rows = [_evidence(c, ctx.article_id, sid) for sid, span in enumerate(ctx.sents)
            for c in score_span(span, masked, lexicon=lexicon)]
    return MethodResult.from_rows(rows, len(ctx.sents))


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


def score_as_is(ctx, lexicon=None) -> MethodResult:
    """``PatternAnalyzer().analyze(text)`` on each sentence's ``text``.

    Scores are textblob-fr's own numbers, unchanged (subjectivity can leave
    [0, 1] here: that is textblob-fr).  A user lexicon is not applied.
    """
    analyzer = _textblob_fr()[0].PatternAnalyzer()
    negs = set(_pattern_sentiment().negations)
    scores, rows = [], []
    sents = ctx.sentences
    for sid, offset, text in zip(sents.tolist("sentence_id"), sents.tolist("start"), sents["text"]):
        res = analyzer.analyze(text)
        scores.append((float(res[0]), float(res[1]), len(res.assessments)))
        cursor = 0
        for words, p, s, _label in res.assessments:
            start, end, cursor = _locate(text, offset, words, cursor)
            core = [w for w in words if w not in negs and w != "!"]
            rows.append(Evidence(ctx.article_id, sid, "textblob-fr", " ".join(words), float(p), float(s),
                                 len(words) > 1 and any(w in negs for w in words),
                                 "!" in words or len(core) > 1, 1.0, start, end, (core or words)[-1],
                                 "textblob-fr"))
    pol, subj, n = zip(*scores) if scores else ((), (), ())
    return MethodResult(rows, np.array(pol, dtype=np.float64), np.array(subj, dtype=np.float64),
                        np.array(n, dtype=np.int64))
