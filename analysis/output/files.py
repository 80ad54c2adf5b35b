"""Writing files safely: where the kit may write, atomic writes, tables (CSV + Parquet), ``summary.json``.

Every file is written to a temporary name in the target folder and renamed
into place, so an interrupted run never leaves a half-written table.  Output
is deterministic: no timestamps, no absolute paths, stable row and key order.
Figures are :mod:`analysis.output.figures`; one article's folder is
:mod:`analysis.output.export`.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .. import config
from ..intake import InputError


def _resolved(path: Path, what: str) -> Path:
    try:
        return Path(path).resolve()
    except RuntimeError:  # Python 3.11 says "Symlink loop" this way
        raise InputError(path, f"the {what} is a symbolic link loop (the link leads back to itself)") from None
    except (OSError, ValueError) as exc:
        raise InputError(path, f"the {what} is not a usable path ({exc})") from None


def _overlap(a: Path, b: Path) -> str | None:
    """How folder ``a`` overlaps path ``b``: ``"is"``, ``"inside"``, ``"contains"`` or None."""
    if a == b:
        return "is"
    if b in a.parents:
        return "inside"
    if a in b.parents:
        return "contains"
    return None


def check_output_paths(out: str | Path, inputs: Iterable[str | Path] = (), *,
                       cache: str | Path | None = None) -> None:
    """Refuse an output or cache folder that could touch the user's data.

    ``out`` (and ``cache``) must not be, contain, or lie inside any input (file
    or folder) or ``data/raw``, and must not overlap each other; ``out`` must
    not be a file.  Paths are compared after symbolic links are resolved.
    Raises :class:`~analysis.intake.InputError` with one line saying why.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> (d / "corpus").mkdir()
    >>> check_output_paths(d, [d / "corpus"])
    Traceback (most recent call last):
    ...
    analysis.intake.errors.InputError: ...: refusing to write here: this output folder contains the input ...
    >>> check_output_paths(d / "reports", [d / "corpus"])
    """
    out = Path(out)
    folders = [(out, "output folder", _resolved(out, "output folder"))]
    if cache is not None:
        folders.append((Path(cache), "cache folder", _resolved(Path(cache), "cache folder")))
    if out.is_symlink() and not out.exists():
        raise InputError(out, "the output folder is a broken symbolic link")
    if out.exists() and not out.is_dir():
        raise InputError(out, "the output path is a file, not a folder")
    guarded = []
    for inp in inputs:
        try:
            guarded.append((Path(inp).resolve(), f"the input {inp}"))
        except (RuntimeError, OSError, ValueError):
            continue  # a broken input is reported when it is read
    guarded.append((_resolved(config.RAW_DIR, "data/raw folder"), "data/raw (raw data is immutable)"))
    for given, what, real in folders:
        for other, name in guarded:
            how = _overlap(real, other)
            if how == "is":
                raise InputError(given, f"refusing to write here: this {what} is {name}")
            if how == "inside":
                raise InputError(given, f"refusing to write inside {name}; choose another {what}")
            if how == "contains":
                raise InputError(given, f"refusing to write here: this {what} contains {name}; "
                                        "choose a folder outside the inputs")
    if cache is not None and _overlap(folders[0][2], folders[1][2]):
        raise InputError(cache, f"the cache folder and the output folder {out} overlap; "
                                "choose a cache folder outside it (or --no-cache)")


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


def table_to_parquet(df: pd.DataFrame, *, compression: str = "none") -> bytes:
    """A table as Parquet bytes (pyarrow, no index).

    One article's tables are small: their Parquet files are mostly schema and
    metadata, and zstd saved under 8% of their size for twice the time, so
    they are left uncompressed.  The corpus dataset's parts use ``"zstd"``.

    Examples
    --------
    >>> import io
    >>> data = table_to_parquet(pd.DataFrame({"a": [1, 2]}))
    >>> data[:4], pd.read_parquet(io.BytesIO(data))["a"].tolist()
    (b'PAR1', [1, 2])
    """
    table = pa.Table.from_pandas(df, preserve_index=False)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression=compression)
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


def write_tables(result, folder: str | Path, *, write=atomic_write_bytes) -> list[Path]:
    """Write every table of a result as CSV and Parquet in ``folder``.

    Bytes already encoded for the cache or by a worker (``result.parquet``,
    ``result.csv``) are written as they are, not encoded again.  ``write`` is
    the file writer (atomic by default).
    """
    folder = Path(folder)
    encoded = getattr(result, "parquet", None) or {}
    csvs = getattr(result, "csv", None) or {}
    out = []
    for name in (encoded or result.tables):  # encoded names: no table is decoded just to be written
        csv = csvs.get(name)
        out.append(write(folder / f"{name}.csv",
                         csv if csv is not None else table_to_csv(result.tables[name]).encode("utf-8")))
        data = encoded.get(name)
        out.append(write(folder / f"{name}.parquet",
                         data if data is not None else table_to_parquet(result.tables[name])))
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
