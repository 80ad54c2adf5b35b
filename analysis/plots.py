"""Charts of one article's tables, seaborn-style: ``plot_*(data, *, ..., ax=None) -> Axes``.

Every function here only *draws* on the ``Axes`` it is given (or the current
one, via pyplot, when ``ax`` is None) and returns it.  None saves a file or
touches global style or ``rcParams``: apply the kit's style around the call
(:func:`analysis.export.cadrage_style`, or ``matplotlib.style.use`` with
:data:`analysis.export.STYLE_PATH` in a notebook) and save with
:func:`analysis.export.save_figure`.

Each chart reads the tidy table named in its docstring.  When the table is
``None`` (its analyser has not run) or lacks a column, or has no row, the chart
draws a short message instead of failing, so a notebook or a report still
runs while analysers are added.  Captions come from :mod:`analysis.labels`
(``lang="fr"`` by default, ``"en"`` available).

:func:`article_charts` lists the charts an article's tables allow; the export
and the HTML report use it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import labels as L

#: Okabe & Ito colour-blind-safe colours used with a fixed meaning.
POSITIVE = "#0072B2"   # blue
NEGATIVE = "#D55E00"   # vermillion
NEUTRAL = "#999999"    # grey
QUOTE = "#E69F00"      # orange
HEDGE = "#009E73"      # bluish green
ACCENT = "#CC79A7"     # reddish purple
SKY = "#56B4E9"
#: Colours of entity labels (other labels cycle through the remaining colours).
LABEL_COLOURS = {"PER": POSITIVE, "ORG": QUOTE, "LOC": HEDGE, "GPE": HEDGE, "MISC": NEUTRAL,
                 "EQUIP": ACCENT}
#: Colours of quote speaker kinds.
SPEAKER_COLOURS = {"person": POSITIVE, "organisation": HEDGE, "organization": HEDGE,
                   "anonymous": NEGATIVE, "unknown": NEUTRAL}
_SPARE = [SKY, "#000000", "#F0E442", QUOTE, HEDGE, ACCENT, POSITIVE, NEGATIVE]


# --- helpers -----------------------------------------------------------------

def _get_ax(ax):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt  # only when the caller gave no Axes

    return plt.gca()


def empty_state(ax, message: str, *, title: str | None = None):
    """Draw ``message`` in the middle of an empty ``ax`` (no ticks, no grid).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = empty_state(Figure().subplots(), "Aucune donnée")
    >>> ax.texts[0].get_text()
    'Aucune donnée'
    """
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center",
            color="#555555", wrap=True)
    if title:
        ax.set_title(title)
    return ax


def _usable(data, name: str, columns, ax, lang: str, title: str) -> bool:
    """True when ``data`` has ``columns`` and rows; otherwise draw why not."""
    if data is None:
        empty_state(ax, L.text("missing_table", lang, name=name), title=title)
        return False
    missing = [c for c in columns if c not in data.columns]
    if missing:
        empty_state(ax, L.text("missing_columns", lang, name=name, columns=", ".join(missing)),
                    title=title)
        return False
    if len(data) == 0:
        empty_state(ax, L.text("empty", lang), title=title)
        return False
    return True


def _one_article(df: pd.DataFrame, what: str) -> None:
    if "article_id" in df.columns and df["article_id"].nunique() > 1:
        raise ValueError(f"{what} draws one article; filter the table first "
                         "(e.g. df[df['article_id'] == ...])")


def _short(s, width: int = 38) -> str:
    s = " ".join(str(s).split())
    return textwrap.shorten(s, width=width, placeholder="…") if len(s) > width else s


def _bool(series: pd.Series) -> np.ndarray:
    return series.fillna(False).astype(bool).to_numpy()


def _colours(keys, fixed: Mapping[str, str]) -> dict:
    out, spare = {}, iter(_SPARE * 4)
    for k in keys:
        out[k] = fixed.get(k) or fixed.get(str(k).upper()) or next(spare)
    return out


def _patch(colour: str, label: str):
    # a legend entry that is not drawn on the axes (no stray bar at 0)
    from matplotlib.patches import Patch

    return Patch(color=colour, label=label)


def _fit_title(ax, title: str) -> str:
    """``title`` wrapped to the width of ``ax``: in a row of small axes (several measures side by
    side) a long title ran into its neighbour's or off the figure."""
    from matplotlib.font_manager import FontProperties
    from matplotlib import rcParams

    width_in = ax.get_position().width * ax.figure.get_figwidth()
    size = FontProperties(size=rcParams["axes.titlesize"]).get_size_in_points()
    chars = max(14, int(width_in * 72 / (0.68 * size)))  # 0.68 em: a wide bold character
    return textwrap.fill(title, chars, break_on_hyphens=False)


def _sym_ylim(values, floor: float = 0.25) -> float:
    m = float(np.nanmax(np.abs(values))) if len(values) else 0.0
    return min(max(m * 1.15, floor), 1.05)


# --- tone --------------------------------------------------------------------

