"""Entities and actors: clean mentions, canonical names, actor grouping.

Reads the one parse (``ctx.doc.ents``: the model's PER / ORG / LOC / MISC plus
the entity ruler's ``EQUIP`` for military equipment) and turns raw spans into
tidy tables a media analyst can count:

1. **clean**: elided articles and determiners are trimmed ("l'OTAN" -> "OTAN",
   "d'Ankara" -> "Ankara"); debris is dropped *with a reason* (spans across a
   line break, calls to action, all-caps shouting, no letters, lone function
   words or elisions such as "qu'", "État" inside "secrétaire d'État");
2. **context**: the words around a name correct what the model says (a
   nationality word is not a place, "la chaîne Haberturk" is an organisation,
   "Météo-France" too, "à Pierre-Bénite" is a place, "ministre de l'Économie"
   is a function); a dateline ("PARIS –") is the article's place, not a
   mention; in a headline in title case, a name counts only when the article
   confirms it (``analysis.names`` holds the French lexicon these rules use);
3. **canonical names**: written forms are compared case-, accent- and
   hyphen-insensitively; the alias table (``resources/aliases.csv``) maps
   names across articles ("Kiev" -> "Kyiv", "Zelenskyy" -> "Zelensky"); inside
   an article a surname or partial name joins the one full person name it ends
   ("Erdogan" -> "Recep Tayyip Erdogan"); a person mention keeps the titles
   written before the name ("M. Dupont", "général Foch"), the entity does not;
4. **types**: one label per entity and article, from the strongest evidence
   (alias label > entity-ruler label > "part of a full person name" > majority
   of the labels, ties to the earliest mention);
5. **actors**: an optional grouping (``resources/actors.csv``: "Washington" ->
   "États-Unis", "Kremlin" -> "Russie"; a government body named with a
   nationality adjective goes to its country); ungrouped entities are their
   own actor.  Co-occurrence pairs actors, as actor tone and agency do.

Every rule is named in :data:`RULES` and can be switched off (:func:`rules_off`)
to measure what it adds (``tools/entity_ablation.py``).  Tables added to
``ctx.tables``: ``mentions``, ``entities``, ``cooccurrence``, ``actors`` and
``mentions_dropped`` (what was dropped and why); figures go to
``ctx.summary["entities"]``.  See ``docs/entities.md``.
"""

from __future__ import annotations

import bisect
import contextlib
import csv
import functools
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from . import config
from . import names as names_mod

ALIASES_FILE = config.RESOURCES_DIR / "aliases.csv"
ACTORS_FILE = config.RESOURCES_DIR / "actors.csv"
DEBRIS_FILE = config.RESOURCES_DIR / "entity_debris.tsv"

#: Labels an entity can carry (the model's four plus the entity ruler's).
LABELS = ("PER", "ORG", "LOC", "MISC", "EQUIP")

MENTION_COLUMNS = ["article_id", "sentence_id", "start", "end", "text", "entity", "label", "actor"]
ENTITY_COLUMNS = ["article_id", "entity", "label", "mentions", "sentences", "first_sentence",
                  "aliases", "mean_polarity"]
COOCCURRENCE_COLUMNS = ["article_id", "entity_a", "entity_b", "sentences"]
ACTOR_COLUMNS = ["article_id", "actor", "mentions", "sentences", "first_sentence", "entities",
                 "mean_polarity"]
DROPPED_COLUMNS = ["article_id", "sentence_id", "start", "end", "text", "label", "reason"]
#: Columns of the intermediate table :func:`raw_mentions` returns.
RAW_COLUMNS = ["article_id", "sentence_id", "start", "end", "text", "model_label", "rule_id"]

_INT = "int64"


# --- rules -------------------------------------------------------------------

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


# --- names -------------------------------------------------------------------

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})
_WORDS = re.compile(r"\w+")


@functools.lru_cache(maxsize=4096)
def name_key(text: str) -> str:
    """Comparison key of a name: case-, accent-, hyphen- and apostrophe-insensitive.

    Examples
    --------
    >>> name_key("États-Unis"), name_key("Etats Unis"), name_key("Erdoğan")
    ('etats unis', 'etats unis', 'erdogan')
    >>> name_key("l'OTAN")
    'l otan'
    """
    s = unicodedata.normalize("NFKD", text.translate(_LIGATURES)).casefold()
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(_WORDS.findall(s))


# --- resources ---------------------------------------------------------------

class Alias(NamedTuple):
    """Canonical name and optional forced label of an alias row."""

    entity: str
    label: str | None


