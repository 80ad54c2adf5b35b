"""Validation helpers: Krippendorff's alpha against published values, coding sheets, the worked example."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import config
from analysis.output import files
from analysis.study import validation
from analysis.study.validation import krippendorff_alpha

N = np.nan
#: Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 coders, 12 units,
#: missing values; published alpha: nominal 0.743, ordinal 0.815, interval 0.849.
K2011 = np.array([
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]).T

SHEET = config.PROJECT_ROOT / "data" / "validation" / "us-turkey-s400-ukraine.coded.csv"


@pytest.mark.parametrize("level,expected", [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)])
def test_alpha_matches_krippendorff_2011(level, expected):
    assert krippendorff_alpha(K2011, level) == pytest.approx(expected, abs=5e-4)


def test_alpha_binary_example_and_edge_cases():
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert krippendorff_alpha(np.array([a, b]).T) == pytest.approx(0.095, abs=5e-4)
    assert krippendorff_alpha([[1, 1], [-1, -1], [0, 0]]) == 1.0
    assert np.isnan(krippendorff_alpha([[1, 1], [1, 1]]))          # one value: undefined
    assert np.isnan(krippendorff_alpha([[1, N], [N, 0]]))          # nothing pairable
    # a unit coded by one coder only does not change alpha
    assert krippendorff_alpha([[1, 1], [0, -1], [1, N]], "ordinal") == \
        krippendorff_alpha([[1, 1], [0, -1]], "ordinal")
    # systematic disagreement is below zero
    assert krippendorff_alpha([[1, -1], [-1, 1], [1, -1], [-1, 1]]) < 0
    with pytest.raises(ValueError, match="level"):
        krippendorff_alpha([[1, 1]], "ratio-ish")


def test_ordinal_penalises_far_disagreements_more():
    near = pd.DataFrame({"a": [1, 0, -1, 0, 1, -1], "b": [0, 0, -1, 0, 1, -1]})
    far = pd.DataFrame({"a": [1, 0, -1, 0, 1, -1], "b": [-1, 0, -1, 0, 1, -1]})
    assert krippendorff_alpha(near, "nominal") == pytest.approx(krippendorff_alpha(far, "nominal"), abs=0.05)
    assert krippendorff_alpha(near, "ordinal") > krippendorff_alpha(far, "ordinal")


codes = st.lists(st.lists(st.sampled_from([-1.0, 0.0, 1.0, N]), min_size=3, max_size=3),
                 min_size=2, max_size=25)


@settings(max_examples=60, deadline=None)
@given(codes, st.sampled_from(validation.LEVELS))
def test_alpha_invariant_to_coder_and_unit_order(rows, level):
    d = np.array(rows)
    a = krippendorff_alpha(d, level)
    b = krippendorff_alpha(d[::-1, ::-1], level)
    assert (np.isnan(a) and np.isnan(b)) or a == pytest.approx(b)
    assert np.isnan(a) or a <= 1.0 + 1e-12


def test_polarity_class_uses_the_tone_threshold():
    t = validation.POLARITY_THRESHOLD
    assert validation.polarity_class([t, t - 1e-9, -t, 0.0]).tolist() == [1.0, 0.0, -1.0, 0.0]


def test_sheet_round_trip_and_errors(tmp_path):
    s = pd.DataFrame({"article_id": "a", "sentence_id": [0, 1, 2], "text": ["Bon, « oui ».", "Mal ; non.", "#3 rien"]})
    sheet = validation.coding_sheet(s, ["ann", "bob"])
    sheet["ann"] = ["+1", "-1", ""]
    sheet["bob"] = ["1", "0", "0"]
    path = files.atomic_write_text(tmp_path / "s.csv", "# commentaire\n" + files.table_to_csv(sheet))
    back = validation.read_coding_sheet(path)
    assert back["text"].tolist() == s["text"].tolist()  # a '#' inside a text is not a comment
    assert back["ann"].tolist()[:2] == [1.0, -1.0] and np.isnan(back["ann"].iloc[2])
    assert back["bob"].tolist() == [1.0, 0.0, 0.0]
    bad = sheet.assign(bob=["1", "2", "0"])
    files.atomic_write_text(tmp_path / "bad.csv", files.table_to_csv(bad))
    with pytest.raises(ValueError, match=r"line 3, column 'bob'.*'2' is not a code"):
        validation.read_coding_sheet(tmp_path / "bad.csv")
    dup = pd.concat([sheet, sheet.iloc[[0]]])
    files.atomic_write_text(tmp_path / "dup.csv", files.table_to_csv(dup))
    with pytest.raises(ValueError, match="listed twice"):
        validation.read_coding_sheet(tmp_path / "dup.csv")


def test_attach_methods_refuses_different_sentences():
    coded = pd.DataFrame({"article_id": "a", "sentence_id": [0, 1], "text": ["Un.", "Deux."], "c": [0.0, 1.0]})
    sents = pd.DataFrame({"article_id": "a", "sentence_id": [0, 1], "text": ["Un.", "Deux autres."],
                          "polarity": [0.0, 0.5]})
    with pytest.raises(ValueError, match="do not match.*sentence_id 1"):
        validation.attach_methods(coded, {"m": sents})


def test_worked_example_matches_the_kit_sentences(sample_result):
    """The shipped sheet codes exactly the sentences the kit produces today."""
    coded = validation.read_coding_sheet(SHEET, ["coder_a", "coder_b"])
    assert len(coded) == len(sample_result.sentences)
    merged = validation.attach_methods(coded, {config.DEFAULT_SENTIMENT: sample_result.sentences})
    assert set(merged["coder_a"].dropna()) == {-1.0, 0.0, 1.0}
    assert merged["coder_b"].isna().sum() == 2   # the two fragments left uncoded (see README)
    table = validation.agreement(merged, ["coder_a", "coder_b", config.DEFAULT_SENTIMENT])
    assert table["n"].tolist() == [len(coded) - 2, len(coded), len(coded) - 2]
    assert table[["alpha_nominal", "alpha_ordinal"]].abs().le(1).all().all()
    conf = validation.confusion(merged, "coder_a", config.DEFAULT_SENTIMENT)
    assert int(conf.to_numpy().sum()) == len(coded)


def test_texts_scored_as_units_like_the_evaluation_tool(nlp):
    """score_texts (notebook 03) reads a short text as tools/evaluate.py does."""
    from analysis.article import analyse_text
    from analysis.context import Settings
    from analysis.study.evaluate import score_texts, unit_polarity
    texts = ["Les frappes ont tué des civils. Mais la trêve tient.",
             "Super concert hier soir :) merci à tous !", "Le conseil se réunit jeudi."]
    got = score_texts(texts, nlp=nlp)
    assert list(got.columns) == ["refused", *(f"{c}_{m.replace('-', '_')}" for m in config.SENTIMENT_METHODS
                                             for c in ("polarity", "n_scored"))]
    for text, (_, row) in zip(texts, got.iterrows()):
        ev = analyse_text(text, settings=Settings(sentiment="all"), nlp=nlp).tables["evidence"]
        for m in config.SENTIMENT_METHODS:
            assert row[f"polarity_{m.replace('-', '_')}"] == pytest.approx(unit_polarity(ev, m))
    assert got["polarity_news"].iloc[2] == 0.0 and not got["refused"].any()
    codes = validation.polarity_class(got["polarity_news"]).tolist()
    assert codes == [-1, 1, 0]
