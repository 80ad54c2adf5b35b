"""The entity rules: the registry that switches them, and the rules that read the words
around a name.

Every rule the analyser applies on top of the model's spans is named in
:data:`RULES` and can be switched off with :func:`rules_off` to measure what it
adds (``tools/entity_ablation.py``).

The context rules (:func:`context_rules`) correct what the model says from the
words in and just before a mention: a nationality word is not a place, "la
chaîne Haberturk" is an organisation, "Météo-France" too, "à Pierre-Bénite" is
a place, "ministre de l'Économie" is a function, "général Joffre" a person,
"le paquebot La Lorraine" a thing, "tribunal correctionnel de Paris" a body.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field

from ...text import key as text_key
from .lexicon import (
    CAP_ARTICLES,
    DATE_WORDS,
    DE,
    DEFINITE,
    PERSON_PARTICLES,
    TITLES,
    has_role,
    is_demonym,
    is_nationality,
    is_title_word,
)

# --- the registry ------------------------------------------------------------------


#: Every rule the analyser applies on top of the model's spans, by name, with what it
#: does.  Each one is measured on the hand-coded dev set (``tools/entity_ablation.py``,
#: ``docs/entities.md``); switch rules off with :func:`rules_off`.
RULES: dict[str, str] = {
    "trim": "trim determiners, elisions and leading function words off a span (the name proper)",
    "drop_function_word": "drop a span made only of function words or an elision",
    "drop_no_letters": "drop a span without letters or with fewer than two characters",
    "drop_line_break": "drop a span across a line break",
    "drop_debris_file": "drop calls to action and page furniture (entity_debris.tsv)",
    "drop_all_caps": "drop two or more all-caps words of four letters or more",
    "drop_lower_case": "drop a span without a capital letter",
    "drop_etat_compound": "drop État in secrétaire d'État, coup d'État",
    "drop_ministry_part": "drop Travail in ministre du Travail",
    "sentence_start_article": "Le Pentagone -> Pentagone at a sentence start when the bare name is known",
    "propagate": "count untagged repeats of a kept name",
    "one_label": "one label per entity and article (alias > ruler > person name > majority)",
    "extend_partial": "widen a partial person mention over name words just before it",
    "person_title": "général Joffre -> Joffre (PER); a title before a name makes it a person",
    "drop_function_title": "drop a function, not a name: ministre de l'Économie",
    "drop_demonym": "drop nationality and demonym words (Français, Parisiens); Le Français X -> X",
    "org_place_name": "a place name after an organisation prefix is an organisation: Météo-France",
    "org_after_head": "a name right after an organisation noun is one: la chaîne Haberturk",
    "place_context": "a one-word person after à, en or maire de is a place: à Guipry-Messac",
    "dateline": "a dateline (PARIS –) is the article's place, not a mention",
    "drop_sentence_start_lexicon": "drop a lone sentence-initial common word of the lexicon (Contactée)",
    "title_case": "in a headline in title case or capitals, keep only names confirmed by the text",
    "government_actor": "ministère turc des Affaires étrangères -> actor Turquie",
    "drop_date_word": "drop a day or month name (Vendredi)",
    "initials_org": "a name of initials is an organisation: C.G.T., F. F. I.",
    "org_words": "a name opening with École, Hospices... or ending with Films is an organisation",
    "institution_span": "tribunal correctionnel de Paris: the body (ORG), not the place",
    "keep_titles": "a person mention holds the titles written before the name: M. Dupont, général Foch",
    "thing_name": "a name after a vessel, engine or storm noun, or in « », is MISC: paquebot La Lorraine",
    "place_span": "quai Duguay-Trouin, place de la Concorde: the street word is part of the place",
}
_ON: dict[str, bool] = dict.fromkeys(RULES, True)


def rule_on(name: str) -> bool:
    """Is rule ``name`` (a key of :data:`RULES`) switched on?

    Examples
    --------
    >>> rule_on("trim")
    True
    """
    return _ON[name]


@contextlib.contextmanager
def rules_off(*names: str):
    """Switch rules off inside a ``with`` block (for measurement), then back on.

    Examples
    --------
    >>> with rules_off("trim"):
    ...     rule_on("trim")
    False
    >>> rule_on("trim")
    True
    """
    unknown = set(names) - set(RULES)
    if unknown:
        raise KeyError(f"unknown entity rule(s): {', '.join(sorted(unknown))}")
    before = dict(_ON)
    _ON.update(dict.fromkeys(names, False))
    try:
        yield
    finally:
        _ON.clear()
        _ON.update(before)


# --- the context rules -----------------------------------------------------------------

# Determiners after which a capitalised word in -ais, -iens... is a people ("les Abidjanais").
_PLURAL_DETS = frozenset({"les", "des", "aux", "ces", "nos", "vos", "leurs", "deux", "trois",
                          "plusieurs", "quelques", "certains", "nombreux", "de", "d'"})
# Hyphenated names shaped like places: Saint-Malo, Pont-Péan, Villeneuve-sur-Lot, Aix-en-Provence.
PLACE_SHAPE = re.compile(
    r"^(?:saint|sainte|st|ste|pont|mont|port|val|fort|bourg|ville|villeneuve|neuville|bois|bas|basse"
    r"|haut|haute|nouveau|nouvelle|île|cap|aix|la|le|les)-|-(?:sur|sous|en|de|du|des|la|le|les|lès|lez"
    r"|aux|au|et|d'\w|l'\w)", re.I)
# A name written only with initials: "C.G.T.", "F. F. I." (an organisation, not a person).
_INITIALS = re.compile(r"^(?:[A-ZÀ-Þ]\.\s?){2,}[A-ZÀ-Þ]?\.?$")


@dataclass
class _Name:
    """A mention while the context rules reshape it (``text`` is ``full[start:end]``)."""

    toks: list
    start: int
    end: int
    label: str
    full: str
    starts: frozenset
    prev: object = None  # the token before the name, once titles and heads are left out
    text: str = ""
    words: list = field(default_factory=list)


def context_rules(doc, start: int, end: int, label: str, starts=frozenset(),
                  full: str | None = None) -> tuple[int, int, str, str | None]:
    """Span, label and drop reason of a model mention after the rules that read its words
    and the words just before it (titles, nationality words, organisation nouns, places).

    Parameters
    ----------
    doc : spacy.tokens.Doc
    start, end : int
        Character offsets of the (cleaned) mention.
    label : str
        The model's label.
    starts : set of int
        Tokens that open a sentence besides ``is_sent_start`` (after a dateline).
    full : str, optional
        ``doc.text`` if already read (spaCy rebuilds it on each access).

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Il regarde la chaîne Haberturk avec le général Joffre.")
    >>> context_rules(d, 21, 30, "LOC")
    (21, 30, 'ORG', None)
    >>> s, e, lab, why = context_rules(d, 39, 53, "MISC")
    >>> d.text[s:e], lab
    ('Joffre', 'PER')
    """
    sp = doc.char_span(start, end, alignment_mode="expand")
    if sp is None or not len(sp):
        return start, end, label, None
    name = _Name(list(sp), start, end, label, doc.text if full is None else full, starts)
    for stage in (_titles_and_heads, _dates_and_demonyms, _retype, _places_and_bodies, _place_context):
        done = stage(doc, name)
        if done is not None:
            return done
    return name.start, name.end, name.label, None


def _cap(tok) -> bool:
    return tok.text[:1].isupper()


def _opens(doc, tok, starts=frozenset()) -> bool:
    """Does ``tok`` open a sentence (or a quotation, or the text after a dateline)?"""
    return tok.is_sent_start or tok.i in starts or (
        tok.i > 0 and doc[tok.i - 1].text in ("«", "\"", "“", "(", "–", "—", ":"))


def _titles_and_heads(doc, name: _Name):
    """Quoted titles, honorifics, common-noun heads ("usines Renault"), functions with
    their complement (dropped) and titles before a person's name (left out)."""
    toks, label, end = name.toks, name.label, name.end
    before = doc[toks[0].i - 1] if toks[0].i > 0 else None
    after = doc[toks[-1].i + 1] if toks[-1].i + 1 < len(doc) else None
    if rule_on("thing_name") and before is not None and after is not None and before.text in ("«", "“") \
            and after.text in ("»", "”") and label != "EQUIP":
        return name.start, end, "MISC", None  # a title in quotation marks: « Poussière », « Hiver à Busan »
    if rule_on("person_title") and before is not None and before.text in TITLES and label != "PER":
        label = "PER"  # "Me Labori"
    # things and organisations named after a common noun: "constellation Galileo", "usines Renault"
    if len(toks) >= 2 and toks[0].text.islower() and _cap(toks[1]):
        if rule_on("thing_name") and has_role(toks[0].text, "thing"):
            toks, label = toks[1:], "MISC"
        elif rule_on("org_after_head") and has_role(toks[0].text, "org_of"):
            toks, label = toks[1:], "ORG"
    # a function with its complement is not a name: "ministre de l'Économie", "président de
    # la République" (but "général de Gaulle" is)
    if rule_on("drop_function_title") and len(toks) >= 2 and toks[0].text.islower() \
            and is_title_word(toks[0].text) and (toks[1].lower_ in ("du", "des", "d'") or toks[1].lower_ == "de" and (
                label != "PER" or len(toks) > 2 and toks[2].lower_ in ("la", "l'"))):
        return toks[0].idx, end, label, "a function, not a name"
    if rule_on("person_title") and len(toks) >= 2:
        toks, label = _without_titles(toks, label)
    first = toks[0]
    name.toks, name.label, name.prev = toks, label, doc[first.i - 1] if first.i > 0 else None
    name.start = first.idx
    name.text = name.full[name.start:end]
    name.words = name.text.split()  # "Guipry-Messac" is three tokens but one word
    return None


