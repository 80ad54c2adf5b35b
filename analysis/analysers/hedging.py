"""How sure the article sounds, which frames it uses, and who acts on whom.

Three transparent measures, all read from the shared spaCy ``Doc``:

* **Hedging.**  A sentence is hedged when it holds a verb in the conditional
  mood (the *conditionnel journalistique*: « serait », « aurait suggéré »,
  « pourrait ») or a hedge expression from ``resources/hedges.tsv``
  (« peu probable », « peut-être », « il semble », « selon toute vraisemblance »…).
  The mood comes from spaCy's morphology (``Mood=Cnd``); because the tagger
  sometimes reads a conditional as an imperfect (« entraînerait ») or a
  subjunctive, a verb whose form is its future stem plus an imperfect ending
  (« entraîner » + « ait ») is also taken as conditional.  Every conditional
  counts, in main and relative clauses alike (« le navire, qui aurait été
  touché, … »): the journalistic conditional lives in relative clauses too.
* **Frames.**  The 14 dimensions of the Policy Frames Codebook, scored with a
  French dictionary (``resources/frames_lexicon.tsv``) matched on the Doc's
  lemmas and lower-case words, multi-word terms included (:class:`TermMatcher`).
* **Agency.**  For each actor (the ``actor`` column of ``mentions`` when the
  entities analyser ran, else the entity), how often it is the grammatical
  agent (subject of an active verb, « par » agent of a passive), the patient
  (object, passive subject) or the recipient (indirect object, « à » argument).

See ``docs/framing.md`` for the tables, columns and limits.
"""

from __future__ import annotations

import csv
import functools
import unicodedata
from pathlib import Path

import pandas as pd
import spacy
from spacy.attrs import LEMMA, LOWER

from .. import config
from ..quotes import _inverted_subject, is_incise
from .names import article_names
from .tables import column, rows_table

#: Hedge expressions (``term, match, note``).
HEDGES_FILE = config.RESOURCES_DIR / "hedges.tsv"
#: Frame lexicon (``frame, term``).
FRAMES_LEXICON_FILE = config.RESOURCES_DIR / "frames_lexicon.tsv"
#: Frame dimensions (``frame, label, label_fr, description``), in codebook order.
FRAMES_DIMENSIONS_FILE = config.RESOURCES_DIR / "frames_dimensions.tsv"

#: Number of dominant frames reported in the summary.
N_DOMINANT = 3
#: Columns of the tables added here.
FRAME_COLUMNS = ["article_id", "sentence_id", "frame", "terms", "n_terms"]
HEDGE_COLUMNS = ["article_id", "sentence_id", "cue", "kind", "in_quote", "start", "end"]
AGENCY_COLUMNS = ["article_id", "actor", "agent", "patient", "recipient", "n_roles", "agent_share"]
AGENCY_EVIDENCE_COLUMNS = ["article_id", "sentence_id", "actor", "entity", "role", "verb", "text"]
ROLES = ("agent", "patient", "recipient")

# Function words interchangeable inside multi-word terms (« de la » = « du », « l' » = « le »).
_FUNCTION_CLASSES = [
    frozenset({"de", "du", "des", "d'"}),
    frozenset({"le", "la", "les", "l'"}),
    frozenset({"à", "au", "aux"}),
]
# Future stems of irregular verbs (conditional = future stem + imperfect ending), then of
# verb families by their ending (« devenir » → « deviendr », « refaire » → « refer »).
_IRREGULAR_FUTURE = {
    "être": "ser", "avoir": "aur", "aller": "ir", "pouvoir": "pourr", "vouloir": "voudr",
    "devoir": "devr", "savoir": "saur", "falloir": "faudr", "valoir": "vaudr",
    "pleuvoir": "pleuvr", "asseoir": "assiér", "cueillir": "cueiller",
}
_FUTURE_SUFFIXES = (("venir", "viendr"), ("tenir", "tiendr"), ("cevoir", "cevr"), ("voir", "verr"),
                    ("faire", "fer"), ("courir", "courr"), ("mourir", "mourr"),
                    ("envoyer", "enverr"), ("quérir", "querr"))
_COND_ENDINGS = ("raient", "rions", "riez", "rais", "rait")


# --- resources -----------------------------------------------------------------

