"""What reading hands on: one :class:`Article` per text, and the check that it may be analysed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import config
from ..language import guess_language
from .errors import InputError


@dataclass
class Article:
    """One article as read.

    Attributes
    ----------
    article_id : str
        Slug used for output folders and the ``article_id`` column.
    text : str
        Decoded text (not yet cleaned).
    title : str or None
        Title from metadata (HTML, a ``title`` column), if any.
    meta : dict
        ``source`` (file name, with ``#row`` for tables), ``format`` and the
        optional ``date``, ``outlet``, ``url``.
    """

    article_id: str
    text: str
    title: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def check_article(article: Article, *, any_language: bool = False) -> None:
    """Raise :class:`InputError` for an article the kit should not analyse.

    Too long (over :data:`analysis.config.MAX_ARTICLE_CHARS`) or not French
    (see :mod:`analysis.language`), unless ``any_language``.

    Examples
    --------
    >>> try:
    ...     check_article(Article("a", "The minister said that the reform would pass in May, and that it was fair."))
    ... except InputError as exc:
    ...     print(exc)
    a: does not look like French (function words point to 'en', 0% French); not analysed (use --any-language to force)
    """
    if not isinstance(article, Article):
        raise TypeError(f"expected an analysis.intake.Article (as read_articles returns), "
                        f"not {type(article).__name__}")
    if not isinstance(article.text, str):
        raise TypeError(f"an article's text must be a str, not {type(article.text).__name__}")
    source = article.meta.get("source") or article.article_id
    if len(article.text) > config.MAX_ARTICLE_CHARS:
        raise InputError(source, f"the article is {len(article.text):,} characters long, over the "
                                 f"{config.MAX_ARTICLE_CHARS:,} limit; split it")
    if not any_language:
        g = guess_language(article.text)
        if not g.is_french:
            raise InputError(source, f"does not look like French (function words point to '{g.language}', "
                                     f"{g.french_share:.0%} French); not analysed (use --any-language to force)")
