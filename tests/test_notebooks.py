"""Notebooks: committed clean and in sync with their py:percent pair; all three run on the sample.

Execution uses nbclient with a kernel spec written to a temporary folder that
points at *this* interpreter (``sys.executable``), so the test runs the venv's
Python even when a user-level ``python3`` kernel points elsewhere.  Parameters
are injected papermill-style (a cell after the one tagged ``parameters``);
every output goes to ``tmp_path``: nothing is written under ``notebooks/`` or
``data/``.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

import nbformat
import pytest

from analysis import config

ROOT = Path(__file__).resolve().parents[1]
NB_DIR = ROOT / "notebooks"
NAMES = ["01_tone_and_framing", "02_compare_articles", "03_validate_tone"]
#: Modules a notebook may import: presentation only, the analysis lives in ``analysis``.
ALLOWED_IMPORTS = {"analysis", "matplotlib", "pandas", "IPython", "pathlib"}


def cells_of(nb):
    return [(c.cell_type, c.source.strip(), tuple(c.metadata.get("tags", ()))) for c in nb.cells]


@pytest.mark.parametrize("name", NAMES)
def test_committed_without_outputs_and_in_sync(name):
    import jupytext

    ipynb = nbformat.read(NB_DIR / f"{name}.ipynb", as_version=4)
    nbformat.validate(ipynb)  # a valid notebook JupyterLab can open
    py = jupytext.read(NB_DIR / f"{name}.py")
    for cell in ipynb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{name}: outputs committed"
    assert cells_of(ipynb) == cells_of(py), f"{name}.ipynb and {name}.py differ: run jupytext --sync"
    assert ipynb.metadata["kernelspec"]["name"] == "python3"
    assert "py:percent" in ipynb.metadata["jupytext"]["formats"]
    # machine-specific, like outputs: `make lab` fills it in from the kernel (jupyter/jupyter_server_config.py)
    assert "language_info" not in ipynb.metadata, f"{name}: language_info committed"


#: The default input of each notebook (in its ``parameters`` cell).
DEFAULT_INPUTS = {"01_tone_and_framing": "config.SAMPLE_ARTICLE",
                  "02_compare_articles": 'config.RAW_DIR / "comparison" / "articles.csv"',
                  "03_validate_tone": "config.SAMPLE_ARTICLE"}


@pytest.mark.parametrize("name", NAMES)
def test_parameters_cell_and_no_logic_in_notebooks(name):
    nb = nbformat.read(NB_DIR / f"{name}.ipynb", as_version=4)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", ())]
    assert len(params) == 1
    assert DEFAULT_INPUTS[name] in params[0].source
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        for node in ast.walk(tree):
            assert not isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.Lambda)), \
                f"{name}: analysis logic belongs in analysis/, not in a notebook"
            if isinstance(node, ast.Import):
                mods = {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                mods = {(node.module or "").split(".")[0]}
            else:
                continue
            assert mods <= ALLOWED_IMPORTS, f"{name}: imports {mods - ALLOWED_IMPORTS}"


# --- execution -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def kernel_name(tmp_path_factory):
    """A kernel spec for this interpreter, found first through JUPYTER_PATH."""
    import os

    base = tmp_path_factory.mktemp("jupyter")
    spec = base / "kernels" / "cadrage-test"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Cadrage test", "language": "python"}), encoding="utf-8")
    old = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = str(base) + (os.pathsep + old if old else "")
    yield "cadrage-test"
    if old is None:
        os.environ.pop("JUPYTER_PATH", None)
    else:
        os.environ["JUPYTER_PATH"] = old


def inject(nb, params: dict):
    """Papermill-style: a cell after the ``parameters`` cell overriding its values."""
    idx = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", ()))
    src = "\n".join(f"{k} = {v!r}" for k, v in params.items())
    cell = nbformat.v4.new_code_cell(src, metadata={"tags": ["injected-parameters"]})
    nb.cells.insert(idx + 1, cell)
    return nb


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run(name: str, kernel: str, workdir: Path, params: dict):
    from nbclient import NotebookClient

    nb = inject(nbformat.read(NB_DIR / f"{name}.ipynb", as_version=4), params)
    NotebookClient(nb, kernel_name=kernel, timeout=600, allow_errors=False,
                   resources={"metadata": {"path": str(workdir)}}).execute()
    nbformat.write(nb, workdir / f"{name}.executed.ipynb")
    return nb


def run_papermill(name: str, kernel: str, workdir: Path, params: dict):
    """Run a notebook through papermill itself (parameters as ``-p``/``-y`` give them)."""
    import papermill

    return papermill.execute_notebook(str(NB_DIR / f"{name}.ipynb"), str(workdir / f"{name}.papermill.ipynb"),
                                      parameters=params, kernel_name=kernel, cwd=str(workdir),
                                      progress_bar=False, log_output=False)


def outputs(nb, mime: str) -> int:
    return sum(1 for c in nb.cells if c.cell_type == "code"
               for o in c.get("outputs", []) if mime in o.get("data", {}))


def errors_or_warnings(nb) -> list[str]:
    out = []
    for c in nb.cells:
        for o in c.get("outputs", []):
            if o.get("output_type") == "error":
                out.append(o.get("ename", "error"))
            if o.get("output_type") == "stream" and o.get("name") == "stderr" and "Warning" in o.get("text", ""):
                out.append(o["text"][:300])
    return out


@pytest.fixture(scope="module")
def guarded():
    """Fail if a notebook run writes under notebooks/ or data/."""
    watched = [NB_DIR, ROOT / "data"]
    before = [snapshot(p) for p in watched]
    yield
    assert [snapshot(p) for p in watched] == before, "a notebook wrote into notebooks/ or data/"


@pytest.mark.slow
def test_01_tone_and_framing_runs(kernel_name, tmp_path, guarded):
    out = tmp_path / "out"
    nb = run("01_tone_and_framing", kernel_name, tmp_path, {"out_dir": str(out)})
    assert errors_or_warnings(nb) == []
    assert outputs(nb, "image/png") >= 10           # every chart cell rendered an image
    assert outputs(nb, "text/html") >= 3            # highlighted text and tables
    folder = out / "us-turkey-s400-ukraine"
    assert (folder / "report.html").is_file()
    figs = sorted(p.name for p in (folder / "figures").iterdir())
    assert "tone_arc.png" in figs and "tone_arc.svg" in figs and "tone_arc_publication.pdf" in figs


@pytest.mark.slow
def test_01_with_a_list_of_inputs_through_papermill(kernel_name, tmp_path, guarded):
    """``papermill -y 'input_path: [a.txt, corpus.csv]' -p article_id ID``: the chosen article."""
    corpus = config.RAW_DIR / "comparison" / "articles.csv"
    nb = run_papermill("01_tone_and_framing", kernel_name, tmp_path,
                       {"input_path": [str(config.SAMPLE_ARTICLE), str(corpus)], "article_id": "echo-greve-0312",
                        "out_dir": str(tmp_path / "out")})
    assert errors_or_warnings(nb) == []
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["echo-greve-0312"]
    page = (tmp_path / "out" / "echo-greve-0312" / "report.html").read_text(encoding="utf-8")
    assert "L&#x27;Écho Populaire" in page and "En bref" in page


@pytest.mark.slow
def test_02_compares_the_bundled_corpus_given_as_a_list_through_papermill(kernel_name, tmp_path, guarded):
    """``papermill -p inputs '["data/raw/comparison"]'``: a list written as text, as ``-p`` passes it."""
    import pandas as pd

    folder = config.RAW_DIR / "comparison"
    nb = run_papermill("02_compare_articles", kernel_name, tmp_path,
                       {"inputs": json.dumps([str(folder)]), "out_dir": str(tmp_path / "out")})
    assert errors_or_warnings(nb) == []
    comparison = pd.read_csv(tmp_path / "out" / "comparison.csv")
    expected = pd.read_csv(folder / "articles.csv")
    assert comparison["article_id"].tolist() == expected["id"].tolist()
    assert comparison["outlet"].nunique() >= 2 and comparison["date"].nunique() >= 2
    assert outputs(nb, "image/png") >= 6  # measures, sources, frames, entities, keyness bars and scatter
    # the keyness cells drew one panel per outlet and named distinctive terms
    cell = next(c for c in nb.cells if c.cell_type == "code" and "keyness.top_terms(" in c.source)
    html = "".join(o.get("data", {}).get("text/html", "") for o in cell.outputs)
    assert sum(o in html for o in expected["outlet"].unique()) == expected["outlet"].nunique()


@pytest.mark.slow
def test_03_validate_tone_runs_on_the_worked_example(kernel_name, tmp_path, guarded):
    import pandas as pd

    nb = run("03_validate_tone", kernel_name, tmp_path, {"out_dir": str(tmp_path / "out")})
    assert errors_or_warnings(nb) == []
    sheet = pd.read_csv(tmp_path / "out" / "us-turkey-s400-ukraine.coding_sheet.csv", keep_default_na=False)
    assert list(sheet.columns) == ["article_id", "sentence_id", "text", "coder_a", "coder_b"]
    assert (sheet["coder_a"] == "").all()
    # the agreement table lists every pair of coders and methods
    n_raters = 2 + len(config.SENTIMENT_METHODS)
    cell = next(c for c in nb.cells if c.cell_type == "code" and "validation.agreement(" in c.source)
    cell = nb.cells[nb.cells.index(cell) + 1] if not cell.outputs else cell
    html = "".join(o.get("data", {}).get("text/html", "") for o in cell.outputs)
    assert "alpha_ordinal" in html
    assert html.count("<tr") == 1 + n_raters * (n_raters - 1) // 2
    assert outputs(nb, "image/png") >= 1
    # section 5: a model learned from coded units, cross-validated beside the dictionaries, saved, used
    model = json.loads((tmp_path / "out" / "modele_ton.json").read_text(encoding="utf-8"))
    assert model["training"]["n"] >= 200 and model["training"]["cross_validated"][0]["method"] == "learned"
    cell = next(c for c in nb.cells if c.cell_type == "code" and c.source.strip().endswith("cross_validated"))
    html = "".join(o.get("data", {}).get("text/html", "") for o in cell.outputs)
    assert "learned" in html and all(m in html for m in config.SENTIMENT_METHODS)