def _read_tsv(path: str) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def load_hedges(path: str | Path | None = None) -> tuple[tuple[str, str], ...]:
    """Hedge expressions as ``(term, match)`` pairs, ``match`` in {lower, lemma}.

    Examples
    --------
    >>> ("peu probable", "lower") in load_hedges()
    True
    """
    return _load_hedges(str(path or HEDGES_FILE))


@functools.lru_cache(maxsize=8)
def _load_hedges(path: str) -> tuple[tuple[str, str], ...]:
    out = []
    for r in _read_tsv(path):
        term, match = (r.get("term") or "").strip(), (r.get("match") or "lower").strip() or "lower"
        if term:
            if match not in ("lower", "lemma"):
                raise ValueError(f"{path}: match must be 'lower' or 'lemma', not {match!r}")
            out.append((term, match))
    return tuple(out)


def load_frame_dimensions(path: str | Path | None = None) -> pd.DataFrame:
    """The frame dimensions table (``frame, label, label_fr, description``), codebook order.

    Examples
    --------
    >>> dims = load_frame_dimensions()
    >>> len(dims), dims["frame"].iloc[7]
    (14, 'security_defense')
    """
    return _dims_frame(str(path or FRAMES_DIMENSIONS_FILE)).copy()


@functools.lru_cache(maxsize=8)
def _dims_frame(path: str) -> pd.DataFrame:
    # built once per file; callers outside this module get a copy
    return pd.DataFrame(_load_dims(path), columns=["frame", "label", "label_fr", "description"])


@functools.lru_cache(maxsize=8)
def _load_dims(path: str) -> tuple[tuple[str, ...], ...]:
    return tuple((r["frame"].strip(), r["label"].strip(), r["label_fr"].strip(),
                  r["description"].strip()) for r in _read_tsv(path))


def load_frame_lexicon(path: str | Path | None = None) -> pd.DataFrame:
    """The frame lexicon (``frame, term``).

    Examples
    --------
    >>> lex = load_frame_lexicon()
    >>> sorted(set(lex["frame"])) == sorted(load_frame_dimensions()["frame"])
    True
    """
    return pd.DataFrame(_load_lexicon(str(path or FRAMES_LEXICON_FILE)), columns=["frame", "term"])


@functools.lru_cache(maxsize=8)
def _load_lexicon(path: str) -> tuple[tuple[str, str], ...]:
    return tuple((r["frame"].strip(), r["term"].strip()) for r in _read_tsv(path)
                 if r["frame"].strip() and r["term"].strip())


# --- matchers ----------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _tokenizer():
    # The language's rule-based tokenizer (no model, no download): the same rules that
    # split the article, so a term's tokens line up with the Doc's.

    return spacy.blank("fr").tokenizer


@functools.lru_cache(maxsize=4096)
def term_tokens(term: str) -> tuple[str, ...]:
    """Split a lexicon term the way spaCy's French tokenizer splits text.

    Examples
    --------
    >>> term_tokens("droits de l'homme"), term_tokens("semble-t-il")
    (('droits', 'de', "l'", 'homme'), ('semble', '-t', '-il'))
    """
    return tuple(t.text for t in _tokenizer()(term) if not t.is_space)


def _fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def _function_class(w: str):
    return next((c for c in _FUNCTION_CLASSES if w.lower() in c), None)


