"""Cleaning one entity span: where the name starts and ends, and whether it is debris.

Elided articles and determiners are trimmed ("l'OTAN" -> "OTAN", "d'Ankara" ->
"Ankara"); debris is dropped *with a reason*: spans across a line break, calls
to action (``resources/entity_debris.tsv``), all-caps shouting, no letters,
lone function words or elisions such as "qu'", "État" inside "secrétaire
d'État", "Travail" inside "ministre du Travail".  Each step is a rule of
:data:`~analysis.analysers.entities.rules.RULES`.
"""

from __future__ import annotations

import re

from ...nlp import doc_text
from ...text import key as text_key
from .lexicon import NAME_PARTICLES, TITLES, is_common_word, load_debris
from .rules import rule_on

# An elided word on its own ("l'", "qu'") or at the start of a token ("l'OTAN").
_ELISION = re.compile(r"(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)'", re.I)
# Lower-case determiners and prepositions that spaCy sometimes includes in a span.
_LEADING_WORDS = frozenset({"le", "la", "les", "l'", "un", "une", "du", "des", "de", "d'", "au",
                            "aux", "ces", "ce", "cet", "cette", "son", "sa", "ses", "leur", "leurs",
                            "notre", "nos", "votre", "vos", "à", "en", "par", "pour", "selon"})
# Stop words that are also names of places ("l'Est de l'Ukraine").
_NAME_LIKE_STOPS = frozenset({"est"})
# Capitalised articles that belong to names (Le Pen, La Haye, Les Républicains).
_NAME_ARTICLES = frozenset({"le", "la", "les"})
# Nouns that make "État" a common noun: "secrétaire d'État", "coup d'État".
_ETAT = frozenset({"etat", "etats"})
# What comes before "État" in a compound noun, and before "Travail" in "ministre du Travail".
_STATE_COMPOUND = re.compile(r"(?:^|\s)(?:d'|de|chefs? de l')$")
_MINISTRY = re.compile(r"(?:^|\s)(?:ministres?|ministères?|secrétaires?|secrétariat|portefeuille)"
                       r"\s+(?:du|des|de la|de l'|d'|de|à la|aux?)"
                       r"(?:(?:\s+\S+){1,3}?\s+et\s+(?:du|des|de la|de l'|d'|de|à la|aux?))?$")
# "président de la République", "président du Conseil": a title, not the institution.
_PRESIDENT = re.compile(r"(?:^|\s)présidente?s?\s+(?:de la|du)$")
# The word _MINISTRY must end on (a quick test before building the words before a mention).
_MINISTRY_LAST = frozenset({"du", "des", "la", "l'", "d'", "de", "au", "aux"})


def _has_upper_or_digit(text: str) -> bool:
    return any(c.isupper() or c.isdigit() for c in text)


def _is_function_word(tok) -> bool:
    return tok.is_stop and tok.lower_ not in _NAME_LIKE_STOPS


def _letters(text: str) -> str:
    return "".join(filter(str.isalpha, text))


def clean_span(span, label: str | None = None, from_ruler: bool = False) -> tuple[int, int, str | None]:
    """Trim a raw entity span and say whether it is debris.

    Parameters
    ----------
    span : spacy.tokens.Span
    label : str, optional
        Defaults to ``span.label_``.
    from_ruler : bool
        The span comes from the entity ruler (lower-case category words such as
        "chars" in "chars Abrams" are then trimmed).

    Returns
    -------
    (start, end, reason)
        Character offsets into ``span.doc.text`` of the trimmed mention, and
        ``None`` or the reason it is dropped.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Il a rencontré l'OTAN.")
    >>> s, e, why = clean_span(d.char_span(15, 21, label="ORG"))
    >>> d.text[s:e], why
    ('OTAN', None)
    """
    label = label or span.label_
    toks = list(span)
    trim = rule_on("trim")
    i = _name_start(toks, label, from_ruler) if trim else 0
    j = _name_end(toks, i, from_ruler) if trim else len(toks)
    if i >= j:
        return span.start_char, span.end_char, _nameless_reason(span, toks)
    start, end = toks[i].idx, toks[j - 1].idx + len(toks[j - 1].text)
    m = _ELISION.match(toks[i].text) if trim else None
    if m and m.end() < len(toks[i].text) and (toks[i].text[0].islower() or toks[i].is_sent_start):
        start += m.end()  # "l'OTAN" kept as one token
    return start, end, _debris_reason(doc_text(span.doc)[start:end], toks[i:j], label, from_ruler, span.doc)


