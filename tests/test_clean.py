"""Cleaning: pure functions on small real-looking French cases, and the sample article."""

from __future__ import annotations

import pytest

from analysis import clean
from analysis.clean import clean_text, load_rules, match_line, split_glued_sentences, strip_tail

RULES = load_rules()


@pytest.mark.parametrize("text, expected", [
    ("le programme d'avions F-35.Ankara a déclaré", "le programme d'avions F-35. Ankara a déclaré"),
    ("la fin.Puis la suite", "la fin. Puis la suite"),
    ("le système S-400 russe", "le système S-400 russe"),
    ("M.Dupont et J.R.R. Tolkien", "M.Dupont et J.R.R. Tolkien"),
    ("une hausse de 3.5 points", "une hausse de 3.5 points"),
    ("voir www.LeMonde.fr/International ou contact@Exemple.fr",
     "voir www.LeMonde.fr/International ou contact@Exemple.fr"),
    ("« Non.Jamais » a-t-il dit", "« Non. Jamais » a-t-il dit"),
])
def test_glued_sentences_are_split_without_breaking_names_numbers_or_urls(text, expected):
    assert split_glued_sentences(text) == expected


def test_typography_is_normalised_but_guillemets_are_kept():
    out = clean.normalize_typography("L\u2019OTAN\u00a0: «\u202fnon\u202f» \u2014 a-t-il dit\u200b")
    assert out == "L'OTAN : « non » – a-t-il dit"


def test_mojibake_and_crlf_are_repaired():
    assert clean.repair_encoding("Les Ã‰tats-Unis ont Ã©voquÃ©\r\nla Turquie\rl'OTAN") == \
        "Les États-Unis ont évoqué\nla Turquie\nl'OTAN"


@pytest.mark.parametrize("line, reason", [
    ("Share Post:", "share button"),
    ("Partager sur Facebook", "share button"),
    ("Facebook Twitter LinkedIn", "social links"),
    ("Stay Connected", "follow call"),
    ("Suivez-nous sur Instagram", "follow call"),
    ("More Updates", "related links"),
    ("You might also enjoy", "related links"),
    ("À lire aussi : la guerre en Ukraine", "related links"),
    ("Abonnez-vous à notre newsletter", "subscription call"),
    ("GALERIE PHOTO (CLIQUEZ POUR AGRANDIR)", "photo gallery"),
    ("Ce site utilise des cookies pour améliorer votre expérience.", "cookie notice"),
    ("© 2024 Le Journal. Tous droits réservés.", "copyright"),
    ("—", "no words"),
])
def test_boilerplate_lines_are_recognised(line, reason):
    assert match_line(line, RULES) == reason


@pytest.mark.parametrize("line", [
    "Le président a partagé ses inquiétudes avec les journalistes lors de la conférence.",
    "Les abonnés du service de téléphonie ont vu leur facture augmenter de 12 % cette année, selon l'Insee.",
    "Washington – Les États-Unis ont évoqué de manière informelle la possibilité.",
])
def test_article_lines_are_not_boilerplate(line):
    assert match_line(line, RULES) is None


def test_a_pitch_glued_to_the_last_paragraph_is_removed_and_logged():
    para = ("« Ce n'est pas une option », a déclaré le ministre. Un journalisme de qualité a un coût. "
            "En vous abonnant, vous soutenez notre rédaction. ABONNEZ-VOUS MAINTENANT .")
    kept, removed = strip_tail(para, RULES)
    assert kept == "« Ce n'est pas une option », a déclaré le ministre."
    assert [r for _, r in removed] == ["subscription pitch"] * 3


def test_a_paragraph_that_merely_mentions_subscribers_is_kept():
    para = "Le nombre d'abonnés a doublé. Le journal compte désormais 200 000 lecteurs."
    assert strip_tail(para, RULES) == (para, [])


def test_title_is_detected_kept_once_and_repeats_are_logged():
    raw = ("Grève à la SNCF : le trafic fortement perturbé\n\nPartager\n\n"
           "Le trafic était très perturbé lundi, a indiqué la direction.\n\n"
           "Grève à la SNCF : le trafic fortement perturbé\n")
    c = clean_text(raw)
    assert c.title == "Grève à la SNCF : le trafic fortement perturbé"
    assert c.text.count("Grève à la SNCF") == 1
    assert c.text.startswith(c.title) and c.title_end == len(c.title)
    assert [(r["line"], r["reason"]) for r in c.removed] == [(3, "share button"), (7, "title repeated")]


def test_a_repeat_of_the_title_or_a_paragraph_spelled_with_or_without_ligature_is_the_same_line():
    raw = ("Le cœur de Lyon bat plus fort\n\n"
           "Le nœud ferroviaire de la Part-Dieu sera rénové en 2027, a annoncé la métropole.\n\n"
           "Le noeud ferroviaire de la Part-Dieu sera rénové en 2027, a annoncé la métropole.\n\n"
           "Le coeur de Lyon bat plus fort\n")
    c = clean_text(raw)
    assert c.title == "Le cœur de Lyon bat plus fort"
    assert [(r["line"], r["reason"]) for r in c.removed] == [(5, "duplicate paragraph"), (7, "title repeated")]


def test_user_rules_may_carry_comment_lines(tmp_path):
    rules = tmp_path / "rules.tsv"
    rules.write_text("# my rules\nscope\treason\tmax_words\tpattern\n# a promo\nline\tradio promo\t10\tÉcoutez.*\n",
                     encoding="utf-8")
    c = clean_text("Un texte réel sur la politique.\n\nÉcoutez notre podcast du matin", patterns=rules)
    assert [r["reason"] for r in c.removed] == ["radio promo"]