class TermMatcher:
    """Find lexicon terms in a parsed ``Doc`` without re-tokenising it.

    Each word of a term matches a token whose lower-case form or lemma equals it
    (``match="lemma"``, the default), or only whose lower-case form equals it
    (``match="lower"``); a term word ending in -s/-x also matches without it
    (« droits » = lemma « droit »).  Inside multi-word lemma terms, « de/du/des/d' »,
    « le/la/les/l' » and « à/au/aux » are interchangeable.  Terms are indexed by
    their first word, so one pass over the tokens finds them all (spaCy's
    ``Matcher`` with a few thousand set-membership patterns cost as much as the
    parse itself).

    Parameters
    ----------
    entries : iterable of (key, term, match)

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> m = TermMatcher([("k1", "droits de l'homme", "lemma"), ("k2", "sanction", "lemma"),
    ...                  ("k3", "peu probable", "lower")])
    >>> d = parse("Le droit de l'homme et les sanctions, c'est peu probable.")
    >>> [(k, d[s:e].text) for k, s, e in m(d)]
    [('k1', "droit de l'homme"), ('k2', 'sanctions'), ('k3', 'peu probable')]
    """

    def __init__(self, entries):
        self.index: dict[str, list] = {}
        for key, term, match in entries:
            toks = term_tokens(term)
            if not toks:
                continue
            lemma_ok = match != "lower"
            slots = tuple((_function_class(w) if lemma_ok and len(toks) > 1 else None)
                          or self._forms(w, lemma_ok) for w in toks)
            for first in slots[0]:
                self.index.setdefault(first, []).append((key, slots, lemma_ok))

    @staticmethod
    def _forms(w: str, lemma_ok: bool) -> frozenset:
        # a plural written in a term (« droits », « forces ») also matches its singular lemma
        w = w.lower()
        if lemma_ok and len(w) > 3 and w[-1] in "sx" and "-" not in w:
            return frozenset({w, w[:-1]})
        return frozenset({w})

    def __call__(self, doc, forms=None) -> list[tuple[str, int, int]]:
        """Matches as ``(key, start, end)`` token offsets, in order.

        ``forms`` is ``token_forms(doc)`` when the caller already has it.
        """
        lowers, lemmas = forms if forms is not None else token_forms(doc)
        index = self.index
        n_tok = len(lowers)
        out = []
        for i, (low, lemma) in enumerate(zip(lowers, lemmas)):
            # terms starting with the word as written, then with its lemma (most tokens: none)
            entries = index.get(low)
            if lemma != low:
                more = index.get(lemma)
                if more is not None:
                    entries = more if entries is None else entries + more
            if entries is None:
                continue
            seen = set()
            for key, slots, lemma_ok in entries:
                n = len(slots)
                if key in seen or i + n > n_tok:
                    continue
                if all(lowers[i + j] in slots[j] or (lemma_ok and lemmas[i + j] in slots[j])
                       for j in range(n)):
                    seen.add(key)
                    out.append((key, i, i + n))
        return out


def token_forms(doc) -> tuple[list[str], list[str]]:
    """The lower-case form and lower-case lemma of every token of ``doc``.

    Read once per article from the token arrays and shared by the matchers
    (iterating the ``Doc`` would build a ``Token`` object per token).

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> token_forms(parse("Les sanctions"))
    (['les', 'sanctions'], ['le', 'sanction'])
    """
    strings = doc.vocab.strings
    lowers, lemmas = doc.to_array([LOWER, LEMMA]).T.tolist()
    return [strings[h] for h in lowers], [strings[h].lower() for h in lemmas]


@functools.lru_cache(maxsize=8)
def hedge_matcher(path: str | None = None) -> TermMatcher:
    """The hedge-expression matcher, built once per file."""
    return TermMatcher((term, term, match) for term, match in load_hedges(path))


@functools.lru_cache(maxsize=8)
def frame_matcher(path: str | None = None) -> TermMatcher:
    """The frame-lexicon matcher (keys ``frame<TAB>term``), built once per file."""
    return TermMatcher((f"{frame}\t{term}", term, "lemma")
                       for frame, term in _load_lexicon(str(path or FRAMES_LEXICON_FILE)))


def _longest(spans: list[tuple]) -> list[tuple]:
    """Drop spans contained in or overlapping a longer one (first longest wins).

    ``spans`` are ``(start, end, ...)`` token ranges; the rule is spaCy's
    ``filter_spans``, on plain tuples (no ``Span`` objects to build).

    Examples
    --------
    >>> _longest([(0, 1, "a"), (0, 2, "b"), (1, 3, "c"), (3, 4, "d")])
    [(0, 2, 'b'), (3, 4, 'd')]
    """
    seen: set[int] = set()
    kept = []
    for span in sorted(spans, key=lambda s: (s[1] - s[0], -s[0]), reverse=True):
        if span[0] not in seen and span[1] - 1 not in seen:
            kept.append(span)
            seen.update(range(span[0], span[1]))
    return sorted(kept, key=lambda s: s[0])


# --- conditional mood ------------------------------------------------------------------

def _norm_stem(s: str) -> str:
    # accents, « y »/« i » (« paierait » / « payer ») and doubled l/t (« appellerait »,
    # « jetterait ») vary between the infinitive and the future stem
    return _fold(s.lower()).replace("y", "i").replace("ll", "l").replace("tt", "t")


