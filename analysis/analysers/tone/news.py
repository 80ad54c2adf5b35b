"""The ``news`` tone method (the kit's default): news words, clause negation, evidence.

A sentence's tone is the weighted mean of its *chunks*: each content word
found in the merged news lexicon (``resources/lexicon_news.tsv``, built by
``tools/build_news_lexicon.py`` from vaderSentiment-fr, AFINN-fr and the
team's supplement), with what acts on it in the spaCy parse:

* **masking**: tokens inside named entities and inside fixed expressions whose
  words carry no tone (``lexicon_news_masks.csv``: titles such as « Premier
  ministre », institutions such as « Conseil de sécurité », idioms such as
  « sans doute ») are never scored and never negate;
* **sense filters**: words that only quantify or situate (ordinal adjectives
  by spaCy's ``NumType=Ord``; the lemmas of ``lexicon_news_neutral.csv``:
  « proche », « long », nationality adjectives…) never become chunks, and a
  lexicon entry restricted to a part of speech (``pos`` column) matches only
  a token of that part of speech (« crues », a noun, is not the adjective);
* **negation over the clause** (:func:`negation_scope`): a negation cue
  (« pas », « jamais », « aucun », « sans », « ne … plus ») negates the
  predicate it attaches to, its predicative and infinitive complements, and
  the indefinite arguments with their modifiers (« n'ont pas fourni d'armes à
  des conditions satisfaisantes »); a definite argument is presupposed and keeps
  its tone (« n'a pas condamné l'invasion »), and so does the subject;
* **boosters and dampeners**: adverbs (« très ») and quantifying adjectives
  (« dégâts considérables », « lourdes pertes ») change the size of the word
  they modify by VADER's increment;
* **contrast**: chunks before « mais », « pourtant »… weigh 0.5, after 1.5.

See ``docs/tone.md`` ("The news method").
"""

from __future__ import annotations

import functools
import math

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .common import Evidence, MethodResult, clip, has_ne, norm, user_lexicon
from .news_resources import news_entries, news_masks, news_neutral, news_rules

#: VADER's empirical constants, rescaled from its -4..4 valence to [-1, 1] where needed.
NEWS_NEGATION = -0.74          # VADER's N_SCALAR
NEWS_BOOST = 0.293 / 4         # VADER's B_INCR / 4
NEWS_CONTRAST = (0.5, 1.5)     # VADER's "but": weight before / after
#: A price that rises / falls (« hausse des prix », « baisse des loyers »): the team's values.
NEWS_COST = {"increase": -0.4, "decrease": 0.3}

_CONTENT = frozenset({"NOUN", "VERB", "ADJ", "ADV", "INTJ"})
# Dependents of a negated predicate that stay in the negation's clause.
_ARGUMENTS = frozenset({"obj", "obl:arg", "iobj"})
_MODIFIERS = frozenset({"amod", "advmod", "acl"})
_NOMINAL = frozenset({"NOUN", "PRON", "NUM", "ADJ"})
# roles matched by lemma too (« réduit » → réduire, « fortes » → fort)
_LEMMA_ROLES = frozenset({"booster", "dampener", "decrease", "increase", "cost"})


@functools.lru_cache(maxsize=4096)
def _emoji_key(text: str) -> str:
    """A token's emoji with variation selectors and skin tones removed ("❤️" → "❤")."""
    return "".join(ch for ch in text if not (ch in "\ufe0f\u200d" or "\U0001f3fb" <= ch <= "\U0001f3ff"))


def _is_symbolic(text: str) -> bool:
    # emoticons and emoji: no letter and no digit, or a known emoticon with letters (":D", "xD")
    if text.isalpha():  # most words: settled without looking at each character
        return False
    return not any(ch.isalnum() for ch in text) or len(text) <= 4


# --- masking ---------------------------------------------------------------------

def mask_tokens(doc) -> frozenset:
    """Indices of tokens never scored: named entities and fixed expressions.

    Fixed expressions (``lexicon_news_masks.csv``) are matched on lower-case
    token text by a spaCy ``PhraseMatcher``.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Le Premier ministre a sans doute raison.")
    >>> sorted(d[i].text for i in mask_tokens(d))
    ['Premier', 'doute', 'ministre', 'sans']
    """
    out = {i for ent in doc.ents if _is_name(ent) for i in range(ent.start, ent.end)}
    for _key, start, end in _mask_matcher(doc.vocab)(doc):
        out.update(range(start, end))
    return frozenset(out)


