"""Export: reproducible figures (PNG/SVG/PDF), style, write_article, byte-identical runs."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import matplotlib as mpl
import pandas as pd
import pytest
from PIL import Image

from analysis import config, viz
from analysis.output import export, figures, files
from analysis.viz import charts as viz_charts

ROOT = Path(__file__).resolve().parents[1]


def sample_figure():
    with figures.cadrage_style():
        fig = figures.new_figure((5, 3))
        viz.plot_tone_arc(pd.DataFrame({"sentence_id": [0, 1, 2], "polarity": [0.3, -0.5, 0.1],
                                        "is_quote": [False, True, False]}), ax=fig.subplots())
    return fig


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- figures -----------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_figure_bytes_identical_for_two_builds(fmt):
    a = figures.figure_bytes(sample_figure(), fmt)
    b = figures.figure_bytes(sample_figure(), fmt)
    assert a == b and len(a) > 1000


def test_no_date_or_software_in_figure_files():
    fig = sample_figure()
    png, svg, pdf = (figures.figure_bytes(fig, f) for f in ("png", "svg", "pdf"))
    assert png.startswith(b"\x89PNG") and b"Software" not in png and b"matplotlib" not in png.lower()
    assert b"<dc:date>" not in svg and b"Matplotlib v" not in svg
    assert b"/CreationDate" not in pdf and b"/Producer" not in pdf and b"/ModDate" not in pdf


def test_png_dpi_is_fixed():
    img = Image.open(io.BytesIO(figures.figure_bytes(sample_figure(), "png")))
    assert round(img.info["dpi"][0]) == config.FIGURE_DPI


def test_svg_identical_across_processes():
    """The SVG hash salt is fixed, so element ids do not change between processes."""
    code = ("import hashlib, pandas as pd\n"
            "from analysis import viz\nfrom analysis.output import figures\n"
            "with figures.cadrage_style():\n"
            "    fig = figures.new_figure((4, 3))\n"
            "    viz.plot_hedging(pd.DataFrame({'sentence_id': [0, 1, 2], 'hedged': [True, False, True]}),"
            " ax=fig.subplots())\n"
            "print(hashlib.sha256(figures.figure_bytes(fig, 'svg') + figures.figure_bytes(fig, 'pdf')"
            " + figures.figure_bytes(fig, 'png')).hexdigest())\n"
            "import sys; print('matplotlib.pyplot' in sys.modules)\n")
    outs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        outs.append(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                   check=True, env=env, cwd=ROOT).stdout.split())
    assert outs[0][0] == outs[1][0]
    assert outs[0][1] == "False"  # exporting never imported pyplot


def test_save_figure_formats_and_suffix(tmp_path):
    fig = sample_figure()
    paths = figures.save_figure(fig, tmp_path / "tone")
    assert [p.name for p in paths] == ["tone.png", "tone.svg", "tone.pdf"]
    assert figures.save_figure(fig, tmp_path / "only.svg") == [tmp_path / "only.svg"]
    assert [p.name for p in figures.save_figure(fig, tmp_path / "x", formats=("pdf",))] == ["x.pdf"]
    assert not list(tmp_path.glob(".*.tmp"))  # atomic: no temporary file left
    with pytest.raises(ValueError, match="unsupported figure format"):
        figures.figure_bytes(fig, "jpg")


def test_style_is_packaged_colour_blind_safe_and_scoped():
    assert figures.STYLE_PATH.is_file()
    before = mpl.rcParams["axes.prop_cycle"]
    with figures.cadrage_style():
        cycle = [c.lower() for c in mpl.rcParams["axes.prop_cycle"].by_key()["color"]]
        assert mpl.rcParams["svg.hashsalt"] == "cadrage"
        assert "DejaVu Sans" in mpl.rcParams["font.sans-serif"]
    # Okabe & Ito colours
    assert cycle[:4] == ["#0072b2", "#e69f00", "#009e73", "#d55e00"]
    assert mpl.rcParams["axes.prop_cycle"] == before  # restored


# --- write_article --------------------------------------------------------------------------

def tiny_result(article_id="tiny", **extra):
    s = pd.DataFrame({"article_id": article_id, "sentence_id": [0, 1], "paragraph_id": [0, 0],
                      "start": [0, 5], "end": [4, 9], "text": ["Bon.", "Mal."], "n_words": [1, 1],
                      "is_title": [False, False], "polarity": [0.7, -0.7], "subjectivity": [0.6, 0.6],
                      "n_scored": [1, 1]})
    return SimpleNamespace(article_id=article_id, tables={"sentences": s, **extra},
                           summary={"article_id": article_id, "title": "Tiny", "n_sentences": 2})


def test_backward_compatible_functions(tmp_path):
    df = pd.DataFrame({"a": [1, 2], "b": ["x", "é"]})
    assert files.table_to_csv(df) == "a,b\n1,x\n2,é\n"
    assert [p.name for p in files.write_table(df, tmp_path, "t")] == ["t.csv", "t.parquet"]
    assert pd.read_parquet(tmp_path / "t.parquet").equals(df)
    assert json.loads(files.summary_to_json({"x": float("nan"), "y": 0.1234567})) == {"x": None, "y": 0.123457}
    folder = export.write_article(tiny_result(), tmp_path)  # positional, as the CLI calls it
    assert folder == tmp_path / "tiny"
    names = {p.name for p in folder.iterdir()}
    assert {"sentences.csv", "sentences.parquet", "summary.json", "report.html", "figures"} <= names
    assert sorted(p.name for p in (folder / "figures").iterdir()) == [
        "polarity_subjectivity.png", "polarity_subjectivity.svg", "tone_arc.png", "tone_arc.svg"]


def test_write_article_without_figures_or_report(tmp_path):
    folder = export.write_article(tiny_result(), tmp_path, figures=False, report=False)
    assert not (folder / "figures").exists() and not (folder / "report.html").exists()


def test_stale_kit_figures_removed_other_files_kept(tmp_path):
    figs = tmp_path / "tiny" / "figures"
    export.write_article(tiny_result(), tmp_path, report=False)  # an earlier run
    (figs / "agency.png").write_bytes(b"old")      # a kit chart whose table is now missing
    (figs / "my_notes.png").write_bytes(b"mine")   # a user's file
    export.write_article(tiny_result(), tmp_path)
    assert not (figs / "agency.png").exists()
    assert (figs / "my_notes.png").read_bytes() == b"mine"


def test_a_failing_chart_is_skipped_with_a_warning(monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("odd table")

    monkeypatch.setattr(viz_charts, "plot_polarity_subjectivity", broken)
    with pytest.warns(RuntimeWarning, match="polarity_subjectivity.*odd table"):
        charts = figures.render_charts(tiny_result().tables, formats=("png",))
    assert list(charts) == ["tone_arc"]


def test_english_figures(tmp_path):
    fr = figures.render_charts(tiny_result().tables, formats=("svg",))
    en = figures.render_charts(tiny_result().tables, formats=("svg",), lang="en")
    assert fr["tone_arc"]["svg"] != en["tone_arc"]["svg"]
    export.write_article(tiny_result(), tmp_path, lang="en")
    assert "<html lang=\"en\">" in (tmp_path / "tiny" / "report.html").read_text(encoding="utf-8")


def test_sample_article_twice_identical_bytes(sample_result, tmp_path):
    a = export.write_article(sample_result, tmp_path / "run1")
    b = export.write_article(sample_result, tmp_path / "run2")
    ta, tb = tree_bytes(a), tree_bytes(b)
    assert ta.keys() == tb.keys()
    assert [k for k in ta if ta[k] != tb[k]] == []
    n_charts = len(viz.article_charts(sample_result.tables))
    figs = [k for k in ta if k.startswith("figures/")]
    assert len(figs) == 2 * n_charts  # PNG + SVG each
    for k, data in ta.items():  # no machine path in any output
        assert str(tmp_path).encode() not in data, k
        assert str(ROOT).encode() not in data, k


@pytest.mark.slow
def test_cli_report_twice_identical_and_enough_figures(tmp_path):
    """``python -m analysis report`` in two processes (different hash seeds): same bytes."""
    runs = []
    for i, seed in enumerate(("0", "123")):
        out = tmp_path / f"out{i}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-m", "analysis", "report", str(config.SAMPLE_ARTICLE),
                               "--out", str(out), "-q"], capture_output=True, text=True, env=env, cwd=ROOT)
        assert proc.returncode == 0, proc.stderr
        runs.append(tree_bytes(out / "us-turkey-s400-ukraine"))
    a, b = runs
    assert a.keys() == b.keys()
    diff = [k for k in a if a[k] != b[k]]
    assert diff == [], f"files differ between two runs: {diff}"
    pngs = [k for k in a if k.startswith("figures/") and k.endswith(".png")]
    svgs = [k for k in a if k.startswith("figures/") and k.endswith(".svg")]
    assert len(pngs) == len(svgs) >= 4 and "report.html" in a
    tables = {k.removesuffix(".csv") for k in a if k.endswith(".csv")}
    if {"evidence", "entities", "mentions", "quotes", "frames"} <= tables:
        assert len(pngs) >= 8, pngs
    digest = hashlib.sha256(b"".join(a[k] for k in sorted(a))).hexdigest()
    assert len(digest) == 64
