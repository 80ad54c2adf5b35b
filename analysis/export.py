"""Writing results: tables (CSV + Parquet), ``summary.json``, figures, all atomically.

Every file is written to a temporary name in the target folder and renamed
into place, so an interrupted run never leaves a half-written table.  Output
is deterministic: no timestamps, no absolute paths, stable row and key order.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file and ``os.replace``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> atomic_write_bytes(p, b"ok").read_bytes()
    b'ok'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def atomic_write_text(path: str | Path, text: str) -> Path:
    """UTF-8 text version of :func:`atomic_write_bytes` (``\\n`` line ends)."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def table_to_csv(df: pd.DataFrame) -> str:
    """A table as CSV text (UTF-8, ``\\n`` line ends, no index).

    Examples
    --------
    >>> table_to_csv(pd.DataFrame({"a": [1], "b": ["é"]}))
    'a,b\\n1,é\\n'
    """
    return df.to_csv(index=False, lineterminator="\n")


def table_to_parquet(df: pd.DataFrame) -> bytes:
    """A table as Parquet bytes (pyarrow, no index)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(df, preserve_index=False)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue().to_pybytes()


def write_table(df: pd.DataFrame, folder: str | Path, name: str, formats=("csv", "parquet")) -> list[Path]:
    """Write one table as ``name.csv`` and ``name.parquet`` in ``folder``."""
    folder = Path(folder)
    out = []
    if "csv" in formats:
        out.append(atomic_write_text(folder / f"{name}.csv", table_to_csv(df)))
    if "parquet" in formats:
        out.append(atomic_write_bytes(folder / f"{name}.parquet", table_to_parquet(df)))
    return out


def _jsonable(obj: Any):
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if hasattr(obj, "item") and not isinstance(obj, (str, bytes)):
        obj = obj.item()  # numpy scalars
    if isinstance(obj, float):
        return None if obj != obj else round(obj, 6)
    return obj


def summary_to_json(summary: dict) -> str:
    """Deterministic JSON text of a summary (floats rounded to 6 places, NaN -> null).

    Examples
    --------
    >>> summary_to_json({"b": 1, "a": float("nan")})
    '{\\n  "b": 1,\\n  "a": null\\n}\\n'
    """
    return json.dumps(_jsonable(summary), ensure_ascii=False, indent=2) + "\n"


def write_article(result, out_dir: str | Path) -> Path:
    """Write one article's tables and ``summary.json`` to ``out_dir/<article_id>/``.

    Returns the article folder.  Only the kit's own files are replaced; other
    files in the folder are left alone.
    """
    folder = Path(out_dir) / result.article_id
    folder.mkdir(parents=True, exist_ok=True)
    for name, df in result.tables.items():
        write_table(df, folder, name)
    atomic_write_text(folder / "summary.json", summary_to_json(result.summary))
    return folder
