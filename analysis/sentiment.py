"""Sentence tone from textblob-fr's lexicon and rules, with word-level evidence.

Two methods (``Settings.sentiment``):

``textblob-fr-pos`` (default)
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

``news``
    A second opinion for nouns and verbs ("invasion", "colère", "tué"): a
    merged vaderSentiment-fr + AFINN-fr lexicon with a news supplement
    (``resources/lexicon_news.tsv``, built by ``tools/build_news_lexicon.py``),
    French negation, boosters / dampeners and contrast ("mais"), names masked.

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

import pandas as pd

from . import config

#: Every method this module knows, the default first; ``"all"`` runs them all.
METHODS = ("textblob-fr-pos", "textblob-fr", "news")
ALL = "all"
DEFAULT_METHOD = "textblob-fr-pos"

#: Corrections applied to textblob-fr's lexicon by the default method.
FIXES_FILE = config.RESOURCES_DIR / "tone_textblob_fr_fixes.csv"
#: An example user lexicon (not applied unless passed as ``lexicon``).
DOMAIN_EXAMPLE = config.RESOURCES_DIR / "tone_domain_example.csv"
#: The merged news lexicon (built by ``tools/build_news_lexicon.py``) and its rule words.
NEWS_LEXICON = config.RESOURCES_DIR / "lexicon_news.tsv"
NEWS_RULES = config.RESOURCES_DIR / "lexicon_news_rules.csv"
#: VADER's empirical constants, rescaled from its -4..4 valence to [-1, 1] where needed.
NEWS_NEGATION = -0.74          # VADER's N_SCALAR
NEWS_BOOST = 0.293 / 4         # VADER's B_INCR / 4
NEWS_CONTRAST = (0.5, 1.5)     # VADER's "but": weight before / after

#: pattern's ``positive(s, threshold=0.1)``: sentences at or beyond +-0.1 count
#: as positive / negative in the article figures, the rest as neutral.
POLARITY_THRESHOLD = 0.1

EVIDENCE_COLUMNS = ["article_id", "sentence_id", "method", "words", "polarity", "subjectivity",
                    "negated", "intensified", "weight", "start", "end", "entry", "source"]
_EVIDENCE_DTYPES = {"sentence_id": "int64", "polarity": "float64", "subjectivity": "float64",
                    "negated": "bool", "intensified": "bool", "weight": "float64", "start": "int64",
                    "end": "int64"}

# spaCy universal POS -> pattern's Penn tags tried in order (None: never scored).
_PENN = {"ADJ": ("JJ",), "ADV": ("RB",), "NOUN": ("NN",), "VERB": ("VB",), "INTJ": ("UH",)}
_USER_POS = {"ADJ": "JJ", "ADV": "RB", "NOUN": "NN", "VERB": "VB", "INTJ": "UH",
             "JJ": "JJ", "RB": "RB", "NN": "NN", "VB": "VB", "UH": "UH", "": "*", "*": "*"}
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
# "ne ... plus / guère / point": a negation only next to "ne" (issue 10: "plus" alone is not).
_NE_NEGATIONS = frozenset({"plus", "guère", "point", "nullement"})


def _clip(x: float, lo: float = -1.0, hi: float = 1.0) -> float:
    return max(lo, min(x, hi))


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


def _read_csv(path: str | Path) -> list[dict]:
    """Rows of a comma-separated file whose ``#`` lines are comments."""
    with open(path, encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.lstrip().startswith("#")]
    return [{(k or "").strip(): (v or "").strip() for k, v in row.items()}
            for row in csv.DictReader(lines)]


