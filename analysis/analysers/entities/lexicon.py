"""The French lexicon and the resource tables the entity rules read.

Pure functions over small editable tables (read with
:func:`analysis.resource_files.read_rows`) and the model's own lexicon
(:func:`analysis.nlp.word_classes`):

* the alias table (``resources/aliases.csv``: "Kiev" -> "Kyiv"), the actor
  grouping (``resources/actors.csv``: "Kremlin" -> "Russie") and the debris
  patterns (``resources/entity_debris.tsv``), each layered with a user file;
* nationality words (``resources/nationalities.csv``): "Français", "turque",
  "Sud-Coréen", and the country each stands for;
* head nouns (``resources/entity_heads.tsv``): titles ("général", "ministre"),
  organisation nouns ("chaîne", "agence"), organisation prefixes ("Météo-",
  "Radio") and government bodies ("ministère", "armée");
* the small closed word sets of French (determiners, particles, titles, days
  and months) that decide where a name starts and ends.

Names are compared through :func:`analysis.text.key` (case-, accent-,
hyphen- and apostrophe-insensitive).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from ... import config
from ...nlp import word_classes
from ...resource_files import read_rows
from ...text import key as text_key

ALIASES_FILE = config.RESOURCES_DIR / "aliases.csv"
ACTORS_FILE = config.RESOURCES_DIR / "actors.csv"
DEBRIS_FILE = config.RESOURCES_DIR / "entity_debris.tsv"
NATIONALITIES_FILE = config.RESOURCES_DIR / "nationalities.csv"
HEADS_FILE = config.RESOURCES_DIR / "entity_heads.tsv"

#: Labels an entity can carry (the model's four plus the entity ruler's).
LABELS = ("PER", "ORG", "LOC", "MISC", "EQUIP")

#: Roles a head noun can have in ``entity_heads.tsv``.
HEAD_ROLES = ("title", "function", "organisation", "org_prefix", "government", "institution", "org_suffix",
              "building", "place_feature", "org_of", "thing", "place")

# --- closed word sets ------------------------------------------------------------

#: Honorifics that are not part of the name.
TITLES = frozenset({"M.", "MM.", "Mme", "Mmes", "Mlle", "Mlles", "Mgr", "Dr", "Dr.", "Pr", "Pr.", "Me"})
#: Kept at the start of a person name: "de Gaulle", "du Bellay", "des Cars".
NAME_PARTICLES = frozenset({"de", "du", "des"})
#: Lower-case words a person's name may start with ("de Gaulle", "von Choltitz", "ben Salmane").
PERSON_PARTICLES = frozenset({"de", "du", "des", "d'", "von", "van", "der", "den", "del", "della", "di",
                              "da", "dos", "das", "ben", "bin", "ibn", "al", "el", "ter", "zu", "y"})
#: Capitalised articles, which a sentence start or a headline capitalises too.
CAP_ARTICLES = frozenset({"Le", "La", "Les", "L'"})
#: "de" and its contractions.
DE = frozenset({"de", "d'", "du", "des"})
#: Definite articles, bare or contracted: a named body takes one ("le parquet de X").
DEFINITE = frozenset({"le", "la", "l'", "les", "du", "au", "aux", "des"})
#: Names of days and months: dates, not entities.
DATE_WORDS = frozenset("lundi mardi mercredi jeudi vendredi samedi dimanche janvier février fevrier mars "
                       "avril mai juin juillet août aout septembre octobre novembre décembre decembre".split())


# --- aliases, actors, debris ---------------------------------------------------------

class Alias(NamedTuple):
    """Canonical name and optional forced label of an alias row."""

    entity: str
    label: str | None


@functools.lru_cache(maxsize=8)
def _aliases(paths: tuple[str, ...]) -> MappingProxyType:
    table: dict[str, Alias] = {}
    for path in paths:  # later files override earlier ones
        for row in read_rows(path):
            alias, entity = row.get("alias", ""), row.get("entity", "")
            label = row.get("label", "").upper() or None
            if label is not None and label not in LABELS:
                raise ValueError(f"{path}: unknown label {label!r} for alias {alias!r}; "
                                 f"use one of {', '.join(LABELS)} or leave it empty")
            if alias and entity:
                table[text_key(alias)] = Alias(entity, label)
    return MappingProxyType(table)


def load_aliases(path: str | Path | None = None) -> MappingProxyType:
    """The alias table: ``key(alias) -> Alias(entity, label)``.

    Parameters
    ----------
    path : path, optional
        A user CSV (``alias, entity, label``) read *after* the packaged default,
        so its rows add to and override the default ones.

    Examples
    --------
    >>> load_aliases()[text_key("Kiev")]
    Alias(entity='Kyiv', label='LOC')
    >>> load_aliases()[text_key("Zelenskyy")].entity
    'Zelensky'
    """
    paths = (str(ALIASES_FILE),) + ((str(path),) if path else ())
    return _aliases(paths)


@functools.lru_cache(maxsize=8)
def _actors(paths: tuple[str, ...]) -> MappingProxyType:
    table: dict[str, str] = {}
    for path in paths:
        for row in read_rows(path):
            if row.get("entity") and row.get("actor"):
                table[text_key(row["entity"])] = row["actor"]
    return MappingProxyType(table)


def load_actors(path: str | Path | None = None) -> MappingProxyType:
    """The actor grouping: ``key(entity) -> actor``.

    Parameters
    ----------
    path : path, optional
        A user CSV (``entity, actor``) read after the packaged default.

    Examples
    --------
    >>> load_actors()[text_key("Maison Blanche")]
    'États-Unis'
    """
    paths = (str(ACTORS_FILE),) + ((str(path),) if path else ())
    return _actors(paths)


@functools.lru_cache(maxsize=4)
def load_debris(path: str | None = None) -> tuple[tuple[str, re.Pattern], ...]:
    """Debris rules ``(reason, regex)``, searched in the :func:`~analysis.text.key` of a mention.

    Examples
    --------
    >>> reasons = {r for r, _ in load_debris()}
    >>> "call to action" in reasons
    True
    """
    rows = read_rows(path or DEBRIS_FILE, delimiter="\t")
    return tuple((r["reason"], re.compile(r["pattern"])) for r in rows)


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


def known_names(aliases, actors) -> frozenset[str]:
    """Keys of the names known across articles: aliases, their entities, grouped entities.

    Examples
    --------
    >>> "kremlin" in known_names(load_aliases(), load_actors())
    True
    """
    return _derived("known", aliases, actors, build=lambda al, ac: frozenset(al) | frozenset(
        text_key(a.entity) for a in al.values()) | frozenset(ac))


def word_aliases(aliases) -> dict[str, str]:
    """One-word aliases (key -> entity), applied word by word inside longer names.

    Examples
    --------
    >>> word_aliases(load_aliases())["zelenskyy"]
    'Zelensky'
    """
    return _derived("words", aliases, build=lambda al: {k: a.entity for k, a in al.items() if " " not in k})


# --- nationalities and head nouns -----------------------------------------------------

def inflections(adjective: str) -> set[str]:
    """Masculine/feminine, singular/plural forms of a French nationality adjective.

    Examples
    --------
    >>> sorted(inflections("coréen"))
    ['coréen', 'coréenne', 'coréennes', 'coréens']
    >>> sorted(inflections("français"))
    ['français', 'française', 'françaises']
    >>> sorted(inflections("russe"))
    ['russe', 'russes']
    """
    a = adjective.lower()
    if a.endswith("e"):
        fem = a
    elif a.endswith(("en", "on")):
        fem = a + "ne"
    elif a.endswith("c"):
        fem = a[:-1] + "que"
    else:
        fem = a + "e"
    forms = {a, fem, fem + "s"}
    forms.add(a if a.endswith(("s", "x")) else a + "s")
    return forms


@functools.lru_cache(maxsize=4)
def nationalities(path: str | None = None) -> dict[str, str]:
    """Lower-case nationality word (every inflection) -> country.

    Examples
    --------
    >>> n = nationalities()
    >>> n["turque"], n["américains"], n["sud-coréenne"]
    ('Turquie', 'États-Unis', 'Corée du Sud')
    """
    out: dict[str, str] = {}
    for row in read_rows(path or NATIONALITIES_FILE):
        adj, country = row.get("adjective", ""), row.get("country", "")
        if not adj or not country:
            continue
        extra = [f for f in row.get("forms", "").split("|") if f]
        for base in [adj, *extra]:
            for form in inflections(base):
                out.setdefault(form, country)
    return out


@functools.lru_cache(maxsize=4)
def heads(path: str | None = None) -> dict[str, frozenset[str]]:
    """Lower-case head noun -> its roles (``title``, ``organisation``, ...).

    Examples
    --------
    >>> sorted(heads()["radio"])
    ['org_prefix', 'organisation']
    >>> "title" in heads()["général"]
    True
    """
    out: dict[str, set] = {}
    for row in read_rows(path or HEADS_FILE, "\t"):
        word, role = row.get("word", "").lower(), row.get("role", "")
        if role not in HEAD_ROLES:
            raise ValueError(f"{path or HEADS_FILE}: unknown role {role!r} for {word!r}; "
                             f"use one of {', '.join(HEAD_ROLES)}")
        if word:
            out.setdefault(word, set()).add(role)
    return {k: frozenset(v) for k, v in out.items()}


def has_role(word: str, role: str) -> bool:
    """Is ``word`` (any case) a head noun with this role?

    Examples
    --------
    >>> has_role("Chaîne", "organisation"), has_role("chaîne", "title")
    (True, False)
    """
    return role in heads().get(word.lower(), ())


def is_title_word(word: str) -> bool:
    """A title or a function (``entity_heads.tsv``): "général", "ministre".

    Examples
    --------
    >>> is_title_word("Général"), is_title_word("ministre"), is_title_word("chaîne")
    (True, True, False)
    """
    roles = heads().get(word.lower(), ())
    return "title" in roles or "function" in roles


def is_title_token(tok) -> bool:
    """An honorific ("M.", "Mme") or a title of ``entity_heads.tsv`` ("général")."""
    return tok.text in TITLES or "title" in heads().get(tok.lower_, ())


# Endings of demonyms of towns and regions ("Parisiens", "Abidjanais", "Lyonnaises").
_DEMONYM_END = re.compile(r"(?:ais|aise|ois|oise|ien|ienne|éen|éenne|ain|aine|an|ane|in|ine|ol|ole|on|onne"
                          r"|and|ande|ite|ote|iote)s?$")
_PLURAL_DEMONYM_END = re.compile(r"(?:ais|aises|ois|oises|iens|iennes|éens|éennes|ains|aines)$")


def is_nationality(word: str) -> bool:
    """A nationality word of the table, any case ("Français", "TURQUE", "Sud-Coréen").

    Examples
    --------
    >>> is_nationality("Français"), is_nationality("Sud-Coréens"), is_nationality("France")
    (True, True, False)
    """
    return word.lower() in nationalities()


def is_demonym(word: str, *, plural_context: bool = False) -> bool:
    """A word naming the people of a place: a nationality, or an adjective of the
    lexicon with a demonym ending ("Parisiens", "Bretonne"); with ``plural_context``
    (after "les", "des"...), also an unknown word with a plural demonym ending
    ("les Abidjanais").

    Examples
    --------
    >>> is_demonym("Parisiens"), is_demonym("Nord"), is_demonym("Orange")
    (True, False, False)
    >>> is_demonym("Abidjanais"), is_demonym("Abidjanais", plural_context=True)
    (False, True)
    """
    w = word.lower()
    if not w.replace("-", "").isalpha():
        return False
    if w in nationalities():
        return True
    if _DEMONYM_END.search(w) and "adj" in word_classes(w):
        return True
    return plural_context and bool(_PLURAL_DEMONYM_END.search(w)) and not word_classes(w)


def is_common_word(word: str, classes: Iterable[str] = ("noun", "adj", "verb")) -> bool:
    """Does the lexicon know ``word`` as a common word of one of ``classes``?

    Examples
    --------
    >>> is_common_word("Grève"), is_common_word("Contactée"), is_common_word("Guipry")
    (True, True, False)
    """
    return bool(word_classes(word) & set(classes))
