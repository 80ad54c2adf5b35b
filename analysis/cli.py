"""Command line: ``python -m analysis report INPUT... --out DIR``.

Thin: it parses arguments, calls the public API and turns a user's mistake
into one line on stderr with exit code 2 (never a traceback).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import config

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m analysis",
                                description="Cadrage: how a French news article is told.")
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("report", help="analyse articles and write tables, figures and a report",
                       description="Analyse articles (txt, html, csv, tsv, jsonl, parquet, or folders of them) "
                                   "into OUT/<article_id>/.")
    r.add_argument("inputs", nargs="+", metavar="INPUT", help="article files or folders")
    r.add_argument("--out", default=str(config.REPORTS_DIR), help="output folder (default: reports/)")
    r.add_argument("--sentiment", default=config.DEFAULT_SENTIMENT, choices=config.SENTIMENT_CHOICES,
                   help=f"tone method (default: {config.DEFAULT_SENTIMENT})")
    r.add_argument("--lexicon", default=None, help="CSV extending the tone lexicon (word, polarity, subjectivity[, pos])")
    r.add_argument("--aliases", default=None, help="CSV of name aliases (alias, entity, label) added to the defaults")
    r.add_argument("--actors", default=None, help="CSV grouping names into actors (entity, actor) added to the defaults")
    r.add_argument("--hedges", default=None, help="TSV of hedge expressions (as resources/hedges.tsv)")
    r.add_argument("--frames-lexicon", default=None, help="TSV frame lexicon (as resources/frames_lexicon.tsv)")
    r.add_argument("--workers", type=int, default=1, help="local worker processes (a Dask LocalCluster when > 1)")
    r.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="run on an existing Dask cluster, e.g. tcp://10.0.0.5:8786")
    r.add_argument("--no-cache", action="store_true", help="recompute everything (do not read or write the cache)")
    r.add_argument("--cache-dir", default=None, help="cache folder (default: data/processed/cache)")
    r.add_argument("--no-figures", action="store_true", help="tables and summary only (faster for large corpora)")
    r.add_argument("--any-language", action="store_true",
                   help="analyse articles that do not look French (the lexicons are French: expect noise)")
    r.add_argument("-q", "--quiet", action="store_true", help="no progress bar or final message")
    return p


def _err(msg: str) -> None:
    print(f"cadrage: error: {msg}", file=sys.stderr)


def check_output_dir(out: Path, inputs: list[Path]) -> None:
    """Refuse an output folder that is a file, under ``data/raw`` or inside an input folder."""
    from .io import InputError

    out_r = out.resolve()
    if out.exists() and not out.is_dir():
        raise InputError(out, "the output path is a file, not a folder")
    raw = config.RAW_DIR.resolve()
    if out_r == raw or raw in out_r.parents:
        raise InputError(out, "refusing to write under data/raw (raw data is immutable)")
    for inp in inputs:
        inp_r = inp.resolve()
        if inp.is_dir() and (out_r == inp_r or inp_r in out_r.parents):
            raise InputError(out, f"refusing to write inside the input folder {inp}")


def _articles(inputs: list[Path], failures: list[str], any_language: bool = False):
    """Stream articles, reporting bad ones, giving repeated ids a ``-2``, ``-3`` suffix."""
    from .io import InputError, check_article, iter_articles

    seen: dict[str, int] = {}
    for item in iter_articles(inputs):
        if not isinstance(item, InputError):
            try:
                check_article(item, any_language=any_language)
            except InputError as exc:
                item = exc
        if isinstance(item, InputError):
            _err(str(item))
            failures.append(str(item))
            continue
        n = seen.get(item.article_id, 0)
        seen[item.article_id] = n + 1
        if n:  # two inputs with the same stem must not overwrite each other
            item.article_id = f"{item.article_id}-{n + 1}"
        yield item


def _single_article(inputs: list[Path]) -> bool:
    from .io import HTML_SUFFIXES, TEXT_SUFFIXES

    return len(inputs) == 1 and inputs[0].is_file() and inputs[0].suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES


def report(args) -> int:
    """Run the ``report`` command; returns the exit code."""
    from tqdm.auto import tqdm

    from .context import Settings
    from .corpus import Cache, report_corpus
    from .io import InputError

    out = Path(args.out)
    inputs = [Path(p) for p in args.inputs]
    try:
        check_output_dir(out, inputs)
        out.mkdir(parents=True, exist_ok=True)
    except InputError as exc:
        _err(str(exc))
        return EXIT_INPUT
    except OSError as exc:
        _err(f"{out}: cannot create the output folder ({exc.strerror or exc})")
        return EXIT_INPUT
    for kind in ("lexicon", "aliases", "actors", "hedges", "frames_lexicon"):
        path = getattr(args, kind)
        if path and not Path(path).is_file():
            _err(f"{path}: no such {kind} file")
            return EXIT_INPUT
    if args.workers < 1:
        _err(f"--workers {args.workers}: needs at least 1")
        return EXIT_INPUT

    settings = Settings(sentiment=args.sentiment, lexicon=args.lexicon, aliases=args.aliases, actors=args.actors,
                        hedges=args.hedges, frames_lexicon=args.frames_lexicon)
    cache = None if args.no_cache else Cache(args.cache_dir or config.PROCESSED_DIR / "cache")
    if cache is not None:
        try:
            cache.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # a cache only saves time: go on without it
            print(f"cadrage: warning: {cache.folder}: cannot create the cache folder "
                  f"({exc.strerror or exc}); running without the cache", file=sys.stderr)
            cache = None
    failures: list[str] = []
    written = 0
    bar = tqdm(unit="article", disable=args.quiet or _single_article(inputs), file=sys.stderr,
               desc="cadrage")
    try:
        for rec in report_corpus(_articles(inputs, failures, args.any_language), out, settings=settings,
                                 workers=args.workers, scheduler=args.scheduler, cache=cache,
                                 figures=not args.no_figures):
            if rec["ok"]:
                written += 1
            else:
                _err(rec["message"])
                failures.append(rec["article_id"])
            bar.update(1)
    except InputError as exc:  # e.g. another run is writing to the same folder
        _err(str(exc))
        return EXIT_INPUT
    except OSError as exc:
        _err(f"{out}: cannot write ({exc.strerror or exc})")
        return EXIT_INPUT
    finally:
        bar.close()
    if not args.quiet:
        print(f"cadrage: {written} article(s) written to {out}" + (f", {len(failures)} problem(s)" if failures else ""),
              file=sys.stderr)
    return EXIT_INPUT if failures else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m analysis`` and the ``cadrage`` script."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "report":
            return report(args)
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    return EXIT_INPUT
