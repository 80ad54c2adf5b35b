"""What every tone method shares: the user lexicon, token keys and the evidence rows.

* the **user lexicon** (``--lexicon``, ``docs/tone.md``): :func:`read_lexicon_csv`
  reads and checks it, :func:`user_lexicon` caches it per file version;
* **token keys**: :func:`norm` (lower case, straight apostrophes: how the
  lexicons spell a word) and :func:`has_ne` (a « ne » before the word);
* the **evidence**: each method turns a sentence into scored chunks, one
  :class:`Evidence` row each; :class:`MethodResult` derives the sentence scores
  from the rows, and :func:`evidence_table` builds the ``evidence`` table.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from ... import config
from ...intake import InputError
from ...intake.user_files import check_user_file
from ...resource_files import read_rows
from ...tables import Table

#: An example user lexicon (not applied unless passed as ``lexicon``).
DOMAIN_EXAMPLE = config.RESOURCES_DIR / "tone_domain_example.csv"

# a user lexicon's ``pos`` -> the lexicon tag it fills ("*": any part of speech)
USER_POS = {"ADJ": "JJ", "ADV": "RB", "NOUN": "NN", "VERB": "VB", "INTJ": "UH",
            "JJ": "JJ", "RB": "RB", "NN": "NN", "VB": "VB", "UH": "UH", "": "*", "*": "*"}
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def clip(x: float, lo: float = -1.0, hi: float = 1.0) -> float:
    return max(lo, min(x, hi))


# --- the user lexicon --------------------------------------------------------------

def read_lexicon_csv(path: str | Path) -> pd.DataFrame:
    """Read and check a user tone lexicon.

    The file is a CSV with a header ``word, polarity, subjectivity`` and
    optional ``pos`` (spaCy ``ADJ``, ``NOUN``, ``VERB``, ``ADV``, ``INTJ``;
    empty: any of these) and ``intensity`` (how much the entry multiplies the
    next scored word when used as a modifier, default 1.0) columns; other
    columns (a ``note``) are kept but ignored; comments as in every resource
    table (:mod:`analysis.resource_files`).
    Words are matched, lower-cased, against a token's form, then its lemma.

    Parameters
    ----------
    path : str or Path

    Returns
    -------
    pandas.DataFrame
        ``word, pos, polarity, subjectivity, intensity`` (``pos`` is ``""`` for
        any part of speech).

    Raises
    ------
    ValueError
        On a missing column, a value out of range, a word with a space or an
        unknown ``pos``, naming the row.

    Examples
    --------
    >>> df = read_lexicon_csv(DOMAIN_EXAMPLE)
    >>> df.loc[df["word"] == "invasion", ["pos", "polarity"]].values.tolist()
    [['NOUN', -0.6]]
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"tone lexicon not found: {path}")
    try:  # one checker for user files (the CLI runs it before any article)
        check_user_file("lexicon", path)
    except InputError as exc:
        raise ValueError(str(exc)) from None
    out = [_lexicon_entry(r) for r in read_rows(path)]
    return pd.DataFrame(out, columns=["word", "pos", "polarity", "subjectivity", "intensity"])


def _lexicon_entry(r: dict) -> dict:
    """One row of a checked user lexicon, as the scorers read it."""
    pos = r.get("pos", "").upper()
    return {"word": norm(r["word"]), "pos": pos if USER_POS[pos] != "*" else "",
            "polarity": float(r["polarity"]), "subjectivity": float(r["subjectivity"]),
            "intensity": float(r.get("intensity") or 1.0)}


def file_key(path: str | Path) -> tuple[str, int, int]:
    """``(path, mtime, size)``: a cache key that changes when the file is edited
    (a long notebook session re-reads an edited lexicon)."""
    st = os.stat(path) if Path(path).is_file() else None
    return str(path), st.st_mtime_ns if st else 0, st.st_size if st else 0


def user_lexicon(path: str | Path | None) -> dict:
    """The user lexicon at ``path`` as ``{word: {tag: (polarity, subjectivity, intensity)}}``
    (``{}`` without one), read once per file version."""
    return _user_lexicon_cached(*file_key(path)) if path else {}


@functools.lru_cache(maxsize=8)
def _user_lexicon_cached(path: str, mtime: int, size: int) -> dict:
    df = read_lexicon_csv(path)
    lex: dict[str, dict[str, tuple[float, float, float]]] = {}
    for r in df.itertuples(index=False):
        lex.setdefault(r.word, {})[USER_POS[r.pos or "*"]] = (r.polarity, r.subjectivity,
                                                            r.intensity)
    return lex