def plot_tone_arc(sentences: pd.DataFrame | None, *, window: int = 3, lang: str = L.DEFAULT_LANG,
                  ax=None, **kwargs):
    """Sentence polarity in reading order, a moving average, quotes and hedged sentences marked.

    Parameters
    ----------
    sentences : DataFrame
        ``sentences`` table of one article: ``sentence_id``, ``polarity``;
        optional ``n_scored`` (sentences with no scored word drawn as grey
        rings), ``is_quote`` (shaded), ``hedged`` (triangles).
    window : int
        Sentences in the centred moving average.
    lang : {"fr", "en"}
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.bar`` (the per-sentence bars).

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> s = pd.DataFrame({"sentence_id": [0, 1, 2], "polarity": [0.5, -0.2, 0.0]})
    >>> ax = plot_tone_arc(s, ax=Figure().subplots())
    >>> len(ax.patches), len(ax.lines)
    (3, 2)
    """
    ax = _get_ax(ax)
    title = L.text("tone_arc.title", lang)
    if not _usable(sentences, "sentences", ["sentence_id", "polarity"], ax, lang, title):
        return ax
    _one_article(sentences, "plot_tone_arc")
    s = sentences.sort_values("sentence_id")
    x = s["sentence_id"].to_numpy()
    y = s["polarity"].astype("float64").fillna(0.0).to_numpy()
    scored = (s["n_scored"].fillna(0).to_numpy() > 0) if "n_scored" in s.columns else np.ones(len(s), bool)

    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = []
    if "is_quote" in s.columns and _bool(s["is_quote"]).any():
        for xi in x[_bool(s["is_quote"])]:
            ax.axvspan(xi - 0.5, xi + 0.5, color=QUOTE, alpha=0.18, lw=0)
        handles.append(Patch(color=QUOTE, alpha=0.3, label=L.text("tone_arc.quote", lang)))
    colours = np.where(y > 0, POSITIVE, np.where(y < 0, NEGATIVE, NEUTRAL))
    ax.bar(x, y, color=colours, **({"width": 0.7} | kwargs))
    handles += [Patch(color=POSITIVE, label=f"{L.text('tone_arc.sentence', lang)} > 0"),
                Patch(color=NEGATIVE, label=f"{L.text('tone_arc.sentence', lang)} < 0")]
    if (~scored).any():
        ax.plot(x[~scored], np.zeros((~scored).sum()), "o", mfc="white", mec=NEUTRAL, ms=5)
        handles.append(Line2D([], [], ls="", marker="o", mfc="white", mec=NEUTRAL, ms=5,
                              label=L.text("tone_arc.unscored", lang)))
    smooth = pd.Series(y).rolling(window, center=True, min_periods=1).mean()
    ax.plot(x, smooth, color="#333333", lw=1.8)
    handles.append(Line2D([], [], color="#333333", lw=1.8, label=L.text("tone_arc.smooth", lang, window=window)))
    ax.axhline(0, color="#555555", lw=0.8)
    lim = _sym_ylim(y)
    if "hedged" in s.columns and _bool(s["hedged"]).any():
        hx = x[_bool(s["hedged"])]
        ax.plot(hx, np.full(len(hx), -lim * 0.93), "^", color=HEDGE, ms=6)
        handles.append(Line2D([], [], ls="", marker="^", color=HEDGE, ms=6,
                              label=L.text("tone_arc.hedged", lang)))
    ax.set_ylim(-lim, lim)
    ax.set_xlim(x.min() - 0.7, x.max() + 0.7)
    ax.set_xlabel(L.text("sentence_axis", lang))
    ax.set_ylabel(L.text("polarity", lang))
    ax.set_title(title)
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


def plot_polarity_subjectivity(sentences: pd.DataFrame | None, *, annotate: int = 3,
                               lang: str = L.DEFAULT_LANG, ax=None, **kwargs):
    """Polarity against subjectivity of each scored sentence (size: scored words).

    Sentences with no scored word (``n_scored == 0``) are left out: they have
    no tone to place.  The ``annotate`` sentences of strongest polarity are
    labelled with their ``sentence_id``.

    Parameters
    ----------
    sentences : DataFrame
        ``sentence_id``, ``polarity``, ``subjectivity``; optional ``n_scored``.
    annotate : int
    lang : {"fr", "en"}
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.scatter``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> s = pd.DataFrame({"sentence_id": [0, 1], "polarity": [0.5, -0.2],
    ...                   "subjectivity": [0.6, 0.3], "n_scored": [2, 1]})
    >>> ax = plot_polarity_subjectivity(s, ax=Figure().subplots())
    >>> ax.collections[0].get_offsets().shape
    (2, 2)
    """
    ax = _get_ax(ax)
    title = L.text("polsub.title", lang)
    if not _usable(sentences, "sentences", ["sentence_id", "polarity", "subjectivity"], ax, lang, title):
        return ax
    s = sentences
    if "n_scored" in s.columns:
        s = s[s["n_scored"].fillna(0) > 0]
    if s.empty:
        return empty_state(ax, L.text("empty", lang), title=title)
    pol = s["polarity"].astype("float64").to_numpy()
    sub = s["subjectivity"].astype("float64").to_numpy()
    n = s["n_scored"].to_numpy(dtype="float64") if "n_scored" in s.columns else np.ones(len(s))
    colours = np.where(pol > 0, POSITIVE, np.where(pol < 0, NEGATIVE, NEUTRAL))
    kw = {"alpha": 0.8, "edgecolors": "white", "linewidths": 0.6} | kwargs
    ax.scatter(pol, sub, s=25 + 25 * n, c=colours, **kw)
    ax.axvline(0, color="#555555", lw=0.8)
    order = np.argsort(-np.abs(pol), kind="stable")[:annotate]
    for i in order:
        ax.annotate(str(int(s["sentence_id"].iloc[i])), (pol[i], sub[i]), xytext=(4, 4),
                    textcoords="offset points", fontsize=8, color="#333333")
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(-0.03, 1.05)
    ax.set_xlabel(L.text("polarity", lang))
    ax.set_ylabel(L.text("subjectivity", lang))
    ax.set_title(title)
    ax.text(1.0, -0.12, L.text("polsub.size", lang), transform=ax.transAxes, ha="right",
            va="top", fontsize=8, color="#555555")
    return ax


