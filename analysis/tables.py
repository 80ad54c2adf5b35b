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
    n = len(rows)
    texts = [col for col, dtype in dtypes.items() if dtype == "str"]
    # every text column as one Arrow-backed array, sliced per column (building an
    # array has a fixed cost that a short column does not repay)
    every = column([article_id] * n + [r[col] for col in texts for r in rows], "str")
    data, k = {"article_id": every[:n]}, 1
    for col, dtype in dtypes.items():
        if dtype == "str":
            data[col], k = every[k * n:(k + 1) * n], k + 1
        else:
            data[col] = column([r[col] for r in rows], dtype)
    return pd.DataFrame(data, copy=False)


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
