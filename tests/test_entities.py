"""Entities and actors (issue 4): clean mentions, canonical names, aliases, actors, tables."""

from __future__ import annotations

import json
import math
import re

import pandas as pd
import pytest

from analysis import config
from analysis.analysers import entities as E
from analysis.context import ArticleContext
from analysis.text import key as text_key


def occurrences(text: str, forms) -> int:
    """Non-overlapping whole-word occurrences of any of ``forms`` in ``text`` (longest first)."""
    taken: list[tuple[int, int]] = []
    for f in sorted(set(forms), key=len, reverse=True):
        for m in re.finditer(rf"(?<!\w){re.escape(f)}(?!\w)", text):
            if not any(s <= m.start() < e for s, e in taken):
                taken.append((m.start(), m.end()))
    return len(taken)


def ents(res) -> pd.DataFrame:
    return res.tables["entities"]


def row(res, entity) -> pd.Series:
    e = ents(res)
    hits = e[e["entity"] == entity]
    assert len(hits) == 1, f"{entity!r}: {len(hits)} rows in {e['entity'].tolist()}"
    return hits.iloc[0]


def span(nlp, text, part, label="LOC", nth=0):
    """A labelled span of ``part`` (its ``nth`` occurrence) in a fresh parse of ``text``."""
    doc = nlp(text)
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(part, start + 1)
    return doc.char_span(start, start + len(part), label=label, alignment_mode="expand")


# --- the bundled article: the "Done when" lines --------------------------------------------

def test_sample_tables_have_the_contract_columns(sample_result):
    t = sample_result.tables
    assert list(t["mentions"].columns) == E.MENTION_COLUMNS
    assert list(t["entities"].columns)[: len(E.ENTITY_COLUMNS)] == E.ENTITY_COLUMNS
    assert list(t["cooccurrence"].columns) == E.COOCCURRENCE_COLUMNS
    assert list(t["actors"].columns) == E.ACTOR_COLUMNS
    assert list(t["mentions_dropped"].columns) == E.DROPPED_COLUMNS
    m = t["mentions"]
    assert {c: str(m[c].dtype) for c in ("sentence_id", "start", "end")} == dict.fromkeys(
        ("sentence_id", "start", "end"), "int64")
    assert str(t["entities"]["mean_polarity"].dtype) == "float64"
    assert (t["entities"]["article_id"] == "us-turkey-s400-ukraine").all()


def test_sample_mentions_point_into_the_text(sample_result):
    m, text = sample_result.tables["mentions"], sample_result.doc.text
    assert [text[s:e] for s, e in zip(m["start"], m["end"])] == m["text"].tolist()
    assert m["start"].is_monotonic_increasing
    sents = sample_result.sentences.set_index("sentence_id")
    for r in m.itertuples():
        assert sents.loc[r.sentence_id, "start"] <= r.start and r.end <= sents.loc[r.sentence_id, "end"]


def test_sample_entity_table_has_no_debris(sample_result):
    e = ents(sample_result)
    assert len(e) >= 15
    for name in e["entity"]:
        assert "\n" not in name
        assert re.search(r"[A-ZÀ-Ý0-9]", name), name  # a name, not "qu'" or "américains"
        assert not re.match(r"(?i)(l|d|qu|n|s)'", name), name
        assert name.lower() not in {"état", "il", "elle", "ce", "mais", "stay connected"}, name
        assert not (name.isupper() and len(name.split()) > 1), name
    assert e["entity"].is_unique
    assert set(e["label"]) <= set(E.LABELS)
    # "État" of "sous-secrétaire d'État" is dropped, with its reason
    d = sample_result.tables["mentions_dropped"]
    assert "État" not in set(sample_result.tables["mentions"]["text"])
    assert set(d.loc[d["text"] == "État", "reason"]) == {"common noun (… d'État)"}


