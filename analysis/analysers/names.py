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

from spacy.attrs import ORTH

from ..nlp import doc_text
from .syntax import PHRASE_STOP, glued_hyphen

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

    def extended(self, doc, extra: list[Mention]) -> NameIndex:
        """A new index with the mentions ``extra`` too, each replacing a mention of the same
        span (this one is left as it is).

        Examples
        --------
        >>> from analysis.nlp import parse
        >>> d = parse("Adjoua, 38 ans, vend du manioc.")
        >>> idx = NameIndex([]).extended(d, [Mention(0, 6, "Adjoua", "Adjoua", "PER", "")])
        >>> idx.at(d[0]).entity, idx.person("Adjoua")
        ('Adjoua', 'Adjoua')
        """
        if not extra:
            return self
        spans = {(m.start, m.end) for m in extra}
        mentions = sorted([*(m for m in self.mentions if (m.start, m.end) not in spans), *extra],
                          key=lambda m: (m.start, m.end))
        idx = NameIndex(mentions, from_table=self.from_table,
                        surnames={k: set(v) for k, v in self.surnames.items()})
        for k, m in enumerate(mentions):
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            for i in range(span.start, span.end) if span is not None else ():
                idx.by_token.setdefault(i, k)
        for m in extra:
            if m.label == "PER":
                idx.surnames.setdefault(name_key(m.entity), set()).add(m.entity)
        return idx

    def person(self, text: str) -> str | None:
        """The one canonical person name whose last word (or whole name) is ``text``."""
        hits = self.surnames.get(name_key(text), set())
        return next(iter(hits)) if len(hits) == 1 else None


_ELIDED = re.compile(r"^(l|d|qu|lorsqu|jusqu)'\s*", re.I)


def _table_mentions(mentions) -> list[Mention]:
    """The rows of a ``mentions`` table (DataFrame or :class:`~analysis.tables.Table`) as :class:`Mention` objects."""
    # whole columns as lists: row access on a DataFrame costs more than the rest
    cols = {c: list(mentions[c]) for c in ("start", "end", "entity", "label")}
    entity = cols["entity"]
    texts = list(mentions["text"]) if "text" in mentions else entity
    actors = list(mentions["actor"]) if "actor" in mentions else [""] * len(entity)
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