def looks_conditional(form: str, lemma: str) -> bool:
    """True when ``form`` is the conditional of the verb ``lemma``, by its shape.

    The conditional is the future stem plus an imperfect ending; the imperfect
    (« entrait », « courait ») has no future stem, so it is not confused.

    Examples
    --------
    >>> [looks_conditional(f, l) for f, l in [("entraînerait", "entraîner"),
    ...     ("entrait", "entrer"), ("prendrions", "prendre"), ("courait", "courir"),
    ...     ("appellerait", "appeler"), ("paieraient", "payer"), ("serait", "être")]]
    [True, False, True, False, True, True, True]
    """
    low, lemma = form.lower(), lemma.lower()
    for end in _COND_ENDINGS:
        if low.endswith(end) and len(low) > len(end):
            stem = low[: len(low) - len(end) + 1]  # keeps the future's « r »
            break
    else:
        return False
    # « entraîner » + « ait », « prendr(e) » + « ait », irregular stems
    candidates = {lemma, lemma[:-1], _IRREGULAR_FUTURE.get(lemma, "")}
    for suffix, fut in _FUTURE_SUFFIXES:
        if lemma.endswith(suffix):
            candidates.add(lemma[: -len(suffix)] + fut)
    norm = _norm_stem(stem)
    return any(norm == _norm_stem(c) for c in candidates if c)


def is_conditional(tok) -> bool:
    """True for a verb or auxiliary in the conditional mood.

    Trusts ``Mood=Cnd`` when the form has a conditional ending, and rescues
    conditionals the tagger labelled otherwise (« entraînerait » read as an imperfect).

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Un transfert entraînerait une colère, qui serait vive.")
    >>> [t.text for t in d if is_conditional(t)]
    ['entraînerait', 'serait']
    """
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    low = tok.lower_
    if not low.endswith(_COND_ENDINGS):
        return False
    if "Cnd" in tok.morph.get("Mood"):
        return True
    return looks_conditional(low, tok.lemma_)


def _conditional_cue(tok) -> str:
    """« aurait suggéré », « serait confronté »: the conditional and the verb it serves."""
    head = tok.head
    if tok.dep_.startswith("aux") and head.pos_ == "VERB" and head.i > tok.i \
            and head.i - tok.i <= 4:
        auxes = [t.text for t in tok.doc[tok.i + 1: head.i] if t.pos_ == "AUX"]
        return " ".join([tok.text] + auxes + [head.text]).lower()
    return tok.lower_


# --- hedging -------------------------------------------------------------------------

def hedge_cues(doc, sents, *, path: str | None = None, forms=None) -> list[dict]:
    """Every hedge cue in the article, in reading order.

    Returns dicts ``sentence_id, cue, kind, start, end`` with ``kind`` either
    ``conditional`` or ``expression``.  ``path`` is a hedge list (default
    ``resources/hedges.tsv``); ``forms`` is :func:`token_forms` of ``doc`` when
    already computed.

    Examples
    --------
    >>> from analysis.nlp import parse, sentence_spans
    >>> d = parse("Il aurait suggéré un accord. C'est peu probable.")
    >>> [(c["sentence_id"], c["cue"], c["kind"]) for c in hedge_cues(d, sentence_spans(d))]
    [(0, 'aurait suggéré', 'conditional'), (1, 'peu probable', 'expression')]
    """
    sent_of = _sentence_lookup(doc, sents)
    forms = forms if forms is not None else token_forms(doc)
    lowers = forms[0]
    cues = []
    seen_heads: set[int] = set()
    for i, low in enumerate(lowers):
        # the ending test first: it rules out nearly every token without building it
        if not low.endswith(_COND_ENDINGS) or sent_of[i] < 0:
            continue
        tok = doc[i]
        if not is_conditional(tok):
            continue
        # one cue per verb group (« aurait été touché » is one conditional)
        key = tok.head.i if tok.dep_.startswith("aux") else tok.i
        if key in seen_heads:
            continue
        seen_heads.add(key)
        cues.append({"sentence_id": sent_of[tok.i], "cue": _conditional_cue(tok),
                     "kind": "conditional", "start": tok.idx, "end": tok.idx + len(tok.text)})
    for s, e, _ in _longest([(s, e, key) for key, s, e in hedge_matcher(path)(doc, forms)]):
        sid = sent_of[s]
        if sid < 0:
            continue
        span = doc[s:e]  # built for the few matches only
        cues.append({"sentence_id": sid, "cue": span.text.lower(), "kind": "expression",
                     "start": span.start_char, "end": span.end_char})
    cues.sort(key=lambda c: (c["start"], c["kind"]))
    return cues


