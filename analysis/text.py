"""The one place that says when two strings are "the same words": text keys.

Every analyser compares names, titles, terms or labels through these, so an
accent, a capital, a ligature or a hyphen never makes two spellings of one
name count twice.

* :func:`strip_accents` drops diacritics ("Erdoğan" → "Erdogan");
* :func:`fold` lower-cases (casefold), unfolds ligatures ("œ" → "oe") and
  drops diacritics, keeping punctuation and spacing;
* :func:`key` is :func:`fold` reduced to its words joined by single spaces:
  case-, accent-, hyphen-, apostrophe- and punctuation-insensitive.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})
_WORDS = re.compile(r"\w+")


class CharMap(dict):
    """A ``str.translate`` table filled on first sight of each character by ``keep(char) -> bool``.

    ``translate`` then runs at C speed on characters already seen, instead of a Python
    test per character of the text.

    Examples
    --------
    >>> "a\u0301b".translate(CharMap(lambda c: not unicodedata.combining(c)))
    'ab'
    """

    def __init__(self, keep):
        super().__init__()
        self._keep = keep

    def __missing__(self, code: int):
        value = code if self._keep(chr(code)) else None
        self[code] = value
        return value


_NO_MARKS = CharMap(lambda c: not unicodedata.combining(c))


def strip_accents(text: str) -> str:
    """``text`` without diacritics.

    Examples
    --------
    >>> strip_accents("Élysée, Erdoğan")
    'Elysee, Erdogan'
    """
    return unicodedata.normalize("NFKD", text).translate(_NO_MARKS)


@functools.lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Case-, ligature- and accent-insensitive form of ``text`` (punctuation kept).

    Examples
    --------
    >>> fold("Cœur d'ÉTAT")
    "coeur d'etat"
    """
    return strip_accents(str(text).translate(_LIGATURES).casefold())


@functools.lru_cache(maxsize=8192)
def key(text: str) -> str:
    """Comparison key: the words of :func:`fold`, joined by single spaces.

    Examples
    --------
    >>> key("États-Unis"), key("Etats Unis"), key("l'OTAN"), key("  Le  Monde ! ")
    ('etats unis', 'etats unis', 'l otan', 'le monde')
    """
    return " ".join(_WORDS.findall(fold(text)))
