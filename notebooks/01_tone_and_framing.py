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
# # 01 · Ton et cadrage d'un article
#
# Ce carnet lit **un** article de presse en français et montre, graphique par
# graphique, comment il est raconté : le ton phrase par phrase et les mots qui
# le font, les acteurs qui apparaissent, les sources citées (nommées ou
# anonymes), la modalisation (conditionnel, « peut-être »…), les cadres et
# qui agit sur qui.  Il se termine par l'export de tous les graphiques, des
# tableaux et d'un rapport HTML.
#
# Toute l'analyse est faite par le module `analysis` ; ce carnet ne fait
# qu'appeler ses fonctions.  Un graphique dont l'analyse n'est pas disponible
# affiche un message au lieu d'échouer.
#
# **Paramètres** (cellule suivante, modifiable ou injectable par papermill) :
# `input_path` (un fichier .txt ou .html, un corpus CSV/JSONL, un dossier, ou
# une liste de tout cela), `article_id` (l'article à lire parmi ces entrées ;
# `None` : le premier), `out_dir` (dossier d'export), `lang` (`"fr"` ou
# `"en"` pour les libellés), `sentiment` (méthode de ton).

# %% tags=["parameters"]
from analysis import config

input_path = str(config.SAMPLE_ARTICLE)
article_id = None
out_dir = str(config.REPORTS_DIR)
lang = "fr"
sentiment = config.DEFAULT_SENTIMENT

# %%
import matplotlib.pyplot as plt
from IPython.display import HTML

from analysis import intake, viz
from analysis.output import brief, export, figures, figures_table, notebook, report
from analysis.article import analyse_article
from analysis.context import Settings

plt.style.use(str(figures.STYLE_PATH))  # palette sûre pour les daltoniens, police avec accents

# %% [markdown]
# ## Lire et analyser l'article
#
# Le texte est nettoyé (boutons de partage, appels à s'abonner… retirés et
# listés dans la table `removed`), analysé une fois par spaCy, puis chaque
# analyseur ajoute ses tables.

# %%
articles = intake.read_articles(notebook.notebook_inputs(input_path))
article = notebook.choose_article(articles, article_id)
result = analyse_article(article, settings=Settings(sentiment=sentiment))
tables = result.tables
sentences = tables["sentences"]
sorted(tables)

# %%
tables["removed"]

# %% [markdown]
# ## En bref
#
# Le résumé du rapport HTML : le ton (avec la méthode et sa précision
# mesurée sur des phrases codées à la main), qui apparaît, qui parle, la
# modalisation et les cadres principaux.

# %%
HTML(brief.brief_html(result, lang=lang))

# %% [markdown]
# Tous les chiffres de `summary.json`, nommés en clair (la clé de chaque
# ligne s'affiche au survol) :

# %%
HTML(figures_table.figures_html(result.summary, lang=lang))

# %% [markdown]
# ## Le texte, mots notés en couleur
#
# Bleu : mot positif, rouge : négatif ; survoler un mot montre sa note.

# %%
HTML(report.article_html(result, lang=lang)[0])

# %% [markdown]
# ## Le ton phrase par phrase
#
# Une barre par phrase (polarité de -1 à +1), une moyenne mobile, les
# citations sur fond orangé, les phrases modalisées marquées d'un triangle.
# Un rond gris : aucune phrase n'y contient de mot noté (ce n'est pas une
# phrase « neutre », c'est une phrase sans indice de ton).

# %%
fig, ax = plt.subplots(figsize=(8, 3.6))
viz.plot_tone_arc(sentences, lang=lang, ax=ax);

# %%
fig, ax = plt.subplots(figsize=(8, 4.4))
viz.plot_polarity_subjectivity(sentences, lang=lang, ax=ax);

# %% [markdown]
# ### Les mots qui font le ton
#
# Chaque note s'explique : la table `evidence` liste les mots notés de chaque
# phrase, avec négation (« pas clair ») et intensité.

# %%
fig, ax = plt.subplots(figsize=(8, 5))
viz.plot_evidence_words(tables.get("evidence"), lang=lang, ax=ax);

# %%
tables.get("evidence")

# %% [markdown]
# ## Qui apparaît

# %%
fig, ax = plt.subplots(figsize=(8, 4.5))
viz.plot_top_entities(tables.get("entities"), lang=lang, ax=ax);

# %%
tables.get("entities")

# %%
fig, ax = plt.subplots(figsize=(8, 4.2))
viz.plot_actor_tone(tables.get("mentions"), sentences=sentences, by="actor", lang=lang, ax=ax);

# %%
fig, ax = plt.subplots(figsize=(8, 6.4))
viz.plot_cooccurrence(tables.get("cooccurrence"), lang=lang, ax=ax);

# %% [markdown]
# ## Qui parle : sources nommées et anonymes

# %%
fig, ax = plt.subplots(figsize=(8, 4))
viz.plot_sources(tables.get("quotes"), lang=lang, ax=ax);

# %%
tables.get("quotes")

# %% [markdown]
# ## Modalisation, cadres, agentivité

# %%
fig, ax = plt.subplots(figsize=(8, 3.2))
viz.plot_hedging(sentences, lang=lang, ax=ax);

# %%
fig, ax = plt.subplots(figsize=(8, 4.5))
viz.plot_frame_shares(tables.get("frames"), n_sentences=len(sentences), lang=lang, ax=ax);

# %%
fig, ax = plt.subplots(figsize=(8, 4.2))
viz.plot_agency(tables.get("agency"), lang=lang, ax=ax);

# %% [markdown]
# ## Exporter tous les graphiques, les tableaux et le rapport
#
# `write_article` écrit dans `out_dir/<article_id>/` les tables (CSV et
# Parquet), `summary.json`, chaque graphique en PNG et SVG dans `figures/` et
# un `report.html` autonome.  Deux exports donnent des fichiers identiques à
# l'octet près.

# %%
folder = export.write_article(result, out_dir, lang=lang)
sorted(p.name for p in (folder / "figures").iterdir())

# %% [markdown]
# Un graphique seul, en PDF pour une publication (mêmes réglages
# reproductibles : dpi fixe, métadonnées retirées) :

# %%
fig, ax = plt.subplots(figsize=(8, 3.6))
viz.plot_tone_arc(sentences, lang=lang, ax=ax)
[p.name for p in figures.save_figure(fig, folder / "figures" / "tone_arc_publication", formats=("pdf",))]