def _without_titles(toks: list, label: str) -> tuple[list, str]:
    """Titles and functions before a name: "général Joffre" -> "Joffre" (PER)."""
    k = 0
    if label == "PER":  # a name starts with a capital or a particle ("néral Maunoury" from OCR)
        while k < len(toks) - 1 and toks[k].text.islower() and toks[k].lower_ not in PERSON_PARTICLES:
            k += 1
    elif toks[0].text.islower() and is_title_word(toks[0].text) and _cap(toks[1]):
        k, label = 1, "PER"
    if k and any(_cap(t) for t in toks[k:]):
        toks = toks[k:]
    return toks, label


def _dates_and_demonyms(doc, name: _Name):
    """Day and month names (dropped), initials (an organisation), nationality and demonym
    words (dropped; "Le Français Romain Duclos" -> "Romain Duclos")."""
    start, end, label, text, words, prev = name.start, name.end, name.label, name.text, name.words, name.prev
    first = name.toks[0]
    if rule_on("drop_date_word") and len(words) == 1 and text_key(text) in DATE_WORDS:
        return start, end, label, "a date"
    if rule_on("initials_org") and label != "ORG" and _INITIALS.match(text):
        return start, end, "ORG", None
    after_cap_article = prev is not None and prev.text in CAP_ARTICLES and not _opens(doc, prev, name.starts)
    # "les Français", "Parisiens"; "Le Français Romain Duclos" -> "Romain Duclos"
    if rule_on("drop_demonym") and label != "PER" and not after_cap_article and _cap(first):
        if len(words) == 1 and is_demonym(text, plural_context=prev is not None and prev.lower_ in _PLURAL_DETS) \
                and not _head_before(doc, first.i, "organisation"):
            return start, end, label, "nationality or demonym"
        if len(words) >= 2 and is_nationality(words[0]) and words[1][:1].isupper():
            rest = [t for t in name.toks if t.idx >= start + len(words[0])]
            name.toks, name.label = rest, "PER"
            name.start, name.text, name.words = rest[0].idx, name.full[rest[0].idx:end], words[1:]
    return None


