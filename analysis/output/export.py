"""One article's folder: its tables, ``summary.json``, figures and ``report.html``, written atomically.

A new folder is assembled in a private staging folder and renamed into place
in one step; an existing one is updated file by file, each file atomically
(:mod:`analysis.output.files`), so an interrupted run never leaves a
half-written table.  Two runs give the same bytes (no timestamps, no absolute
paths, reproducible figures: :mod:`analysis.output.figures`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from .. import config
from ..intake import InputError, is_safe_id
from .files import _resolved, atomic_write_bytes, summary_to_json, write_tables

#: Where new article folders are assembled before being renamed into ``OUT/`` (one
#: level down, so a half-built folder never looks like an article folder).
STAGING = ".cadrage-staging"
#: Written last in an article folder by corpus runs: the result's key and the size of
#: every file written (a truncated or missing file makes the folder out of date).
MARKER = ".cadrage-key"


def check_article_folder(out_dir: str | Path, article_id: str) -> Path:
    """The folder ``out_dir/<article_id>``, if the kit may write it; else an error.

    ``article_id`` must be a safe folder name (:func:`analysis.intake.is_safe_id`,
    ``ValueError`` otherwise).  The folder may be absent, empty, or one the kit
    wrote (it holds ``summary.json``); a symbolic link (to the folder or to its
    ``figures``), a file, or a folder of someone else's files is never written
    through or into (:class:`~analysis.intake.InputError`).  Nothing is written
    under ``data/raw``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> (d / "a").mkdir(); _ = (d / "a" / "notes.txt").write_text("mine")
    >>> check_article_folder(d, "a")
    Traceback (most recent call last):
    ...
    analysis.intake.errors.InputError: .../a: a folder Cadrage did not write is in the way (no summary.json in it)...
    >>> check_article_folder(d, "b") == d / "b"
    True
    """
    if not is_safe_id(article_id):
        raise ValueError(f"article_id {article_id!r} cannot name a folder (use analysis.intake.slugify, "
                         "and not a reserved name such as 'corpus')")
    out_dir = Path(out_dir)
    raw = _resolved(config.RAW_DIR, "data/raw folder")
    real = _resolved(out_dir, "output folder")
    if real == raw or raw in real.parents:
        raise InputError(out_dir, "refusing to write under data/raw (raw data is immutable)")
    folder = out_dir / article_id
    if folder.is_symlink():
        raise InputError(folder, "is a symbolic link; Cadrage does not write through links in the output "
                                 "folder (remove it or choose another output folder)")
    if folder.exists():
        if not folder.is_dir():
            raise InputError(folder, "a file is in the way of this article's folder; move it or choose "
                                     "another output folder")
        if (folder / "figures").is_symlink():
            raise InputError(folder / "figures", "is a symbolic link; Cadrage does not write through links "
                                                 "in the output folder")
        if not (folder / "summary.json").is_file() and not (folder / MARKER).is_file() \
                and any(True for _ in folder.iterdir()):
            raise InputError(folder, "a folder Cadrage did not write is in the way (no summary.json in it); "
                                     "move it or choose another output folder")
    return folder


def write_article(result, out_dir: str | Path, *, figures: bool = True, report: bool = True,
                  lang: str = "fr", extra: Mapping[str, bytes] | None = None,
                  tidy: bool = True, stamp: str | None = None) -> Path:
    """Write one article's tables, ``summary.json``, figures and ``report.html``.

    Everything goes to ``out_dir/<article_id>/``: ``<table>.csv`` and
    ``<table>.parquet`` for each table, ``summary.json``, ``figures/<chart>.png``
    and ``.svg`` for each chart the tables allow, and a self-contained
    ``report.html``.  Returns the article folder.  Only the kit's own files are
    replaced; other files in the folder are left alone.

    A new folder is assembled under ``out_dir/.cadrage-staging/`` and renamed
    into place in one step; an existing one is updated file by file, each file
    atomically.  Either way no table is ever seen half-written.

    Parameters
    ----------
    result : analysis.article.ArticleResult
    out_dir : str or Path
    figures : bool
        Write the figures (and embed them in the report).
    report : bool
        Write ``report.html``.
    lang : {"fr", "en"}
        Wording of figures and report.
    extra : mapping of str to bytes, optional
        More files (name -> bytes) written after the kit's own.
    tidy : bool
        Remove the staging folder afterwards when empty (a corpus run keeps it
        for its next article and removes it at the end).
    stamp : str, optional
        Written last to :data:`MARKER`, followed by the size and name of every
        file written (corpus runs: the result's key).

    The folder is checked first (:func:`check_article_folder`): an unsafe id
    is a ``ValueError``; a symbolic link or someone else's folder in the way is
    an :class:`~analysis.intake.InputError`, and nothing is written.

    Examples
    --------
    >>> import tempfile
    >>> from analysis.article import analyse_text
    >>> res = analyse_text("Le maire de Lyon a parlé hier.", article_id="lyon")
    >>> folder = write_article(res, tempfile.mkdtemp(), figures=False, report=False)
    >>> sorted(p.name for p in folder.iterdir())[:3]
    ['actors.csv', 'actors.parquet', 'agency.csv']
    """
    out_dir = Path(out_dir)
    folder = check_article_folder(out_dir, result.article_id)

    def write_files(target: Path, write) -> None:
        _write_article_files(result, target, write, figures, report, lang, extra, stamp)

    if folder.exists():
        write_files(folder, atomic_write_bytes)
    else:
        _write_new_folder(out_dir, result.article_id, write_files, tidy=tidy)
    return folder


def _write_new_folder(out_dir: Path, article_id: str, write_files, *, tidy: bool) -> None:
    """Assemble the article's new folder under :data:`STAGING`, then rename it into place in one step.

    ``write_files(target, write)`` writes the article's files into ``target``;
    ``tidy`` removes the staging folder afterwards when empty.
    """
    folder = out_dir / article_id
    staging = out_dir / STAGING / str(os.getpid())  # one per process: no shared directory lock
    stage = _new_stage(staging, article_id)
    try:
        write_files(stage, _plain_write)
        os.chmod(stage, 0o755)  # mkdtemp makes it private
        try:
            os.rename(stage, folder)
        except OSError:
            if not folder.is_dir():
                raise
            # created meanwhile by someone else: update it file by file instead
            check_article_folder(out_dir, article_id)
            write_files(folder, atomic_write_bytes)
    finally:
        if stage.exists():
            shutil.rmtree(stage, ignore_errors=True)
        if tidy:
            with contextlib.suppress(OSError):  # only when empty: other writers may be using it
                staging.rmdir()
                staging.parent.rmdir()


def _new_stage(staging: Path, article_id: str) -> Path:
    """A new private folder for one article under ``staging`` (made if missing)."""
    attempts = 3  # another writer may remove the empty staging folder meanwhile
    while True:
        staging.mkdir(parents=True, exist_ok=True)
        try:
            return Path(tempfile.mkdtemp(prefix=f"{article_id[:40]}.", dir=staging))
        except FileNotFoundError:
            attempts -= 1
            if not attempts:
                raise


def _plain_write(path: Path, data: bytes) -> Path:
    # Only used inside a private staging folder, which is renamed into place whole.
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(data)
    return path


def _write_article_files(result, folder: Path, plain: Callable[[Path, bytes], Path], figures: bool, report: bool,
                         lang: str, extra: Mapping[str, bytes] | None, stamp: str | None = None) -> None:
    """Write the article's files into ``folder`` with ``plain`` (a file writer), the marker last."""
    folder.mkdir(parents=True, exist_ok=True)
    sizes: dict[str, int] = {}

    def write(path: Path, data: bytes) -> Path:  # ``plain``, keeping each file's size for the marker
        sizes[path.relative_to(folder).as_posix()] = len(data)
        return plain(path, data)

    write_tables(result, folder, write=write)
    write(folder / "summary.json", summary_to_json(result.summary).encode("utf-8"))
    charts: dict[str, dict[str, bytes]] = {}
    if figures or report:
        from .figures import render_charts, write_figures  # matplotlib, only when figures are drawn

        formats = tuple(dict.fromkeys((*config.FIGURE_FORMATS, "png")))
        charts = render_charts(result.tables, lang=lang, formats=formats)
    if figures:
        write_figures({k: {f: v[f] for f in config.FIGURE_FORMATS} for k, v in charts.items()},
                      folder / "figures", write=write)
    if report:
        from .report import render_report  # matplotlib, only when a report is written

        html = render_report(result, {k: v["png"] for k, v in charts.items()}, lang=lang)
        write(folder / "report.html", html.encode("utf-8"))
    for name, data in (extra or {}).items():
        write(folder / name, data)
    if stamp is not None:  # last: a half-written folder never looks up to date
        listing = "".join(f"{size} {name}\n" for name, size in sorted(sizes.items()))
        plain(folder / MARKER, f"{stamp}{listing}".encode())
