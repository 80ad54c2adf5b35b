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

Modules, in the order the data flows:

* :mod:`.run`: :func:`report_corpus` and :func:`run_corpus`, batches in input order;
* :mod:`.executors`: in this process, a Dask ``LocalCluster`` or a scheduler (:class:`DaskExecutor`);
* :mod:`.batch`: a worker's job for one batch (:func:`process_batch`, :func:`analyse_batch`);
* :mod:`.arrow`: a batch's tables as Arrow, Arrow IPC bytes, encoded article files;
* :mod:`.cache`: the content-keyed cache (:class:`Cache`, :func:`cache_key`);
* :mod:`.folders`: the run lock and article folders (:func:`write_result`);
* :mod:`.dataset`: the Parquet dataset's parts, ``summaries`` and charts (:class:`CorpusWriter`);
* :mod:`.reading`: reading the dataset back (:func:`read_corpus_table`, :func:`write_article_folders`).
"""

from .arrow import arrow_tables, encode_files, from_ipc, to_ipc
from .batch import analyse_batch, process_batch, warm_up, write_batch
from .cache import CACHE_DIR, Cache, CacheEntryDamaged, LazyMap, cache_key, versions_fingerprint
from .dataset import (
    ARTICLES_TABLE,
    COMPARISONS,
    CSV_PARTS,
    DATASET_COLUMNS,
    TMP_PREFIX,
    CorpusWriter,
    check_corpus_folder,
    part_bytes,
    part_csv,
    part_tables,
    summaries_table,
    summary_row,
    write_comparison_figures,
)
from .executors import DaskExecutor, workers_share_files
from .folders import up_to_date, write_result
from .reading import article_from_dataset, read_corpus_table, write_article_folders
from .run import BATCH_SIZE, PER_ARTICLE_MAX, report_corpus, run_corpus

__all__ = [
    "ARTICLES_TABLE", "BATCH_SIZE", "CACHE_DIR", "COMPARISONS", "CSV_PARTS", "DATASET_COLUMNS", "PER_ARTICLE_MAX",
    "TMP_PREFIX", "Cache", "CacheEntryDamaged", "CorpusWriter", "DaskExecutor", "LazyMap", "analyse_batch",
    "arrow_tables", "article_from_dataset", "cache_key", "check_corpus_folder", "encode_files", "from_ipc",
    "part_bytes", "part_csv", "part_tables", "process_batch", "read_corpus_table", "report_corpus", "run_corpus",
    "summaries_table", "summary_row", "to_ipc", "up_to_date", "versions_fingerprint", "warm_up",
    "workers_share_files", "write_article_folders", "write_batch", "write_comparison_figures", "write_result",
]
