"""The report command: outputs, exit codes, one-line errors, nothing written to the inputs."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pandas as pd
import pytest

from analysis import config
from analysis.cli import main


def _digest(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def cli_report(tmp_path_factory):
    """``python -m analysis report`` on the bundled article, in a real subprocess."""
    out = tmp_path_factory.mktemp("reports")
    before = _digest(config.RAW_DIR)
    proc = subprocess.run([sys.executable, "-m", "analysis", "report", str(config.SAMPLE_ARTICLE), "--out", str(out),
                           "--cache-dir", str(out.parent / "cache")],
                          capture_output=True, text=True, cwd=config.PROJECT_ROOT, timeout=600)
    return proc, out, before


def test_report_writes_the_article_folder(cli_report):
    proc, out, _ = cli_report
    assert proc.returncode == 0, proc.stderr
    folder = out / "us-turkey-s400-ukraine"
    for name in ["sentences.csv", "sentences.parquet", "removed.csv", "summary.json"]:
        assert (folder / name).is_file(), name
    s = pd.read_csv(folder / "sentences.csv")
    assert {"article_id", "sentence_id", "paragraph_id", "start", "end", "text", "n_words"} <= set(s.columns)
    assert s["sentence_id"].tolist() == list(range(len(s)))
    pq = pd.read_parquet(folder / "sentences.parquet")
    assert pq["text"].tolist() == s["text"].tolist()
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["article_id"] == "us-turkey-s400-ukraine"
    assert summary["source"] == "us-turkey-s400-ukraine.txt"
    assert summary["n_sentences"] == len(s) and summary["n_words"] == s["n_words"].sum()
    assert summary["n_removed"] == len(pd.read_csv(folder / "removed.csv"))
    assert str(config.PROJECT_ROOT) not in (folder / "summary.json").read_text(encoding="utf-8")


def test_report_leaves_raw_data_byte_identical(cli_report):
    _, _, before = cli_report
    assert _digest(config.RAW_DIR) == before


def test_offsets_point_into_the_cleaned_text(cli_report, sample_result):
    _, out, _ = cli_report
    s = pd.read_csv(out / "us-turkey-s400-ukraine" / "sentences.csv")
    text = sample_result.cleaned.text
    assert all(text[a:b] == t for a, b, t in zip(s["start"], s["end"], s["text"]))


def _run(argv, capsys, tmp_path=None):
    if argv and argv[0] == "report":
        argv = [*argv, "--no-cache"]
    code = main(argv)
    err = capsys.readouterr().err
    return code, [ln for ln in err.splitlines() if ln.startswith("cadrage: error")], err


def test_bad_inputs_give_one_line_errors_and_exit_2(tmp_path, capsys):
    empty = tmp_path / "vide.txt"
    empty.write_bytes(b"")
    pdf = tmp_path / "doc.pdf.txt"
    pdf.write_bytes(b"%PDF-1.4 binary")
    code, errors, err = _run(["report", str(empty), str(pdf), str(tmp_path / "absent.txt"), "--out",
                              str(tmp_path / "out"), "-q"], capsys)
    assert code == 2
    assert errors == [f"cadrage: error: {empty}: the file is empty",
                      f"cadrage: error: {pdf}: this is a PDF; export its text (or save the web page as HTML) first",
                      f"cadrage: error: {tmp_path / 'absent.txt'}: no such file or folder"]
    assert "Traceback" not in err


def test_a_bad_file_does_not_stop_the_good_ones(tmp_path, capsys):
    good = tmp_path / "bon article.txt"
    good.write_text("Le maire a annoncé la fermeture de l'usine. Les salariés sont inquiets.", encoding="utf-8")
    bad = tmp_path / "binaire.txt"
    bad.write_bytes(bytes(range(256)) * 8)
    out = tmp_path / "out"
    code, errors, _ = _run(["report", str(good), str(bad), "--out", str(out), "-q"], capsys)
    assert code == 2 and len(errors) == 1 and "binaire.txt: looks like binary data" in errors[0]
    assert (out / "bon-article" / "sentences.csv").is_file()


@pytest.mark.parametrize("where", ["raw", "inside-input", "file"])
def test_refuses_bad_output_folders(tmp_path, capsys, where):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "a.txt").write_text("Le maire a parlé.", encoding="utf-8")
    target = {"raw": config.RAW_DIR / "out", "inside-input": inp / "out", "file": inp / "a.txt"}[where]
    code, errors, _ = _run(["report", str(inp), "--out", str(target), "-q"], capsys)
    assert code == 2 and len(errors) == 1
    assert not (config.RAW_DIR / "out").exists()


def test_duplicate_stems_do_not_overwrite_each_other(tmp_path, capsys):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "article.txt").write_text(f"Le maire de la ville {sub} a parlé.", encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = _run(["report", str(tmp_path / "a" / "article.txt"), str(tmp_path / "b" / "article.txt"),
                         "--out", str(out), "-q"], capsys)
    assert code == 0 and sorted(p.name for p in out.iterdir()) == ["article", "article--2", "corpus"]
    assert "the id 'article' is already taken; written as 'article--2'" in err


def test_help_lists_the_report_command(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0 and "report" in capsys.readouterr().out