def _sentence_lookup(doc, sents) -> list[int]:
    sent_of = [-1] * len(doc)
    for i, s in enumerate(sents):
        start, end = s.start, s.end
        sent_of[start:end] = [i] * (end - start)
    return sent_of


def hedges_table(cues: list[dict], article_id: str, direct_spans=()) -> pd.DataFrame:
    """The ``hedges`` evidence table: one row per cue, ``in_quote`` when inside a direct quote.

    Examples
    --------
    >>> c = [{"sentence_id": 0, "cue": "serait", "kind": "conditional", "start": 3, "end": 9}]
    >>> hedges_table(c, "a", [(0, 20)])[["cue", "in_quote"]].values.tolist()
    [['serait', True]]
    """
    rows = [{**c, "in_quote": any(a <= c["start"] < b for a, b in direct_spans)} for c in cues]
    return rows_table(article_id, rows, {
        "sentence_id": "int64", "cue": "str", "kind": "str", "in_quote": "bool",
        "start": "int64", "end": "int64"})


def sentence_hedge_columns(sentences: pd.DataFrame, hedges: pd.DataFrame) -> pd.DataFrame:
    """Add ``hedged`` and ``hedge_cues`` ("; "-joined, "" when none) to ``sentences``.

    Examples
    --------
    >>> s = pd.DataFrame({"sentence_id": [0, 1]})
    >>> h = pd.DataFrame({"sentence_id": [1, 1], "cue": ["serait", "peut-être"]})
    >>> sentence_hedge_columns(s, h)[["hedged", "hedge_cues"]].values.tolist()
    [[False, ''], [True, 'serait; peut-être']]
    """
    by_sent: dict[int, list[str]] = {}
    for sid, cue in zip(hedges["sentence_id"].tolist(), hedges["cue"].tolist()):
        by_sent.setdefault(int(sid), []).append(str(cue))
    cues = ["; ".join(by_sent.get(int(i), [])) for i in sentences["sentence_id"].tolist()]
    return sentences.assign(hedged=column([bool(c) for c in cues], "bool"),
                            hedge_cues=column(cues, "str"))


def summarise_hedging(sentences: pd.DataFrame, hedges: pd.DataFrame, top: int = 10) -> dict:
    """The ``hedging`` block of ``summary.json``."""
    n = max(len(sentences), 1)
    kinds = hedges["kind"].tolist()
    # count and first offset of each cue (plain lists: a few rows do not pay for pandas)
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for cue, start in zip(hedges["cue"].tolist(), hedges["start"].tolist()):
        counts[cue] = counts.get(cue, 0) + 1
        first[cue] = min(first.get(cue, start), start)
    top_cues = sorted(counts.items(), key=lambda kv: (-kv[1], int(first[kv[0]])))[:top]
    own = {sid for sid, quoted in zip(hedges["sentence_id"].tolist(), hedges["in_quote"].tolist())
           if not quoted}
    n_hedged = sum(sentences["hedged"].tolist())
    return {
        "n_hedged": n_hedged,
        "share_hedged": float(n_hedged) / n,
        "share_hedged_outside_quotes": len(own) / n,
        "n_conditional": kinds.count("conditional"),
        "n_expressions": kinds.count("expression"),
        "top_cues": [{"cue": str(c), "n": int(k)} for c, k in top_cues],
    }


# --- frames ----------------------------------------------------------------------------

def frame_matches(doc, sents, *, path: str | None = None, forms=None) -> list[dict]:
    """Every frame-term match: ``sentence_id, frame, term, text, start``.

    Within one frame, overlapping matches keep the longest (« défense antimissile »
    counts once, not also as « défense »); a word may evoke several frames.
    ``path`` is a frame lexicon (default ``resources/frames_lexicon.tsv``);
    ``forms`` is :func:`token_forms` of ``doc`` when already computed.

    Examples
    --------
    >>> from analysis.nlp import parse, sentence_spans
    >>> d = parse("Les sanctions économiques visent la défense antimissile.")
    >>> sorted((m["frame"], m["text"]) for m in frame_matches(d, sentence_spans(d)))[1:]
    [('external_regulation', 'sanctions'), ('security_defense', 'défense antimissile')]
    """
    sent_of = _sentence_lookup(doc, sents)
    by_frame: dict[str, list] = {}
    for key, s, e in frame_matcher(path)(doc, forms):
        frame, term = key.split("\t", 1)
        by_frame.setdefault(frame, []).append((s, e, term))
    out = []
    for frame, spans in by_frame.items():
        for s, e, term in _longest(spans):
            sid = sent_of[s]
            if sid >= 0:
                span = doc[s:e]
                out.append({"sentence_id": sid, "frame": frame, "term": term,
                            "text": span.text.lower(), "start": span.start_char})
    out.sort(key=lambda m: (m["start"], m["frame"]))
    return out


