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


def _sentiment(value: str) -> str:
    """A ``--sentiment`` value: a method, ``all`` or ``model:PATH``."""
    if value in config.SENTIMENT_CHOICES or (value.startswith(config.MODEL_PREFIX)
                                             and len(value) > len(config.MODEL_PREFIX)):
        return value
    raise argparse.ArgumentTypeError(f"{value!r} is not a tone method (choose from "
                                     f"{', '.join(config.SENTIMENT_CHOICES)}, or model:PATH)")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m analysis",
                                description="Cadrage: how a French news article is told.")
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("report", help="analyse articles and write tables, figures and a report",
                       description="Analyse articles (txt, html, csv, tsv, jsonl, parquet, or folders of them) "
                                   "into OUT/<article_id>/.")
    r.add_argument("inputs", nargs="+", metavar="INPUT", help="article files or folders")
    r.add_argument("--out", default=str(config.REPORTS_DIR), help="output folder (default: reports/)")
    r.add_argument("--sentiment", default=config.DEFAULT_SENTIMENT, type=_sentiment, metavar="METHOD",
                   help=f"tone method: {', '.join(config.SENTIMENT_CHOICES)}, or model:PATH for a model "
                        f"trained on your coding (default: {config.DEFAULT_SENTIMENT})")
    r.add_argument("--lexicon", default=None,
                   help="CSV extending the tone lexicon (word, polarity, subjectivity[, pos])")
    r.add_argument("--aliases", default=None, help="CSV of name aliases (alias, entity, label) added to the defaults")
    r.add_argument("--actors", default=None,
                   help="CSV grouping names into actors (entity, actor) added to the defaults")
    r.add_argument("--hedges", default=None, help="TSV of hedge expressions (as resources/hedges.tsv)")
    r.add_argument("--frames-lexicon", default=None, help="TSV frame lexicon (as resources/frames_lexicon.tsv)")
    r.add_argument("--workers", type=int, default=1, help="local worker processes (a Dask LocalCluster when > 1)")
    r.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="run on an existing Dask cluster, e.g. tcp://10.0.0.5:8786")
    r.add_argument("--no-cache", action="store_true", help="recompute everything (do not read or write the cache)")
    r.add_argument("--cache-dir", default=None, help="cache folder (default: data/processed/cache)")
    r.add_argument("--no-figures", action="store_true", help="tables and summary only (faster for large corpora)")
    r.add_argument("--per-article", action="store_true",
                   help="write every article's folder (tables, figures, report.html); by default only for runs "
                        "of at most 20 articles, larger corpora go to the OUT/corpus dataset alone")
    r.add_argument("--csv", action="store_true", help="also write each dataset table as OUT/corpus/<table>.csv")
    r.add_argument("--any-language", action="store_true",
                   help="analyse articles that do not look French (the lexicons are French: expect noise)")
    r.add_argument("-q", "--quiet", action="store_true", help="no progress bar or final message")
    a = sub.add_parser("article", help="write article folders from a corpus dataset",
                       description="Write OUT/<article_id>/ (tables, summary.json, figures, report.html) for "
                                   "articles of the dataset OUT/corpus written by an earlier report run.")
    a.add_argument("out", metavar="OUT", help="the output folder of the corpus run")
    a.add_argument("ids", nargs="+", metavar="ARTICLE_ID", help="article ids (column article_id of the dataset)")
    a.add_argument("--no-figures", action="store_true", help="tables and summary only")
    return p


def _err(msg: str) -> None:
    from .intake import printable

    print(f"cadrage: error: {printable(msg)}", file=sys.stderr)


def _warn(msg: str) -> None:
    from .intake import printable

    print(f"cadrage: warning: {printable(msg)}", file=sys.stderr)


def _fail(exc: Exception, path, doing: str) -> None:
    """The one line for a run that cannot go on: an input error as it is, a system error
    (``OSError``) with the folder and what could not be done."""
    from .intake import InputError

    _err(str(exc) if isinstance(exc, InputError) else f"{path}: {doing} ({exc.strerror or exc})")


def check_output_dir(out: Path, inputs: list[Path], cache: Path | None = None) -> None:
    """Refuse an output (or cache) folder that is, contains or lies inside an input or ``data/raw``
    (:func:`analysis.output.files.check_output_paths`)."""
    from .output.files import check_output_paths

    check_output_paths(out, inputs, cache=cache)


def _check_scheduler(address: str) -> None:
    from .intake import InputError

    try:
        from distributed.comm.addressing import parse_address, parse_host_port

        parse_host_port(parse_address(address)[1])
    except (ValueError, TypeError) as exc:
        raise InputError(f"--scheduler {address}", f"not a Dask scheduler address ({exc}); "
                                                   "expected e.g. tcp://10.0.0.5:8786") from None


