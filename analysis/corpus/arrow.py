"""Results in transit: a batch's tables as Arrow, Arrow IPC bytes, an article folder's encoded files.

A batch's frames of each table are converted to Arrow once and sliced per
article (:func:`arrow_tables`); those slices are the corpus dataset's rows and,
as Arrow IPC bytes (:func:`to_ipc`), the cache entries.
"""

from __future__ import annotations

import pyarrow as pa

from ..output.files import table_to_csv, table_to_parquet
from ..tables import Table


def to_ipc(table) -> bytes:
    """An Arrow table as Arrow IPC stream bytes (the cache's form: fast both ways)."""
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def from_ipc(data: bytes):
    """The Arrow table of :func:`to_ipc` bytes.

    Examples
    --------
    >>> import pyarrow as pa
    >>> from_ipc(to_ipc(pa.table({"x": [1, 2]}))).to_pydict()
    {'x': [1, 2]}
    """
    return pa.ipc.open_stream(data).read_all()


def arrow_tables(results: list) -> list:
    """Give each fresh result its tables as Arrow (``result.arrow``), one conversion per table.

    Building a pandas frame costs about 0.1 ms and converting it to Arrow about
    0.4 ms whatever their size, so the batch's columns of each table are joined
    (:meth:`analysis.tables.Table.concat`: an article's tables are column lists,
    never built as frames here), built as one frame and converted once, then
    sliced per article (slices share memory).  Each column is converted as
    ``Table.from_pandas`` converts it (``pa.array(column, from_pandas=True)``),
    without the pandas metadata it would build and drop (and without its thread
    pool, slower than one thread on tables this small): a reader gets plain
    Arrow types (string, int64, double, bool).

    Examples
    --------
    >>> from types import SimpleNamespace as R
    >>> from analysis.tables import Table, Tables
    >>> rs = [R(tables=Tables({"t": Table({"x": [1, 2]}, {"x": "int64"})}), arrow={}),
    ...       R(tables=Tables({"t": Table({"x": [3]}, {"x": "int64"})}), arrow={})]
    >>> [r.arrow["t"].column("x").to_pylist() for r in arrow_tables(rs)]
    [[1, 2], [3]]
    """
    fresh = [r for r in results if not isinstance(r, dict) and not r.arrow]
    for name in dict.fromkeys(n for r in fresh for n in r.tables):
        frames = [(r, r.tables.table(name)) for r in fresh if name in r.tables]
        df = Table.concat([t for _, t in frames]).frame
        table = pa.table({str(column): pa.array(values, from_pandas=True) for column, values in df.items()})
        offset = 0
        for r, part in frames:
            r.arrow[name] = table.slice(offset, len(part))
            offset += len(part)
    return results


def encode_files(result):
    """Encode an article folder's tables (``result.csv``, ``result.parquet``) from its frames.

    Only for article folders: the same bytes go to the folder and to the cache,
    so a cached article and a fresh one give identical files.
    """
    result.parquet = {name: table_to_parquet(df) for name, df in result.tables.items()}
    result.csv = {name: table_to_csv(df).encode("utf-8") for name, df in result.tables.items()}
    return result
