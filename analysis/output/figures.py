"""Figures as files: the kit's matplotlib style and reproducible PNG, SVG and PDF bytes.

Figures are saved with their metadata stripped (no date, no software
version), a fixed SVG hash salt and a fixed dpi, so two runs give the same
bytes.  They are drawn on :class:`matplotlib.figure.Figure` objects created
here (never through pyplot), inside :func:`cadrage_style`, so exporting
changes no global matplotlib state and works without a display.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import matplotlib as mpl
import matplotlib.style
import pandas as pd
from matplotlib.figure import Figure

from .. import config
from ..intake import slugify
from ..viz import CHART_NAMES, article_charts
from .files import atomic_write_bytes

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