def _articles(inputs: list[Path], failures: list[str], any_language: bool = False):
    """Stream articles (unique ids: :func:`analysis.intake.iter_articles`), reporting bad ones."""
    from .intake import InputError, check_article, iter_articles

    for item in iter_articles(inputs, notice=_warn):
        if not isinstance(item, InputError):
            try:
                check_article(item, any_language=any_language)
            except InputError as exc:
                item = exc
        if isinstance(item, InputError):
            _err(str(item))
            failures.append(str(item))
            continue
        yield item


def _single_article(inputs: list[Path]) -> bool:
    from .intake import HTML_SUFFIXES, TEXT_SUFFIXES

    return len(inputs) == 1 and inputs[0].is_file() and inputs[0].suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES


def report(args) -> int:
    """Run the ``report`` command; returns the exit code."""
    from .context import Settings

    out = Path(args.out)
    inputs = [Path(p) for p in args.inputs]
    settings = Settings(sentiment=args.sentiment, lexicon=args.lexicon, aliases=args.aliases, actors=args.actors,
                        hedges=args.hedges, frames_lexicon=args.frames_lexicon)
    cache_dir = None if args.no_cache else Path(args.cache_dir or config.PROCESSED_DIR / "cache")
    if not _checked(args, out, inputs, settings, cache_dir):
        return EXIT_INPUT
    failures: list[str] = []
    written = _run(args, out, inputs, settings, _open_cache(cache_dir), failures)
    if written is None:
        return EXIT_INPUT
    if not args.quiet:
        from .intake import printable

        print(f"cadrage: {written} article(s) written to {printable(out)}"
              + (f", {len(failures)} problem(s)" if failures else ""), file=sys.stderr)
    return EXIT_INPUT if failures else EXIT_OK


def _checked(args, out: Path, inputs: list[Path], settings, cache_dir: Path | None) -> bool:
    """Every check before anything is created (a refused run leaves no trace), then the output folder;
    False, with the error printed, when the run cannot start."""
    from .article import check_user_files
    from .intake import InputError

    try:
        if args.workers < 1:
            raise InputError(f"--workers {args.workers}", "needs at least 1")
        if args.scheduler:
            _check_scheduler(args.scheduler)
        for kind, path in settings.files().items():
            if not Path(path).is_file():
                raise InputError(path, f"no such {kind.replace('_', ' ')} file")
        check_user_files(settings)
        check_output_dir(out, inputs, cache_dir)
        out.mkdir(parents=True, exist_ok=True)
    except (InputError, OSError) as exc:
        _fail(exc, out, "cannot create the output folder")
        return False
    return True


def _open_cache(cache_dir: Path | None):
    """The cache in ``cache_dir``, or None (no cache asked, or its folder cannot be made: a warning)."""
    from .corpus import Cache

    cache = None if cache_dir is None else Cache(cache_dir)
    if cache is not None:
        try:
            cache.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # a cache only saves time: go on without it
            _warn(f"{cache.folder}: cannot create the cache folder ({exc.strerror or exc}); running without the cache")
            cache = None
    return cache


def _run(args, out: Path, inputs: list[Path], settings, cache, failures: list[str]) -> int | None:
    """Analyse and write the articles, with a progress bar; the number written, or None when the run
    stopped on an error (printed).  Bad articles are printed and added to ``failures``."""
    from tqdm.auto import tqdm

    from .corpus import report_corpus
    from .intake import InputError

    written = 0
    # Progress only on a terminal (disable=None: off when stderr is a file or a pipe), only for runs
    # longer than a second, and erased at the end: no "0article [00:00…" line among the errors.
    stderr = sys.stderr
    bar = tqdm(unit=" article", disable=True if args.quiet or _single_article(inputs) else None, file=stderr,
               desc="cadrage", delay=1.0, leave=False)
    if not bar.disable:  # error lines printed while the bar is shown go above it, not into it
        from tqdm.contrib import DummyTqdmFile

        sys.stderr = DummyTqdmFile(stderr)
    try:
        for rec in report_corpus(_articles(inputs, failures, args.any_language), out, settings=settings,
                                 workers=args.workers, scheduler=args.scheduler, cache=cache,
                                 figures=not args.no_figures, per_article=True if args.per_article else None,
                                 csv=args.csv):
            if rec["ok"]:
                written += 1
            else:
                _err(rec["message"])
                failures.append(rec["article_id"])
            bar.update(1)
    except (InputError, OSError) as exc:  # e.g. another run is writing to the same folder
        _fail(exc, out, "cannot write")
        return None
    finally:
        bar.close()
        sys.stderr = stderr
    return written


def article(args) -> int:
    """Run the ``article`` command (article folders from the dataset); returns the exit code."""
    from .corpus import write_article_folders
    from .intake import InputError, printable

    try:
        for folder in write_article_folders(args.out, args.ids, figures=not args.no_figures):
            print(f"cadrage: {printable(str(folder))}", file=sys.stderr)
    except (InputError, OSError) as exc:
        _fail(exc, args.out, "cannot write")
        return EXIT_INPUT
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m analysis`` and the ``cadrage`` script."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "report":
            return report(args)
        if args.command == "article":
            return article(args)
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    return EXIT_INPUT