def frames_table(matches: list[dict], article_id: str, order: list[str]) -> pd.DataFrame:
    """The ``frames`` table: one row per sentence and frame evoked, with its terms.

    ``terms`` joins the distinct matched words (as written, lower case) with "; ";
    ``n_terms`` counts every match.  Rows are ordered by sentence, then codebook order.

    Examples
    --------
    >>> m = [{"sentence_id": 0, "frame": "economic", "text": "prix", "start": 0},
    ...      {"sentence_id": 0, "frame": "economic", "text": "prix", "start": 9}]
    >>> frames_table(m, "a", ["economic"])[["frame", "terms", "n_terms"]].values.tolist()
    [['economic', 'prix', 2]]
    """
    rank = {f: i for i, f in enumerate(order)}
    groups: dict[tuple[int, str], list[str]] = {}
    for m in matches:
        groups.setdefault((m["sentence_id"], m["frame"]), []).append(m["text"])
    rows = [{"sentence_id": sid, "frame": fr, "terms": "; ".join(dict.fromkeys(words)),
             "n_terms": len(words)} for (sid, fr), words in groups.items()]
    rows.sort(key=lambda r: (r["sentence_id"], rank.get(r["frame"], len(rank)), r["frame"]))
    return rows_table(article_id, rows, {"sentence_id": "int64", "frame": "str",
                                                    "terms": "str", "n_terms": "int64"})


def summarise_frames(frames: pd.DataFrame, n_sentences: int, dims: pd.DataFrame,
                     n_dominant: int = N_DOMINANT) -> dict:
    """The ``frames`` block of ``summary.json``.

    ``shares``: each frame's share of all term matches (sums to 1 when anything
    matched); ``sentence_shares``: share of sentences evoking the frame;
    ``dominant``: the ``n_dominant`` frames evoked in most sentences (ties broken
    by matches, then codebook order), frames never evoked excluded.

    Examples
    --------
    >>> f = pd.DataFrame({"sentence_id": [0, 1, 1], "frame": ["economic", "economic", "political"],
    ...                   "n_terms": [1, 2, 1]})
    >>> s = summarise_frames(f, 4, load_frame_dimensions())
    >>> s["dominant"], s["shares"]["economic"], s["sentence_shares"]["political"]
    (['economic', 'political'], 0.75, 0.25)
    """
    order = dims["frame"].tolist()
    # matches and sentences per frame (plain lists: a few rows do not pay for a groupby)
    hits: dict[str, int] = {}
    sents: dict[str, int] = {}
    seen = set()
    for frame, sid, k in zip(frames["frame"].tolist(), frames["sentence_id"].tolist(),
                             frames["n_terms"].tolist()):
        hits[frame] = hits.get(frame, 0) + int(k)
        if (frame, sid) not in seen:
            seen.add((frame, sid))
            sents[frame] = sents.get(frame, 0) + 1
    total = float(sum(hits.values()))
    n = max(n_sentences, 1)
    ranked = sorted((f for f in order if sents.get(f, 0) > 0),
                    key=lambda f: (-int(sents.get(f, 0)), -int(hits.get(f, 0)), order.index(f)))
    return {
        "method": "dictionary (resources/frames_lexicon.tsv)",
        "n_sentences_framed": len({sid for _, sid in seen}),
        "n_matches": int(total),
        "shares": {f: (float(hits.get(f, 0)) / total if total else 0.0) for f in order},
        "sentence_shares": {f: int(sents.get(f, 0)) / n for f in order},
        "dominant": ranked[:n_dominant],
        "labels": dict(zip(order, dims["label"].tolist())),
    }


# --- agency ---------------------------------------------------------------------------

_CLIMB = ("appos", "flat:name", "flat", "fixed", "nmod:appos")


def _mention_head(doc, m):
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return None
    return span.root


