"""The article's names: its entity mentions indexed by token, with a surname lookup.

Built once per article (from the entities analyser's ``mentions`` table, or from the
raw ``doc.ents`` when that analyser did not run) and shared by the analysers that need
to know who a token names: quotes (speakers) and agency (actors).  Also the fullest
name the text gives each organisation (:func:`organisation_names`), for the speakers of
quotes.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd

from .syntax import PHRASE_STOP

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


def _table_mentions(mentions: pd.DataFrame) -> list[Mention]:
    """The rows of a ``mentions`` table as :class:`Mention` objects."""
    # whole columns as lists: row access on a DataFrame costs more than the rest
    cols = {c: mentions[c].tolist() for c in ("start", "end", "entity", "label")}
    entity = cols["entity"]
    texts = mentions["text"].tolist() if "text" in mentions.columns else entity
    actors = mentions["actor"].tolist() if "actor" in mentions.columns else [""] * len(entity)
    rows = []
    for start, end, text, ent, label, actor in zip(cols["start"], cols["end"], texts, entity,
                                                   cols["label"], actors):
        missing = actor is None or (isinstance(actor, float) and actor != actor)
        actor = "" if missing else str(actor)
        rows.append(Mention(int(start), int(end), str(text), str(ent), str(label), actor))
    return rows


def _model_mentions(doc) -> list[Mention]:
    """The model's ``doc.ents`` as :class:`Mention` objects (leading « l' », « d' » dropped)."""
    rows = []
    for e in doc.ents:
        text = e.text.strip()
        name = _ELIDED.sub("", text) or text
        if not _WORD.search(name):
            continue
        rows.append(Mention(e.start_char, e.start_char + len(e.text.rstrip()), text, name,
                            e.label_, ""))
    return rows


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
    needed = {"start", "end", "entity", "label"}
    from_table = mentions is not None and needed <= set(mentions.columns)
    rows = _table_mentions(mentions) if from_table else _model_mentions(doc)
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
    return ctx.once("names", mentions, lambda: name_index(ctx.doc, mentions))


ACRONYM = re.compile(r"[A-ZÉÈ][A-ZÉÈ0-9&-]{1,9}")


def organisation_names(doc, names: NameIndex) -> dict[str, str]:
    """The fullest name the text gives each organisation, by the name its mention has.

    The tagger often cuts an organisation's name at a complement (« l'Institut
    d'information | et de statistiques sanitaires », « la Fondation Aïda Kassab | pour les
    arts »): the name runs on through the complements the parser hangs on it, up to a
    comma, a verb or a clause.  An acronym given in brackets after a name (« l'Agence
    américaine de protection de l'environnement (EPA) ») stands for that name, and
    complements after the brackets belong to it (« l'Union nationale des propriétaires
    immobiliers (UNPI) du Rhône »).

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Le Conseil du café-cacao (CCC) a relevé le prix. Le CCC l'a confirmé.")
    >>> organisation_names(d, name_index(d)).get("CCC")
    'Conseil du café-cacao'
    """
    full: dict[str, str] = {}
    reach = -1  # end of the last name extended: a mention inside it is part of that name
    for m in names.mentions:
        if m.label == "PER" or m.start < reach:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        acronym, tail = _name_tail(doc, span)
        while tail and tail[-1].pos_ in ("ADP", "DET", "CCONJ"):
            tail.pop()
        if tail:
            reach = tail[-1].idx + len(tail[-1].text)
        name = m.entity
        if tail and m.entity == _ELIDED.sub("", m.text):
            name = f"{m.entity} {doc[tail[0].i:tail[-1].i + 1].text}"
        if len(name) > len(full.get(m.entity, "")):
            full[m.entity] = name
        if acronym is not None and acronym != m.entity:
            full[acronym] = full[m.entity]
    _spelled_acronyms(names, full)
    return {k: v for k, v in full.items() if v != k}


def _name_tail(doc, span) -> tuple[str | None, list]:
    """The acronym in brackets after an organisation's name (or None) and the tokens its
    name runs on through (its complements, up to a comma, a verb or a clause)."""
    # the tokens hung on the name's head, through no clause (brackets do not cut them)
    inside, stack = set(), [span.root]
    while stack:
        t = stack.pop()
        inside.add(t.i)
        stack.extend(c for c in t.children if c.dep_ not in PHRASE_STOP and
                     c.i > span.root.i)
    j, acronym, tail = span.end, None, []
    while j < len(doc):
        if doc[j].text == "(" and j + 2 < len(doc) and doc[j + 2].text == ")" and \
                ACRONYM.fullmatch(doc[j + 1].text) and acronym is None:
            acronym, j = doc[j + 1].text, j + 3
            continue
        # « Souss-Massa » cut at its hyphen
        joined = (doc[j].text == "-" and not doc[j - 1].whitespace_ and not doc[j].whitespace_) \
            or (doc[j - 1].text == "-" and tail and not doc[j - 1].whitespace_)
        if j not in inside and not joined or (doc[j].is_punct and not joined) or \
                doc[j].pos_ in ("VERB", "AUX", "NUM") or doc[j].lower_ == "ou":
            break  # (a participle opens a clause, a number an age: « de 52 ans »)
        if not tail and doc[j].pos_ != "ADP" and doc[j].lower_ != "et":
            break  # the name runs on only through its complements (« de », « pour »)
        tail.append(doc[j])
        j += 1
    return acronym, tail


def _spelled_acronyms(names: NameIndex, full: dict[str, str]) -> None:
    """Add to ``full`` the names the acronyms never given in brackets stand for."""
    # an acronym never given in brackets stands for the one name whose initials it spells
    # (« l'ASNL » after « l'AS Nancy-Lorraine »)
    spelled: dict[str, set] = {}
    for m in names.mentions:
        if m.label != "PER" and not ACRONYM.fullmatch(m.entity):
            spelled.setdefault(_initials(m.entity), set()).add(full.get(m.entity, m.entity))
    for m in names.mentions:
        if m.label != "PER" and ACRONYM.fullmatch(m.entity) and \
                full.get(m.entity, m.entity) == m.entity and \
                len(spelled.get(name_key(m.entity).upper(), ())) == 1:
            full[m.entity] = next(iter(spelled[name_key(m.entity).upper()]))


def _initials(name: str) -> str:
    """« AS Nancy-Lorraine » → « ASNL »: capitalised words give their first letter, words in
    capitals themselves; « de », « l' » nothing."""
    out = []
    for w in re.split(r"[\s\-]+", _ELIDED.sub("", name)):
        w = _ELIDED.sub("", w)
        if w.isupper():
            out.append(w)
        elif w[:1].isupper():
            out.append(w[0])
    return name_key("".join(out)).upper()
