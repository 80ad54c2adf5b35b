"""Writing results: tables (CSV + Parquet), ``summary.json``, figures and ``report.html``, atomically.

Every file is written to a temporary name in the target folder and renamed
into place, so an interrupted run never leaves a half-written table.  Output
is deterministic: no timestamps, no absolute paths, stable row and key order,
and figures saved with their metadata stripped (no date, no software
version), a fixed SVG hash salt and a fixed dpi, so two runs give the same
bytes.

Figures are drawn on :class:`matplotlib.figure.Figure` objects created here
(never through pyplot), inside :func:`cadrage_style`, so exporting changes no
global matplotlib state and works without a display.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from . import config
from .intake import InputError, is_safe_id, slugify

#: The kit's matplotlib style (colour-blind-safe palette, DejaVu Sans).
STYLE_PATH = config.RESOURCES_DIR / "cadrage.mplstyle"
#: rcParams that make saved files reproducible, set around every save.
DETERMINISTIC_RC = {"svg.hashsalt": "cadrage", "svg.fonttype": "path", "pdf.fonttype": 3}
#: Metadata removed (or fixed) per format, so no date or version enters a file.
SAVE_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
}
#: Formats :func:`save_figure` writes by default.
SAVE_FORMATS = ("png", "svg", "pdf")


def _resolved(path: Path, what: str) -> Path:
    try:
        return Path(path).resolve()
    except RuntimeError:  # Python 3.11 says "Symlink loop" this way
        raise InputError(path, f"the {what} is a symbolic link loop (the link leads back to itself)") from None
    except (OSError, ValueError) as exc:
        raise InputError(path, f"the {what} is not a usable path ({exc})") from None


def _overlap(a: Path, b: Path) -> str | None:
    """How folder ``a`` overlaps path ``b``: ``"is"``, ``"inside"``, ``"contains"`` or None."""
    if a == b:
        return "is"
    if b in a.parents:
        return "inside"
    if a in b.parents:
        return "contains"
    return None


def check_output_paths(out: str | Path, inputs: Iterable[str | Path] = (), *,
                       cache: str | Path | None = None) -> None:
    """Refuse an output or cache folder that could touch the user's data.

    ``out`` (and ``cache``) must not be, contain, or lie inside any input (file
    or folder) or ``data/raw``, and must not overlap each other; ``out`` must
    not be a file.  Paths are compared after symbolic links are resolved.
    Raises :class:`~analysis.intake.InputError` with one line saying why.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> (d / "corpus").mkdir()
    >>> check_output_paths(d, [d / "corpus"])
    Traceback (most recent call last):
    ...
    analysis.intake.errors.InputError: ...: refusing to write here: this output folder contains the input ...
    >>> check_output_paths(d / "reports", [d / "corpus"])
    """
    out = Path(out)
    folders = [(out, "output folder", _resolved(out, "output folder"))]
    if cache is not None:
        folders.append((Path(cache), "cache folder", _resolved(Path(cache), "cache folder")))
    if out.is_symlink() and not out.exists():
        raise InputError(out, "the output folder is a broken symbolic link")
    if out.exists() and not out.is_dir():
        raise InputError(out, "the output path is a file, not a folder")
    guarded = []
    for inp in inputs:
        try:
            guarded.append((Path(inp).resolve(), f"the input {inp}"))
        except (RuntimeError, OSError, ValueError):
            continue  # a broken input is reported when it is read
    guarded.append((_resolved(config.RAW_DIR, "data/raw folder"), "data/raw (raw data is immutable)"))
    for given, what, real in folders:
        for other, name in guarded:
            how = _overlap(real, other)
            if how == "is":
                raise InputError(given, f"refusing to write here: this {what} is {name}")
            if how == "inside":
                raise InputError(given, f"refusing to write inside {name}; choose another {what}")
            if how == "contains":
                raise InputError(given, f"refusing to write here: this {what} contains {name}; "
                                        "choose a folder outside the inputs")
    if cache is not None and _overlap(folders[0][2], folders[1][2]):
        raise InputError(cache, f"the cache folder and the output folder {out} overlap; "
                                "choose a cache folder outside it (or --no-cache)")


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file and ``os.replace``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> atomic_write_bytes(p, b"ok").read_bytes()
    b'ok'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def atomic_write_text(path: str | Path, text: str) -> Path:
    """UTF-8 text version of :func:`atomic_write_bytes` (``\\n`` line ends)."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def table_to_csv(df: pd.DataFrame) -> str:
    """A table as CSV text (UTF-8, ``\\n`` line ends, no index).

    Examples
    --------
    >>> table_to_csv(pd.DataFrame({"a": [1], "b": ["é"]}))
    'a,b\\n1,é\\n'
    """
    return df.to_csv(index=False, lineterminator="\n")