def read_lexicon_csv(path: str | Path) -> pd.DataFrame:
    """Read and check a user tone lexicon.

    The file is a CSV with a header ``word, polarity, subjectivity`` and
    optional ``pos`` (spaCy ``ADJ``, ``NOUN``, ``VERB``, ``ADV``, ``INTJ``;
    empty: any of these) and ``intensity`` (how much the entry multiplies the
    next scored word when used as a modifier, default 1.0) columns; other
    columns (a ``note``) are kept but ignored, ``#`` lines are comments.
    Words are matched, lower-cased, against a token's form, then its lemma.

    Parameters
    ----------
    path : str or Path

    Returns
    -------
    pandas.DataFrame
        ``word, pos, polarity, subjectivity, intensity`` (``pos`` is ``""`` for
        any part of speech).

    Raises
    ------
    ValueError
        On a missing column, a value out of range, a word with a space or an
        unknown ``pos``, naming the row.

    Examples
    --------
    >>> df = read_lexicon_csv(DOMAIN_EXAMPLE)
    >>> df.loc[df["word"] == "invasion", ["pos", "polarity"]].values.tolist()
    [['NOUN', -0.6]]
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"tone lexicon not found: {path}")
    rows = _read_csv(path)
    out = []
    for n, r in enumerate(rows, start=2):
        missing = {"word", "polarity", "subjectivity"} - set(r)
        if missing:
            raise ValueError(f"{path}: missing column(s) {sorted(missing)}")
        word = r["word"].translate(_APOSTROPHES).lower()
        pos = r.get("pos", "").upper()
        try:
            p, s = float(r["polarity"]), float(r["subjectivity"])
            i = float(r.get("intensity") or 1.0)
        except ValueError as exc:
            raise ValueError(f"{path}, row {n}: {exc}") from None
        if not word or " " in word:
            raise ValueError(f"{path}, row {n}: one word per entry, got {r['word']!r}")
        if pos not in _USER_POS:
            raise ValueError(f"{path}, row {n}: pos {r.get('pos')!r} is not one of "
                             "ADJ, NOUN, VERB, ADV, INTJ or empty")
        if not (-1 <= p <= 1 and 0 <= s <= 1 and i > 0):
            raise ValueError(f"{path}, row {n}: polarity must be in [-1, 1], subjectivity in "
                             f"[0, 1] and intensity > 0 ({r['word']}: {p}, {s}, {i})")
        out.append({"word": word, "pos": pos if _USER_POS[pos] != "*" else "",
                    "polarity": p, "subjectivity": s, "intensity": i})
    return pd.DataFrame(out, columns=["word", "pos", "polarity", "subjectivity", "intensity"])


def _user_lexicon(path: str | Path | None) -> dict:
    if not path:
        return {}
    st = os.stat(path) if Path(path).is_file() else None
    # keyed on size and mtime so an edited file is re-read in a long notebook session
    return _user_lexicon_cached(str(path), st.st_mtime_ns if st else 0, st.st_size if st else 0)


@functools.lru_cache(maxsize=8)
def _user_lexicon_cached(path: str, mtime: int, size: int) -> dict:
    df = read_lexicon_csv(path)
    lex: dict[str, dict[str, tuple[float, float, float]]] = {}
    for r in df.itertuples(index=False):
        lex.setdefault(r.word, {})[_USER_POS[r.pos or "*"]] = (r.polarity, r.subjectivity,
                                                             r.intensity)
    return lex


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
    from textblob_fr._text import EMOTICONS, IRONY, MOOD, PUNCTUATION

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
                for (_kind, p), e in EMOTICONS.items():
                    if w in (x.lower() for x in e):
                        a.append(Chunk([it], p, 1.0, 1.0, head=it, label=MOOD))
                        break
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


# --- the default method: spaCy tokens ----------------------------------------

def _penn_tags(tok) -> tuple[str, ...]:
    """Lexicon tags to try for a token, from spaCy's POS.

    A past participle read as a state ("a été effrayé", "un enfant effrayé")
    looks up the adjective first: textblob-fr lists such participles as
    adjectives.  A pronominal verb ("s'est opposée") stays a verb.
    """
    pos = tok.pos_
    if pos == "VERB" and "Part" in tok.morph.get("VerbForm"):
        if (tok.dep_ in ("amod", "acl") or "Pass" in tok.morph.get("Voice")) \
                and not any(c.dep_.startswith("expl") for c in tok.children):
            return ("JJ", "VB")
    return _PENN.get(pos, ())


def _has_ne(tok) -> bool:
    head = tok.head
    sibs = [c for c in head.children if c.i < tok.i] + ([head] if head.i < tok.i else [])
    return any(s.lower_.translate(_APOSTROPHES) in ("ne", "n'") for s in sibs)


def _lookup(words, tags, base, user):
    for w in words:
        for tag in tags:
            for lex, key, src in ((user, tag, "user"), (user, "*", "user"), (base, tag, "textblob-fr")):
                entry = lex.get(w, {}).get(key)
                if entry is not None:
                    return entry, w, src, tag
    return None, "", "", ""


def span_items(span, masked: frozenset | set, base: dict, user: dict) -> list[Item]:
    """Items for the tokens of one sentence span (the default method).

    Parameters
    ----------
    span : spacy.tokens.Span
    masked : set of int
        Token indices inside named entities: treated as unknown words that end
        any pending negation or modifier.
    base, user : dict
        The corrected textblob-fr lexicon and the user lexicon.
    """
    negs = _pattern_sentiment().negations + ("aucune",)
    items = []
    for tok in span:
        if tok.is_space:
            continue
        w = tok.text.translate(_APOSTROPHES).lower()
        if tok.i in masked:
            items.append(Item(w, tok=tok))
            continue
        neg = w in negs or (w in _NE_NEGATIONS and _has_ne(tok))
        tags = () if neg else _penn_tags(tok)
        entry, key, src, tag = _lookup((w, tok.lemma_.translate(_APOSTROPHES).lower()), tags,
                                       base, user) if tags else (None, "", "", "")
        pos = tok.pos_
        items.append(Item(
            w, entry=entry,
            modifier=entry is not None and (tag == "RB" or "RB" in base.get(key, {})
                                            or "RB" in user.get(key, {})),
            negation=neg,
            # French negation spans determiners, auxiliaries and unscored adverbs:
            # "n'est pas une bonne idée", "n'a pas été facile", "pas immédiatement disponibles"
            keep_neg=len(w.strip("'")) <= 1 or pos in ("DET", "AUX") or (pos == "ADV" and entry is None),
            keep_mod=len(w) <= 2, rb=tag == "RB" or (not tags and pos == "ADV"),
            tok=tok, key=key, source=src))
    return items


def _is_lone_modifier(c: Chunk) -> bool:
    # "également", "plus", "très" alone: an intensifier counts only through the
    # word it modifies (textblob-fr scores "également" +0.2 on its own).
    return not c.intensified and c.head is not None and c.head.entry is not None \
        and c.head.rb and c.head.entry[2] != 1.0


def score_span(span, masked=frozenset(), *, lexicon: str | Path | None = None) -> list[Chunk]:
    """Scored chunks of one sentence with the default method.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Ce qu'elle voulait dire n'était pas clair.")
    >>> [(" ".join(i.tok.text for i in c.items), round(c.p, 2)) for c in score_span(d[:])]
    [('pas clair', -0.14)]
    """
    chunks = assess(span_items(span, masked, textblob_lexicon(), _user_lexicon(lexicon)))
    for c in chunks:
        c.s = _clip(c.s, 0.0, 1.0)
    return [c for c in chunks if not _is_lone_modifier(c)]


def _masked(doc) -> frozenset:
    return frozenset(i for ent in doc.ents for i in range(ent.start, ent.end))


def _chunk_row(c: Chunk, article_id: str, sentence_id: int, method: str) -> dict:
    toks = [it.tok for it in c.items if it.tok is not None]
    return {"article_id": article_id, "sentence_id": sentence_id, "method": method,
            "words": " ".join(t.text for t in toks), "polarity": float(c.p),
            "subjectivity": float(c.s), "negated": c.n < 0, "intensified": c.intensified,
            "weight": 1.0, "start": min(t.idx for t in toks), "end": max(t.idx + len(t.text) for t in toks),
            "entry": c.head.key if c.head else "", "source": c.head.source if c.head else ""}


def _scores(evidence: pd.DataFrame, n: int) -> pd.DataFrame:
    """Sentence scores from evidence rows: ``weight``-weighted means of chunk values, chunk count."""
    ev = evidence.assign(wp=evidence["polarity"] * evidence["weight"],
                         ws=evidence["subjectivity"] * evidence["weight"])
    g = ev.groupby("sentence_id")
    w = g["weight"].sum()
    out = pd.DataFrame({"polarity": (g["wp"].sum() / w).clip(-1, 1),
                        "subjectivity": (g["ws"].sum() / w).clip(0, 1),
                        "n_scored": g.size()}).reindex(range(n))
    return out.fillna({"polarity": 0.0, "subjectivity": 0.0, "n_scored": 0}).astype(
        {"polarity": "float64", "subjectivity": "float64", "n_scored": "int64"})


def _evidence_frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=EVIDENCE_COLUMNS).astype(_EVIDENCE_DTYPES)


def score_textblob_fr_pos(ctx, lexicon=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Default method on an :class:`~analysis.context.ArticleContext`: (scores, evidence)."""
    masked = _masked(ctx.doc)
    base, user = textblob_lexicon(), _user_lexicon(lexicon)
    rows = []
    for sid, span in enumerate(ctx.sents):
        chunks = assess(span_items(span, masked, base, user))
        for c in chunks:
            c.s = _clip(c.s, 0.0, 1.0)
            if not _is_lone_modifier(c):
                rows.append(_chunk_row(c, ctx.article_id, sid, "textblob-fr-pos"))
    ev = _evidence_frame(rows)
    return _scores(ev, len(ctx.sents)), ev


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


