"""Whatever a scraper produced: a correct result or one line with exit 2, never a traceback.

Each case runs through the CLI (``main``) and through the API
(``read_articles`` + ``analyse_article``).
"""

from __future__ import annotations

import json

import pytest

from analysis import config
from analysis.article import analyse_article
from analysis.cli import main
from analysis.io import InputError, read_articles

SAMPLE = config.SAMPLE_ARTICLE.read_text(encoding="utf-8")
FR = ("Le conseil municipal a voté lundi la construction d'une nouvelle ligne de tramway. "
      "« C'est une étape importante pour la ville », a déclaré la maire, qui espère une mise en service en 2027.")


def _write(name, data):
    def build(d):
        p = d / name
        p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return p
    return build


def _big(d):
    p = d / "big.txt"
    with open(p, "wb") as fh:
        fh.truncate(50 * 1000 * 1000)  # sparse: 50 MB without writing them
    return p


def _double_mojibake(text):
    once = text.encode("utf-8").decode("cp1252", errors="ignore")
    return once.encode("utf-8").decode("cp1252", errors="ignore").encode("utf-8")


OK, ERR = "ok", "error"
CASES = {
    # name: (builder, expected, error text or a check on the sentences)
    "empty": (_write("vide.txt", b""), ERR, "the file is empty"),
    "whitespace": (_write("blanc.txt", " \n\t\n  "), ERR, "only white space"),
    "binary": (_write("data.bin.txt", bytes(range(256)) * 64), ERR, "binary data"),
    "pdf": (_write("scan.txt", b"%PDF-1.5\n%\xb5\xb5\xb5\xb5\n1 0 obj\n<<>>"), ERR, "this is a PDF"),
    "nul-bytes": (_write("nul.txt", FR.replace("tramway", "tram\x00way").encode("utf-8")), OK, "tramway"),
    "utf16-bom": (_write("u16.txt", FR.encode("utf-16")), OK, "déclaré la maire"),
    "utf16-nobom": (_write("u16le.txt", FR.encode("utf-16-le")), OK, "déclaré la maire"),
    "utf16-be": (_write("u16be.txt", FR.encode("utf-16-be")), OK, "déclaré la maire"),
    "cp1252": (_write("win.txt", (FR + " Coût : 3 € – « bien »").encode("cp1252")), OK, "Coût : 3 €"),
    "latin1": (_write("l1.txt", FR.encode("latin-1", errors="replace")), OK, "déclaré la maire"),
    "mojibake": (_write("moji.txt", FR.encode("utf-8").decode("cp1252").encode("utf-8")), OK, "déclaré la maire"),
    "double-mojibake": (_write("moji2.txt", _double_mojibake(FR)), OK, "déclaré la maire"),
    "crlf": (_write("crlf.txt", "Titre du jour\r\n\r\n" + FR + "\r\n"), OK, "déclaré la maire"),
    "lone-cr": (_write("cr.txt", "Titre du jour\r\r" + FR + "\r"), OK, "déclaré la maire"),
    "50mb": (_big, ERR, "over the 10 MB limit"),
    "6000-words-no-punctuation": (_write("long.txt", " ".join(["la ville vote le budget du tram"] * 860)), OK, "budget"),
    "one-word": (_write("mot.txt", "Bonjour"), OK, "Bonjour"),
    "digits-only": (_write("chiffres.txt", "12 345 678\n90 12"), ERR, "contains no letters"),
    "emoji": (_write("emoji.txt", "🎉🎉 Victoire 🇫🇷🏆🔥 de l'équipe de France 😍😍 ce soir au stade ⚽️⚽️ !"), OK, "Victoire"),
    "html-scripts-only": (_write("js.html", "<html><head><style>p{}</style><script>var a='x';</script></head>"
                                            "<body><script>alert(1)</script></body></html>"), ERR, "no article text"),
    "html-no-body": (_write("nobody.html", f"<html><head><title>Le tram</title></head><p>{FR}</p></html>"), OK, "tramway"),
    "html-in-txt": (_write("page.txt", f"<!DOCTYPE html><html><body><article><p>{FR}</p></article></body></html>"), OK, "tramway"),
    "english": (_write("english.txt", "The city council voted on Monday to build a new tram line. "
                                      "It is an important step for the city, the mayor said, who hopes it will open in 2027."),
                ERR, "does not look like French"),
    "spanish": (_write("es.txt", "El ayuntamiento votó el lunes la construcción de una nueva línea de tranvía. "
                                 "Es una etapa importante para la ciudad, declaró la alcaldesa, que espera abrirla en 2027."),
                ERR, "does not look like French"),
    "only-boilerplate": (_write("debris.txt", "Share Post:\n\nStay Connected\n\nAbonnez-vous à notre newsletter"),
                         ERR, "no article text left after removing boilerplate"),
    "csv-no-text-column": (_write("c.csv", "titre,date\nA,2022\n"), ERR, "no text column"),
    "csv-malformed-row": (_write("m.csv", f'id,text\n1,"{FR}"\n2,"x",extra,more\n3,"{FR}"\n'), ERR, "row 2: 4 fields"),
    "jsonl-malformed-row": (_write("m.jsonl", json.dumps({"id": "a", "text": FR}) + "\n{oops\n"), ERR, "line 2: malformed JSON"),
    "name-spaces-quotes": (_write("l'article \"du\" jour.txt", FR), OK, "tramway"),
    "name-shell": (_write("$(rm -rf x); echo `id`.txt", FR), OK, "tramway"),
    "name-non-ascii": (_write("Élection à Zürich – 東京.txt", FR), OK, "tramway"),
    "name-leading-dash": (_write("-rf --out.txt", FR), OK, "tramway"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_cli(case, tmp_path, capsys):
    build, expected, check = CASES[case]
    src = tmp_path / "in"
    src.mkdir()
    path = build(src)
    out = tmp_path / "out"
    code = main(["report", "--out", str(out), "--no-cache", "--no-figures", "-q", "--", str(path)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    errors = [ln for ln in err.splitlines() if ln.strip()]
    if expected == OK:
        assert code == 0 and errors == [], err
        (folder,) = [p for p in out.iterdir() if p.is_dir()]
        assert folder.name.isascii() and not folder.name.startswith("-")
        assert check in (folder / "sentences.csv").read_text(encoding="utf-8")
    else:
        assert code == 2
        assert any(check in ln for ln in errors), err
        assert all(ln.startswith("cadrage: error: ") for ln in errors), err


@pytest.mark.parametrize("case", sorted(CASES))
def test_api(case, tmp_path, nlp):
    build, expected, check = CASES[case]
    path = build(tmp_path)
    if expected == OK:
        (art,) = read_articles(path)
        res = analyse_article(art, nlp=nlp)
        assert check in " ".join(res.sentences["text"])
        assert res.sentences["n_words"].ge(0).all()
    else:
        with pytest.raises(InputError) as exc:
            for art in read_articles(path):
                analyse_article(art, nlp=nlp)
        assert check in str(exc.value) and "\n" not in str(exc.value)


def test_relative_leading_dash_name_after_double_dash(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-v.txt").write_text(FR, encoding="utf-8")
    assert main(["report", "--out", "out", "--no-cache", "--no-figures", "-q", "--", "-v.txt"]) == 0
    assert (tmp_path / "out" / "v" / "sentences.csv").is_file()


@pytest.mark.parametrize("where", ["is-a-file", "unwritable", "inside-inputs"])
def test_bad_output_paths(where, tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(FR, encoding="utf-8")
    (tmp_path / "file").write_text("x")
    out = {"is-a-file": tmp_path / "file", "unwritable": "/proc/cadrage-out",
           "inside-inputs": src / "reports"}[where]
    code = main(["report", str(src), "--out", str(out), "--no-cache", "-q"])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and err.startswith("cadrage: error: ")
    assert sorted(p.name for p in src.iterdir()) == ["a.txt"]


def test_a_folder_mixing_good_and_bad_files(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a-bon.txt").write_text(FR, encoding="utf-8")
    (src / "b-vide.txt").write_bytes(b"")
    (src / "c-anglais.txt").write_text("The council voted on Monday to build a new tram line for the whole city.",
                                       encoding="utf-8")
    (src / "d-bon.html").write_text(f"<html><body><p>{FR}</p></body></html>", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in src.iterdir()}
    code = main(["report", str(src), "--out", str(tmp_path / "out"), "--no-cache", "--no-figures", "-q"])
    err = capsys.readouterr().err.splitlines()
    assert code == 2
    assert [e.split(": ")[2].rsplit("/", 1)[-1] for e in err] == ["b-vide.txt", "c-anglais.txt"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a-bon", "corpus", "d-bon"]
    assert {p.name: p.read_bytes() for p in src.iterdir()} == before
