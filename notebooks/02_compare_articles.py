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
# Plusieurs articles côte à côte : ton, sources, modalisation, cadres,
# acteurs, et les mots qui distinguent chaque média.
#
# Par défaut le carnet lit le **corpus de comparaison** livré avec le kit
# (`data/raw/comparison/articles.csv`) : douze articles écrits pour le
# projet, trois médias inventés aux lignes éditoriales différentes qui
# racontent les mêmes événements de mars 2026 (voir `data/raw/README.md`).
#
# **Paramètres** (cellule suivante, modifiable ou injectable par papermill) :
# `inputs` (un chemin ou une liste de chemins : fichiers .txt ou .html,
# dossiers, corpus CSV / JSONL avec une colonne `text` et si possible `id`,
# `title`, `outlet`, `date`), `out_dir` (dossier d'export), `lang`
# (`"fr"` ou `"en"`), `group` (colonne qui forme les groupes comparés par
# les mots distinctifs : `"outlet"` ou `"date"`).

# %% tags=["parameters"]
from analysis import config

inputs = str(config.RAW_DIR / "comparison" / "articles.csv")  # ou [config.SAMPLE_ARTICLE, "mes_articles/"]
out_dir = str(config.REPORTS_DIR)
lang = "fr"
group = "outlet"

# %%
import matplotlib.pyplot as plt

from analysis import intake, viz
from analysis.output import compare, figures, files, notebook
from analysis.study import keyness
from analysis.article import analyse_many
from analysis.viz.keyness import plot_keyness, plot_keyness_scatter

plt.style.use(str(figures.STYLE_PATH))

# %%
articles = intake.read_articles(notebook.notebook_inputs(inputs))
results = list(analyse_many(articles))
len(results)

# %% [markdown]
# ## Le tableau de comparaison
#
# Une ligne par article, calculée à partir de ses tables (voir
# `compare.compare_articles`) : polarité moyenne (toutes les phrases, et
# seulement celles qui contiennent un mot noté), part des phrases citées et
# modalisées, citations de sources nommées et anonymes, cadres et entités
# les plus fréquents.  Il est aussi écrit dans `out_dir` (`comparison.csv`,
# `comparison.parquet`).

# %%
comparison = compare.compare_articles(results)
files.write_table(comparison, out_dir, "comparison")
comparison

# %% [markdown]
# ## Trois mesures côte à côte
#
# Une barre par article (même ordre que le tableau).

# %%
measures = [m for m in ("mean_polarity", "share_quoted", "share_hedged") if m in comparison.columns]
fig, axes = plt.subplots(1, len(measures), figsize=(11, 1.4 + 0.3 * len(results)), squeeze=False)
for i, (measure, ax) in enumerate(zip(measures, axes[0])):
    viz.plot_article_values(comparison, measure, lang=lang, ax=ax)
    if i:  # the article ids once, on the left
        ax.tick_params(labelleft=False)

# %% [markdown]
# ## Sources, cadres et acteurs par article

# %%
fig, ax = plt.subplots(figsize=(9, 1.4 + 0.3 * len(results)))
viz.plot_sources_by_article(compare.stack_tables(results, "quotes"), lang=lang, ax=ax);

# %%
fig, ax = plt.subplots(figsize=(11, 2.6 + 0.3 * len(results)))
viz.plot_frames_by_article(compare.stack_tables(results, "frames"),
                             sentences=compare.stack_tables(results, "sentences"), lang=lang, ax=ax);

# %%
fig, ax = plt.subplots(figsize=(8, 4.5))
viz.plot_top_entities(compare.stack_tables(results, "entities"), lang=lang, ax=ax);

# %% [markdown]
# ## Les mots qui distinguent chaque groupe
#
# Pour chaque groupe (média par défaut), les termes — lemmes et entités —
# qu'il emploie nettement plus que les autres groupes réunis : score z du
# log-odds ratio avec a priori informatif (Monroe, Colaresi et Quinn 2008),
# seuil 1,96.  Les entités (en violet) disent de qui l'on parle, les mots
# (en bleu) comment on en parle.  Voir `analysis/keyness.py`.

# %%
terms = compare.stack_tables(results, "terms")
by = group if group in comparison.columns else "article_id"  # inputs without outlets: article by article
distinctive = keyness.keyness(terms, by=by, groups=comparison)
groups = sorted(distinctive["group"].astype(str).unique())
keyness.top_terms(distinctive, 5)

# %%
ncols = min(3, len(groups))
fig, axes = plt.subplots(-(-len(groups) // ncols), ncols, figsize=(4.6 * ncols, 4.2 * -(-len(groups) // ncols)),
                         squeeze=False)
for ax in axes.flat[len(groups):]:
    ax.set_visible(False)
for name, ax in zip(groups, axes.flat):
    plot_keyness(distinctive, group=name, n=10, lang=lang, ax=ax)

# %% [markdown]
# Fréquence (échelle log) et spécificité de tous les termes, pour le premier
# groupe face aux autres : en haut ses mots, en bas ceux des autres.

# %%
fig, ax = plt.subplots(figsize=(8, 5.5))
plot_keyness_scatter(distinctive, group=groups[0], lang=lang, ax=ax);