def score_textblob_fr(ctx, lexicon=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``PatternAnalyzer().analyze(text)`` per sentence: (scores, evidence).

    Scores are textblob-fr's own numbers, unchanged (subjectivity can leave
    [0, 1] here: that is textblob-fr).  A user lexicon is not applied.
    """
    from textblob_fr import PatternAnalyzer

    analyzer = PatternAnalyzer()
    negs = set(_pattern_sentiment().negations)
    scores, rows = [], []
    for r in ctx.sentences[["sentence_id", "start", "text"]].itertuples(index=False):
        res = analyzer.analyze(r.text)
        scores.append((float(res[0]), float(res[1]), len(res.assessments)))
        cursor = 0
        for words, p, s, _label in res.assessments:
            start, end, cursor = _locate(r.text, r.start, words, cursor)
            core = [w for w in words if w not in negs and w != "!"]
            rows.append({"article_id": ctx.article_id, "sentence_id": r.sentence_id,
                         "method": "textblob-fr", "words": " ".join(words), "polarity": float(p),
                         "subjectivity": float(s),
                         "negated": len(words) > 1 and any(w in negs for w in words),
                         "intensified": "!" in words or len(core) > 1, "weight": 1.0,
                         "start": start, "end": end, "entry": (core or words)[-1],
                         "source": "textblob-fr"})
    sc = pd.DataFrame(scores, columns=["polarity", "subjectivity", "n_scored"]).astype(
        {"polarity": "float64", "subjectivity": "float64", "n_scored": "int64"})
    return sc, _evidence_frame(rows)


# --- the news method -------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def news_lexicon() -> dict[str, float]:
    """The merged news lexicon: ``{word: polarity}`` (see ``docs/tone.md``).

    Examples
    --------
    >>> news_lexicon()["colère"] < 0 < news_lexicon()["cessez-le-feu"]
    True
    """
    with open(NEWS_LEXICON, encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if not ln.startswith("#")]
    return {r["word"]: float(r["polarity"])
            for r in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)}


@functools.lru_cache(maxsize=1)
def news_rules() -> dict[str, str]:
    """Rule words of the news method: ``{word: role}``.

    Examples
    --------
    >>> news_rules()["pas"], news_rules()["plus"], news_rules()["mais"]
    ('negation', 'negation_ne', 'contrast')
    """
    roles = {"negation", "negation_ne", "booster", "dampener", "contrast"}
    out = {}
    for r in _read_csv(NEWS_RULES):
        if r["role"] not in roles:
            raise ValueError(f"{NEWS_RULES.name}: unknown role {r['role']!r} for {r['word']}")
        out[r["word"]] = r["role"]
    return out


_CONTENT = frozenset({"NOUN", "VERB", "ADJ", "ADV", "INTJ"})


def _is_negation(tok, rules) -> bool:
    role = rules.get(tok.lower_.translate(_APOSTROPHES))
    return role == "negation" or (role == "negation_ne" and _has_ne(tok))


def news_chunks(span, masked, lexicon=None) -> list[dict]:
    """Scored chunks of one sentence with the news method.

    A content word (noun, verb, adjective, adverb, interjection; never a
    name) found in the news lexicon, by form then lemma, is a chunk.  Its
    value grows or shrinks by 0.073 per booster / dampener it governs
    ("très grave"), is multiplied by -0.74 when a negation attaches to it
    ("n'a pas tué", "sans succès", "aucune victime") and, in a sentence with a
    contrast word ("mais", "pourtant"), weighs 0.5 before it and 1.5 after.

    Returns
    -------
    list of dict
        ``tokens`` (chunk tokens, in text order), ``polarity``, ``negated``,
        ``intensified``, ``weight``, ``entry``, ``source``.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Les frappes n'ont pas tué de civils.")
    >>> [(" ".join(t.text for t in c["tokens"]), round(c["polarity"], 3)) for c in news_chunks(d[:], set())]
    [('frappes', -0.375), ('pas tué', 0.546)]
    """
    lex, rules, user = news_lexicon(), news_rules(), _user_lexicon(lexicon)
    chunks, contrast = [], None
    for tok in span:
        if tok.is_space or tok.i in masked:
            continue
        w = tok.text.translate(_APOSTROPHES).lower()
        role = rules.get(w)
        if role == "contrast" and contrast is None:
            contrast = tok.i
        if role is not None or tok.pos_ not in _CONTENT:
            continue
        tag = _PENN.get(tok.pos_, ("",))[0]
        lemma = tok.lemma_.translate(_APOSTROPHES).lower()
        entry, key, src = None, "", ""
        for cand in (w, lemma):
            hit = user.get(cand, {})
            hit = hit.get(tag) or hit.get("*")
            if hit is not None:
                entry, key, src = hit[0], cand, "user"
                break
            if cand in lex:
                entry, key, src = lex[cand], cand, "news"
                break
        if entry is None or entry == 0:
            continue
        toks = [tok]
        size = abs(entry)
        boosted = False
        for child in tok.children:
            r = rules.get(child.lower_)
            if r in ("booster", "dampener") and child.dep_ == "advmod" and child.i not in masked:
                size += NEWS_BOOST if r == "booster" else -NEWS_BOOST
                toks.append(child)
                boosted = True
        p = math.copysign(_clip(size, 0.0, 1.0), entry)
        negs = [c for c in tok.children if _is_negation(c, rules)]
        if not negs and tok.dep_ == "xcomp":
            negs = [c for c in tok.head.children if _is_negation(c, rules)]
        if negs:
            p *= NEWS_NEGATION
            toks += negs
        chunks.append({"tokens": sorted(toks, key=lambda t: t.i), "polarity": _clip(p),
                       "negated": bool(negs), "intensified": boosted, "i": tok.i,
                       "entry": key, "source": src})
    for c in chunks:
        if contrast is None:
            c["weight"] = 1.0
        else:
            c["weight"] = NEWS_CONTRAST[0] if c["i"] < contrast else NEWS_CONTRAST[1]
    return chunks


def score_news(ctx, lexicon=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The news method on an :class:`~analysis.context.ArticleContext`: (scores, evidence).

    Chunk subjectivity is ``|polarity|`` (the news lexicons have no
    subjectivity: it reports how charged the words are).
    """
    masked = _masked(ctx.doc)
    rows = []
    for sid, span in enumerate(ctx.sents):
        for c in news_chunks(span, masked, lexicon):
            toks = c["tokens"]
            rows.append({"article_id": ctx.article_id, "sentence_id": sid, "method": "news",
                         "words": " ".join(t.text for t in toks), "polarity": float(c["polarity"]),
                         "subjectivity": abs(float(c["polarity"])), "negated": c["negated"],
                         "intensified": c["intensified"], "weight": c["weight"],
                         "start": toks[0].idx, "end": toks[-1].idx + len(toks[-1].text),
                         "entry": c["entry"], "source": c["source"]})
    ev = _evidence_frame(rows)
    return _scores(ev, len(ctx.sents)), ev


