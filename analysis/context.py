"""The shared state one article carries through the analysers.

Data flows one way: ``intake -> clean -> nlp -> analysers -> tables``.  The
pipeline (:mod:`analysis.article`) builds one :class:`ArticleContext` per
article, with the parsed spaCy ``Doc`` and the ``sentences`` table, then hands
it to each analyser's ``run(ctx)`` in a fixed order::

    tone -> entities -> quotes -> hedging -> frames -> agency -> terms

An analyser reads ``ctx.doc`` / ``ctx.sents`` (never re-tokenises the text),
may add columns to ``ctx.sentences`` (row ``i`` is ``ctx.sents[i]``), adds its
own tables to ``ctx.tables`` and its article-level figures to ``ctx.summary``.
Tables are handed on as columns (:class:`analysis.tables.Table`): an analyser
reads another's with ``ctx.tables.table(name)``, and a DataFrame is built only
when someone reads ``ctx.tables[name]`` (a corpus batch builds one per batch).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import config
from .tables import Table, Tables


@dataclass(frozen=True)
class Settings:
    """Analysis settings; part of the cache key, so keep it small and hashable.

    Parameters
    ----------
    sentiment : str
        Tone method, one of :data:`analysis.config.SENTIMENT_CHOICES` (``all``: every method),
        or ``model:PATH`` for a tone model trained on the user's coding
        (:mod:`analysis.analysers.tone.learned`).
    lexicon : str or None
        Optional path to a user CSV lexicon (``word, polarity, subjectivity[, pos]``)
        that extends or overrides the tone lexicon.
    aliases : str or None
        Optional user alias CSV (``alias, entity, label``) layered on the default.
    actors : str or None
        Optional user actor CSV (``entity, actor``) layered on the default.
    hedges : str or None
        Optional user hedge list (TSV, as ``resources/hedges.tsv``).
    frames_lexicon : str or None
        Optional user frame lexicon (TSV, as ``resources/frames_lexicon.tsv``).
    quote_min_words : int
        Words a «…» span needs to count as a quote (shorter ones are scare quotes).
    """

    sentiment: str = config.DEFAULT_SENTIMENT
    lexicon: str | None = None
    aliases: str | None = None
    actors: str | None = None
    hedges: str | None = None
    frames_lexicon: str | None = None
    quote_min_words: int = 3

    @property
    def method(self) -> str:
        """The tone method as shown in outputs: a model by its file name, never its full path.

        Examples
        --------
        >>> Settings(sentiment="model:/home/me/coding/ton.json").method
        'model:ton.json'
        """
        if self.sentiment.startswith(config.MODEL_PREFIX):
            return config.MODEL_PREFIX + Path(self.sentiment[len(config.MODEL_PREFIX):]).name
        return self.sentiment

    def files(self) -> dict[str, str]:
        """The user files these settings point to (part of the cache key)."""
        model = self.sentiment[len(config.MODEL_PREFIX):] if self.sentiment.startswith(config.MODEL_PREFIX) else None
        named = (("lexicon", self.lexicon), ("aliases", self.aliases), ("actors", self.actors),
                 ("hedges", self.hedges), ("frames_lexicon", self.frames_lexicon), ("tone_model", model))
        return {k: v for k, v in named if v}


@dataclass
class ArticleContext:
    """Everything known about one article while it is being analysed.

    Attributes
    ----------
    article_id : str
        Slug identifying the article (file stem or row id).
    doc : spacy.tokens.Doc
        The one parse of the cleaned text.
    sents : list of spacy.tokens.Span
        Sentence spans, trimmed of surrounding whitespace tokens, in reading
        order; ``sents[i]`` is row ``i`` of ``sentences`` (``sentence_id == i``).
    sentences : analysis.tables.Table
        One row per sentence (see ``docs/tables.md``), as columns; an analyser
        adds its own with :meth:`~analysis.tables.Table.with_columns`.
    settings : Settings
    tables : analysis.tables.Tables
        Extra tables, written as ``<name>.csv`` / ``<name>.parquet``.
    summary : dict
        Article-level figures, written to ``summary.json``.
    shared : dict
        Objects several analysers read and one builds once per article (e.g. the
        name index of :func:`analysis.analysers.names.article_names`); never written.
    """

    article_id: str
    doc: Any
    sents: list
    sentences: Table
    settings: Settings = field(default_factory=Settings)
    tables: Tables = field(default_factory=Tables)
    summary: dict[str, Any] = field(default_factory=dict)
    shared: dict[str, Any] = field(default_factory=dict)

    def once(self, key: str, source: Any, build: Callable[[], Any]) -> Any:
        """``build()``, computed once per article and kept in :attr:`shared` under ``key``
        while ``source`` (what it is built from) is the same object.

        Examples
        --------
        >>> ctx = ArticleContext("a", None, [], None)
        >>> calls = []
        >>> _ = [ctx.once("n", ctx.doc, lambda: calls.append(1)) for _ in range(3)]
        >>> len(calls)
        1
        """
        cached = self.shared.get(key)
        if cached is None or cached[0] is not source:
            cached = self.shared[key] = (source, build())
        return cached[1]
