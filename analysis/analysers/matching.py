"""Finding lexicon terms in the article's ``Doc``: the term matcher of hedging and frames.

A term of ``resources/hedges.tsv`` or ``resources/frames_lexicon.tsv`` is split
with spaCy's French tokenizer rules (:func:`term_tokens`), then matched word by
word on the lower-case forms and lemmas of the parsed ``Doc`` (:class:`TermMatcher`),
read once per article (:func:`token_forms`, cached by :func:`article_forms`).
:func:`sentence_lookup` gives the sentence of each token, for the analysers that
place what they find in the ``sentences`` table.
"""

from __future__ import annotations

import functools

import spacy
from spacy.attrs import LEMMA, LOWER

# Function words interchangeable inside multi-word terms (« de la » = « du », « l' » = « le »).
_FUNCTION_CLASSES = [
    frozenset({"de", "du", "des", "d'"}),
    frozenset({"le", "la", "les", "l'"}),
    frozenset({"à", "au", "aux"}),
]


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
    parse itself; its ``PhraseMatcher`` reads one attribute per pattern, where a
    term's words may match some by form and some by lemma).

    Parameters
    ----------
    entries : iterable of (key, term, match)
        ``key`` is any hashable returned with each match of ``term``.

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

    def __call__(self, doc, forms=None) -> list[tuple]:
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

    Read from the token arrays (iterating the ``Doc`` would build a ``Token``
    object per token).

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> token_forms(parse("Les sanctions"))
    (['les', 'sanctions'], ['le', 'sanction'])
    """
    strings = doc.vocab.strings
    lowers, lemmas = doc.to_array([LOWER, LEMMA]).T.tolist()
    return [strings[h] for h in lowers], [strings[h].lower() for h in lemmas]


def article_forms(ctx) -> tuple[list[str], list[str]]:
    """:func:`token_forms` of the article's ``Doc``, read once and shared by hedging and frames.

    Examples
    --------
    >>> from analysis.context import ArticleContext
    >>> from analysis.nlp import parse
    >>> d = parse("Les sanctions")
    >>> ctx = ArticleContext("a", d, list(d.sents), None)
    >>> article_forms(ctx) is article_forms(ctx)
    True
    """
    return ctx.once("token_forms", ctx.doc, lambda: token_forms(ctx.doc))


def sentence_lookup(doc, sents) -> list[int]:
    """The ``sentence_id`` of every token of ``doc``, -1 outside ``sents`` (trimmed spaces).

    Examples
    --------
    >>> from analysis.nlp import parse, sentence_spans
    >>> d = parse("Il pleut. Il vente.")
    >>> sentence_lookup(d, sentence_spans(d))
    [0, 0, 0, 1, 1, 1]
    """
    sent_of = [-1] * len(doc)
    for i, s in enumerate(sents):
        start, end = s.start, s.end
        sent_of[start:end] = [i] * (end - start)
    return sent_of