def plot_evidence_words(evidence: pd.DataFrame | None, *, n: int = 8, method: str | None = None,
                        lang: str = L.DEFAULT_LANG, ax=None, **kwargs):
    """The scored words that push the tone most, positive and negative, with a colour key.

    Words (the ``words`` chunk of the evidence table, lower-cased) are ranked by
    their summed polarity over the article; the label shows how often each
    occurs.  Only words that carry tone are drawn: chunks of polarity 0 (a
    lexicon entry without tone) and words whose occurrences cancel out are
    left out.  A key names the two colours (positive, negative).

    Parameters
    ----------
    evidence : DataFrame
        ``evidence`` table: ``words``, ``polarity``.
    n : int
        Words shown on each side.
    method : str, optional
        When the table holds several tone methods (a ``method`` column), the
        one drawn; default: the first in the table.
    lang : {"fr", "en"}
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.barh``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> e = pd.DataFrame({"words": ["bon", "bon", "pas clair"], "polarity": [0.7, 0.7, -0.05]})
    >>> ax = plot_evidence_words(e, ax=Figure().subplots())
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['pas clair (×1)', 'bon (×2)']
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['positif', 'négatif']
    """
    ax = _get_ax(ax)
    title = L.text("evidence.title", lang)
    if not _usable(evidence, "evidence", ["words", "polarity"], ax, lang, title):
        return ax
    e = evidence
    if "method" in e.columns and len(e):
        e = e[e["method"] == (method or e["method"].iloc[0])]
    e = e[e["polarity"] != 0]  # a chunk without tone makes no tone
    e = e.assign(_w=e["words"].astype("str").str.lower().str.strip())
    g = (e.groupby("_w", sort=True)["polarity"].agg(total="sum", count="size").reset_index())
    pos = g[g["total"] > 0].sort_values(["total", "_w"], ascending=[False, True]).head(n)
    neg = g[g["total"] < 0].sort_values(["total", "_w"], ascending=[True, True]).head(n)
    if pos.empty and neg.empty:
        return empty_state(ax, L.text("empty", lang), title=title)
    # most negative at the bottom, most positive at the top
    rows = pd.concat([neg, pos.iloc[::-1]])
    y = np.arange(len(rows))
    colours = np.where(rows["total"] > 0, POSITIVE, NEGATIVE)
    ax.barh(y, rows["total"], color=colours, **kwargs)
    ax.set_yticks(y, [f"{_short(w, 30)} (×{c})" for w, c in zip(rows["_w"], rows["count"])])
    ax.axvline(0, color="#555555", lw=0.8)
    ax.grid(axis="y", visible=False)
    ax.legend(handles=[_patch(POSITIVE, L.text("evidence.positive", lang)),
                       _patch(NEGATIVE, L.text("evidence.negative", lang))],
              loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.set_xlabel(L.text("evidence.xlabel", lang))
    ax.set_title(title)
    return ax


# --- entities ----------------------------------------------------------------

def plot_top_entities(entities: pd.DataFrame | None, *, n: int = 12, by: str = "mentions",
                      lang: str = L.DEFAULT_LANG, ax=None, **kwargs):
    """The most mentioned entities, coloured by type (person, organisation, place...).

    Parameters
    ----------
    entities : DataFrame
        ``entities`` table: ``entity``, ``label`` and ``by`` (default ``mentions``).
        Rows of several articles are summed per entity and label.
    n : int
    by : str
        Count column ranking the bars (``mentions`` or ``sentences``).
    lang : {"fr", "en"}
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.barh``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> e = pd.DataFrame({"entity": ["OTAN", "Ankara"], "label": ["ORG", "LOC"], "mentions": [2, 5]})
    >>> ax = plot_top_entities(e, ax=Figure().subplots())
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Ankara', 'OTAN']
    """
    ax = _get_ax(ax)
    title = L.text("entities.title", lang)
    if not _usable(entities, "entities", ["entity", "label", by], ax, lang, title):
        return ax
    g = (entities.groupby(["entity", "label"], sort=True)[by].sum().reset_index()
         .sort_values([by, "entity"], ascending=[False, True], kind="stable").head(n))
    labs = sorted(g["label"].astype(str).unique())
    colours = _colours(labs, LABEL_COLOURS)
    y = np.arange(len(g))[::-1]
    ax.barh(y, g[by], color=[colours[str(v)] for v in g["label"]], **kwargs)
    ax.set_yticks(y, [_short(v) for v in g["entity"]])
    ax.grid(axis="y", visible=False)
    ax.legend(handles=[_patch(colours[lab], L.value("entity_label", lab, lang)) for lab in labs],
              loc="lower right")
    ax.set_xlabel(L.text("mentions" if by == "mentions" else "sentences", lang))
    ax.set_title(title)
    ax.xaxis.get_major_locator().set_params(integer=True)
    return ax


def actor_sentences(mentions: pd.DataFrame, sentences: pd.DataFrame, *, by: str = "entity") -> pd.DataFrame:
    """One row per (actor, sentence naming it) with the sentence polarity.

    ``by="actor"`` groups by the ``actor`` column, falling back to the entity
    name where no actor is set.  A sentence naming an actor twice counts once.

    Examples
    --------
    >>> m = pd.DataFrame({"article_id": "a", "sentence_id": [0, 0, 1], "entity": ["X", "X", "X"]})
    >>> s = pd.DataFrame({"article_id": "a", "sentence_id": [0, 1], "polarity": [0.2, -0.4]})
    >>> actor_sentences(m, s)["polarity"].tolist()
    [0.2, -0.4]
    """
    keys = [k for k in ("article_id", "sentence_id") if k in mentions.columns and k in sentences.columns]
    m = mentions.copy()
    if by == "actor":
        actor = m["actor"].astype("str") if "actor" in m.columns else m["entity"].astype("str")
        empty = m["actor"].isna() | (actor.str.strip() == "") if "actor" in m.columns else False
        m["name"] = actor.where(~empty, m["entity"].astype("str"))
    else:
        m["name"] = m[by].astype("str")
    m = m[keys + ["name"]].drop_duplicates()
    out = m.merge(sentences[keys + ["polarity"]], on=keys, how="inner", validate="many_to_one")
    return out.sort_values(["name"] + keys, kind="stable").reset_index(drop=True)


def plot_actor_tone(mentions: pd.DataFrame | None, *, sentences: pd.DataFrame | None = None,
                    by: str = "entity", n: int = 10, lang: str = L.DEFAULT_LANG, ax=None, **kwargs):
    """Mean polarity of the sentences naming each actor, with spread and count.

    Parameters
    ----------
    mentions : DataFrame
        ``mentions`` table (``sentence_id``, ``entity``, optional ``actor``), or
        the output of :func:`actor_sentences` (``name``, ``polarity``).
    sentences : DataFrame, optional
        ``sentences`` table with ``polarity``, needed with a mentions table.
    by : {"entity", "actor"}
    n : int
        Actors shown: the ``n`` named in most sentences.
    lang : {"fr", "en"}
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.errorbar``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> d = pd.DataFrame({"name": ["A", "A", "B"], "polarity": [0.2, 0.4, -0.1]})
    >>> ax = plot_actor_tone(d, ax=Figure().subplots())
    >>> [t.get_text() for t in ax.get_yticklabels()]  # bottom to top, by mean polarity
    ['B', 'A']
    """
    ax = _get_ax(ax)
    title = L.text("actor_tone.title", lang)
    if mentions is not None and "name" in mentions.columns and "polarity" in mentions.columns:
        data = mentions
    else:
        if not _usable(mentions, "mentions", ["sentence_id", by if by != "actor" else "entity"],
                       ax, lang, title):
            return ax
        if not _usable(sentences, "sentences", ["sentence_id", "polarity"], ax, lang, title):
            return ax
        data = actor_sentences(mentions, sentences, by=by)
    if data.empty:
        return empty_state(ax, L.text("empty", lang), title=title)
    g = (data.groupby("name", sort=True)["polarity"]
         .agg(mean="mean", sd=lambda v: float(np.std(v, ddof=0)), n="size").reset_index()
         .sort_values(["n", "name"], ascending=[False, True], kind="stable").head(n))
    g = g.sort_values(["mean", "name"], ascending=[True, True], kind="stable")
    y = np.arange(len(g))
    colours = np.where(g["mean"] > 0, POSITIVE, np.where(g["mean"] < 0, NEGATIVE, NEUTRAL))
    kw = {"fmt": "none", "ecolor": "#777777", "elinewidth": 1.2, "capsize": 3} | kwargs
    ax.errorbar(g["mean"], y, xerr=g["sd"], **kw)
    ax.scatter(g["mean"], y, s=20 + 12 * g["n"].clip(upper=20), c=colours, zorder=3)
    lim = _sym_ylim((g["mean"].abs() + g["sd"]).to_numpy(), floor=0.3)
    for yi, (m, nn) in enumerate(zip(g["mean"], g["n"])):
        ax.annotate(L.text("actor_tone.n", lang, n=int(nn)), (lim, yi), xytext=(-2, 0),
                    textcoords="offset points", ha="right", va="center", fontsize=8, color="#555555")
    ax.axvline(0, color="#555555", lw=0.8)
    ax.set_xlim(-lim, lim)
    ax.set_yticks(y, [_short(v) for v in g["name"]])
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(L.text("actor_tone.xlabel", lang))
    ax.set_title(title)
    return ax


def plot_cooccurrence(cooccurrence: pd.DataFrame | None, *, n: int = 10, lang: str = L.DEFAULT_LANG,
                      ax=None, cmap: str = "Blues", **kwargs):
    """Which actors share sentences: a symmetric matrix of the ``n`` most connected.

    The kit's ``cooccurrence`` table pairs actors (the ones of the actor tone and
    agency charts: "Ankara" and "Turquie" are one actor); its columns keep the
    names ``entity_a``, ``entity_b``.

    Parameters
    ----------
    cooccurrence : DataFrame
        ``cooccurrence`` table: ``entity_a``, ``entity_b``, ``sentences``.
    n : int
    lang : {"fr", "en"}
    ax : matplotlib Axes, optional
    cmap : str
        A sequential colour map (default ``Blues``, readable in grey scale).
    **kwargs
        Passed to ``ax.imshow``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> c = pd.DataFrame({"entity_a": ["A", "A"], "entity_b": ["B", "C"], "sentences": [2, 1]})
    >>> ax = plot_cooccurrence(c, ax=Figure().subplots())
    >>> ax.images[0].get_array().shape
    (3, 3)
    """
    ax = _get_ax(ax)
    title = L.text("cooc.title", lang)
    if not _usable(cooccurrence, "cooccurrence", ["entity_a", "entity_b", "sentences"], ax, lang, title):
        return ax
    c = (cooccurrence.groupby(["entity_a", "entity_b"], sort=True)["sentences"].sum().reset_index())
    c = c[c["entity_a"] != c["entity_b"]]
    weight = (pd.concat([c.rename(columns={"entity_a": "e"})[["e", "sentences"]],
                         c.rename(columns={"entity_b": "e"})[["e", "sentences"]]])
              .groupby("e", sort=True)["sentences"].sum().reset_index()
              .sort_values(["sentences", "e"], ascending=[False, True], kind="stable"))
    names = sorted(weight["e"].head(n).astype(str))
    if not names:
        return empty_state(ax, L.text("empty", lang), title=title)
    idx = {v: i for i, v in enumerate(names)}
    mat = np.zeros((len(names), len(names)))
    for a, b, v in c[["entity_a", "entity_b", "sentences"]].itertuples(index=False):
        if a in idx and b in idx:
            mat[idx[a], idx[b]] += v
            mat[idx[b], idx[a]] += v
    shown = np.ma.masked_where(np.eye(len(names), dtype=bool), mat)
    kw = {"cmap": cmap, "vmin": 0, "vmax": max(mat.max(), 1), "aspect": "equal"} | kwargs
    ax.imshow(shown, **kw)
    for i in range(len(names)):
        for j in range(len(names)):
            if i != j and mat[i, j]:
                dark = mat[i, j] > 0.6 * mat.max()
                ax.text(j, i, f"{mat[i, j]:.0f}", ha="center", va="center", fontsize=8,
                        color="white" if dark else "#222222")
    ticks = [_short(v, 22) for v in names]
    ax.set_xticks(range(len(names)), ticks, rotation=45, ha="right", rotation_mode="anchor")
    ax.set_yticks(range(len(names)), ticks)
    ax.grid(False)
    # the note is a subtitle: its own line under the title (at the right it ran into long titles)
    ax.set_title(title, pad=20)
    ax.text(0.0, 1.012, L.text("cooc.cbar", lang), transform=ax.transAxes, ha="left", va="bottom",
            fontsize=8, color="#555555")
    return ax


# --- sources, hedging, frames, agency ------------------------------------------

def plot_sources(quotes: pd.DataFrame | None, *, n: int = 12, lang: str = L.DEFAULT_LANG,
                 ax=None, **kwargs):
    """Quotes per speaker, coloured by kind of source (named person, organisation, anonymous).

    Parameters
    ----------
    quotes : DataFrame
        ``quotes`` table: ``speaker``, ``speaker_kind``.  An empty speaker is
        shown as its kind ("source anonyme", "orateur inconnu"), so unattributed
        quotes are one bar.  The legend counts quotes per kind over *all* rows,
        including speakers beyond the ``n`` drawn.
    n : int
    lang : {"fr", "en"}
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.barh``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> q = pd.DataFrame({"speaker": ["Wendy Sherman", "des sources", "des sources"],
    ...                   "speaker_kind": ["person", "anonymous", "anonymous"]})
    >>> ax = plot_sources(q, ax=Figure().subplots())
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['des sources', 'Wendy Sherman']
    >>> q = pd.DataFrame({"speaker": ["", None], "speaker_kind": ["unknown", "anonymous"]})
    >>> sorted(t.get_text() for t in plot_sources(q, ax=Figure().subplots()).get_yticklabels())
    ['orateur inconnu', 'source anonyme']
    """
    ax = _get_ax(ax)
    title = L.text("sources.title", lang)
    if not _usable(quotes, "quotes", ["speaker", "speaker_kind"], ax, lang, title):
        return ax
    kind_col = quotes["speaker_kind"].astype("str").fillna("unknown").replace({"nan": "unknown"})
    names = quotes["speaker"].astype("str").fillna("").str.strip().replace({"nan": ""})
    # an unnamed speaker is shown as its kind: « source anonyme », « orateur inconnu »
    blank = {k: L.value("speaker_kind", k if k == "anonymous" else "unknown", lang)
             for k in set(kind_col)}
    q = quotes.assign(speaker=[n or blank[k] for n, k in zip(names, kind_col)],
                      speaker_kind=kind_col)
    g = (q.groupby(["speaker", "speaker_kind"], sort=True).size().rename("quotes").reset_index()
         .sort_values(["quotes", "speaker"], ascending=[False, True], kind="stable").head(n))
    kinds = [k for k in SPEAKER_COLOURS if k in set(q["speaker_kind"])]
    kinds += sorted(set(q["speaker_kind"]) - set(kinds))
    colours = _colours(kinds, SPEAKER_COLOURS)
    y = np.arange(len(g))[::-1]
    ax.barh(y, g["quotes"], color=[colours[k] for k in g["speaker_kind"]], **kwargs)
    ax.set_yticks(y, [_short(v) for v in g["speaker"]])
    totals = q["speaker_kind"].value_counts()
    ax.legend(handles=[_patch(colours[k], f"{L.value('speaker_kind', k, lang)} ({int(totals[k])})")
                       for k in kinds], loc="lower right")
    ax.grid(axis="y", visible=False)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel(L.text("sources.xlabel", lang))
    ax.set_title(title)
    return ax


def plot_hedging(sentences: pd.DataFrame | None, *, window: int = 5, lang: str = L.DEFAULT_LANG,
                 ax=None, **kwargs):
    """Hedged sentences (conditional mood, hedge words) through the article, with a moving share.

    Parameters
    ----------
    sentences : DataFrame
        ``sentences`` table of one article: ``sentence_id``, ``hedged``.
    window : int
        Sentences in the centred moving share.
    lang : {"fr", "en"}
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.bar`` (one thin bar per hedged sentence).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> s = pd.DataFrame({"sentence_id": [0, 1, 2], "hedged": [False, True, False]})
    >>> ax = plot_hedging(s, ax=Figure().subplots())
    >>> len(ax.patches), round(float(ax.lines[0].get_ydata()[1]), 3)
    (1, 0.333)
    """
    ax = _get_ax(ax)
    title = L.text("hedging.title", lang)
    if not _usable(sentences, "sentences", ["sentence_id", "hedged"], ax, lang, title):
        return ax
    _one_article(sentences, "plot_hedging")
    s = sentences.sort_values("sentence_id")
    x = s["sentence_id"].to_numpy()
    h = _bool(s["hedged"])
    kw = {"width": 0.6, "color": HEDGE, "alpha": 0.35, "label": L.text("hedging.hedged", lang)} | kwargs
    if h.any():
        ax.bar(x[h], np.ones(h.sum()), **kw)
    share = pd.Series(h.astype(float)).rolling(window, center=True, min_periods=1).mean()
    ax.plot(x, share, color="#333333", label=L.text("hedging.share", lang, window=window))
    ax.set_ylim(0, 1.05)
    ax.set_xlim(x.min() - 0.7, x.max() + 0.7)
    ax.yaxis.set_major_formatter(_make_percent())
    ax.set_xlabel(L.text("sentence_axis", lang))
    ax.set_ylabel(L.text("share_sentences", lang))
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


def _percent_fmt(v, _pos=None):
    return f"{v * 100:.0f} %"


def _make_percent():
    # a fresh formatter per axis: a formatter belongs to one axis
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(_percent_fmt)


def plot_frame_shares(frames: pd.DataFrame | None, *, n_sentences: int | None = None, n: int = 14,
                      lang: str = L.DEFAULT_LANG, ax=None, **kwargs):
    """Share of sentences carrying each frame dimension.

    Parameters
    ----------
    frames : DataFrame
        ``frames`` table: ``sentence_id``, ``frame`` (one row per sentence and frame).
    n_sentences : int, optional
        Sentences in the article (the denominator); without it the bars show
        sentence counts.
    n : int
    lang : {"fr", "en"}
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.barh``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> f = pd.DataFrame({"sentence_id": [0, 1, 1], "frame": ["political", "political", "economic"]})
    >>> ax = plot_frame_shares(f, n_sentences=4, ax=Figure().subplots())
    >>> [round(float(p.get_width()), 2) for p in ax.patches]
    [0.5, 0.25]
    """
    ax = _get_ax(ax)
    title = L.text("frames.title", lang)
    if not _usable(frames, "frames", ["sentence_id", "frame"], ax, lang, title):
        return ax
    keys = [k for k in ("article_id", "sentence_id") if k in frames.columns]
    g = (frames.drop_duplicates(keys + ["frame"]).groupby("frame", sort=True).size()
         .rename("k").reset_index().sort_values(["k", "frame"], ascending=[False, True], kind="stable")
         .head(n))
    vals = g["k"] / n_sentences if n_sentences else g["k"]
    kw = {"color": POSITIVE} | kwargs
    y = np.arange(len(g))
    ax.barh(y, vals.to_numpy(dtype=float), **kw)
    ax.set_yticks(y, [L.value("frame", v, lang) for v in g["frame"]])
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    if n_sentences:
        ax.xaxis.set_major_formatter(_make_percent())
        ax.set_xlabel(L.text("share_sentences", lang))
    else:
        ax.set_xlabel(L.text("sentences", lang))
    ax.set_title(title)
    return ax


#: Column names accepted for the count in a long agency table.
_COUNT_COLUMNS = ("count", "n", "occurrences", "times", "sentences")
#: Roles drawn to the left (acted upon) in :func:`plot_agency`.
PASSIVE_ROLES = ("patient", "recipient")


def agency_long(agency: pd.DataFrame) -> pd.DataFrame:
    """An agency table as ``name, role, count`` rows, whatever its layout.

    Accepts a long table (``actor`` or ``entity``, ``role``, and a count column
    or one row per occurrence) or a wide one (``agent``, ``patient``,
    ``recipient`` count columns).

    Examples
    --------
    >>> agency_long(pd.DataFrame({"actor": ["X"], "agent": [2], "patient": [1]}))
      name     role  count
    0    X    agent      2
    1    X  patient      1
    """
    name = next((c for c in ("actor", "entity", "name") if c in agency.columns), None)
    if name is None:
        raise ValueError("agency table needs an 'actor' or 'entity' column")
    if "role" in agency.columns:
        cnt = next((c for c in _COUNT_COLUMNS if c in agency.columns), None)
        a = agency.assign(count=agency[cnt] if cnt else 1)
        out = a.groupby([name, "role"], sort=True)["count"].sum().reset_index()
    else:
        roles = [c for c in ("agent", *PASSIVE_ROLES) if c in agency.columns]
        if not roles:
            raise ValueError("agency table needs a 'role' column or agent/patient/recipient columns")
        out = (agency.melt(id_vars=[name], value_vars=roles, var_name="role", value_name="count")
               .groupby([name, "role"], sort=True)["count"].sum().reset_index())
    out = out.rename(columns={name: "name"})
    out["count"] = out["count"].fillna(0).astype("int64")
    out = out[out["count"] > 0]
    return out.sort_values(["name", "role"], kind="stable").reset_index(drop=True)


def plot_agency(agency: pd.DataFrame | None, *, n: int = 10, lang: str = L.DEFAULT_LANG,
                ax=None, **kwargs):
    """Who acts and who is acted upon: agent counts to the right, patient/recipient to the left.

    Parameters
    ----------
    agency : DataFrame
        ``agency`` table (see :func:`agency_long` for the layouts accepted).
    n : int
        Actors shown: the ``n`` with most occurrences.
    lang : {"fr", "en"}
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.barh``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> a = pd.DataFrame({"actor": ["États-Unis", "Turquie"], "agent": [3, 0], "recipient": [0, 2]})
    >>> ax = plot_agency(a, ax=Figure().subplots())
    >>> sorted(round(p.get_width()) for p in ax.patches if p.get_width())
    [-2, 3]
    """
    ax = _get_ax(ax)
    title = L.text("agency.title", lang)
    if agency is None or len(agency) == 0:
        _usable(agency, "agency", [], ax, lang, title)
        return ax
    try:
        d = agency_long(agency)
    except ValueError as exc:
        return empty_state(ax, str(exc), title=title)
    if d.empty:
        return empty_state(ax, L.text("empty", lang), title=title)
    wide = d.pivot_table(index="name", columns="role", values="count", aggfunc="sum", fill_value=0)
    wide["_total"] = wide.sum(axis=1)
    wide = wide.reset_index().sort_values(["_total", "name"], ascending=[False, True], kind="stable").head(n)
    y = np.arange(len(wide))[::-1]
    roles = [r for r in wide.columns if r not in ("name", "_total")]
    active = [r for r in roles if r not in PASSIVE_ROLES]
    passive = [r for r in PASSIVE_ROLES if r in roles]
    colours = {"agent": POSITIVE, "patient": NEGATIVE, "recipient": QUOTE}
    spare = iter([HEDGE, ACCENT, SKY, NEUTRAL] * 3)
    left = np.zeros(len(wide))
    for r in active:
        ax.barh(y, wide[r], left=left, color=colours.get(r) or next(spare),
                label=L.value("role", r, lang), **kwargs)
        left = left + wide[r].to_numpy()
    left = np.zeros(len(wide))
    for r in passive:
        ax.barh(y, -wide[r], left=left, color=colours[r], label=L.value("role", r, lang), **kwargs)
        left = left - wide[r].to_numpy()
    ax.axvline(0, color="#555555", lw=0.8)
    ax.set_yticks(y, [_short(v) for v in wide["name"]])
    ax.xaxis.set_major_formatter(_abs_formatter())
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right")
    ax.set_xlabel(L.text("agency.xlabel", lang))
    ax.set_title(title)
    return ax


def _abs_formatter():
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _p=None: f"{abs(v):g}")


