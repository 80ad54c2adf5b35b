"""Tables of articles: CSV/TSV, JSON lines and Parquet rows to :class:`~analysis.intake.Article` records.

One article per row (rows numbered from 1).  A bad row comes out as an
:class:`~analysis.intake.InputError` naming the file, the row and the problem,
so the rows after it are still read.  Parquet files are read by pandas, which
imports pyarrow only then.
"""

from __future__ import annotations

import csv
import io
import json
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from .. import config
from .decode import decode_bytes
from .errors import InputError
from .files import check_file, read_bytes
from .ids import slugify
from .records import Article

#: Accepted names of the text column in CSV / JSONL / Parquet, in order of preference.
TEXT_COLUMNS = ("text", "content", "body", "article", "texte", "contenu")
#: Optional metadata columns carried into the tables and summary.
META_COLUMNS = ("title", "date", "outlet", "url", "id")


_MISSING = ("", "nan", "None", "NaT", "<NA>")


def _kind(value: Any) -> str:
    """What a JSON/Parquet value is, in words, for an error message."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ndarray":
        return "a list"
    if isinstance(value, (bytes, bytearray)):
        return "bytes"
    return type(value).__name__


def _scalar_text(value: Any) -> str | None:
    """A metadata value as text (None when missing); integral floats lose their ``.0``
    (a numeric Parquet id column with a null is read as floats: 1.0 is id ``1``)."""
    if value is None or isinstance(value, (dict, list, tuple, bytes, bytearray)) \
            or type(value).__name__ == "ndarray":
        return None
    if isinstance(value, float):
        if value != value:
            return None
        if value.is_integer():
            value = int(value)
    text = str(value).strip()
    return None if text in _MISSING else text


def _duplicated(names: Iterable[str]) -> list[str]:
    """Columns the kit reads that appear more than once (case and spaces ignored)."""
    seen: dict[str, int] = {}
    for name in names:
        key = str(name).strip().lower()
        seen[key] = seen.get(key, 0) + 1
    return [c for c in (*TEXT_COLUMNS, *META_COLUMNS) if seen.get(c, 0) > 1]


def _records_to_articles(records: Iterable[tuple[int, dict]], path: Path, fmt: str,
                         unit: str = "row") -> Iterator[Article | InputError]:
    for n, rec in records:
        where = f"{path.name}#{n}"
        dup = _duplicated(rec)
        if dup:
            yield InputError(where, f"{unit} {n}: the field '{dup[0]}' appears more than once; not read")
            continue
        rec = {str(k).strip().lower(): v for k, v in rec.items()}
        col = next((c for c in TEXT_COLUMNS if c in rec), None)
        if col is None:
            yield InputError(path, f"no text column (expected one of: {', '.join(TEXT_COLUMNS)})")
            return
        text = rec.get(col)
        if text is None or (isinstance(text, float) and text != text) or (isinstance(text, str) and not text.strip()):
            yield InputError(where, f"row {n}: empty '{col}'")
            continue
        if not isinstance(text, str):  # a JSON list, object or boolean is not an article
            yield InputError(where, f"{unit} {n}: '{col}' is {_kind(text)}, not text; not read")
            continue
        if not any(c.isalpha() for c in text):
            yield InputError(where, f"row {n}: '{col}' contains no letters")
            continue
        bad = [k for k in ("id", "title", "date", "outlet", "url")
               if isinstance(rec.get(k), (dict, list, tuple)) or type(rec.get(k)).__name__ == "ndarray"]
        if bad:
            yield InputError(where, f"{unit} {n}: '{bad[0]}' is {_kind(rec[bad[0]])}, not text; not read")
            continue
        rid = _scalar_text(rec.get("id"))
        art_id = slugify(rid) if rid is not None else f"{slugify(path.stem)}-{n:04d}"
        meta = {"source": where, "format": fmt}
        for k in ("date", "outlet", "url"):
            v = _scalar_text(rec.get(k))
            if v is not None:
                meta[k] = v
        yield Article(art_id, text, _scalar_text(rec.get("title")), meta)


class _Lines:
    """Lines of a text for :mod:`csv`, counting the physical lines read and keeping
    those of the current row (so a TSV row can be read again without quoting)."""

    def __init__(self, text: str):
        self._buf = io.StringIO(text, newline="")
        self._again: deque[str] = deque()
        self.line = 0
        self.recent: list[str] = []

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self._again.popleft() if self._again else self._buf.readline()
        if not line:
            raise StopIteration
        self.line += 1
        self.recent.append(line)
        return line

    def again(self, lines: list[str]) -> None:
        """Read ``lines`` again next."""
        self._again.extendleft(reversed(lines))
        self.line -= len(lines)


def read_table(path: str | Path) -> Iterator[Article | InputError]:
    """Read a CSV/TSV corpus: one article per row (rows numbered from 1).

    Quoting follows RFC 4180 (as spreadsheets and pandas write it): a field that
    starts with ``"`` ends at the next lone ``"``, and a ``"`` inside it is doubled.
    A CSV row that breaks this (a quote never closed, text after a closing quote)
    is reported with its lines instead of swallowing the rows after it.  A TSV
    row that breaks it is read again without quoting when its line has the
    header's number of fields (TSV files are often written unquoted).  Blank
    lines are skipped.
    """
    path = Path(path)
    text = decode_bytes(read_bytes(path, config.MAX_CORPUS_BYTES), path)
    kind = "TSV" if path.suffix.lower() == ".tsv" else "CSV"
    # csv's default field limit (131,072 characters) is far below the article limit
    csv.field_size_limit(max(csv.field_size_limit(), config.MAX_CORPUS_BYTES))
    lines = _Lines(text)
    reader = csv.reader(lines, delimiter="\t" if kind == "TSV" else ",", strict=True)
    header = _table_header(reader, path, kind)
    n_rows = 0
    for n, rec in _table_rows(reader, lines, header, path, kind):
        n_rows += 1
        if isinstance(rec, InputError):
            yield rec
        else:
            yield from _records_to_articles([(n, rec)], path, "csv")
    if n_rows == 0:
        raise InputError(path, "holds a header but no rows (no article to read)")


def _table_header(reader, path: Path, kind: str) -> list[str]:
    """The header of a CSV/TSV corpus (lower-cased), checked: a text column, no column twice."""
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise InputError(path, f"malformed {kind} header ({exc})") from None
    header = [h.strip().lower() for h in header]
    if not any(c in header for c in TEXT_COLUMNS):
        raise InputError(path, f"no text column (expected one of: {', '.join(TEXT_COLUMNS)}; "
                               f"found: {', '.join(header) or 'none'})")
    dup = _duplicated(header)
    if dup:
        raise InputError(path, f"the column '{dup[0]}' appears more than once in the header; "
                               "rename or remove one")
    return header


def _table_rows(reader, lines: _Lines, header: list[str], path: Path,
                kind: str) -> Iterator[tuple[int, dict | InputError]]:
    """``(row number, {column: value})`` for each row after the header, or an error for a malformed row."""
    n = 0
    while True:
        first = lines.line + 1
        lines.recent = []
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            n += 1
            fields = lines.recent[0].rstrip("\r\n").split("\t") if lines.recent else []
            if kind == "TSV" and len(fields) == len(header):
                # many TSV files are written without quoting: a field that merely starts
                # with a quote ("Non", a-t-il dit) is read as it stands, on its own line
                lines.again(lines.recent[1:])
                reader = csv.reader(lines, delimiter="\t", strict=True)
                yield n, dict(zip(header, fields))
                continue
            yield n, _malformed_row(exc, path, n, first, lines.line, kind)
            if "end of data" in str(exc):
                return
            continue
        if not row:
            continue  # a blank line
        n += 1
        if len(row) != len(header):
            yield n, InputError(f"{path.name}#{n}", f"row {n}: {len(row)} fields where the header has {len(header)}")
            continue
        yield n, dict(zip(header, row))


def _malformed_row(exc: csv.Error, path: Path, n: int, first: int, last: int, kind: str) -> InputError:
    """The error for row ``n`` (lines ``first`` to ``last``) that :mod:`csv` could not read."""
    if "end of data" in str(exc):
        return InputError(f"{path.name}#{n}", f"row {n} (line {first}): a quote opened in this row is "
                                               f"never closed, so the {last - first} line(s) after it cannot be "
                                               "read; close the quote (or double it: \"\")")
    span = f"line {first}" if last == first else f"lines {first}-{last}"
    return InputError(f"{path.name}#{n}", f"row {n} ({span}): malformed {kind} ({exc}); a quote "
                                           "inside a quoted field must be doubled (\"\"); not read")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict:
    dup = _duplicated(k for k, _ in pairs)
    if dup:
        raise ValueError(f"the field '{dup[0]}' appears more than once")
    return dict(pairs)


def read_jsonl(path: str | Path) -> Iterator[Article | InputError]:
    """Read a JSON-lines corpus: one JSON object per line with a text field (a string)."""
    path = Path(path)
    text = decode_bytes(read_bytes(path, config.MAX_CORPUS_BYTES), path)
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line, object_pairs_hook=_no_duplicate_keys)
        except json.JSONDecodeError as exc:
            yield InputError(f"{path.name}#{n}", f"line {n}: malformed JSON ({exc.msg})")
            continue
        except ValueError as exc:
            yield InputError(f"{path.name}#{n}", f"line {n}: {exc}; not read")
            continue
        if not isinstance(rec, dict):
            yield InputError(f"{path.name}#{n}", f"line {n}: expected a JSON object")
            continue
        if not any(str(k).strip().lower() in TEXT_COLUMNS for k in rec):
            yield InputError(f"{path.name}#{n}",
                             f"line {n}: no text field (expected one of: {', '.join(TEXT_COLUMNS)})")
            continue
        yield from _records_to_articles([(n, rec)], path, "jsonl", unit="line")


def read_parquet(path: str | Path) -> Iterator[Article | InputError]:
    """Read a Parquet corpus (same columns as CSV)."""
    path = Path(path)
    check_file(path, config.MAX_CORPUS_BYTES)
    try:
        df = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for bad files
        raise InputError(path, f"cannot be read as Parquet ({type(exc).__name__})") from None
    cols = [str(c).strip().lower() for c in df.columns]
    if not any(c in cols for c in TEXT_COLUMNS):
        raise InputError(path, f"no text column (expected one of: {', '.join(TEXT_COLUMNS)})")
    dup = _duplicated(cols)
    if dup:
        raise InputError(path, f"the column '{dup[0]}' appears more than once; rename or remove one")
    if df.empty:
        raise InputError(path, "holds no rows (no article to read)")
    yield from _records_to_articles(((i + 1, r) for i, r in enumerate(df.to_dict("records"))), path, "parquet")