def test_sample_each_person_is_one_row_with_full_name(sample_result):
    e = ents(sample_result)
    per = e[e["label"] == "PER"]
    assert {"Wendy Sherman", "Recep Tayyip Erdogan", "Vladimir Poutine", "Aaron Stein"} <= set(per["entity"])
    assert not {"Sherman", "Erdogan"} & set(e["entity"])
    assert row(sample_result, "Wendy Sherman")["aliases"] == "Sherman; Wendy Sherman"
    assert row(sample_result, "Recep Tayyip Erdogan")["mentions"] == 2
    # no person row is the tail of another
    names = [n.split() for n in per["entity"]]
    assert not any(a != b and b[-len(a):] == a for a in names for b in names)


def test_sample_otan_and_s400(sample_result):
    text = sample_result.doc.text
    otan = row(sample_result, "OTAN")
    assert otan["label"] == "ORG" and otan["aliases"] == "OTAN"
    assert otan["mentions"] == text.count("OTAN") == 3
    s400 = row(sample_result, "S-400")
    assert s400["label"] == "EQUIP"
    assert s400["mentions"] == occurrences(text, ["S-400"]) == 7
    assert row(sample_result, "F-35")["label"] == "EQUIP"


def test_sample_mention_counts_match_the_text(sample_result):
    text = sample_result.doc.text
    # the dateline "Washington –" is the article's place, not a mention (issue 15)
    datelines = sample_result.summary["entities"]["datelines"]
    assert [d["text"] for d in datelines] == ["Washington"]
    assert sample_result.summary["entities"]["dateline"] == "Washington"
    for d in datelines:
        text = text[:d["start"]] + "#" * (d["end"] - d["start"]) + text[d["end"]:]
    e = ents(sample_result)
    for r in e.itertuples():
        assert r.mentions == occurrences(text, r.aliases.split("; ")), r.entity
    # the title is counted once: its repeat in the related links was removed by cleaning
    assert row(sample_result, "États-Unis")["mentions"] == 3


def test_sample_actors_and_aliases(sample_result):
    m = sample_result.tables["mentions"]
    by_text = m.drop_duplicates("text").set_index("text")
    assert by_text.loc["Washington", "actor"] == "États-Unis"
    assert by_text.loc["Washington", "label"] == "LOC"  # the model said PER once, LOC once
    assert by_text.loc["Kremlin", "actor"] == "Russie"
    assert tuple(by_text.loc["Kiev", ["entity", "actor"]]) == ("Kyiv", "Ukraine")
    assert by_text.loc["Volodymyr Zelenskyy", "entity"] == "Volodymyr Zelensky"
    assert tuple(by_text.loc["département d'État", ["entity", "label", "actor"]]) == (
        "Département d'État", "ORG", "États-Unis")
    # ungrouped entities are their own actor
    assert (m.loc[m["entity"] == "Wendy Sherman", "actor"] == "Wendy Sherman").all()
    a = sample_result.tables["actors"].set_index("actor")
    assert a.loc["États-Unis", "mentions"] == (m["actor"] == "États-Unis").sum()
    assert a["mentions"].sum() == len(m)


def test_sample_first_sentence_sentences_and_tone(sample_result):
    m = sample_result.tables["mentions"]
    s = sample_result.sentences
    for r in ents(sample_result).itertuples():
        sids = sorted(set(m.loc[m["entity"] == r.entity, "sentence_id"]))
        assert (r.sentences, r.first_sentence) == (len(sids), sids[0])
        if "polarity" in s.columns:
            expected = s.set_index("sentence_id").loc[sids, "polarity"].mean()
            assert math.isclose(r.mean_polarity, expected, abs_tol=1e-12) or (
                math.isnan(r.mean_polarity) and math.isnan(expected))
        else:
            assert math.isnan(r.mean_polarity)