# --- several articles, validation ----------------------------------------------------

def plot_article_values(table: pd.DataFrame | None, value: str, *, label: str = "article_id",
                        lang: str = L.DEFAULT_LANG, ax=None, **kwargs):
    """One measure side by side for several articles (one bar per article).

    Parameters
    ----------
    table : DataFrame
        One row per article, e.g. :func:`analysis.report.compare_articles`.
    value : str
        Column to draw (``mean_polarity``, ``share_hedged``...).  Polarity-like
        columns with negative values are coloured by sign.
    label : str
        Column naming the bars.
    lang : {"fr", "en"}
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.barh``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> t = pd.DataFrame({"article_id": ["a", "b"], "share_hedged": [0.2, 0.5]})
    >>> ax = plot_article_values(t, "share_hedged", ax=Figure().subplots())
    >>> [t.get_text() for t in ax.get_yticklabels()], ax.get_title()
    (['a', 'b'], 'Part des phrases modalisées')
    """
    ax = _get_ax(ax)
    title = L.value("measure", value, lang)
    if not _usable(table, "articles", [label, value], ax, lang, title):
        return ax
    v = table[value].astype("float64").to_numpy()
    y = np.arange(len(table))
    colours = np.where(v > 0, POSITIVE, np.where(v < 0, NEGATIVE, NEUTRAL)) if (v < 0).any() \
        else np.full(len(v), POSITIVE)
    ax.barh(y, np.nan_to_num(v), color=colours, **kwargs)
    ax.set_yticks(y, [_short(x, 30) for x in table[label]])
    ax.invert_yaxis()
    ax.axvline(0, color="#555555", lw=0.8)
    ax.grid(axis="y", visible=False)
    if value.startswith("share_"):
        ax.xaxis.set_major_formatter(_make_percent())
    ax.set_title(_fit_title(ax, title))
    return ax


