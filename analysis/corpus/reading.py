"""Reading the corpus dataset back: a table, one article, article folders written later."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..article import ArticleResult
from ..intake import InputError
from ..output.export import write_article
from ..output.files import check_output_paths
from .dataset import ARTICLES_TABLE, DATASET_COLUMNS
from .folders import _Lock


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
    >>> from analysis.corpus import report_corpus
    >>> _ = list(report_corpus(arts, out, figures=False, per_article=False))
    >>> [p.name for p in write_article_folders(out, ["b"], figures=False)]
    ['b']
    """
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
