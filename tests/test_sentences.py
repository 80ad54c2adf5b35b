"""Sentence splitting on the one spaCy pass: quotes, abbreviations, fragments, paragraphs."""

from __future__ import annotations


def test_guillemets_abbreviations_and_equipment_names_stay_inside_sentences(analyse):
    res = analyse("« Nous ne céderons pas », a affirmé M. Dupont devant l'Assemblée. Le système S-400 coûte cher. "
                  "Mme Martin, du ministère de l'Économie, n'a pas répondu.")
    assert res.sentences["text"].tolist() == [
        "« Nous ne céderons pas », a affirmé M. Dupont devant l'Assemblée.",
        "Le système S-400 coûte cher.",
        "Mme Martin, du ministère de l'Économie, n'a pas répondu.",
    ]


def test_a_quote_with_two_sentences_keeps_its_closing_guillemet(analyse):
    texts = analyse("« C'est inacceptable. Nous agirons. » Le porte-parole a quitté la salle.").sentences["text"]
    assert not texts.str.fullmatch(r"\W+").any()
    assert "»" in " ".join(texts)


def test_fragments_are_kept_and_paragraphs_numbered(analyse):
    res = analyse("Un titre sans point\n\nWashington – Le texte commence ici. la suite tronquée sans majuscule.\n\n"
                  "Second paragraphe.")
    s = res.sentences
    assert s["text"].tolist() == ["Un titre sans point", "Washington – Le texte commence ici.",
                                  "la suite tronquée sans majuscule.", "Second paragraphe."]
    assert s["paragraph_id"].tolist() == [0, 1, 1, 2]
    assert s["is_title"].tolist() == [True, False, False, False]
    assert s["n_words"].tolist() == [4, 5, 5, 2]


def test_a_sentence_never_spans_two_paragraphs(analyse):
    res = analyse("Premier paragraphe sans point final\n\nSecond paragraphe avec un point.")
    assert len(res.sentences) == 2


def test_hyphenated_compounds_are_not_split(analyse):
    texts = analyse("Washington demande à Ankara de se débarrasser des missiles sol-air "
                    "de fabrication russe.").sentences
    assert len(texts) == 1
