"""Quotes and sources: direct/indirect/selon quotes, speakers, anonymous sources."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import quotes as Q


def _quotes(res) -> list[tuple]:
    q = res.tables["quotes"]
    return list(zip(q["kind"], q["speaker"], q["speaker_kind"], q["cue"]))


def _bare_ctx(nlp, text):
    """A context as the pipeline builds it, but with no analyser run before (no mentions)."""
    from analysis import clean
    from analysis.article import sentences_table
    from analysis.context import ArticleContext
    from analysis.nlp import sentence_spans

    c = clean.clean_text(text)
    doc = nlp(c.text)
    sents = sentence_spans(doc)
    return ArticleContext("t", doc, sents,
                          sentences_table(doc, sents, "t", c.paragraph_starts, c.title_end))


# --- the bundled article ("Done when") ---------------------------------------------------

def test_sample_three_direct_quotes_with_speakers(sample_result):
    q = sample_result.tables["quotes"]
    direct = q[q["kind"] == "direct"]
    assert direct["speaker"].tolist() == ["Wendy Sherman", "Aaron Stein", "Aaron Stein"]
    assert direct["speaker_kind"].tolist() == ["person"] * 3
    assert direct["quote"].str[:12].tolist() == ["Je pense que", "La Turquie a", "Et pour Erdo"]
    # the second Stein quote has no attribution of its own: it continues the previous one
    assert direct["cue"].tolist() == ["déclarer", "déclarer", "continuation"]
    assert direct.iloc[0]["speaker_text"] == "Sherman"


def test_sample_creatifs_is_a_scare_quote_not_a_quote(sample_result):
    q = sample_result.tables["quotes"]
    assert not q["quote"].str.fullmatch(r"\s*créatifs\s*").any()
    assert sample_result.summary["sources"]["scare_quotes"] == ["créatifs"]
    s = sample_result.sentences
    creatifs = s[s["text"].str.contains("« créatifs »")].iloc[0]
    # the sentence is quoted, but as the anonymous sources' indirect speech
    row = q[q["sentence_id"] == creatifs["sentence_id"]].iloc[0]
    assert (row["kind"], row["speaker_kind"]) == ("indirect", "anonymous")


def test_sample_unnamed_sources_are_anonymous_and_counted(sample_result):
    q = sample_result.tables["quotes"]
    anon = set(q.loc[q["speaker_kind"] == "anonymous", "speaker"])
    for phrase in ("trois sources proches du dossier", "des sources américaines et turques",
                   "une autre source proche des discussions", "les sources",
                   "des sources et des analystes turcs"):
        assert phrase in anon
    src = sample_result.summary["sources"]
    assert src["anonymous"] == int((q["speaker_kind"] == "anonymous").sum()) >= 6
    assert src["named"] == int(q["speaker_kind"].isin(["person", "organisation"]).sum())
    assert src["by_kind"]["direct"] == 3 and src["by_kind"]["selon"] >= 1
    assert src["n_quotes"] == len(q) == sum(src["by_kind"].values())
    # « Ils ont déclaré que … » right after « …, ont indiqué les sources »
    ils = q[q["speaker_text"] == "ils"].iloc[0]
    assert (ils["speaker"], ils["speaker_kind"]) == ("les sources", "anonymous")


def test_sample_ankara_speaks_as_an_organisation(sample_result):
    q = sample_result.tables["quotes"]
    row = q[q["quote"].str.startswith("qu'il avait été contraint")].iloc[0]
    assert (row["kind"], row["speaker"], row["speaker_kind"]) == \
        ("indirect", "Ankara", "organisation")


def test_sample_tables_and_columns(sample_result):
    q = sample_result.tables["quotes"]
    assert q.columns.tolist()[:7] == ["article_id", "sentence_id", "quote", "kind", "speaker",
                                      "speaker_kind", "cue"]
    assert q["sentence_id"].dtype == "int64" and q["start"].dtype == "int64"
    assert set(q["kind"]) <= set(Q.QUOTE_KINDS) and set(q["speaker_kind"]) <= set(Q.SPEAKER_KINDS)
    assert (q["article_id"] == "us-turkey-s400-ukraine").all()
    assert q[["sentence_id", "start"]].apply(tuple, axis=1).is_monotonic_increasing
    text = sample_result.cleaned.text
    for r in q[q["kind"] == "direct"].itertuples():
        assert text[r.start:r.end] == r.quote  # offsets point into the cleaned text
    s = sample_result.sentences
    assert s["is_quote"].dtype == bool
    stein = s.loc[s["speaker"] == "Aaron Stein", "text"]
    assert len(stein) == 2 and stein.str.startswith("« ").all()
    assert s.loc[~s["is_quote"], "speaker"].eq("").all()
    share = sample_result.summary["sources"]["share_sentences_quoted"]
    assert share == pytest.approx(s["is_quote"].mean())


def test_sample_quoted_share_on_entities(sample_result):
    ents = sample_result.tables["entities"]
    assert ents["quoted_share"].dtype == "float64"
    assert ents["quoted_share"].dropna().between(0, 1).all()
    share = dict(zip(ents["entity"], ents["quoted_share"]))
    # Aaron Stein is mentioned only as the speaker, never inside what is quoted
    assert share["Aaron Stein"] == 0.0
    # Vladimir Poutine appears only inside what « une autre source » reported
    assert share["Vladimir Poutine"] == 1.0


def test_summary_is_json_serialisable(sample_result):
    import json

    json.dumps(sample_result.summary["sources"], allow_nan=False)


# --- direct quotes --------------------------------------------------------------------------

def test_direct_quote_with_inverted_speaker_and_apposition(analyse):
    res = analyse("« Nous ne céderons pas », a affirmé le porte-parole du Kremlin, Dmitri Peskov.")
    assert _quotes(res) == [("direct", "Dmitri Peskov", "person", "affirmer")]


def test_direct_quote_introduced_by_colon_spanning_two_sentences(analyse):
    res = analyse("Le porte-parole du Kremlin, Dmitri Peskov, a affirmé : « Nous ne céderons pas. "
                  "Jamais. » La réunion a ensuite repris.")
    q = res.tables["quotes"]
    assert len(q) == 1
    row = q.iloc[0]
    assert (row["speaker"], row["sentence_id"], row["last_sentence_id"]) == ("Dmitri Peskov", 0, 1)
    assert row["quote"] == "Nous ne céderons pas. Jamais."
    assert res.sentences["is_quote"].tolist() == [True, True, False]


def test_continuation_keeps_previous_speaker_only_when_adjacent(analyse):
    res = analyse("« Je ne sais pas », a répondu le ministre Jean Dupont. « Nous verrons bien. » "
                  "Puis la séance a été levée. « Rien ne sera décidé avant lundi. »")
    q = res.tables["quotes"]
    assert q["speaker"].tolist() == ["Jean Dupont", "Jean Dupont", ""]
    assert q["cue"].tolist() == ["répondre", "continuation", ""]
    assert q["speaker_kind"].tolist() == ["person", "person", "unknown"]


def test_quote_running_over_two_paragraphs(analyse):
    # French convention: « opens each paragraph, only the last one closes
    res = analyse("Le texte sera examiné mardi. « Nous avons travaillé pendant des mois sur ce "
                  "projet.\n\n« Il est temps de passer au vote », a conclu la ministre "
                  "Marie Dupont.")
    q = res.tables["quotes"]
    assert q[["sentence_id", "speaker", "cue"]].values.tolist() == [
        [1, "Marie Dupont", "continuation"], [2, "Marie Dupont", "conclure"]]
    assert res.sentences["is_quote"].tolist() == [False, True, True]


@pytest.mark.parametrize("text", [
    "“Nous allons continuer le combat”, a lancé la maire de Paris, Anne Hidalgo.",
    '"Nous allons continuer le combat", a lancé la maire de Paris, Anne Hidalgo.',
])
def test_curly_and_straight_quote_marks(analyse, text):
    q = analyse(text).tables["quotes"]
    assert q[["kind", "speaker", "quote"]].values.tolist() == [
        ["direct", "Anne Hidalgo", "Nous allons continuer le combat"]]


def test_partial_quote_inside_a_sentence(analyse):
    res = analyse("Emmanuel Macron a estimé mardi que la France « ne laissera jamais tomber "
                  "l'Ukraine ».")
    assert _quotes(res) == [("direct", "Emmanuel Macron", "person", "estimer")]


@pytest.mark.parametrize("text", [
    "Les efforts pour trouver des moyens « créatifs » ont échoué.",
    "Le ministre a jugé la situation « très préoccupante » lundi.",
])
def test_one_or_two_words_in_quotes_are_scare_quotes(analyse, text):
    res = analyse(text)
    assert res.tables["quotes"].empty
    assert len(res.summary["sources"]["scare_quotes"]) == 1
    assert not res.sentences["is_quote"].any()


@pytest.mark.parametrize("text", [
    "Il a relu « Guerre et Paix » pendant l'été.",
    "Le film « Autant en emporte le vent » ressort en salles cette semaine.",
])
def test_a_quoted_title_is_not_a_quote(analyse, text):
    res = analyse(text)
    assert res.tables["quotes"].empty
    assert len(res.summary["sources"]["quoted_names"]) == 1


def test_quotation_marks_in_the_headline(analyse):
    res = analyse("Le « non » de la Turquie à Washington\n\nAnkara a refusé la proposition "
                  "américaine lundi, après des semaines de discussions.")
    assert res.sentences["is_title"].tolist()[0]
    assert res.tables["quotes"].empty
    assert res.summary["sources"]["scare_quotes"] == ["non"]


def test_headline_quote_attributed_after_colon(analyse):
    res = analyse("« Nous ne reculerons pas » : Zelensky défie Moscou\n\nLe président ukrainien "
                  "s'est exprimé lundi devant le Parlement.")
    q = res.tables["quotes"]
    assert q[["kind", "speaker", "cue"]].values.tolist()[0] == ["direct", "Zelensky", ":"]


def test_lone_quotation_mark_is_ignored(analyse):
    res = analyse("Le ministre » a signé l'accord mardi à Paris avec son homologue.")
    assert res.tables["quotes"].empty


# --- indirect speech and selon --------------------------------------------------------------

@pytest.mark.parametrize("text, cue", [
    ("Le ministre a estimé que la réforme serait adoptée.", "estimer"),
    ("Le ministre affirmait que la réforme serait adoptée.", "affirmer"),
    ("Le ministre aurait déclaré que la réforme serait adoptée.", "déclarer"),
    ("Le ministre déclarera que la réforme sera adoptée.", "déclarer"),
    ("Le ministre a rappelé aux journalistes que la réforme serait adoptée.", "rappeler"),
])
def test_indirect_speech_in_any_tense_or_mood(analyse, text, cue):
    q = analyse(text).tables["quotes"]
    assert q[["kind", "speaker", "speaker_kind", "cue"]].values.tolist() == [
        ["indirect", "le ministre", "person", cue]]
    assert q.iloc[0]["quote"].startswith("que la réforme")


def test_indirect_speech_in_an_incise(analyse):
    res = analyse("La Turquie, a expliqué Aaron Stein, ne cédera pas sur ce dossier.")
    q = res.tables["quotes"]
    assert q[["kind", "speaker", "cue"]].values.tolist() == [
        ["indirect", "Aaron Stein", "expliquer"]]
    assert q.iloc[0]["quote"] == "La Turquie … ne cédera pas sur ce dossier"


@pytest.mark.parametrize("text", [
    "Le ministre a déclaré la guerre au terrorisme.",
    "Ce qu'elle voulait dire exactement n'était pas clair.",
    "Le département d'État n'a pas répondu.",
    "Le négociateur n'a pas dit que l'accord était signé.",
    "Washington a demandé à Ankara de se débarrasser de ses missiles.",
])
def test_reporting_verb_without_speech_is_not_a_quote(analyse, text):
    res = analyse(text)
    assert res.tables["quotes"].empty
    assert not res.sentences["is_quote"].any()


@pytest.mark.parametrize("text, expected", [
    ("Selon le ministre Jean Dupont, la réforme sera adoptée.", ("Jean Dupont", "person")),
    ("Selon des sources diplomatiques, l'accord est proche.",
     ("des sources diplomatiques", "anonymous")),
    ("D'après des diplomates européens, l'accord est proche.",
     ("des diplomates européens", "anonymous")),
    ("L'accord est proche, selon le gouvernement turc.", ("le gouvernement turc", "organisation")),
    ("Selon la chambre d'agriculture, les pertes de l'accord pourraient dépasser 50 millions "
     "d'euros.", ("la chambre d'agriculture", "organisation")),
])
def test_selon_attribution(analyse, text, expected):
    q = analyse(text).tables["quotes"]
    assert q[["kind", "speaker", "speaker_kind"]].values.tolist() == [["selon", *expected]]
    assert "accord" in q.iloc[0]["quote"] or "réforme" in q.iloc[0]["quote"]
    assert "selon" not in q.iloc[0]["quote"].lower()


@pytest.mark.parametrize("text", [
    "Selon toute vraisemblance, la réforme sera adoptée.",
    "Selon le calendrier prévu, le vote aura lieu lundi.",
])
def test_selon_without_a_source_is_not_a_quote(analyse, text):
    assert analyse(text).tables["quotes"].empty


@pytest.mark.parametrize("text, phrase", [
    ("L'accord est proche, selon trois sources proches du dossier.",
     "trois sources proches du dossier"),
    ("Les discussions ont échoué, ont déclaré des sources américaines et turques.",
     "des sources américaines et turques"),
    ("Le président n'avait pas été prévenu, a déclaré une autre source proche des discussions.",
     "une autre source proche des discussions"),
    ("Des responsables américains ont indiqué que la proposition restait sur la table.",
     "des responsables américains"),
    ("Un haut responsable, s'exprimant sous couvert d'anonymat, a estimé que l'accord "
     "pourrait échouer.", "un haut responsable"),
])
def test_anonymous_sources(analyse, text, phrase):
    res = analyse(text)
    q = res.tables["quotes"]
    assert q[["speaker", "speaker_kind"]].values.tolist() == [[phrase, "anonymous"]]
    assert res.summary["sources"]["anonymous"] == 1 and res.summary["sources"]["named"] == 0


def test_role_noun_definite_is_a_person_indefinite_is_anonymous(analyse):
    q = analyse("Le porte-parole a assuré que la Turquie ne céderait pas. Un ministre a confié "
                "que la Turquie hésitait.").tables["quotes"]
    assert q["speaker_kind"].tolist() == ["person", "anonymous"]


def test_speaker_resolved_to_full_name_by_surname(analyse):
    res = analyse("La sous-secrétaire d'État Wendy Sherman est arrivée à Ankara. « Nous trouverons "
                  "une solution à ce problème », a déclaré Sherman.")
    q = res.tables["quotes"]
    assert q[["speaker", "speaker_text"]].values.tolist() == [["Wendy Sherman", "Sherman"]]


def test_pronoun_speaker(analyse):
    q = analyse("Le ministre Jean Dupont a précisé que la loi serait votée. Il a ajouté que le "
                "texte ne changerait rien pour les familles.").tables["quotes"]
    assert q["speaker"].tolist() == ["Jean Dupont", "Jean Dupont"]
    assert q["speaker_text"].tolist()[1] == "il"
    q = analyse("La séance a été longue. Elle a ajouté que le texte ne changerait rien "
                "pour les familles.").tables["quotes"]
    assert q[["speaker", "speaker_kind", "speaker_text"]].values.tolist() == [
        ["", "unknown", "elle"]]


def test_relative_qui_speaker(analyse):
    q = analyse("Le ministre Jean Dupont, qui a affirmé que la Turquie resterait neutre, est parti "
                "à Moscou.").tables["quotes"]
    assert q[["kind", "speaker"]].values.tolist() == [["indirect", "Jean Dupont"]]


# --- without the entities analyser ------------------------------------------------------------

def test_runs_without_mentions_table(nlp):
    ctx = _bare_ctx(nlp, "La sous-secrétaire d'État Wendy Sherman est arrivée à Ankara. « Nous "
                         "trouverons une solution à ce problème », a déclaré Sherman.")
    Q.run(ctx)
    assert ctx.tables["quotes"]["speaker"].tolist() == ["Wendy Sherman"]
    assert "entities" not in ctx.tables
    assert ctx.sentences["is_quote"].tolist() == [False, True]


def test_quoted_share_with_a_small_table(nlp):
    ctx = _bare_ctx(nlp, "Le ministre Jean Dupont a déclaré que la France soutiendrait l'Ukraine. "
                         "L'Ukraine a remercié Jean Dupont.")
    ctx.tables["entities"] = pd.DataFrame({"article_id": ["t", "t", "t"],
                                           "entity": ["Ukraine", "Jean Dupont", "Absente"]})
    Q.run(ctx)
    share = dict(zip(ctx.tables["entities"]["entity"], ctx.tables["entities"]["quoted_share"]))
    assert share["Ukraine"] == 0.5 and share["Jean Dupont"] == 0.0
    assert math.isnan(share["Absente"])


# --- pure functions ---------------------------------------------------------------------------

def test_find_quote_marks_nesting_and_paragraphs():
    text = "« Un “deux” trois » puis \"quatre\" et « cinq\n\nsix » sept"
    spans = Q.find_quote_marks(text)
    # the « left open at the paragraph end stops there; « six » » has a lone closing mark
    assert [text[a:b] for a, b, _ in spans] == ["« Un “deux” trois »", '"quatre"', "« cinq"]
    assert [c for *_, c in spans] == [True, True, False]


def test_find_quote_marks_ignores_unclosed_straight_quote():
    assert Q.find_quote_marks('Il mesure 6" de haut. Fin.') == []


def test_sentence_quote_columns_marks_every_spanned_sentence():
    s = pd.DataFrame({"sentence_id": [0, 1, 2, 3]})
    q = pd.DataFrame({"sentence_id": [1, 3], "last_sentence_id": [2, 3], "speaker": ["A", ""]})
    out = Q.sentence_quote_columns(s, q)
    assert out["is_quote"].tolist() == [False, True, True, True]
    assert out["speaker"].tolist() == ["", "A", "A", ""]


def test_resources_load_and_have_the_issue_verbs():
    cues = Q.load_cues()
    for verb in ("déclarer", "dire", "indiquer", "affirmer", "estimer", "ajouter", "assurer",
                 "expliquer", "souligner", "préciser", "reconnaître", "démentir"):
        assert verb in cues.speech
    nouns = Q.load_source_nouns()
    assert set(nouns.values()) == {"anonymous", "role", "organisation", "document"}
