"""Tone learned from the researcher's coding: training, cross-validation, the model file, use as a method."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from analysis import config
from analysis.analysers.tone.learned import CLASSES, FORMAT, load_tone_model
from analysis.intake import InputError
from analysis.study.training import featurise, save_tone_model, train_tone_model

ROOT = config.PROJECT_ROOT


@pytest.fixture(scope="session")
def coded():
    """150 coded units of the tone set's dev part (50 per class), as a researcher's sheet would give."""
    gold = pd.read_csv(ROOT / "data/validation/tone/gold.csv", dtype={"item_id": str})
    dev = gold[gold["split"] == "dev"]
    return pd.concat([dev[dev["gold"] == c].head(50) for c in CLASSES], ignore_index=True)


@pytest.fixture(scope="session")
def trained(coded, nlp):
    return train_tone_model(coded["text"], coded["gold"], nlp=nlp, n_boot=100)


def test_cross_validated_figures_beside_every_dictionary_method(trained, coded):
    model, table = trained
    assert table["method"].tolist() == ["learned", *config.SENTIMENT_METHODS]
    assert (table["n"] == len(coded)).all()
    for _, r in table.iterrows():
        assert 0 <= r["macro_f1_low"] <= r["macro_f1"] <= r["macro_f1_high"] <= 1
        assert r["alpha_low"] <= r["alpha"] <= r["alpha_high"]
    assert model.training["cross_validated"][0]["method"] == "learned"
    assert model.training["n"] == len(coded) and model.training["classes"] == {"-1": 50, "0": 50, "1": 50}


def test_the_model_learns_the_coders_words(trained, nlp):
    model, _ = trained
    f = featurise(["Quelle catastrophe, la grève paralyse tout et les usagers sont furieux.",
                   "Belle victoire et excellente nouvelle pour les habitants, ravis."], nlp=nlp)
    neg, pos = model.polarity(f)
    assert neg < -0.1 < 0.1 < pos


def test_the_model_file_is_plain_json_with_provenance_and_same_bytes(trained, coded, tmp_path, nlp):
    model, _ = trained
    a = save_tone_model(model, tmp_path / "a.json")
    d = json.loads(a.read_text(encoding="utf-8"))
    assert d["format"] == FORMAT and len(d["training"]["data_sha256"]) == 64
    assert d["settings"]["spacy_model"] == config.SPACY_MODEL and "scikit_learn" in d["settings"]
    again, _ = train_tone_model(coded["text"], coded["gold"], nlp=nlp, n_boot=100)
    assert save_tone_model(again, tmp_path / "b.json").read_bytes() == a.read_bytes()  # training is deterministic
    back = load_tone_model(a)
    assert back.vocabulary == model.vocabulary and np.allclose(back.coef, model.coef, atol=1e-7)


@pytest.mark.parametrize("content, problem", [
    ("pas du json", "cannot read it as JSON"),
    ('{"format": "autre"}', "not a Cadrage tone model"),
    ('{"format": "cadrage-tone-model/1", "vocabulary": [], "methods": ["inconnue"], "coef": [[0], [0], [0]], '
     '"intercept": [0, 0, 0]}', "tone methods this kit does not have"),
])
def test_a_bad_model_file_is_one_clear_error(tmp_path, content, problem):
    p = tmp_path / "m.json"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=problem):
        load_tone_model(p)


def test_codes_must_be_tone_codes():
    with pytest.raises(ValueError, match="-1, 0 or 1"):
        train_tone_model(["a"] * 12, [2] * 12)


def test_used_like_a_method_from_the_cli_with_evidence(trained, tmp_path):
    model, _ = trained
    path = save_tone_model(model, tmp_path / "ton.json")
    art = tmp_path / "article.txt"
    art.write_text("Inondations dans le Gard\n\nLes crues ont dévasté des dizaines de commerces, une catastrophe "
                   "pour les habitants. Les secours ont sauvé trois familles, un soulagement.", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "analysis", "report", str(art), "--out", str(tmp_path / "out"),
                          "--no-cache", "--no-figures", "--sentiment", f"model:{path}"],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    folder = tmp_path / "out" / "article"
    sentences = pd.read_csv(folder / "sentences.csv")
    evidence = pd.read_csv(folder / "evidence.csv")
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["settings"]["sentiment"] == "model:ton.json"  # no absolute path in outputs
    assert sentences["polarity"].between(-1, 1).all() and sentences["subjectivity"].between(0, 1).all()
    ev = evidence[evidence["method"] == "model"]
    assert set(ev["sentence_id"]) == set(sentences["sentence_id"])
    assert (ev.groupby("sentence_id").size() == sentences.set_index("sentence_id")["n_scored"]).all()
    for r in ev.itertuples():  # offsets point into the cleaned text, inside the evidence's sentence
        s = sentences.loc[sentences["sentence_id"] == r.sentence_id].iloc[0]
        assert s["start"] <= r.start < r.end <= s["end"]
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "analysis", "report", str(art), "--out", str(tmp_path / "o2"),
                          "--sentiment", f"model:{bad}"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "not a Cadrage tone model" in run.stderr
    assert not (tmp_path / "o2").exists()
