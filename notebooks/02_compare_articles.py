# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 02 · Comparer des articles
#
# Plusieurs articles côte à côte : ton, sources, modalisation, cadres et
# acteurs.  `inputs` est une liste de fichiers (.txt, .html), de dossiers ou
# de corpus CSV / JSONL (une ligne par article, colonne `text`, et si
# possible `id`, `title`, `outlet`, `date`).
#
# Par défaut le carnet ne reçoit que l'article d'exemple : il montre alors la
# mise en page ; donnez-lui vos articles pour une vraie comparaison.

# %% tags=["parameters"]
from analysis import config

inputs = [str(config.SAMPLE_ARTICLE)]
out_dir = str(config.REPORTS_DIR)
lang = "fr"

# %%
import matplotlib.pyplot as plt

from analysis import export, io, plots, report
from analysis.article import analyse_many

plt.style.use(str(export.STYLE_PATH))

# %%
articles = io.read_articles(inputs)
results = list(analyse_many(articles))
[r.article_id for r in results]

# %% [markdown]
# ## Le tableau de comparaison
#
# Une ligne par article, calculée à partir de ses tables (voir
# `report.compare_articles`) : polarité moyenne (toutes les phrases, et
# seulement celles qui contiennent un mot noté), part des phrases citées et
# modalisées, citations de sources nommées et anonymes, cadres et entités
# les plus fréquents.

# %%
comparison = report.compare_articles(results)
comparison

# %%
export.write_table(comparison, out_dir, "comparison")

# %%
measures = [m for m in ("mean_polarity", "share_quoted", "share_hedged") if m in comparison.columns]
fig, axes = plt.subplots(1, len(measures), figsize=(4.2 * len(measures), 0.6 + 0.5 * len(results)),
                         squeeze=False)
for measure, ax in zip(measures, axes[0]):
    plots.plot_article_values(comparison, measure, lang=lang, ax=ax)

# %% [markdown]
# ## Le ton de chaque article, phrase par phrase

# %%
fig, axes = plt.subplots(len(results), 1, figsize=(9, 3.4 * len(results)), squeeze=False)
for r, ax in zip(results, axes[:, 0]):
    plots.plot_tone_arc(r.sentences, lang=lang, ax=ax)
    ax.set_title(r.summary.get("title") or r.article_id, loc="left", fontsize=10)

# %% [markdown]
# ## Sources, cadres et acteurs par article

# %%
fig, ax = plt.subplots(figsize=(7.5, 0.9 + 0.45 * len(results)))
plots.plot_sources_by_article(report.stack_tables(results, "quotes"), lang=lang, ax=ax);

# %%
fig, ax = plt.subplots(figsize=(9, 1.6 + 0.45 * len(results)))
plots.plot_frames_by_article(report.stack_tables(results, "frames"),
                             sentences=report.stack_tables(results, "sentences"), lang=lang, ax=ax);

# %%
fig, ax = plt.subplots(figsize=(7.5, 4.5))
plots.plot_top_entities(report.stack_tables(results, "entities"), lang=lang, ax=ax);
