"""Framing signals: hedging, frame dimensions, agency."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis import clean
from analysis.analysers import agency, frames, hedging, quotes
from analysis.analysers.names import Mention, NameIndex
from analysis.article import sentences_table
from analysis.context import ArticleContext
from analysis.nlp import sentence_spans


def _cues(res) -> list[str]:
    return res.sentences["hedge_cues"].tolist()


# --- the bundled article ("Done when") ---------------------------------------------------

def test_sample_conditional_sentences_are_flagged(sample_result):
    s = sample_result.sentences
    for word in ("serait", "entraînerait"):
        rows = s[s["text"].str.contains(rf"\b{word}\b")]
        assert len(rows) >= 1
        assert rows["hedged"].all()
        assert rows["hedge_cues"].str.contains(word).all()
    # « entraînerait » is tagged Mood=Ind by the model: found from its form
    h = sample_result.tables["hedges"]
    assert ("entraînerait", "conditional") in set(zip(h["cue"], h["kind"]))
    # « la possibilité peu probable » is a hedge expression
    assert s.loc[s["text"].str.contains("peu probable"), "hedge_cues"].str.contains(
        "peu probable").all()


def test_sample_unhedged_sentences_have_no_cues(sample_result):
    s = sample_result.sentences
    assert s["hedged"].dtype == bool
    assert (s["hedged"] == (s["hedge_cues"] != "")).all()
    assert not s.loc[s["text"].str.startswith("Washington a demandé"), "hedged"].any()


def test_sample_security_and_defense_is_dominant(sample_result):
    fr = sample_result.summary["frames"]
    assert "security_defense" in fr["dominant"]
    assert len(fr["shares"]) == 14 and sum(fr["shares"].values()) == pytest.approx(1.0)
    assert max(fr["shares"], key=fr["shares"].get) in fr["dominant"]
    table = sample_result.tables["frames"]
    assert table.columns.tolist()[:4] == ["article_id", "sentence_id", "frame", "terms"]
    assert (table["terms"] != "").all() and (table["n_terms"] >= 1).all()
    assert not table.duplicated(["sentence_id", "frame"]).any()


def test_sample_agency_washington_asks_ankara(sample_result):
    ev = sample_result.tables["agency_evidence"]
    asked = ev[ev["verb"] == "demander"]
    roles = set(zip(asked["entity"], asked["role"]))
    assert {("Washington", "agent"), ("Ankara", "recipient")} <= roles
    # counted by actor, when the entities analyser groups Washington under États-Unis
    actors = dict(zip(asked["entity"], asked["actor"]))
    agency = sample_result.tables["agency"].set_index("actor")
    assert agency.loc[actors["Washington"], "agent"] >= 1
    assert agency.loc[actors["Ankara"], "recipient"] >= 1
    assert (agency["n_roles"] == agency[["agent", "patient", "recipient"]].sum(axis=1)).all()
    most = sample_result.summary["agency"]["most_active"]
    assert most and most[0]["agent"] == agency["agent"].max()


def test_sample_summary_blocks(sample_result):
    summ = sample_result.summary
    h = summ["hedging"]
    s = sample_result.sentences
    assert h["n_hedged"] == int(s["hedged"].sum())
    assert h["share_hedged"] == pytest.approx(s["hedged"].mean())
    assert 0 < h["share_hedged_outside_quotes"] < h["share_hedged"]
    assert h["n_conditional"] >= 3
    for key in ("hedging", "frames", "agency"):
        json.dumps(summ[key], allow_nan=False)


# --- hedging ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, cue", [
    ("Une telle suggestion serait un non-démarrage pour la Turquie.", "serait"),
    ("Un transfert entraînerait une sévère colère russe.", "entraînerait"),
    ("La Turquie pourrait refuser la proposition.", "pourrait"),
    ("Les États-Unis auraient suggéré un transfert des missiles.", "auraient suggéré"),
    ("Ils appelleraient à un cessez-le-feu.", "appelleraient"),
])
def test_conditional_mood_is_a_hedge(analyse, text, cue):
    res = analyse(text)
    assert res.sentences["hedged"].tolist() == [True]
    assert cue in _cues(res)[0].split("; ")


@pytest.mark.parametrize("text, cue", [
    ("Un tel transfert est peu probable.", "peu probable"),
    ("La Turquie refusera probablement.", "probablement"),
    ("C'est peut-être le moment de trouver une solution.", "peut-être"),
    ("Il semble que la Turquie hésite.", "il semble"),
    ("Selon toute vraisemblance, Ankara refusera.", "selon toute vraisemblance"),
    ("Les relations semblent tendues.", "semblent"),
    ("De nouveaux cas ne sont pas exclus dans la région.", "pas exclus"),
])
def test_hedge_expressions(analyse, text, cue):
    res = analyse(text)
    assert _cues(res) == [cue]


@pytest.mark.parametrize("text", [
    "Le ministre a signé l'accord mardi.",
    "Il entrait dans la salle quand la séance a commencé.",
    "La situation durait depuis des mois.",
    "Ankara a déclaré qu'il avait été contraint d'opter pour les S-400.",
])
def test_plain_statements_are_not_hedged(analyse, text):
    res = analyse(text)
    assert res.sentences["hedged"].tolist() == [False]
    assert _cues(res) == [""]


def test_conditional_in_a_relative_clause_counts(analyse):
    # Decision (docs/framing.md): the journalistic conditional often sits in a relative
    # clause, so it counts wherever it is.
    res = analyse("Le navire, qui aurait été touché par un missile, a coulé dans la nuit.")
    assert _cues(res) == ["aurait été touché"]


def test_hedge_inside_a_direct_quote_is_marked(analyse):
    res = analyse("« Ce serait une erreur », a déclaré le ministre Jean Dupont. "
                  "Le transfert pourrait être annulé.")
    h = res.tables["hedges"]
    assert h[["sentence_id", "in_quote"]].values.tolist() == [[0, True], [1, False]]
    assert res.summary["hedging"]["share_hedged_outside_quotes"] == 0.5


@pytest.mark.parametrize("form, lemma, expected", [
    ("entraînerait", "entraîner", True), ("prendrions", "prendre", True),
    ("appellerait", "appeler", True), ("paieraient", "payer", True),
    ("deviendrait", "devenir", True), ("verrait", "voir", True), ("ferait", "faire", True),
    ("entrait", "entrer", False), ("courait", "courir", False), ("mourait", "mourir", False),
    ("serrait", "serrer", False), ("parait", "parer", False), ("tirait", "tirer", False),
])
def test_looks_conditional(form, lemma, expected):
    assert hedging.looks_conditional(form, lemma) is expected


def test_custom_hedge_file(analyse, tmp_path, nlp):
    path = tmp_path / "hedges.tsv"
    path.write_text("# mine\nterm\tmatch\tnote\nà ce stade\tlower\tx\n", encoding="utf-8")
    doc = nlp("À ce stade, rien n'est décidé.")
    cues = hedging.hedge_cues(doc, sentence_spans(doc), path=str(path))
    assert [c["cue"] for c in cues] == ["à ce stade"]


# --- frames ---------------------------------------------------------------------------------

def test_frame_dimensions_are_the_codebook_fourteen():
    dims = frames.load_frame_dimensions()
    assert dims["frame"].tolist() == [
        "economic", "capacity_resources", "morality", "fairness_equality", "legality", "policy",
        "crime_punishment", "security_defense", "health_safety", "quality_of_life",
        "cultural_identity", "public_opinion", "political", "external_regulation"]
    lex = frames.load_frame_lexicon()
    assert set(lex["frame"]) == set(dims["frame"])
    assert lex.groupby("frame").size().min() >= 20


def test_every_lexicon_term_matches_itself(nlp):
    """Each term, written as in the lexicon, is found by the matcher (tokenisation agrees)."""
    lex = frames.load_frame_lexicon()
    terms = list(dict.fromkeys(lex["term"]))
    doc = nlp(" ; ".join(terms) + " .")
    found = {(m["frame"], m["term"]) for m in frames.frame_matches(doc, sentence_spans(doc))}
    missing = [(f, t) for f, t in zip(lex["frame"], lex["term"]) if (f, t) not in found]
    # a term inside a longer term of the same frame may lose to it (longest wins)
    shadowed = [(f, t) for f, t in missing
                if any(t != u and t.lower() in u.lower()
                       for u in lex.loc[lex["frame"] == f, "term"])]
    assert sorted(set(missing) - set(shadowed)) == []


def test_frames_match_lemmas_and_multiword_terms(analyse):
    res = analyse("Les droits de l'homme sont menacés par la défense antimissile et les sanctions "
                  "économiques.")
    fr = res.tables["frames"].set_index("frame")["terms"].to_dict()
    assert fr["fairness_equality"] == "droits de l'homme"
    assert fr["economic"] == "économiques"          # lemma « économique »
    assert fr["external_regulation"] == "sanctions"  # lemma « sanction »
    # « défense antimissile » once, not also « défense »
    assert "défense antimissile" in fr["security_defense"].split("; ")
    assert "défense" not in fr["security_defense"].split("; ")


def test_sentence_without_frame_terms(analyse):
    res = analyse("Il fait beau ce matin sur la côte.")
    assert res.tables["frames"].empty
    fr = res.summary["frames"]
    assert fr["dominant"] == [] and sum(fr["shares"].values()) == 0


def test_frames_table_orders_and_counts():
    m = [{"sentence_id": 1, "frame": "political", "text": "élection", "start": 30},
         {"sentence_id": 0, "frame": "political", "text": "vote", "start": 5},
         {"sentence_id": 0, "frame": "economic", "text": "prix", "start": 0}]
    t = frames.frames_table(m, "a", list(frames.load_frame_dimensions()["frame"])).frame
    assert t[["sentence_id", "frame"]].values.tolist() == [[0, "economic"], [0, "political"],
                                                          [1, "political"]]


# --- agency ---------------------------------------------------------------------------------

def test_agency_passive_subject_is_patient_and_par_agent(analyse):
    res = analyse("Le Kremlin a été critiqué par Paris.")
    ev = res.tables["agency_evidence"]
    assert set(zip(ev["text"], ev["role"])) == {("Kremlin", "patient"), ("Paris", "agent")}


def test_agency_recipient_and_coordinated_verbs(analyse):
    ev = analyse("Washington a demandé à Ankara de renoncer aux missiles."
                 ).tables["agency_evidence"]
    assert ev[["text", "role", "verb"]].values.tolist() == [["Washington", "agent", "demander"],
                                                            ["Ankara", "recipient", "demander"]]
    ev = analyse("Les États-Unis ont imposé des sanctions et ont retiré la Turquie du programme."
                 ).tables["agency_evidence"]
    assert ("imposer", "agent") in set(zip(ev["verb"], ev["role"]))
    assert ("retirer", "agent") in set(zip(ev["verb"], ev["role"]))


def test_agency_inverted_subject_of_an_incise_is_agent(analyse):
    # the parser reads « l'Agence … » after « a annoncé » as an object; it is the subject
    ev = analyse("Le premier cas est confirmé, a annoncé mercredi l'Agence régionale de santé."
                 ).tables["agency_evidence"]
    assert ev[["role", "verb"]].values.tolist() == [["agent", "annoncer"]]


def test_agency_apposition_takes_the_role_of_its_noun(analyse):
    ev = analyse("Le président turc Recep Tayyip Erdogan a rencontré Vladimir Poutine dans la "
                 "ville de Sotchi, sur les bords de la mer Noire.").tables["agency_evidence"]
    roles = dict(zip(ev["text"], ev["role"]))
    assert roles["Recep Tayyip Erdogan"] == "agent"
    assert roles["Vladimir Poutine"] == "patient"


def test_agency_table_without_entities_analyser(nlp):
    c = clean.clean_text("Washington a demandé à Ankara de renoncer aux missiles. "
                         "La Turquie pourrait refuser.")
    doc = nlp(c.text)
    sents = sentence_spans(doc)
    ctx = ArticleContext("t", doc, sents, sentences_table(doc, sents, "t", c.paragraph_starts, 0))
    quotes.run(ctx)
    hedging.run(ctx)
    frames.run(ctx)
    agency.run(ctx)
    table = ctx.tables["agency"]
    assert table.columns.tolist() == agency.AGENCY_COLUMNS
    assert table.set_index("actor").loc["Washington", "agent"] == 1
    assert ctx.sentences.tolist("hedged") == [False, True]
    # without the entities analyser, actors are the raw names (no Washington → États-Unis)
    assert "Washington" in [a["actor"] for a in ctx.summary["agency"]["most_active"]]
    assert "Ankara" in set(table["actor"])


def test_agency_tables_keep_actors_without_roles():
    idx = NameIndex([Mention(0, 5, "Paris", "Paris", "LOC", "France"),
                     Mention(10, 14, "Rome", "Rome", "LOC", ""),
                     Mention(20, 25, "S-400", "S-400", "EQUIP", "")])
    roles = [{"sentence_id": 0, "actor": "France", "entity": "Paris", "role": "patient",
              "verb": "viser", "text": "Paris"}]
    table, ev = (t.frame for t in agency.agency_tables(roles, idx, "a"))
    assert table["actor"].tolist() == ["France", "Rome"]  # equipment is not an actor
    assert table["agent_share"].tolist()[0] == 0.0 and pd.isna(table["agent_share"].iloc[1])
    assert ev.columns.tolist() == agency.AGENCY_EVIDENCE_COLUMNS
