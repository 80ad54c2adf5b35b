"""Corpus runs: the dataset first, identical whatever the workers, a cache that hits and invalidates."""

from __future__ import annotations

import hashlib
import random
import re

import pandas as pd
import pytest

from analysis import config, corpus
from analysis.cli import main
from analysis.context import Settings
from analysis.intake import Article
from analysis.tables import Tables


def _digest(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def folder24(tmp_path_factory):
    """24 articles made of shuffled sentences of the bundled article, plus a CSV with outlets."""
    text = config.SAMPLE_ARTICLE.read_text(encoding="utf-8")
    body = max(text.splitlines(), key=len)
    sents = re.split(r"(?<=[.!?»])\s+(?=[«A-ZÀ-Ý])", body)
    rng = random.Random(7)
    d = tmp_path_factory.mktemp("corpus24")
    for i in range(24):
        picked = rng.sample(sents, rng.randint(4, 12))
        (d / f"article-{i:02d}.txt").write_text(f"Dépêche {i} sur la Turquie et l'OTAN\n\n" + " ".join(picked) + "\n",
                                                encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def runs(folder24, tmp_path_factory):
    """24 articles (over PER_ARTICLE_MAX): 1 and 2 workers write the dataset alone; "per" adds the folders."""
    base = tmp_path_factory.mktemp("runs")
    codes = {}
    for name, extra in (("w1", ["--workers", "1"]), ("w2", ["--workers", "2"]), ("per", ["--per-article"])):
        codes[name] = main(["report", str(folder24), "--out", str(base / name), *extra, "--no-cache",
                            "--no-figures", "-q"])
    return base, codes


def test_one_and_two_workers_write_identical_files(runs):
    base, codes = runs
    assert codes == {"w1": 0, "w2": 0, "per": 0}
    d1, d2 = _digest(base / "w1"), _digest(base / "w2")
    assert d1 == d2
    assert sorted(p.name for p in (base / "w1").iterdir()) == ["corpus"]  # a large corpus: the dataset alone
    assert {k.split("/")[1] for k in d1 if k.endswith(".parquet")} >= {"sentences", "quotes", "summaries",
                                                                       corpus.ARTICLES_TABLE}


def test_corpus_dataset_holds_every_article_in_input_order(runs):
    base, _ = runs
    sents = pd.read_parquet(base / "w1" / "corpus" / "sentences")  # the researcher's one line
    summaries = corpus.read_corpus_table(base / "w1", "summaries")
    assert summaries["article_id"].tolist() == [f"article-{i:02d}" for i in range(24)]
    assert {"outlet", "date"} <= set(sents.columns)
    assert sents["article_id"].unique().tolist() == summaries["article_id"].tolist()
    per_article = pd.read_csv(base / "per" / "article-05" / "sentences.csv")
    assert sents.loc[sents["article_id"] == "article-05", "text"].tolist() == per_article["text"].tolist()


def test_per_article_folders_do_not_change_the_dataset(runs):
    base, _ = runs
    assert len(list((base / "per").glob("*/summary.json"))) == 24
    assert _digest(base / "per" / "corpus") == _digest(base / "w1" / "corpus")


def test_an_article_folder_written_later_from_the_dataset_is_the_one_a_run_writes(runs, tmp_path, capsys):
    import shutil

    base, _ = runs
    out = tmp_path / "out"
    shutil.copytree(base / "w1", out)
    assert main(["article", str(out), "article-05", "article-17", "--no-figures"]) == 0
    assert "article-17" in capsys.readouterr().err
    for aid in ("article-05", "article-17"):
        later, direct = out / aid, base / "per" / aid
        assert sorted(p.name for p in later.iterdir()) == sorted(p.name for p in direct.iterdir()
                                                                 if p.name != ".cadrage-key")
        for p in direct.glob("*.csv"):
            assert (later / p.name).read_bytes() == p.read_bytes(), p.name
        assert (later / "summary.json").read_bytes() == (direct / "summary.json").read_bytes()
        for p in direct.glob("*.parquet"):
            pd.testing.assert_frame_equal(pd.read_parquet(later / p.name), pd.read_parquet(p),
                                          check_dtype=False, obj=p.name)
    assert main(["article", str(out), "article-99"]) == 2
    assert "no article 'article-99' in the corpus dataset" in capsys.readouterr().err


def test_an_article_folder_from_the_dataset_has_its_report(runs, tmp_path):
    import shutil

    base, _ = runs
    out = tmp_path / "out"
    shutil.copytree(base / "w1", out)
    folder = next(corpus.write_article_folders(out, ["article-03"]))
    assert (folder / "report.html").stat().st_size > 10_000 and list((folder / "figures").glob("*.png"))


def test_csv_on_request_holds_the_whole_table(folder24, tmp_path):
    out = tmp_path / "out"
    assert main(["report", str(folder24), "--out", str(out), "--no-cache", "--no-figures", "--csv", "-q"]) == 0
    for table in ("sentences", "summaries", "quotes"):
        from_csv = pd.read_csv(out / "corpus" / f"{table}.csv", keep_default_na=False)
        from_parquet = pd.read_parquet(out / "corpus" / table)
        assert from_csv["article_id"].tolist() == from_parquet["article_id"].tolist()
    assert main(["report", str(folder24), "--out", str(tmp_path / "plain"), "--no-cache", "--no-figures", "-q"]) == 0
    assert not list((tmp_path / "plain" / "corpus").glob("*.csv"))


def test_csv_text_left_by_the_workers_is_redone_for_parts_rewritten_to_one_schema(tmp_path):
    # x is int64 in the first batch and double in the second: the dataset's x becomes double,
    # so the first part's CSV text, made by its worker from int64 ("1"), must be redone ("1.0")
    from types import SimpleNamespace as R

    def result(aid, x):
        return R(article_id=aid, tables=Tables({"t": pd.DataFrame({"article_id": [aid], "x": [x]})}), arrow={},
                 meta={"outlet": "Le Temps"}, summary={"n": 1}, key=None, parquet={}, csv={})

    writer = corpus.CorpusWriter(tmp_path, csv=True)
    parts = writer.open()
    for i, batch in enumerate([[result("a", 1)], [result("b", 2.5)]]):
        done = corpus.write_batch(i, corpus.arrow_tables(batch), tmp_path, parts_dir=parts, csv=True)
        assert (parts / corpus.CSV_PARTS / "t" / f"part-{i:05d}.csv").is_file()
        writer.parts[i] = done["part"]
        writer.rows += [r["row"] for r in done["records"]]
    target = writer.close()
    assert (target / "t.csv").read_text(encoding="utf-8").splitlines() == [
        "article_id,outlet,date,x", "a,Le Temps,,1.0", "b,Le Temps,,2.5"]
    assert (target / "summaries.csv").read_text(encoding="utf-8").splitlines() == [
        "outlet,date,n", "Le Temps,,1", "Le Temps,,1"]
    assert not (target / corpus.CSV_PARTS).exists()


def test_a_cached_rerun_reads_the_cache_and_writes_the_same_bytes(folder24, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    argv = ["report", str(folder24), "--cache-dir", str(cache), "--no-figures", "-q"]
    assert main([*argv, "--out", str(tmp_path / "a")]) == 0

    def boom(*_a, **_k):
        raise AssertionError("the cache should have answered")

    monkeypatch.setattr(corpus.batch, "analyse_batch", boom)
    assert main([*argv, "--out", str(tmp_path / "b")]) == 0
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")


def test_cache_key_changes_with_text_settings_and_versions(monkeypatch):
    a = Article("x", "Le ministre a parlé.", None, {"source": "x.txt"})
    k = corpus.cache_key(a, Settings())
    assert corpus.cache_key(Article("x", "Le ministre a menti.", None, {"source": "x.txt"}), Settings()) != k
    assert corpus.cache_key(a, Settings(sentiment="textblob-fr")) != k
    monkeypatch.setattr(corpus.cache, "versions_fingerprint", lambda: "another-model")
    assert corpus.cache_key(a, Settings()) != k


def test_a_damaged_cache_entry_is_recomputed(tmp_path, nlp):
    cache = corpus.Cache(tmp_path)
    art = Article("x", "Le maire de Lyon a parlé hier.", None, {"source": "x.txt"})
    first = [r for _, rs in corpus.run_corpus([art], cache=cache) for r in rs][0]
    key = corpus.cache_key(art, Settings())
    (tmp_path / key[:2] / f"{key}.parquet").write_bytes(b"garbage")
    again = [r for _, rs in corpus.run_corpus([art], cache=cache) for r in rs][0]
    pd.testing.assert_frame_equal(first.sentences, again.sentences)


def test_batches_do_not_depend_on_the_stream():
    assert [len(b) for b in corpus.executors._batches(range(19), 8)] == [8, 8, 3]


def test_a_small_run_gets_article_folders_and_a_large_one_the_dataset_alone(folder24, tmp_path):
    arts = [Article(p.stem, p.read_text(encoding="utf-8"), None, {"source": p.name})
            for p in sorted(folder24.iterdir())]
    small = arts[:corpus.PER_ARTICLE_MAX]
    assert all(r["ok"] for r in corpus.report_corpus(small, tmp_path / "small", figures=False))
    assert len(list((tmp_path / "small").glob("*/summary.json"))) == corpus.PER_ARTICLE_MAX
    large = arts[:corpus.PER_ARTICLE_MAX + 1]
    assert all(r["ok"] for r in corpus.report_corpus(large, tmp_path / "large", figures=False))
    assert sorted(p.name for p in (tmp_path / "large").iterdir()) == ["corpus"]
    summaries = corpus.read_corpus_table(tmp_path / "large", "summaries")
    assert len(summaries) == corpus.PER_ARTICLE_MAX + 1


def test_a_csv_corpus_gets_comparison_charts_by_outlet_and_date(tmp_path, folder24):
    import csv

    texts = [p.read_text(encoding="utf-8") for p in sorted(folder24.iterdir())[:6]]
    src = tmp_path / "corpus.csv"
    with open(src, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "date", "outlet", "text"])
        for i, t in enumerate(texts):
            w.writerow([f"n{i}", f"2022-03-0{1 + i % 2}", ["Le Monde", "Libération"][i % 2], t])
    out = tmp_path / "out"
    assert main(["report", str(src), "--out", str(out), "--no-cache", "--no-figures", "-q"]) == 0
    summaries = corpus.read_corpus_table(out, "summaries")
    assert summaries["outlet"].tolist() == ["Le Monde", "Libération"] * 3
    assert summaries["share_anonymous_sources"].between(0, 1).all()
    figs = sorted(p.name for p in (out / "corpus" / "figures").iterdir())
    for stem in ("tone_by_outlet", "anonymous_sources_by_outlet", "tone_by_date", "hedging_by_date"):
        assert f"{stem}.png" in figs and f"{stem}.svg" in figs
    sents = pd.read_parquet(out / "corpus" / "sentences")
    assert set(sents["outlet"]) == {"Le Monde", "Libération"}


def test_an_unchanged_rerun_writes_nothing_and_a_missing_file_is_restored(folder24, tmp_path, monkeypatch):
    src = sorted(folder24.iterdir())[0]
    argv = ["report", str(src), "--out", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "cache"),
            "--no-figures", "-q"]
    assert main(argv) == 0
    folder = tmp_path / "out" / src.stem
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    calls = []
    monkeypatch.setattr("analysis.output.export.write_article", lambda *a, **k: calls.append(a))
    assert main(argv) == 0
    assert calls == [] and {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before
    monkeypatch.undo()
    (folder / "entities.csv").unlink()
    assert main(argv) == 0
    assert (folder / "entities.csv").is_file()


def test_an_unchanged_cached_rerun_leaves_the_corpus_dataset_untouched(folder24, tmp_path):
    argv = ["report", str(folder24), "--out", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "cache"),
            "--no-figures", "-q"]
    assert main(argv) == 0
    dataset = tmp_path / "out" / "corpus"
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in dataset.rglob("*")}
    assert main(argv) == 0
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in dataset.rglob("*")} == before
    assert not list((tmp_path / "out").glob(".corpus.*"))