# --- token keys ---------------------------------------------------------------------

@functools.lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """A token's text as the lexicons spell it: lower case, straight apostrophes.

    Accents stay: the lexicons tell « tué » from « tue ».

    Examples
    --------
    >>> norm("N’est"), norm("Tué")
    ("n'est", 'tué')
    """
    return text.translate(APOSTROPHES).lower()


def has_ne(tok) -> bool:
    """Does a « ne » (« n' ») of the same head come before ``tok`` (« ne … plus »)?"""
    head = tok.head
    sibs = [c for c in head.children if c.i < tok.i] + ([head] if head.i < tok.i else [])
    return any(norm(s.lower_) in ("ne", "n'") for s in sibs)


# --- evidence ------------------------------------------------------------------------

class Evidence(NamedTuple):
    """One row of the ``evidence`` table: a scored chunk (for a learned model, a feature)."""

    article_id: str
    sentence_id: int
    method: str
    words: str
    polarity: float
    subjectivity: float
    negated: bool
    intensified: bool
    weight: float
    start: int
    end: int
    entry: str
    source: str


EVIDENCE_COLUMNS = list(Evidence._fields)
_EVIDENCE_DTYPES = {"sentence_id": "int64", "polarity": "float64", "subjectivity": "float64",
                    "negated": "bool", "intensified": "bool", "weight": "float64", "start": "int64",
                    "end": "int64"}


def evidence_table(rows: list[Evidence]) -> Table:
    """The ``evidence`` table from its rows.

    Text columns are ``str`` (``object`` when there is no row at all).

    Examples
    --------
    >>> evidence_table([Evidence("a", 0, "news", "tué", -0.6, 0.6, False, False, 1.0, 4, 7, "tuer", "news")]).frame[
    ...     ["sentence_id", "words", "polarity"]].values.tolist()
    [[0, 'tué', -0.6]]
    """
    if not rows:
        return Table({c: [] for c in EVIDENCE_COLUMNS},
                     {c: _EVIDENCE_DTYPES.get(c, "object") for c in EVIDENCE_COLUMNS})
    return Table(dict(zip(EVIDENCE_COLUMNS, zip(*rows))), _EVIDENCE_DTYPES)


@dataclass(slots=True)
class MethodResult:
    """One method's output for an article: evidence rows and sentence scores.

    ``rows`` are :class:`Evidence` rows, sentence by sentence; ``polarity``,
    ``subjectivity`` (float64) and ``n_scored`` (int64) have one value per
    sentence.
    """

    rows: list
    polarity: np.ndarray
    subjectivity: np.ndarray
    n_scored: np.ndarray

    @classmethod
    def from_rows(cls, rows: list[Evidence], n: int) -> MethodResult:
        """Sentence scores from evidence rows: ``weight``-weighted means of the chunk
        values (clipped to [-1, 1] and [0, 1]) and the chunk count; 0 without chunks.

        Rows come sentence by sentence, so each sentence's chunks are one
        segment summed by ``np.add.reduceat`` (the same sums, bit for bit, as
        pandas' ``groupby("sentence_id").sum()`` on sorted ids).

        Examples
        --------
        >>> rows = [Evidence("a", 1, "m", "w", 0.5, 0.4, False, False, 1.0, 0, 1, "w", "s"),
        ...         Evidence("a", 1, "m", "v", -0.1, 0.2, False, False, 1.0, 2, 3, "v", "s")]
        >>> r = MethodResult.from_rows(rows, 3)
        >>> r.polarity.round(6).tolist(), r.n_scored.tolist()
        ([0.0, 0.2, 0.0], [0, 2, 0])
        """
        pol, subj, count = np.zeros(n), np.zeros(n), np.zeros(n, dtype=np.int64)
        if rows:
            cols = Evidence(*zip(*rows))
            sid = np.array(cols.sentence_id, dtype=np.int64)
            w = np.array(cols.weight, dtype=np.float64)
            starts = np.flatnonzero(np.r_[True, sid[1:] != sid[:-1]])
            ids, w_sum = sid[starts], np.add.reduceat(w, starts)
            for out, values, hi_lo in ((pol, cols.polarity, (-1, 1)), (subj, cols.subjectivity, (0, 1))):
                x = np.array(values, dtype=np.float64) * w
                out[ids] = np.clip(np.add.reduceat(x, starts) / w_sum, *hi_lo)
            count[ids] = np.diff(starts, append=len(sid))
        return cls(rows, pol, subj, count)