def _retype(doc, name: _Name) -> None:
    """Labels from the words of the name and the head noun before it: organisations
    ("Météo-France", "la chaîne Haberturk", "selon Les Échos"), things ("le paquebot La Lorraine")."""
    label, words, toks, prev = name.label, name.words, name.toks, name.prev
    if label != "ORG" and rule_on("org_place_name"):
        parts = re.split(r"[\s-]+", name.text)
        if len(parts) >= 2 and has_role(parts[0], "org_prefix") and parts[1][:1].isupper():
            label = "ORG"
    if label != "ORG" and rule_on("org_words") and (
            (len(words) >= 2 or label != "PER") and _cap(toks[0])
            and has_role(words[0], "institution")
            or len(words) >= 2 and has_role(words[-1], "org_suffix")
            or len(words) >= 2 and label != "PER" and toks[0].text.islower()
            and has_role(words[0], "government")):
        label = "ORG"  # "École polytechnique fédérale de Lausanne", "Pyramide Films", "ministère russe de la Défense"
    if label in ("LOC", "MISC") or (label == "PER" and len(words) == 1):
        if rule_on("org_after_head") and _head_before(doc, toks[0].i, "organisation"):
            label = "ORG"
    if label == "MISC" and rule_on("org_after_head") and prev is not None and (
            prev.lower_ == "selon" or (prev.lower_ == "après" and prev.i > 0 and doc[prev.i - 1].lower_ == "d'")):
        label = "ORG"  # a source: "selon Les Échos"
    if label != "MISC" and rule_on("thing_name") and _thing_before(doc, toks[0].i):
        label = "MISC"  # "le paquebot La Lorraine", "un moteur Anzani"
    if label != "ORG" and rule_on("org_after_head") and toks[0].i >= 2 and doc[toks[0].i - 1].lower_ in DE \
            and has_role(doc[toks[0].i - 2].text, "org_of"):
        label = "ORG"  # "le siège de Lactalis"
    name.label = label


