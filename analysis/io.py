"""Reading articles: text, HTML, CSV/TSV, JSONL, Parquet, or a folder of them.

Every reader yields :class:`Article` records (or, for a bad row in a batch, an
:class:`InputError` so the caller can report it and go on).  Bytes are decoded
here (BOMs, UTF-16, cp1252/latin-1 via charset-normalizer); mojibake and
typography are repaired later by :mod:`analysis.clean`.  Inputs are only ever
opened for reading.
"""

from __future__ import annotations

import io as _io
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import config

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TABLE_SUFFIXES = {".csv", ".tsv"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
PARQUET_SUFFIXES = {".parquet"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | TABLE_SUFFIXES | JSONL_SUFFIXES | PARQUET_SUFFIXES
#: Accepted names of the text column in CSV / JSONL / Parquet, in order of preference.
TEXT_COLUMNS = ("text", "content", "body", "article", "texte", "contenu")
#: Optional metadata columns carried into the tables and summary.
META_COLUMNS = ("title", "date", "outlet", "url", "id")


class InputError(Exception):
    """A problem with the user's input: reported as one line, never a traceback.

    Examples
    --------
    >>> str(InputError("a.txt", "the file is empty"))
    'a.txt: the file is empty'
    """

    def __init__(self, source: str | Path, problem: str):
        self.source = str(source)
        self.problem = problem
        super().__init__(f"{self.source}: {problem}")


@dataclass
class Article:
    """One article as read.

    Attributes
    ----------
    article_id : str
        Slug used for output folders and the ``article_id`` column.
    text : str
        Decoded text (not yet cleaned).
    title : str or None
        Title from metadata (HTML, a ``title`` column), if any.
    meta : dict
        ``source`` (file name, with ``#row`` for tables), ``format`` and the
        optional ``date``, ``outlet``, ``url``.
    """

    article_id: str
    text: str
    title: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def slugify(value: str, *, max_len: int = 80) -> str:
    """A safe, readable id: ASCII letters, digits, ``-`` and ``_`` only.

    Examples
    --------
    >>> slugify("États-Unis: l'offre « S-400 » ../../etc")
    'etats-unis-l-offre-s-400-etc'
    >>> slugify("-- $(rm) ;")
    'rm'
    """
    s = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9_]+", "-", s.lower()).strip("-_")
    return s[:max_len].strip("-_") or "article"


# --- decoding ----------------------------------------------------------------

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def decode_bytes(data: bytes, source: str | Path) -> str:
    """Decode file bytes to text, or raise :class:`InputError` saying why not.

    Handles UTF-8 with or without BOM, UTF-16 with or without BOM, cp1252 and
    latin-1; refuses PDFs, binary data, empty files and files with no letters.

    Examples
    --------
    >>> decode_bytes("Élysée".encode("cp1252"), "a.txt")
    'Élysée'
    >>> decode_bytes("Élysée".encode("utf-16-le"), "a.txt")
    'Élysée'
    """
    if not data.strip():
        raise InputError(source, "the file is empty" if not data else "the file holds only white space")
    if data.startswith(b"%PDF"):
        raise InputError(source, "this is a PDF; export its text (or save the web page as HTML) first")
    text = None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = data.decode(enc, errors="replace")
            break
    if text is None and _looks_utf16(data):
        enc = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        text = data.decode(enc, errors="replace")
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _guess_8bit(data, source)
    _check_text(text, source)
    return text.replace("\x00", "")


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4000]
    return len(sample) >= 4 and sample.count(0) >= len(sample) * 0.3


def _guess_8bit(data: bytes, source) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1252", "latin_1", "iso8859_15", "utf_8"]).best()
    if best is None:
        raise InputError(source, "looks like binary data, not text")
    return str(best)


def _check_text(text: str, source) -> None:
    if not text.strip():
        raise InputError(source, "the file holds only white space")
    controls = sum(1 for c in text[:20000] if unicodedata.category(c) == "Cc" and c not in "\n\r\t")
    if controls > max(3, len(text[:20000]) * 0.02):
        raise InputError(source, "looks like binary data, not text")
    if not any(c.isalpha() for c in text):
        raise InputError(source, "contains no letters (no article text to analyse)")


