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


def printable(value: object) -> str:
    """``value`` as text on one line: control characters (a newline or an ANSI
    escape in a file name) are shown escaped, as Python writes them.

    Examples
    --------
    >>> printable("a\\nb\\x1b[31m.txt")
    'a\\\\nb\\\\x1b[31m.txt'
    >>> printable("Élection à Zürich.txt")
    'Élection à Zürich.txt'
    """
    text = str(value)
    if text.isprintable():
        return text
    # controls, invisible format marks (bidi overrides) and line separators
    return "".join(repr(c)[1:-1] if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs") else c
                   for c in text)


class InputError(Exception):
    """A problem with the user's input: reported as one line, never a traceback.

    The file name and the problem are made printable (:func:`printable`), so a
    newline or a terminal escape in a file name cannot break the line.

    Examples
    --------
    >>> str(InputError("a.txt", "the file is empty"))
    'a.txt: the file is empty'
    >>> str(InputError("a\\nb.txt", "the file is empty"))
    'a\\\\nb.txt: the file is empty'
    """

    def __init__(self, source: str | Path, problem: str):
        self.source = printable(source)
        self.problem = printable(problem)
        super().__init__(f"{self.source}: {self.problem}")


class InputWarning(UserWarning):
    """Something in an input folder that was not read (a sub-folder, another kind of file)."""


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

    Runs of other characters become one ``-``, so a slug never holds ``--``
    (which :class:`ArticleIds` keeps for its suffixes).

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


#: Names of the kit's own folders in an output folder: never an article id.
RESERVED_IDS = frozenset({"corpus"})
_SAFE_ID = re.compile(r"[a-z0-9](?:[a-z0-9_-]{0,98}[a-z0-9])?")


def is_safe_id(value: object) -> bool:
    """Whether ``value`` can name an article folder as it is.

    Lower-case ASCII letters, digits, ``-`` and ``_`` (as :func:`slugify` makes
    them, plus the ``--N`` suffixes of :class:`ArticleIds`), at most 100
    characters, and not a reserved name (:data:`RESERVED_IDS`).

    Examples
    --------
    >>> is_safe_id("a-2"), is_safe_id("corpus"), is_safe_id("../x"), is_safe_id("Zürich")
    (True, False, False, False)
    """
    return isinstance(value, str) and bool(_SAFE_ID.fullmatch(value)) and value not in RESERVED_IDS


class ArticleIds:
    """Gives unique, safe article ids in input order (the CLI and :func:`iter_articles`).

    The first article that asks for an id gets it; a later article asking for
    an id already given, or for a reserved name (``corpus``), gets the first
    free ``--2``, ``--3`` … suffix.  :func:`slugify` never makes ``--``, so a
    suffixed id cannot collide with an id read from a file, and an id that
    appears once is always kept as it is.  An unsafe id (``"../x"``, ``"Zürich"``)
    is slugified first.

    Examples
    --------
    >>> ids = ArticleIds()
    >>> [ids.claim(i) for i in ["a", "a", "a-2", "corpus", "a"]]
    ['a', 'a--2', 'a-2', 'corpus--2', 'a--3']
    """

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def claim(self, wanted: str) -> str:
        base = wanted if is_safe_id(wanted) or wanted in RESERVED_IDS else slugify(wanted)
        new, k = base, 1
        while new in self.taken or new in RESERVED_IDS:
            k += 1
            new = f"{base}--{k}"
        self.taken.add(new)
        return new


def unique_ids(items: Iterable, notice=None) -> Iterator:
    """``items`` (articles and errors) with every article id made unique by :class:`ArticleIds`.

    An article whose id changes is a copy; ``notice(message)`` is told about it.

    Examples
    --------
    >>> [a.article_id for a in unique_ids([Article("a", "x"), Article("a", "y")])]
    ['a', 'a--2']
    """
    import dataclasses

    ids = ArticleIds()
    for item in items:
        if isinstance(item, Article):
            new = ids.claim(item.article_id)
            if new != item.article_id:
                if notice is not None:
                    old = item.article_id
                    why = ("is reserved for the kit's own folder" if old in RESERVED_IDS else
                           "is already taken" if is_safe_id(old) else "is not a safe folder name")
                    notice(f"{printable(item.meta.get('source') or old)}: the id '{printable(old)}' {why}; "
                           f"written as '{new}'")
                item = dataclasses.replace(item, article_id=new)
        yield item


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
    sample = text[:20000]
    if re.search("[\x80-\x9f]", sample):
        # UTF-8 read as latin-1 and saved again leaves C1 controls ("â\x80\x99" for "’"):
        # mojibake that cleaning repairs, so only what ftfy cannot explain counts
        import ftfy

        sample = ftfy.fix_encoding(sample)
    controls = sum(1 for c in sample if unicodedata.category(c) == "Cc" and c not in "\n\r\t")
    if controls > max(3, len(sample) * 0.02):
        raise InputError(source, "looks like binary data, not text")
    if not any(c.isalpha() for c in text):
        raise InputError(source, "contains no letters (no article text to analyse)")


