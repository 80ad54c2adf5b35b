"""Time one long article through the whole pipeline, at several lengths.

    .venv/bin/python benchmarks/long_text.py                 # 100k, 200k, 400k, 1M characters
    .venv/bin/python benchmarks/long_text.py --sizes 50000 100000 --steps

The article is made of the bundled sample's paragraphs repeated (real French
news text, one paragraph per line) up to the size, under the 1 M-character
limit.  Each size is run once in this process after a warm-up (the model is
loaded once); ``--steps`` also times cleaning, the spaCy parse and the
analysers separately.  Time linear in the length means seconds per 100k
characters roughly constant across sizes.  Not a test: figures depend on the
machine (docs/corpus.md quotes them with the machine they come from).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis import config  # noqa: E402


def long_article(n_chars: int) -> str:
    """Real French paragraphs up to ``n_chars`` characters (cut at a paragraph).

    The paragraphs of the bundled sample and of the comparison corpus
    (``data/raw/comparison/articles.csv``), each repeat numbered ("Dépêche 12 :
    …") so that cleaning does not drop it as a duplicate paragraph.
    """
    import csv

    from analysis.clean import clean_text

    body = clean_text(config.SAMPLE_ARTICLE.read_text(encoding="utf-8")).text.split("\n\n")[1:]
    with open(config.RAW_DIR / "comparison" / "articles.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            body += [p for p in row["text"].split("\n\n") if p.strip()]
    parts, size, i = [], 0, 0
    while True:
        p = body[i % len(body)]
        if i >= len(body):
            p = f"Dépêche {i // len(body)} : {p}"
        if size + len(p) + 2 > n_chars:
            break
        parts.append(p)
        size += len(p) + 2
        i += 1
    return "\n\n".join(parts)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 200_000, 400_000, 1_000_000])
    ap.add_argument("--steps", action="store_true", help="also time cleaning, parse and analysers")
    args = ap.parse_args(argv)

    from analysis import article, clean, nlp

    model = nlp.load_nlp()
    article.analyse_text(long_article(20_000), nlp=model)  # warm-up: lexicons, matchers
    print(f"{'characters':>10} {'seconds':>8} {'s/100k':>7}" + ("  clean   parse  analysers" if args.steps else ""))
    for n in args.sizes:
        text = long_article(n)
        t0 = time.perf_counter()
        res = article.analyse_text(text, nlp=model)
        total = time.perf_counter() - t0
        line = f"{len(text):>10,} {total:>8.1f} {total / len(text) * 1e5:>7.2f}"
        if args.steps:
            t0 = time.perf_counter()
            cleaned = clean.clean_text(text)
            t1 = time.perf_counter()
            article._fit(model, cleaned.text)
            doc = model(cleaned.text)
            t2 = time.perf_counter()
            article.build_result(cleaned, doc, article_id="long", settings=res_settings())
            t3 = time.perf_counter()
            line += f"  {t1 - t0:5.1f} {t2 - t1:7.1f} {t3 - t2:10.1f}"
        print(line, f"({len(res.sentences):,} sentences)", flush=True)
    return 0


def res_settings():
    from analysis.context import Settings

    return Settings()


if __name__ == "__main__":
    raise SystemExit(main())