def read_bytes(path: Path, limit: int = config.MAX_INPUT_BYTES) -> bytes:
    """Read a file read-only, refusing missing paths and files over ``limit`` bytes."""
    if not path.exists():
        raise InputError(path, "no such file or folder")
    if not path.is_file():
        raise InputError(path, "not a regular file")
    size = path.stat().st_size
    if size > limit:
        raise InputError(path, f"the file is {size / 2**20:.1f} MB, over the {limit / 2**20:.0f} MB limit "
                               "for this kind of file; split it or use a CSV/JSONL corpus")
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None


# --- readers -----------------------------------------------------------------

def read_text(path: str | Path) -> Article:
    """Read a plain-text article.

    Examples
    --------
    >>> art = read_text(config.SAMPLE_ARTICLE)
    >>> art.article_id, art.meta["format"]
    ('us-turkey-s400-ukraine', 'txt')
    """
    path = Path(path)
    text = decode_bytes(read_bytes(path), path)
    return Article(slugify(path.stem), text, None, {"source": path.name, "format": "txt"})


def html_to_text(html: str, source: str | Path = "<html>") -> tuple[str, str | None]:
    """Main text and title of an HTML page (trafilatura).

    Examples
    --------
    >>> html_to_text("<html><head><title>Titre</title></head><body><article><p>Un long paragraphe de texte "
    ...              "qui raconte l'histoire en détail, avec assez de mots pour compter.</p></article></body></html>")[1]
    'Titre'
    """
    import trafilatura

    meta = trafilatura.extract_metadata(html)
    title = meta.title if meta is not None and meta.title else None
    text = trafilatura.extract(html, output_format="txt", include_comments=False, include_tables=False,
                               favor_recall=True, deduplicate=False)
    if not text or not any(c.isalpha() for c in text):
        text = trafilatura.html2txt(html) or ""
    if not any(c.isalpha() for c in text):
        raise InputError(source, "no article text found in this HTML page")
    return text, title


def read_html(path: str | Path) -> Article:
    """Read a saved HTML page: main text via trafilatura, title from the metadata."""
    path = Path(path)
    html = decode_bytes(read_bytes(path), path)
    text, title = html_to_text(html, path)
    return Article(slugify(path.stem), text, title, {"source": path.name, "format": "html"})


def _records_to_articles(records: Iterable[tuple[int, dict]], path: Path, fmt: str) -> Iterator[Article | InputError]:
    for n, rec in records:
        rec = {str(k).strip().lower(): v for k, v in rec.items()}
        col = next((c for c in TEXT_COLUMNS if c in rec), None)
        where = f"{path.name}#{n}"
        if col is None:
            yield InputError(path, f"no text column (expected one of: {', '.join(TEXT_COLUMNS)})")
            return
        text = rec.get(col)
        if text is None or (isinstance(text, float)) or not str(text).strip():
            yield InputError(where, f"row {n}: empty '{col}'")
            continue
        text = str(text)
        if not any(c.isalpha() for c in text):
            yield InputError(where, f"row {n}: '{col}' contains no letters")
            continue
        rid = rec.get("id")
        has_id = rid is not None and str(rid).strip() not in ("", "nan", "None")
        art_id = slugify(str(rid)) if has_id else f"{slugify(path.stem)}-{n:04d}"
        meta = {"source": where, "format": fmt}
        for k in ("date", "outlet", "url"):
            v = rec.get(k)
            if v is not None and str(v).strip() not in ("", "nan", "None"):
                meta[k] = str(v).strip()
        title = rec.get("title")
        title = str(title).strip() if title is not None and str(title).strip() not in ("", "nan", "None") else None
        yield Article(art_id, text, title, meta)


def read_table(path: str | Path) -> Iterator[Article | InputError]:
    """Read a CSV/TSV corpus: one article per row (rows numbered from 1)."""
    import csv

    path = Path(path)
    text = decode_bytes(read_bytes(path, config.MAX_CORPUS_BYTES), path)
    delim = "\t" if path.suffix.lower() == ".tsv" else ","
    reader = csv.reader(_io.StringIO(text, newline=""), delimiter=delim)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise InputError(path, f"malformed CSV header ({exc})") from None
    header = [h.strip().lower() for h in header]
    if not any(c in header for c in TEXT_COLUMNS):
        raise InputError(path, f"no text column (expected one of: {', '.join(TEXT_COLUMNS)}; "
                               f"found: {', '.join(header) or 'none'})")

    def rows():
        n = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                n += 1
                yield n, InputError(f"{path.name}#{n}", f"row {n}: malformed CSV ({exc})")
                continue
            n += 1
            if len(row) != len(header):
                yield n, InputError(f"{path.name}#{n}",
                                    f"row {n}: {len(row)} fields where the header has {len(header)}")
                continue
            yield n, dict(zip(header, row))

    for n, rec in rows():
        if isinstance(rec, InputError):
            yield rec
        else:
            yield from _records_to_articles([(n, rec)], path, "csv")