def test_a_first_line_that_is_a_sentence_is_not_taken_as_title():
    c = clean_text("Le gouvernement a annoncé une réforme. Elle sera votée en mai.\n\nLa suite du texte.")
    assert c.title is None and c.title_end == 0


def test_paragraph_offsets_point_into_the_cleaned_text():
    c = clean_text("Titre de l'article\n\nPremier paragraphe.\n\nSecond paragraphe ici.")
    assert [c.text[s:s + 6] for s in c.paragraph_starts] == ["Titre ", "Premie", "Second"]


def test_user_rules_extend_the_defaults(tmp_path):
    rules = tmp_path / "rules.tsv"
    rules.write_text(clean.BOILERPLATE_FILE.read_text(encoding="utf-8")
                     + "line\tradio promo\t10\tÉcoutez notre podcast.*\n", encoding="utf-8")
    c = clean_text("Un texte réel sur la politique.\n\nÉcoutez notre podcast du matin", patterns=rules)
    assert [r["reason"] for r in c.removed] == ["radio promo"]


# --- the bundled article -----------------------------------------------------

DEBRIS = ["Share Post", "Stay Connected", "More Updates", "You might also enjoy", "ABONNEZ",
          "abonnant", "GALERIE", "CLIQUEZ", "journalisme de qualité"]


def test_sample_sentences_hold_no_debris_and_no_entity_artefacts(sample_result):
    texts = sample_result.sentences["text"]
    joined = "\n".join(texts)
    for d in DEBRIS:
        assert d not in joined, d
    assert "&rsquo" not in joined.lower() and "’" not in joined
    assert not texts.str.fullmatch(r"\W*").any(), "a sentence without words"


def test_sample_title_counted_once_first_sentence_and_last_quote_kept(sample_result):
    s = sample_result.sentences
    title = sample_result.summary["title"]
    assert title.startswith("Les États-Unis ont suggéré à la Turquie")
    assert (s["text"] == title).sum() == 1 and s["is_title"].sum() == 1
    body = s[~s["is_title"]]
    assert body.iloc[0]["text"].startswith("Washington – Les États-Unis ont évoqué")
    assert body.iloc[-1]["text"].startswith("« Et pour Erdogan, le S-400")
    assert body.iloc[-1]["text"].endswith("des roses et des fleurs. »")


def test_sample_removals_are_all_listed_with_reasons(sample_result):
    removed = sample_result.tables["removed"]
    reasons = dict(zip(removed["text"], removed["reason"]))
    assert reasons["Share Post:"] == "share button"
    assert reasons["Stay Connected"] == "follow call"
    assert reasons["More Updates"] == "related links"
    assert reasons["You might also enjoy"] == "related links"
    assert "title repeated" in reasons.values()
    assert any("En vous abonnant" in t for t in reasons)
    assert removed["reason"].str.len().gt(0).all()
    assert sample_result.summary["n_removed"] == len(removed)


def test_sample_glued_sentence_is_split(sample_result):
    texts = sample_result.sentences["text"]
    assert texts.str.endswith("du programme d'avions de combat F-35.").any()
    assert texts.str.startswith("Ankara a déclaré qu'il avait été contraint").any()


def test_the_title_is_the_first_line_that_is_not_debris():
    c = clean_text("Share Post:\nLa Turquie garde ses S-400\n\nAnkara a refusé jeudi de renoncer aux missiles.\n\n"
                   "La Turquie garde ses S-400")
    assert c.title == "La Turquie garde ses S-400"
    assert c.text == "La Turquie garde ses S-400\n\nAnkara a refusé jeudi de renoncer aux missiles."
    assert [r["reason"] for r in c.removed] == ["share button", "title repeated"]
    assert clean_text(c.text).text == c.text


OCR_COLUMN = """Paris, 14 juillet. — La revue de Longchamp s'est dé-
roulée hier sous un soleil radieux, en présence de
M. Raymond Poincaré, président de la République, et
du général Joffre, acclamé par une foule immense.

Le défilé a duré près de deux heures."""


def test_a_hard_wrapped_column_becomes_paragraphs_again(analyse):
    c = clean_text(OCR_COLUMN)
    assert c.text.split("\n\n") == [
        "Paris, 14 juillet. – La revue de Longchamp s'est dé-roulée hier sous un soleil radieux, en présence de "
        "M. Raymond Poincaré, président de la République, et du général Joffre, acclamé par une foule immense.",
        "Le défilé a duré près de deux heures."]
    res = analyse(OCR_COLUMN)
    names = res.tables["mentions"]["text"].tolist()
    assert any("Raymond Poincaré" in n for n in names)  # one name, not cut by a line end
    assert res.sentences["text"].str.contains("en présence de M. Raymond Poincaré, président").any()


def test_one_paragraph_or_menu_item_per_line_is_not_joined():
    page = ("Stay Connected\nMore Updates\nLe maire a inauguré la médiathèque samedi.\n"
            "Les travaux avaient duré deux ans.\nPartager")
    c = clean_text(page)
    assert c.text == "Le maire a inauguré la médiathèque samedi.\n\nLes travaux avaient duré deux ans."
    assert [r["text"] for r in c.removed] == ["Stay Connected", "More Updates", "Partager"]
