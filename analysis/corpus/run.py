"""A corpus run: a stream of articles in fixed-size batches, results written as they come.

:func:`report_corpus` writes everything (the workers write their own outputs
when they see the output folder); :func:`run_corpus` brings the results back.
"""

from __future__ import annotations

import functools
import itertools
import shutil
import warnings
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..article import check_user_files
from ..context import Settings
from ..intake import InputWarning, unique_ids
from ..output.export import STAGING
from ..output.files import check_output_paths
from .batch import _lookup, _merge, analyse_batch, process_batch, write_batch
from .cache import Cache
from .dataset import TMP_PREFIX, CorpusWriter, check_corpus_folder
from .executors import _batches, _in_order, _make_runner, workers_share_files
from .folders import _Lock

#: Articles per batch (fixed: part files and tables do not depend on the workers).
BATCH_SIZE = 16
#: Runs of at most this many articles get their article folders by default.
PER_ARTICLE_MAX = 20


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
    >>> from analysis.corpus import read_corpus_table
    >>> read_corpus_table(out, "summaries")["article_id"].tolist()
    ['a', 'b']
    """
    settings = settings or Settings()
    out = Path(out)
    check_output_paths(out)  # never a file, never under data/raw (the CLI also checks the inputs)
    check_user_files(settings)
    out.mkdir(parents=True, exist_ok=True)
    lock = _Lock(out)
    try:
        check_corpus_folder(out)
        articles, per_article = _stream(articles, per_article)
        cache = _prepare(out, cache)
        writer = CorpusWriter(out, lang=lang, cache=cache, csv=csv)
        runner = executor or _make_runner(workers, scheduler)
        yield from _write_batches(articles, writer, runner, owned=executor is None, settings=settings,
                                  cache=cache, workers=workers, batch_size=batch_size,
                                  options={"per_article": per_article, "figures": figures, "lang": lang, "csv": csv})
    finally:
        lock.close()


def _stream(articles: Iterable, per_article: bool | None) -> tuple[Iterator, bool]:
    """The articles, ids made unique, and whether their folders are written (``None``: when
    there are at most :data:`PER_ARTICLE_MAX` of them, found by looking ahead)."""
    # ids read by iter_articles are unique already; hand-made articles may not be
    articles = iter(unique_ids(articles, notice=_id_notice))
    if per_article is None:  # a small run gets its article folders: look ahead
        head = list(itertools.islice(articles, PER_ARTICLE_MAX + 1))
        per_article = len(head) <= PER_ARTICLE_MAX
        articles = itertools.chain(head, articles)
    return articles, per_article


def _prepare(out: Path, cache: Cache | None) -> Cache | None:
    """Remove what an interrupted run left in ``out``; the cache, or None when its folder cannot be made."""
    for stale in [*out.glob(TMP_PREFIX + "*"), out / STAGING]:
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
    if cache is not None:
        try:
            cache.folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None  # a cache that cannot be written only costs time
    return cache


def _write_batches(articles: Iterator, writer: CorpusWriter, runner, *, owned: bool, settings: Settings,
                   cache: Cache | None, workers: int, batch_size: int,
                   options: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Have the batches written, yield their records, then put the dataset in place (or remove it on failure).

    ``owned``: the runner was made for this run and is closed here.
    """
    n_written = 0
    batches = None
    try:
        batches = _batch_outputs(articles, writer, runner, settings=settings, cache=cache, workers=workers,
                                 batch_size=batch_size, options=options)
        for index, done in enumerate(batches):
            if done["part"] is not None:
                writer.parts[index] = done["part"]
            for rec in done["records"]:
                if rec["ok"]:
                    n_written += 1
                    writer.rows.append(rec["row"])
                yield rec
        writer.close(keep=n_written > 1 or (n_written == 1 and not options["per_article"]))
        shutil.rmtree(writer.out / STAGING, ignore_errors=True)  # empty by now
    except BaseException:
        if hasattr(batches, "close"):
            batches.close()  # cancels the batches still queued
        if owned:  # stop the workers first, so nothing writes after the clean-up
            runner.close()
            owned = False
        writer.close(keep=False)
        raise
    finally:
        if owned:
            runner.close()


def _batch_outputs(articles: Iterator, writer: CorpusWriter, runner, *, settings: Settings, cache: Cache | None,
                   workers: int, batch_size: int, options: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Each batch's :func:`write_batch` answer, in order: written by the workers when they see ``OUT``, else here."""
    parts = writer.open()
    out = writer.out
    if workers_share_files(runner, parts, *([cache.folder] if cache else [])):
        job = functools.partial(process_batch, **options, parts_dir=str(parts),
                                cache_dir=str(cache.folder) if cache else None)
        tasks = ((job, i, batch, settings, str(out), writer.old_part(i)) for i, batch in
                 enumerate(_batches(articles, batch_size)))
        return _in_order(runner, tasks, max(2, 2 * workers))
    # the workers cannot see OUT: results come back and are written here
    return (write_batch(i, rs, out, **options, parts_dir=parts, cache=cache, old_part=writer.old_part(i))
            for i, rs in run_corpus(articles, settings=settings, cache=cache, batch_size=batch_size,
                                    executor=runner, workers=workers, per_article=options["per_article"]))


def _id_notice(message: str) -> None:
    warnings.warn(message, InputWarning, stacklevel=2)