def _passive(verb) -> bool:
    return any(c.dep_ == "aux:pass" for c in verb.children)


def _role(h):
    """(role, verb) for an argument head ``h``, or None."""
    v = h.head
    if v.i == h.i or v.pos_ != "VERB":
        return None
    dep = h.dep_
    cases = {c.lemma_.lower() for c in h.children if c.dep_ == "case"}
    if dep == "nsubj":
        return ("patient" if _passive(v) else "agent"), v
    if dep == "nsubj:pass":
        return "patient", v
    if dep == "obj":
        inv = _inverted_subject(v) if is_incise(v) else None
        if inv is not None and inv.i == h.i:
            return "agent", v  # « …, a déclaré Ankara »
        return "patient", v
    if dep == "iobj":
        return "recipient", v
    if dep == "obl:agent" or (dep.startswith("obl") and "par" in cases and _passive(v)):
        return "agent", v
    if dep == "obl:arg" and cases & {"à", "au", "aux"}:
        return "recipient", v
    if dep == "xcomp" and h.pos_ == "PROPN":
        return "patient", v  # a proper-noun object misread as a predicate
    return None


def agency_roles(doc, sents, names) -> list[dict]:
    """Grammatical roles of each actor mention: ``sentence_id, actor, entity, role, verb, text``.

    A mention counts through its syntactic head; a name in apposition takes the
    role of the noun it names (« le président turc Recep Tayyip Erdogan a dit »);
    a coordinated noun shares its first conjunct's role; a subject also acts in
    coordinated verbs without their own subject; « qui » passes its role to its
    antecedent.  Equipment (``EQUIP``) is not an actor.  One actor counts once
    per verb and role.

    Examples
    --------
    >>> from analysis.nlp import parse, sentence_spans
    >>> from analysis.analysers.names import name_index
    >>> d = parse("Washington a demandé à Ankara de renoncer.")
    >>> roles = agency_roles(d, sentence_spans(d), name_index(d))
    >>> [(r["actor"], r["role"], r["verb"]) for r in roles]
    [('Washington', 'agent', 'demander'), ('Ankara', 'recipient', 'demander')]
    """
    sent_of = _sentence_lookup(doc, sents)
    out = []
    seen = set()

    def add(m, role, verb, sid):
        actor = m.actor or m.entity
        key = (actor, verb.i, role)
        if key in seen:
            return
        seen.add(key)
        out.append({"sentence_id": sid, "actor": actor, "entity": m.entity, "role": role,
                    "verb": verb.lemma_.lower(), "text": m.text, "_pos": m.start})

    for m in names.mentions:
        if m.label == "EQUIP":
            continue
        h = _mention_head(doc, m)
        if h is None or sent_of[h.i] < 0:
            continue
        sid = sent_of[h.i]
        while h.dep_ in _CLIMB and h.head.i != h.i:
            h = h.head
        while h.dep_ == "conj" and h.head.pos_ in ("NOUN", "PROPN", "PRON") and h.head.i != h.i:
            h = h.head
        found = []
        r = _role(h)
        if r is not None:
            found.append(r)
        # « Erdogan, qui a affirmé … »: the antecedent acts in the relative clause
        for c in h.children:
            if c.dep_ == "acl:relcl" and c.pos_ == "VERB":
                rel = next((s for s in c.children if s.dep_ in ("nsubj", "nsubj:pass")
                            and s.lower_ == "qui"), None)
                if rel is not None:
                    found.append(("patient" if rel.dep_ == "nsubj:pass" or _passive(c)
                                  else "agent", c))
        for role, verb in found:
            add(m, role, verb, sid)
            if role == "agent":  # « ont imposé … et ont retiré Ankara »
                for c in verb.children:
                    if c.dep_ == "conj" and c.pos_ == "VERB" and not any(
                            s.dep_.startswith("nsubj") for s in c.children):
                        add(m, "agent", c, sid)
    out.sort(key=lambda r: (r["sentence_id"], r["_pos"], ROLES.index(r["role"])))
    for r in out:
        del r["_pos"]
    return out