def test_sample_cooccurrence_is_consistent(sample_result):
    m, c = sample_result.tables["mentions"], sample_result.tables["cooccurrence"]
    assert (c["entity_a"] < c["entity_b"]).all()
    assert not c.duplicated(["entity_a", "entity_b"]).any()
    # pairs of actors, as the actor table, actor tone and agency count them (issue 15)
    per_sentence = m.groupby("sentence_id")["actor"].agg(set)
    for r in c.head(10).itertuples():
        assert r.sentences == sum(r.entity_a in s and r.entity_b in s for s in per_sentence)
    top = c.iloc[0]
    assert top["sentences"] == c["sentences"].max()


def test_sample_summary(sample_result):
    s = sample_result.summary["entities"]
    json.dumps(s)
    assert s["n_entities"] == len(ents(sample_result))
    assert s["n_mentions"] == len(sample_result.tables["mentions"])
    assert s["top_entities"][0]["mentions"] == ents(sample_result)["mentions"].max()
    assert s["entities_by_label"]["EQUIP"] >= 2


# --- other French texts ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def politics(analyse):
    return analyse(
        "Le général Charles de Gaulle a lancé l'appel du 18 juin depuis Londres. De Gaulle voulait "
        "rassembler la France libre. Le porte-avions Charles de Gaulle a quitté Toulon mardi.\n\n"
        "Le ministre des Affaires étrangères Jean-Yves Le Drian a reçu son homologue américain "
        "Antony Blinken au Quai d'Orsay. Le Drian a jugé la rencontre « utile ». Selon Blinken, les "
        "discussions ont porté sur l'OTAN et l'ONU.\n\n"
        "Des responsables américains et des diplomates français ont évoqué la situation avec les "
        "forces russes. La secrétaire d'État adjointe a dénoncé le coup d'État.\n\n"
        "Emmanuel Macron s'est entretenu avec Volodymyr Zelenskyy. M. Macron a promis des canons "
        "Caesar à Kyiv. Zelensky a remercié Paris. Le Kremlin a dénoncé une « provocation ».",
        article_id="politics")


def test_names_with_particles_and_hyphens(politics):
    g = row(politics, "Charles de Gaulle")
    # the mention holds the title written before the name (impresso/HIPE), the entity does not
    assert (g["label"], g["mentions"], g["aliases"]) == ("PER", 2, "De Gaulle; général Charles de Gaulle")
    # the aircraft carrier is equipment, not the general
    assert row(politics, "porte-avions Charles de Gaulle")["label"] == "EQUIP"
    d = row(politics, "Jean-Yves Le Drian")
    assert (d["label"], d["mentions"], d["aliases"]) == ("PER", 2, "Jean-Yves Le Drian; Le Drian")
    assert row(politics, "Antony Blinken")["mentions"] == 2
    assert row(politics, "Emmanuel Macron")["aliases"] == "Emmanuel Macron; M. Macron"  # one entity


def test_acronyms_and_elided_articles(politics):
    m = politics.tables["mentions"]
    assert {"OTAN", "ONU"} <= set(m["text"])
    assert not m["text"].str.contains(r"^(?:l|d|qu)'", case=False).any()
    assert row(politics, "OTAN")["label"] == "ORG" and row(politics, "ONU")["label"] == "ORG"
    assert row(politics, "France")["aliases"] == "France"  # "la France" -> "France"


def test_lower_case_nationality_adjectives_are_not_entities(politics):
    texts = " ".join(politics.tables["mentions"]["text"]).lower().split()
    for word in ("américain", "américains", "français", "russes"):
        assert word not in texts


def test_state_compounds_are_not_places(politics):
    m = politics.tables["mentions"]
    assert not m["text"].str.contains("État").any()
    assert set(politics.tables["mentions_dropped"]["reason"]) <= {"common noun (… d'État)",
                                                                  "a function, not a name"}


