"""Reading inputs: text, HTML, CSV/TSV, JSONL, Parquet, or a folder of them, into :class:`Article` records.

Every reader yields :class:`Article` records (or, for a bad row in a batch, an
:class:`InputError` so the caller can report it and go on).  Inputs are only
ever opened for reading.  The steps, in the order the data flows:

* :mod:`~analysis.intake.files`: which files and folders are read, skipped or refused;
* :mod:`~analysis.intake.decode`: bytes to text (BOMs, UTF-16, cp1252/latin-1);
  mojibake and typography are repaired later by :mod:`analysis.clean`;
* :mod:`~analysis.intake.tables`: rows of CSV/TSV/JSONL/Parquet corpora to articles;
* :mod:`~analysis.intake.ids`: unique, safe article ids;
* :mod:`~analysis.intake.records`: the :class:`Article` record and :func:`check_article`;
* :mod:`~analysis.intake.user_files`: the user's own resource files (``--lexicon`` …),
  checked once before any article.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path

from .decode import decode_bytes
from .errors import InputError, InputWarning, printable
from .files import (
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    PARQUET_SUFFIXES,
    SUPPORTED,
    TABLE_SUFFIXES,
    TEXT_SUFFIXES,
    check_file,
    folder_entries,
    html_to_text,
    read_bytes,
    read_html,
    read_text,
)
from .ids import RESERVED_IDS, ArticleIds, is_safe_id, slugify, unique_ids
from .records import Article, check_article
from .tables import META_COLUMNS, TEXT_COLUMNS, read_jsonl, read_parquet, read_table
from .user_files import check_user_file, check_user_files

__all__ = [
    "Article", "InputError", "InputWarning", "read_articles", "iter_articles", "check_article",
    "slugify", "is_safe_id", "unique_ids", "ArticleIds", "RESERVED_IDS", "printable", "decode_bytes",
    "check_file", "read_bytes", "read_text", "read_html", "html_to_text", "read_table", "read_jsonl",
    "read_parquet", "check_user_files", "check_user_file", "TEXT_COLUMNS", "META_COLUMNS", "SUPPORTED",
    "TEXT_SUFFIXES", "HTML_SUFFIXES", "TABLE_SUFFIXES", "JSONL_SUFFIXES", "PARQUET_SUFFIXES",
]


def _warn(message: str) -> None:
    warnings.warn(message, InputWarning, stacklevel=3)


def iter_articles(inputs: Iterable[str | Path], *, notice=None) -> Iterator[Article | InputError]:
    """Every article in the given files and folders, in a stable order, with unique ids.

    Bad files and rows come out as :class:`InputError` items, so a batch goes
    on past them.  Folders are read one level deep, files sorted by name (see
    :func:`~analysis.intake.files.folder_entries` for what is not read).  Article ids are made unique
    across all the inputs by :class:`ArticleIds` (the CLI gives the same ids).
    What is not read, and every id given a suffix, is told to ``notice(message)``,
    by default as an :class:`InputWarning`.

    Examples
    --------
    >>> from analysis import config
    >>> [a.article_id for a in iter_articles([config.SAMPLE_ARTICLE, config.SAMPLE_ARTICLE], notice=print)]
    us-turkey-s400-ukraine.txt: the id 'us-turkey-s400-ukraine' is already taken; written as 'us-turkey-s400-ukraine--2'
    ['us-turkey-s400-ukraine', 'us-turkey-s400-ukraine--2']
    """
    notice = notice or _warn
    yield from unique_ids(_iter_inputs(inputs, notice), notice)


def _iter_inputs(inputs: Iterable[str | Path], notice) -> Iterator[Article | InputError]:
    for inp in inputs:
        path = Path(inp)
        try:
            is_dir = path.is_dir()
        except (OSError, ValueError):
            is_dir = False
        if not is_dir:
            yield from _read_one(path)
            continue
        try:
            entries, skipped = folder_entries(path)
        except OSError as exc:
            yield InputError(path, f"the folder cannot be read ({exc.strerror or exc})")
            continue
        if skipped:
            more = f" and {len(skipped) - 5} more" if len(skipped) > 5 else ""
            notice(f"{printable(path)}: not read: {', '.join(skipped[:5])}{more}")
        if not entries:
            yield InputError(path, "the folder holds no .txt, .html, .csv, .tsv, .jsonl or .parquet file")
        for entry in entries:
            if isinstance(entry, InputError):
                yield entry
            else:
                yield from _read_one(entry)


def _read_one(path: Path) -> Iterator[Article | InputError]:
    suffix = path.suffix.lower()
    try:
        if suffix in HTML_SUFFIXES:
            yield read_html(path)
        elif suffix in TABLE_SUFFIXES:
            yield from read_table(path)
        elif suffix in JSONL_SUFFIXES:
            yield from read_jsonl(path)
        elif suffix in PARQUET_SUFFIXES:
            yield from read_parquet(path)
        else:
            art = read_text(path)
            if art.text.lstrip()[:200].lower().startswith(("<!doctype html", "<html")):
                text, title = html_to_text(art.text, path)
                art = Article(art.article_id, text, title, {"source": path.name, "format": "html"})
            yield art
    except InputError as exc:
        yield exc


def read_articles(inputs: Iterable[str | Path] | str | Path, *, notice=None) -> list[Article]:
    """All articles from the inputs; raises the first :class:`InputError`.

    Convenient in notebooks; the CLI uses :func:`iter_articles` to go past bad
    files.  The ids are the CLI's (unique across the inputs, see :class:`ArticleIds`).

    Examples
    --------
    >>> from analysis import config
    >>> read_articles(config.SAMPLE_ARTICLE)[0].title is None
    True
    """
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    out = []
    for item in iter_articles(inputs, notice=notice):
        if isinstance(item, InputError):
            raise item
        out.append(item)
    return out
