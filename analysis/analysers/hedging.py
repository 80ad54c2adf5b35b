"""How sure the article sounds: the hedging analyser (conditional mood and hedge expressions).

A sentence is hedged when it holds a verb in the conditional mood (the
*conditionnel journalistique*: « serait », « aurait suggéré », « pourrait ») or a
hedge expression from ``resources/hedges.tsv`` (« peu probable », « peut-être »,
« il semble », « selon toute vraisemblance »…), matched on the Doc's lower-case
words or lemmas (:class:`~analysis.analysers.matching.TermMatcher`).  The mood
comes from spaCy's morphology (``Mood=Cnd``); because the tagger sometimes reads a
conditional as an imperfect (« entraînerait ») or a subjunctive, a verb whose form
is its future stem plus an imperfect ending (« entraîner » + « ait ») is also taken
as conditional.  Every conditional counts, in main and relative clauses alike
(« le navire, qui aurait été touché, … »): the journalistic conditional lives in
relative clauses too.

See ``docs/framing.md`` for the tables, columns and limits.
"""

from __future__ import annotations

import functools
from pathlib import Path

from spacy.util import filter_spans

from .. import config
from ..resource_files import read_rows
from ..tables import Table, rows_table
from ..text import fold
from .matching import TermMatcher, article_forms, sentence_lookup, token_forms

#: Hedge expressions (``term, match, note``).
HEDGES_FILE = config.RESOURCES_DIR / "hedges.tsv"
#: Columns of the ``hedges`` table.
HEDGE_COLUMNS = ["article_id", "sentence_id", "cue", "kind", "in_quote", "start", "end"]

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
    for r in read_rows(path, "\t"):
        term, match = r.get("term", ""), r.get("match") or "lower"
        if term:
            if match not in ("lower", "lemma"):
                raise ValueError(f"{path}: match must be 'lower' or 'lemma', not {match!r}")
            out.append((term, match))
    return tuple(out)


@functools.lru_cache(maxsize=8)
def hedge_matcher(path: str | None = None) -> TermMatcher:
    """The hedge-expression matcher, built once per file."""
    return TermMatcher((term, term, match) for term, match in load_hedges(path))


# --- conditional mood ------------------------------------------------------------------

def _norm_stem(s: str) -> str:
    # accents, « y »/« i » (« paierait » / « payer ») and doubled l/t (« appellerait »,
    # « jetterait ») vary between the infinitive and the future stem
    return fold(s).replace("y", "i").replace("ll", "l").replace("tt", "t")


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
    sent_of = sentence_lookup(doc, sents)
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
    # overlapping expressions keep the longest (« peu probable », not also « probable »)
    for span in filter_spans([doc[s:e] for _, s, e in hedge_matcher(path)(doc, forms)]):
        sid = sent_of[span.start]
        if sid < 0:
            continue
        cues.append({"sentence_id": sid, "cue": span.text.lower(), "kind": "expression",
                     "start": span.start_char, "end": span.end_char})
    cues.sort(key=lambda c: (c["start"], c["kind"]))
    return cues


def hedges_table(cues: list[dict], article_id: str, direct_spans=()) -> Table:
    """The ``hedges`` evidence table: one row per cue, ``in_quote`` when inside a direct quote.

    Examples
    --------
    >>> c = [{"sentence_id": 0, "cue": "serait", "kind": "conditional", "start": 3, "end": 9}]
    >>> hedges_table(c, "a", [(0, 20)]).frame[["cue", "in_quote"]].values.tolist()
    [['serait', True]]
    """
    rows = [{**c, "in_quote": any(a <= c["start"] < b for a, b in direct_spans)} for c in cues]
    return rows_table(article_id, rows, {
        "sentence_id": "int64", "cue": "str", "kind": "str", "in_quote": "bool",
        "start": "int64", "end": "int64"})


def sentence_hedge_columns(sentences: Table, hedges: Table) -> Table:
    """Add ``hedged`` and ``hedge_cues`` ("; "-joined, "" when none) to ``sentences``.

    Examples
    --------
    >>> s = Table({"sentence_id": [0, 1]}, {"sentence_id": "int64"})
    >>> h = Table({"sentence_id": [1, 1], "cue": ["serait", "peut-être"]})
    >>> sentence_hedge_columns(s, h).frame[["hedged", "hedge_cues"]].values.tolist()
    [[False, ''], [True, 'serait; peut-être']]
    """
    by_sent: dict[int, list[str]] = {}
    for sid, cue in zip(hedges["sentence_id"], hedges["cue"]):
        by_sent.setdefault(int(sid), []).append(str(cue))
    cues = ["; ".join(by_sent.get(int(i), [])) for i in sentences.tolist("sentence_id")]
    return sentences.with_columns({"hedged": [bool(c) for c in cues], "hedge_cues": cues},
                                  {"hedged": "bool", "hedge_cues": "str"})


def summarise_hedging(sentences: Table, hedges: Table, top: int = 10) -> dict:
    """The ``hedging`` block of ``summary.json``."""
    n = max(len(sentences), 1)
    kinds = list(hedges["kind"])
    # count and first offset of each cue (plain lists: a few rows do not pay for pandas)
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for cue, start in zip(hedges["cue"], hedges["start"]):
        counts[cue] = counts.get(cue, 0) + 1
        first[cue] = min(first.get(cue, start), start)
    top_cues = sorted(counts.items(), key=lambda kv: (-kv[1], int(first[kv[0]])))[:top]
    own = {sid for sid, quoted in zip(hedges["sentence_id"], hedges["in_quote"]) if not quoted}
    n_hedged = sum(sentences["hedged"])
    return {
        "n_hedged": n_hedged,
        "share_hedged": float(n_hedged) / n,
        "share_hedged_outside_quotes": len(own) / n,
        "n_conditional": kinds.count("conditional"),
        "n_expressions": kinds.count("expression"),
        "top_cues": [{"cue": str(c), "n": int(k)} for c, k in top_cues],
    }


# --- analyser ----------------------------------------------------------------------------

def run(ctx) -> None:
    """Add the ``hedged`` and ``hedge_cues`` columns, the ``hedges`` table and the
    ``hedging`` summary block.

    Examples
    --------
    >>> from analysis.article import analyse_text
    >>> res = analyse_text("Les États-Unis auraient proposé un accord militaire à la Turquie.")
    >>> res.sentences[["hedged", "hedge_cues"]].values.tolist()
    [[True, 'auraient proposé']]
    >>> res.tables["hedges"][["cue", "kind", "in_quote"]].values.tolist()
    [['auraient proposé', 'conditional', False]]
    """
    quotes = ctx.tables.table("quotes")
    direct = []
    if quotes is not None and all(c in quotes for c in ("kind", "start", "end")):
        columns = (quotes[c] for c in ("kind", "start", "end"))
        direct = [(int(a), int(b)) for kind, a, b in zip(*columns) if kind == "direct"]
    cues = hedge_cues(ctx.doc, ctx.sents, path=getattr(ctx.settings, "hedges", None),
                      forms=article_forms(ctx))
    hedges = hedges_table(cues, ctx.article_id, direct)
    ctx.tables["hedges"] = hedges
    ctx.sentences = sentence_hedge_columns(ctx.sentences, hedges)
    ctx.summary["hedging"] = summarise_hedging(ctx.sentences, hedges)