def plot_frames_by_article(frames: pd.DataFrame | None, *, sentences: pd.DataFrame | None = None,
                           lang: str = L.DEFAULT_LANG, ax=None, cmap: str = "Blues", **kwargs):
    """Frame shares per article: a matrix of articles (rows) by frames (columns).

    Parameters
    ----------
    frames : DataFrame
        ``frames`` tables of several articles stacked (``article_id``,
        ``sentence_id``, ``frame``).
    sentences : DataFrame, optional
        Stacked ``sentences`` tables: cells are then shares of each article's
        sentences, otherwise sentence counts.
    lang : {"fr", "en"}
    ax : matplotlib Axes, optional
    cmap : str
    **kwargs
        Passed to ``ax.imshow``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> f = pd.DataFrame({"article_id": ["a", "a", "b"], "sentence_id": [0, 1, 0],
    ...                   "frame": ["political", "economic", "political"]})
    >>> ax = plot_frames_by_article(f, ax=Figure().subplots())
    >>> ax.images[0].get_array().shape
    (2, 2)
    """
    ax = _get_ax(ax)
    title = L.text("frames_by_article.title", lang)
    if not _usable(frames, "frames", ["article_id", "sentence_id", "frame"], ax, lang, title):
        return ax
    g = (frames.drop_duplicates(["article_id", "sentence_id", "frame"])
         .groupby(["article_id", "frame"], sort=True).size().unstack(fill_value=0))
    share = sentences is not None and "article_id" in sentences.columns
    if share:
        n = sentences.groupby("article_id", sort=True).size().reindex(g.index)
        g = g.div(n, axis=0)
    order = g.sum(axis=0).sort_values(ascending=False, kind="stable").index
    g = g[order]
    kw = {"cmap": cmap, "vmin": 0, "aspect": "auto"} | kwargs
    ax.imshow(g.to_numpy(dtype=float), **kw)
    top = float(g.to_numpy().max()) or 1.0
    for i in range(g.shape[0]):
        for j in range(g.shape[1]):
            val = float(g.iat[i, j])
            if val:
                ax.text(j, i, _percent_fmt(val) if share else f"{val:.0f}", ha="center", va="center",
                        fontsize=8, color="white" if val > 0.6 * top else "#222222")
    ax.set_xticks(range(g.shape[1]), [L.value("frame", c, lang) for c in g.columns], rotation=40,
                  ha="right", rotation_mode="anchor")
    ax.set_yticks(range(g.shape[0]), [_short(a, 30) for a in g.index])
    ax.grid(False)
    ax.set_title(_fit_title(ax, title))
    return ax