def _is_name(ent) -> bool:
    """An entity with a capitalised word other than its sentence's first (French names are
    capitalised: « super soirée merci à tous » tagged as an entity in a post is not a name)."""
    first = ent.sent.start if ent.doc.has_annotation("SENT_START") else 0
    return any(t.text[:1].isupper() and t.i != first for t in ent)


_MATCHERS: dict = {}


def _mask_matcher(vocab):
    """A ``PhraseMatcher`` (lower-case text) of :func:`news_masks`, one per vocabulary."""
    m = _MATCHERS.get(id(vocab))
    if m is None or m[0] is not vocab:
        matcher = PhraseMatcher(vocab, attr="LOWER")
        matcher.add("MASK", [Doc(vocab, words=list(p)) for p in news_masks()])
        m = _MATCHERS[id(vocab)] = (vocab, matcher)
    return m[1]


# --- negation scope ----------------------------------------------------------------

def _is_negation(tok, rules) -> bool:
    role = rules.get(norm(tok.lower_))
    return role == "negation" or (role == "negation_ne" and has_ne(tok))


def _definite(tok) -> bool:
    """A nominal whose determiner presupposes its referent (« l' », « ces », « son »)."""
    for c in tok.children:
        if c.dep_ == "det":
            if "Def" in c.morph.get("Definite") or c.morph.get("PronType") in (["Dem"], ["Prs"]):
                return True
            if "Poss=Yes" in str(c.morph):
                return True
    return False


def _partitive(tok) -> bool:
    """A noun whose existence the negation denies: bare or with « de » (« pas d'armes »)."""
    dets = [c for c in tok.children if c.dep_ == "det"]
    return not dets or any(norm(d.text) in ("de", "d'") for d in dets)


def _noun_phrase(tok, out: set, noun: bool = True) -> None:
    """The modifiers of ``tok`` (and ``tok`` itself when ``noun``), and the indefinite
    nominals attached to it."""
    if noun:
        out.add(tok.i)
    for c in tok.children:
        dep = c.dep_.split(":")[0]
        if dep in _MODIFIERS:
            _noun_phrase(c, out)
        elif dep in ("nmod", "conj") and c.pos_ in _NOMINAL and not _definite(c):
            _noun_phrase(c, out, _partitive(c))


def _clause(head, out: set) -> None:
    """The negated predicate ``head`` and what the negation reaches in its clause."""
    out.add(head.i)
    for c in head.children:
        dep = c.dep_
        if dep in ("xcomp", "advmod", "amod"):
            _clause(c, out)
        elif dep in _ARGUMENTS and c.pos_ in _NOMINAL and not _definite(c):
            # « pas de victimes »: the noun is denied; « pas vu une crise »: only its modifiers
            _noun_phrase(c, out, _partitive(c))


def negation_scope(span, masked=frozenset(), rules=None) -> dict[int, object]:
    """Which tokens of a sentence a negation reaches: ``{token index: negation token}``.

    ``span`` is the sentence, as a ``Span`` or as the list of its tokens.

    * a cue on a noun (« aucune victime », « sans succès ») reaches the noun
      and its modifiers;
    * a cue on a predicate (« n'a pas tué », « n'est pas satisfaisant ») reaches
      the predicate, its infinitive or predicative complements (``xcomp``), its
      adverbs and its indefinite objects and obliques with their modifiers
      (« pas fourni d'armes à des conditions satisfaisantes »): a noun is denied
      only after « de » or bare (« pas d'armes », « sans succès »), otherwise only
      its modifiers are reached (« pas vu une crise aussi grave »); not its
      subject, a definite argument (« pas condamné l'invasion ») nor another
      clause.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Les alliés n'ont pas fourni d'armes à des conditions satisfaisantes.")
    >>> sorted(d[i].text for i in negation_scope(d[:]))
    ['armes', 'fourni', 'satisfaisantes']
    """
    rules = news_rules() if rules is None else rules
    out: dict[int, object] = {}
    for cue in span:
        if cue.i in masked or not _is_negation(cue, rules):
            continue
        head = cue.head
        if head.i == cue.i:
            continue
        reach: set = set()
        if head.pos_ in ("NOUN", "PROPN", "PRON") and cue.dep_ in ("det", "case", "advmod", "cc"):
            _noun_phrase(head, reach)
        else:
            _clause(head, reach)
        reach.discard(cue.i)
        for i in sorted(reach):
            tok = cue.doc[i]
            if norm(tok.text) in ("ne", "n'") or _is_negation(tok, rules):
                continue  # the other half of « ne … pas », or a cue of its own
            out.setdefault(i, cue)
    return out


