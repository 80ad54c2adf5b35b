"""Checking the user's resource files once, before any article is read.

``--lexicon``, ``--aliases``, ``--actors``, ``--hedges`` and ``--frames-lexicon``
point to files the analysers load (:mod:`analysis.analysers.tone`,
:mod:`analysis.analysers.entities`, :mod:`analysis.analysers.hedging`,
:mod:`analysis.analysers.frames`).  A mistake in one of them
(a missing column, a value out of range, a comma-separated file where tabs are
expected, a file that is not UTF-8 text) used to fail inside every article, or
to be ignored.  :func:`check_user_files` reads each file as the loaders do
(:mod:`analysis.resource_files`, with line numbers) and checks every value the
loaders check, stopping at the first problem with one
:class:`~analysis.intake.InputError` naming the file, the line and the problem.
A tone model (``--sentiment model:PATH``) is a JSON file checked by its own
reader (:func:`analysis.analysers.tone.learned.cached_model`), called by the
pipeline (:func:`analysis.article.check_user_files`).

The formats (a line ``#`` or starting with ``# `` is a comment, blank lines are skipped):

========================  =========  =====================================================
option                    separator  columns (``*`` required)
========================  =========  =====================================================
``--lexicon``             comma      word*, polarity* [-1, 1], subjectivity* [0, 1], pos
                                     (ADJ, NOUN, VERB, ADV, INTJ or empty), intensity (> 0)
``--aliases``             comma      alias*, entity*, label (PER, ORG, LOC, MISC, EQUIP or empty)
``--actors``              comma      entity*, actor*
``--hedges``              tab        term*, match (lower or lemma; empty: lower)
``--frames-lexicon``      tab        frame* (an id of ``resources/frames_dimensions.tsv``), term*
========================  =========  =====================================================

Other columns (a ``note``) are allowed and ignored.  Files are UTF-8, with or without
a byte-order mark (spreadsheets write one); column names and values are stripped.
"""

from __future__ import annotations

import csv
import functools
import os
from dataclasses import dataclass
from pathlib import Path

from .. import config
from ..resource_files import as_dict, data_lines, parse_lines, read_rows
from .errors import InputError, printable


@dataclass(frozen=True)
class Format:
    """One kind of user file: its option, separator and columns."""

    option: str
    delimiter: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()


FORMATS = {
    "lexicon": Format("--lexicon", ",", ("word", "polarity", "subjectivity"), ("pos", "intensity")),
    "aliases": Format("--aliases", ",", ("alias", "entity"), ("label",)),
    "actors": Format("--actors", ",", ("entity", "actor")),
    "hedges": Format("--hedges", "\t", ("term",), ("match",)),
    "frames_lexicon": Format("--frames-lexicon", "\t", ("frame", "term")),
}

#: Parts of speech a tone lexicon row may name (empty: any of them).
LEXICON_POS = ("ADJ", "NOUN", "VERB", "ADV", "INTJ")
#: Entity labels an alias row may force (empty: keep the model's).
ALIAS_LABELS = ("PER", "ORG", "LOC", "MISC", "EQUIP")
#: Values of the hedge list's ``match`` column.
HEDGE_MATCHES = ("lower", "lemma")
#: The frames a user frame lexicon may name.
FRAMES_DIMENSIONS_FILE = config.RESOURCES_DIR / "frames_dimensions.tsv"


def check_user_files(settings) -> None:
    """Check every user table ``settings`` names; raise :class:`InputError` on the first problem.

    ``settings`` is an :class:`analysis.context.Settings` (its ``files()``);
    the tone model it may name is left to its own reader.  Each file is checked
    once per version (path, size, modification time), so calling this before
    every article costs nothing.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from analysis.context import Settings
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "hedges.tsv"
    >>> _ = p.write_text("term,match\\nsans doute,lower\\n", encoding="utf-8")
    >>> try:
    ...     check_user_files(Settings(hedges=str(p)))
    ... except InputError as exc:
    ...     print(exc.problem)
    line 1: no 'term' column in the header (found: 'term,match'); this file must be tab-separated
    """
    for kind, path in settings.files().items():
        if kind in FORMATS:
            check_user_file(kind, path)


