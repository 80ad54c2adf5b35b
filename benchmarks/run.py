"""Cadrage benchmarks: measured side by side in one run, printed, never asserted.

    make bench            # about 4-8 minutes on 2 cores: 384 articles, 2 rounds, RSS at 100 and 1,000
    make bench-full       # about 25-30 minutes: 768 articles, 3 rounds, RSS at 200 and 2,000, and a
                          # corpus of 10,000 articles on 2 workers (peak RSS of every process)
    .venv/bin/python benchmarks/run.py [--articles N] [--rounds R] [--rss-small N] [--rss-large N] [--rss-10k]

Corpus: articles generated from the sentences of the bundled article (shuffled,
4-14 sentences each, fixed seed) so that the text is real French news prose.
Measured on the same corpus; floor, kit and naive alternate, then floor2 and
workers2, ``--rounds`` times each, and the best time of each is kept (the
machine's speed drifts; alternation keeps a drift from landing on one side of a
ratio):

* floor      the parse alone: ``nlp.pipe`` of the kit's pipeline (every component the
             analysers read, same ``batch_size``) over the already cleaned texts, in one
             process; nothing is analysed or written.  ``kit_vs_floor`` = floor / kit time;
* kit        the kit end to end on 1 worker, as ``report --no-figures`` runs a corpus
             of this size: clean, parse, every analyser, the corpus Parquet dataset
             with its comparison charts (no article folders: over ``PER_ARTICLE_MAX``);
* floor2     the floor split over the same 2 worker processes: what the machine
             itself gives for two processes (``floor2_speedup``, the ceiling for
             ``workers2_speedup``);
* workers2   the kit on 2 Dask worker processes (cluster started and model loaded
             before timing; the start-up is reported separately);
* cached     the 1-worker run again, same output folder, with its cache filled
             (``cache_speedup`` = kit / cached);
* naive      what a user would write without the kit: ``nlp(text)`` per article (no
             batching), then ``TextBlob`` (textblob-fr) per sentence for its polarity,
             results left in memory.  It gives one score per sentence and no tables,
             entities, quotes or frames; ``kit_vs_naive`` = naive / kit time;
* rss        peak RSS (the process's own, :func:`peak_rss_mib`) of a fresh process running
             the kit on a small and a 10x larger corpus of short articles (streaming: memory
             should not grow with the corpus);
* rss_10k    (``--rss-10k``) a corpus of 10,000 articles on 2 local workers: the peak
             RSS of the client and of each worker process, and their sum.

The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import config  # noqa: E402


def make_corpus(n: int, seed: int = 0, min_s: int = 4, max_s: int = 14):
    from analysis.intake import Article

    text = config.SAMPLE_ARTICLE.read_text(encoding="utf-8")
    body = max(text.splitlines(), key=len)
    sents = re.split(r"(?<=[.!?»])\s+(?=[«A-ZÀ-Ý])", body)
    rng = random.Random(seed)
    out = []
    for i in range(n):
        picked = rng.sample(sents, min(len(sents), rng.randint(min_s, max_s)))
        out.append(Article(f"bench-{i:05d}", f"Dépêche {i}\n\n" + " ".join(picked) + "\n", None,
                           {"source": f"bench-{i:05d}.txt", "outlet": f"outlet-{i % 3}"}))
    return out


def n_words(articles) -> int:
    return sum(len(a.text.split()) for a in articles)


def timed(fn):
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def run_kit(articles, out, **kw):
    """What ``report --no-figures`` does for a corpus: the dataset and its charts."""
    from analysis.corpus import report_corpus

    records = list(report_corpus(articles, out, figures=False, **kw))
    assert all(r["ok"] for r in records), [r["message"] for r in records if not r["ok"]]


def floor_chunk(texts: list[str]) -> int:
    """Raw ``nlp.pipe`` over ``texts`` in a worker (the floor, on one of two processes)."""
    from analysis.corpus import BATCH_SIZE
    from analysis.nlp import load_nlp

    return sum(1 for _ in load_nlp().pipe(texts, batch_size=BATCH_SIZE))


def peak_rss_mib() -> float:
    """This process's own peak RSS in MiB: ``VmHWM`` of ``/proc/self/status`` on Linux.

    Not ``ru_maxrss``: Linux carries it over ``execve`` from the address space the
    process replaced, and a child that ``subprocess`` starts by ``vfork`` replaces its
    parent's, so a child of the bench process reported the bench's own peak (the model
    and the timed rounds) whatever it used itself.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # elsewhere: the OS's figure


