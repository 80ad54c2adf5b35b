"""Benchmark (not a test): cost of tone scoring beside the spaCy pass.

Parses the bundled article's cleaned text ``--copies`` times with one
``nlp.pipe`` (the pipeline's spaCy pass), then scores the same docs with each
tone method, in the same run, and prints words per second of each and the
ratio.  Run::

    .venv/bin/python benchmarks/bench_sentiment.py [--copies 40] [--repeat 3]

Times are the best of ``--repeat`` runs (less noise from other processes).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis import clean, config  # noqa: E402
from analysis import nlp as nlp_mod  # noqa: E402
from analysis.analysers.tone import SCORERS  # noqa: E402
from analysis.analysers.tone.news_resources import news_lexicon  # noqa: E402
from analysis.analysers.tone.textblob import textblob_lexicon  # noqa: E402
from analysis.article import sentences_table  # noqa: E402
from analysis.context import ArticleContext, Settings  # noqa: E402


def _contexts(docs, cleaned):
    out = []
    for i, doc in enumerate(docs):
        sents = nlp_mod.sentence_spans(doc)
        table = sentences_table(doc, sents, f"a{i}", cleaned.paragraph_starts, cleaned.title_end)
        out.append(ArticleContext(article_id=f"a{i}", doc=doc, sents=sents, sentences=table,
                                  settings=Settings()))
    return out


def best(fn, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=40, help="how many copies of the article")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)

    cleaned = clean.clean_text(config.SAMPLE_ARTICLE.read_text(encoding="utf-8"))
    texts = [cleaned.text] * args.copies
    nlp = nlp_mod.load_nlp()
    list(nlp.pipe(texts[:2]))  # warm-up
    textblob_lexicon()  # lexicon loads are one-offs, cached per process
    news_lexicon()

    docs = []

    def spacy_pass():
        docs[:] = list(nlp.pipe(texts, batch_size=16))

    t_spacy = best(spacy_pass, args.repeat)
    ctxs = _contexts(docs, cleaned)
    words = int(sum(c.sentences["n_words"].sum() for c in ctxs))

    print(f"{args.copies} copies of the bundled article, {words} words, best of {args.repeat}")
    print(f"{'step':<28}{'seconds':>10}{'words/s':>12}{'x spaCy':>10}")
    print(f"{'spaCy pass (nlp.pipe)':<28}{t_spacy:>10.3f}{words / t_spacy:>12.0f}{1.0:>10.3f}")
    for method, score in SCORERS.items():
        t = best(lambda score=score: [score(c, None) for c in ctxs], args.repeat)
        print(f"{'score ' + method:<28}{t:>10.3f}{words / t:>12.0f}{t / t_spacy:>10.3f}")


if __name__ == "__main__":
    main()