def check_user_file(kind: str, path: str | Path) -> None:
    """Check one user file of ``kind`` (a key of :data:`FORMATS`)."""
    path = Path(path)
    try:
        st = os.stat(path)
    except OSError as exc:
        raise InputError(path, f"cannot read this {FORMATS[kind].option} file ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise InputError(path, f"not a usable path ({exc})") from None
    _check_cached(kind, str(path), st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=32)
def _check_cached(kind: str, path: str, mtime: int, size: int) -> None:
    fmt = FORMATS[kind]
    source = Path(path)
    if not source.is_file():
        raise InputError(source, f"the {fmt.option} file is not a regular file")
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise InputError(source, f"cannot read this {fmt.option} file ({exc.strerror or exc})") from None
    text = _decode(data, source, fmt)
    check = _CHECKS[kind]
    for line, row in _rows(text, source, fmt):
        problem = check(row)
        if problem:
            raise InputError(source, f"line {line}: {problem}")


def _decode(data: bytes, source: Path, fmt: Format) -> str:
    if not data.strip():
        raise InputError(source, f"the {fmt.option} file is empty")
    data = data.removeprefix(b"\xef\xbb\xbf")  # spreadsheets write a BOM; the loaders skip it too
    if b"\x00" in data[:8000]:
        raise InputError(source, f"looks like binary data, not a {fmt.option} text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(source, f"line {line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); "
                                 "save the file as UTF-8") from None
    controls = sum(1 for c in text[:8000] if ord(c) < 32 and c not in "\n\r\t")
    if controls > 3:
        raise InputError(source, f"looks like binary data, not a {fmt.option} text file")
    return text


def _rows(text: str, source: Path, fmt: Format) -> list[tuple[int, dict[str, str]]]:
    """``(line number, {column: value})`` for every data row, read as the loaders read it."""
    kept = data_lines(text)
    if not kept:
        raise InputError(source, "holds no header and no entries (only comments or blank lines)")
    try:
        parsed = parse_lines([ln for _, ln in kept], fmt.delimiter)
    except csv.Error as exc:
        raise InputError(source, f"cannot be read as a table ({exc})") from None
    if len(parsed) != len(kept):  # a quoted value spans lines: no line numbers to give
        raise InputError(source, "a quoted value runs over several lines; close its quote")
    header = [h.strip() for h in parsed[0]]
    _check_header(header, kept[0], source, fmt)
    optional = set(fmt.optional) | {h for h in header if h not in fmt.required}
    rows = []
    for (n, _), fields in zip(kept[1:], parsed[1:]):
        if len(fields) > len(header):
            hint = " (a comma inside a value must be quoted)" if fmt.delimiter == "," else ""
            raise InputError(source, f"line {n}: {len(fields)} fields where the header has {len(header)}{hint}")
        missing = [h for h in header[len(fields):] if h and h not in optional]
        if missing:
            raise InputError(source, f"line {n}: no value for '{missing[0]}' ({len(fields)} fields where the "
                                     f"header has {len(header)})")
        rows.append((n, as_dict(parsed[0], fields)))
    if not rows:
        raise InputError(source, "holds a header but no entries")
    return rows


def _check_header(header: list[str], line: tuple[int, str], source: Path, fmt: Format) -> None:
    """Refuse a header (``line``: its number and text) without a required column, guessing a wrong separator."""
    first, text = line
    found = printable(text.rstrip("\r\n"))
    sep = "tab" if fmt.delimiter == "\t" else "comma"
    for col in fmt.required:
        if col not in header:
            others = [d for d in ("\t", ",", ";") if d != fmt.delimiter]
            hint = f"; this file must be {sep}-separated" if any(d in text for d in others) else ""
            raise InputError(source, f"line {first}: no '{col}' column in the header (found: '{found}'){hint}")


def _number(row: dict, col: str, low: float | None, high: float | None, *, default: float | None = None,
            above: float | None = None) -> tuple[float | None, str | None]:
    raw = row.get(col, "")
    if raw == "" and default is not None:
        return default, None
    try:
        value = float(raw)
    except ValueError:
        hint = " (use a point as the decimal separator)" if "," in raw else ""
        return None, f"{col} must be a number, not '{printable(raw)}'{hint}"
    if value != value or (low is not None and value < low) or (high is not None and value > high) \
            or (above is not None and value <= above):
        span = f"in [{low:g}, {high:g}]" if above is None else f"over {above:g}"
        return None, f"{col} must be {span}, not {printable(raw)}"
    return value, None


def _lexicon_row(row: dict) -> str | None:
    word = row["word"]
    if not word:
        return "empty word"
    if " " in word:
        return f"one word per entry, not '{printable(word)}'"
    for col, low, high in (("polarity", -1, 1), ("subjectivity", 0, 1)):
        _, problem = _number(row, col, low, high)
        if problem:
            return problem
    _, problem = _number(row, "intensity", None, None, default=1.0, above=0)
    if problem:
        return problem
    pos = row.get("pos", "").upper()
    if pos not in (*LEXICON_POS, "", "*", "JJ", "RB", "NN", "VB", "UH"):
        return f"pos must be one of {', '.join(LEXICON_POS)} or empty, not '{printable(row.get('pos'))}'"
    return None


def _required(row: dict, *cols: str) -> str | None:
    for col in cols:
        if not row.get(col):
            return f"empty '{col}'"
    return None


def _aliases_row(row: dict) -> str | None:
    label = row.get("label", "").upper()
    if label and label not in ALIAS_LABELS:
        return f"label must be one of {', '.join(ALIAS_LABELS)} or empty, not '{printable(row['label'])}'"
    return _required(row, "alias", "entity")


def _actors_row(row: dict) -> str | None:
    return _required(row, "entity", "actor")


def _hedges_row(row: dict) -> str | None:
    match = row.get("match", "")
    if match and match not in HEDGE_MATCHES:
        return f"match must be 'lower' or 'lemma' (or empty), not '{printable(match)}'"
    return _required(row, "term")


@functools.lru_cache(maxsize=1)
def _frame_ids() -> tuple[str, ...]:
    """The frame ids of the codebook (``resources/frames_dimensions.tsv``), in its order."""
    return tuple(r["frame"] for r in read_rows(FRAMES_DIMENSIONS_FILE, "\t"))


def _frames_row(row: dict) -> str | None:
    problem = _required(row, "frame", "term")
    if problem:
        return problem
    frames = _frame_ids()
    if row["frame"] not in frames:
        return f"unknown frame '{printable(row['frame'])}' (frames: {', '.join(frames)})"
    return None


_CHECKS = {"lexicon": _lexicon_row, "aliases": _aliases_row, "actors": _actors_row, "hedges": _hedges_row,
           "frames_lexicon": _frames_row}