def table_to_parquet(df: pd.DataFrame, *, compression: str = "none") -> bytes:
    """A table as Parquet bytes (pyarrow, no index).

    One article's tables are small: their Parquet files are mostly schema and
    metadata, and zstd saved under 8% of their size for twice the time, so
    they are left uncompressed.  The corpus dataset's parts use ``"zstd"``.

    Examples
    --------
    >>> data = table_to_parquet(pd.DataFrame({"a": [1, 2]}))
    >>> data[:4], pd.read_parquet(io.BytesIO(data))["a"].tolist()
    (b'PAR1', [1, 2])
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(df, preserve_index=False)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression=compression)
    return sink.getvalue().to_pybytes()


def write_table(df: pd.DataFrame, folder: str | Path, name: str, formats=("csv", "parquet")) -> list[Path]:
    """Write one table as ``name.csv`` and ``name.parquet`` in ``folder``."""
    folder = Path(folder)
    out = []
    if "csv" in formats:
        out.append(atomic_write_text(folder / f"{name}.csv", table_to_csv(df)))
    if "parquet" in formats:
        out.append(atomic_write_bytes(folder / f"{name}.parquet", table_to_parquet(df)))
    return out


def write_tables(result, folder: str | Path, *, write=atomic_write_bytes) -> list[Path]:
    """Write every table of a result as CSV and Parquet in ``folder``.

    Bytes already encoded for the cache or by a worker (``result.parquet``,
    ``result.csv``) are written as they are, not encoded again.  ``write`` is
    the file writer (atomic by default).
    """
    folder = Path(folder)
    encoded = getattr(result, "parquet", None) or {}
    csvs = getattr(result, "csv", None) or {}
    out = []
    for name in (encoded or result.tables):  # encoded names: no table is decoded just to be written
        csv = csvs.get(name)
        out.append(write(folder / f"{name}.csv",
                         csv if csv is not None else table_to_csv(result.tables[name]).encode("utf-8")))
        data = encoded.get(name)
        out.append(write(folder / f"{name}.parquet",
                         data if data is not None else table_to_parquet(result.tables[name])))
    return out


def _jsonable(obj: Any):
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if hasattr(obj, "item") and not isinstance(obj, (str, bytes)):
        obj = obj.item()  # numpy scalars
    if isinstance(obj, float):
        return None if obj != obj else round(obj, 6)
    return obj


def summary_to_json(summary: dict) -> str:
    """Deterministic JSON text of a summary (floats rounded to 6 places, NaN -> null).

    Examples
    --------
    >>> summary_to_json({"b": 1, "a": float("nan")})
    '{\\n  "b": 1,\\n  "a": null\\n}\\n'
    """
    return json.dumps(_jsonable(summary), ensure_ascii=False, indent=2) + "\n"


@contextlib.contextmanager
def cadrage_style() -> Iterator[None]:
    """Apply the kit's style and the reproducibility settings inside a ``with`` block.

    The previous ``rcParams`` come back on exit (``matplotlib.style.context``).

    Examples
    --------
    >>> import matplotlib as mpl
    >>> with cadrage_style():
    ...     mpl.rcParams["svg.hashsalt"]
    'cadrage'
    """
    import matplotlib as mpl
    import matplotlib.style

    with matplotlib.style.context(str(STYLE_PATH)), mpl.rc_context(DETERMINISTIC_RC):
        yield


def new_figure(figsize: tuple[float, float] | None = None):
    """A :class:`matplotlib.figure.Figure` not registered with pyplot (no global state).

    Examples
    --------
    >>> fig = new_figure((4, 3))
    >>> tuple(fig.get_size_inches())
    (np.float64(4.0), np.float64(3.0))
    """
    from matplotlib.figure import Figure

    return Figure(figsize=figsize)


def figure_bytes(fig, fmt: str = "png", *, dpi: int = config.FIGURE_DPI) -> bytes:
    """The bytes of ``fig`` saved as ``fmt`` (png, svg or pdf), reproducibly.

    Fixed dpi, tight bounding box, white background, metadata stripped, fixed
    SVG hash salt: the same figure gives the same bytes on every run.

    Examples
    --------
    >>> fig = new_figure((2, 2)); _ = fig.subplots().plot([0, 1])
    >>> figure_bytes(fig, "png")[:4], figure_bytes(fig, "svg") == figure_bytes(fig, "svg")
    (b'\\x89PNG', True)
    """
    import matplotlib as mpl

    fmt = fmt.lower().lstrip(".")
    if fmt not in SAVE_METADATA:
        raise ValueError(f"unsupported figure format {fmt!r} (use one of {', '.join(SAVE_METADATA)})")
    buf = io.BytesIO()
    with mpl.rc_context(DETERMINISTIC_RC):
        fig.savefig(buf, format=fmt, dpi=dpi, bbox_inches="tight", pad_inches=0.1,
                    facecolor="white", metadata=SAVE_METADATA[fmt])
    return buf.getvalue()


def save_figure(fig, path: str | Path, formats: Iterable[str] | None = None, *,
                dpi: int = config.FIGURE_DPI) -> list[Path]:
    """Save ``fig`` reproducibly (see :func:`figure_bytes`), atomically, in several formats.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    path : str or Path
        ``figures/tone_arc`` (one file per format: ``tone_arc.png``, ...) or a
        file name with its suffix (``tone_arc.svg``), which alone sets the
        format when ``formats`` is not given.
    formats : iterable of str, optional
        Default :data:`SAVE_FORMATS` (png, svg, pdf).
    dpi : int
        Default :data:`analysis.config.FIGURE_DPI`.

    Returns
    -------
    list of Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> fig = new_figure((2, 2)); _ = fig.subplots().plot([0, 1])
    >>> [p.name for p in save_figure(fig, pathlib.Path(tempfile.mkdtemp()) / "f")]
    ['f.png', 'f.svg', 'f.pdf']
    """
    path = Path(path)
    suffix = path.suffix.lower().lstrip(".")
    if formats is None:
        formats = (suffix,) if suffix in SAVE_METADATA else SAVE_FORMATS
    stem = path.with_suffix("") if suffix in SAVE_METADATA else path
    return [atomic_write_bytes(stem.parent / f"{stem.name}.{fmt}", figure_bytes(fig, fmt, dpi=dpi))
            for fmt in formats]


def render_charts(tables: Mapping[str, pd.DataFrame], *, lang: str = "fr",
                  formats: Iterable[str] = config.FIGURE_FORMATS,
                  dpi: int = config.FIGURE_DPI) -> dict[str, dict[str, bytes]]:
    """Draw every chart the tables allow (:func:`analysis.viz.article_charts`) to bytes.

    Returns ``{chart name: {format: bytes}}`` in report order.  A chart that
    fails to draw is left out with a warning naming it, so one odd table
    cannot cost the whole report.

    Examples
    --------
    >>> s = pd.DataFrame({"sentence_id": [0, 1], "polarity": [0.2, -0.1]})
    >>> out = render_charts({"sentences": s}, formats=("png",))
    >>> list(out), list(out["tone_arc"])
    (['tone_arc'], ['png'])
    """
    from .viz import article_charts

    formats = tuple(formats)
    out: dict[str, dict[str, bytes]] = {}
    with cadrage_style():
        for chart in article_charts(tables, lang=lang):
            fig = new_figure(chart.figsize)
            try:
                chart.draw(fig.subplots())
                out[chart.name] = {fmt: figure_bytes(fig, fmt, dpi=dpi) for fmt in formats}
            except Exception as exc:  # noqa: BLE001 - reported, the other charts still go out
                warnings.warn(f"chart {chart.name!r} not drawn: {type(exc).__name__}: {exc}",
                              RuntimeWarning, stacklevel=2)
    return out


def write_figures(charts: Mapping[str, Mapping[str, bytes]], folder: str | Path, *,
                  write=atomic_write_bytes) -> list[Path]:
    """Write rendered charts to ``folder`` as ``<name>.<format>``.

    Kit figures of an earlier run that this run did not draw (a chart whose
    table is now missing) are removed, so the folder matches the tables;
    other files are left alone.
    """
    from .viz import CHART_NAMES

    folder = Path(folder)
    written = []
    for name, by_fmt in charts.items():
        stem = slugify(name).replace("-", "_")  # chart names are already safe; belt and braces
        for fmt, data in by_fmt.items():
            written.append(write(folder / f"{stem}.{fmt}", data))
    keep = {p.name for p in written}
    for name in CHART_NAMES:
        for fmt in SAVE_METADATA:
            old = folder / f"{name}.{fmt}"
            if old.name not in keep and old.is_file():
                old.unlink()
    return written


def _plain_write(path: Path, data: bytes) -> Path:
    # Only used inside a private staging folder, which is renamed into place whole.
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(data)
    return path


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
    if folder.exists():
        _write_article_files(result, folder, atomic_write_bytes, figures, report, lang, extra, stamp)
        return folder
    staging = out_dir / STAGING / str(os.getpid())  # one per process: no shared directory lock
    for attempt in range(3):  # another writer may remove the empty staging folder meanwhile
        staging.mkdir(parents=True, exist_ok=True)
        try:
            stage = Path(tempfile.mkdtemp(prefix=f"{result.article_id[:40]}.", dir=staging))
            break
        except FileNotFoundError:
            if attempt == 2:
                raise
    try:
        _write_article_files(result, stage, _plain_write, figures, report, lang, extra, stamp)
        os.chmod(stage, 0o755)  # mkdtemp makes it private
        try:
            os.rename(stage, folder)
        except OSError:
            if not folder.is_dir():
                raise
            # created meanwhile by someone else: update it file by file instead
            check_article_folder(out_dir, result.article_id)
            _write_article_files(result, folder, atomic_write_bytes, figures, report, lang, extra, stamp)
    finally:
        if stage.exists():
            shutil.rmtree(stage, ignore_errors=True)
        if tidy:
            with contextlib.suppress(OSError):  # only when empty: other writers may be using it
                staging.rmdir()
                staging.parent.rmdir()
    return folder


def _write_article_files(result, folder: Path, write, figures: bool, report: bool, lang: str,
                         extra: Mapping[str, bytes] | None, stamp: str | None = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    sizes: dict[str, int] = {}
    plain = write

    def write(path: Path, data: bytes) -> Path:  # noqa: F811 - the same writer, keeping each file's size
        sizes[path.relative_to(folder).as_posix()] = len(data)
        return plain(path, data)

    write_tables(result, folder, write=write)
    write(folder / "summary.json", summary_to_json(result.summary).encode("utf-8"))
    charts: dict[str, dict[str, bytes]] = {}
    if figures or report:
        formats = tuple(dict.fromkeys((*config.FIGURE_FORMATS, "png")))
        charts = render_charts(result.tables, lang=lang, formats=formats)
    if figures:
        write_figures({k: {f: v[f] for f in config.FIGURE_FORMATS} for k, v in charts.items()},
                      folder / "figures", write=write)
    if report:
        from .output.report import render_report

        html = render_report(result, {k: v["png"] for k, v in charts.items()}, lang=lang)
        write(folder / "report.html", html.encode("utf-8"))
    for name, data in (extra or {}).items():
        write(folder / name, data)
    if stamp is not None:  # last: a half-written folder never looks up to date
        listing = "".join(f"{size} {name}\n" for name, size in sorted(sizes.items()))
        plain(folder / MARKER, f"{stamp}{listing}".encode())
