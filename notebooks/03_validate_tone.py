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
#    entre codeurs et chaque méthode du kit ;
# 4. mesure chaque méthode sur le **jeu de validation codé** du kit
#    (`data/validation/tone/`, phrases de presse, titres et messages courts
#    codés par deux codeurs indépendants, partie `test`) : F1 macro et alpha,
#    avec intervalles de confiance bootstrap ;
# 5. **apprend le ton de votre codage** : un classifieur entraîné sur des
#    phrases codées (au moins 200), évalué par validation croisée à côté des
#    dictionnaires, enregistré avec ses réglages, puis utilisé comme une
#    méthode (`--sentiment model:CHEMIN`).
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
gold_path = str(config.PROJECT_ROOT / "data" / "validation" / "tone" / "gold.csv")
gold_split = "test"
train_split = "dev"
out_dir = str(config.REPORTS_DIR)
lang = "fr"

# %%
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from analysis import intake, viz
from analysis.output import figures, files
from analysis.study import evaluate, validation
from analysis.article import analyse_article
from analysis.context import Settings

plt.style.use(str(figures.STYLE_PATH))

# %% [markdown]
# ## L'article, noté par chaque méthode du kit

# %%
article = intake.read_articles(input_path)[0]
by_method = {m: analyse_article(article, settings=Settings(sentiment=m)) for m in config.SENTIMENT_METHODS}
default = by_method[config.DEFAULT_SENTIMENT]
list(by_method)

# %% [markdown]
# ## 1. Exporter la feuille de codage

# %%
sheet = validation.coding_sheet(default.sentences, coders)
sheet_file = files.atomic_write_text(Path(out_dir) / f"{article.article_id}.coding_sheet.csv",
                                     files.table_to_csv(sheet))
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
viz.plot_agreement(agreement, metric="alpha_ordinal", lang=lang, ax=ax);

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

# %% [markdown]
# ## 4. Les méthodes sur le jeu de validation codé
#
# `data/validation/tone/gold.csv` : des phrases de presse, des titres et des
# messages courts en français, codés chacun par deux codeurs indépendants avec
# le livre de codes `data/validation/tone/CODEBOOK.md` (accord entre codeurs
# dans `agreement.json`), les désaccords arbitrés.  Les règles du kit n'ont
# été réglées que sur la partie `dev` ; la partie `test` sert au rapport.
# Chaque texte est lu comme une unité (moyenne pondérée de tous ses mots
# notés, `evaluate.unit_polarity`, via `evaluate.score_texts`), classé avec le
# seuil ±0,1, puis comparé
# au code de référence : F1 macro (les trois classes), exactitude et alpha de
# Krippendorff, avec intervalles bootstrap à 95 % (`evaluate.tone_scores`).

# %%
gold = pd.read_csv(gold_path, dtype={"item_id": str})
gold = gold[gold["split"] == gold_split].reset_index(drop=True)
scored = evaluate.score_texts(gold["text"].tolist(), methods=config.SENTIMENT_METHODS)
codes = {m: validation.polarity_class(scored[f"polarity_{m.replace('-', '_')}"]).astype(int)
         for m in config.SENTIMENT_METHODS}
len(gold), int(scored["refused"].sum())

# %%
rows = []
for genre in ["tous", *sorted(gold["genre"].unique())]:
    keep = gold["genre"].notna() if genre == "tous" else gold["genre"] == genre
    for m in config.SENTIMENT_METHODS:
        s = evaluate.tone_scores(gold.loc[keep, "gold"].astype(int).tolist(), codes[m][keep].tolist())
        rows.append({"genre": genre, "méthode": m, "n": s["n"], "F1 macro": s["macro_f1"],
                     "F1 IC 95 %": s["macro_f1_ci"], "exactitude": s["accuracy"],
                     "alpha": s["alpha_nominal"], "alpha IC 95 %": s["alpha_nominal_ci"]})
validation_figures = pd.DataFrame(rows)
validation_figures


# %% [markdown]
# ## 5. Apprendre le ton de votre propre codage
#
# Les dictionnaires s'accordent mal avec les codeurs sur l'actualité ; la
# littérature recommande de coder un échantillon du domaine et d'apprendre
# dessus (van Atteveldt, van der Velden et Boukes, 2021).  Ici, les unités
# codées de la partie `train_split` du jeu de validation servent d'exemple ;
# remplacez-les par votre feuille codée (une colonne `text`, une colonne de
# codes).  Le modèle (régression logistique, `analysis.study.training`) lit les
# lemmes, les emojis, la négation, les vecteurs de mots du modèle spaCy et les
# notes des dictionnaires ; ses chiffres sont **validés par croisement** (le
# vocabulaire appris dans chaque pli), à côté de chaque dictionnaire sur les
# mêmes unités.  Limites : quelques centaines d'exemples, un domaine ; un
# modèle appris sur un type de texte se transpose mal à un autre.

# %%
from analysis.study.training import save_tone_model, train_tone_model

train = pd.read_csv(gold_path, dtype={"item_id": str})
train = train[train["split"] == train_split].reset_index(drop=True)
model, cross_validated = train_tone_model(train["text"], train["gold"])
cross_validated

# %%
model_path = save_tone_model(model, Path(out_dir) / "modele_ton.json")
model.training["data_sha256"][:12], len(model.vocabulary)

# %% [markdown]
# Le modèle s'utilise comme une méthode : chaque phrase reçoit
# `P(positif) - P(négatif)`, et la table `evidence` donne, pour chaque
# phrase, ce que chaque trait a pesé (méthode `model`).

# %%
learned = analyse_article(article, settings=Settings(sentiment=f"model:{model_path}"))
ev = learned.tables["evidence"]
ev = ev[ev["method"] == "model"]
ev.loc[ev["polarity"].abs().sort_values(ascending=False).index[:10], ["sentence_id", "words", "polarity"]]
