"""Tables as analysers hand them on: column lists with their dtypes, built as a DataFrame when read.

An analyser builds a :class:`Table` (its columns as lists, or arrays, and their dtypes); an
article's tables are a :class:`Tables` mapping.  Reading a table from it (``tables["quotes"]``)
builds the pandas DataFrame once (:func:`columns_table`, the one builder, final dtypes); a
corpus batch never does: it joins its articles' columns (:meth:`Table.concat`) and builds
each table once per batch.  Building a small frame costs about 0.1 ms whatever its size,
and an article has 14 tables.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping

import numpy as np
import pandas as pd


class Table:
    """A table not yet built: equal-length columns (lists or arrays) and their dtypes.

    ``dtypes`` maps a column to ``str``, ``object`` or a NumPy dtype name; a column
    not listed is ``str``.  :attr:`frame` is the table as a DataFrame, built once.

    Examples
    --------
    >>> t = Table({"article_id": ["a", "a"], "n": [2, 3]}, {"n": "int64"})
    >>> len(t), t["n"], t.names
    (2, [2, 3], ['article_id', 'n'])
    >>> t.with_columns({"ok": [True, False]}, {"ok": "bool"}).frame.values.tolist()
    [['a', 2, True], ['a', 3, False]]
    """

    __slots__ = ("columns", "dtypes", "_frame")

    def __init__(self, columns: dict, dtypes: dict[str, str] | None = None):
        self.columns, self.dtypes, self._frame = columns, dtypes or {}, None

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()), ()))

    def __getitem__(self, name: str):
        return self.columns[name]

    def __contains__(self, name: str) -> bool:
        return name in self.columns

    def tolist(self, name: str) -> list:
        """Column ``name`` as a list of Python values (an array's too)."""
        values = self.columns[name]
        return values.tolist() if isinstance(values, np.ndarray) else list(values)

    @property
    def names(self) -> list[str]:
        """The column names, in order."""
        return list(self.columns)

    @property
    def frame(self) -> pd.DataFrame:
        """The table as a DataFrame (built on first use, then kept)."""
        if self._frame is None:
            self._frame = columns_table(self.columns, self.dtypes)
        return self._frame

    def with_columns(self, columns: dict, dtypes: dict[str, str] | None = None) -> Table:
        """A new table with ``columns`` added (or replaced); the column lists are shared, not copied."""
        return Table({**self.columns, **columns}, {**self.dtypes, **(dtypes or {})})

    @classmethod
    def from_frame(cls, df: pd.DataFrame) -> Table:
        """A DataFrame's columns as a table (its dtypes kept), e.g. a table read back from a file.

        Examples
        --------
        >>> Table.from_frame(pd.DataFrame({"x": [1]})).dtypes
        {'x': 'int64'}
        """
        t = cls({str(c): df[c].tolist() for c in df.columns}, {str(c): str(d) for c, d in df.dtypes.items()})
        t._frame = df
        return t

    @classmethod
    def concat(cls, tables: list[Table]) -> Table:
        """The rows of ``tables`` one after the other, typed as the first non-empty one.

        Empty tables are left out (their dtypes may be placeholders); all empty, the first.

        Examples
        --------
        >>> t = Table.concat([Table({"x": [1]}, {"x": "int64"}), Table({"x": []}, {"x": "object"}),
        ...                   Table({"x": [2, 3]}, {"x": "int64"})])
        >>> t["x"], t.dtypes
        ([1, 2, 3], {'x': 'int64'})
        """
        full = [t for t in tables if len(t)] or tables[:1]
        if len(full) == 1:
            return full[0]
        names = full[0].names
        if any(t.names != names for t in full):
            raise ValueError(f"tables to join have different columns: {names} / "
                             f"{next(t.names for t in full if t.names != names)}")
        return cls({c: [v for t in full for v in t.columns[c]] for c in names}, full[0].dtypes)


class Tables(MutableMapping):
    """An article's tables by name: a :class:`Table` or a DataFrame stored, a DataFrame read.

    Reading ``tables[name]`` builds a stored :class:`Table`'s frame (once);
    :meth:`table` gives its columns without building it.

    Examples
    --------
    >>> ts = Tables({"t": Table({"x": ["a"]})})
    >>> ts.table("t")["x"], ts["t"]["x"].tolist(), list(ts), ts.table("absent")
    (['a'], ['a'], ['t'], None)
    """

    def __init__(self, tables=None):
        self._tables = dict(tables or {})

    def __getitem__(self, name: str) -> pd.DataFrame:
        t = self._tables[name]
        return t.frame if isinstance(t, Table) else t

    def __setitem__(self, name: str, table) -> None:
        self._tables[name] = table

    def __delitem__(self, name: str) -> None:
        del self._tables[name]

    def __contains__(self, name) -> bool:  # (Mapping's would build the frame to find out)
        return name in self._tables

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)

    def __repr__(self) -> str:
        return f"Tables({', '.join(self._tables)})"

    def stored(self) -> dict:
        """The tables as stored (:class:`Table` or DataFrame), none built."""
        return dict(self._tables)

    def table(self, name: str) -> Table | None:
        """The table ``name`` as columns (a DataFrame stored is wrapped, not copied), or None
        when there is no such table (an analyser reading an earlier one that did not run)."""
        t = self._tables.get(name)
        if t is not None and not isinstance(t, Table):
            self._tables[name] = t = Table.from_frame(t)
        return t


def rows_table(article_id: str, rows: list[dict], dtypes: dict[str, str]) -> Table:
    """A tidy table from row dicts: ``article_id`` first, then ``dtypes``' columns in order.

    Keys of ``rows`` not in ``dtypes`` are ignored; the dtypes are kept for an empty table.

    Examples
    --------
    >>> t = rows_table("a", [{"n": 2, "w": "x", "extra": 0}], {"n": "int64", "w": "str"})
    >>> t.frame.values.tolist(), [str(d) for d in t.frame.dtypes]
    ([['a', 2, 'x']], ['str', 'int64', 'str'])
    >>> [str(d) for d in rows_table("a", [], {"n": "int64"}).frame.dtypes]
    ['str', 'int64']
    """
    columns = {"article_id": [article_id] * len(rows), **{col: [r[col] for r in rows] for col in dtypes}}
    return Table(columns, dtypes)


def columns_table(columns: dict[str, list], dtypes: dict[str, str]) -> pd.DataFrame:
    """A DataFrame from column lists of equal length, each typed by ``dtypes`` (``str`` when not listed).

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