_SCORERS = {"textblob-fr-pos": score_textblob_fr_pos, "textblob-fr": score_textblob_fr,
            "news": score_news}


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
    n = len(sentences)
    pol = sentences[polarity].astype("float64")
    words = sentences["n_words"].astype("float64")
    scored = sentences[n_scored] > 0
    n_words = float(words.sum())
    ev = evidence["polarity"] if len(evidence) else pd.Series(dtype="float64")
    emotive = set(evidence.loc[ev != 0, "sentence_id"]) if len(evidence) else set()
    title = pol[sentences["is_title"].astype(bool)]

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
        "title_polarity": _r(title.mean()) if len(title) else None,
        "mean_polarity": _r(pol.mean()) if n else 0.0,
        "mean_polarity_scored": _r(pol[scored].mean()) if scored.any() else None,
        "weighted_polarity": _r((pol * words).sum() / n_words) if n_words else 0.0,
        "mean_subjectivity": _r(sentences[subjectivity].mean()) if n else 0.0,
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
    ('textblob-fr-pos', 'textblob-fr', 'news')
    >>> methods_for("textblob-fr")
    ('textblob-fr',)
    """
    if name == ALL:
        return METHODS
    if name not in _SCORERS:
        raise ValueError(f"unknown sentiment method {name!r}; choose one of "
                         f"{', '.join(METHODS + (ALL,))}")
    return (name,)


def _sign(x: pd.Series) -> pd.Series:
    return (x > 0).astype(int) - (x < 0).astype(int)


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
    out = sentences[["sentence_id", "text", ca, cb]].assign(gap=(sentences[ca] - sentences[cb]).abs().round(6))
    out = out[out["gap"] > 0].sort_values(["gap", "sentence_id"], ascending=[False, True], kind="stable")
    return out.head(n).reset_index(drop=True)


def method_agreement(sentences: pd.DataFrame, methods=METHODS, n: int = 5) -> list[dict]:
    """Agreement of every pair of methods on sentence polarity (``sentiment="all"`` columns).

    Per pair: ``pearson`` correlation (None when a column is constant),
    ``sign_agreement`` (share of sentences whose sign, -, 0 or +, agrees),
    ``sign_agreement_scored`` and ``n_scored_both`` (the same on sentences both
    methods scored) and ``most_disagreeing`` (sentence ids, see
    :func:`disagreements`).
    """
    out = []
    for i, a in enumerate(methods):
        for b in methods[i + 1:]:
            pa, pb = sentences[f"polarity_{_suffix(a)}"], sentences[f"polarity_{_suffix(b)}"]
            both = (sentences[f"n_scored_{_suffix(a)}"] > 0) & (sentences[f"n_scored_{_suffix(b)}"] > 0)
            r = pa.corr(pb) if len(pa) > 1 and pa.std() > 0 and pb.std() > 0 else None
            agree = _sign(pa) == _sign(pb)
            out.append({"methods": [a, b],
                        "pearson": _r(r) if r is not None and not math.isnan(r) else None,
                        "sign_agreement": _r(agree.mean()) if len(pa) else None,
                        "sign_agreement_scored": _r(agree[both].mean()) if both.any() else None,
                        "n_scored_both": int(both.sum()),
                        "most_disagreeing": [int(x) for x in disagreements(sentences, a, b, n)["sentence_id"]]})
    return out


def run(ctx) -> None:
    """Score every sentence; add ``polarity, subjectivity, n_scored``, ``evidence`` and ``tone``.

    With ``sentiment="all"`` every method is computed: ``polarity`` etc. are
    the default method's, and ``polarity_<method>`` (``-`` as ``_``) columns
    hold each method's; ``summary["tone_by_method"]`` holds each method's
    figures and ``summary["tone_agreement"]`` their pairwise agreement.

    Examples
    --------
    >>> from analysis.article import analyse_text
    >>> res = analyse_text("Quelle belle matinée. Le ministre a parlé.")
    >>> res.sentences["polarity"].tolist(), res.sentences["n_scored"].tolist()
    ([0.8, 0.0], [1, 0])
    >>> res.tables["evidence"]["words"].tolist()
    ['belle']
    """
    name = getattr(ctx.settings, "sentiment", None) or DEFAULT_METHOD
    lexicon = getattr(ctx.settings, "lexicon", None)
    methods = methods_for(name)
    primary = DEFAULT_METHOD if name == ALL else name
    results = {m: _SCORERS[m](ctx, lexicon) for m in methods}

    sents = ctx.sentences.reset_index(drop=True)
    scores, _ = results[primary]
    sents = sents.assign(polarity=scores["polarity"].to_numpy(),
                         subjectivity=scores["subjectivity"].to_numpy(),
                         n_scored=scores["n_scored"].to_numpy())
    if name == ALL:
        for m, (sc, _ev) in results.items():
            sents = sents.assign(**{f"{col}_{_suffix(m)}": sc[col].to_numpy()
                                    for col in ("polarity", "subjectivity", "n_scored")})
    ctx.sentences = sents
    evidence = pd.concat([ev for _sc, ev in results.values()], ignore_index=True) \
        if len(results) > 1 else results[primary][1]
    ctx.tables["evidence"] = _evidence_frame(evidence.to_dict("records")) if len(results) > 1 \
        else evidence

    def figures(m):
        sc, ev = results[m]
        return tone_figures(sents.assign(polarity=sc["polarity"].to_numpy(),
                                         subjectivity=sc["subjectivity"].to_numpy(),
                                         n_scored=sc["n_scored"].to_numpy()), ev, method=m)

    tone = figures(primary)
    tone["lexicon"] = str(lexicon) if lexicon and primary != "textblob-fr" else None
    ctx.summary["tone"] = tone
    if name == ALL:
        ctx.summary["tone_by_method"] = {m: figures(m) for m in methods}
        ctx.summary["tone_agreement"] = method_agreement(sents, methods)