def name_index(doc, mentions=None) -> NameIndex:
    """Index the article's mentions by token.

    Parameters
    ----------
    doc : spacy.tokens.Doc
    mentions : pandas.DataFrame or analysis.tables.Table, optional
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
    from_table = mentions is not None and all(c in mentions for c in needed)
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
    mentions = ctx.tables.table("mentions")
    return ctx.once("names", mentions, lambda: name_index(ctx.doc, mentions))


ACRONYM = re.compile(r"[A-ZÉÈ][A-ZÉÈ0-9&-]{1,9}")


def organisation_names(doc, names: NameIndex, brackets: list | None = None) -> dict[str, str]:
    """The fullest name the text gives each organisation, by the name its mention has.

    The tagger often cuts an organisation's name at a complement (« l'Institut
    d'information | et de statistiques sanitaires », « la Fondation Aïda Kassab | pour les
    arts »): the name runs on through the complements the parser hangs on it, up to a
    comma, a verb or a clause.  An acronym given in brackets after a name (« l'Agence
    américaine de protection de l'environnement (EPA) ») stands for that name, and
    complements after the brackets belong to it (« l'Union nationale des propriétaires
    immobiliers (UNPI) du Rhône »).  ``brackets``: the article's
    :func:`bracket_acronyms`, when the caller has them already.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Le Conseil du café-cacao (CCC) a relevé le prix. Le CCC l'a confirmé.")
    >>> organisation_names(d, name_index(d)).get("CCC")
    'Conseil du café-cacao'
    """
    full: dict[str, str] = {}
    # an acronym in capitals after an organisation's name is its own, spelled or not
    # (« (EPA) »); one in lower case only when it spells the name (not « Grenoble (Isère) »)
    opens = {b.open: b for b in (bracket_acronyms(doc) if brackets is None else brackets)
             if b.name or ACRONYM.fullmatch(b.acronym)}
    reach = -1  # end of the last name extended: a mention inside it is part of that name
    for m in names.mentions:
        if m.label == "PER" or m.start < reach:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        acronym, tail = _name_tail(doc, span, opens)
        while tail and tail[-1].pos_ in ("ADP", "DET", "CCONJ"):
            tail.pop()
        if tail:
            reach = tail[-1].idx + len(tail[-1].text)
        name = m.entity
        if tail and m.entity == _ELIDED.sub("", m.text):
            name = f"{m.entity} {doc[tail[0].i:tail[-1].i + 1].text}"
        if len(name) > len(full.get(m.entity, "")):
            full[m.entity] = name
        if acronym is not None and acronym.acronym != m.entity:
            # the words that spell it are its name, else the organisation's before it
            full[acronym.acronym] = acronym.name or full[m.entity]
    _spelled_acronyms(names, full)
    return {k: v for k, v in full.items() if v != k}


def _name_tail(doc, span, opens: dict) -> tuple[Bracketed | None, list]:
    """The acronym in brackets after an organisation's name (or None; ``opens``: the
    :class:`Bracketed` acronyms by the token that opens them) and the tokens its name runs on
    through (its complements, up to a comma, a verb or a clause)."""
    # the tokens hung on the name's head, through no clause (brackets do not cut them)
    inside, stack = set(), [span.root]
    while stack:
        t = stack.pop()
        inside.add(t.i)
        stack.extend(c for c in t.children if c.dep_ not in PHRASE_STOP and
                     c.i > span.root.i)
    j, acronym, tail = span.end, None, []
    while j < len(doc):
        if j in opens and acronym is None:
            acronym, j = opens[j], opens[j].close + 1
            continue
        # « Souss-Massa » cut at its hyphen
        joined = glued_hyphen(doc[j]) or (doc[j - 1].text == "-" and tail and not doc[j - 1].whitespace_)
        if j not in inside and not joined or (doc[j].is_punct and not joined) or \
                doc[j].pos_ in ("VERB", "AUX", "NUM") or doc[j].lower_ == "ou":
            break  # (a participle opens a clause, a number an age: « de 52 ans »)
        if not tail and doc[j].pos_ not in ("ADP", "ADJ") and doc[j].lower_ != "et":
            break  # the name runs on only through its complements (« de », « pour ») and
            # adjectives (« Centre | hospitalier de Cornouaille »)
        tail.append(doc[j])
        j += 1
    return acronym, tail


def _spelled_acronyms(names: NameIndex, full: dict[str, str]) -> None:
    """Add to ``full`` the names the acronyms never given in brackets stand for."""
    # an acronym never given in brackets stands for the one name whose words spell it
    # (« l'ASNL » after « l'AS Nancy-Lorraine », « le PS » after « le Parti socialiste »)
    named = {m.entity for m in names.mentions if m.label != "PER" and not ACRONYM.fullmatch(m.entity)}
    words = {n: _name_words(n) for n in named}  # (once per name, not per acronym tried)
    for acronym in {m.entity for m in names.mentions if m.label != "PER" and
                    ACRONYM.fullmatch(m.entity) and full.get(m.entity, m.entity) == m.entity}:
        letters = _letters(acronym)
        spelled = {full.get(n, n) for n in named if spells(words[n], letters) == 0}
        if len(spelled) == 1:
            full[acronym] = spelled.pop()


# --------------------------------------------------------------------- acronyms in brackets

#: An acronym as written in brackets: « FNAUT », « CISSS-O », « Insee », « Sdis ».
_BRACKETED = re.compile(r"[A-ZÉÈ](?:[A-ZÉÈ0-9&-]{1,11}|[a-zéè]{2,6})")
#: Words an acronym may leave out (« Organisation mondiale de la santé » → OMS).
_ACRONYM_LINKS = frozenset({"de", "des", "du", "la", "le", "les", "l", "d", "et", "pour", "en",
                            "à", "au", "aux", "sur", "contre"})
#: What ends the words before a bracket (the name cannot run through it).
_NAME_BREAK = frozenset(".,;:!?«»“”()\"")


@dataclass(frozen=True)
class Bracketed:
    """An acronym in brackets right after a name (« le Conseil du café-cacao (CCC) »).

    ``open``, ``close``: token indices of « ( » and « ) »; ``name``: the words before the
    bracket whose initials spell the acronym, with the capitalised words after the
    bracket (``""`` when no words before it spell it: « l'Agence américaine de protection
    de l'environnement (EPA) »); ``start``, ``end``: characters of that name, the bracket
    and its tail (from the bracket when nothing spells it).
    """

    open: int
    close: int
    acronym: str
    name: str
    start: int
    end: int


def word_initials(word: str) -> tuple[str, ...]:
    """What one word may give an acronym, the longer first (so a spelled name is the
    shortest): a word in capitals itself (« AS »), one letter per hyphenated part
    (« café-cacao » → CC), or its first letter.

    Examples
    --------
    >>> word_initials("café-cacao"), word_initials("AS"), word_initials("Conseil")
    (('CC', 'C'), ('AS', 'A'), ('C',))
    """
    parts = [p for p in word.split("-") if p]
    if not parts:
        return ()
    first = name_key(parts[0][:1]).upper()
    options = [name_key(word).upper().replace("-", "")] if word.isupper() and len(word) > 1 else []
    options.append("".join(name_key(p[:1]).upper() for p in parts))
    options.append(first)
    return tuple(dict.fromkeys(o for o in options if o))


def spells(words: list[str], letters: str, whole: bool = True) -> int | None:
    """Where the run of words ending ``words`` whose initials spell ``letters`` starts
    (the shortest run; with ``whole``, only the whole list counts: 0 or None).  Link
    words (« de », « la », « et » …) may give nothing, no other word may; a name does
    not open with a link word.

    Examples
    --------
    >>> spells(["AS", "Nancy-Lorraine"], "ASNL"), spells(["Conseil", "d'", "État"], "CE")
    (0, 0)
    >>> spells(["vit", "à", "agence", "régionale", "de", "santé"], "ARS", whole=False)
    2
    >>> spells(["Grenoble"], "ISERE") is None
    True
    """
    links = [w.lower().rstrip("'’") in _ACRONYM_LINKS for w in words]

    def back(i: int, rest: str) -> int | None:
        if not rest:
            if whole:  # (words left before the run may only be link words: « l' »)
                return 0 if all(links[:i + 1]) else None
            return None if links[i + 1] else i + 1
        if i < 0:
            return None
        if links[i]:
            found = back(i - 1, rest)
            if found is not None:
                return found
        for ini in word_initials(words[i]):
            if rest.endswith(ini):
                found = back(i - 1, rest[:-len(ini)])
                if found is not None:
                    return found
        return None
    return back(len(words) - 1, letters) if len(letters) >= 2 and words else None


def bracket_acronyms(doc) -> list[Bracketed]:
    """The acronyms the article gives in brackets after a name, read from its tokens.

    The name is the run of words just before the bracket whose initials spell the
    acronym (:func:`spells`: « le Centre intégré de santé et de services sociaux de
    l'Outaouais (CISSS-O) », « l'agence régionale de santé (ARS) »); capitalised words
    right after the bracket, with or without « de », belong to it (« l'agence régionale
    de santé (ARS) Bretagne », « le service départemental d'incendie et de secours (Sdis)
    de l'Aude »).  Words in brackets that spell nothing before them keep ``name == ""``
    (« (EPA) »: an organisation's mention may still own it, :func:`organisation_names`);
    « Annecy (Haute-Savoie) » is no acronym at all.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Selon la Fédération nationale des usagers des transports (FNUT), non.")
    >>> [(b.acronym, b.name, d.text[b.end - 6:b.end]) for b in bracket_acronyms(d)]
    [('FNUT', 'Fédération nationale des usagers des transports', '(FNUT)')]
    >>> [b.name for b in bracket_acronyms(parse("L'agence régionale de santé (ARS) Bretagne appelle."))]
    ['agence régionale de santé Bretagne']
    >>> bracket_acronyms(parse("Il habite Grenoble (Isère) depuis 2010."))[0].name
    ''
    """
    out, text = [], doc_text(doc)
    # only the tokens « ( » (one array read, not a Token per token)
    opening = doc.vocab.strings["("] if "(" in doc.vocab.strings else None
    for i in (doc.to_array([ORTH]) == opening).nonzero()[0].tolist() if opening else ():
        t = doc[i]
        close = next((k for k in range(t.i + 1, min(t.i + 6, len(doc))) if doc[k].text == ")"),
                     None)
        if close is None or close == t.i + 1 or any(
                doc[k].whitespace_ for k in range(t.i + 1, close - 1)):
            continue
        acronym = doc[t.i + 1:close].text.strip()
        if not _BRACKETED.fullmatch(acronym):
            continue
        words = _words_before(doc, t.i)
        start = spells([w for w, _, _ in words], _letters(acronym), whole=False)
        if start is None:
            out.append(Bracketed(t.i, close, acronym, "", t.idx, doc[close].idx + 1))
            continue
        tail_end = _bracket_tail(doc, close)
        name = text[words[start][1]:t.idx].strip()
        end = doc[close].idx + 1
        if tail_end > close + 1:
            end = doc[tail_end - 1].idx + len(doc[tail_end - 1].text)
            name += text[doc[close].idx + 1:end]
        out.append(Bracketed(t.i, close, acronym, " ".join(name.split()), words[start][1], end))
    return out


def _letters(acronym: str) -> str:
    return name_key(re.sub(r"[\W_]", "", acronym)).upper()


def _name_words(name: str) -> list[str]:
    """The words of a name as an acronym reads them (« l'Outaouais » → l, Outaouais)."""
    return re.findall(r"[^\W\d_][\w-]*'?", name)


def _words_before(doc, i: int) -> list[tuple[str, int, int]]:
    """The words (text, start, end characters) before token ``i``, back to a punctuation
    mark, a line break or 40 tokens; hyphenated words the tokenizer split are one word."""
    words: list[tuple[str, int, int]] = []
    for t in reversed(doc[max(i - 40, 0):i]):
        if t.text in _NAME_BREAK or "\n" in t.text:
            break
        glued = words and not t.whitespace_ and (t.text == "-" or words[0][0].startswith("-"))
        if glued:
            w, _, end = words[0]
            words[0] = (t.text + w, t.idx, end)
        elif t.text[:1].isalpha():
            words.insert(0, (t.text, t.idx, t.idx + len(t.text)))
        elif not t.is_space:
            break
    return words


def _bracket_tail(doc, close: int) -> int:
    """The token after the capitalised words that follow a bracket (with or without « de »:
    « (ARS) Bretagne », « (Sdis) de l'Aude », « de la Lozère »); ``close + 1`` when none do."""
    j, end = close + 1, close + 1
    while j < len(doc) and doc[j - 1].whitespace_:
        k = j
        if doc[k].lower_ in ("de", "du", "des", "d'") and k + 1 < len(doc):
            k += 1
            if doc[k - 1].lower_ == "de" and doc[k].lower_ in ("l'", "la") and k + 1 < len(doc):
                k += 1
        if not (doc[k].text[:1].isupper() and doc[k].text[:1].isalpha() and len(doc[k].text) > 1):
            break
        while k + 2 < len(doc) and glued_hyphen(doc[k + 1]):
            k += 2  # « Haute-Savoie »
        j = end = k + 1
    return end
