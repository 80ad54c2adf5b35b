"""Article ids: safe folder names, unique across everything read in one run."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Iterator

from .errors import printable
from .records import Article

#: Names of the kit's own folders in an output folder: never an article id.
RESERVED_IDS = frozenset({"corpus"})
_SAFE_ID = re.compile(r"[a-z0-9](?:[a-z0-9_-]{0,98}[a-z0-9])?")


def slugify(value: str, *, max_len: int = 80) -> str:
    """A safe, readable id: ASCII letters, digits, ``-`` and ``_`` only.

    Runs of other characters become one ``-``, so a slug never holds ``--``
    (which :class:`ArticleIds` keeps for its suffixes).

    Examples
    --------
    >>> slugify("États-Unis: l'offre « S-400 » ../../etc")
    'etats-unis-l-offre-s-400-etc'
    >>> slugify("-- $(rm) ;")
    'rm'
    """
    s = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9_]+", "-", s.lower()).strip("-_")
    return s[:max_len].strip("-_") or "article"


def is_safe_id(value: object) -> bool:
    """Whether ``value`` can name an article folder as it is.

    Lower-case ASCII letters, digits, ``-`` and ``_`` (as :func:`slugify` makes
    them, plus the ``--N`` suffixes of :class:`ArticleIds`), at most 100
    characters, and not a reserved name (:data:`RESERVED_IDS`).

    Examples
    --------
    >>> is_safe_id("a-2"), is_safe_id("corpus"), is_safe_id("../x"), is_safe_id("Zürich")
    (True, False, False, False)
    """
    return isinstance(value, str) and bool(_SAFE_ID.fullmatch(value)) and value not in RESERVED_IDS


class ArticleIds:
    """Gives unique, safe article ids in input order (the CLI and :func:`~analysis.intake.iter_articles`).

    The first article that asks for an id gets it; a later article asking for
    an id already given, or for a reserved name (``corpus``), gets the first
    free ``--2``, ``--3`` … suffix.  :func:`slugify` never makes ``--``, so a
    suffixed id cannot collide with an id read from a file, and an id that
    appears once is always kept as it is.  An unsafe id (``"../x"``, ``"Zürich"``)
    is slugified first.

    Examples
    --------
    >>> ids = ArticleIds()
    >>> [ids.claim(i) for i in ["a", "a", "a-2", "corpus", "a"]]
    ['a', 'a--2', 'a-2', 'corpus--2', 'a--3']
    """

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def claim(self, wanted: str) -> str:
        base = wanted if is_safe_id(wanted) or wanted in RESERVED_IDS else slugify(wanted)
        new, k = base, 1
        while new in self.taken or new in RESERVED_IDS:
            k += 1
            new = f"{base}--{k}"
        self.taken.add(new)
        return new


def unique_ids(items: Iterable, notice=None) -> Iterator:
    """``items`` (articles and errors) with every article id made unique by :class:`ArticleIds`.

    An article whose id changes is a copy; ``notice(message)`` is told about it.

    Examples
    --------
    >>> [a.article_id for a in unique_ids([Article("a", "x"), Article("a", "y")])]
    ['a', 'a--2']
    """
    ids = ArticleIds()
    for item in items:
        if isinstance(item, Article):
            new = ids.claim(item.article_id)
            if new != item.article_id:
                if notice is not None:
                    old = item.article_id
                    why = ("is reserved for the kit's own folder" if old in RESERVED_IDS else
                           "is already taken" if is_safe_id(old) else "is not a safe folder name")
                    notice(f"{printable(item.meta.get('source') or old)}: the id '{printable(old)}' {why}; "
                           f"written as '{new}'")
                item = dataclasses.replace(item, article_id=new)
        yield item
