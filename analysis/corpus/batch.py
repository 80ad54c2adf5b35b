"""One batch of articles: cache lookup, one ``nlp.pipe`` stream, cache store, writing.

:func:`process_batch` is a worker's whole job for a batch; :func:`analyse_batch`
is its analysis alone (the model loads once per worker process).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..article import analyse_many, analyse_text
from ..context import Settings
from ..intake import InputError
from ..output.files import atomic_write_bytes
from .arrow import arrow_tables, encode_files
from .cache import Cache, CacheEntryDamaged, cache_key
from .dataset import CSV_PARTS, part_bytes, part_csv, part_tables, summary_row
from .folders import write_result


def analyse_batch(articles: list, settings: Settings, per_article: bool = False) -> list:
    """Analyse a batch with one ``nlp.pipe`` stream; return results in order.

    Runs in a worker process: the model is loaded once there (cached).  Each
    result carries its tables as Arrow (:func:`arrow_tables`) and, with
    ``per_article``, its article folder's files (:func:`encode_files`); its
    ``Doc`` is dropped.  An article that cannot be analysed comes back as a
    dict with ``article_id``, ``source``, ``error`` and ``user_error``.
    """
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


def warm_up() -> None:
    """Load the model and the analysers' resources (lexicons, names, lemma tables) in this process."""
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


def _record(article_id: str, *, message: str | None = None, row: dict | None = None) -> dict[str, Any]:
    return {"article_id": article_id, "ok": message is None, "message": message, "row": row}


def write_batch(index: int, results: list, out: str | Path, *, per_article: bool = False, figures: bool = True,
                lang: str = "fr", parts_dir: str | Path | None = None, cache: Cache | None = None,
                old_part: str | None = None, csv: bool = False) -> dict[str, Any]:
    """Write a batch's corpus part and, with ``per_article``, its article folders.

    Returns ``{"records": [...], "part": (key, reused) or None}``.  A record is
    ``{"article_id", "ok", "message", "row"}`` per article: ``message`` says
    what went wrong (``None`` when written) and ``row`` is the article's flat
    summary for the corpus ``summaries`` table.  The part's key (a hash of its
    articles' cache keys, when cached) lets an unchanged part be reused: when
    it equals ``old_part``, the key of the part the previous run wrote at this
    index, nothing is written and :class:`CorpusWriter` links the old file.
    With ``csv``, each table's CSV text goes to ``parts_dir/.csv-parts/`` too
    (:data:`~analysis.corpus.dataset.CSV_PARTS`), for :class:`CorpusWriter` to join.
    Runs where the results are (on a worker when the workers see ``OUT``).
    """
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
        pkey = (hashlib.sha256("\n".join(r.key for r in written).encode()).hexdigest()
                if cache is not None and all(r.key for r in written) else None)
        if pkey is not None and pkey == old_part:
            return {"records": records, "part": (pkey, True)}
        _write_part(index, written, Path(parts_dir), cache=cache, pkey=pkey, csv=csv)
        part = (pkey, False)
    return {"records": records, "part": part}


def _write_part(index: int, written: list, parts_dir: Path, *, cache: Cache | None, pkey: str | None,
                csv: bool) -> None:
    """A batch's part files (from the cache's part when it has it) and, with ``csv``, their CSV text."""
    encoded = cache.get_part(pkey) if pkey else None
    tables = None
    if encoded is None:
        tables = part_tables(written)
        encoded = {name: part_bytes(table) for name, table in tables.items()}
        if pkey:
            cache.put_part(pkey, encoded)
    for name, data in encoded.items():
        atomic_write_bytes(parts_dir / name / f"part-{index:05d}.parquet", data)
        if csv:
            table = tables[name] if tables is not None else pq.read_table(pa.BufferReader(data))
            atomic_write_bytes(parts_dir / CSV_PARTS / name / f"part-{index:05d}.csv",
                               part_csv(table).encode("utf-8"))


def process_batch(index: int, articles: list, settings: Settings, out: str, old_part: str | None, *,
                  per_article: bool, figures: bool, parts_dir: str | None, cache_dir: str | None,
                  lang: str = "fr", csv: bool = False) -> dict[str, Any]:
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
                               parts_dir=parts_dir, cache=cache, old_part=old_part, csv=csv)
        except CacheEntryDamaged:
            light = False  # an entry read lazily turned out damaged: redo the batch, reading eagerly
