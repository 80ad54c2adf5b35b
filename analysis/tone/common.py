"""Helpers shared by the tone methods: reading lexicon files, normalising tokens.

``analysis.sentiment`` re-exports :func:`read_lexicon_csv` (the user lexicon
format, ``docs/tone.md``).
"""

from __future__ import annotations

import csv
import functools
import os
from pathlib import Path

import pandas as pd

from .. import config

#: An example user lexicon (not applied unless passed as ``lexicon``).
DOMAIN_EXAMPLE = config.RESOURCES_DIR / "tone_domain_example.csv"

_USER_POS = {"ADJ": "JJ", "ADV": "RB", "NOUN": "NN", "VERB": "VB", "INTJ": "UH",
             "JJ": "JJ", "RB": "RB", "NN": "NN", "VB": "VB", "UH": "UH", "": "*", "*": "*"}
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def _clip(x: float, lo: float = -1.0, hi: float = 1.0) -> float:
    return max(lo, min(x, hi))


def _read_csv(path: str | Path) -> list[dict]:
    """Rows of a comma-separated file whose ``#`` lines are comments."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.lstrip().startswith("#")]
    return [{(k or "").strip(): (v or "").strip() for k, v in row.items()}
            for row in csv.DictReader(lines)]


def read_lexicon_csv(path: str | Path) -> pd.DataFrame:
    """Read and check a user tone lexicon.

    The file is a CSV with a header ``word, polarity, subjectivity`` and
    optional ``pos`` (spaCy ``ADJ``, ``NOUN``, ``VERB``, ``ADV``, ``INTJ``;
    empty: any of these) and ``intensity`` (how much the entry multiplies the
    next scored word when used as a modifier, default 1.0) columns; other
    columns (a ``note``) are kept but ignored, ``#`` lines are comments.
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
    rows = _read_csv(path)
    out = []
    for n, r in enumerate(rows, start=2):
        missing = {"word", "polarity", "subjectivity"} - set(r)
        if missing:
            raise ValueError(f"{path}: missing column(s) {sorted(missing)}")
        word = r["word"].translate(_APOSTROPHES).lower()
        pos = r.get("pos", "").upper()
        try:
            p, s = float(r["polarity"]), float(r["subjectivity"])
            i = float(r.get("intensity") or 1.0)
        except ValueError as exc:
            raise ValueError(f"{path}, row {n}: {exc}") from None
        if not word or " " in word:
            raise ValueError(f"{path}, row {n}: one word per entry, got {r['word']!r}")
        if pos not in _USER_POS:
            raise ValueError(f"{path}, row {n}: pos {r.get('pos')!r} is not one of "
                             "ADJ, NOUN, VERB, ADV, INTJ or empty")
        if not (-1 <= p <= 1 and 0 <= s <= 1 and i > 0):
            raise ValueError(f"{path}, row {n}: polarity must be in [-1, 1], subjectivity in "
                             f"[0, 1] and intensity > 0 ({r['word']}: {p}, {s}, {i})")
        out.append({"word": word, "pos": pos if _USER_POS[pos] != "*" else "",
                    "polarity": p, "subjectivity": s, "intensity": i})
    return pd.DataFrame(out, columns=["word", "pos", "polarity", "subjectivity", "intensity"])


def _file_key(path: str | Path) -> tuple[str, int, int]:
    # keyed on size and mtime so an edited file is re-read in a long notebook session
    st = os.stat(path) if Path(path).is_file() else None
    return str(path), st.st_mtime_ns if st else 0, st.st_size if st else 0


def _user_lexicon(path: str | Path | None) -> dict:
    return _user_lexicon_cached(*_file_key(path)) if path else {}


@functools.lru_cache(maxsize=8)
def _user_lexicon_cached(path: str, mtime: int, size: int) -> dict:
    df = read_lexicon_csv(path)
    lex: dict[str, dict[str, tuple[float, float, float]]] = {}
    for r in df.itertuples(index=False):
        lex.setdefault(r.word, {})[_USER_POS[r.pos or "*"]] = (r.polarity, r.subjectivity,
                                                             r.intensity)
    return lex


@functools.lru_cache(maxsize=65536)
def _norm(text: str) -> str:
    """A token's text as the lexicons spell it: lower case, straight apostrophes."""
    return text.translate(_APOSTROPHES).lower()


def _has_ne(tok) -> bool:
    head = tok.head
    sibs = [c for c in head.children if c.i < tok.i] + ([head] if head.i < tok.i else [])
    return any(s.lower_.translate(_APOSTROPHES) in ("ne", "n'") for s in sibs)