def test_aliases_and_actors_across_spellings(politics):
    z = row(politics, "Volodymyr Zelensky")
    assert (z["mentions"], z["aliases"]) == (2, "Volodymyr Zelenskyy; Zelensky")
    m = politics.tables["mentions"].set_index("text")
    assert m.loc["Kyiv", "actor"] == "Ukraine"
    assert m.loc["Quai d'Orsay", "actor"] == "France"
    assert (m.loc["Kremlin", "entity"], m.loc["Kremlin", "actor"]) == ("Kremlin", "Russie")
    assert m.loc["Paris", "actor"] == "Paris"  # capitals that are mostly places are not grouped


def test_shared_surname_stays_ambiguous(analyse):
    res = analyse("Jean Dupont et Pierre Dupont sont frères. Selon Dupont, la réunion a eu lieu à Lyon.")
    names = set(ents(res)["entity"])
    assert {"Jean Dupont", "Pierre Dupont", "Dupont"} <= names


def test_equipment_ruler(analyse):
    res = analyse("Le Pentagone a livré des HIMARS, des chars Abrams et des missiles Patriot. "
                  "La militante Stacey Abrams a réagi. Les Leopard 2 et les F-16 arriveront, comme les "
                  "drones Bayraktar TB2. Le Covid-19 et le G-20 n'y changent rien.")
    e = ents(res).set_index("entity")
    for name in ("HIMARS", "Abrams", "Patriot", "Leopard 2", "F-16", "Bayraktar TB2"):
        assert e.loc[name, "label"] == "EQUIP", name
    assert e.loc["Stacey Abrams", "label"] == "PER"
    m = res.tables["mentions"]
    assert "chars Abrams" not in set(m["text"]) and "Abrams" in set(m["text"])
    assert not m.loc[m["text"].isin(["Covid-19", "G-20"]), "label"].eq("EQUIP").any()
    assert e.loc["Pentagone", "label"] == "ORG" and m.set_index("text").loc["Pentagone", "actor"] == "États-Unis"


def test_title_repeated_in_related_links_is_counted_once(analyse):
    text = ("Emmanuel Macron reçoit Olaf Scholz à Paris\n\nLe président Emmanuel Macron a reçu le "
            "chancelier Olaf Scholz mardi à l'Élysée pour un dîner de travail. Macron a salué « un "
            "partenaire de confiance » et les deux dirigeants ont parlé de l'énergie et de la défense "
            "pendant plus de deux heures, selon un conseiller qui a requis l'anonymat.\n\n"
            "More Updates\n\nEmmanuel Macron reçoit Olaf Scholz à Paris")
    res = analyse(text)
    assert row(res, "Emmanuel Macron")["mentions"] == 3  # title + two in the body
    assert row(res, "Olaf Scholz")["mentions"] == 2


def test_no_entities_and_no_polarity_do_not_crash(analyse, nlp):
    res = analyse("il pleut depuis trois jours et personne ne sort.")
    assert res.tables["mentions"].empty and res.tables["entities"].empty
    assert list(res.tables["entities"].columns)[:8] == E.ENTITY_COLUMNS
    assert res.summary["entities"]["n_entities"] == 0
    # a context without the tone column: mean_polarity is NaN
    from analysis.article import sentences_table
    from analysis.nlp import sentence_spans
    doc = nlp("Ankara a répondu à Moscou.")
    sents = sentence_spans(doc)
    ctx = ArticleContext("c", doc, sents, sentences_table(doc, sents, "c", [0]))
    E.run(ctx)
    assert ctx.tables["entities"]["mean_polarity"].isna().all()
    assert set(ctx.tables["mentions"]["actor"]) == {"Turquie", "Russie"}


# --- clean_span on hand-made spans (debris rules, independent of the model's guesses) ---------

