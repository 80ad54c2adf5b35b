"""Tone (issue 3): textblob-fr replicated, its defects fixed in textblob-fr-pos, evidence, figures."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from textblob_fr import PatternAnalyzer
from textblob_fr.fr import sentiment as pattern_sentiment

from analysis.analysers import tone as S
from analysis.analysers.tone import common, figures, news_resources, textblob
from analysis.analysers.tone import news as tone_news
from analysis.resource_files import read_rows
from analysis.study.evaluate import unit_polarity


def chunks(nlp, text, **kw):
    """(words, polarity, subjectivity, negated, intensified) of the default method on raw text."""
    doc = nlp(text)
    return [(" ".join(i.tok.text for i in c.items), round(c.p, 4), round(c.s, 4), c.n < 0,
             c.intensified) for c in textblob.score_span(doc[:], textblob.entity_tokens(doc), **kw)]


def words_scored(res, method=None):
    ev = res.tables["evidence"]
    if method:
        ev = ev[ev["method"] == method]
    return " | ".join(ev["words"]).lower()


@pytest.fixture(scope="module")
def sample_all(analyse, sample_text):
    return analyse(sample_text, article_id="us-turkey-s400-ukraine", sentiment="all")


# --- textblob-fr, as is --------------------------------------------------------

@pytest.mark.parametrize("text, expected", [("Quelle belle matinée", (0.8, 0.8)),
                                            ("C'est une voiture terribles.", (-0.7, 0.6))])
def test_textblob_fr_documented_values(analyse, text, expected):
    res = analyse(text, sentiment="textblob-fr")
    row = res.sentences.iloc[0]
    assert (row["polarity"], row["subjectivity"]) == pytest.approx(expected)
    assert row["n_scored"] == 1
    # the corrected method agrees on these plain adjective cases
    res = analyse(text, sentiment="textblob-fr-pos")
    assert (res.sentences["polarity"].iloc[0], res.sentences["subjectivity"].iloc[0]) \
        == pytest.approx(expected)


def test_textblob_fr_mode_equals_textblob_fr_on_every_sample_sentence(sample_all):
    analyzer = PatternAnalyzer()
    s = sample_all.sentences
    expected = [tuple(analyzer.analyze(t)) for t in s["text"]]
    got = list(zip(s["polarity_textblob_fr"], s["subjectivity_textblob_fr"]))
    assert got == expected  # exact, not approximate
    ev = sample_all.tables["evidence"]
    n = ev[ev["method"] == "textblob-fr"].groupby("sentence_id").size()
    assert s["n_scored_textblob_fr"].tolist() == \
        [len(analyzer.analyze(t).assessments) for t in s["text"]]
    assert n.sum() == s["n_scored_textblob_fr"].sum()


def test_textblob_fr_setting_alone_gives_the_same_columns(analyse):
    text = "Ce qu'elle voulait dire exactement n'était pas clair. Nous sommes en plein air."
    res = analyse(text, sentiment="textblob-fr")
    analyzer = PatternAnalyzer()
    assert list(zip(res.sentences["polarity"], res.sentences["subjectivity"])) == \
        [tuple(analyzer.analyze(t)) for t in res.sentences["text"]]
    assert set(res.tables["evidence"]["method"]) == {"textblob-fr"}


def test_port_of_pattern_rules_matches_textblob_fr(sample_all):
    """assess() fed pattern's own tokens and lexicon reproduces pattern's chunks exactly."""
    texts = list(sample_all.sentences["text"]) + [
        "Ce n'est pas très bon", "C'est vraiment pas bon !", "Quel désastre !",
        "Il est absolument pas clair et vraiment très beau", "Nous sommes en plein air :-)",
        "Ce film n' est pas mauvais , mais pas génial non plus (!)"]
    for text in texts:
        words = [w.lower() for w in " ".join(pattern_sentiment.tokenizer(text)).split()]
        ours = [([it.word for it in c.items], c.p, c.s) for c in textblob.assess(textblob.pattern_items(words))]
        theirs = [(w, p, s) for w, p, s, _x in pattern_sentiment.assessments(
            (w, None) for w in words)]
        assert ours == theirs, text


# --- defects fixed in the default method ---------------------------------------

def test_typographic_apostrophes(nlp, analyse):
    # textblob-fr's tokenizer mangles the typographic apostrophe
    assert "&RSQUO" in " ".join(pattern_sentiment.tokenizer("L’accord n’était pas clair."))
    # the default method reads the spaCy tokens, with or without cleaning
    expected = [("pas clair", -0.14, 0.1, True, False)]
    assert chunks(nlp, "L’accord n’était pas clair.") == expected
    assert chunks(nlp, "L'accord n'était pas clair.") == expected
    res = analyse("Selon lui, l’accord n’était pas clair.", sentiment="textblob-fr-pos")
    assert res.tables["evidence"]["words"].tolist() == ["pas clair"]
    assert "&" not in res.sentences["text"].iloc[0]


def test_subjectivity_stays_in_unit_interval(nlp, analyse):
    text = "Nous sommes en plein air."
    assert PatternAnalyzer().analyze(text)[1] == pytest.approx(17.65)
    res = analyse(text, sentiment="textblob-fr-pos")
    assert 0 <= res.sentences["subjectivity"].iloc[0] <= 1
    # a negative subjectivity in the lexicon ("alarmante": -0.4) is read as its size
    raw = PatternAnalyzer().analyze("La situation humanitaire est alarmante.")
    assert raw[1] < 0
    got = chunks(nlp, "La situation humanitaire est alarmante.")
    assert [(w, s) for w, _p, s, *_ in got] == [("alarmante", 0.4)]


def test_lexicon_corrections_are_range_safe():
    lex = textblob.textblob_lexicon()
    vals = [v for by_pos in lex.values() for v in by_pos.values()]
    assert all(-1 <= p <= 1 and 0 <= s <= 1 and i > 0 for p, s, i in vals)
    assert lex["plein"]["RB"][1] == 0.35
    # the raw textblob-fr lexicon object is not modified
    assert pattern_sentiment["plein"]["RB"][1] == 35.0


def test_nouns_are_not_read_as_adjectives(nlp, analyse):
    text = "Les frappes ont tué des dizaines de civils."
    assert PatternAnalyzer().analyze(text)[0] > 0  # textblob-fr: "civils" +0.1
    res = analyse(text, sentiment="textblob-fr-pos")
    assert res.sentences["n_scored"].iloc[0] == 0
    assert res.sentences["polarity"].iloc[0] == 0.0
    assert chunks(nlp, "Des responsables américains ont lancé la suggestion.") == \
        [("américains", 0.08, 0.1, False, False)]
    # the adjective itself is still scored
    assert chunks(nlp, "Le ministre est responsable.")[0][0] == "responsable"


def test_named_entities_are_not_scored(nlp, analyse):
    assert "blanche" in [w for ws, *_ in PatternAnalyzer().analyze(
        "La Maison Blanche n'a pas répondu.").assessments for w in ws]
    for text in ("La Maison Blanche n'a pas répondu à une demande de commentaire.",
                 "La Turquie partage une frontière maritime avec la Russie dans la mer Noire."):
        for method in ("textblob-fr-pos", "news"):
            res = analyse(text, sentiment=method)
            assert "blanche" not in words_scored(res) and "noire" not in words_scored(res)
    # masking is by entity span, whatever the token's POS
    doc = nlp("Quelle belle matinée")
    assert [c.p for c in textblob.score_span(doc[:])] == [0.8]
    assert textblob.score_span(doc[:], frozenset({1})) == []


def test_participles_as_states_are_scored(nlp):
    got = chunks(nlp, "Ankara a été effrayé par l'invasion de l'Ukraine par la Russie.")
    assert [(w, p) for w, p, *_ in got] == [("effrayé", -0.5)]
    # an active compound past is a verb, not the adjective
    assert chunks(nlp, "La rumeur a effrayé les marchés.") == []


def test_negation_and_intensifiers(nlp):
    assert chunks(nlp, "C'est très clair.") == [("très clair", 0.56, 0.2, False, True)]
    # pattern: "not very" softens instead of inverting fully
    assert chunks(nlp, "Ce n'était pas très clair.") == [("pas très clair", -0.07, 0.05, True, True)]
    # French negation carries over determiners, auxiliaries and unscored adverbs
    assert chunks(nlp, "Ce n'est pas une bonne idée.")[0][3] is True
    assert chunks(nlp, "Ce n'a pas été facile.")[0][:2] == ("pas facile", -0.135)
    assert chunks(nlp, "Les responsables n'étaient pas immédiatement disponibles.")[0][3] is True
    # "ne ... plus" negates; "plus" alone does not
    assert chunks(nlp, "Ce n'est plus clair.")[0][3] is True
    assert chunks(nlp, "Le texte est plus clair.")[0][3] is False
    # an intensifier alone scores nothing (textblob-fr: "également" +0.2)
    text = "Ankara a également vendu des drones à Kiev."
    assert PatternAnalyzer().analyze(text)[0] == pytest.approx(0.2)
    assert chunks(nlp, text) == []
    # "!" boosts the chunk before it
    assert chunks(nlp, "Quel désastre !") == [("désastre !", -0.625, 0.15, False, True)]


# --- the bundled article --------------------------------------------------------

def test_sample_ranges_and_columns(sample_result):
    s = sample_result.sentences
    assert s["polarity"].between(-1, 1).all()
    assert s["subjectivity"].between(0, 1).all()
    assert s["polarity"].dtype == "float64" and s["subjectivity"].dtype == "float64"
    assert s["n_scored"].dtype == "int64" and (s["n_scored"] >= 0).all()
    assert (s.loc[s["n_scored"] == 0, ["polarity", "subjectivity"]] == 0).all().all()
    assert 0 < (s["n_scored"] > 0).sum() < len(s)


def test_sample_evidence_explains_every_score(sample_result):
    s, ev = sample_result.sentences, sample_result.tables["evidence"]
    assert list(ev.columns[:8]) == ["article_id", "sentence_id", "method", "words", "polarity",
                                    "subjectivity", "negated", "intensified"]
    assert (ev["article_id"] == "us-turkey-s400-ukraine").all()
    assert set(ev["method"]) == {S.DEFAULT_METHOD} == {"news"}
    assert ev[["polarity", "subjectivity"]].apply(lambda c: c.between(-1, 1)).all().all()
    # recompute each sentence from its evidence rows: weighted means, count
    g = ev.assign(wp=ev["weight"] * ev["polarity"], ws=ev["weight"] * ev["subjectivity"]) \
        .groupby("sentence_id")
    re = pd.DataFrame({"polarity": g["wp"].sum() / g["weight"].sum(),
                       "subjectivity": g["ws"].sum() / g["weight"].sum(),
                       "n_scored": g.size()}).reindex(s["sentence_id"]).fillna(0)
    assert re["polarity"].to_numpy() == pytest.approx(s["polarity"].to_numpy())
    assert re["subjectivity"].to_numpy() == pytest.approx(s["subjectivity"].to_numpy())
    assert re["n_scored"].astype(int).tolist() == s["n_scored"].tolist()
    # offsets point into the sentence and at words of the chunk
    text = sample_result.cleaned.text
    for r in ev.itertuples():
        sent = s.iloc[r.sentence_id]
        assert sent["start"] <= r.start < r.end <= sent["end"]
        assert set(text[r.start:r.end].split()) <= set(r.words.split())


def test_sample_names_nouns_and_negation(sample_result):
    words = words_scored(sample_result)
    for w in ("blanche", "noire", "responsables"):
        assert w not in words
    ev = sample_result.tables["evidence"]
    row = ev[ev["words"] == "effrayé"]
    assert len(row) == 1 and row["polarity"].iloc[0] < 0
    row = ev[ev["words"] == "pas clair"]
    assert len(row) == 1 and row["negated"].iloc[0] and row["polarity"].iloc[0] < 0


def test_sample_tone_summary(sample_result):
    tone = sample_result.summary["tone"]
    s = sample_result.sentences
    assert tone["method"] == "news"
    assert tone["n_sentences"] == len(s) and tone["n_words"] == s["n_words"].sum()
    assert tone["share_positive"] + tone["share_negative"] + tone["share_neutral"] == \
        pytest.approx(1)
    assert tone["coverage"] == pytest.approx((s["n_scored"] > 0).mean(), abs=1e-6)
    assert tone["mean_polarity"] == pytest.approx(s["polarity"].mean(), abs=1e-6)
    assert tone["weighted_polarity"] == pytest.approx(
        (s["polarity"] * s["n_words"]).sum() / s["n_words"].sum(), abs=1e-6)
    assert tone["gdelt_tone"] == pytest.approx(
        tone["gdelt_positive_pct"] - tone["gdelt_negative_pct"], abs=1e-5)
    assert 0 < tone["gdelt_polarity_pct"] < 100
    assert tone["title_counted"] is True
    import json
    json.dumps(sample_result.summary)  # plain Python types


def test_all_keeps_default_and_adds_columns(sample_all, sample_result):
    s = sample_all.sentences
    assert S.METHODS == ("news", "textblob-fr-pos", "textblob-fr") and S.DEFAULT_METHOD == "news"
    assert s["polarity"].tolist() == sample_result.sentences["polarity"].tolist()
    assert s["polarity"].tolist() == s["polarity_news"].tolist()
    assert set(sample_all.summary["tone_by_method"]) == set(S.METHODS)
    assert sample_all.summary["tone"]["method"] == "news"
    assert list(sample_all.tables["evidence"]["method"].unique()) == list(S.METHODS)
    for m in S.METHODS:
        col = "polarity_" + m.replace("-", "_")
        assert s[col].between(-1, 1).all()
        assert s["n_scored_" + m.replace("-", "_")].dtype == "int64"


# --- user lexicon ---------------------------------------------------------------

def test_domain_lexicon_extends_and_overrides(analyse, tmp_path):
    text = "Il a déclaré que l'invasion était inacceptable. C'est très clair."
    assert "invasion" not in words_scored(analyse(text, sentiment="textblob-fr-pos"))
    res = analyse(text, sentiment="textblob-fr-pos", lexicon=str(common.DOMAIN_EXAMPLE))
    ev = res.tables["evidence"]
    assert ev.loc[ev["words"] == "invasion", "source"].tolist() == ["user"]
    assert res.sentences["polarity"].iloc[0] < 0
    assert res.summary["tone"]["lexicon"] == str(common.DOMAIN_EXAMPLE)
    # lemma match: "sanctions" through "sanction"
    res = analyse("Les États-Unis ont imposé des sanctions.", sentiment="textblob-fr-pos",
                  lexicon=str(common.DOMAIN_EXAMPLE))
    assert words_scored(res) == "sanctions"
    # override an existing entry (POS-specific)
    f = tmp_path / "lex.csv"
    f.write_text("# mine\nword,polarity,subjectivity,pos\nclair,-0.9,0.9,ADJ\n", encoding="utf-8")
    res = analyse("C'est clair.", sentiment="textblob-fr-pos", lexicon=str(f))
    assert res.sentences["polarity"].iloc[0] == pytest.approx(-0.9)


@pytest.mark.parametrize("body", ["word,polarity\nx,0.1\n", "word,polarity,subjectivity\nx,2,0.1\n",
                                  "word,polarity,subjectivity,pos\nx,0.1,0.1,PROPN\n",
                                  "word,polarity,subjectivity\ndeux mots,0.1,0.1\n"])
def test_bad_lexicon_is_refused(tmp_path, body):
    f = tmp_path / "bad.csv"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(ValueError):
        S.read_lexicon_csv(f)


def test_unknown_method_is_refused(analyse):
    with pytest.raises(ValueError, match="textblob-fr-pos"):
        analyse("Un texte.", sentiment="vader")


def test_tone_figures_on_empty_article():
    s = pd.DataFrame({"polarity": [], "subjectivity": [], "n_scored": [], "n_words": [],
                      "is_title": []})
    f = figures.tone_figures(s, pd.DataFrame({"sentence_id": [], "polarity": []}))
    assert f["coverage"] == 0.0 and f["mean_polarity"] == 0.0 and f["title_polarity"] is None
    assert not any(isinstance(v, float) and math.isnan(v) for v in f.values())


# --- issue 10: the news method ---------------------------------------------------

def news(nlp, text, **kw):
    doc = nlp(text)
    return [(" ".join(t.text for t in c["tokens"]), round(c["polarity"], 4), c["negated"],
             c["intensified"], c["weight"]) for c in tone_news.news_chunks(doc[:], textblob.entity_tokens(doc), **kw)]


def test_news_lexicon_rebuilds_byte_for_byte():
    import importlib.util

    from analysis import config
    path = config.PROJECT_ROOT / "tools" / "build_news_lexicon.py"
    spec = importlib.util.spec_from_file_location("build_news_lexicon", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    lexicon, changes = mod.build()
    assert lexicon.encode("utf-8") == news_resources.NEWS_LEXICON.read_bytes()
    assert changes.encode("utf-8") == mod.CHANGES.read_bytes()


def test_news_lexicon_provenance_and_content():
    import hashlib

    from analysis import config
    lex = news_resources.news_lexicon()
    assert len(lex) > 8000 and all(-1 <= v <= 1 and v != 0 for v in lex.values())
    # accents kept, English leftovers and mistranslations gone, supplement in
    assert "colère" in lex and "effrayé" in lex and "fuckers" not in lex
    assert "ventilateur" not in lex and "plus" not in lex and "comme" not in lex
    assert lex["invasion"] < 0 and lex["cessez-le-feu"] > 0
    # every supplement entry carries a justification
    sup = read_rows(config.RESOURCES_DIR / "lexicon_news_supplement.csv")
    assert sup and all(len(r["note"]) > 10 for r in sup)
    # the in-repo sources are the documented files, with their licences
    src = config.RESOURCES_DIR / "lexicon_sources"
    for f in ("vader_fr/fr_lexicon.txt", "afinn_fr/AFINN-fr-165.txt"):
        digest = hashlib.sha256((src / f).read_bytes()).hexdigest()
        assert digest in (src / f).parent.joinpath("SOURCE.md").read_text(encoding="utf-8")
    lic = config.PROJECT_ROOT / "LICENSES"
    assert "C.J. Hutto" in (lic / "vaderSentiment-fr-MIT.txt").read_text(encoding="utf-8")
    assert "Apache License" in (lic / "AFINN-fr-165-Apache-2.0.txt").read_text(encoding="utf-8")


def test_news_on_real_sentences(analyse):
    res = analyse("Les frappes ont tué des dizaines de civils.", sentiment="news")
    assert res.sentences["polarity"].iloc[0] < 0
    assert "tué" in words_scored(res)
    res = analyse("L'accord de cessez-le-feu a été salué par les deux camps.", sentiment="news")
    assert res.sentences["polarity"].iloc[0] > 0
    assert res.summary["tone"]["method"] == "news"
    # textblob-fr scores neither sentence's news words
    assert analyse("Les frappes ont tué des dizaines de civils.",
                   sentiment="textblob-fr-pos").sentences["n_scored"].iloc[0] == 0


def test_news_negation(nlp):
    assert news(nlp, "Les frappes n'ont pas tué de civils.")[-1][:3] == ("pas tué", 0.5458, True)
    assert news(nlp, "Il n'y a eu aucune victime.")[0][2] is True
    assert news(nlp, "Le projet a été mené sans succès.")[0][:3] == ("sans succès", -0.3885, True)
    # "ne ... plus" negates, "plus" alone does not
    assert news(nlp, "Ce n'est plus une crise.")[0][2] is True
    got = news(nlp, "Il y a plus de colère dans la rue.")
    assert [(w, neg) for w, _p, neg, *_ in got] == [("colère", False)]


def test_news_boosters_and_contrast(nlp, analyse):
    plain, very = news(nlp, "Le bilan est lourd."), news(nlp, "Le bilan est très lourd.")
    assert very[0][1] == pytest.approx(plain[0][1] - tone_news.NEWS_BOOST, abs=1e-4) and very[0][3]
    soft = news(nlp, "Le bilan est légèrement lourd.")
    assert abs(soft[0][1]) < abs(plain[0][1])
    # the clause after "mais" weighs more: the order decides the sign
    a = analyse("La situation était difficile, mais la trêve tient.", sentiment="news")
    b = analyse("La trêve tient, mais la situation reste difficile.", sentiment="news")
    assert a.sentences["polarity"].iloc[0] > 0 > b.sentences["polarity"].iloc[0]
    assert sorted(a.tables["evidence"]["weight"]) == [0.5, 1.5]


def test_news_masks_names(nlp):
    doc = nlp("La colère monte.")
    assert [c["entry"] for c in tone_news.news_chunks(doc[:], set())] == ["colère"]
    assert tone_news.news_chunks(doc[:], {1}) == []


def test_news_on_sample(sample_all):
    s, ev = sample_all.sentences, sample_all.tables["evidence"]
    ev = ev[ev["method"] == "news"]
    assert s["polarity_news"].between(-1, 1).all() and s["subjectivity_news"].between(0, 1).all()
    for word in ("invasion", "sanctions", "colère", "effrayé"):
        sids = set(ev.loc[ev["words"].str.contains(word), "sentence_id"])
        assert sids, word
        assert (s.loc[s["sentence_id"].isin(sids), "polarity_news"] < 0).all(), word
    text = " | ".join(ev["words"]).lower()
    assert "blanche" not in text and "noire" not in text
    # each sentence's news score is the weighted mean of its evidence
    g = ev.assign(wp=ev["polarity"] * ev["weight"]).groupby("sentence_id")
    re = (g["wp"].sum() / g["weight"].sum()).reindex(s["sentence_id"]).fillna(0)
    assert re.to_numpy() == pytest.approx(s["polarity_news"].to_numpy())


def test_all_reports_agreement(sample_all):
    agr = sample_all.summary["tone_agreement"]
    assert [p["methods"] for p in agr] == [["news", "textblob-fr-pos"], ["news", "textblob-fr"],
                                           ["textblob-fr-pos", "textblob-fr"]]
    s = sample_all.sentences
    for p in agr:
        a, b = (f"polarity_{m.replace('-', '_')}" for m in p["methods"])
        assert p["pearson"] == pytest.approx(s[a].corr(s[b]), abs=1e-6)
        assert p["sign_agreement"] == pytest.approx(
            (((s[a] > 0) == (s[b] > 0)) & ((s[a] < 0) == (s[b] < 0))).mean(), abs=1e-6)
        gaps = (s[a] - s[b]).abs()
        assert gaps[p["most_disagreeing"][0]] == pytest.approx(gaps.max())
    d = figures.disagreements(s, "textblob-fr-pos", "news", n=3)
    assert list(d.columns) == ["sentence_id", "text", "polarity_textblob_fr_pos", "polarity_news", "gap"]
    assert d["gap"].is_monotonic_decreasing and len(d) == 3


def test_user_lexicon_applies_to_news(analyse, tmp_path):
    f = tmp_path / "lex.csv"
    f.write_text("word,polarity,subjectivity,pos\ncolère,0.5,0.5,NOUN\n", encoding="utf-8")
    res = analyse("La colère monte.", sentiment="news", lexicon=str(f))
    ev = res.tables["evidence"]
    assert ev["source"].tolist() == ["user"] and res.sentences["polarity"].iloc[0] > 0


# --- issue 21: the news method as the default -----------------------------------------

def default(analyse, text):
    """(sentence polarity, {chunk words: polarity}) of the default method on one sentence."""
    res = analyse(text, check_language=False)
    ev = res.tables["evidence"]
    return unit_polarity(ev, S.DEFAULT_METHOD), dict(zip(ev["words"], ev["polarity"]))


def test_default_is_news_and_others_stay_selectable(analyse):
    from analysis import config
    assert config.DEFAULT_SENTIMENT == S.DEFAULT_METHOD == "news"
    assert set(config.SENTIMENT_METHODS) == {"news", "textblob-fr-pos", "textblob-fr"}
    for m in config.SENTIMENT_METHODS:
        assert analyse("Quelle belle matinée.", sentiment=m).summary["tone"]["method"] == m


@pytest.mark.parametrize("text, word", [
    ("Les alliés n'ont pas fourni d'armes à des conditions satisfaisantes.", "satisfaisantes"),
    ("Le gouvernement n'a pas présenté de réponse satisfaisante aux syndicats.", "satisfaisante"),
    ("Le club n'a jamais obtenu de résultats encourageants cette saison.", "encourageants"),
])
def test_negation_reaches_over_the_clause(nlp, analyse, text, word):
    doc = nlp(text)
    assert word in {doc[i].text for i in tone_news.negation_scope(doc[:])}
    pol, chunks = default(analyse, text)
    (w, p), = [(w, p) for w, p in chunks.items() if w.endswith(word)]
    assert w.startswith(("pas", "jamais")) and p < 0 and pol < -0.1


def test_negation_stops_at_the_subject_and_definite_arguments(nlp, analyse):
    # the negation denies the condemnation, not the invasion; the subject keeps its tone
    _pol, chunks = default(analyse, "Le président n'a pas condamné l'invasion.")
    assert chunks["invasion"] < 0
    _pol, chunks = default(analyse, "Les frappes n'ont pas tué de civils.")
    assert chunks["frappes"] < 0 < chunks["pas tué"]
    # an oblique of circumstance is outside the scope (« en raison de »)
    doc = nlp("Il n'a pas pris le départ en raison d'une douleur au dos.")
    assert "douleur" not in {doc[i].text for i in tone_news.negation_scope(doc[:])}
    # « sans doute » is not a negation
    _pol, chunks = default(analyse, "Le bilan sera sans doute lourd.")
    assert not any(w.startswith("sans") for w in chunks)


@pytest.mark.parametrize("text", [
    "Une source proche du dossier a confirmé l'information.",
    "Selon des sources proches de la présidence, le ministre sera reçu lundi.",
    "C'est la première fois que le dernier rapport est publié en ligne.",
    "Les dernières heures de la campagne ont commencé.",
    "Le ministre a prononcé un long discours devant les députés.",
    "Les troupes soviétiques et les diplomates américains se sont retrouvés à Berlin.",
    "Le texte intégral du rapport sera publié lundi.",
    "Les familles partent en vacances dès samedi.",
    "Le Premier ministre a reçu les syndicats à Matignon.",
])
def test_words_that_only_quantify_or_situate_carry_no_tone(analyse, text):
    pol, chunks = default(analyse, text)
    assert pol == 0 and chunks == {}


def test_quantifying_adjectives_strengthen_a_toned_noun(analyse):
    _pol, plain = default(analyse, "Les dégâts sont visibles.")
    pol, strong = default(analyse, "Les dégâts sont considérables.")
    assert strong["dégâts considérables"] < plain["dégâts"] < 0
    _pol, chunks = default(analyse, "Une attaque à grande échelle a visé la capitale.")
    assert list(chunks) == ["attaque"]
    pol, chunks = default(analyse, "Une forte hausse de la violence inquiète les habitants.")
    assert pol < -0.1 and not any(w == "forte" for w in chunks)


def test_part_of_speech_and_lemma_checks(nlp, analyse):
    # « crues » is the noun « crue » (a flood), not the adjective « cru »
    pol, chunks = default(analyse, "Les crues de la Loire ont coupé plusieurs routes.")
    assert chunks == {"crues": pytest.approx(-0.4)} and pol < -0.1
    # an entry restricted to adjectives: « sauf » the preposition is not « sain et sauf »
    assert default(analyse, "Tous les élus sont venus, sauf le maire.")[1] == {}
    assert default(analyse, "L'enfant a été retrouvé sain et sauf.")[0] > 0.1
    # a verb lemmatised as a noun (« réclame » → « réclame ») is read as its infinitive
    assert news_resources.news_lexicon()["réclamer"] < 0
    pol, chunks = default(analyse, "L'opposition réclame la suspension immédiate du ministre.")
    assert set(chunks) == {"réclame", "suspension"} and pol < -0.1
    pol, _ = default(analyse, "Les syndicats réclamaient depuis des mois une hausse des salaires.")
    assert pol < 0


@pytest.mark.parametrize("text", [
    "Il a déclaré que l'invasion était inacceptable.",
    "Le ministre a jugé ces propos inacceptables.",
    "Les dégâts sont considérables.",
    "Plusieurs commerces ont été dévastés par l'incendie.",
    "L'opposition réclame la suspension immédiate du ministre.",
    "Les syndicats dénoncent une réforme injuste.",
])
def test_news_tone_is_found(analyse, text):
    assert default(analyse, text)[0] <= -0.2  # well beyond the ±0.1 threshold


def test_names_titles_and_capitals(analyse):
    for text in ("La Maison Blanche n'a pas répondu.", "Le Conseil de sécurité se réunit mardi.",
                 "Le Haut représentant de l'Union a rencontré le ministre."):
        assert default(analyse, text) == (0.0, {})
    # a headline in capitals or Title Case: capitals mark no names there
    assert default(analyse, "URGENT : LE PREMIER MINISTRE DÉMISSIONNE")[0] < -0.1
    assert default(analyse, "Grève À La SNCF : Le Trafic Toujours Très Perturbé Lundi")[0] < -0.1
    # an "entity" without a capitalised word is no name (a post tagged as MISC)
    assert default(analyse, "Super soirée avec les copains, merci à tous !")[0] > 0.1


def test_words_of_decrease_and_increase(analyse):
    assert default(analyse, "Le chômage recule à 7,1 % au troisième trimestre.")[0] > 0.1
    assert default(analyse, "La baisse du chômage se confirme.")[0] > 0.1
    assert default(analyse, "Hausse du prix du gaz de 4 % au 1er juillet.")[0] < -0.1
    assert default(analyse, "Les loyers repartent à la hausse à Lyon.")[0] < -0.1
    assert default(analyse, "La baisse des loyers se confirme à Paris.")[0] > 0.1
    assert default(analyse, "Le prix du pain est fixé par le boulanger.")[1] == {}


def test_posts_emoticons_emoji_and_irony(analyse):
    assert default(analyse, "Super concert hier soir :)")[0] > 0.1
    assert default(analyse, "Encore deux heures de retard 😡")[0] < -0.1
    assert default(analyse, "Trop bien ce resto ❤️")[0] > 0.1
    # praise marked as irony reads as a complaint
    pol, chunks = default(analyse, "Super, encore une panne de métro 🙃")
    assert pol < -0.1 and all(p < 0 for p in chunks.values())
    # the emoticons kept from vaderSentiment-fr all have eyes or a heart, none is a number
    emoticons = [w for w in news_resources.news_lexicon() if not any(c.isalpha() for c in w)]
    assert ":)" in emoticons and "<3" in news_resources.news_lexicon() and "143" not in news_resources.news_lexicon()


def test_threshold_robust_scores(analyse):
    """Clear tone lands well beyond ±0.1; factual news stays at 0."""
    for text in ("Un séisme meurtrier a frappé le sud du pays.", "Le joueur a été grièvement blessé."):
        assert default(analyse, text)[0] <= -0.3
    for text in ("Le club a remporté une large victoire.",
                 "Les deux randonneurs ont été retrouvés sains et saufs."):
        assert default(analyse, text)[0] >= 0.3
    for text in ("Le conseil municipal se réunira le 12 février à la mairie.",
                 "La réunion aura lieu jeudi à 19 heures.",
                 "Le musée accueille environ 200 000 visiteurs par an."):
        assert default(analyse, text) == (0.0, {})


def test_news_resources_are_documented():
    from analysis import config
    for name in ("lexicon_news_neutral.csv", "lexicon_news_masks.csv"):
        rows = read_rows(config.RESOURCES_DIR / name)
        assert rows and all(len(r["note"]) > 3 for r in rows), name
    neutral = read_rows(config.RESOURCES_DIR / "lexicon_news_neutral.csv")
    assert {r["class"] for r in neutral} <= {"situate", "quantify", "nationality", "function", "news-sense"}
    # every rule word has a known role, and the tone of a rule word is never scored
    roles = set(news_resources.news_rules().values())
    assert roles <= {"negation", "negation_ne", "booster", "dampener", "contrast", "decrease",
                     "increase", "cost", "irony"}