# --- scoring ---------------------------------------------------------------------

_INFINITIVE = ("er", "ir", "re", "ïr")
# first-group verb endings, longest first: what spaCy's lookup lemmatiser misses on a form that
# is also a noun (« réclame », « critique », « menace »)
_ER_ENDINGS = ("eraient", "aient", "erait", "erons", "eront", "èrent", "ions", "iez", "ait",
               "ant", "ées", "ent", "ons", "era", "ais", "ez", "ée", "és", "es", "er", "é", "e", "a")


@functools.lru_cache(maxsize=8192)
def _infinitive(form: str) -> str | None:
    """The first-group infinitive of a verb form found in the news lexicon, or None.

    Examples
    --------
    >>> _infinitive("réclame"), _infinitive("réclamaient"), _infinitive("xyz")
    ('réclamer', 'réclamer', None)
    """
    entries = news_entries()
    for end in _ER_ENDINGS:
        if form.endswith(end) and len(form) > len(end) + 2:
            cand = form[: -len(end)] + "er"
            if cand in entries:
                return cand
    return None


def _common_word(tok) -> bool:
    """A token tagged PROPN outside any name that is written as a common word: lower case
    (« bravo »), or capitalised only as its sentence's first word (« Super soirée »)."""
    if not tok.is_alpha:
        return False
    return tok.text.islower() or (tok.is_sent_start and tok.text[1:].islower())


def case_blind(span) -> bool:
    """A sentence in capitals or in Title Case, where capitals mark no names.

    Headlines are often written « Grève À La SNCF : Le Trafic Perturbé » or
    « LE CAC 40 DÉVISSE »: spaCy then reads most words as names.  In such a
    sentence names are not masked and every word is looked up in lower case.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> case_blind(parse("BOURSE : LE CAC 40 DÉVISSE")[:]), case_blind(parse("Le CAC 40 dévisse.")[:])
    (True, False)
    """
    words = [t for t in span[1:] if t.is_alpha and len(t) > 1]
    return len(words) >= 3 and sum(t.text[0].isupper() for t in words) >= 0.7 * len(words)


def _lookup(tok, w: str, lemma: str, user: dict, blind: bool = False):
    """``(polarity, key, source)`` of a token (``w``, ``lemma``: its text and lemma as the
    lexicons spell them), or None (no entry, or no tone in news)."""
    entries = news_entries()
    if _is_symbolic(tok.text):
        key = _emoji_key(tok.text) if w not in entries else w
        hit = entries.get(key)
        return (hit[0], key, "news") if hit is not None else None
    pos = tok.pos_
    if (pos == "VERB" or (blind and pos == "X")) and not lemma.endswith(_INFINITIVE):
        lemma = _infinitive(w) or lemma  # « réclame » lemmatised as the noun « réclame »
    if pos in ("PROPN", "X") and (blind or (pos == "PROPN" and _common_word(tok))):
        pos = "NOUN"  # a word spaCy read as a name because of its capitals
    if pos not in _CONTENT:
        return None
    neutral = news_neutral()
    for cand in (w, lemma):
        if cand in neutral and (not neutral[cand] or pos in neutral[cand] or blind):
            return None
    if pos == "ADJ" and "Ord" in tok.morph.get("NumType"):
        return None  # premier, dernier, deuxième: they only situate
    tag = {"ADJ": "JJ", "ADV": "RB", "NOUN": "NN", "VERB": "VB", "INTJ": "UH"}[pos]
    for cand in (w, lemma):
        hit = user.get(cand, {})
        hit = hit.get(tag) or hit.get("*")
        if hit is not None:
            return hit[0], cand, "user"
        hit = entries.get(cand)
        if hit is not None and (not hit[1] or pos in hit[1] or blind):
            return hit[0], cand, "news"
    return None