def check_file(path: Path, limit: int = config.MAX_INPUT_BYTES) -> int:
    """The size of a regular file that may be read, or :class:`InputError` saying why not.

    Examples
    --------
    >>> check_file(Path("/nonexistent.txt"))
    Traceback (most recent call last):
    ...
    analysis.io.InputError: /nonexistent.txt: no such file or folder
    """
    import errno
    import stat

    try:
        st = path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(path, "a symbolic link loop (the link leads back to itself)") from None
        if path.is_symlink():
            raise InputError(path, "a broken symbolic link (what it points to does not exist)") from None
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            raise InputError(path, "no such file or folder") from None
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    except ValueError as exc:  # e.g. a NUL byte in the name
        raise InputError(path, f"not a usable path ({exc})") from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(path, "a folder where a file was expected" if stat.S_ISDIR(st.st_mode) else
                         "not a regular file (a named pipe, socket or device); not read")
    if st.st_size > limit:
        raise InputError(path, f"the file is {st.st_size / 2**20:.1f} MB, over the {limit / 2**20:.0f} MB limit "
                               "for this kind of file; split it or use a CSV/JSONL corpus")
    return st.st_size


def read_bytes(path: Path, limit: int = config.MAX_INPUT_BYTES) -> bytes:
    """Read a file read-only, refusing missing paths and files over ``limit`` bytes."""
    check_file(path, limit)
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


_MISSING = ("", "nan", "None", "NaT", "<NA>")