@pytest.mark.parametrize("text, part, label, expected", [
    ("Le retour qu'Ankara attend.", "qu'", "LOC", "elision"),
    ("Il n'a rien dit.", "n'", "PER", "elision"),
    ("Fin. CLIQUEZ POUR AGRANDIR", "CLIQUEZ POUR AGRANDIR", "MISC", "call to action"),
    ("Fin. GALERIE PHOTO DU SOMMET", "GALERIE PHOTO DU SOMMET", "MISC", "all-caps shouting"),
    ("La fin.\n\nStay Connected", "fin.\n\nStay", "MISC", "spans a line break"),
    ("Un « — » isolé.", "« — »", "MISC", "no letters"),
    ("Mais il est parti.", "Mais il", "PER", "function word"),
    ("Des responsables américains ont parlé.", "américains", "MISC", "lower case"),
    ("La sous-secrétaire d'État a parlé.", "État", "LOC", "common noun (… d'État)"),
])
def test_debris_is_dropped_with_its_reason(nlp, text, part, label, expected):
    assert E.clean_span(span(nlp, text, part, label))[2] == expected


@pytest.mark.parametrize("text, part, label, kept", [
    ("Il a rejoint l'OTAN.", "l'OTAN", "ORG", "OTAN"),
    ("Le retour d'Ankara.", "d'Ankara", "LOC", "Ankara"),
    ("L'Ukraine résiste.", "L'Ukraine", "LOC", "Ukraine"),
    ("Selon Reuters, non.", "Selon Reuters", "ORG", "Reuters"),
    ("Il a vu M. Macron hier.", "M. Macron", "PER", "Macron"),
    ("De Gaulle a parlé.", "De Gaulle", "PER", "De Gaulle"),
    ("Marine Le Pen a parlé.", "Le Pen", "PER", "Le Pen"),
    ("Il lit Le Monde.", "Le Monde", "ORG", "Le Monde"),
    ("Ils ont vu l'Est de l'Ukraine.", "Est", "LOC", "Est"),
    ("Des chars Abrams.", "chars Abrams", "EQUIP", "Abrams"),
    ("Le titre\n\nUkraine", "Ukraine", "LOC", "Ukraine"),
])
def test_spans_are_trimmed_to_the_name(nlp, text, part, label, kept):
    sp = span(nlp, text, part, label)
    start, end, reason = E.clean_span(sp, label, from_ruler=label == "EQUIP")
    assert (sp.doc.text[start:end], reason) == (kept, None)


# --- pure functions -----------------------------------------------------------------------------

def raw(rows):
    df = pd.DataFrame(rows, columns=["text", "model_label", "rule_id"])
    df.insert(0, "article_id", "a")
    df.insert(1, "sentence_id", range(len(df)))
    df.insert(2, "start", [10 * i for i in range(len(df))])
    df.insert(3, "end", df["start"] + df["text"].str.len())
    return df


def test_names_are_compared_case_accent_hyphen_insensitively():
    assert text_key("États-Unis") == text_key("ETATS UNIS") == text_key("etats-unis")
    assert text_key("Erdoğan") == "erdogan"
    assert text_key("Œuvre d'Orient") == "oeuvre d orient"
    raw_ = raw([("Etats-Unis", "LOC", ""), ("ÉTATS UNIS", "LOC", ""), ("Œuvre d'Orient", "ORG", ""),
                ("OEuvre d’Orient", "ORG", "")])
    assert E.resolve_mentions(raw_)["entity"].nunique() == 2


def test_resolve_partial_names_types_and_ties():
    out = E.resolve_mentions(raw([
        ("Washington", "PER", ""), ("Wendy Sherman", "PER", ""), ("Sherman", "LOC", ""),
        ("Washington", "LOC", ""), ("Haberturk", "MISC", ""), ("Haberturk", "ORG", ""),
        ("le Kremlin", "LOC", ""), ("Kremlin", "LOC", ""), ("S-400", "EQUIP", ""),
        ("Etats-Unis", "LOC", ""), ("États-Unis", "LOC", ""), ("Sherman", "PER", "")]))
    got = out[["text", "entity", "label"]].values.tolist()
    assert got[2] == ["Sherman", "Wendy Sherman", "PER"]  # partial -> full name and its type
    assert got[0][2] == got[3][2] == "LOC"  # alias table pins Washington
    assert got[4][2] == got[5][2] == "MISC"  # tie: the earliest label
    assert got[6][1] == got[7][1] == "Kremlin"
    assert got[9][1] == got[10][1] == "États-Unis"  # accented spelling preferred on a tie
    assert out["label"].tolist().count("EQUIP") == 1


