"""Cadrage: how a French news article is told, as tidy pandas tables and charts.

The public API, in the order the data flows::

    import analysis as cadrage

    articles = cadrage.read_articles("data/raw")            # files, folders, CSV/JSONL/Parquet
    [res] = cadrage.analyse("data/raw/article.txt")         # read + clean + one spaCy pass + analysers
    res = cadrage.analyse_text("Le ministre a parlé.", settings=cadrage.Settings(sentiment="news"))
    res.tables["quotes"]                                    # every table, see docs/tables.md
    ax = cadrage.plot_tone_arc(res.sentences)               # plot_*(data, *, ..., ax=None) -> Axes
    with cadrage.cadrage_style():                           # the packaged colour-blind-safe style
        fig, ax = cadrage.new_figure()
    cadrage.save_figure(fig, "reports/figures/tone")        # the one place that writes figures
    cadrage.write_article(res, "reports")                   # tables, summary.json, figures, report.html
    list(cadrage.report_corpus(articles, "reports"))        # a corpus: the Parquet dataset

No public name is also the name of a module of the package (``from analysis import
keyness`` gives the module). Names are loaded on first use (PEP 562), so ``import analysis`` stays light and the
command line answers ``--help`` or a bad input without loading spaCy or matplotlib.

Examples
--------
>>> import analysis
>>> analysis.Settings().sentiment
'news'
>>> sorted(set(analysis.__all__) - set(dir(analysis)))
[]
"""

from __future__ import annotations

import importlib

#: Where each public name lives (module, relative to this package).
_WHERE = {
    # reading inputs
    "Article": "intake", "InputError": "intake", "InputWarning": "intake",
    "read_articles": "intake", "iter_articles": "intake",
    # settings and the pipeline
    "Settings": "context",
    "analyse": "article", "analyse_text": "article", "analyse_article": "article",
    "analyse_many": "article", "ArticleResult": "article",
    # outputs
    "cadrage_style": "output.figures", "new_figure": "output.figures", "save_figure": "output.figures",
    "write_article": "output.export",
    # corpus
    "report_corpus": "corpus",
    # charts: plot_*(data, *, ..., ax=None, **kwargs) -> Axes
    **{name: "viz" for name in (
        "plot_tone_arc", "plot_polarity_subjectivity", "plot_evidence_words", "plot_top_entities",
        "plot_actor_tone", "plot_cooccurrence", "plot_sources", "plot_hedging", "plot_frame_shares",
        "plot_agency", "plot_article_values", "plot_frames_by_article", "plot_sources_by_article",
        "plot_agreement", "plot_by_group", "plot_keyness", "plot_keyness_scatter")},
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value  # found once, then an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