def _kind(value: Any) -> str:
    """What a JSON/Parquet value is, in words, for an error message."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ndarray":
        return "a list"
    if isinstance(value, (bytes, bytearray)):
        return "bytes"
    return type(value).__name__


def _scalar_text(value: Any) -> str | None:
    """A metadata value as text (None when missing); integral floats lose their ``.0``
    (a numeric Parquet id column with a null is read as floats: 1.0 is id ``1``)."""
    if value is None or isinstance(value, (dict, list, tuple, bytes, bytearray)) \
            or type(value).__name__ == "ndarray":
        return None
    if isinstance(value, float):
        if value != value:
            return None
        if value.is_integer():
            value = int(value)
    text = str(value).strip()
    return None if text in _MISSING else text


def _duplicated(names: Iterable[str]) -> list[str]:
    """Columns the kit reads that appear more than once (case and spaces ignored)."""
    seen: dict[str, int] = {}
    for name in names:
        key = str(name).strip().lower()
        seen[key] = seen.get(key, 0) + 1
    return [c for c in (*TEXT_COLUMNS, *META_COLUMNS) if seen.get(c, 0) > 1]


def _records_to_articles(records: Iterable[tuple[int, dict]], path: Path, fmt: str,
                         unit: str = "row") -> Iterator[Article | InputError]:
    for n, rec in records:
        where = f"{path.name}#{n}"
        dup = _duplicated(rec)
        if dup:
            yield InputError(where, f"{unit} {n}: the field '{dup[0]}' appears more than once; not read")
            continue
        rec = {str(k).strip().lower(): v for k, v in rec.items()}
        col = next((c for c in TEXT_COLUMNS if c in rec), None)
        if col is None:
            yield InputError(path, f"no text column (expected one of: {', '.join(TEXT_COLUMNS)})")
            return
        text = rec.get(col)
        if text is None or (isinstance(text, float) and text != text) or (isinstance(text, str) and not text.strip()):
            yield InputError(where, f"row {n}: empty '{col}'")
            continue
        if not isinstance(text, str):  # a JSON list, object or boolean is not an article
            yield InputError(where, f"{unit} {n}: '{col}' is {_kind(text)}, not text; not read")
            continue
        if not any(c.isalpha() for c in text):
            yield InputError(where, f"row {n}: '{col}' contains no letters")
            continue
        bad = [k for k in ("id", "title", "date", "outlet", "url")
               if isinstance(rec.get(k), (dict, list, tuple)) or type(rec.get(k)).__name__ == "ndarray"]
        if bad:
            yield InputError(where, f"{unit} {n}: '{bad[0]}' is {_kind(rec[bad[0]])}, not text; not read")
            continue
        rid = _scalar_text(rec.get("id"))
        art_id = slugify(rid) if rid is not None else f"{slugify(path.stem)}-{n:04d}"
        meta = {"source": where, "format": fmt}
        for k in ("date", "outlet", "url"):
            v = _scalar_text(rec.get(k))
            if v is not None:
                meta[k] = v
        yield Article(art_id, text, _scalar_text(rec.get("title")), meta)


class _Lines:
    """Lines of a text for :mod:`csv`, counting the physical lines read and keeping
    those of the current row (so a TSV row can be read again without quoting)."""

    def __init__(self, text: str):
        from collections import deque

        self._buf = _io.StringIO(text, newline="")
        self._again: deque[str] = deque()
        self.line = 0
        self.recent: list[str] = []

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self._again.popleft() if self._again else self._buf.readline()
        if not line:
            raise StopIteration
        self.line += 1
        self.recent.append(line)
        return line

    def again(self, lines: list[str]) -> None:
        """Read ``lines`` again next."""
        self._again.extendleft(reversed(lines))
        self.line -= len(lines)


def read_table(path: str | Path) -> Iterator[Article | InputError]:
    """Read a CSV/TSV corpus: one article per row (rows numbered from 1).

    Quoting follows RFC 4180 (as spreadsheets and pandas write it): a field that
    starts with ``"`` ends at the next lone ``"``, and a ``"`` inside it is doubled.
    A CSV row that breaks this (a quote never closed, text after a closing quote)
    is reported with its lines instead of swallowing the rows after it.  A TSV
    row that breaks it is read again without quoting when its line has the
    header's number of fields (TSV files are often written unquoted).  Blank
    lines are skipped.
    """
    import csv

    path = Path(path)
    text = decode_bytes(read_bytes(path, config.MAX_CORPUS_BYTES), path)
    kind = "TSV" if path.suffix.lower() == ".tsv" else "CSV"
    # csv's default field limit (131,072 characters) is far below the article limit
    csv.field_size_limit(max(csv.field_size_limit(), config.MAX_CORPUS_BYTES))
    lines = _Lines(text)
    reader = csv.reader(lines, delimiter="\t" if kind == "TSV" else ",", strict=True)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise InputError(path, f"malformed {kind} header ({exc})") from None
    header = [h.strip().lower() for h in header]
    if not any(c in header for c in TEXT_COLUMNS):
        raise InputError(path, f"no text column (expected one of: {', '.join(TEXT_COLUMNS)}; "
                               f"found: {', '.join(header) or 'none'})")
    dup = _duplicated(header)
    if dup:
        raise InputError(path, f"the column '{dup[0]}' appears more than once in the header; "
                               "rename or remove one")

    def rows():
        nonlocal reader
        n = 0
        while True:
            first = lines.line + 1
            lines.recent = []
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                n += 1
                fields = lines.recent[0].rstrip("\r\n").split("\t") if lines.recent else []
                if kind == "TSV" and len(fields) == len(header):
                    # many TSV files are written without quoting: a field that merely starts
                    # with a quote ("Non", a-t-il dit) is read as it stands, on its own line
                    lines.again(lines.recent[1:])
                    reader = csv.reader(lines, delimiter="\t", strict=True)
                    yield n, dict(zip(header, fields))
                    continue
                if "end of data" in str(exc):
                    rest = lines.line - first
                    yield n, InputError(f"{path.name}#{n}", f"row {n} (line {first}): a quote opened in this row is "
                                                           f"never closed, so the {rest} line(s) after it cannot be "
                                                           "read; close the quote (or double it: \"\")")
                    return
                span = f"line {first}" if lines.line == first else f"lines {first}-{lines.line}"
                yield n, InputError(f"{path.name}#{n}", f"row {n} ({span}): malformed {kind} ({exc}); a quote "
                                                       "inside a quoted field must be doubled (\"\"); not read")
                continue
            if not row:
                continue  # a blank line
            n += 1
            if len(row) != len(header):
                yield n, InputError(f"{path.name}#{n}",
                                    f"row {n}: {len(row)} fields where the header has {len(header)}")
                continue
            yield n, dict(zip(header, row))

    n_rows = 0
    for n, rec in rows():
        n_rows += 1
        if isinstance(rec, InputError):
            yield rec
        else:
            yield from _records_to_articles([(n, rec)], path, "csv")
    if n_rows == 0:
        raise InputError(path, "holds a header but no rows (no article to read)")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict:
    dup = _duplicated(k for k, _ in pairs)
    if dup:
        raise ValueError(f"the field '{dup[0]}' appears more than once")
    return dict(pairs)


def read_jsonl(path: str | Path) -> Iterator[Article | InputError]:
    """Read a JSON-lines corpus: one JSON object per line with a text field (a string)."""
    path = Path(path)
    text = decode_bytes(read_bytes(path, config.MAX_CORPUS_BYTES), path)
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line, object_pairs_hook=_no_duplicate_keys)
        except json.JSONDecodeError as exc:
            yield InputError(f"{path.name}#{n}", f"line {n}: malformed JSON ({exc.msg})")
            continue
        except ValueError as exc:
            yield InputError(f"{path.name}#{n}", f"line {n}: {exc}; not read")
            continue
        if not isinstance(rec, dict):
            yield InputError(f"{path.name}#{n}", f"line {n}: expected a JSON object")
            continue
        if not any(str(k).strip().lower() in TEXT_COLUMNS for k in rec):
            yield InputError(f"{path.name}#{n}", f"line {n}: no text field (expected one of: {', '.join(TEXT_COLUMNS)})")
            continue
        yield from _records_to_articles([(n, rec)], path, "jsonl", unit="line")


def read_parquet(path: str | Path) -> Iterator[Article | InputError]:
    """Read a Parquet corpus (same columns as CSV)."""
    import pandas as pd

    path = Path(path)
    check_file(path, config.MAX_CORPUS_BYTES)
    try:
        df = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for bad files
        raise InputError(path, f"cannot be read as Parquet ({type(exc).__name__})") from None
    cols = [str(c).strip().lower() for c in df.columns]
    if not any(c in cols for c in TEXT_COLUMNS):
        raise InputError(path, f"no text column (expected one of: {', '.join(TEXT_COLUMNS)})")
    dup = _duplicated(cols)
    if dup:
        raise InputError(path, f"the column '{dup[0]}' appears more than once; rename or remove one")
    if df.empty:
        raise InputError(path, "holds no rows (no article to read)")
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
    if not isinstance(article, Article):
        raise TypeError(f"expected an analysis.io.Article (as read_articles returns), not {type(article).__name__}")
    if not isinstance(article.text, str):
        raise TypeError(f"an article's text must be a str, not {type(article.text).__name__}")
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


def _warn(message: str) -> None:
    import warnings

    warnings.warn(message, InputWarning, stacklevel=3)


def _folder_entries(folder: Path) -> tuple[list[Path | InputError], list[str]]:
    """What an input folder holds: files to read (and entries refused), in name order,
    and the names of what is not read.

    Hidden names (``.DS_Store``) are ignored.  A sub-folder or a file of another
    kind is listed as not read; a would-be article that is a named pipe, a
    broken link or a link loop is refused, and so is a symbolic link to a file
    outside the folder: it is not followed (pass that file itself to read it).
    """
    import errno
    import stat

    root = folder.resolve()
    entries: list[Path | InputError] = []
    skipped: list[str] = []
    for p in sorted(folder.iterdir()):
        if p.name.startswith("."):
            continue
        supported = p.suffix.lower() in SUPPORTED
        try:
            st = p.stat()
        except OSError as exc:
            problem = ("a symbolic link loop" if exc.errno == errno.ELOOP else
                       "a broken symbolic link" if p.is_symlink() else f"cannot be read ({exc.strerror or exc})")
            if supported:
                entries.append(InputError(p, f"{problem}; not read"))
            else:
                skipped.append(f"{printable(p.name)} ({problem})")
            continue
        if stat.S_ISDIR(st.st_mode):
            skipped.append(f"{printable(p.name)}/ (a sub-folder: folders are read one level deep)")
        elif not supported:
            skipped.append(f"{printable(p.name)} (not a .txt, .html, .csv, .tsv, .jsonl or .parquet file)")
        elif not stat.S_ISREG(st.st_mode):
            entries.append(InputError(p, "not a regular file (a named pipe, socket or device); not read"))
        elif p.is_symlink() and root not in p.resolve().parents:
            entries.append(InputError(p, "a symbolic link to a file outside the folder; not followed "
                                         "(pass that file itself as an input to read it)"))
        else:
            entries.append(p)
    return entries, skipped


def iter_articles(inputs: Iterable[str | Path], *, notice=None) -> Iterator[Article | InputError]:
    """Every article in the given files and folders, in a stable order, with unique ids.

    Bad files and rows come out as :class:`InputError` items, so a batch goes
    on past them.  Folders are read one level deep, files sorted by name (see
    :func:`_folder_entries` for what is not read).  Article ids are made unique
    across all the inputs by :class:`ArticleIds` (the CLI gives the same ids).
    What is not read, and every id given a suffix, is told to ``notice(message)``,
    by default as an :class:`InputWarning`.

    Examples
    --------
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
            entries, skipped = _folder_entries(path)
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