def test_one_changed_article_rebuilds_its_part_and_reuses_the_others(folder24, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for p in sorted(folder24.iterdir()):
        (src / p.name).write_bytes(p.read_bytes())
    argv = ["--out", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "cache"), "--no-figures", "-q"]
    assert main(["report", str(src), *argv]) == 0
    old_part = tmp_path / "out" / "corpus" / "sentences" / "part-00001.parquet"
    old_inode = old_part.stat().st_ino
    changed = src / "article-03.txt"  # batch 0
    changed.write_text(changed.read_text(encoding="utf-8") + "\nLe ministre a démenti.\n", encoding="utf-8")
    assert main(["report", str(src), *argv]) == 0
    assert main(["report", str(src), "--out", str(tmp_path / "fresh"), "--no-cache", "--no-figures", "-q"]) == 0
    for table in ("sentences", "quotes", "summaries"):
        pd.testing.assert_frame_equal(corpus.read_corpus_table(tmp_path / "out", table),
                                      corpus.read_corpus_table(tmp_path / "fresh", table))
    part = tmp_path / "out" / "corpus" / "sentences" / "part-00001.parquet"
    assert part.stat().st_ino == old_inode  # the unchanged part was linked, not rewritten
    sents = corpus.read_corpus_table(tmp_path / "out", "sentences")
    assert "Le ministre a démenti." in sents.loc[sents["article_id"] == "article-03", "text"].tolist()


