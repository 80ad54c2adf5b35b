"""The article's names: its entity mentions indexed by token, with a surname lookup.

Built once per article (from the entities analyser's ``mentions`` table, or from the
raw ``doc.ents`` when that analyser did not run) and shared by the analysers that need
to know who a token names: quotes (speakers) and agency (actors).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd

_WORD = re.compile(r"\w")

@functools.lru_cache(maxsize=4096)
def name_key(s: str) -> str:
    """Accent- and case-insensitive key for comparing names.

    Examples
    --------
    >>> name_key("Erdoğan") == name_key("ERDOGAN")
    True
    """
    s = unicodedata.normalize("NFKD", str(s).casefold())
    return "".join(c for c in s if not unicodedata.combining(c)).strip()


@dataclass(frozen=True)
class Mention:
    """One entity mention with its canonical name (from ``mentions`` or ``doc.ents``)."""

    start: int
    end: int
    text: str
    entity: str
    label: str
    actor: str


@dataclass
class NameIndex:
    """Mentions of one ``Doc`` indexed by token, with a surname lookup for people.

    Built by :func:`name_index` from ``ctx.tables["mentions"]`` when present,
    otherwise from ``doc.ents`` (raw span text as the name).
    """

    mentions: list[Mention]
    by_token: dict[int, int] = field(default_factory=dict)
    surnames: dict[str, set] = field(default_factory=dict)
    from_table: bool = False

    def at(self, tok) -> Mention | None:
        """The mention covering token ``tok``, or None."""
        k = self.by_token.get(tok.i)
        return None if k is None else self.mentions[k]

    def person(self, text: str) -> str | None:
        """The one canonical person name whose last word (or whole name) is ``text``."""
        hits = self.surnames.get(name_key(text), set())
        return next(iter(hits)) if len(hits) == 1 else None


_ELIDED = re.compile(r"^(l|d|qu|lorsqu|jusqu)'\s*", re.I)


def name_index(doc, mentions: pd.DataFrame | None = None) -> NameIndex:
    """Index the article's mentions by token.

    Parameters
    ----------
    doc : spacy.tokens.Doc
    mentions : pandas.DataFrame, optional
        The entities analyser's ``mentions`` table (``start, end, text, entity,
        label, actor``).  Without it (or when it lacks those columns) the raw
        ``doc.ents`` are used, with the span text (leading « l' », « d' » dropped)
        as the name.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Wendy Sherman est arrivée. Sherman a parlé.")
    >>> idx = name_index(d)
    >>> idx.person("Sherman"), idx.at(d[0]).label
    ('Wendy Sherman', 'PER')
    """
    rows: list[Mention] = []
    needed = {"start", "end", "entity", "label"}
    if mentions is not None and needed <= set(mentions.columns):
        # whole columns as lists: row access on a DataFrame costs more than the rest
        cols = {c: mentions[c].tolist() for c in ("start", "end", "entity", "label")}
        entity = cols["entity"]
        texts = mentions["text"].tolist() if "text" in mentions.columns else entity
        actors = mentions["actor"].tolist() if "actor" in mentions.columns else [""] * len(entity)
        for start, end, text, ent, label, actor in zip(cols["start"], cols["end"], texts, entity,
                                                       cols["label"], actors):
            missing = actor is None or (isinstance(actor, float) and actor != actor)
            actor = "" if missing else str(actor)
            rows.append(Mention(int(start), int(end), str(text), str(ent), str(label), actor))
        from_table = True
    else:
        for e in doc.ents:
            text = e.text.strip()
            name = _ELIDED.sub("", text) or text
            if not _WORD.search(name):
                continue
            rows.append(Mention(e.start_char, e.start_char + len(e.text.rstrip()), text, name,
                                e.label_, ""))
        from_table = False
    rows.sort(key=lambda m: (m.start, m.end))
    idx = NameIndex(rows, from_table=from_table)
    for k, m in enumerate(rows):
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        for i in range(span.start, span.end):
            idx.by_token.setdefault(i, k)
    for m in rows:
        if m.label == "PER":
            words = m.entity.split()
            for key in {name_key(m.entity), name_key(words[-1]) if words else ""} - {""}:
                idx.surnames.setdefault(key, set()).add(m.entity)
    # a full name is only worth a surname lookup when longer than the surname itself
    for key, names in list(idx.surnames.items()):
        longest = {n for n in names if len(n.split()) == max(len(x.split()) for x in names)}
        idx.surnames[key] = longest
    return idx




def article_names(ctx) -> NameIndex:
    """The article's :class:`NameIndex`, built once per article and shared by the analysers.

    Built from ``ctx.tables["mentions"]`` (or ``doc.ents`` without it) the first time an
    analyser asks, and rebuilt only if the ``mentions`` table was replaced since.

    Examples
    --------
    >>> from analysis.context import ArticleContext
    >>> from analysis.nlp import parse
    >>> d = parse("Wendy Sherman est arrivée.")
    >>> ctx = ArticleContext("a", d, list(d.sents), None)
    >>> article_names(ctx) is article_names(ctx)
    True
    """
    mentions = ctx.tables.get("mentions")
    cached = ctx.shared.get("names")
    if cached is None or cached[0] is not mentions:
        cached = ctx.shared["names"] = (mentions, name_index(ctx.doc, mentions))
    return cached[1]
