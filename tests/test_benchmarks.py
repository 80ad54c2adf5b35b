"""The benchmark scripts still run against the current API (figures printed, never asserted)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

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


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="VmHWM is Linux's")
def test_peak_rss_is_the_child_process_own():
    # a child started from a large process once reported the parent's peak (ru_maxrss survives execve)
    run = _load("run")
    ballast = b"\1" * (300 * 2**20)  # written, so resident
    code = ("import importlib.util, sys; s = importlib.util.spec_from_file_location('r', sys.argv[1]); "
            "m = importlib.util.module_from_spec(s); s.loader.exec_module(m); print(m.peak_rss_mib())")
    out = subprocess.run([sys.executable, "-c", code, str(config.PROJECT_ROOT / "benchmarks" / "run.py")],
                         capture_output=True, text=True, check=True)
    child = float(out.stdout.strip().splitlines()[-1])
    assert run.peak_rss_mib() > 300
    assert 0 < child < 200, child
    del ballast
