"""One article through the whole pipeline: clean -> parse -> analysers -> tables.

This is the public entry point for files or folders (:func:`analyse`), a single text
(:func:`analyse_text`) or an :class:`~analysis.intake.Article` (:func:`analyse_article`);
:func:`analyse_many` streams many articles through one ``nlp.pipe``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from spacy.attrs import IS_PUNCT, IS_SPACE, ORTH

from . import clean as clean_mod
from . import nlp as nlp_mod
from .analysers import agency, entities, frames, hedging, quotes, terms, tone
from .analysers.tone.learned import cached_model
from .context import ArticleContext, Settings
from .intake import Article, InputError, check_article, read_articles
from .intake.user_files import check_user_files as check_user_tables
from .language import guess_language
from .tables import Table, Tables

#: Columns of the base ``sentences`` table (analysers add more).
SENTENCE_COLUMNS = ["article_id", "sentence_id", "paragraph_id", "start", "end", "text",
                    "n_words", "is_title"]
_SENTENCE_DTYPES = {"sentence_id": "int64", "paragraph_id": "int64", "start": "int64", "end": "int64",
                    "n_words": "int64", "is_title": "bool"}


@dataclass
class ArticleResult:
    """Tables and summary of one analysed article.

    Attributes
    ----------
    article_id : str
    tables : mapping of str to pandas.DataFrame
        ``sentences``, ``removed`` and every analyser's tables: reading one
        (``result.tables["quotes"]``) gives a DataFrame.  A fresh analysis holds
        an :class:`analysis.tables.Tables` (column lists, each frame built when
        first read); a result read back from the corpus dataset or the cache, a
        mapping of its frames.
    summary : dict
        What goes into ``summary.json``.
    cleaned : analysis.clean.Cleaned
        The cleaned text with its title and removal log.
    doc : spacy.tokens.Doc or None
        The parse (kept for notebooks; dropped for corpus runs).
    meta : dict
        The article's metadata (``source``, ``date``, ``outlet``, ``url``).
    arrow : dict of str to pyarrow.Table
        The tables as Arrow (corpus runs): the article's rows of the corpus
        dataset, and what the cache keeps.
    parquet, csv : dict of str to bytes
        An article folder's tables already encoded as Parquet and CSV (corpus
        runs: by the worker, or read from the cache), written as they are.
    key : str or None
        Cache key of the result (corpus runs), recorded next to the outputs so
        an unchanged re-run can skip rewriting them.
    """

    article_id: str
    tables: Mapping[str, pd.DataFrame]
    summary: dict[str, Any]
    cleaned: Any = None
    doc: Any = None
    meta: dict[str, Any] = field(default_factory=dict)
    arrow: dict[str, Any] = field(default_factory=dict)
    parquet: dict[str, bytes] = field(default_factory=dict)
    csv: dict[str, bytes] = field(default_factory=dict)
    key: str | None = None

    @property
    def sentences(self) -> pd.DataFrame:
        return self.tables["sentences"]


_WORD = re.compile(r"\w", re.UNICODE)


def sentences_table(doc, sents, article_id: str, paragraph_starts: list[int],
                    title_end: int = 0) -> Table:
    """Build the base ``sentences`` table from trimmed sentence spans.

    Parameters
    ----------
    doc : spacy.tokens.Doc
    sents : list of spacy.tokens.Span
        From :func:`analysis.nlp.sentence_spans`.
    article_id : str
    paragraph_starts : list of int
        Character offsets where each paragraph starts in ``doc.text``.
    title_end : int
        Offset where the title paragraph ends (0 when there is no title).

    Examples
    --------
    >>> from analysis.nlp import parse, sentence_spans
    >>> d = parse("Un chat. Deux chiens.")
    >>> sentences_table(d, sentence_spans(d), "a", [0]).frame["n_words"].tolist()
    [2, 2]
    """
    # a word: not punctuation or space, with a letter or digit; read from the token
    # arrays (iterating a Doc builds one Token object per token)
    strings = doc.vocab.strings
    is_word = np.array([not (punct or space) and _WORD.search(strings[orth]) is not None
                        for punct, space, orth in doc.to_array([IS_PUNCT, IS_SPACE, ORTH]).tolist()] or [False])
    counts = np.concatenate([[0], np.cumsum(is_word)])
    text = nlp_mod.doc_text(doc)
    starts = [s.start_char for s in sents]
    ends = [s.end_char for s in sents]
    return Table({
        "article_id": [article_id] * len(sents),
        "sentence_id": np.arange(len(sents), dtype="int64"),
        "paragraph_id": np.array([max(bisect.bisect_right(paragraph_starts, a) - 1, 0) for a in starts], "int64"),
        "start": np.array(starts, "int64"),
        "end": np.array(ends, "int64"),
        "text": [text[a:b] for a, b in zip(starts, ends)],
        "n_words": np.array([counts[s.end] - counts[s.start] for s in sents], "int64"),
        "is_title": np.array([a < title_end for a in starts], "bool"),
    }, _SENTENCE_DTYPES)


def check_user_files(settings: Settings) -> None:
    """Check what the user gave in ``settings`` once, before any article is read.

    The resource tables (``--lexicon``, ``--aliases`` …: :func:`analysis.intake.check_user_files`)
    and the tone model of ``--sentiment model:PATH`` (read by the tone analyser's own
    reader, a layer above intake, hence checked here).  Raises
    :class:`~analysis.intake.InputError` naming the file and the problem.

    Examples
    --------
    >>> check_user_files(Settings(sentiment="model:/nonexistent/ton.json"))
    Traceback (most recent call last):
    ...
    analysis.intake.errors.InputError: /nonexistent/ton.json: no such tone model file
    """
    check_user_tables(settings)
    model = settings.files().get("tone_model")
    if model:
        cached_model(model)


def _analysers():
    return (tone.run, entities.run, quotes.run, hedging.run, frames.run, agency.run, terms.run)


def build_result(cleaned, doc, *, article_id: str, settings: Settings,
                 meta: dict[str, Any] | None = None, keep_doc: bool = True) -> ArticleResult:
    """Run every analyser on an already parsed, cleaned article."""

    sents = nlp_mod.sentence_spans(doc)
    sentences = sentences_table(doc, sents, article_id, cleaned.paragraph_starts,
                                cleaned.title_end)
    ctx = ArticleContext(article_id=article_id, doc=doc, sents=sents,
                         sentences=sentences, settings=settings)
    for run in _analysers():
        run(ctx)
    removed = clean_mod.removed_table(cleaned, article_id)
    meta = dict(meta or {})
    summary = {
        "article_id": article_id,
        "title": cleaned.title,
        "source": meta.get("source"),
        **{k: meta[k] for k in ("date", "outlet", "url") if meta.get(k) is not None},
        "n_sentences": len(ctx.sentences),
        "n_words": int(np.sum(ctx.sentences["n_words"])),
        "n_removed": int(len(removed)),
        "french_share": guess_language(cleaned.text).french_share,
        "settings": {"sentiment": settings.method,
                     **{k: Path(v).name for k, v in settings.files().items()}},
    }
    summary.update(ctx.summary)
    # as columns: a corpus batch builds its frames once, a reader when it reads one
    tables = Tables({"sentences": ctx.sentences, "removed": removed, **ctx.tables.stored()})
    return ArticleResult(article_id=article_id, tables=tables, summary=summary,
                         cleaned=cleaned, doc=doc if keep_doc else None, meta=meta)


def _fit(nlp, text: str) -> None:
    """Let spaCy take a cleaned text longer than its ``max_length`` guard.

    The kit's limit (:data:`analysis.config.MAX_ARTICLE_CHARS`) applies to the
    text as read; cleaning may lengthen it a little (ligatures such as "ﬁ"
    become two letters, line breaks become paragraph breaks), and an article
    under the limit must not fail inside spaCy for that.
    """
    if len(text) > nlp.max_length:
        nlp.max_length = len(text)


def _check_cleaned(cleaned, source: str) -> None:

    if not any(c.isalpha() for c in cleaned.text):
        raise InputError(source, f"no article text left after removing boilerplate "
                                 f"({len(cleaned.removed)} piece(s) removed)")


def analyse_text(text: str, *, article_id: str = "article", title: str | None = None,
                 settings: Settings | None = None, nlp=None,
                 meta: dict[str, Any] | None = None, check_language: bool = True) -> ArticleResult:
    """Analyse one raw article text.

    Parameters
    ----------
    text : str
        The article as read (boilerplate and all); cleaning is done here.
    article_id : str
    title : str, optional
        A known title (e.g. from HTML metadata); otherwise detected.
    settings : Settings, optional
    nlp : spacy.language.Language, optional
        Defaults to the cached :func:`analysis.nlp.load_nlp`.
    check_language : bool
        Refuse (:class:`~analysis.intake.InputError`) a text that does not look French
        or is over the length limit.

    Examples
    --------
    >>> res = analyse_text("Le ministre a parlé. Il a dit non.")
    >>> res.sentences["text"].tolist()
    ['Le ministre a parlé.', 'Il a dit non.']
    """

    if not isinstance(text, str):
        raise TypeError(f"analyse_text needs the article's text as a str, not {type(text).__name__}")
    settings = settings or Settings()
    check_user_files(settings)
    meta = dict(meta or {})
    check_article(Article(article_id, text, title, meta), any_language=not check_language)
    cleaned = clean_mod.clean_text(text, title=title)
    _check_cleaned(cleaned, meta.get("source") or article_id)
    nlp = nlp or nlp_mod.load_nlp()
    _fit(nlp, cleaned.text)
    doc = nlp_mod.parse(cleaned.text, nlp)
    return build_result(cleaned, doc, article_id=article_id, settings=settings, meta=meta)


def analyse_article(article, *, settings: Settings | None = None, nlp=None,
                    check_language: bool = True) -> ArticleResult:
    """Analyse one :class:`analysis.intake.Article`.

    Examples
    --------
    >>> analyse_article(None)
    Traceback (most recent call last):
    ...
    TypeError: analyse_article needs an analysis.intake.Article (as read_articles returns), not NoneType
    """

    if not isinstance(article, Article):
        raise TypeError(f"analyse_article needs an analysis.intake.Article (as read_articles returns), "
                        f"not {type(article).__name__}")
    return analyse_text(article.text, article_id=article.article_id, title=article.title,
                        settings=settings, nlp=nlp, meta=article.meta, check_language=check_language)


def analyse_many(articles: Iterable, *, settings: Settings | None = None, nlp=None,
                 batch_size: int = 16, keep_doc: bool = False) -> Iterator[ArticleResult]:
    """Stream results for many articles through one ``nlp.pipe`` (bounded memory)."""

    settings = settings or Settings()
    check_user_files(settings)
    nlp = nlp or nlp_mod.load_nlp()

    def cleaned_stream():
        for art in articles:
            cleaned = clean_mod.clean_text(art.text, title=art.title)
            _check_cleaned(cleaned, art.meta.get("source") or art.article_id)
            _fit(nlp, cleaned.text)
            yield cleaned, art

    pairs = nlp.pipe(((c.text, (c, a)) for c, a in cleaned_stream()), as_tuples=True,
                     batch_size=batch_size)
    for doc, (cleaned, art) in pairs:
        yield build_result(cleaned, doc, article_id=art.article_id, settings=settings,
                           meta=art.meta, keep_doc=keep_doc)


def analyse(inputs, *, settings: Settings | None = None, check_language: bool = True) -> list[ArticleResult]:
    """Read and analyse articles: files or folders as the CLI takes them, one :class:`ArticleResult` each.

    The one-line entry point of the Python API: :func:`analysis.intake.read_articles`
    (same ids as the CLI), each article checked (:func:`~analysis.intake.check_article`,
    an :class:`~analysis.intake.InputError` names the file and the problem), then one
    ``nlp.pipe`` over all of them.  For a text in a string use :func:`analyse_text`;
    for a corpus too large to hold, stream with :func:`analyse_many`.

    Examples
    --------
    >>> from analysis import config
    >>> [res] = analyse(config.SAMPLE_ARTICLE)
    >>> res.article_id, len(res.sentences) > 10
    ('us-turkey-s400-ukraine', True)
    """
    articles = read_articles(inputs)
    for art in articles:
        check_article(art, any_language=not check_language)
    return list(analyse_many(articles, settings=settings))
