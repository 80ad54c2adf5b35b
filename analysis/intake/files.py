"""Files and folders: what is read, what is skipped, what is refused.

Inputs are only ever opened for reading, and only regular files under the
size limits of :mod:`analysis.config`.  A folder is read one level deep; a
symbolic link in it is followed only to a file inside the folder.  HTML pages
are reduced to their main text by trafilatura, imported only when a page is
read (it loads lxml and its extractors, a fifth of a second that no other
input needs).
"""

from __future__ import annotations

import errno
import stat
from pathlib import Path

from .. import config
from .decode import decode_bytes
from .errors import InputError, printable
from .ids import slugify
from .records import Article

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TABLE_SUFFIXES = {".csv", ".tsv"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
PARQUET_SUFFIXES = {".parquet"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | TABLE_SUFFIXES | JSONL_SUFFIXES | PARQUET_SUFFIXES
_NOT_REGULAR = "not a regular file (a named pipe, socket or device); not read"


def check_file(path: Path, limit: int = config.MAX_INPUT_BYTES) -> int:
    """The size of a regular file that may be read, or :class:`InputError` saying why not.

    Examples
    --------
    >>> check_file(Path("/nonexistent.txt"))
    Traceback (most recent call last):
    ...
    analysis.intake.errors.InputError: /nonexistent.txt: no such file or folder
    """
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
        raise InputError(path, "a folder where a file was expected" if stat.S_ISDIR(st.st_mode) else _NOT_REGULAR)
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
    >>> page = ("<html><head><title>Titre</title></head><body><article><p>Un long paragraphe de texte "
    ...         "qui raconte l'histoire en détail, avec assez de mots pour compter.</p></article></body></html>")
    >>> html_to_text(page)[1]
    'Titre'
    """
    import trafilatura  # only for HTML (see the module docstring)

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


def folder_entries(folder: Path) -> tuple[list[Path | InputError], list[str]]:
    """What an input folder holds: files to read (and entries refused), in name order,
    and the names of what is not read.

    Hidden names (``.DS_Store``) are ignored.  A sub-folder or a file of another
    kind is listed as not read; a would-be article that is a named pipe, a
    broken link or a link loop is refused, and so is a symbolic link to a file
    outside the folder: it is not followed (pass that file itself to read it).
    """
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
            entries.append(InputError(p, _NOT_REGULAR))
        elif p.is_symlink() and root not in p.resolve().parents:
            entries.append(InputError(p, "a symbolic link to a file outside the folder; not followed "
                                         "(pass that file itself as an input to read it)"))
        else:
            entries.append(p)
    return entries, skipped
