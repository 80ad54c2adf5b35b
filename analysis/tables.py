"""Tables built from row dicts, shared by every layer above (one builder, the final dtypes)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def rows_table(article_id: str, rows: list[dict], dtypes: dict[str, str]) -> pd.DataFrame:
    """A tidy table from row dicts: ``article_id`` first, then ``dtypes``' columns in order.

    Built column by column with the final dtypes (``str``, ``int64``, ``float64`` or
    ``bool``), which costs a fraction of a row-wise frame plus ``astype`` and keeps
    the dtypes of an empty table.  Keys of ``rows`` not in ``dtypes`` are ignored.

    Examples
    --------
    >>> t = rows_table("a", [{"n": 2, "w": "x", "extra": 0}], {"n": "int64", "w": "str"})
    >>> t.values.tolist(), [str(d) for d in t.dtypes]
    ([['a', 2, 'x']], ['str', 'int64', 'str'])
    >>> [str(d) for d in rows_table("a", [], {"n": "int64"}).dtypes]
    ['str', 'int64']
    """
    columns = {"article_id": [article_id] * len(rows), **{col: [r[col] for r in rows] for col in dtypes}}
    return columns_table(columns, dtypes)


def columns_table(columns: dict[str, list], dtypes: dict[str, str]) -> pd.DataFrame:
    """A table from column lists of equal length, each typed by ``dtypes`` (``str`` when not listed).

    Every text column is built as one Arrow-backed array, sliced per column:
    building an array has a fixed cost that a short column does not repay.

    Examples
    --------
    >>> t = columns_table({"w": ["x", "y"], "n": [1, 2], "v": ["a", None]}, {"n": "int64"})
    >>> t.values.tolist(), [str(d) for d in t.dtypes]
    ([['x', 1, 'a'], ['y', 2, nan]], ['str', 'int64', 'str'])
    """
    texts = [c for c in columns if dtypes.get(c, "str") == "str"]
    n = len(columns[texts[0]]) if texts else 0
    every = column([v for c in texts for v in columns[c]], "str")
    sliced = {c: every[k * n:(k + 1) * n] for k, c in enumerate(texts)}
    return pd.DataFrame({c: sliced[c] if c in sliced else column(v, dtypes[c]) for c, v in columns.items()},
                        copy=False)


#: pandas' ``str`` dtype, resolved once (looking the name up costs more than a short column).
_STR = pd.api.types.pandas_dtype("str")


def column(values: list, dtype: str):
    """``values`` as an array of ``dtype`` (``str`` or a NumPy dtype name), ready for a frame.

    Examples
    --------
    >>> column(["a", "b"], "str").dtype == pd.Series(["a"], dtype="str").dtype
    True
    >>> column([1, 2], "int64").dtype
    dtype('int64')
    """
    return pd.array(values, dtype=_STR) if dtype == "str" else np.array(values, dtype=dtype)