def test_workers_that_cannot_see_the_output_send_results_back(folder24, tmp_path, monkeypatch):
    arts = [Article(p.stem, p.read_text(encoding="utf-8"), None, {"source": p.name})
            for p in sorted(folder24.iterdir())[:10]]
    here = list(corpus.report_corpus(arts, tmp_path / "here", figures=False))
    monkeypatch.setattr(corpus.run, "workers_share_files", lambda *a: False)
    monkeypatch.setattr(corpus.run, "process_batch", lambda *a, **k: pytest.fail("work sent to a blind worker"))
    back = list(corpus.report_corpus(arts, tmp_path / "back", figures=False))
    assert [r["row"] for r in here] == [r["row"] for r in back] and all(r["ok"] for r in back)
    assert _digest(tmp_path / "here") == _digest(tmp_path / "back")


def test_summary_row_flattens_like_json_normalize(sample_result):
    flat = pd.json_normalize(sample_result.summary, sep="_").iloc[0].to_dict()
    expected = {k: v for k, v in flat.items() if v is None or isinstance(v, (str, int, float, bool))}
    row = corpus.summary_row(sample_result.summary)
    assert list(row) == list(expected) and len(row) > 50
    assert all(row[k] == v or (v != v and row[k] != row[k]) for k, v in expected.items())