def _name_start(toks: list, label: str, from_ruler: bool) -> int:
    """Index of the first token of the name proper: determiners, elisions, titles and
    leading function words are left out."""
    i, j = 0, len(toks)
    while i < j:
        t, txt = toks[i], toks[i].text
        nxt = toks[i + 1] if i + 1 < j else None
        if t.is_space or not (t.is_alpha or any(c.isalnum() for c in txt)):
            i += 1
        elif _ELISION.fullmatch(txt):
            # "L'" capitalised mid-sentence is part of a name (L'Oréal); at a start it is orthography
            if txt[0].islower() or t.is_sent_start:
                i += 1
            else:
                break
        elif (txt in TITLES or (txt == "S." and nxt is not None and nxt.text == "M.")) \
                and nxt is not None and nxt.text[:1].isupper():
            i += 1  # "M. Macron", "S. M. Edouard VII" (Sa Majesté)
        elif txt in _LEADING_WORDS:  # lower-case as written
            if label == "PER" and txt in NAME_PARTICLES and nxt is not None and nxt.text[:1].isupper():
                break
            i += 1
        elif from_ruler and label == "EQUIP" and (not _has_upper_or_digit(txt) or t.pos_ == "DET") \
                and any(_has_upper_or_digit(u.text) for u in toks[i + 1:j]):
            i += 1  # "chars Abrams", "les Rafale"
        elif txt[:1].isupper() and _is_function_word(t) and t.lower_ not in _NAME_ARTICLES \
                and t.pos_ != "PROPN" and not (label == "PER" and t.lower_ in NAME_PARTICLES) \
                and not (nxt is not None and nxt.text == "-" and not t.whitespace_):  # Nouveau-Brunswick
            i += 1  # "Mais Ankara", "Selon Reuters" (but "De Gaulle" stays whole)
        else:
            break
    return i


def _name_end(toks: list, i: int, from_ruler: bool) -> int:
    """Index after the last token of the name proper (trailing function words, verbs and
    punctuation left out), the name starting at ``i``."""
    j = len(toks)
    while j > i:
        t = toks[j - 1]
        if t.is_space or not (t.is_alpha or any(c.isalnum() for c in t.text)) or \
                (t.text.islower() and _is_function_word(t) and not from_ruler
                 and not (j - 2 > i and toks[j - 2].lower_ == "d'" and t.text.isalpha())) or \
                (t.text.islower() and t.pos_ == "VERB" and not from_ruler and j - 1 > i):
            j -= 1  # "Paris et" -> "Paris"; "Tour de France organisé" -> "Tour de France"; "Palme d'or" stays
        else:
            break
    return j


def _nameless_reason(span, toks: list) -> str | None:
    """Why a span with nothing left after trimming is dropped (None when that rule is off)."""
    if not any(c.isalpha() for c in span.text):
        return "no letters" if rule_on("drop_no_letters") else None
    if toks and _ELISION.fullmatch(toks[0].text) and len(toks) <= 2:
        return "elision" if rule_on("drop_function_word") else None
    return "function word" if rule_on("drop_function_word") else None


def _debris_reason(text: str, toks: list, label: str, from_ruler: bool, doc) -> str | None:
    if rule_on("drop_line_break") and "\n" in text:
        return "spans a line break"
    letters = _letters(text)
    if rule_on("drop_no_letters"):
        if not letters:
            return "no letters"
        if sum(map(str.isalnum, text)) < 2 and not (text.isupper() and label in ("ORG", "MISC")):
            return "too short"  # "M" of "M." (but "X", the network, is a name)
    key = text_key(text)
    if rule_on("drop_debris_file"):
        for reason, rx in load_debris():
            if rx.search(key):
                return reason
    if rule_on("drop_all_caps") and letters.isupper() and sum(len(_letters(w)) >= 4 for w in text.split()) >= 2 \
            and _mostly_common_words(text):
        return "all-caps shouting"  # "GALERIE PHOTO DU SOMMET", not "RAYMOND POINCARÉ"
    word_toks = [t for t in toks if t.is_alpha or any(c.isalpha() for c in t.text)]  # (most are all letters)
    if rule_on("drop_function_word") and word_toks and all(_is_function_word(t) for t in word_toks):
        return "function word"
    if rule_on("drop_lower_case") and not from_ruler and not any(c.isupper() for c in text):
        return "lower case"
    return None if from_ruler else _common_noun_reason(key, toks, word_toks, doc)


def _common_noun_reason(key: str, toks: list, word_toks: list, doc) -> str | None:
    """A capital that belongs to a common noun: "secrétaire d'État", "ministre du Travail"."""
    # "secrétaire d'État", "coup d'État", "chef de l'État": the only capital is that État
    caps = [t for t in toks if t.text[:1].isupper()]
    if rule_on("drop_etat_compound") and caps and all(
            text_key(t.text) in _ETAT and _STATE_COMPOUND.search(_before(doc, t.i)) for t in caps):
        return "common noun (… d'État)"
    if rule_on("drop_ministry_part") and toks[0].i > 0 and doc[toks[0].i - 1].lower_ in _MINISTRY_LAST:
        before = _before(doc, toks[0].i, 8)
        if _MINISTRY.search(before) or (len(word_toks) == 1 and _PRESIDENT.search(before)
                                        and key in ("republique", "conseil")):
            return "part of a ministry title"
    return None


def _mostly_common_words(text: str) -> bool:
    """Are most words of ``text`` (of three letters or more) common words of the lexicon?"""
    words = re.findall(r"[^\W\d_]{3,}", text)
    return bool(words) and 2 * sum(is_common_word(w) for w in words) > len(words)


def _before(doc, i: int, n: int = 4) -> str:
    # token by token: a slice of the Doc would build a Span first
    return " ".join([doc[k].lower_ for k in range(max(0, i - n), i)])