def _boosters(tok, rules, masked) -> tuple[float, list]:
    """Size change from the boosters / dampeners acting on ``tok``, and their tokens."""
    delta, toks = 0.0, []
    for c in tok.children:
        r = rules.get(norm(c.text)) or rules.get(norm(c.lemma_))
        if r in ("booster", "dampener") and c.dep_ in ("advmod", "amod") and c.i not in masked:
            delta += NEWS_BOOST if r == "booster" else -NEWS_BOOST
            toks.append(c)
    # a predicative booster: « les dégâts sont considérables »
    h = tok.head
    if tok.dep_.startswith("nsubj") and h.pos_ == "ADJ" and h.i not in masked and \
            (rules.get(norm(h.text)) or rules.get(norm(h.lemma_))) == "booster":
        delta += NEWS_BOOST
        toks.append(h)
    return delta, toks


def news_chunks(span, masked, lexicon=None) -> list[dict]:
    """Scored chunks of one sentence with the news method.

    A content word (noun, verb, adjective, adverb, interjection; never a
    name, never a masked expression, never a word that only quantifies or
    situates) found in the news lexicon, by form then lemma, or an emoticon
    or emoji, is a chunk.  Its value grows or shrinks by 0.073 per booster /
    dampener acting on it (« très grave », « lourdes pertes »), is multiplied
    by -0.74 when a negation reaches it (:func:`negation_scope`) and, in a
    sentence with a contrast word (« mais », « pourtant »), weighs 0.5 before
    it and 1.5 after.

    Parameters
    ----------
    span : spacy.tokens.Span
    masked : set of int
        Token indices never scored (:func:`mask_tokens`).
    lexicon : str or Path, optional
        A user lexicon (``docs/tone.md``), looked up before the news lexicon.

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
    rules, user = news_rules(), user_lexicon(lexicon)
    toks = list(span)  # spaCy builds a new Token object on every access: build them once
    blind = case_blind(toks)
    if blind:  # capitals mark no names here: only fixed expressions stay masked
        masked = frozenset(i for i in masked if span.doc[i].ent_iob_ == "O")
    scope = negation_scope(toks, masked, rules)
    chunks, shifts, contrast, irony = [], [], None, False
    for tok in toks:
        if tok.is_space or tok.i in masked:
            continue
        w, lemma = norm(tok.text), norm(tok.lemma_)
        role, lemma_role = rules.get(w), rules.get(lemma)
        if (role or lemma_role) in ("decrease", "increase"):
            shifts.append((tok, role or lemma_role))
        if role == "contrast" and contrast is None:
            contrast = tok.i
        if role == "irony":
            irony = True
        elif role is not None or lemma_role in _LEMMA_ROLES:
            continue  # a rule word acts on other words and is not scored itself
        chunk = _word_chunk(tok, w, lemma, user, blind, rules, masked, scope)
        if chunk is not None:
            chunks.append(chunk)
    chunks += _shift(shifts, chunks, rules, masked)
    return _weigh(chunks, contrast, irony)


def _weigh(chunks: list[dict], contrast: int | None, irony: bool) -> list[dict]:
    """The chunks in text order, praise negated in an ironic sentence (« vive la pluie 🙃 »)
    and weighted around the first contrast word (token index ``contrast``)."""
    if irony:
        for c in chunks:
            if c["polarity"] > 0:
                c["polarity"], c["negated"] = c["polarity"] * NEWS_NEGATION, True
    chunks.sort(key=lambda c: c["i"])
    for c in chunks:
        if contrast is None:
            c["weight"] = 1.0
        else:
            c["weight"] = NEWS_CONTRAST[0] if c["i"] < contrast else NEWS_CONTRAST[1]
    return chunks


def _word_chunk(tok, w: str, lemma: str, user: dict, blind: bool, rules, masked,
                scope: dict) -> dict | None:
    """The chunk of a toned word (``w``, ``lemma``: its keys): its value sized by the boosters
    acting on it and negated when a negation reaches it (``scope``); None for a word without tone."""
    hit = _lookup(tok, w, lemma, user, blind)
    if hit is None or hit[0] == 0:
        return None
    entry, key, src = hit
    delta, toks = _boosters(tok, rules, masked)
    toks = [tok, *toks]
    p = math.copysign(clip(abs(entry) + delta, 0.0, 1.0), entry)
    cue = scope.get(tok.i)
    if cue is not None:
        p *= NEWS_NEGATION
        toks.append(cue)
    return {"tokens": sorted(toks, key=lambda t: t.i), "polarity": clip(p), "negated": cue is not None,
            "intensified": bool(delta), "i": tok.i, "entry": key, "source": src}


def _role(tok, rules):
    return rules.get(norm(tok.text)) or rules.get(norm(tok.lemma_))


def _phrase(tok, out: list) -> list:
    """``tok`` and the words that complete it as a noun phrase (« les cas de paludisme »)."""
    out.append(tok)
    for c in tok.children:
        if c.dep_.split(":")[0] in ("nmod", "amod", "compound", "flat", "conj", "fixed"):
            _phrase(c, out)
    return out


def _shift(shifts: list, chunks: list, rules, masked) -> list:
    """Apply words of decrease and increase to what they act on; return the price chunks.

    ``shifts`` holds the sentence's unmasked words of decrease and increase, in
    text order, as ``(token, "decrease" | "increase")``.

    The thing that decreases or increases is the subject or object of a verb
    (« le chômage recule », « réduit les cas de paludisme »), the noun after a
    noun (« hausse de la violence ») or, for « à la hausse » / « en baisse »,
    the subject of the clause.  Its toned words are negated by a decrease and
    strengthened by an increase; a price word in it (« prix », « loyer »)
    adds a chunk on the shifting word (:data:`NEWS_COST`).
    """
    by_i = {c["i"]: c for c in chunks}
    extra, done = [], set()
    for s, kind in shifts:
        if s.pos_ in ("VERB", "AUX"):
            targets = [c for c in s.children if c.dep_ in ("nsubj", "nsubj:pass", "obj")]
        else:
            targets = [c for c in s.children if c.dep_.startswith("nmod")]
            if s.dep_.startswith("obl"):  # « les prix repartent à la hausse »
                targets += [c for c in s.head.children if c.dep_.startswith("nsubj")]
        cost = False
        for t in (w for target in targets for w in _phrase(target, [])):
            c = by_i.get(t.i)
            if c is not None and t.i not in done:
                done.add(t.i)
                c["tokens"] = sorted([*c["tokens"], s], key=lambda x: x.i)
                if kind == "decrease":
                    c["polarity"], c["negated"] = clip(c["polarity"] * NEWS_NEGATION), True
                else:
                    size = clip(abs(c["polarity"]) + NEWS_BOOST, 0.0, 1.0)
                    c["polarity"], c["intensified"] = math.copysign(size, c["polarity"]), True
            elif t.i not in masked and _role(t, rules) == "cost":
                cost = True
        if cost and s.i not in done:
            done.add(s.i)
            extra.append({"tokens": [s], "polarity": NEWS_COST[kind], "negated": False,
                          "intensified": False, "i": s.i, "entry": norm(s.lemma_), "source": "news"})
    return extra


def chunk_offsets(chunk: dict) -> tuple[int, int]:
    """Character offsets of a chunk: the run of its tokens that holds the scored word.

    A negation met far off in the clause (« pas … satisfaisantes ») is named in
    the chunk's ``words`` but not covered, so chunk spans do not overlap.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Ils n'ont pas fourni d'armes à des conditions satisfaisantes.")
    >>> c = news_chunks(d[:], set())[-1]
    >>> " ".join(t.text for t in c["tokens"]), d.text[slice(*chunk_offsets(c))]
    ('pas satisfaisantes', 'satisfaisantes')
    """
    idx = {t.i: t for t in chunk["tokens"]}
    lo = hi = chunk["i"]
    while lo - 1 in idx:
        lo -= 1
    while hi + 1 in idx:
        hi += 1
    return idx[lo].idx, idx[hi].idx + len(idx[hi].text)


def score(ctx, lexicon=None) -> MethodResult:
    """The news method on an :class:`~analysis.context.ArticleContext`.

    Chunk subjectivity is ``|polarity|`` (the news lexicons have no
    subjectivity: it reports how charged the words are).
    """
    masked = mask_tokens(ctx.doc)
    rows = []
    for sid, span in enumerate(ctx.sents):
        for c in news_chunks(span, masked, lexicon):
            p = float(c["polarity"])
            start, end = chunk_offsets(c)
            rows.append(Evidence(ctx.article_id, sid, "news", " ".join(t.text for t in c["tokens"]), p, abs(p),
                                 c["negated"], c["intensified"], c["weight"], start, end, c["entry"], c["source"]))
    return MethodResult.from_rows(rows, len(ctx.sents))