def read_jsonl(path: str | Path) -> Iterator[Article | InputError]:
    """Read a JSON-lines corpus: one JSON object per line with a text field."""
    path = Path(path)
    text = decode_bytes(read_bytes(path, config.MAX_CORPUS_BYTES), path)
    seen_text_col = False
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(f"{path.name}#{n}", f"line {n}: malformed JSON ({exc.msg})")
            continue
        if not isinstance(rec, dict):
            yield InputError(f"{path.name}#{n}", f"line {n}: expected a JSON object")
            continue
        if not any(str(k).lower() in TEXT_COLUMNS for k in rec):
            yield InputError(f"{path.name}#{n}", f"line {n}: no text field (expected one of: {', '.join(TEXT_COLUMNS)})")
            continue
        seen_text_col = True
        yield from _records_to_articles([(n, rec)], path, "jsonl")
    if not seen_text_col and not text.strip():
        raise InputError(path, "the file is empty")


def read_parquet(path: str | Path) -> Iterator[Article | InputError]:
    """Read a Parquet corpus (same columns as CSV)."""
    import pandas as pd

    path = Path(path)
    try:
        df = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for bad files
        raise InputError(path, f"cannot be read as Parquet ({type(exc).__name__})") from None
    cols = [str(c).lower() for c in df.columns]
    if not any(c in cols for c in TEXT_COLUMNS):
        raise InputError(path, f"no text column (expected one of: {', '.join(TEXT_COLUMNS)})")
    yield from _records_to_articles(((i + 1, r) for i, r in enumerate(df.to_dict("records"))), path, "parquet")


def check_article(article: Article, *, any_language: bool = False) -> None:
    """Raise :class:`InputError` for an article the kit should not analyse.

    Too long (over :data:`analysis.config.MAX_ARTICLE_CHARS`) or not French
    (see :mod:`analysis.language`), unless ``any_language``.

    Examples
    --------
    >>> check_article(Article("a", "The minister said that the reform would pass in May, and that it was fair."))
    Traceback (most recent call last):
    ...
    analysis.io.InputError: a: does not look like French (function words point to 'en', 0% French); not analysed (use --any-language to force)
    """
    source = article.meta.get("source") or article.article_id
    if len(article.text) > config.MAX_ARTICLE_CHARS:
        raise InputError(source, f"the article is {len(article.text):,} characters long, over the "
                                 f"{config.MAX_ARTICLE_CHARS:,} limit; split it")
    if not any_language:
        from .language import guess_language

        g = guess_language(article.text)
        if not g.is_french:
            raise InputError(source, f"does not look like French (function words point to '{g.language}', "
                                     f"{g.french_share:.0%} French); not analysed (use --any-language to force)")


def iter_articles(inputs: Iterable[str | Path]) -> Iterator[Article | InputError]:
    """Every article in the given files and folders, in a stable order.

    Bad files and rows come out as :class:`InputError` items, so a batch goes
    on past them.  Folders are read one level deep, files sorted by name.

    Examples
    --------
    >>> [a.article_id for a in iter_articles([config.SAMPLE_ARTICLE])]
    ['us-turkey-s400-ukraine']
    """
    for inp in inputs:
        path = Path(inp)
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")
                           and p.suffix.lower() in SUPPORTED)
            if not files:
                yield InputError(path, "the folder holds no .txt, .html, .csv, .jsonl or .parquet file")
            for f in files:
                yield from _read_one(f)
        else:
            yield from _read_one(path)


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


def read_articles(inputs: Iterable[str | Path] | str | Path) -> list[Article]:
    """All articles from the inputs; raises the first :class:`InputError`.

    Convenient in notebooks; the CLI uses :func:`iter_articles` to go past bad files.

    Examples
    --------
    >>> read_articles(config.SAMPLE_ARTICLE)[0].title is None
    True
    """
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    out = []
    for item in iter_articles(inputs):
        if isinstance(item, InputError):
            raise item
        out.append(item)
    return out
