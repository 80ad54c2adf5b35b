"""Keyness: terms table from the parse, log-odds with a Dirichlet prior, G², plots."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from analysis.analysers.terms import terms_table
from analysis.nlp import sentence_spans
from analysis.study.keyness import KEYNESS_COLUMNS, actor_groups, keyness, top_terms, with_groups
from analysis.viz.keyness import plot_keyness, plot_keyness_scatter


def _corpus(counts: dict[str, dict[str, int]], kind: str = "lemma") -> pd.DataFrame:
    """A terms table with one article per outlet and the given term counts."""
    rows = [{"article_id": f"art-{g}", "sentence_id": 0, "term": t, "kind": kind, "n": n, "outlet": g}
            for g, terms in counts.items() for t, n in terms.items()]
    return pd.DataFrame(rows)


# --- the statistics on hand-made corpora whose distinctive terms are known -------------

def test_each_outlet_gets_its_own_vocabulary():
    common = {"gouvernement": 40, "projet": 30, "semaine": 25}
    t = _corpus({"Le Matin": {**common, "réforme": 35, "modernisation": 20, "grève": 3},
                 "L'Écho": {**common, "casse": 30, "précarité": 22, "réforme": 4, "grève": 25}})
    k = keyness(t, "outlet")
    top = top_terms(k, 2)
    assert top[top["group"] == "Le Matin"]["term"].tolist() == ["réforme", "modernisation"]
    assert set(top[top["group"] == "L'Écho"]["term"]) == {"casse", "grève"}
    shared = k[k["term"].isin(common)]
    assert (shared["z"].abs() < 1.96).all()  # words both use alike are not distinctive
    assert list(k.columns) == KEYNESS_COLUMNS


def test_two_groups_are_mirror_images():
    t = _corpus({"A": {"x": 20, "y": 5, "z": 10}, "B": {"x": 4, "y": 15, "z": 10}})
    k = keyness(t, "outlet").set_index(["group", "term"])
    for term in ("x", "y", "z"):
        assert k.loc[("A", term), "z"] == pytest.approx(-k.loc[("B", term), "z"])
        assert k.loc[("A", term), "g2"] == pytest.approx(-k.loc[("B", term), "g2"])


def test_the_prior_shrinks_small_counts():
    # 3 uses against 0 is weak evidence; 30 against 3 (same ratio or more) is strong
    t = _corpus({"A": {"rare": 3, "fréquent": 30, "fond": 500}, "B": {"fréquent": 3, "fond": 500, "autre": 3}})
    k = keyness(t, "outlet").set_index(["group", "term"])
    assert k.loc[("A", "rare"), "z"] < 1.96 < k.loc[("A", "fréquent"), "z"]
    assert k.loc[("A", "rare"), "log_ratio"] > 2  # the raw ratio alone would call it key


def test_rates_and_min_count():
    t = _corpus({"A": {"x": 10, "y": 90, "seul": 2}, "B": {"x": 50, "y": 50}})
    k = keyness(t, "outlet", min_count=3)
    assert "seul" not in set(k["term"])  # used twice in the whole corpus
    row = k[(k["group"] == "A") & (k["term"] == "x")].iloc[0]
    assert row["rate_per_10k"] == pytest.approx(1000.0)
    assert row["rate_other_per_10k"] == pytest.approx(5000.0)
    assert row["g2"] < 0 and row["z"] < 0  # A under-uses x


def test_groups_from_a_summaries_table_and_clear_error_without():
    t = _corpus({"A": {"x": 5}, "B": {"x": 5}}).drop(columns="outlet")
    summaries = pd.DataFrame({"article_id": ["art-A", "art-B"], "outlet": ["Le Monde", "Libé"]})
    assert set(keyness(t, "outlet", groups=summaries)["group"]) == {"Le Monde", "Libé"}
    assert with_groups(t, summaries, by="outlet")["outlet"].tolist() == ["Le Monde", "Libé"]
    with pytest.raises(ValueError, match="pass groups="):
        keyness(t, "outlet")


# --- the terms table on real French text, with the real model --------------------------

def test_terms_are_content_lemmas_and_whole_entities(analyse):
    res = analyse("Partager sur Facebook\n\nLa Première ministre Élisabeth Borne a défendu mardi la réforme "
                  "des retraites devant l'Assemblée nationale. Les syndicats dénoncent une réforme injuste.")
    t = terms_table(res.doc, sentence_spans(res.doc), "a", res.tables["mentions"]).frame
    ents = t[t["kind"] == "entity"]["term"].tolist()
    assert "Assemblée nationale" in ents and any("Borne" in e for e in ents)
    lemmas = set(t[t["kind"] == "lemma"]["term"])
    assert {"réforme", "défendre", "syndicat", "dénoncer", "injuste"} <= lemmas
    assert not lemmas & {"le", "la", "de", "avoir", "être", "borne", "assemblée"}
    assert "facebook" not in lemmas and "partager" not in lemmas  # boilerplate never reaches the parse
    assert t.loc[t["term"] == "réforme", "n"].sum() == 2


def test_actor_groups_on_real_mentions(analyse):
    res = analyse("Le président ukrainien Volodymyr Zelensky a dénoncé les frappes russes. "
                  "La pluie a perturbé les récoltes en Beauce. Zelensky a réclamé des armes.")
    t = terms_table(res.doc, sentence_spans(res.doc), res.article_id, res.tables["mentions"]).frame
    m = res.tables["mentions"]
    actor = m.loc[m["text"].str.contains("Zelensky"), "actor"].iloc[0]
    g = actor_groups(t, m, actor)
    around = set(g[g["group"] == actor]["term"])
    assert {"dénoncer", "frappe", "réclamer", "arme"} <= around
    assert "pluie" not in around and actor not in around


# --- plots -----------------------------------------------------------------------------

def test_plots_draw_distinctive_terms_and_are_safe_with_any_group_name():
    common = {"gouvernement": 40, "projet": 30}
    t = _corpus({"$\\frac{x$": {**common, "réforme": 35, "croissance": 20},
                 "L'Écho": {**common, "casse": 30, "grève": 25}})
    k = keyness(t, "outlet")
    fig = Figure()
    ax1, ax2 = fig.subplots(1, 2)
    plot_keyness(k, group="$\\frac{x$", ax=ax1)
    assert [x.get_text() for x in ax1.get_yticklabels()] == ["réforme", "croissance"]
    plot_keyness_scatter(k, group="L'Écho", ax=ax2)
    assert {"casse", "grève"} <= {x.get_text() for x in ax2.texts}
    fig.canvas.draw_idle()
    import io
    fig.savefig(io.BytesIO(), format="png")  # mathtext in a group name would raise here
    with pytest.raises(ValueError, match="not in the keyness table"):
        plot_keyness(k, group="absent", ax=Figure().subplots())


def test_plot_keyness_says_when_nothing_is_distinctive():
    k = keyness(_corpus({"A": {"x": 10, "y": 10}, "B": {"x": 10, "y": 10}}), "outlet")
    ax = plot_keyness(k, group="A", ax=Figure().subplots())
    assert ax.texts and "Aucun terme distinctif" in ax.texts[0].get_text()
    assert np.isfinite(k["z"]).all()