def _places_and_bodies(doc, name: _Name):
    """Streets, squares and provinces ("quai Duguay-Trouin", "province de Quang-Ngaï") and
    named bodies ("tribunal correctionnel de Paris": the body, not the place)."""
    toks, label, end = name.toks, name.label, name.end
    if label == "LOC" and rule_on("place_span") and len(toks) >= 3 and toks[0].text.islower() \
            and has_role(toks[0].text, "place") and toks[1].lower_ in DE:
        k = 2 if toks[1].lower_ != "de" or toks[2].lower_ not in ("la", "l'") else 3
        if k < len(toks) and _cap(toks[k]):  # "province de Quang-Ngaï" -> "Quang-Ngaï"
            toks = name.toks = toks[k:]
            name.start, name.text = toks[0].idx, name.full[toks[0].idx:end]
            name.words = name.text.split()
    if rule_on("place_span") and (label != "PER" or not (toks[0].i and doc[toks[0].i - 1].lower_ in DE)):
        head = _place_feature_before(doc, toks[0].i)
        if head is not None:  # "quai Duguay-Trouin", "place de la Concorde"
            return doc[head].idx, end, "LOC", None
    if label != "PER" and rule_on("institution_span"):
        head = _institution_before(doc, toks[0].i)
        if head is not None:  # "tribunal correctionnel de Paris", "hôpital de la Pitié"
            return doc[head].idx, end, "LOC" if has_role(doc[head].text, "building") else "ORG", None
    return None


def _place_context(doc, name: _Name) -> None:
    """A one-word person after "à", "en" or "maire de", or shaped like a place, is a place."""
    first = name.toks[0]
    prev = doc[first.i - 1] if first.i > 0 else None
    if name.label == "PER" and len(name.words) == 1 and rule_on("place_context") and prev is not None:
        hyphen = "-" in name.text.strip("-")
        before_prev = doc[prev.i - 1] if prev.i > 0 else None
        if (hyphen and (prev.lower_ in ("à", "en") or PLACE_SHAPE.search(name.text))) or (
                prev.lower_ in DE and before_prev is not None
                and has_role(before_prev.text, "place")):
            name.label = "LOC"


def _head_before(doc, i: int, role: str, links=DE) -> int | None:
    """Index of the head noun with ``role`` that token ``i`` follows, over lower-case
    adjectives and "de + noun" ("la chaîne [publique] X", "l'agence de presse X",
    "le tribunal correctionnel de X" from its "de"), or None.  ``links``: the
    prepositions allowed in "de + noun"."""
    k, skipped = i - 1, 0
    while k >= 0 and skipped < 3:
        t = doc[k]
        if not t.text.islower():
            return None
        if has_role(t.text, role):
            return k
        if t.pos_ == "ADJ":
            k, skipped = k - 1, skipped + 1
        elif t.pos_ == "NOUN" and k >= 1 and doc[k - 1].lower_ in links:
            k, skipped = k - 2, skipped + 1
        else:
            return None
    return None


def _skip_de(doc, i: int) -> int:
    """Index of the word before "de", "du", "de la", "de l'" ending right before token ``i``
    (-1 when there is no such "de")."""
    k = i - 1
    if k >= 1 and doc[k].lower_ in ("la", "l'") and doc[k - 1].lower_ == "de":
        return k - 2
    if k >= 0 and doc[k].lower_ in DE:
        return k - 1
    return -1


def _institution_before(doc, i: int) -> int | None:
    """Head of "<institution or building> [adjectives] de|du|de la|de l' <name>" before token ``i``."""
    k = _skip_de(doc, i)
    if k < 0:
        return None
    head = None
    for role in ("institution", "building"):
        head = k if has_role(doc[k].text, role) and doc[k].text.islower() \
            else _head_before(doc, k + 1, role, links=("d'",))  # "cour d'appel de"
        if head is not None:
            break
    # a named body takes the definite article ("le parquet de X"), not "son centre de X"
    if head is None or head == 0 or doc[head - 1].lower_ not in DEFINITE:
        return None
    return head


def _place_feature_before(doc, i: int) -> int | None:
    """Head of "<street, bridge...> [de|du|de la] <name>" before token ``i``: "quai X",
    "digue du Sillon" (the feature word belongs to the place's name)."""
    for k in (i - 1, _skip_de(doc, i)):
        if k >= 0 and doc[k].text.islower() and has_role(doc[k].text, "place_feature"):
            return k
    return None


def _thing_before(doc, i: int) -> bool:
    """Does token ``i`` name the thing a vessel, engine or storm noun before it announces
    ("le paquebot La Lorraine", "le contre-torpilleur l'Efcopette")?"""
    k = i - 1
    if k >= 0 and doc[k].lower_ in ("le", "la", "l'", "les"):
        k -= 1
    return k >= 0 and doc[k].text.islower() and has_role(doc[k].text, "thing")


