"""Charts, seaborn-style: ``plot_*(data, *, ..., ax=None, **kwargs) -> Axes`` (draw only, never save).

Every function only *draws* on the ``Axes`` it is given (or the current one,
via pyplot, when ``ax`` is None) and returns it.  None saves a file or touches
global style or ``rcParams``: apply the kit's style around the call
(:func:`analysis.output.figures.cadrage_style`, or ``matplotlib.style.use`` with
:data:`analysis.output.figures.STYLE_PATH` in a notebook) and save with
:func:`analysis.output.figures.save_figure`.

Every chart takes the same three parameters besides its data and options:

``lang`` : {"fr", "en"}
    Language of the captions (French by default).
``ax`` : matplotlib Axes, optional
    The Axes drawn on; the current one (pyplot) when None.
``**kwargs``
    Passed to the chart's main drawing call (``ax.barh``, ``ax.scatter``...),
    named in its docstring.

Each chart reads the tidy table named in its docstring.  When the table is
``None`` (its analyser has not run) or lacks a column, or has no row, the chart
draws a short message instead of failing, so a notebook or a report still
runs while analysers are added.  Captions come from :mod:`analysis.viz.labels`
(``lang="fr"`` by default, ``"en"`` available).

The modules follow the analysers: :mod:`~analysis.viz.tone`,
:mod:`~analysis.viz.actors` (entities), :mod:`~analysis.viz.sources` (quotes),
:mod:`~analysis.viz.framing` (hedging, frames, agency); then charts of several
articles (:mod:`~analysis.viz.corpus`, :mod:`~analysis.viz.keyness`) and of
coders' agreement (:mod:`~analysis.viz.validation`).  :func:`article_charts`
(:mod:`~analysis.viz.charts`) lists the charts an article's tables allow; the
export and the HTML report use it.  Colours and shared helpers live in
:mod:`~analysis.viz.style`; the names of the figures of ``summary.json`` (the report's
table of every figure) in :mod:`~analysis.viz.summary_labels`.
"""

from .actors import actor_sentences, plot_actor_tone, plot_cooccurrence, plot_top_entities
from .charts import CHART_NAMES, CHART_TITLES, CHART_WIDTH, Chart, article_charts
from .corpus import plot_article_values, plot_by_group, plot_frames_by_article, plot_sources_by_article
from .framing import PASSIVE_ROLES, agency_long, plot_agency, plot_frame_shares, plot_hedging
from .keyness import plot_keyness, plot_keyness_scatter
from .sources import plot_sources
from .style import empty_state, plain_label
from .tone import plot_evidence_words, plot_polarity_subjectivity, plot_tone_arc
from .validation import ALPHA_RELIABLE, ALPHA_TENTATIVE, plot_agreement

__all__ = [
    "ALPHA_RELIABLE", "ALPHA_TENTATIVE", "CHART_NAMES", "CHART_TITLES", "CHART_WIDTH", "PASSIVE_ROLES", "Chart",
    "actor_sentences", "agency_long", "article_charts", "empty_state", "plain_label",
    "plot_actor_tone", "plot_agency", "plot_agreement", "plot_article_values", "plot_by_group",
    "plot_cooccurrence", "plot_evidence_words", "plot_frame_shares", "plot_frames_by_article", "plot_hedging",
    "plot_keyness", "plot_keyness_scatter", "plot_polarity_subjectivity", "plot_sources",
    "plot_sources_by_article", "plot_tone_arc", "plot_top_entities",
]
