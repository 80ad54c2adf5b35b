"""Helpers of the notebooks' parameter cells: the inputs a parameter names, the article to show."""

from __future__ import annotations

import json
from pathlib import PurePath


def notebook_inputs(value) -> list[str]:
    """The input paths a notebook parameter names: one path, a list, or a list written as text.

    ``papermill -p inputs data/raw/comparison`` passes a string, ``-y``
    passes YAML (a list), and ``-p inputs '["a.txt", "b.csv"]'`` passes the
    list as text: each gives a list of paths.  A path is never split (a
    file name may hold a comma).

    Examples
    --------
    >>> notebook_inputs("data/raw/a.txt"), notebook_inputs(["a.txt", "b/"])
    (['data/raw/a.txt'], ['a.txt', 'b/'])
    >>> notebook_inputs('["a.txt", "dossier/"]'), notebook_inputs("[a.txt, b.csv]")
    (['a.txt', 'dossier/'], ['a.txt', 'b.csv'])
    """
    if isinstance(value, (str, PurePath)):
        text = str(value).strip()
        if text.startswith("[") and text.endswith("]"):
            try:
                parsed = json.loads(text)
            except ValueError:  # YAML-style flow list without quotes: [a.txt, b.csv]
                parsed = [p.strip().strip("'\"") for p in text[1:-1].split(",") if p.strip()]
            return [str(p) for p in parsed]
        return [str(value)]
    return [str(p) for p in value]


def choose_article(articles: list, article_id: str | None = None):
    """The article whose id is ``article_id`` (the first one when it is None).

    Raises ``ValueError`` naming the ids there are when none matches.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> arts = [SimpleNamespace(article_id="a"), SimpleNamespace(article_id="b")]
    >>> choose_article(arts).article_id, choose_article(arts, "b").article_id
    ('a', 'b')
    >>> choose_article(arts, "c")
    Traceback (most recent call last):
    ValueError: no article 'c' in the inputs (articles: a, b)
    """
    if not articles:
        raise ValueError("the inputs hold no article")
    if article_id is None:
        return articles[0]
    for art in articles:
        if art.article_id == article_id:
            return art
    ids = ", ".join(a.article_id for a in articles[:20]) + (", …" if len(articles) > 20 else "")
    raise ValueError(f"no article {article_id!r} in the inputs (articles: {ids})")
