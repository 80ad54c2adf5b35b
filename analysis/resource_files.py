"""The one reader of the kit's editable tables (``analysis/resources/`` and user files).

Resource tables are CSV (comma) or TSV (tab) files with a header row. A line
whose text is ``#`` or starts with ``# `` is a comment, wherever it stands
(a ``#hashtag`` is data); blank lines are skipped; a byte-order mark (as
spreadsheets write) is ignored; keys and values are stripped. TSV files are
read without quote processing, so a ``"`` is an ordinary character there.

:func:`read_rows` gives the rows as dictionaries; :func:`data_lines` and
:func:`parse_lines` are the same reading with line numbers, for the checker of
the user's own files (:mod:`analysis.intake.user_files`), which names the line
of a mistake.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path


def is_comment(line: str) -> bool:
    """Is this line of a resource table a comment?

    Examples
    --------
    >>> is_comment("# Source: textblob-fr"), is_comment("#"), is_comment("#JO2024,0.3")
    (True, True, False)
    """
    s = line.strip()
    return s == "#" or s.startswith("# ")


def data_lines(text: str) -> list[tuple[int, str]]:
    """``(line number, line)`` of the lines of a table that hold data: not blank, not comments.

    Numbers count every physical line of ``text`` from 1; a line keeps its end.

    Examples
    --------
    >>> data_lines("# a comment\\nterm\\tmatch\\n\\nsans doute\\tlower\\n")
    [(2, 'term\\tmatch\\n'), (4, 'sans doute\\tlower\\n')]
    """
    return [(n, ln) for n, ln in enumerate(io.StringIO(text, newline=""), 1) if ln.strip() and not is_comment(ln)]


def parse_lines(lines: Iterable[str], delimiter: str = ",") -> list[list[str]]:
    """The records (lists of fields) in the data lines of a table, header first.

    Raises :class:`csv.Error` on a malformed line.  A quoted value may run over
    several lines (then there are fewer records than lines).

    Examples
    --------
    >>> parse_lines(['word,polarity\\n', '"bien, mal",0.5\\n'])
    [['word', 'polarity'], ['bien, mal', '0.5']]
    """
    quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    return list(csv.reader(lines, delimiter=delimiter, quoting=quoting))


def as_dict(header: list[str], fields: list[str]) -> dict[str, str]:
    """One record as ``{column: value}``, keys and values stripped, as :func:`read_rows` gives it.

    A missing value is ``""``; a field beyond the header is dropped.

    Examples
    --------
    >>> as_dict([" word", "polarity", "pos"], ["belle ", "0.5"])
    {'word': 'belle', 'polarity': '0.5', 'pos': ''}
    """
    row = dict(zip(header, fields))
    row.update(dict.fromkeys(header[len(fields):], ""))
    return {k.strip(): v.strip() for k, v in row.items() if k}


def read_rows(path: str | Path, delimiter: str = ",") -> list[dict[str, str]]:
    """Rows of a resource table as dictionaries (see the module docstring for the format).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.tsv"
    >>> _ = p.write_text('\\ufeff# a comment\\nterm\\tmatch\\n\\nsans doute\\tlower\\n#JO\\t\\n', encoding="utf-8")
    >>> read_rows(p, "\\t")
    [{'term': 'sans doute', 'match': 'lower'}, {'term': '#JO', 'match': ''}]
    """
    with open(path, encoding="utf-8-sig", newline="") as fh:
        records = parse_lines([ln for _, ln in data_lines(fh.read())], delimiter)
    return [as_dict(records[0], fields) for fields in records[1:] if fields] if records else []