def plot_sources_by_article(quotes: pd.DataFrame | None, *, lang: str = L.DEFAULT_LANG, ax=None,
                            **kwargs):
    """Quotes per article by kind of source (named person, organisation, anonymous...), stacked.

    Parameters
    ----------
    quotes : DataFrame
        ``quotes`` tables of several articles stacked (``article_id``, ``speaker_kind``).
    lang : {"fr", "en"}
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.barh``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> q = pd.DataFrame({"article_id": ["a", "a", "b"], "speaker_kind": ["person", "anonymous", "person"]})
    >>> ax = plot_sources_by_article(q, ax=Figure().subplots())
    >>> len(ax.patches)
    4
    """
    ax = _get_ax(ax)
    title = L.text("sources_by_article.title", lang)
    if not _usable(quotes, "quotes", ["article_id", "speaker_kind"], ax, lang, title):
        return ax
    g = quotes.groupby(["article_id", "speaker_kind"], sort=True).size().unstack(fill_value=0)
    kinds = [k for k in SPEAKER_COLOURS if k in g.columns] + sorted(set(g.columns) - set(SPEAKER_COLOURS))
    colours = _colours(kinds, SPEAKER_COLOURS)
    y = np.arange(len(g))
    left = np.zeros(len(g))
    for k in kinds:
        ax.barh(y, g[k], left=left, color=colours[k], label=L.value("speaker_kind", k, lang), **kwargs)
        left = left + g[k].to_numpy()
    ax.set_yticks(y, [_short(a, 30) for a in g.index])
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="lower right")
    ax.set_xlabel(L.text("sources.xlabel", lang))
    ax.set_title(_fit_title(ax, title))
    return ax


