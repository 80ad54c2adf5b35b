"""The benchmark scripts still run against the current API (figures printed, never asserted)."""

from __future__ import annotations

import importlib.util
import json
import sys

import pytest

from analysis import config


@pytest.fixture(autouse=True)
def _isolated_imports(monkeypatch):
    """The scripts put ``benchmarks/`` on ``sys.path`` and import ``run``: undone after each test."""
    monkeypatch.setattr(sys, "path", [*sys.path])
    yield
    sys.modules.pop("run", None)


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", config.PROJECT_ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_stages_prints_every_step(nlp, monkeypatch, capsys):
    stages = _load("stages")
    monkeypatch.setattr(sys, "argv", ["stages.py", "--articles", "4", "--rounds", "1"])
    stages.main()
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    steps = result["ms_per_article"]
    assert result["articles"] == 4
    assert {"clean", "parse", "sentences", "tone", "entities", "quotes", "hedging", "frames", "agency",
            "terms", "tables to Arrow", "Parquet parts"} <= set(steps)
    assert all(v > 0 for v in steps.values())
    assert 0 < result["ceiling_vs_floor"] < 1


def test_bench_corpus_is_real_french_prose():
    run = _load("run")
    arts = run.make_corpus(3)
    assert [a.article_id for a in arts] == ["bench-00000", "bench-00001", "bench-00002"]
    assert all("«" in a.text or " le " in a.text for a in arts)
    assert run.make_corpus(3)[1].text == arts[1].text  # fixed seed: the same corpus every run