def test_summary_rows_share_their_column_names(sample_result):
    # the writer keeps a row per article until it closes: one copy of each name, not one per article
    a, b = corpus.summary_row(sample_result.summary), corpus.summary_row(dict(sample_result.summary))
    assert a == b and all(x is y for x, y in zip(a, b))


def test_a_damaged_cached_part_is_rebuilt(tmp_path):
    cache = corpus.Cache(tmp_path)
    cache.put_part("ab" * 32, {"sentences": b"PAR1 not really"})
    path = tmp_path / "parts" / "ab" / f"{'ab' * 32}.parquet"
    assert cache.get_part("ab" * 32) == {"sentences": b"PAR1 not really"}
    path.write_bytes(path.read_bytes()[:-40])  # truncated
    assert cache.get_part("ab" * 32) is None


def test_a_damaged_entry_found_late_is_recomputed(folder24, tmp_path):
    import shutil

    argv = ["report", str(folder24), "--out", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "cache"),
            "--no-figures", "-q"]
    assert main(argv) == 0
    before = corpus.read_corpus_table(tmp_path / "out", "sentences")
    entry = next(p for p in (tmp_path / "cache").glob("[0-9a-f][0-9a-f]/*.parquet"))
    data = bytearray(entry.read_bytes())
    mid = len(data) // 2
    data[mid:mid + 64] = bytes(64)  # the footer still reads; a data page does not
    entry.write_bytes(bytes(data))
    # the article folders are up to date, but the parts must be rebuilt from the tables
    shutil.rmtree(tmp_path / "out" / "corpus")
    shutil.rmtree(tmp_path / "cache" / "parts")
    assert main(argv) == 0
    pd.testing.assert_frame_equal(corpus.read_corpus_table(tmp_path / "out", "sentences"), before)
    assert corpus.Cache(tmp_path / "cache")._read(entry) is not None  # rewritten whole


def test_a_table_folder_deleted_from_the_dataset_is_rebuilt(folder24, tmp_path):
    import shutil

    argv = ["report", str(folder24), "--out", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "cache"),
            "--no-figures", "-q"]
    assert main(argv) == 0
    quotes = corpus.read_corpus_table(tmp_path / "out", "quotes")
    shutil.rmtree(tmp_path / "out" / "corpus" / "quotes")
    (tmp_path / "out" / "corpus" / "sentences" / "part-00001.parquet").unlink()
    assert main(argv) == 0
    pd.testing.assert_frame_equal(corpus.read_corpus_table(tmp_path / "out", "quotes"), quotes)
    assert len(list((tmp_path / "out" / "corpus" / "sentences").glob("part-*.parquet"))) == 2


def test_a_second_run_on_the_same_folder_is_refused(folder24, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    lock = corpus.folders._Lock(out)  # as if another run held it
    try:
        code = main(["report", str(folder24), "--out", str(out), "--no-cache", "--no-figures", "-q"])
    finally:
        lock.close()
    assert code == 2 and "another Cadrage run is writing to this folder" in capsys.readouterr().err
    assert not (out / "corpus").exists()


def test_a_cache_folder_that_cannot_be_made_only_warns(folder24, tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    src = sorted(folder24.iterdir())[0]
    code = main(["report", str(src), "--out", str(tmp_path / "out"), "--cache-dir", str(blocker / "cache"),
                 "--no-figures", "-q"])
    assert code == 0 and "running without the cache" in capsys.readouterr().err
    assert (tmp_path / "out" / src.stem / "sentences.csv").is_file()


def test_a_file_system_without_locks_runs_unlocked(tmp_path, monkeypatch):
    import errno
    import fcntl

    def no_locks(*_a):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    lock = corpus.folders._Lock(tmp_path)  # no error: the run goes on without a lock
    assert lock.fd is None
    lock.close()
