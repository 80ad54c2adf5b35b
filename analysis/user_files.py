"""Checking the user's resource files once, before any article is read.

``--lexicon``, ``--aliases``, ``--actors``, ``--hedges`` and ``--frames-lexicon``
point to files the analysers load (:mod:`analysis.sentiment`,
:mod:`analysis.entities`, :mod:`analysis.framing`).  A mistake in one of them
(a missing column, a value out of range, a comma-separated file where tabs are
expected, a file that is not UTF-8 text) used to fail inside every article, or
to be ignored.  :func:`check_user_files` reads each file the way its loader
does and stops at the first problem with one :class:`~analysis.io.InputError`
naming the file, the line and the problem; then it runs the loader itself, so
nothing the loader would refuse gets through.

The formats (``#`` lines are comments, blank lines are skipped):

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
a byte-order mark (spreadsheets write one), as the loaders read them.
"""

from __future__ import annotations

import csv
import functools
import io as _io
import os
from dataclasses import dataclass
from pathlib import Path

from .io import InputError, printable


@dataclass(frozen=True)
class Format:
    """How a loader reads one kind of user file."""

    option: str
    delimiter: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    #: the loader drops ``#`` lines after stripping leading spaces (csv loaders) or not (tsv)
    comment_after_strip: bool = True
    #: the loader reads with ``csv.QUOTE_NONE`` (quotes are plain characters)
    no_quoting: bool = False


FORMATS = {
    "lexicon": Format("--lexicon", ",", ("word", "polarity", "subjectivity"), ("pos", "intensity")),
    "aliases": Format("--aliases", ",", ("alias", "entity"), ("label",)),
    "actors": Format("--actors", ",", ("entity", "actor")),
    "hedges": Format("--hedges", "\t", ("term",), ("match",), comment_after_strip=False, no_quoting=True),
    "frames_lexicon": Format("--frames-lexicon", "\t", ("frame", "term"), comment_after_strip=False,
                             no_quoting=True),
}

#: Parts of speech a tone lexicon row may name (empty: any of them).
LEXICON_POS = ("ADJ", "NOUN", "VERB", "ADV", "INTJ")
#: Entity labels an alias row may force (empty: keep the model's).
ALIAS_LABELS = ("PER", "ORG", "LOC", "MISC", "EQUIP")
#: Values of the hedge list's ``match`` column.
HEDGE_MATCHES = ("lower", "lemma")


def check_user_files(settings) -> None:
    """Check every user file ``settings`` names; raise :class:`InputError` on the first problem.

    Each file is checked once per version (path, size, modification time), so
    calling this before every article costs nothing.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from analysis.context import Settings
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "hedges.tsv"
    >>> _ = p.write_text("term,match\\nsans doute,lower\\n", encoding="utf-8")
    >>> check_user_files(Settings(hedges=str(p)))
    Traceback (most recent call last):
    ...
    analysis.io.InputError: .../hedges.tsv: line 1: no 'term' column in the header (found: 'term,match'); this file must be tab-separated
    """
    for kind, path in settings.files().items():
        if kind == "tone_model":  # JSON, checked by its own reader
            from .learned_tone import cached_model

            cached_model(path)
        else:
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
    rows = _rows(text, source, fmt)
    check = _CHECKS[kind]
    for line, row in rows:
        problem = check(row)
        if problem:
            raise InputError(source, f"line {line}: {problem}")
    _run_loader(kind, path)


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
    """``(line number, {column: value})`` for every data row, read as the loader reads it."""
    kept = []
    for n, line in enumerate(_io.StringIO(text, newline=""), 1):
        head = line.lstrip() if fmt.comment_after_strip else line
        if line.strip() and not head.startswith("#"):
            kept.append((n, line))
    if not kept:
        raise InputError(source, "holds no header and no entries (only comments or blank lines)")
    quoting = csv.QUOTE_NONE if fmt.no_quoting else csv.QUOTE_MINIMAL
    try:
        parsed = list(csv.reader([ln for _, ln in kept], delimiter=fmt.delimiter, quoting=quoting))
    except csv.Error as exc:
        raise InputError(source, f"cannot be read as a table ({exc})") from None
    if len(parsed) != len(kept):  # a quoted value spans lines: no line numbers to give
        raise InputError(source, "a quoted value runs over several lines; close its quote")
    # the csv loaders strip column names, the tsv loaders do not
    header = parsed[0] if fmt.no_quoting else [h.strip() for h in parsed[0]]
    first = kept[0][0]
    sep = "tab" if fmt.delimiter == "\t" else "comma"
    for col in fmt.required:
        if col not in header:
            others = [d for d in ("\t", ",", ";") if d != fmt.delimiter]
            hint = f"; this file must be {sep}-separated" if any(d in kept[0][1] for d in others) else ""
            found = kept[0][1].rstrip("\r\n")
            raise InputError(source, f"line {first}: no '{col}' column in the header (found: '{printable(found)}')"
                                     f"{hint}")
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
        rows.append((n, {h: v.strip() for h, v in zip(header, fields)}))
    if not rows:
        raise InputError(source, "holds a header but no entries")
    return rows


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


def _frames_row(row: dict) -> str | None:
    from .framing import load_frame_dimensions

    problem = _required(row, "frame", "term")
    if problem:
        return problem
    frames = load_frame_dimensions()["frame"].tolist()
    if row["frame"] not in frames:
        return f"unknown frame '{printable(row['frame'])}' (frames: {', '.join(frames)})"
    return None


_CHECKS = {"lexicon": _lexicon_row, "aliases": _aliases_row, "actors": _actors_row, "hedges": _hedges_row,
           "frames_lexicon": _frames_row}


def _run_loader(kind: str, path: str) -> None:
    """Load the file as the analyser will: anything it refuses is the user's problem, said once."""
    from . import entities, framing, sentiment

    loaders = {"lexicon": sentiment.read_lexicon_csv, "aliases": entities.load_aliases,
               "actors": entities.load_actors, "hedges": framing.load_hedges,
               "frames_lexicon": framing.load_frame_lexicon}
    try:
        loaders[kind](path)
    except Exception as exc:  # noqa: BLE001 - whatever the loader says, it is about this file
        message = str(exc).replace(path, "").lstrip(":, ") or type(exc).__name__
        raise InputError(path, f"cannot be used as a {FORMATS[kind].option} file ({message})") from None
