"""Actor charts of one article: the most mentioned entities, the tone of the sentences naming each
actor, and which actors share sentences.  They read the tables of :mod:`analysis.analysers.entities`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import labels as L
from .style import (
    GREY,
    LABEL_COLOURS,
    ZERO_LINE,
    _bar_labels,
    _cell_values,
    _colours,
    _get_ax,
    _patch,
    _short,
    _sign_colours,
    _sym_ylim,
    _usable,
    empty_state,
)


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
    lang, ax, **kwargs
        As for every chart (:mod:`analysis.viz`); ``kwargs`` go to ``ax.barh``.

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
    _bar_labels(ax, y, [_short(v) for v in g["entity"]])
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
    lang, ax, **kwargs
        As for every chart (:mod:`analysis.viz`); ``kwargs`` go to ``ax.errorbar``.

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
    kw = {"fmt": "none", "ecolor": "#777777", "elinewidth": 1.2, "capsize": 3} | kwargs
    ax.errorbar(g["mean"], y, xerr=g["sd"], **kw)
    ax.scatter(g["mean"], y, s=20 + 12 * g["n"].clip(upper=20), c=_sign_colours(g["mean"]), zorder=3)
    lim = _sym_ylim((g["mean"].abs() + g["sd"]).to_numpy(), floor=0.3)
    for yi, nn in enumerate(g["n"]):
        ax.annotate(L.text("actor_tone.n", lang, n=int(nn)), (lim, yi), xytext=(-2, 0),
                    textcoords="offset points", ha="right", va="center", fontsize=8, color=GREY)
    ax.axvline(0, **ZERO_LINE)
    ax.set_xlim(-lim, lim)
    _bar_labels(ax, y, [_short(v) for v in g["name"]])
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
    cmap : str
        A sequential colour map (default ``Blues``, readable in grey scale).
    lang, ax, **kwargs
        As for every chart (:mod:`analysis.viz`); ``kwargs`` go to ``ax.imshow``.

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
    _cell_values(ax, mat, lambda v: f"{v:.0f}")  # the diagonal is 0: an actor never pairs with itself
    ticks = [_short(v, 22) for v in names]
    ax.set_xticks(range(len(names)), ticks, rotation=45, ha="right", rotation_mode="anchor")
    ax.set_yticks(range(len(names)), ticks)
    ax.grid(False)
    # the note is a subtitle: its own line under the title (at the right it ran into long titles)
    ax.set_title(title, pad=20)
    ax.text(0.0, 1.012, L.text("cooc.cbar", lang), transform=ax.transAxes, ha="left", va="bottom",
            fontsize=8, color=GREY)
    return ax

