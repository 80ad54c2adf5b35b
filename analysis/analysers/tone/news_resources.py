"""What the ``news`` method reads: its lexicon, rule words, sense filters and fixed expressions.

All are editable tables in ``analysis/resources/`` read once per process by
:func:`analysis.resource_files.read_rows`; ``lexicon_news.tsv`` is generated
by ``tools/build_news_lexicon.py`` (see ``docs/tone.md``, "The news method").
"""

from __future__ import annotations

import functools

from ... import config
from ...resource_files import read_rows
from .common import norm

#: The merged news lexicon (built by ``tools/build_news_lexicon.py``) and its rule words.
NEWS_LEXICON = config.RESOURCES_DIR / "lexicon_news.tsv"
NEWS_RULES = config.RESOURCES_DIR / "lexicon_news_rules.csv"
#: Words that carry no tone in news (sense filters) and fixed expressions never scored.
NEWS_NEUTRAL = config.RESOURCES_DIR / "lexicon_news_neutral.csv"
NEWS_MASKS = config.RESOURCES_DIR / "lexicon_news_masks.csv"

ROLES = frozenset({"negation", "negation_ne", "booster", "dampener", "contrast", "decrease",
                   "increase", "cost", "irony"})


@functools.lru_cache(maxsize=1)
def news_entries() -> dict[str, tuple[float, frozenset]]:
    """The news lexicon with each entry's parts of speech: ``{word: (polarity, pos)}``
    (an empty ``pos``: any part of speech)."""
    return {r["word"]: (float(r["polarity"]), frozenset(r.get("pos", "").split()))
            for r in read_rows(NEWS_LEXICON, "\t")}


@functools.lru_cache(maxsize=1)
def news_lexicon() -> dict[str, float]:
    """The merged news lexicon: ``{word: polarity}`` (see ``docs/tone.md``).

    Examples
    --------
    >>> news_lexicon()["colère"] < 0 < news_lexicon()["cessez-le-feu"]
    True
    """
    return {w: p for w, (p, _pos) in news_entries().items()}


@functools.lru_cache(maxsize=1)
def news_rules() -> dict[str, str]:
    """Rule words of the news method: ``{word: role}``.

    Examples
    --------
    >>> news_rules()["pas"], news_rules()["plus"], news_rules()["mais"]
    ('negation', 'negation_ne', 'contrast')
    """
    out = {}
    for r in read_rows(NEWS_RULES):
        if r["role"] not in ROLES:
            raise ValueError(f"{NEWS_RULES.name}: unknown role {r['role']!r} for {r['word']}")
        out[r["word"]] = r["role"]
    return out


@functools.lru_cache(maxsize=1)
def news_neutral() -> dict[str, frozenset]:
    """Sense filters: ``{lemma: parts of speech}`` of words that carry no tone in news.

    An empty set means any part of speech.

    Examples
    --------
    >>> sorted(news_neutral()["proche"])
    ['ADJ']
    """
    out: dict[str, set] = {}
    for r in read_rows(NEWS_NEUTRAL):
        out.setdefault(norm(r["word"]), set()).update(r["pos"].split())
    return {w: frozenset(p) for w, p in out.items()}


@functools.lru_cache(maxsize=1)
def news_masks() -> tuple[tuple[str, ...], ...]:
    """Fixed expressions never scored, as lower-case word tuples (longest first).

    Examples
    --------
    >>> ("premier", "ministre") in news_masks()
    True
    """
    phrases = {tuple(norm(r["phrase"]).split()) for r in read_rows(NEWS_MASKS)}
    return tuple(sorted(phrases, key=lambda p: (-len(p), p)))
