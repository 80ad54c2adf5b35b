"""Where a corpus run's time goes: each step of the kit timed alone, in CPU ms per article.

    .venv/bin/python benchmarks/stages.py [--articles 192] [--rounds 2]

The same corpus as ``benchmarks/run.py`` (the bundled article's sentences, fixed
seed).  Each step runs over the whole corpus before the next one, in the order
the data flows, so its time is its own: clean, parse (``nlp.pipe``, the kit's
pipeline and batch size: the floor), the base sentence table, each analyser in
the pipeline's order, the removal log and summary, the batches' tables as Arrow,
the Parquet parts, and the corpus charts (a fixed cost per run).  CPU time
(``time.process_time``), so another process on the machine changes it less than
wall time; the best of ``--rounds`` is kept per step.

The last line is one JSON object: ms per article per step, and
``ceiling_vs_floor``, what ``kit_vs_floor`` would be if every analyser cost
nothing (the parse over the sum of every step but the analysers).  Printed,
never asserted.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from run import make_corpus  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description="Cadrage: CPU time of each step of a corpus run.")
    ap.add_argument("--articles", type=int, default=192)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()

    from analysis import article, clean, nlp
    from analysis.context import ArticleContext, Settings
    from analysis.corpus import (
        BATCH_SIZE,
        arrow_tables,
        part_bytes,
        part_tables,
        summaries_table,
        summary_row,
        warm_up,
        write_comparison_figures,
    )
    from analysis.language import guess_language
    from analysis.tables import Tables

    arts = make_corpus(args.articles)
    model = nlp.load_nlp()
    warm_up()
    settings = Settings()
    best: dict[str, float] = {}

    @contextmanager
    def step(name: str):
        t0 = time.process_time()
        yield
        best[name] = min(best.get(name, float("inf")), time.process_time() - t0)

    for _ in range(args.rounds):
        with step("clean"):
            cleaned = [clean.clean_text(a.text, title=a.title) for a in arts]
        with step("parse"):
            docs = list(model.pipe([c.text for c in cleaned], batch_size=BATCH_SIZE))
        with step("sentences"):
            ctxs = []
            for a, c, d in zip(arts, cleaned, docs):
                sents = nlp.sentence_spans(d)
                table = article.sentences_table(d, sents, a.article_id, c.paragraph_starts, c.title_end)
                ctxs.append(ArticleContext(a.article_id, d, sents, table, settings))
        for run in article._analysers():
            with step(run.__module__.rsplit(".", 1)[-1]):
                for ctx in ctxs:
                    run(ctx)
        with step("removed and summary"):
            results = [article.ArticleResult(
                ctx.article_id, Tables({"sentences": ctx.sentences, "removed": clean.removed_table(c, ctx.article_id),
                                        **ctx.tables.stored()}),
                {"article_id": ctx.article_id, "title": c.title,
                 "french_share": guess_language(c.text).french_share, **ctx.summary}, meta=a.meta)
                for a, ctx, c in zip(arts, ctxs, cleaned)]
        batches = [results[i:i + BATCH_SIZE] for i in range(0, len(results), BATCH_SIZE)]
        with step("tables to Arrow"):
            for b in batches:
                arrow_tables(b)
        with step("Parquet parts"):
            for b in batches:
                for table in part_tables(b).values():
                    part_bytes(table)
        summaries = summaries_table([{"outlet": a.meta["outlet"], **summary_row(r.summary)}
                                     for a, r in zip(arts, results)])
        with tempfile.TemporaryDirectory() as tmp, step("corpus charts (per run)"):
            write_comparison_figures(summaries, Path(tmp))

    n = len(arts)
    analysers = [run.__module__.rsplit(".", 1)[-1] for run in article._analysers()]
    per_run = {k for k in best if k.endswith("(per run)")}
    ms = {k: round(1000 * v / n, 2) for k, v in best.items() if k not in per_run}
    for k, v in ms.items():
        print(f"{k:28s}{v:8.2f} ms per article")
    for k in per_run:
        print(f"{k:28s}{best[k]:8.2f} s")
    total = sum(best.values())
    bare = total - sum(best[a] for a in analysers)
    result = {"articles": n, "ms_per_article": ms, "charts_s": round(sum(best[k] for k in per_run), 3),
              "analysers_ms": round(1000 * sum(best[a] for a in analysers) / n, 2),
              "parse_share": round(best["parse"] / total, 3),
              "ceiling_vs_floor": round(best["parse"] / bare, 3)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