#: Krippendorff's guide: alpha >= 0.8 reliable, >= 0.667 for tentative conclusions only.
ALPHA_RELIABLE, ALPHA_TENTATIVE = 0.8, 0.667


def plot_agreement(table: pd.DataFrame | None, *, metric: str = "alpha_ordinal",
                   lang: str = L.DEFAULT_LANG, ax=None, **kwargs):
    """Agreement of each pair of coders / methods, with Krippendorff's 0.667 and 0.8 marks.

    Parameters
    ----------
    table : DataFrame
        :func:`analysis.validation.agreement` output (``rater_a``, ``rater_b``,
        ``n`` and the metric column).
    metric : str
        ``alpha_ordinal``, ``alpha_nominal`` or ``accuracy``.
    lang : {"fr", "en"}
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.barh``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> t = pd.DataFrame({"rater_a": ["a"], "rater_b": ["b"], "n": [20], "alpha_ordinal": [0.5]})
    >>> ax = plot_agreement(t, ax=Figure().subplots())
    >>> ax.get_yticklabels()[0].get_text()
    'a – b (n = 20)'
    """
    ax = _get_ax(ax)
    title = L.value("measure", metric, lang)
    if not _usable(table, "agreement", ["rater_a", "rater_b", "n", metric], ax, lang, title):
        return ax
    v = table[metric].astype("float64").to_numpy()
    y = np.arange(len(table))
    ax.barh(y, np.nan_to_num(v), color=np.where(v < 0, NEGATIVE, POSITIVE), **kwargs)
    ax.set_yticks(y, [f"{a} – {b} (n = {n})" for a, b, n in
                      zip(table["rater_a"], table["rater_b"], table["n"])])
    ax.invert_yaxis()
    if metric.startswith("alpha"):
        for x, style in ((ALPHA_TENTATIVE, ":"), (ALPHA_RELIABLE, "--")):
            ax.axvline(x, color="#555555", lw=1, ls=style)
        ax.set_xlim(min(-0.1, float(np.nanmin(v)) - 0.05) if np.isfinite(v).any() else -0.1, 1.0)
    else:
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(_make_percent())
    ax.axvline(0, color="#555555", lw=0.8)
    ax.grid(axis="y", visible=False)
    ax.set_title(title)
    return ax


# --- catalogue -----------------------------------------------------------------

@dataclass(frozen=True)
class Chart:
    """One chart of an article: a file name, a size and how to draw it.

    Attributes
    ----------
    name : str
        File stem of the exported figure (``figures/<name>.png``).
    figsize : tuple of float
        Inches.
    draw : callable
        ``draw(ax)`` draws the chart on ``ax``.
    """

    name: str
    figsize: tuple[float, float]
    draw: Callable


def _has(tables: Mapping, name: str, *columns: str) -> bool:
    df = tables.get(name)
    return df is not None and all(c in df.columns for c in columns)