def _read_table(path: str, delimiter: str = ",") -> list[dict[str, str]]:
    """Rows of a CSV/TSV with a header; lines starting with ``#`` are comments."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.lstrip().startswith("#")]
    return [{k.strip(): (v or "").strip() for k, v in row.items() if k}
            for row in csv.DictReader(lines, delimiter=delimiter)]


@functools.lru_cache(maxsize=8)
def _aliases(paths: tuple[str, ...]) -> MappingProxyType:
    table: dict[str, Alias] = {}
    for path in paths:  # later files override earlier ones
        for row in _read_table(path):
            alias, entity = row.get("alias", ""), row.get("entity", "")
            label = row.get("label", "").upper() or None
            if label is not None and label not in LABELS:
                raise ValueError(f"{path}: unknown label {label!r} for alias {alias!r}; "
                                 f"use one of {', '.join(LABELS)} or leave it empty")
            if alias and entity:
                table[name_key(alias)] = Alias(entity, label)
    return MappingProxyType(table)


def load_aliases(path: str | Path | None = None) -> MappingProxyType:
    """The alias table: ``name_key(alias) -> Alias(entity, label)``.

    Parameters
    ----------
    path : path, optional
        A user CSV (``alias, entity, label``) read *after* the packaged default,
        so its rows add to and override the default ones.

    Examples
    --------
    >>> load_aliases()[name_key("Kiev")]
    Alias(entity='Kyiv', label='LOC')
    >>> load_aliases()[name_key("Zelenskyy")].entity
    'Zelensky'
    """
    paths = (str(ALIASES_FILE),) + ((str(path),) if path else ())
    return _aliases(paths)


@functools.lru_cache(maxsize=8)
def _actors(paths: tuple[str, ...]) -> MappingProxyType:
    table: dict[str, str] = {}
    for path in paths:
        for row in _read_table(path):
            if row.get("entity") and row.get("actor"):
                table[name_key(row["entity"])] = row["actor"]
    return MappingProxyType(table)


def load_actors(path: str | Path | None = None) -> MappingProxyType:
    """The actor grouping: ``name_key(entity) -> actor``.

    Parameters
    ----------
    path : path, optional
        A user CSV (``entity, actor``) read after the packaged default.

    Examples
    --------
    >>> load_actors()[name_key("Maison Blanche")]
    'États-Unis'
    """
    paths = (str(ACTORS_FILE),) + ((str(path),) if path else ())
    return _actors(paths)


@functools.lru_cache(maxsize=4)
def load_debris(path: str | None = None) -> tuple[tuple[str, re.Pattern], ...]:
    """Debris rules ``(reason, regex)``, searched in the :func:`name_key` of a mention.

    Examples
    --------
    >>> reasons = {r for r, _ in load_debris()}
    >>> "call to action" in reasons
    True
    """
    rows = _read_table(path or str(DEBRIS_FILE), delimiter="\t")
    return tuple((r["reason"], re.compile(r["pattern"])) for r in rows)


# --- cleaning one span -------------------------------------------------------

# An elided word on its own ("l'", "qu'") or at the start of a token ("l'OTAN").
_ELISION = re.compile(r"(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)'", re.I)
# Lower-case determiners and prepositions that spaCy sometimes includes in a span.
_LEADING_WORDS = frozenset({"le", "la", "les", "l'", "un", "une", "du", "des", "de", "d'", "au",
                            "aux", "ces", "ce", "cet", "cette", "son", "sa", "ses", "leur", "leurs",
                            "notre", "nos", "votre", "vos", "à", "en", "par", "pour", "selon"})
# Kept at the start of a person name: "de Gaulle", "du Bellay", "des Cars".
_NAME_PARTICLES = frozenset({"de", "du", "des"})
# Honorifics that are not part of the name.
_TITLES = frozenset({"M.", "MM.", "Mme", "Mmes", "Mlle", "Mlles", "Mgr", "Dr", "Dr.", "Pr", "Pr.",
                     "Me"})
# Stop words that are also names of places ("l'Est de l'Ukraine").
_NAME_LIKE_STOPS = frozenset({"est"})
# Capitalised articles that belong to names (Le Pen, La Haye, Les Républicains).
_NAME_ARTICLES = frozenset({"le", "la", "les"})
# Nouns that make "État" a common noun: "secrétaire d'État", "coup d'État".
_ETAT = frozenset({"etat", "etats"})


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
    doc = span.doc
    label = label or span.label_
    toks = list(span)
    i, j = 0, len(toks)
    first_elision = bool(toks) and bool(_ELISION.fullmatch(toks[0].text))
    trim = _ON["trim"]
    while trim and i < j:
        t, txt = toks[i], toks[i].text
        nxt = toks[i + 1] if i + 1 < j else None
        if t.is_space or not any(c.isalnum() for c in txt):
            i += 1
        elif _ELISION.fullmatch(txt):
            # "L'" capitalised mid-sentence is part of a name (L'Oréal); at a start it is orthography
            if txt[0].islower() or t.is_sent_start:
                i += 1
            else:
                break
        elif (txt in _TITLES or (txt == "S." and nxt is not None and nxt.text == "M.")) \
                and nxt is not None and nxt.text[:1].isupper():
            i += 1  # "M. Macron", "S. M. Edouard VII" (Sa Majesté)
        elif txt in _LEADING_WORDS:  # lower-case as written
            if label == "PER" and txt in _NAME_PARTICLES and nxt is not None and nxt.text[:1].isupper():
                break
            i += 1
        elif from_ruler and label == "EQUIP" and (not _has_upper_or_digit(txt) or t.pos_ == "DET") \
                and any(_has_upper_or_digit(u.text) for u in toks[i + 1:j]):
            i += 1  # "chars Abrams", "les Rafale"
        elif txt[:1].isupper() and _is_function_word(t) and t.lower_ not in _NAME_ARTICLES \
                and t.pos_ != "PROPN" and not (label == "PER" and t.lower_ in _NAME_PARTICLES) \
                and not (nxt is not None and nxt.text == "-" and not t.whitespace_):  # Nouveau-Brunswick
            i += 1  # "Mais Ankara", "Selon Reuters" (but "De Gaulle" stays whole)
        else:
            break
    while trim and j > i:
        t = toks[j - 1]
        if t.is_space or not any(c.isalnum() for c in t.text) or \
                (t.text.islower() and _is_function_word(t) and not from_ruler
                 and not (j - 2 > i and toks[j - 2].lower_ == "d'" and t.text.isalpha())) or \
                (t.text.islower() and t.pos_ == "VERB" and not from_ruler and j - 1 > i):
            j -= 1  # "Paris et" -> "Paris"; "Tour de France organisé" -> "Tour de France"; "Palme d'or" stays
        else:
            break
    if i >= j:
        if not any(c.isalpha() for c in span.text):
            reason = "no letters" if _ON["drop_no_letters"] else None
        elif first_elision and len(toks) <= 2:
            reason = "elision" if _ON["drop_function_word"] else None
        else:
            reason = "function word" if _ON["drop_function_word"] else None
        return span.start_char, span.end_char, reason
    start, end = toks[i].idx, toks[j - 1].idx + len(toks[j - 1].text)
    m = _ELISION.match(toks[i].text) if trim else None
    if m and m.end() < len(toks[i].text) and (toks[i].text[0].islower() or toks[i].is_sent_start):
        start += m.end()  # "l'OTAN" kept as one token
    text = "".join(t.text_with_ws for t in toks[i:j])[start - toks[i].idx: end - toks[i].idx]
    return start, end, _debris_reason(text, toks[i:j], label, from_ruler, doc)


def _debris_reason(text: str, toks: list, label: str, from_ruler: bool, doc) -> str | None:
    on = _ON
    if on["drop_line_break"] and "\n" in text:
        return "spans a line break"
    letters = _letters(text)
    if on["drop_no_letters"]:
        if not letters:
            return "no letters"
        if sum(map(str.isalnum, text)) < 2 and not (text.isupper() and label in ("ORG", "MISC")):
            return "too short"  # "M" of "M." (but "X", the network, is a name)
    key = name_key(text)
    if on["drop_debris_file"]:
        for reason, rx in load_debris():
            if rx.search(key):
                return reason
    if on["drop_all_caps"] and letters.isupper() and sum(len(_letters(w)) >= 4 for w in text.split()) >= 2 \
            and _mostly_common_words(text):
        return "all-caps shouting"  # "GALERIE PHOTO DU SOMMET", not "RAYMOND POINCARÉ"
    word_toks = [t for t in toks if any(c.isalpha() for c in t.text)]
    if on["drop_function_word"] and word_toks and all(_is_function_word(t) for t in word_toks):
        return "function word"
    if on["drop_lower_case"] and not from_ruler and not any(c.isupper() for c in text):
        return "lower case"
    if not from_ruler:
        # "secrétaire d'État", "coup d'État", "chef de l'État": the only capital is that État
        caps = [t for t in toks if t.text[:1].isupper()]
        if on["drop_etat_compound"] and caps and all(
                name_key(t.text) in _ETAT and _STATE_COMPOUND.search(_before(doc, t.i)) for t in caps):
            return "common noun (… d'État)"
        if on["drop_ministry_part"] and toks[0].i > 0 and doc[toks[0].i - 1].lower_ in _MINISTRY_LAST:
            before = _before(doc, toks[0].i, 8)
            if _MINISTRY.search(before) or (len(word_toks) == 1 and _PRESIDENT.search(before)
                                            and key in ("republique", "conseil")):
                return "part of a ministry title"
    return None


# What comes before "État" in a compound noun, and before "Travail" in "ministre du Travail".
_STATE_COMPOUND = re.compile(r"(?:^|\s)(?:d'|de|chefs? de l')$")
_MINISTRY = re.compile(r"(?:^|\s)(?:ministres?|ministères?|secrétaires?|secrétariat|portefeuille)"
                       r"\s+(?:du|des|de la|de l'|d'|de|à la|aux?)"
                       r"(?:(?:\s+\S+){1,3}?\s+et\s+(?:du|des|de la|de l'|d'|de|à la|aux?))?$")
# "président de la République", "président du Conseil": a title, not the institution.
_PRESIDENT = re.compile(r"(?:^|\s)présidente?s?\s+(?:de la|du)$")
# The word _MINISTRY must end on (a quick test before building the words before a mention).
_MINISTRY_LAST = frozenset({"du", "des", "la", "l'", "d'", "de", "au", "aux"})


def _mostly_common_words(text: str) -> bool:
    """Are most words of ``text`` (of three letters or more) common words of the lexicon?"""
    words = [w for w in re.findall(r"[^\W\d_]{3,}", text)]
    return bool(words) and 2 * sum(names_mod.is_common_word(w) for w in words) > len(words)


def _before(doc, i: int, n: int = 4) -> str:
    return " ".join(t.lower_ for t in doc[max(0, i - n): i])


# --- mentions ----------------------------------------------------------------

def _other_occurrences(doc, forms: dict[tuple[str, ...], str], ents=None):
    """Spans of ``doc`` outside any entity that repeat a kept name token for token.

    One pass over the tokens with a dict lookup on the first token; longest form first.
    A one-token form at a sentence start counts only if tagged as a proper noun there
    (a capitalised common word is not the name).  ``ents``: ``doc.ents`` if already read.
    """
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for f in sorted(forms, key=len, reverse=True):
        by_first.setdefault(f[0], []).append(f)
    covered = bytearray(len(doc))
    for ent in (doc.ents if ents is None else ents):
        covered[ent.start:ent.end] = b"\x01" * (ent.end - ent.start)
    words = [t.text for t in doc]
    n, i = len(words), 0
    while i < n:
        for f in by_first.get(words[i], ()):
            j = i + len(f)
            if j > n or any(covered[i:j]) or tuple(words[i:j]) != f:
                continue
            if len(f) == 1 and doc[i].is_sent_start and doc[i].pos_ != "PROPN":
                continue
            yield doc[i:j], forms[f]
            i = j - 1
            break
        i += 1


def _doc_text(doc) -> str:
    """``doc.text``, built once per Doc (spaCy joins every token's text on each access)."""
    text = doc.user_data.get("cadrage_text")
    if text is None:
        text = doc.user_data["cadrage_text"] = doc.text
    return text


def _sentence_start_pass(doc, kept: list[dict], dropped: list[dict], known_names,
                         starts: set[int] = frozenset()) -> list[dict]:
    """Capitals at a sentence start are orthography, not evidence of a name.

    "Le Pentagone" loses its article when the bare name is known (tagged elsewhere
    in the article, in the alias / actor tables, or written elsewhere without the
    article); a lone capitalised word that the lexicon knows as a common noun,
    adjective or verb and the tagger does not call a proper noun ("Réforme des
    retraites : ...", "Budget : ..."), or an adjective or participle set off by a
    comma ("Contactée, la mairie ...", "Émue, elle ..."), is dropped, whatever the
    model's label, unless the same word is tagged somewhere else than at a
    sentence start, is a word of a longer tagged name ("Macron" after "Emmanuel
    Macron") or is a known name.  ``starts``: other tokens that open a sentence
    (after a dateline, articles of a title-case headline).
    """
    known = known_names if known_names is not None else _known_names(load_aliases(), load_actors())
    all_keys = {name_key(r["text"]) for r in kept}
    text = _doc_text(doc)
    inside: set[str] = set()  # tagged away from a sentence start, or a word of a longer name
    spans = []
    for r in kept:
        sp = doc.char_span(r["start"], r["end"], alignment_mode="expand")
        spans.append(sp)
        key = name_key(r["text"])
        if not (sp[0].is_sent_start or sp[0].i in starts):
            inside.add(key)
        if " " in key:
            inside.update(key.split())
    out = []
    for r, sp in zip(kept, spans):
        first = sp[0]
        if (first.is_sent_start or first.i in starts) and not r["rule_id"] and r["model_label"] != "EQUIP":
            m = _SENTENCE_ARTICLE.match(r["text"]) if _ON["sentence_start_article"] else None
            bare = name_key(r["text"][m.end():]) if m else ""
            if m and (bare in known or bare in all_keys
                      or _written_bare(text, r["text"][m.end():], r["start"] + m.end())):
                r["start"] += m.end()
                r["text"] = r["text"][m.end():]
            elif _ON["drop_sentence_start_lexicon"] and len(sp) == 1 \
                    and first.text.isalpha() and not first.text.isupper() \
                    and (first.pos_ != "PROPN" and names_mod.is_common_word(first.text)
                         or _detached_participle(doc, first)) \
                    and name_key(r["text"]) not in inside and name_key(r["text"]) not in known:
                dropped.append({k: r[k] for k in ("article_id", "sentence_id", "start", "end", "text")}
                               | {"label": r["model_label"], "reason": "capitalised word at a sentence start"})
                continue
        out.append(r)
    return out


def _written_bare(text: str, name: str, at: int) -> bool:
    """Is ``name`` written elsewhere in ``text`` without a capitalised article before it
    ("les crues de la Vilaine" after "La Vilaine est sortie de son lit")?"""
    for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
        if m.start() != at and not text[max(0, m.start() - 4):m.start()].endswith(("Le ", "La ", "Les ", "L'")):
            return True
    return False


def _detached_participle(doc, tok) -> bool:
    """An adjective or participle set off by a comma or an agent ("Émue, elle ...",
    "Interrogée par ..."): the lexicon knows it as an adjective or verb, not a noun."""
    classes = names_mod.word_classes(tok.text)
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    return bool(classes) and "noun" not in classes and nxt is not None and nxt.text in (",", "par")


_SENTENCE_ARTICLE = re.compile(r"(?:Le|La|Les) (?=\w)|L'(?=\w)")

# Derived lookups of the (cached, read-only) alias and actor tables, by table identity;
# the tables themselves are kept here so that an id is never reused while cached.
_DERIVED: dict[tuple, tuple] = {}


def _derived(kind: str, *tables, build):
    if not all(isinstance(t, MappingProxyType) for t in tables):
        return build(*tables)  # a caller's own (mutable) dict: not cached
    key = (kind, *map(id, tables))
    hit = _DERIVED.get(key)
    if hit is None:
        if len(_DERIVED) >= 32:
            _DERIVED.clear()
        hit = _DERIVED[key] = (tables, build(*tables))
    return hit[1]


def _known_names(aliases, actors) -> frozenset[str]:
    return _derived("known", aliases, actors, build=lambda al, ac: frozenset(al) | frozenset(
        name_key(a.entity) for a in al.values()) | frozenset(ac))


# --- rules that read the words around a name ------------------------------------

# Lower-case words a person's name may start with ("de Gaulle", "von Choltitz", "ben Salmane").
_PERSON_PARTICLES = frozenset({"de", "du", "des", "d'", "von", "van", "der", "den", "del", "della", "di",
                               "da", "dos", "das", "ben", "bin", "ibn", "al", "el", "ter", "zu", "y"})
# Determiners after which a capitalised word in -ais, -iens... is a people ("les Abidjanais").
_PLURAL_DETS = frozenset({"les", "des", "aux", "ces", "nos", "vos", "leurs", "deux", "trois",
                          "plusieurs", "quelques", "certains", "nombreux", "de", "d'"})
_DE = frozenset({"de", "d'", "du", "des"})
# Hyphenated names shaped like places: Saint-Malo, Pont-Péan, Villeneuve-sur-Lot, Aix-en-Provence.
_PLACE_SHAPE = re.compile(
    r"^(?:saint|sainte|st|ste|pont|mont|port|val|fort|bourg|ville|villeneuve|neuville|bois|bas|basse"
    r"|haut|haute|nouveau|nouvelle|île|cap|aix|la|le|les)-|-(?:sur|sous|en|de|du|des|la|le|les|lès|lez"
    r"|aux|au|et|d'\w|l'\w)", re.I)
_CAP_ARTICLES = frozenset({"Le", "La", "Les", "L'"})


def _cap(tok) -> bool:
    return tok.text[:1].isupper()


def _title_word(word: str) -> bool:
    """A title or a function (``entity_heads.tsv``): "général", "ministre"."""
    roles = names_mod.heads().get(word.lower(), ())
    return "title" in roles or "function" in roles


def _opens(doc, tok, starts=frozenset()) -> bool:
    """Does ``tok`` open a sentence (or a quotation, or the text after a dateline)?"""
    return tok.is_sent_start or tok.i in starts or (
        tok.i > 0 and doc[tok.i - 1].text in ("«", "\"", "“", "(", "–", "—", ":"))


# Names of days and months: dates, not entities.
_DATE_WORDS = frozenset("lundi mardi mercredi jeudi vendredi samedi dimanche janvier février fevrier mars "
                        "avril mai juin juillet août aout septembre octobre novembre décembre decembre".split())
# A name written only with initials: "C.G.T.", "F. F. I." (an organisation, not a person).
_INITIALS = re.compile(r"^(?:[A-ZÀ-Þ]\.\s?){2,}[A-ZÀ-Þ]?\.?$")


def _context_rules(doc, start: int, end: int, label: str, starts=frozenset(),
                   doc_text: str | None = None) -> tuple[int, int, str, str | None]:
    """Span, label and drop reason of a model mention after the rules that read its words
    and the words just before it (titles, nationality words, organisation nouns, places).
    ``starts``: tokens that open a sentence besides ``is_sent_start`` (after a dateline);
    ``doc_text``: ``doc.text`` if already read (spaCy rebuilds it on each access)."""
    full = _doc_text(doc) if doc_text is None else doc_text
    sp = doc.char_span(start, end, alignment_mode="expand")
    if sp is None or not len(sp):
        return start, end, label, None
    toks = list(sp)
    on = _ON
    before = doc[toks[0].i - 1] if toks[0].i > 0 else None
    after = doc[toks[-1].i + 1] if toks[-1].i + 1 < len(doc) else None
    if on["thing_name"] and before is not None and after is not None and before.text in ("«", "“") \
            and after.text in ("»", "”") and label != "EQUIP":
        return start, end, "MISC", None  # a title in quotation marks: « Poussière », « Hiver à Busan »
    if on["person_title"] and before is not None and before.text in _TITLES and label != "PER":
        label = "PER"  # "Me Labori"
    # things and organisations named after a common noun: "constellation Galileo", "usines Renault"
    if len(toks) >= 2 and toks[0].text.islower() and _cap(toks[1]):
        if on["thing_name"] and names_mod.has_role(toks[0].text, "thing"):
            toks, label = toks[1:], "MISC"
        elif on["org_after_head"] and names_mod.has_role(toks[0].text, "org_of"):
            toks, label = toks[1:], "ORG"
    # a function with its complement is not a name: "ministre de l'Économie", "président de
    # la République" (but "général de Gaulle" is)
    if on["drop_function_title"] and len(toks) >= 2 and toks[0].text.islower() and _title_word(toks[0].text) \
            and (toks[1].lower_ in ("du", "des", "d'") or toks[1].lower_ == "de" and (
                label != "PER" or len(toks) > 2 and toks[2].lower_ in ("la", "l'"))):
        return toks[0].idx, end, label, "a function, not a name"
    # titles and functions: "général Joffre", "ministre de l'Économie"
    if on["person_title"] and len(toks) >= 2:
        k = 0
        if label == "PER":  # a name starts with a capital or a particle ("néral Maunoury" from OCR)
            while k < len(toks) - 1 and toks[k].text.islower() and toks[k].lower_ not in _PERSON_PARTICLES:
                k += 1
        elif toks[0].text.islower() and _title_word(toks[0].text) and _cap(toks[1]):
            k, label = 1, "PER"
        if k and any(_cap(t) for t in toks[k:]):
            toks = toks[k:]
    first, prev = toks[0], doc[toks[0].i - 1] if toks[0].i > 0 else None
    start = first.idx
    text = full[start:end]
    words = text.split()  # "Guipry-Messac" is three tokens but one word
    if on["drop_date_word"] and len(words) == 1 and name_key(text) in _DATE_WORDS:
        return start, end, label, "a date"
    if on["initials_org"] and label != "ORG" and _INITIALS.match(text):
        return start, end, "ORG", None
    after_cap_article = prev is not None and prev.text in _CAP_ARTICLES and not _opens(doc, prev, starts)
    # "les Français", "Parisiens"; "Le Français Romain Duclos" -> "Romain Duclos"
    if on["drop_demonym"] and label != "PER" and not after_cap_article and _cap(first):
        if len(words) == 1 and names_mod.is_demonym(
                text, plural_context=prev is not None and prev.lower_ in _PLURAL_DETS) \
                and not _head_before(doc, first.i, "organisation"):
            return start, end, label, "nationality or demonym"
        if len(words) >= 2 and names_mod.is_nationality(words[0]) and words[1][:1].isupper():
            rest = [t for t in toks if t.idx >= start + len(words[0])]
            toks, label = rest, "PER"
            start, text, words = rest[0].idx, full[rest[0].idx:end], words[1:]
    if label != "ORG" and on["org_place_name"]:
        parts = re.split(r"[\s-]+", text)
        if len(parts) >= 2 and names_mod.has_role(parts[0], "org_prefix") and parts[1][:1].isupper():
            label = "ORG"
    if label != "ORG" and on["org_words"] and (
            (len(words) >= 2 or label != "PER") and _cap(toks[0])
            and names_mod.has_role(words[0], "institution")
            or len(words) >= 2 and names_mod.has_role(words[-1], "org_suffix")
            or len(words) >= 2 and label != "PER" and toks[0].text.islower()
            and names_mod.has_role(words[0], "government")):
        label = "ORG"  # "École polytechnique fédérale de Lausanne", "Pyramide Films", "ministère russe de la Défense"
    if label in ("LOC", "MISC") or (label == "PER" and len(words) == 1):
        if on["org_after_head"] and _head_before(doc, toks[0].i, "organisation"):
            label = "ORG"
    if label == "MISC" and on["org_after_head"] and prev is not None and (
            prev.lower_ == "selon" or (prev.lower_ == "après" and prev.i > 0 and doc[prev.i - 1].lower_ == "d'")):
        label = "ORG"  # a source: "selon Les Échos"
    if label != "MISC" and on["thing_name"] and _thing_before(doc, toks[0].i):
        label = "MISC"  # "le paquebot La Lorraine", "un moteur Anzani"
    if label != "ORG" and on["org_after_head"] and toks[0].i >= 2 and doc[toks[0].i - 1].lower_ in _DE \
            and names_mod.has_role(doc[toks[0].i - 2].text, "org_of"):
        label = "ORG"  # "le siège de Lactalis"
    if label == "LOC" and on["place_span"] and len(toks) >= 3 and toks[0].text.islower() \
            and names_mod.has_role(toks[0].text, "place") and toks[1].lower_ in _DE:
        k = 2 if toks[1].lower_ != "de" or toks[2].lower_ not in ("la", "l'") else 3
        if k < len(toks) and _cap(toks[k]):  # "province de Quang-Ngaï" -> "Quang-Ngaï"
            toks = toks[k:]
            start, text = toks[0].idx, full[toks[0].idx:end]
            words = text.split()
    if on["place_span"] and (label != "PER" or not (toks[0].i and doc[toks[0].i - 1].lower_ in _DE)):
        head = _place_feature_before(doc, toks[0].i)
        if head is not None:  # "quai Duguay-Trouin", "place de la Concorde"
            return doc[head].idx, end, "LOC", None
    if label != "PER" and on["institution_span"]:
        head = _institution_before(doc, toks[0].i)
        if head is not None:  # "tribunal correctionnel de Paris", "hôpital de la Pitié"
            return doc[head].idx, end, "LOC" if names_mod.has_role(doc[head].text, "building") else "ORG", None
    prev = doc[toks[0].i - 1] if toks[0].i > 0 else None
    if label == "PER" and len(words) == 1 and on["place_context"] and prev is not None:
        hyphen = "-" in text.strip("-")
        before_prev = doc[prev.i - 1] if prev.i > 0 else None
        if (hyphen and (prev.lower_ in ("à", "en") or _PLACE_SHAPE.search(text))) or (
                prev.lower_ in _DE and before_prev is not None
                and names_mod.has_role(before_prev.text, "place")):
            label = "LOC"
    return start, end, label, None


def _head_before(doc, i: int, role: str, links=_DE) -> int | None:
    """Index of the head noun with ``role`` that token ``i`` follows, over lower-case
    adjectives and "de + noun" ("la chaîne [publique] X", "l'agence de presse X",
    "le tribunal correctionnel de X" from its "de"), or None.  ``links``: the
    prepositions allowed in "de + noun"."""
    k, skipped = i - 1, 0
    while k >= 0 and skipped < 3:
        t = doc[k]
        if not t.text.islower():
            return None
        if names_mod.has_role(t.text, role):
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
    if k >= 0 and doc[k].lower_ in _DE:
        return k - 1
    return -1


def _institution_before(doc, i: int) -> int | None:
    """Head of "<institution or building> [adjectives] de|du|de la|de l' <name>" before token ``i``."""
    k = _skip_de(doc, i)
    if k < 0:
        return None
    head = None
    for role in ("institution", "building"):
        head = k if names_mod.has_role(doc[k].text, role) and doc[k].text.islower() \
            else _head_before(doc, k + 1, role, links=("d'",))  # "cour d'appel de"
        if head is not None:
            break
    # a named body takes the definite article ("le parquet de X"), not "son centre de X"
    if head is None or head == 0 or doc[head - 1].lower_ not in _DEFINITE:
        return None
    return head


def _place_feature_before(doc, i: int) -> int | None:
    """Head of "<street, bridge...> [de|du|de la] <name>" before token ``i``: "quai X",
    "digue du Sillon" (the feature word belongs to the place's name)."""
    for k in (i - 1, _skip_de(doc, i)):
        if k >= 0 and doc[k].text.islower() and names_mod.has_role(doc[k].text, "place_feature"):
            return k
    return None


def _thing_before(doc, i: int) -> bool:
    """Does token ``i`` name the thing a vessel, engine or storm noun before it announces
    ("le paquebot La Lorraine", "le contre-torpilleur l'Efcopette")?"""
    k = i - 1
    if k >= 0 and doc[k].lower_ in ("le", "la", "l'", "les"):
        k -= 1
    return k >= 0 and doc[k].text.islower() and names_mod.has_role(doc[k].text, "thing")


_DEFINITE = frozenset({"le", "la", "l'", "les", "du", "au", "aux", "des"})


def _datelines(doc, sents) -> list[tuple[int, int, int]]:
    """``(place_start, place_end, end)`` of every dateline opening a paragraph."""
    out = []
    text = _doc_text(doc)
    for s in sents:
        if s.start > 0 and "\n" not in doc[s.start - 1].text:
            continue
        stop = text.find("\n", s.start_char)
        hit = names_mod.dateline(text[s.start_char:stop if stop >= 0 else len(text)])
        if hit is None:
            continue
        a, b, e = (s.start_char + x for x in hit)
        place = doc.char_span(a, b, alignment_mode="expand")
        if place is not None and len(place) >= 2 and all(t.ent_type_ == "PER" for t in place):
            continue  # "Jean-Luc Mélenchon – ..." opens with a person
        out.append((a, b, e))
    return out


def _headline_sentences(doc, sents) -> list:
    """Sentences of a paragraph written as a headline in title case or capitals (no
    final punctuation): "Votation Fédérale : Les Suisses Rejettent L'initiative"."""
    text = _doc_text(doc)
    out, verdict = [], {}
    for s in sents:
        a = text.rfind("\n", 0, s.start_char) + 1
        if a not in verdict:
            b = text.find("\n", s.start_char)
            line = text[a:b if b >= 0 else len(text)].strip()
            words = [w for w in (w.strip(".,;:!?«»\"()[]–—") for w in line.split()) if w]
            verdict[a] = bool(words) and line[-1:] not in (".", "!", "?", "…", ";") \
                and names_mod.is_headline_case(words)
        if verdict[a]:
            out.append(s)
    return out


def _headline_pass(doc, kept: list[dict], dropped: list[dict], heads: list, confirmed: set[str],
                   sentence_of, article_id: str, places=()) -> list[dict]:
    """In a headline in title case or capitals, capitals say nothing: a tagged span is kept
    only when the same name is found elsewhere in the article (or is a known name), and
    shrunk to that name when only part of it is ("Déborde À Guipry-Messac" ->
    "Guipry-Messac"); confirmed names the model missed there are counted ("PARIS").
    ``places``: ``(start, end)`` of dateline places, which confirm a name as a place."""
    if not heads:
        return kept
    ranges = [(s.start_char, s.end_char) for s in heads]
    text = _doc_text(doc)
    place_keys = {name_key(text[a:b]) for a, b in places}
    place_keys -= {name_key(r["text"]) for r in kept
                   if not any(a <= r["start"] < b for a, b in ranges)}  # else the mentions decide

    def in_head(pos: int) -> bool:
        return any(a <= pos < b for a, b in ranges)

    out = []
    for r in kept:
        if not in_head(r["start"]) or r["rule_id"] or r["model_label"] == "EQUIP" \
                or name_key(r["text"]) in confirmed:
            out.append({**r, "model_label": "LOC"} if name_key(r["text"]) in place_keys else r)
            continue
        sp = doc.char_span(r["start"], r["end"], alignment_mode="expand")
        best = None
        for n in range(len(sp) - 1, 0, -1):
            for a in range(len(sp) - n + 1):
                part = sp[a:a + n]
                if any(c.isalpha() for c in part.text) and name_key(part.text) in confirmed:
                    best = part
                    break
            if best is not None:
                break
        if best is not None:
            # the model's label was for the longer span: the name's other mentions decide
            out.append({**r, "start": best.start_char, "end": best.end_char, "text": best.text,
                        "model_label": "LOC" if name_key(best.text) in place_keys else ""})
        else:
            dropped.append({k: r[k] for k in ("article_id", "sentence_id", "start", "end", "text")}
                           | {"label": r["model_label"], "reason": "headline word not found elsewhere"})
    # confirmed names written in the headline but not tagged there ("LE PROCÈS DE RENNES")
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    forms = {tuple(t.text for t in doc.char_span(a, b, alignment_mode="expand"))
             for a, b in [(r["start"], r["end"]) for r in out if not in_head(r["start"])] + list(places)}
    if forms:
        matcher = PhraseMatcher(doc.vocab, attr="LOWER")
        matcher.add("NAME", [Doc(doc.vocab, words=list(f)) for f in forms])
        taken = [(r["start"], r["end"]) for r in out]
        for s in heads:
            for _, a, b in sorted(matcher(s), key=lambda m: (m[1], -(m[2] - m[1]))):
                span = doc[a:b]  # the matcher gives offsets in the Doc, even on a Span
                if any(x < span.end_char and span.start_char < y for x, y in taken) \
                        or not any(c.isupper() for c in span.text):
                    continue
                taken.append((span.start_char, span.end_char))
                out.append({"article_id": article_id, "sentence_id": sentence_of(span.start_char),
                            "start": span.start_char, "end": span.end_char, "text": span.text,
                            "model_label": "LOC" if name_key(span.text) in place_keys else "",
                            "rule_id": ""})
    out.sort(key=lambda r: r["start"])
    return out


def raw_mentions(doc, sents, article_id: str, propagate: bool = True,
                 known_names=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cleaned entity spans of a ``Doc`` and the spans dropped as debris.

    Parameters
    ----------
    doc : spacy.tokens.Doc
    sents : list of spacy.tokens.Span
        ``ctx.sents``; ``sentence_id`` is the index of the sentence holding the
        mention's start (``-1`` if none, e.g. inside whitespace).
    article_id : str
    propagate : bool
        Also count other occurrences of a kept name that the model missed
        (same tokens, outside any entity: "Washington – Les États-Unis ..."
        in a dateline when "Washington" is tagged later).
    known_names : set of str, optional
        :func:`name_key` of names known across articles (default: the alias
        and actor tables); "Le Pentagone" at a sentence start becomes
        "Pentagone" when "pentagone" is known or tagged elsewhere.

    Returns
    -------
    kept, dropped : pandas.DataFrame
        ``kept`` has :data:`RAW_COLUMNS` (``model_label`` is the label in the
        ``Doc``, ``""`` for a propagated occurrence; ``rule_id`` the entity
        ruler's id or ``""``); ``dropped`` has :data:`DROPPED_COLUMNS`.

    Examples
    --------
    >>> from analysis.nlp import parse, sentence_spans
    >>> d = parse("Selon l'OTAN, le S-400 pose problème.")
    >>> kept, dropped = raw_mentions(d, sentence_spans(d), "a")
    >>> kept[["text", "model_label"]].values.tolist()
    [['OTAN', 'ORG'], ['S-400', 'EQUIP']]
    """
    kept, dropped = _raw_rows(doc, sents, article_id, propagate, known_names)
    ints = dict.fromkeys(("sentence_id", "start", "end"), _INT)
    return (_frame([tuple(r[c] for c in RAW_COLUMNS) for r in kept], RAW_COLUMNS, ints),
            _frame([tuple(r[c] for c in DROPPED_COLUMNS) for r in dropped], DROPPED_COLUMNS, ints))


def _raw_rows(doc, sents, article_id: str, propagate: bool = True, known_names=None,
              datelines: list | None = None) -> tuple[list[dict], list[dict]]:
    """:func:`raw_mentions` as row dicts (kept rows ordered by ``start``); the
    ``(place_start, place_end, end)`` of datelines are appended to ``datelines``."""
    starts = [s.start_char for s in sents]
    ends = [s.end_char for s in sents]

    def sentence_of(pos: int) -> int:
        k = bisect.bisect_right(starts, pos) - 1
        return k if k >= 0 and pos < ends[k] else -1

    text = _doc_text(doc)
    ents = doc.ents  # a new tuple of spans on each access: read once
    kept, dropped = [], []
    lines = _datelines(doc, sents) if _ON["dateline"] else []
    after = set()  # the word after a dateline opens the sentence ("RENNES – La Vilaine")
    for _a, _b, e in lines:
        nxt = doc.char_span(e, min(e + 1, len(text)), alignment_mode="expand")
        if nxt is not None and len(nxt):
            after.add(nxt[0].i)
    forms: dict[tuple[str, ...], str] = {}  # token texts of kept model mentions -> label
    for ent in ents:
        rule_id = ent.ent_id_ or ""
        from_ruler = bool(rule_id) or ent.label_ == "EQUIP"
        label = ent.label_
        start, end, reason = clean_span(ent, label, from_ruler)
        if reason is None and not from_ruler:
            start, end, label, reason = _context_rules(doc, start, end, label, after, text)
        row = {"article_id": article_id, "sentence_id": sentence_of(start), "start": start,
               "end": end, "text": text[start:end]}
        if reason is None and row["sentence_id"] < 0:
            reason = "outside any sentence"
        if reason is None and any(a <= start < b for a, b, _e in lines):
            reason = "dateline (the article's place)"
        if reason is None:
            kept.append({**row, "model_label": label, "rule_id": rule_id})
            if end < len(text) and ent.end < len(doc) and doc[ent.end].text.islower():
                country = names_mod.nationalities().get(doc[ent.end].lower_)
                if country:  # "le Département d'État américain"
                    kept[-1]["country"] = country
            span = doc.char_span(start, end)
            if span is not None and not from_ruler:
                forms.setdefault(tuple(t.text for t in span), label)
        else:
            dropped.append({**row, "label": label, "reason": reason})
    if propagate and forms and _ON["propagate"]:
        for span, label in _other_occurrences(doc, forms, ents):
            start, end, reason = clean_span(span, label)
            sid = sentence_of(start)
            if reason is None and sid >= 0 and not any(a <= start < e for a, _b, e in lines):
                kept.append({"article_id": article_id, "sentence_id": sid, "start": start, "end": end,
                             "text": text[start:end], "model_label": "", "rule_id": ""})
        kept.sort(key=lambda r: r["start"])
    heads = _headline_sentences(doc, sents) if _ON["title_case"] else []
    # in a title-case headline every word is capitalised: an article there is orthography too
    head_words = {t.i for h in heads for t in h if t.text in _CAP_ARTICLES}
    kept = _sentence_start_pass(doc, kept, dropped, known_names, after | head_words)
    if _ON["title_case"]:
        if heads:
            known = known_names if known_names is not None else _known_names(load_aliases(), load_actors())
            bounds = [(s.start_char, s.end_char) for s in heads]
            confirmed = {name_key(r["text"]) for r in kept
                         if not any(a <= r["start"] < b for a, b in bounds)}
            confirmed |= {name_key(text[a:b]) for a, b, _e in lines} | known
            kept = _headline_pass(doc, kept, dropped, heads, confirmed, sentence_of, article_id,
                                  [(a, b) for a, b, _e in lines])
    dropped.sort(key=lambda r: r["start"])
    if datelines is not None:
        datelines.extend(lines)
    return kept, dropped


@dataclass
class _Group:
    key: str
    words: tuple[str, ...]
    rows: list[int] = field(default_factory=list)
    forms: Counter = field(default_factory=Counter)  # candidate display names
    canonical: str | None = None  # alias entity or ruler id
    pinned: str | None = None  # label forced by the alias table
    ruler_labels: Counter = field(default_factory=Counter)
    model_labels: Counter = field(default_factory=Counter)
    label_first: dict = field(default_factory=dict)  # model label -> offset where first given
    parent: str | None = None

    def display(self) -> str:
        if self.canonical:
            return self.canonical
        # most frequent; ties: the accented spelling ("États-Unis" over "Etats-Unis"), then first seen
        order = list(self.forms)
        return max(order, key=lambda f: (self.forms[f], sum(ord(c) > 127 for c in f), -order.index(f)))

    def is_person_name(self) -> bool:
        if len(self.words) < 2 or self.ruler_labels:
            return False
        if self.pinned:
            return self.pinned == "PER"
        top = max(self.model_labels.values(), default=0)
        return top > 0 and self.model_labels.get("PER", 0) == top


def _vote(labels: Counter, first_label: dict[str, float]) -> str:
    top = max(labels.values())
    tied = [lab for lab, n in labels.items() if n == top]
    return min(tied, key=lambda lab: first_label.get(lab, math.inf))


def resolve_mentions(raw: pd.DataFrame, aliases=None, actors=None) -> pd.DataFrame:
    """Canonical entity, consistent label and actor for cleaned mentions.

    Parameters
    ----------
    raw : pandas.DataFrame
        :data:`RAW_COLUMNS` (from :func:`raw_mentions`), one article.
    aliases : mapping, optional
        From :func:`load_aliases` (default: the packaged table).
    actors : mapping, optional
        From :func:`load_actors` (default: the packaged table).

    Returns
    -------
    pandas.DataFrame
        :data:`MENTION_COLUMNS`, ordered by ``start``.

    Examples
    --------
    >>> raw = pd.DataFrame({"article_id": "a", "sentence_id": [0, 1, 2, 2],
    ...     "start": [0, 30, 60, 70], "end": [20, 37, 67, 74],
    ...     "text": ["Recep Tayyip Erdogan", "Erdogan", "Kremlin", "Kiev"],
    ...     "model_label": ["PER", "LOC", "LOC", "LOC"], "rule_id": ""})
    >>> resolve_mentions(raw)[["text", "entity", "label", "actor"]].values.tolist()
    [['Recep Tayyip Erdogan', 'Recep Tayyip Erdogan', 'PER', 'Recep Tayyip Erdogan'], ['Erdogan', 'Recep Tayyip Erdogan', 'PER', 'Recep Tayyip Erdogan'], ['Kremlin', 'Kremlin', 'ORG', 'Russie'], ['Kiev', 'Kyiv', 'LOC', 'Ukraine']]
    """
    ints = dict.fromkeys(("sentence_id", "start", "end"), _INT)
    if raw.empty:
        return _frame([], MENTION_COLUMNS, ints)
    rows = raw[RAW_COLUMNS].to_dict("records")
    return _frame(_resolve_rows(rows, aliases, actors), MENTION_COLUMNS, ints)


def _word_aliases(aliases) -> dict[str, str]:
    # one-word aliases, applied word by word inside longer names
    return _derived("words", aliases, build=lambda al: {k: a.entity for k, a in al.items() if " " not in k})


def _resolve_rows(raw: list[dict], aliases=None, actors=None) -> list[tuple]:
    """:func:`resolve_mentions` on row dicts (:data:`RAW_COLUMNS` keys); returns
    :data:`MENTION_COLUMNS` tuples ordered by ``start``."""
    aliases = load_aliases() if aliases is None else aliases
    actors = load_actors() if actors is None else actors
    raw = sorted(raw, key=lambda r: r["start"])  # stable
    word_aliases = _word_aliases(aliases)

    groups: dict[str, _Group] = {}
    row_key: list[str] = []
    for idx, r in enumerate(raw):
        rule_id, text, model_label = r["rule_id"], r["text"], r["model_label"]
        name, canonical, pinned = rule_id or text, bool(rule_id), None
        hit = aliases.get(name_key(name))
        if hit is not None:
            name, canonical, pinned = hit.entity, True, hit.label
        elif not canonical and " " in name:
            # one-word aliases inside longer names: "Volodymyr Zelenskyy" -> "Volodymyr Zelensky"
            name = " ".join(word_aliases.get(name_key(w), w) for w in name.split())
        key = name_key(name)
        g = groups.get(key)
        if g is None:
            g = groups[key] = _Group(key, tuple(key.split()))
        g.rows.append(idx)
        g.forms[name] += 1
        if canonical and g.canonical is None:
            g.canonical = name
        if pinned and g.pinned is None:
            g.pinned = pinned
        if rule_id or model_label == "EQUIP":
            g.ruler_labels[model_label] += 1
        elif model_label:  # propagated mentions (no label) do not vote
            g.model_labels[model_label] += 1
            g.label_first.setdefault(model_label, r["start"])
        row_key.append(key)

    def root(key: str) -> str:
        while groups[key].parent is not None:
            key = groups[key].parent
        return key

    # "le Kremlin" and "Kremlin" are one name
    for key, g in groups.items():
        if g.canonical or len(g.words) < 2 or g.words[0] not in ("le", "la", "les", "l"):
            continue
        rest = " ".join(g.words[1:])
        if rest in groups and rest != key:
            g.parent = rest

    # partial person names join the one full name they end: "Sherman" -> "Wendy Sherman"
    persons = [g for g in groups.values() if g.parent is None and g.is_person_name()]
    person_ids = {id(g) for g in persons}

    def ends(full: _Group, part: _Group) -> bool:
        n = len(part.words)
        return len(full.words) > n and full.words[-n:] == part.words

    for p in sorted(persons, key=lambda g: len(g.words)):
        longer = {id(f): f for f in persons if ends(f, p)}
        tops = [f for f in longer.values() if not any(ends(o, f) for o in longer.values())]
        if len(tops) == 1:
            p.parent = tops[0].key
    for g in groups.values():
        if g.parent is not None or id(g) in person_ids or g.ruler_labels or (g.pinned and g.pinned != "PER"):
            continue
        roots = {root(f.key) for f in persons if ends(f, g)}
        if len(roots) == 1:
            g.parent = roots.pop()

    # one label per root group, from the strongest evidence
    members: dict[str, list[_Group]] = {}
    for key in groups:
        members.setdefault(root(key), []).append(groups[key])
    label_of: dict[str, str] = {}
    for rkey, ms in members.items():
        top = groups[rkey]
        pins = [m.pinned for m in ms if m.pinned]
        ruler = sum((m.ruler_labels for m in ms), Counter())
        if top.pinned:
            label_of[rkey] = top.pinned
        elif ruler:
            label_of[rkey] = ruler.most_common(1)[0][0]
        elif top.is_person_name():
            label_of[rkey] = "PER"
        elif pins:
            label_of[rkey] = pins[0]
        else:
            firsts: dict[str, float] = {}
            for m in ms:
                for lab, pos in m.label_first.items():
                    firsts[lab] = min(firsts.get(lab, math.inf), pos)
            votes = sum((m.model_labels for m in ms), Counter())
            label_of[rkey] = _vote(votes, firsts) if votes else "MISC"

    out = []
    one_label = _ON["one_label"]
    for r, k in zip(raw, row_key):
        rkey = root(k)
        e = groups[rkey].display()
        label = label_of[rkey] if one_label or not r["model_label"] else r["model_label"]
        actor = actors.get(name_key(e))
        if actor is None and _ON["government_actor"]:
            actor = government_country(e, r.get("country"))
        out.append((r["article_id"], r["sentence_id"], r["start"], r["end"], r["text"], e,
                    label, actor or e))
    return out


def government_country(name: str, after: str | None = None) -> str | None:
    """The country a government body stands for: its name starts with a head noun of
    the ``government`` role and holds a nationality adjective, or is followed by one
    (``after``, the country of the adjective written just after the name).

    Examples
    --------
    >>> government_country("ministère turc des Affaires étrangères")
    'Turquie'
    >>> government_country("Département d'État", after="États-Unis")
    'États-Unis'
    >>> government_country("Compagnie maritime belge") is None
    True
    """
    words = name.split()
    if not words or not names_mod.has_role(words[0], "government"):
        return None
    nat = names_mod.nationalities()
    for w in words[1:]:
        if w in nat:  # lower case: an adjective, not "la Turquie"
            return nat[w]
    return after


# --- tables ------------------------------------------------------------------

def _polarity_lookup(sentences: pd.DataFrame | None) -> dict | None:
    if sentences is None or "polarity" not in sentences.columns or sentences.empty:
        return None
    pol = sentences["polarity"]
    if pol.dtype != "float64":
        pol = pd.to_numeric(pol, errors="coerce").astype("float64")
    aid = sentences["article_id"]
    aid = aid.tolist() if aid.dtype == _STR and not aid.hasnans else aid.astype(str).tolist()
    sid = sentences["sentence_id"]
    sid = sid.tolist() if sid.dtype == "int64" else sid.astype(int).tolist()
    return dict(zip(zip(aid, sid), pol.tolist()))


def _mean_polarity(pol: dict | None, article_id: str, sentence_ids) -> float:
    if pol is None:
        return float("nan")
    vals = [pol.get((str(article_id), int(s)), math.nan) for s in sentence_ids]
    vals = [v for v in vals if not math.isnan(v)]
    return sum(vals) / len(vals) if vals else float("nan")


def _sort_forms(forms) -> str:
    return "; ".join(sorted(set(forms), key=lambda s: (name_key(s), s)))


_NUMPY = {"int64": np.int64, "float64": np.float64, "bool": np.bool_}
_STR = pd.api.types.pandas_dtype("str")


def _frame(rows: list[tuple], columns: list[str], dtypes: dict[str, str]) -> pd.DataFrame:
    """A typed frame from row tuples (plain dtypes, no inference surprises on empty input).

    Columns not in ``dtypes`` are ``str``.

    Examples
    --------
    >>> _frame([("a", 1)], ["x", "n"], {"n": "int64"}).dtypes.astype(str).tolist()
    ['str', 'int64']
    >>> _frame([], ["x", "n"], {"n": "int64"}).dtypes.astype(str).tolist()
    ['str', 'int64']
    """
    cols = list(zip(*rows)) if rows else [()] * len(columns)
    texts = iter(_str_arrays([v for c, v in zip(columns, cols) if c not in dtypes]))
    return pd.DataFrame({c: np.array(v, dtype=_NUMPY[dtypes[c]]) if c in dtypes else next(texts)
                         for c, v in zip(columns, cols)}, copy=False)


def _str_arrays(columns: list) -> list:
    """``str`` arrays for equal-length columns of text: one Arrow-backed array
    for them all, sliced per column (zero-copy; cheaper than one array each)."""
    n = len(columns[0]) if columns else 0
    every = pd.array([x for col in columns for x in col], dtype=_STR)
    return [every[k * n:(k + 1) * n] for k in range(len(columns))]


_COUNTS = {"mentions": _INT, "sentences": _INT, "first_sentence": _INT, "mean_polarity": "float64"}


def _profile(mentions: pd.DataFrame, by: str, listed: str, sentences) -> list[tuple]:
    """(article_id, name, label, mentions, sentences, first_sentence, forms, mean_polarity) per group."""
    labels = mentions["label"].tolist() if "label" in mentions else [""] * len(mentions)
    return _profile_rows(mentions["article_id"].tolist(), mentions[by].tolist(),
                         mentions["sentence_id"].tolist(), mentions[listed].tolist(), labels,
                         _polarity_lookup(sentences))


def _profile_rows(article_ids, names, sentence_ids, forms, labels, pol: dict | None) -> list[tuple]:
    """:func:`_profile` on columns as lists, with the sentence polarity lookup."""
    groups: dict[tuple, list] = {}
    for aid, name, sid, form, lab in zip(article_ids, names, sentence_ids, forms, labels):
        g = groups.setdefault((aid, name), [lab, 0, set(), set()])
        g[1] += 1
        g[2].add(int(sid))
        g[3].add(form)
    rows = [(aid, name, lab, n, len(sids), min(sids), _sort_forms(forms),
             _mean_polarity(pol, aid, sorted(sids)))
            for (aid, name), (lab, n, sids, forms) in groups.items()]
    rows.sort(key=lambda r: (r[0], -r[3], r[1]))
    return rows


def entities_table(mentions: pd.DataFrame, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per entity and article: prominence, surface forms and tone.

    Parameters
    ----------
    mentions : pandas.DataFrame
        :data:`MENTION_COLUMNS` (one or many articles).
    sentences : pandas.DataFrame, optional
        With ``article_id, sentence_id, polarity``; ``mean_polarity`` is the
        mean polarity of the distinct sentences mentioning the entity (NaN
        without a ``polarity`` column or when none is scored).

    Returns
    -------
    pandas.DataFrame
        :data:`ENTITY_COLUMNS`, ordered by article, mentions (desc), entity.

    Examples
    --------
    >>> m = pd.DataFrame({"article_id": "a", "sentence_id": [0, 0, 2], "start": [0, 9, 40],
    ...     "end": [7, 16, 47], "text": ["Ankara", "Turquie", "Ankara"], "entity": ["Ankara", "Turquie", "Ankara"],
    ...     "label": "LOC", "actor": ["Turquie", "Turquie", "Turquie"]})
    >>> s = pd.DataFrame({"article_id": "a", "sentence_id": [0, 1, 2], "polarity": [0.5, 0.0, -0.1]})
    >>> entities_table(m, s)[["entity", "mentions", "sentences", "first_sentence", "mean_polarity"]].values.tolist()
    [['Ankara', 2, 2, 0, 0.2], ['Turquie', 1, 1, 0, 0.5]]
    """
    rows = _profile(mentions, "entity", "text", sentences)
    return _frame(rows, ENTITY_COLUMNS, _COUNTS)


def _actor_rows(profile_rows: list[tuple]) -> list[tuple]:
    return [(aid, actor, n, ns, first, forms, pol)
            for aid, actor, _lab, n, ns, first, forms, pol in profile_rows]


def actors_table(mentions: pd.DataFrame, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per actor and article (entities grouped by ``actor``).

    Examples
    --------
    >>> m = pd.DataFrame({"article_id": "a", "sentence_id": [0, 1], "start": [0, 30], "end": [6, 40],
    ...     "text": ["Moscou", "Kremlin"], "entity": ["Moscou", "Kremlin"], "label": "LOC",
    ...     "actor": "Russie"})
    >>> actors_table(m)[["actor", "mentions", "entities"]].values.tolist()
    [['Russie', 2, 'Kremlin; Moscou']]
    """
    return _frame(_actor_rows(_profile(mentions, "actor", "entity", sentences)), ACTOR_COLUMNS,
                  _COUNTS)


def cooccurrence_table(mentions: pd.DataFrame, by: str = "entity") -> pd.DataFrame:
    """Pairs of entities named in the same sentence, with the number of such sentences.

    Parameters
    ----------
    mentions : pandas.DataFrame
    by : {"entity", "actor"}
        Pair canonical entities (default) or actors; the columns stay
        ``entity_a, entity_b``.

    Examples
    --------
    >>> m = pd.DataFrame({"article_id": "a", "sentence_id": [0, 0, 0, 1, 1],
    ...     "entity": ["Turquie", "Ankara", "Turquie", "Ankara", "Turquie"]})
    >>> cooccurrence_table(m).values.tolist()
    [['a', 'Ankara', 'Turquie', 2]]
    """
    rows = _cooccurrence_rows(mentions["article_id"].tolist(), mentions["sentence_id"].tolist(),
                              mentions[by].tolist())
    return _frame(rows, COOCCURRENCE_COLUMNS, {"sentences": _INT})


def _cooccurrence_rows(article_ids, sentence_ids, names) -> list[tuple]:
    per_sentence: dict[tuple, set] = {}
    for aid, sid, name in zip(article_ids, sentence_ids, names):
        per_sentence.setdefault((aid, sid), set()).add(name)
    counts: Counter = Counter()
    for (aid, _sid), names in per_sentence.items():
        uniq = sorted(names)
        for x in range(len(uniq)):
            for y in range(x + 1, len(uniq)):
                counts[(aid, uniq[x], uniq[y])] += 1
    return sorted(((*k, n) for k, n in counts.items()), key=lambda r: (r[0], -r[3], r[1], r[2]))


def entity_summary(mentions: pd.DataFrame, entities: pd.DataFrame, actors: pd.DataFrame,
                   dropped: pd.DataFrame, top: int = 5) -> dict[str, Any]:
    """Article figures for ``summary.json`` (plain Python types).

    Examples
    --------
    >>> e = pd.DataFrame({"entity": ["OTAN"], "label": ["ORG"], "mentions": [2]})
    >>> a = pd.DataFrame({"actor": ["OTAN"], "mentions": [2]})
    >>> entity_summary(pd.DataFrame({"x": [1, 2]}), e, a, pd.DataFrame())["top_entities"]
    [{'entity': 'OTAN', 'label': 'ORG', 'mentions': 2}]
    """
    ent = list(zip(entities["entity"], entities["label"], entities["mentions"])) if len(entities) else []
    act = list(zip(actors["actor"], actors["mentions"])) if len(actors) else []
    return _summary(len(mentions), ent, act, len(dropped), top)


def _summary(n_mentions: int, entities: list[tuple], actors: list[tuple], n_dropped: int,
             top: int = 5) -> dict[str, Any]:
    """:func:`entity_summary` from ``(entity, label, mentions)`` and ``(actor, mentions)`` rows."""
    labels = Counter(str(lab) for _e, lab, _n in entities)
    return {
        "n_mentions": int(n_mentions),
        "n_entities": int(len(entities)),
        "n_actors": int(len(actors)),
        "n_dropped": int(n_dropped),
        "entities_by_label": {lab: int(labels[lab]) for lab in LABELS if labels[lab]},
        "top_entities": [{"entity": str(e), "label": str(lab), "mentions": int(n)}
                         for e, lab, n in entities[:top]],
        "top_actors": [{"actor": str(a), "mentions": int(n)} for a, n in actors[:top]],
    }


# --- names for other analysers ----------------------------------------------

def _alias_entities(aliases) -> dict[str, str]:
    # canonical names of the alias table, so that "OTAN" is known without an article
    return {name_key(a.entity): a.entity for a in aliases.values()}


_LEAD_NOISE = re.compile(r"^(?:(?:[ldjmnst]|qu)'|(?:le|la|les|du|des|de|au|aux|selon|M\.|Mme|Mlle|Dr)\s+)",
                         re.I)


def canonical_name(text: str, ctx=None, *, aliases=None) -> str | None:
    """Canonical entity name for a written name or speaker phrase, or None.

    Resolution order: a surface form or entity already in
    ``ctx.tables["mentions"]``; the alias table; the one person entity of the
    article whose name ends with ``text`` ("Sherman" -> "Wendy Sherman"); the
    longest known form contained in ``text`` ("le président turc Recep Tayyip
    Erdogan"); else None.  Without ``ctx`` only the alias table is used.

    Parameters
    ----------
    text : str
    ctx : ArticleContext, optional
        After :func:`run`.
    aliases : mapping, optional
        Defaults to :func:`load_aliases`.

    Examples
    --------
    >>> canonical_name("Poutine"), canonical_name("l'OTAN"), canonical_name("un voisin")
    ('Poutine', 'OTAN', None)
    """
    aliases = load_aliases(_setting(ctx, "aliases")) if aliases is None else aliases
    text = text.strip()
    while True:  # "selon le", "l'"
        m = _LEAD_NOISE.match(text)
        if not m or m.end() >= len(text):
            break
        text = text[m.end():].lstrip()
    key = name_key(text)
    if not key:
        return None
    mentions = getattr(ctx, "tables", {}).get("mentions") if ctx is not None else None
    forms: dict[str, str] = {}
    persons: set[str] = set()
    if mentions is not None and len(mentions):
        for txt, ent, lab in zip(mentions["text"], mentions["entity"], mentions["label"]):
            forms.setdefault(name_key(ent), ent)
            forms.setdefault(name_key(txt), ent)
            if lab == "PER":
                persons.add(ent)
    if key in forms:
        return forms[key]
    hit = aliases.get(key)
    if hit is not None:
        return forms.get(name_key(hit.entity), hit.entity)
    known = _alias_entities(aliases)
    if key in known:
        return known[key]
    words = tuple(key.split())
    tails = [p for p in persons if tuple(name_key(p).split())[-len(words):] == words]
    if len(tails) == 1:
        return tails[0]
    best = None
    for fk, ent in forms.items():
        if (best is None or len(fk) > len(best[0])) and re.search(rf"(?<!\w){re.escape(fk)}(?!\w)", key):
            best = (fk, ent)
    return best[1] if best else None


# --- analyser ------------------------------------------------------------------

def _setting(ctx, name: str):
    settings = getattr(ctx, "settings", None)
    return getattr(settings, name, None) if settings is not None else None


def extend_partial_names(mentions: pd.DataFrame, doc) -> pd.DataFrame:
    """Widen a partial person mention over the name words written just before it.

    The model often leaves out a particle or a first part it did not recognise
    ("de Villepin" tagged "Villepin", "Le Drian" tagged "Drian"); when the
    canonical full name has those words right before the mention, they are
    included, so ``text`` shows the name as written.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Pour de Villepin, non.")
    >>> m = pd.DataFrame({"article_id": "a", "sentence_id": [0], "start": [8], "end": [16],
    ...     "text": ["Villepin"], "entity": ["Dominique de Villepin"], "label": ["PER"], "actor": ["x"]})
    >>> extend_partial_names(m, d)[["start", "text"]].values.tolist()
    [[5, 'de Villepin']]
    """
    if mentions.empty:
        return mentions
    starts, texts = _extend_partial(mentions["start"].tolist(), mentions["end"].tolist(),
                                    mentions["text"].tolist(), mentions["entity"].tolist(),
                                    mentions["label"].tolist(), doc)
    out = mentions.copy()
    out["start"] = pd.Series(starts, index=out.index, dtype=_INT)
    out["text"] = pd.Series(texts, index=out.index, dtype="str")
    return out


def _extend_partial(starts: list, ends, texts: list, entities, labels, doc) -> tuple[list, list]:
    """:func:`extend_partial_names` on columns as lists; returns new ``starts, texts``."""
    starts, texts = list(starts), list(texts)
    doc_text = None
    for n, (start, end, text, ent, lab) in enumerate(zip(starts, ends, texts, entities, labels)):
        if lab != "PER":
            continue
        ew, tw = name_key(ent).split(), name_key(text).split()
        if len(ew) <= len(tw) or ew[-len(tw):] != tw:
            continue
        span = doc.char_span(start, end)
        if span is None:
            continue
        need, k = ew[:-len(tw)], span.start
        while need and k > 0 and not doc[k].is_sent_start:
            t = doc[k - 1]
            tk = name_key(t.text).split()
            if not tk or t.ent_type_ or need[-len(tk):] != tk or not (
                    t.text[:1].isupper() or t.lower_ in _NAME_PARTICLES or t.lower_ == "d'"):
                break
            need, k = need[:-len(tk)], k - 1
        if k < span.start:
            doc_text = _doc_text(doc) if doc_text is None else doc_text
            starts[n] = doc[k].idx
            texts[n] = doc_text[starts[n]:end]
    return starts, texts


def _is_title_token(tok) -> bool:
    return tok.text in _TITLES or "title" in names_mod.heads().get(tok.lower_, ())


def _extend_titles(starts: list, ends, texts: list, labels, doc) -> tuple[list, list]:
    """Widen person mentions over the titles written right before the name, with a
    "le"/"la" between two of them, as the impresso/HIPE newspaper guidelines do:
    "M. Dupont", "général Foch", "M. le professeur Gilliéron" (the entity stays the
    name: "Dupont", "Foch").  Returns new ``starts, texts``.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Hier, M. le professeur Gilliéron a parlé au général Foch.")
    >>> _extend_titles([23, 52], [32, 56], ["Gilliéron", "Foch"], ["PER", "PER"], d)[1]
    ['M. le professeur Gilliéron', 'général Foch']
    """
    starts, texts = list(starts), list(texts)
    taken, doc_text = 0, None
    for n, (start, end, lab) in enumerate(zip(starts, ends, labels)):
        if lab == "PER":
            span = doc.char_span(start, end, alignment_mode="expand")
            k = span.start if span is not None else 0
            while k > 0 and not doc[k].is_sent_start:
                prev = doc[k - 1]
                if prev.idx < taken:
                    break
                if _is_title_token(prev):
                    k -= 1
                elif prev.lower_ in ("le", "la") and k >= 2 and _is_title_token(doc[k - 2]) \
                        and not doc[k - 1].is_sent_start:
                    k -= 2
                else:
                    break
            if span is not None and k < span.start:
                starts[n] = doc[k].idx
                doc_text = _doc_text(doc) if doc_text is None else doc_text
                texts[n] = doc_text[starts[n]:end]
        taken = max(taken, end)
    return starts, texts


def run(ctx) -> None:
    """Add ``mentions``, ``entities``, ``cooccurrence``, ``actors`` and
    ``mentions_dropped`` to ``ctx.tables`` and ``entities`` to ``ctx.summary``.

    Uses ``ctx.sentences["polarity"]`` for ``mean_polarity`` when the tone
    analyser has added it.  Optional settings (read with ``getattr``):
    ``aliases`` and ``actors``, paths to user CSVs extending the defaults.

    Examples
    --------
    >>> from analysis.article import analyse_text
    >>> res = analyse_text("Le président turc Recep Tayyip Erdogan a reçu l'OTAN à Ankara. "
    ...                    "Pour Erdogan, la question est close.")
    >>> res.tables["entities"][["entity", "label", "mentions", "aliases"]].values.tolist()
    [['Recep Tayyip Erdogan', 'PER', 2, 'Erdogan; Recep Tayyip Erdogan'], ['Ankara', 'LOC', 1, 'Ankara'], ['OTAN', 'ORG', 1, 'OTAN']]
    """
    aliases, actors = load_aliases(_setting(ctx, "aliases")), load_actors(_setting(ctx, "actors"))
    # the same steps as raw_mentions -> resolve_mentions -> extend_partial_names ->
    # *_table, on plain rows: one data frame per table, built at the end
    lines: list[tuple[int, int, int]] = []
    kept, dropped = _raw_rows(ctx.doc, ctx.sents, ctx.article_id,
                              known_names=_known_names(aliases, actors), datelines=lines)
    rows = _resolve_rows(kept, aliases, actors)
    aid, sid, start, end, text, entity, label, actor = (list(c) for c in zip(*rows)) if rows \
        else ([] for _ in MENTION_COLUMNS)
    if _ON["extend_partial"]:
        start, text = _extend_partial(start, end, text, entity, label, ctx.doc)
    if _ON["keep_titles"]:
        start, text = _extend_titles(start, end, text, label, ctx.doc)
    pol = _polarity_lookup(ctx.sentences)
    entity_rows = _profile_rows(aid, entity, sid, text, label, pol)
    actor_rows = _actor_rows(_profile_rows(aid, actor, sid, entity, label, pol))
    ints = dict.fromkeys(("sentence_id", "start", "end"), _INT)
    ctx.tables["mentions"] = _frame(list(zip(aid, sid, start, end, text, entity, label, actor)),
                                    MENTION_COLUMNS, ints)
    ctx.tables["entities"] = _frame(entity_rows, ENTITY_COLUMNS, _COUNTS)
    # the same actors as the actor table, actor tone and agency ("Ankara" and "Turquie" are one)
    ctx.tables["cooccurrence"] = _frame(_cooccurrence_rows(aid, sid, actor), COOCCURRENCE_COLUMNS,
                                        {"sentences": _INT})
    ctx.tables["actors"] = _frame(actor_rows, ACTOR_COLUMNS, _COUNTS)
    ctx.tables["mentions_dropped"] = _frame([tuple(r[c] for c in DROPPED_COLUMNS) for r in dropped],
                                            DROPPED_COLUMNS, ints)
    summary = _summary(len(rows), [r[1:4] for r in entity_rows], [r[1:3] for r in actor_rows],
                       len(dropped))
    places = _dateline_places(_doc_text(ctx.doc), lines, rows, aliases, actors)
    ctx.summary["entities"] = {**summary,
                               "n_propagated": sum(r["model_label"] == "" for r in kept),
                               "dateline": places[0]["entity"] if places else None,
                               "datelines": places}


def _dateline_places(text: str, lines, rows: list[tuple], aliases, actors) -> list[dict]:
    """The place of each dateline with its canonical entity and actor (plain types)."""
    forms = {}
    for r in rows:
        forms.setdefault(name_key(r[4]), r[5])
        forms.setdefault(name_key(r[5]), r[5])
    out = []
    for a, b, _e in lines:
        written = text[a:b]
        key = name_key(written)
        hit = aliases.get(key)
        entity = forms.get(key) or (hit.entity if hit else names_mod.capitals_to_title(written))
        out.append({"text": written, "start": int(a), "end": int(b), "entity": entity,
                    "actor": actors.get(name_key(entity), entity)})
    return out
