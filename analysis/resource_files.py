"""The one reader of the kit's editable tables (``analysis/resources/`` and user files).

Resource tables are CSV (comma) or TSV (tab) files with a header row. A line
whose text is ``#`` or starts with ``# `` is a comment, wherever it stands
(a ``#hashtag`` is data); blank lines are skipped; a byte-order mark (as
spreadsheets write) is ignored; keys and values are stripped. TSV files are
read without quote processing, so a ``"`` is an ordinary character there.
"""

from __future__ import annotations

import csv
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
        lines = [ln for ln in fh if ln.strip() and not is_comment(ln)]
    quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    return [{k.strip(): (v or "").strip() for k, v in row.items() if k}
            for row in csv.DictReader(lines, delimiter=delimiter, quoting=quoting)]