def test_resolve_user_alias_and_actor_files(tmp_path):
    a = tmp_path / "aliases.csv"
    a.write_text("# mine\nalias,entity,label\nKiev,Kiev,LOC\nBoris,Boris Johnson,PER\n", encoding="utf-8")
    b = tmp_path / "actors.csv"
    b.write_text("entity,actor\nKiev,Ukraine\nParis,France\n", encoding="utf-8")
    out = E.resolve_mentions(raw([("Kiev", "LOC", ""), ("Paris", "LOC", ""), ("Boris", "ORG", "")]),
                             E.load_aliases(a), E.load_actors(b))
    assert out[["entity", "label", "actor"]].values.tolist() == [
        ["Kiev", "LOC", "Ukraine"], ["Paris", "LOC", "France"], ["Boris Johnson", "PER", "Boris Johnson"]]
    bad = tmp_path / "bad.csv"
    bad.write_text("alias,entity,label\nX,Y,PERSON\n", encoding="utf-8")
    with pytest.raises(ValueError, match="PERSON"):
        E.load_aliases(bad)


def test_equipment_pattern_file_and_family_regex():
    lines = [ln for ln in config.RESOURCES_DIR.joinpath("entity_patterns.jsonl").read_text(
        encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("//")]
    pats = [json.loads(ln) for ln in lines]
    assert all({"label", "pattern"} <= set(p) for p in pats)
    assert all(p["label"] == "EQUIP" or "id" in p for p in pats)  # other labels need an id
    family = re.compile(pats[0]["pattern"][0]["TEXT"]["REGEX"])
    for tok in ("S-400", "S-300", "F-35", "F-35A", "Su-35", "MiG-29", "T-72", "Tu-22M3", "MQ-9"):
        assert family.match(tok), tok
    for tok in ("Covid-19", "G-20", "UE-27", "CAC-40", "Euro-2024", "COP-26", "s-400"):
        assert not family.match(tok), tok


def test_capitalised_common_words_and_titles_are_not_entities(analyse):
    res = analyse("Réforme des retraites : Élisabeth Borne défend le texte\n\n"
                  "La Première ministre Élisabeth Borne a reçu Olivier Dussopt, ministre du Travail, "
                  "à Matignon. Le chef de l'État suit le dossier, a fait savoir l'Élysée. "
                  "Dussopt estime que « le dialogue continue ».")
    names = set(ents(res)["entity"])
    assert not {"Réforme", "Travail", "État"} & names
    assert {"Élisabeth Borne", "Olivier Dussopt"} <= names
    assert row(res, "Olivier Dussopt")["mentions"] == 2
    m = res.tables["mentions"].set_index("text")
    assert m.loc["Matignon", "actor"] == m.loc["Élysée", "actor"] == "France"
    reasons = set(res.tables["mentions_dropped"]["reason"])
    assert reasons <= {"capitalised word at a sentence start", "part of a ministry title",
                       "common noun (… d'État)"}


# --- issue 15: the errors found on real news, each on French sentences of our own -----------

def mentions(res) -> list[tuple[str, str]]:
    m = res.tables["mentions"]
    return list(zip(m["text"], m["label"]))


def without(rule, analyse, text):
    """The same text analysed with one rule switched off (the error the rule fixes)."""
    with E.rules_off(rule):
        return analyse(text)


@pytest.mark.parametrize("text, not_names, names", [
    ("Incendie À Marseille : Un Immeuble Évacué\n\nUn incendie s'est déclaré mardi soir dans le "
     "quartier du Panier, à Marseille.", {"Incendie À Marseille", "Immeuble Évacué"}, {"Marseille"}),
    ("Sécheresse : Les Agriculteurs De La Beauce Réclament Des Aides\n\nLes céréaliers de la Beauce "
     "ont manifesté à Chartres mardi.", {"Les Agriculteurs De La Beauce Réclament Des Aides"}, {"Beauce"}),
])
def test_title_case_headline_words_are_not_names(analyse, text, not_names, names):
    res = analyse(text)
    got = {t for t, _ in mentions(res)}
    assert not got & not_names and names <= got
    head = res.sentences.loc[res.sentences["is_title"], "sentence_id"]
    m = res.tables["mentions"]
    # the headline keeps the names the article confirms, and only those
    assert set(m.loc[m["sentence_id"].isin(head), "text"]) == names
    assert not_names <= {t for t, _ in mentions(without("title_case", analyse, text))}


def test_participles_at_a_sentence_start_are_not_names(analyse):
    text = "Émus, les habitants de Lourdes ont accueilli les pèlerins."
    assert mentions(analyse(text)) == [("Lourdes", "LOC")]
    assert ("Émus", "LOC") in mentions(without("drop_sentence_start_lexicon", analyse, text))
    # a name set off by a comma at a sentence start stays a name
    res = analyse("Bouleversée, Marie Lefèvre raconte la nuit de l'incendie. Lefèvre habite Brest.")
    assert ("Marie Lefèvre", "PER") in mentions(res)


def test_nationality_words_are_not_places(analyse):
    text = "Les Allemands ont voté dimanche, comme les Autrichiens. Les Bretons ont manifesté à Rennes."
    assert mentions(analyse(text)) == [("Rennes", "LOC")]
    off = {t for t, _ in mentions(without("drop_demonym", analyse, text))}
    assert {"Allemands", "Autrichiens"} <= off
    # a nationality noun before a person name is not part of the name
    res = analyse("Le Belge Eddy Merckx a remporté la course.")
    assert mentions(res) == [("Eddy Merckx", "PER")]
    reasons = dict(zip(res.tables["mentions_dropped"]["text"], res.tables["mentions_dropped"]["reason"]))
    assert reasons == {"Belge": "nationality or demonym"}


def test_hyphenated_places_are_places(analyse):
    text = "Une usine a brûlé à Pierre-Bénite dans la nuit."
    assert mentions(analyse(text)) == [("Pierre-Bénite", "LOC")]
    assert mentions(without("place_context", analyse, text)) == [("Pierre-Bénite", "PER")]
    assert E.PLACE_SHAPE.search("Villeneuve-sur-Lot") and E.PLACE_SHAPE.search("Saint-Malo")
    assert not E.PLACE_SHAPE.search("Jean-Luc")


@pytest.mark.parametrize("text, expected", [
    ("Météo-France prévoit des orages sur la Bretagne.", [("Météo-France", "ORG")]),
    ("Hydro-Québec a relevé ses tarifs, a indiqué Radio-Canada.",
     [("Hydro-Québec", "ORG"), ("Radio-Canada", "ORG")]),
])
def test_organisations_named_after_a_place(analyse, text, expected):
    assert mentions(analyse(text)) == expected
    assert mentions(without("org_place_name", analyse, text)) != expected


@pytest.mark.parametrize("text, name", [
    ("Il s'est confié à la chaîne Haber Global avant de partir.", "Haber Global"),
    ("D'après l'hebdomadaire Marianne, le ministre savait.", "Marianne"),
    ("L'information a été révélée par le site Mediapart.", "Mediapart"),
    ("Selon l'agence Anatolie, le président turc a promis des représailles.", "Anatolie"),
])
def test_media_outlets_are_organisations(analyse, text, name):
    assert (name, "ORG") in mentions(analyse(text))
    assert (name, "ORG") not in mentions(without("org_after_head", analyse, text))


@pytest.mark.parametrize("text, place, actor, verb", [
    ("ROME – Giorgia Meloni a défendu lundi sa réforme de la justice.", "ROME", "Italie", "défendre"),
    ("Berlin (AFP) – Le chancelier a évoqué mardi la crise énergétique.", "Berlin", "Allemagne", "évoquer"),
])
def test_datelines_are_the_articles_place_not_a_mention_or_an_agent(analyse, text, place, actor, verb):
    res = analyse(text)
    assert place not in {t for t, _ in mentions(res)}
    summary = res.summary["entities"]
    assert summary["datelines"][0]["text"] == place and summary["datelines"][0]["actor"] == actor
    assert summary["dateline"] == summary["datelines"][0]["entity"]
    assert not (res.tables["agency_evidence"]["actor"] == actor).any()
    d = res.tables["mentions_dropped"]
    assert d.loc[d["text"] == place, "reason"].str.startswith("dateline").all()
    # without the rule the place was a mention and the agent of the verb
    off = without("dateline", analyse, text)
    ev = off.tables["agency_evidence"]
    assert ((ev["actor"] == actor) & (ev["role"] == "agent") & (ev["verb"] == verb)).any()


def test_dateline_shapes():
    from analysis.analysers.entities import dateline
    for text, place in [("PARIS – Le gouvernement", "PARIS"), ("Londres, 12 mai. — On mande", "Londres"),
                        ("SAINT-DENIS (AFP) – Un an", "SAINT-DENIS"), ("La Rochelle, 3 juin. - Le", "La Rochelle")]:
        hit = dateline(text)
        assert hit is not None and text[hit[0]:hit[1]] == place, text
    for text in ("Paris - la ville", "Le ministre – qui parlait – a dit", "Emmanuel Macron a dit."):
        assert dateline(text) is None, text


def test_government_bodies_are_grouped_with_their_country(analyse, tmp_path):
    text = "Le ministère russe de la Défense a démenti, tandis que le Kremlin gardait le silence."
    m = analyse(text).tables["mentions"].set_index("text")
    assert m.loc["ministère russe de la Défense", "actor"] == m.loc["Kremlin", "actor"] == "Russie"
    assert m.loc["ministère russe de la Défense", "label"] == "ORG"
    off = without("government_actor", analyse, text).tables["mentions"].set_index("text")
    assert off.loc["ministère russe de la Défense", "actor"] == "ministère russe de la Défense"
    text = "Le ministère allemand des Finances a publié ses prévisions; Berlin reste prudent."
    m = analyse(text).tables["mentions"].set_index("text")
    assert m.loc["ministère allemand des Finances", "actor"] == m.loc["Berlin", "actor"] == "Allemagne"
    # the table stays editable: a user actor row wins over the nationality rule
    mine = tmp_path / "actors.csv"
    mine.write_text("entity,actor\nministère allemand des Finances,Bundesfinanzministerium\n", encoding="utf-8")
    res = analyse(text, actors=str(mine))
    m = res.tables["mentions"].set_index("text")
    assert m.loc["ministère allemand des Finances", "actor"] == "Bundesfinanzministerium"
    assert E.government_country("armée turque") == "Turquie"
    assert E.government_country("Union européenne") is None


def test_cooccurrence_agency_and_tone_use_the_same_actors(analyse):
    res = analyse("Le Kremlin a répondu à Ankara. Moscou et la Turquie ont signé un accord à Moscou. "
                  "Vladimir Poutine a salué la Turquie.")
    c = res.tables["cooccurrence"]
    pairs = {(a, b): n for a, b, n in zip(c["entity_a"], c["entity_b"], c["sentences"])}
    assert pairs == {("Russie", "Turquie"): 2, ("Turquie", "Vladimir Poutine"): 1}
    actors = set(res.tables["actors"]["actor"])
    assert {a for p in pairs for a in p} <= actors
    assert set(res.tables["agency"]["actor"]) <= actors
