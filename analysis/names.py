"""French lexicon for telling names from other capitalised words (used by ``entities``).

Pure functions over small editable tables and the model's own lexicon
(:func:`analysis.nlp.word_classes`):

* nationality words (``resources/nationalities.csv``): "Français", "turque",
  "Sud-Coréen", and the country each stands for;
* head nouns (``resources/entity_heads.tsv``): titles ("général", "ministre"),
  organisation nouns ("chaîne", "agence"), organisation prefixes ("Météo-",
  "Radio") and government bodies ("ministère", "armée");
* the shape of a headline in title case or capitals, and of a dateline
  ("PARIS –", "Londres, 12 mai. —", "ANKARA, 14 octobre (AFP) –").
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable

from . import config

NATIONALITIES_FILE = config.RESOURCES_DIR / "nationalities.csv"
HEADS_FILE = config.RESOURCES_DIR / "entity_heads.tsv"

#: Roles a head noun can have in ``entity_heads.tsv``.
HEAD_ROLES = ("title", "function", "organisation", "org_prefix", "government", "institution", "org_suffix",
              "building", "place_feature", "org_of", "thing", "place")


def _rows(path: str, delimiter: str) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.lstrip().startswith("#")]
    return [{k.strip(): (v or "").strip() for k, v in row.items() if k}
            for row in csv.DictReader(lines, delimiter=delimiter)]


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
    for row in _rows(path or str(NATIONALITIES_FILE), ","):
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
    for row in _rows(path or str(HEADS_FILE), "\t"):
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
    from .nlp import word_classes

    w = word.lower()
    if not w.replace("-", "").isalpha():
        return False
    if w in nationalities():
        return True
    if _DEMONYM_END.search(w) and "adj" in word_classes(w):
        return True
    return plural_context and bool(_PLURAL_DEMONYM_END.search(w)) and not word_classes(w)


def word_classes(word: str) -> frozenset[str]:
    """The lexicon's word classes of ``word`` (:func:`analysis.nlp.word_classes`).

    Examples
    --------
    >>> sorted(word_classes("Émue"))
    ['adj']
    """
    from .nlp import word_classes as classes

    return classes(word)


def is_common_word(word: str, classes: Iterable[str] = ("noun", "adj", "verb")) -> bool:
    """Does the lexicon know ``word`` as a common word of one of ``classes``?

    Examples
    --------
    >>> is_common_word("Grève"), is_common_word("Contactée"), is_common_word("Guipry")
    (True, True, False)
    """
    from .nlp import word_classes

    return bool(word_classes(word) & set(classes))


# --- headlines ----------------------------------------------------------------

def is_headline_case(words: list[str]) -> bool:
    """Words of a line written in title case or in capitals (not a sentence).

    Title case: at least two words of three letters or more after the first, all
    capitalised, one of them a common word of the lexicon ("Crues : La Vilaine
    Déborde À Guipry-Messac").  Capitals: every letter upper case, two words or more.

    Examples
    --------
    >>> is_headline_case("Grève Des Contrôleurs Aériens À Marseille".split())
    True
    >>> is_headline_case("LE ROI ÉDOUARD A PARIS".split())
    True
    >>> is_headline_case("Ankara convoque l'ambassadeur américain".split())
    False
    >>> is_headline_case("Emmanuel Macron et Olaf Scholz".split())
    False
    """
    alpha = [w for w in words if any(c.isalpha() for c in w)]
    if len(alpha) >= 2 and all(c.isupper() for w in alpha for c in w if c.isalpha()):
        return True
    content = [w for w in alpha[1:] if sum(c.isalpha() for c in w) >= 3]
    if len(content) < 2 or not all(w[:1].isupper() for w in content):
        return False
    return any(is_common_word(w.strip("'’")) for w in content if not w.isupper())


# --- datelines ----------------------------------------------------------------

_PLACE_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’.]*(?:-[\w'’.]+)*"
_DATELINE = re.compile(
    rf"(?P<place>{_PLACE_WORD}(?:[ -](?:{_PLACE_WORD}|d[eu]|des|la|le|les|sur|en|d'|l'))*?)"
    r"(?P<rest>\s*(?:,\s*(?:le\s+)?\d{1,2}(?:er)?\s+[a-zéû]+\.?(?:\s+\d{4})?\.?|,\s*\d{1,2}(?:er)?\s+[a-zéû]+)?"
    r"\s*(?:\((?:[A-Z][\w.-]*(?:[ /,]+[A-Z][\w.-]*)*)\))?\s*[.,]?\s*)"
    r"(?P<dash>[–—]|-(?=\s))\s*(?=[«\"A-ZÀ-ÖØ-Þ0-9])")


def dateline(paragraph: str) -> tuple[int, int, int] | None:
    """The dateline that opens a paragraph: ``(place_start, place_end, end)`` or None.

    A place (one to four capitalised words), optionally a date and an agency in
    brackets, then a dash before a capitalised word: "PARIS – ...",
    "Londres, 12 mai. — ...", "ANKARA, 14 octobre (AFP) – ...".

    Examples
    --------
    >>> t = "ANKARA, 14 octobre (AFP) – Le ministère a convoqué l'ambassadeur."
    >>> s, e, end = dateline(t)
    >>> t[s:e], t[end:end + 2]
    ('ANKARA', 'Le')
    >>> t = "Londres, 12 mai. — On mande de Berlin que l'empereur quittera Potsdam."
    >>> t[slice(*dateline(t)[:2])]
    'Londres'
    >>> dateline("Emmanuel Macron a reçu Olaf Scholz – en visite – mardi.") is None
    True
    """
    m = _DATELINE.match(paragraph)
    if m is None:
        return None
    place = m.group("place")
    words = place.replace("-", " ").split()
    if len(words) > 5 or not place[:1].isupper():
        return None
    # without a date or agency, only a place in capitals or before an en/em dash
    if not m.group("rest").strip(" .,") and m.group("dash") == "-" and not place.isupper():
        return None
    return m.start("place"), m.end("place"), m.end()


def capitals_to_title(text: str) -> str:
    """Title case for a name written in capitals ("SAINT-DENIS" -> "Saint-Denis").

    Examples
    --------
    >>> capitals_to_title("SAINT-DENIS"), capitals_to_title("GENÈVE"), capitals_to_title("Paris")
    ('Saint-Denis', 'Genève', 'Paris')
    """
    if not text.isupper():
        return text
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), text)
