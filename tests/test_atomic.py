"""An interrupted run leaves no half-written table; a re-run tidies up and completes."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pandas as pd

from analysis import config
from analysis.cli import main


def _make_corpus(folder, n=16):
    body = max(config.SAMPLE_ARTICLE.read_text(encoding="utf-8").splitlines(), key=len)
    for i in range(n):
        (folder / f"a{i:02d}.txt").write_text(f"Dépêche {i}\n\n{body}\n", encoding="utf-8")


def test_killed_mid_run_leaves_only_whole_tables(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    _make_corpus(src)
    proc = subprocess.Popen([sys.executable, "-m", "analysis", "report", str(src), "--out", str(out), "--no-cache",
                             "--no-figures", "-q"], cwd=config.PROJECT_ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and len(list(out.glob("*/summary.json"))) < 3:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    written = list(out.glob("*/*.csv"))
    assert written, "the run was killed before writing anything"
    for csv in written:  # every table under its final name is whole
        df = pd.read_csv(csv)
        assert df.columns[0] == "article_id"
    for pq in out.glob("*/*.parquet"):
        pd.read_parquet(pq)
    assert not (out / "corpus").exists()  # the corpus dataset appears only when complete

    assert main(["report", str(src), "--out", str(out), "--no-cache", "--no-figures", "-q"]) == 0
    assert not list(out.rglob(".*.tmp")) and not list(out.glob(".corpus.*"))
    assert len(list(out.glob("*/summary.json"))) == 16 and (out / "corpus" / "sentences").is_dir()


def test_a_rerun_keeps_files_the_kit_does_not_own(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    _make_corpus(src, 1)
    assert main(["report", str(src / "a00.txt"), "--out", str(out), "--no-cache", "--no-figures", "-q"]) == 0
    notes = out / "a00" / "mes-notes.txt"
    notes.write_text("à garder", encoding="utf-8")
    assert main(["report", str(src / "a00.txt"), "--out", str(out), "--no-cache", "--no-figures", "-q"]) == 0
    assert notes.read_text(encoding="utf-8") == "à garder"