def rss_child(n: int) -> None:
    """Child mode: run the kit on n short articles, print peak RSS in MiB."""
    arts = make_corpus(n, seed=1, min_s=2, max_s=4)
    with tempfile.TemporaryDirectory() as tmp:
        run_kit(iter(arts), Path(tmp) / "out")
    print(peak_rss_mib())


def rss_10k(n: int = 10_000) -> dict:
    """A corpus of ``n`` articles on 2 local workers: time and peak RSS of every process (MiB).

    Run in a fresh process (``--rss-10k-child``) so the client's figure is its own.
    """
    out = subprocess.run([sys.executable, __file__, "--rss-10k-child", str(n)], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def rss_10k_child(n: int) -> None:
    from analysis.corpus import DaskExecutor

    arts = (a for a in make_corpus(n, seed=2))
    ex = DaskExecutor(2, None)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            t = timed(lambda: run_kit(arts, Path(tmp) / "out", workers=2, executor=ex))
        workers = sorted(ex.client.run(peak_rss_mib).values())
    finally:
        ex.close()
    client = peak_rss_mib()
    print(json.dumps({"articles": n, "seconds": round(t, 1), "client_mib": round(client, 1),
                      "workers_mib": [round(w, 1) for w in workers], "total_mib": round(client + sum(workers), 1)}))


def main() -> None:
    ap = argparse.ArgumentParser(description="Cadrage benchmarks (see the module docstring).")
    ap.add_argument("--full", action="store_true",
                    help="the long run: --articles 768 --rounds 3 --rss-small 200 --rss-large 2000 --rss-10k")
    ap.add_argument("--articles", type=int, default=None, help="corpus size (default 384; a multiple of 32 "
                                                                "splits evenly over 2 workers)")
    ap.add_argument("--rounds", type=int, default=None, help="alternating repetitions, best kept (default 2)")
    ap.add_argument("--rss-small", type=int, default=None, help="short articles, small RSS run (default 100)")
    ap.add_argument("--rss-large", type=int, default=None, help="short articles, large RSS run (default 1000)")
    ap.add_argument("--rss-10k", action="store_true", help="also run 10,000 articles on 2 workers (peak RSS)")
    ap.add_argument("--rss-child", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--rss-10k-child", type=int, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.rss_child:
        rss_child(args.rss_child)
        return
    if args.rss_10k_child:
        rss_10k_child(args.rss_10k_child)
        return
    preset = dict(articles=768, rounds=3, rss_small=200, rss_large=2000) if args.full else \
        dict(articles=384, rounds=2, rss_small=100, rss_large=1000)
    for name, value in preset.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    args.rss_10k = args.rss_10k or args.full
    started = time.perf_counter()

    from textblob import TextBlob
    from textblob_fr import PatternAnalyzer, PatternTagger

    from analysis.clean import clean_text
    from analysis.corpus import BATCH_SIZE, Cache, DaskExecutor, warm_up
    from analysis.nlp import load_nlp

    arts = make_corpus(args.articles)
    words = n_words(arts)
    print(f"corpus: {len(arts)} articles, {words} words (whitespace-separated)")
    nlp = load_nlp()
    warm_up()  # the model and every analyser's resources, loaded before timing
    cleaned = [clean_text(a.text).text for a in arts]

    # Each pair is measured in alternation, ``--rounds`` times, and the best time of
    # each kept: on a shared machine, speed drifts by 20% or more within minutes,
    # and alternating keeps a drift from landing on one side of a ratio.
    times: dict[str, list[float]] = {"floor": [], "kit": [], "naive": [], "floor2": [], "workers2": []}
    analyzer, tagger = PatternAnalyzer(), PatternTagger()

    def naive():
        for a in arts:
            doc = nlp(a.text)
            for s in doc.sents:
                _ = TextBlob(s.text, pos_tagger=tagger, analyzer=analyzer).sentiment

    def show(label: str, name: str, note: str = "") -> None:
        t = min(times[name])
        runs = ", ".join(f"{x:.2f}" for x in times[name])
        print(f"{label:31s}{t:7.2f} s  {words / t:9.0f} words/s  (runs: {runs}){note}")

    for _ in range(args.rounds):
        times["floor"].append(timed(lambda: [None for _ in nlp.pipe(cleaned, batch_size=BATCH_SIZE)]))
        with tempfile.TemporaryDirectory() as tmp:
            times["kit"].append(timed(lambda: run_kit(arts, Path(tmp) / "k1", workers=1)))
        times["naive"].append(timed(naive))
    show("floor     nlp.pipe", "floor")
    show("kit       1 worker", "kit")
    show("naive     nlp()+TextBlob", "naive")

    t0 = time.perf_counter()
    ex = DaskExecutor(2, None)
    ex.warm_up()
    t_start = time.perf_counter() - t0
    try:
        # the machine's own ceiling: the floor split over the same two worker processes
        halves = [cleaned[: len(cleaned) // 2], cleaned[len(cleaned) // 2:]]
        for _ in range(args.rounds):
            times["floor2"].append(timed(lambda: ex.client.gather(
                [ex.client.submit(floor_chunk, h, pure=False) for h in halves])))
            with tempfile.TemporaryDirectory() as tmp:
                times["workers2"].append(timed(lambda: run_kit(arts, Path(tmp) / "k2", workers=2, executor=ex)))
    finally:
        ex.close()
    show("floor     nlp.pipe, 2 processes", "floor2")
    show("kit       2 workers", "workers2", f"  +{t_start:.1f} s cluster start-up")
    t_floor, t_kit, t_naive = min(times["floor"]), min(times["kit"]), min(times["naive"])
    t_floor2, t_w2 = min(times["floor2"]), min(times["workers2"])

    with tempfile.TemporaryDirectory() as tmp:
        cache = Cache(Path(tmp) / "cache")
        t_fill = timed(lambda: run_kit(arts, Path(tmp) / "c1", workers=1, cache=cache))
        # a real re-run: same inputs, same output folder, cache filled
        t_cached = min(timed(lambda: run_kit(arts, Path(tmp) / "c1", workers=1, cache=cache))
                       for _ in range(args.rounds))
    print(f"kit       cache fill           {t_fill:7.2f} s")
    print(f"kit       cached re-run        {t_cached:7.2f} s  {words / t_cached:9.0f} words/s")

    rss = {}
    for n in (args.rss_small, args.rss_large):
        out = subprocess.run([sys.executable, __file__, "--rss-child", str(n)], capture_output=True, text=True,
                             check=True, cwd=ROOT)
        rss[n] = float(out.stdout.strip().splitlines()[-1])
        print(f"rss       {n:5d} short articles  peak {rss[n]:8.1f} MiB")
    big = None
    if args.rss_10k:
        big = rss_10k()
        print(f"rss       {big['articles']} articles, 2 workers: {big['seconds']:.0f} s, peak client "
              f"{big['client_mib']:.0f} MiB, workers {big['workers_mib']} MiB, total {big['total_mib']:.0f} MiB")

    result = {
        "articles": len(arts), "words": words, "rounds": args.rounds,
        "floor_words_per_s": round(words / t_floor),
        "kit_words_per_s": round(words / t_kit),
        "kit_vs_floor": round(t_floor / t_kit, 3),
        "workers2_words_per_s": round(words / t_w2),
        "workers2_speedup": round(t_kit / t_w2, 3),
        "floor2_speedup": round(t_floor / t_floor2, 3),
        "cluster_startup_s": round(t_start, 2),
        "cache_speedup": round(t_kit / t_cached, 1),
        "naive_words_per_s": round(words / t_naive),
        "kit_vs_naive": round(t_naive / t_kit, 3),
        "rss_small_mib": round(rss[args.rss_small], 1), "rss_large_mib": round(rss[args.rss_large], 1),
        "rss_ratio": round(rss[args.rss_large] / rss[args.rss_small], 3),
    }
    if big is not None:
        result.update({"rss_10k_total_mib": big["total_mib"], "rss_10k_client_mib": big["client_mib"],
                       "rss_10k_workers_mib": big["workers_mib"], "rss_10k_seconds": big["seconds"]})
    result["bench_seconds"] = round(time.perf_counter() - started)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