def agency_tables(roles: list[dict], names, article_id: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``agency`` (one row per actor, zeros kept for actors mentioned but never in a
    role) and ``agency_evidence`` (one row per role found).

    ``agent_share`` is ``agent / n_roles`` (NaN when the actor has no role).
    Rows are ordered by agent count, then number of roles, then actor name.

    Examples
    --------
    >>> from analysis.analysers.names import NameIndex, Mention
    >>> idx = NameIndex([Mention(0, 5, "Paris", "Paris", "LOC", "France")])
    >>> roles = [{"sentence_id": 0, "actor": "France", "entity": "Paris", "role": "agent",
    ...           "verb": "dire", "text": "Paris"}]
    >>> agency = agency_tables(roles, idx, "a")[0]
    >>> agency[["actor", "agent", "n_roles", "agent_share"]].values.tolist()
    [['France', 1, 1, 1.0]]
    """
    actors = list(dict.fromkeys((m.actor or m.entity) for m in names.mentions
                                if m.label != "EQUIP"))
    counts = {a: dict.fromkeys(ROLES, 0) for a in actors}
    for r in roles:
        counts.setdefault(r["actor"], dict.fromkeys(ROLES, 0))[r["role"]] += 1
    rows = []
    for actor, c in counts.items():
        n = sum(c.values())
        rows.append({"actor": actor, **c, "n_roles": n,
                     "agent_share": c["agent"] / n if n else float("nan")})
    rows.sort(key=lambda r: (-r["agent"], -r["n_roles"], r["actor"]))
    agency = rows_table(article_id, rows, {
        "actor": "str", "agent": "int64", "patient": "int64", "recipient": "int64",
        "n_roles": "int64", "agent_share": "float64"})
    ev = rows_table(article_id, roles, {
        "sentence_id": "int64", "actor": "str", "entity": "str", "role": "str", "verb": "str",
        "text": "str"})
    return agency, ev


def summarise_agency(agency: pd.DataFrame, top: int = 5) -> dict:
    """The ``agency`` block of ``summary.json``: the most active actors (by agent count)."""
    cols = {c: agency[c].tolist() for c in ("actor", *ROLES)}
    active = [{"actor": str(actor), "agent": int(agent), "patient": int(patient),
               "recipient": int(recipient)}
              for actor, agent, patient, recipient in zip(*cols.values()) if agent > 0]
    return {
        "n_actors": len(cols["actor"]),
        "n_roles": {r: int(sum(cols[r])) for r in ROLES},
        "most_active": active[:top],
    }


# --- analyser ----------------------------------------------------------------------------

def run(ctx) -> None:
    """Add hedging columns, the ``hedges``, ``frames``, ``agency`` and ``agency_evidence``
    tables, and the ``hedging``, ``frames`` and ``agency`` summary blocks.

    Examples
    --------
    >>> from analysis.article import analyse_text
    >>> res = analyse_text("Les États-Unis auraient proposé un accord militaire à la Turquie.")
    >>> res.sentences[["hedged", "hedge_cues"]].values.tolist()
    [[True, 'auraient proposé']]
    >>> "security_defense" in res.summary["frames"]["dominant"]
    True
    """
    doc, sents, aid = ctx.doc, ctx.sents, ctx.article_id
    settings = ctx.settings
    hedges_path = getattr(settings, "hedges", None)
    frames_path = getattr(settings, "frames_lexicon", None)

    quotes = ctx.tables.get("quotes")
    direct = []
    if isinstance(quotes, pd.DataFrame) and {"kind", "start", "end"} <= set(quotes.columns):
        columns = (quotes[c].tolist() for c in ("kind", "start", "end"))
        direct = [(int(a), int(b)) for kind, a, b in zip(*columns) if kind == "direct"]
    forms = token_forms(doc)
    hedges = hedges_table(hedge_cues(doc, sents, path=hedges_path, forms=forms), aid, direct)
    ctx.tables["hedges"] = hedges
    ctx.sentences = sentence_hedge_columns(ctx.sentences, hedges)
    ctx.summary["hedging"] = summarise_hedging(ctx.sentences, hedges)

    dims = _dims_frame(str(FRAMES_DIMENSIONS_FILE))  # read only here: no copy needed
    frames = frames_table(frame_matches(doc, sents, path=frames_path, forms=forms), aid,
                          dims["frame"].tolist())
    ctx.tables["frames"] = frames
    ctx.summary["frames"] = summarise_frames(frames, len(ctx.sentences), dims)

    names = article_names(ctx)
    agency, evidence = agency_tables(agency_roles(doc, sents, names), names, aid)
    ctx.tables["agency"] = agency
    ctx.tables["agency_evidence"] = evidence
    ctx.summary["agency"] = summarise_agency(agency)
