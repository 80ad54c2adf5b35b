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
# # 03 · Valider le ton avec un codage manuel
#
# Un score de ton par dictionnaire n'est crédible que s'il est comparé à des
# codeurs humains.  Ce carnet :
#
# 1. exporte une **feuille de codage** (une ligne par phrase, une colonne
#    vide par codeur, sans les scores du kit pour ne pas influencer) ;
# 2. relit la feuille **codée** (-1 négatif, 0 neutre, +1 positif, vide =
#    non codé) ;
# 3. calcule l'accord brut et l'**alpha de Krippendorff** entre codeurs, et
#    entre codeurs et chaque méthode du kit.
#
# Un exemple travaillé est livré : `data/validation/us-turkey-s400-ukraine.coded.csv`
# (deux codages des phrases de l'article d'exemple, avec deux consignes
# différentes ; voir `data/validation/README.md` : ce n'est pas une étude de
# fiabilité, c'est la démonstration de la méthode).  Pour vos articles :
# exportez la feuille, faites-la coder, puis donnez son chemin à `sheet_path`.

# %% tags=["parameters"]
from analysis import config

input_path = str(config.SAMPLE_ARTICLE)
sheet_path = str(config.PROJECT_ROOT / "data" / "validation" / "us-turkey-s400-ukraine.coded.csv")
coders = ["coder_a", "coder_b"]
out_dir = str(config.REPORTS_DIR)
lang = "fr"

# %%
from pathlib import Path

import matplotlib.pyplot as plt

from analysis import export, io, plots, validation
from analysis.article import analyse_article
from analysis.context import Settings

plt.style.use(str(export.STYLE_PATH))

# %% [markdown]
# ## L'article, noté par chaque méthode du kit

# %%
article = io.read_articles(input_path)[0]
by_method = {m: analyse_article(article, settings=Settings(sentiment=m)) for m in config.SENTIMENT_METHODS}
default = by_method[config.DEFAULT_SENTIMENT]
list(by_method)

# %% [markdown]
# ## 1. Exporter la feuille de codage

# %%
sheet = validation.coding_sheet(default.sentences, coders)
sheet_file = export.atomic_write_text(Path(out_dir) / f"{article.article_id}.coding_sheet.csv",
                                      export.table_to_csv(sheet))
sheet_file.name, len(sheet)

# %% [markdown]
# ## 2. Relire la feuille codée
#
# Chaque code est vérifié (une valeur autre que -1, 0, 1 ou vide est refusée
# avec sa ligne) et chaque phrase codée doit être identique à celle que le kit
# analyse : sinon les codes compareraient des phrases différentes.  Les
# scores des méthodes sont ramenés aux mêmes trois classes avec le seuil des
# chiffres de ton de l'article (`validation.POLARITY_THRESHOLD`).

# %%
coded = validation.read_coding_sheet(sheet_path, coders)
coded = validation.attach_methods(coded, {m: r.sentences for m, r in by_method.items()})
coded

# %% [markdown]
# ## 3. Accord : codeurs entre eux, codeurs et méthodes
#
# `n` : phrases codées par les deux ; `accuracy` : part codée pareil ;
# alpha nominal (les trois classes sans ordre) et ordinal (-1 < 0 < +1).
# Repères de Krippendorff : alpha ≥ 0,8 fiable, ≥ 0,667 pour des conclusions
# provisoires seulement.

# %%
raters = [*coders, *config.SENTIMENT_METHODS]
agreement = validation.agreement(coded, raters)
agreement

# %%
fig, ax = plt.subplots(figsize=(8, 0.8 + 0.45 * len(agreement)))
plots.plot_agreement(agreement, metric="alpha_ordinal", lang=lang, ax=ax);

# %%
validation.confusion(coded, coders[0], config.DEFAULT_SENTIMENT)

# %% [markdown]
# ## Où la méthode par défaut et les codeurs divergent, et pourquoi
#
# Les phrases codées différemment par le dernier codeur et la méthode par
# défaut, avec les mots qui ont fait la note (table `evidence`).

# %%
diff = validation.disagreements(coded, coders[-1], config.DEFAULT_SENTIMENT)
diff[["sentence_id", "text", coders[-1], config.DEFAULT_SENTIMENT]]

# %%
evidence = default.tables.get("evidence")
evidence[evidence["sentence_id"].isin(diff["sentence_id"])][["sentence_id", "words", "polarity"]]