def article_charts(tables: Mapping[str, pd.DataFrame], *, lang: str = L.DEFAULT_LANG) -> list[Chart]:
    """The charts the tables of one article allow, in report order.

    A chart is listed when the table and columns it needs exist (even with
    no row: it then draws its empty-state message); charts whose table is
    missing are left out.

    Examples
    --------
    >>> s = pd.DataFrame({"article_id": "a", "sentence_id": [0], "polarity": [0.1],
    ...                   "subjectivity": [0.2], "n_scored": [1]})
    >>> [c.name for c in article_charts({"sentences": s})]
    ['tone_arc', 'polarity_subjectivity']
    """
    L.check_lang(lang)
    t = tables
    s = t.get("sentences")
    n_sent = len(s) if s is not None else None
    h = lambda k: max(2.6, 0.75 + 0.32 * k)  # noqa: E731  bar-chart height for k bars
    W = CHART_WIDTH  # noqa: N806  one width: the report shows every chart at the same scale
    charts = []
    if _has(t, "sentences", "sentence_id", "polarity"):
        charts.append(Chart("tone_arc", (W, 3.3), lambda ax: plot_tone_arc(s, lang=lang, ax=ax)))
    if _has(t, "sentences", "sentence_id", "polarity", "subjectivity"):
        charts.append(Chart("polarity_subjectivity", (W, 4.4),
                            lambda ax: plot_polarity_subjectivity(s, lang=lang, ax=ax)))
    if _has(t, "evidence", "words", "polarity"):
        charts.append(Chart("evidence_words", (W, h(16)),
                            lambda ax: plot_evidence_words(t["evidence"], lang=lang, ax=ax)))
    if _has(t, "entities", "entity", "label", "mentions"):
        k = min(len(t["entities"]), 12)
        charts.append(Chart("top_entities", (W, h(k)),
                            lambda ax: plot_top_entities(t["entities"], lang=lang, ax=ax)))
    if _has(t, "mentions", "sentence_id", "entity") and _has(t, "sentences", "sentence_id", "polarity"):
        by = "actor" if "actor" in t["mentions"].columns else "entity"
        charts.append(Chart("actor_tone", (W, h(10)),
                            lambda ax: plot_actor_tone(t["mentions"], sentences=s, by=by, lang=lang, ax=ax)))
    if _has(t, "cooccurrence", "entity_a", "entity_b", "sentences"):
        charts.append(Chart("cooccurrence", (W, 6.4),
                            lambda ax: plot_cooccurrence(t["cooccurrence"], lang=lang, ax=ax)))
    if _has(t, "quotes", "speaker", "speaker_kind"):
        k = min(t["quotes"]["speaker"].nunique(), 12)
        charts.append(Chart("sources", (W, h(k)), lambda ax: plot_sources(t["quotes"], lang=lang, ax=ax)))
    if _has(t, "sentences", "sentence_id", "hedged"):
        charts.append(Chart("hedging", (W, 3.0), lambda ax: plot_hedging(s, lang=lang, ax=ax)))
    if _has(t, "frames", "sentence_id", "frame"):
        k = min(t["frames"]["frame"].nunique(), 14)
        charts.append(Chart("frame_shares", (W, h(k)),
                            lambda ax: plot_frame_shares(t["frames"], n_sentences=n_sent, lang=lang, ax=ax)))
    if t.get("agency") is not None:
        charts.append(Chart("agency", (W, h(10)), lambda ax: plot_agency(t["agency"], lang=lang, ax=ax)))
    return charts


#: Width (inches) of every chart of :func:`article_charts`, so that the report, which shows
#: each chart at the page's width, shows them all at the same scale.
CHART_WIDTH = 8.0
#: Every chart name :func:`article_charts` can produce, in report order.
CHART_NAMES = ("tone_arc", "polarity_subjectivity", "evidence_words", "top_entities", "actor_tone",
               "cooccurrence", "sources", "hedging", "frame_shares", "agency")


def plain_label(value) -> str:
    r"""A user-given label (an outlet name, an article id) shown as written.

    Matplotlib reads text between two ``$`` as mathtext, so "$$" or "$\frac{x$"
    would fail to draw; every ``$`` is escaped.

    Examples
    --------
    >>> plain_label("Le $ fort $")
    'Le \\$ fort \\$'
    """
    return str(value).replace("$", r"\$")


def plot_by_group(summaries: pd.DataFrame | None, value: str, *, by: str = "outlet",
                  lang: str = L.DEFAULT_LANG, ax=None, **kwargs):
    """Mean of a per-article measure by outlet (bars) or by date (a line), ± one SD.

    Parameters
    ----------
    summaries : DataFrame
        One row per article (``corpus/summaries``), with ``by`` and ``value`` columns.
    value : str
        e.g. ``tone_mean_polarity``, ``share_anonymous_sources``, ``hedging_share_hedged``.
    by : {"outlet", "date"}
        Dates are compared as written (ISO dates sort in time order).
    lang : {"fr", "en"}
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.barh`` (outlet) or ``ax.errorbar`` (date).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> t = pd.DataFrame({"outlet": ["A", "A", "B"], "tone_mean_polarity": [0.1, 0.3, -0.2]})
    >>> ax = plot_by_group(t, "tone_mean_polarity", ax=Figure().subplots())
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['A (n=2)', 'B (n=1)']
    """
    ax = _get_ax(ax)
    def _label(key, fallback):
        try:
            return L.text(key, lang)
        except KeyError:
            return fallback

    title = L.text("by_group.title", lang, measure=_label(f"by_group.{value}", value),
                   group=_label(f"by_group.{by}", by))
    if not _usable(summaries, "summaries", [by, value], ax, lang, title):
        return ax
    d = summaries[[by, value]].copy()
    d[by] = d[by].astype("string").fillna("").replace("", "?")
    d[value] = pd.to_numeric(d[value], errors="coerce")
    g = d.groupby(by, sort=True)[value].agg(["mean", "std", "count"]).reset_index()
    labels = [f"{plain_label(k)} (n={n})" for k, n in zip(g[by], g["count"])]
    if by == "date":
        x = np.arange(len(g))
        ax.errorbar(x, g["mean"], yerr=g["std"].fillna(0), marker="o", capsize=3, color=POSITIVE, **kwargs)
        ax.set_xticks(x, labels, rotation=45, ha="right")
        ax.axhline(0, color="#555555", lw=0.8)
    else:
        y = np.arange(len(g))
        ax.barh(y, g["mean"].fillna(0), xerr=g["std"].fillna(0), color=POSITIVE, capsize=3, **kwargs)
        ax.set_yticks(y, labels)
        ax.invert_yaxis()
        ax.axvline(0, color="#555555", lw=0.8)
        ax.grid(axis="y", visible=False)
    if value.startswith("share_") or "_share_" in value:
        (ax.xaxis if by != "date" else ax.yaxis).set_major_formatter(_make_percent())
    ax.set_title(title)
    return ax
