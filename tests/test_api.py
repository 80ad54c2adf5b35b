"""The public API in ``analysis/__init__.py``: every name resolves, and importing it is light."""

import subprocess
import sys

import pandas as pd

import analysis
from analysis import config


def test_every_public_name_resolves_to_what_its_module_defines():
    assert analysis.__all__ == sorted(set(analysis.__all__)) and len(analysis.__all__) >= 25
    for name in analysis.__all__:
        assert getattr(analysis, name) is not None, name
    assert analysis.plot_tone_arc.__name__ == "plot_tone_arc"
    assert callable(analysis.read_articles) and analysis.Settings().sentiment == config.DEFAULT_SENTIMENT


def test_no_public_name_shadows_a_module_of_the_package():
    # ``from analysis import viz`` must give the module, never a function of the same name
    import pkgutil
    modules = {m.name for m in pkgutil.iter_modules(analysis.__path__)}
    assert modules & set(analysis.__all__) == set()


def test_an_unknown_name_is_an_attribute_error():
    try:
        analysis.plot_everything  # noqa: B018
    except AttributeError as exc:
        assert "plot_everything" in str(exc)
    else:
        raise AssertionError("analysis.plot_everything resolved")


def test_importing_the_package_loads_neither_spacy_nor_matplotlib():
    code = ("import sys, analysis, analysis.config; "
            "print(sorted(m for m in ('spacy', 'matplotlib', 'pandas') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=config.PROJECT_ROOT)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_analyse_reads_and_analyses_files_as_the_cli_does(nlp, tmp_path):
    (tmp_path / "a.txt").write_text("Le ministre a parlé devant les députés. "
                                    "« Nous tiendrons bon face à la crise », a-t-il dit.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("La grève continue à Lyon. Les syndicats réclament des hausses de salaire.",
                                    encoding="utf-8")
    results = analysis.analyse(tmp_path)
    assert [r.article_id for r in results] == [a.article_id for a in analysis.read_articles(tmp_path)]
    assert all(isinstance(r.sentences, pd.DataFrame) and len(r.sentences) == 2 for r in results)
    assert results[0].tables["quotes"]["kind"].tolist() == ["direct"]
