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
from analysis.intake import InputError, read_articles

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
    "6000-words-no-punctuation": (_write("long.txt", " ".join(["la ville vote le budget du tram"] * 860)), OK,
                                  "budget"),
    "one-word": (_write("mot.txt", "Bonjour"), OK, "Bonjour"),
    "digits-only": (_write("chiffres.txt", "12 345 678\n90 12"), ERR, "contains no letters"),
    "emoji": (_write("emoji.txt", "🎉🎉 Victoire 🇫🇷🏆🔥 de l'équipe de France 😍😍 ce soir au stade ⚽️⚽️ !"), OK,
              "Victoire"),
    "html-scripts-only": (_write("js.html", "<html><head><style>p{}</style><script>var a='x';</script></head>"
                                            "<body><script>alert(1)</script></body></html>"), ERR, "no article text"),
    "html-no-body": (_write("nobody.html", f"<html><head><title>Le tram</title></head><p>{FR}</p></html>"), OK,
                     "tramway"),
    "html-in-txt": (_write("page.txt", f"<!DOCTYPE html><html><body><article><p>{FR}</p></article></body></html>"),
                    OK, "tramway"),
    "english": (_write("english.txt", "The city council voted on Monday to build a new tram line. "
                                      "It is an important step for the city, the mayor said, "
                                      "who hopes it will open in 2027."),
                ERR, "does not look like French"),
    "spanish": (_write("es.txt", "El ayuntamiento votó el lunes la construcción de una nueva línea de tranvía. "
                                 "Es una etapa importante para la ciudad, declaró la alcaldesa, "
                                 "que espera abrirla en 2027."),
                ERR, "does not look like French"),
    "only-boilerplate": (_write("debris.txt", "Share Post:\n\nStay Connected\n\nAbonnez-vous à notre newsletter"),
                         ERR, "no article text left after removing boilerplate"),
    "csv-no-text-column": (_write("c.csv", "titre,date\nA,2022\n"), ERR, "no text column"),
    "csv-malformed-row": (_write("m.csv", f'id,text\n1,"{FR}"\n2,"x",extra,more\n3,"{FR}"\n'), ERR, "row 2: 4 fields"),
    "jsonl-malformed-row": (_write("m.jsonl", json.dumps({"id": "a", "text": FR}) + "\n{oops\n"), ERR,
                            "line 2: malformed JSON"),
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


# =============================================================================================
# Issue 19: a hostile user's inputs and misuses.  Every case runs the CLI inside tmp_path and
# snapshots the whole tree before and after: nothing outside the documented output paths
# (docs/outputs.md) is created, changed or deleted, no input byte changes, no article is lost
# (each one is written or named in an error line), and there is never a traceback.
# =============================================================================================

import hashlib  # noqa: E402
import os  # noqa: E402
import stat  # noqa: E402

import pandas as pd  # noqa: E402

from analysis import corpus as corpus_mod  # noqa: E402

FR2 = ("Les agriculteurs ont bloqué mardi l'autoroute A7 près de Valence pour protester contre la baisse "
       "de leurs revenus. « Nous ne lâcherons rien », a prévenu le président de la chambre d'agriculture.")
FR3 = ("La cour d'appel de Paris a confirmé jeudi la condamnation de l'ancien maire pour prise illégale "
       "d'intérêts. Son avocat a annoncé un pourvoi en cassation.")


def snapshot(root):
    """Every path under ``root`` (links not followed): kind, mode and content digest."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in dirnames + filenames:
            p = os.path.join(dirpath, name)
            st = os.lstat(p)
            rel = os.path.relpath(p, root)
            if stat.S_ISLNK(st.st_mode):
                out[rel] = ("link", os.readlink(p))
            elif stat.S_ISDIR(st.st_mode):
                out[rel] = ("dir", stat.S_IMODE(st.st_mode))
            elif stat.S_ISREG(st.st_mode):
                with open(p, "rb") as fh:
                    out[rel] = ("file", hashlib.sha256(fh.read()).hexdigest())
            else:
                out[rel] = ("other", stat.S_IFMT(st.st_mode))
    return out


class Outcome:
    def __init__(self, code, err, before, after, out):
        self.code, self.err, self.before, self.after, self.out = code, err, before, after, out
        lines = [ln for ln in err.splitlines() if ln.strip()]
        self.errors = [ln for ln in lines if ln.startswith("cadrage: error: ")]
        self.warnings = [ln for ln in lines if ln.startswith("cadrage: warning: ")]
        self.other = [ln for ln in lines if ln not in self.errors and ln not in self.warnings]

    @property
    def folders(self):
        """Article folders under OUT written by the run (kit folders), corpus excluded."""
        prefix = self.out + os.sep
        return sorted({k[len(prefix):].split(os.sep)[0] for k in self.after
                       if k.startswith(prefix) and k.endswith(os.sep + "summary.json")
                       and k.count(os.sep) == self.out.count(os.sep) + 2})


@pytest.fixture
def cadrage(tmp_path, capsys, monkeypatch):
    """Run the CLI in ``tmp_path`` (the working folder), with ``data/raw`` at ``tmp_path/data/raw``.

    ``run(*argv, out="out")`` returns an :class:`Outcome` after checking the output
    contract: whatever changed lies under ``out`` (or the cache folder given), inside a
    folder the kit owns, and nothing there or elsewhere that existed before was modified
    unless it was a kit file.
    """
    raw = tmp_path / "data" / "raw"
    raw.mkdir(parents=True)
    (raw / "source.txt").write_text(FR, encoding="utf-8")
    monkeypatch.setattr(config, "RAW_DIR", raw)
    monkeypatch.chdir(tmp_path)

    def run(*argv, out="out", cache=None, figures=False):
        before = snapshot(tmp_path)
        args = ["report", *argv, "--out", str(out), "-q"]
        args += ["--cache-dir", str(cache)] if cache else ["--no-cache"]
        args += [] if figures else ["--no-figures"]
        code = main(args)
        err = capsys.readouterr().err
        after = snapshot(tmp_path)
        res = Outcome(code, err, before, after, os.path.normpath(str(out)))
        assert "Traceback" not in err and not res.other, err
        check_contract(res, None if cache is None else os.path.normpath(str(cache)))
        return res

    return run


def _kit_folder(tree, folder):
    return (folder + os.sep + "summary.json") in tree or (folder + os.sep + ".cadrage-parts.json") in tree


def check_contract(res, cache):
    """What a run may touch: OUT itself, OUT/<article>/ and OUT/corpus/ that are the kit's, the cache."""
    out = res.out
    changed = {k for k in res.before.keys() | res.after.keys() if res.before.get(k) != res.after.get(k)}
    for path in sorted(changed):
        if cache and (path == cache or path.startswith(cache + os.sep)):
            continue
        if path == out and path not in res.before:
            continue  # OUT created
        assert path.startswith(out + os.sep), f"changed outside the output folder: {path}"
        top = out + os.sep + path[len(out) + 1:].split(os.sep)[0]
        # the article folder or dataset is the kit's now, and was the kit's (or absent) before
        assert _kit_folder(res.after, top) or top not in res.after, f"not a kit folder: {path}"
        assert top not in res.before or _kit_folder(res.before, top) or not any(
            k.startswith(top + os.sep) for k in res.before), f"someone else's folder changed: {path}"
        assert not (res.before.get(top, ("",))[0] == "link"), f"written through a link: {path}"


def _csv(path, rows, header=("id", "text")):
    import csv

    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def _one_error(res, *needles):
    assert res.code == 2 and len(res.errors) == 1, res.err
    for needle in needles:
        assert needle in res.errors[0], res.err
    return res.errors[0]


# --- 1. inputs deleted ---------------------------------------------------------------------

@pytest.mark.parametrize("out", [".", "..", "corpus", "corpus/reports"])
def test_1_out_is_contains_or_lies_inside_the_input_folder(cadrage, tmp_path, out):
    src = tmp_path / "work" / "corpus"
    src.mkdir(parents=True)
    (src / "a.txt").write_text(FR, encoding="utf-8")
    os.chdir(tmp_path / "work")
    res = cadrage("corpus", out=out)
    _one_error(res, "refusing to write")
    assert res.before == res.after


def test_1_out_containing_an_input_file_is_refused(cadrage, tmp_path):
    (tmp_path / "article.txt").write_text(FR, encoding="utf-8")
    res = cadrage("article.txt", out=".")
    _one_error(res, "contains the input article.txt")
    assert res.before == res.after


# --- 2. articles silently lost or overwritten ----------------------------------------------

def test_2_an_id_named_corpus_does_not_become_the_dataset(cadrage, tmp_path):
    _csv(tmp_path / "c.csv", [("corpus", FR), ("b", FR2)])
    res = cadrage("c.csv")
    assert res.code == 0, res.err
    assert res.folders == ["b", "corpus--2"]
    assert "the id 'corpus' is reserved" in res.err
    assert sorted(corpus_mod.read_corpus_table("out", "summaries")["article_id"]) == ["b", "corpus--2"]


def test_2_duplicate_ids_never_collide_with_real_ones(cadrage, tmp_path):
    _csv(tmp_path / "c.csv", [("a", FR), ("a", FR2), ("a-2", FR3)])
    res = cadrage("c.csv")
    assert res.code == 0 and res.folders == ["a", "a--2", "a-2"], res.err
    summaries = corpus_mod.read_corpus_table("out", "summaries")
    assert summaries["article_id"].tolist() == ["a", "a--2", "a-2"]
    assert [a.article_id for a in read_articles(tmp_path / "c.csv", notice=lambda m: None)] == ["a", "a--2", "a-2"]


def test_2_numeric_parquet_ids_with_a_null(cadrage, tmp_path):
    pd.DataFrame({"id": [1, None, 4], "text": [FR, FR2, FR3]}).to_parquet(tmp_path / "p.parquet")
    res = cadrage("p.parquet")
    assert res.code == 0 and res.folders == ["1", "4", "p-0002"], res.err
    assert [a.article_id for a in read_articles(tmp_path / "p.parquet")] == ["1", "p-0002", "4"]


# --- 3. rows swallowed ---------------------------------------------------------------------

def test_3_a_quote_never_closed_is_reported_not_swallowed(cadrage, tmp_path):
    p = tmp_path / "c.csv"
    p.write_text(f'id,text\na,"{FR}\nb,{FR2}\nc,{FR3}\n', encoding="utf-8")
    res = cadrage(p.name)
    _one_error(res, "c.csv#1", "row 1 (line 2): a quote opened in this row is never closed",
               "the 2 line(s) after it cannot be read")
    assert res.folders == []


@pytest.mark.parametrize("second, read", [('"{FR2}" (suite)', '"{FR2}" (suite)'), ("{FR2}", "{FR2}"),
                                          ('"{FR2}"', "{FR2}")])  # a whole quoted field is unquoted
def test_3_an_unquoted_tsv_keeps_its_quotes_and_its_rows(cadrage, tmp_path, second, read):
    p = tmp_path / "c.tsv"
    p.write_text(f'id\ttext\na\t"Non", a dit le maire. {FR}\nb\t{second.format(FR2=FR2)}\nc\t{FR3}\n',
                 encoding="utf-8")
    res = cadrage(p.name)
    assert res.code == 0 and res.folders == ["a", "b", "c"], res.err
    assert [a.text for a in read_articles(p)] == [f'"Non", a dit le maire. {FR}', read.format(FR2=FR2), FR3]


def test_3_a_quote_closed_too_early_is_reported_and_the_next_rows_kept(cadrage, tmp_path):
    p = tmp_path / "c.csv"
    p.write_text(f'id,text\na,"{FR}\nb,"{FR2}" (suite)\nc,"{FR3}"\n', encoding="utf-8")
    res = cadrage("c.csv")
    _one_error(res, "c.csv#1", "row 1 (lines 2-3): malformed CSV")
    assert res.folders == ["c"]


def test_3_a_csv_article_over_131072_characters_is_read(tmp_path):
    text = " ".join([FR, FR2, FR3] * 450)
    assert 131_072 < len(text) < config.MAX_ARTICLE_CHARS
    _csv(tmp_path / "long.csv", [("long", text), ("court", FR)])
    arts = read_articles(tmp_path / "long.csv")
    assert [a.article_id for a in arts] == ["long", "court"] and arts[0].text == text


def test_3_a_text_column_twice_is_refused(cadrage, tmp_path):
    _csv(tmp_path / "c.csv", [("a", "", FR)], header=("id", "text", "text"))
    res = cadrage("c.csv")
    _one_error(res, "c.csv: the column 'text' appears more than once")


def test_3_a_csv_with_a_header_and_no_rows(cadrage, tmp_path):
    (tmp_path / "c.csv").write_text("id,title,text\n", encoding="utf-8")
    res = cadrage("c.csv")
    _one_error(res, "c.csv: holds a header but no rows")


def test_3_jsonl_texts_that_are_not_strings(cadrage, tmp_path):
    lines = [{"id": "liste", "text": ["Le", "maire"]}, {"id": "objet", "text": {"fr": FR}},
             {"id": "vrai", "text": True}, {"id": "bon", "text": FR}]
    (tmp_path / "c.jsonl").write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines),
                                      encoding="utf-8")
    res = cadrage("c.jsonl")
    assert res.code == 2 and res.folders == ["bon"]
    assert [e.split(": ", 2)[2] for e in res.errors] == [
        "c.jsonl#1: line 1: 'text' is a list, not text; not read",
        "c.jsonl#2: line 2: 'text' is an object, not text; not read",
        "c.jsonl#3: line 3: 'text' is true/false, not text; not read"]


# --- 4. writes where the README promises none ----------------------------------------------

def test_4_out_containing_data_raw_is_refused_whatever_the_ids(cadrage, tmp_path):
    _csv(tmp_path / "c.csv", [("raw", FR), ("b", FR2)])
    res = cadrage("c.csv", out="data")
    _one_error(res, "contains data/raw")
    assert res.before == res.after


@pytest.mark.parametrize("where", ["raw", "inside-input", "is-input", "is-out"])
def test_4_cache_folders_that_touch_the_inputs_are_refused(cadrage, tmp_path, where):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(FR, encoding="utf-8")
    cache = {"raw": "data/raw/cache", "inside-input": "in/cache", "is-input": "in", "is-out": "out"}[where]
    res = cadrage("in", cache=cache)
    _one_error(res, "cache folder" if where != "is-out" else "overlap")
    assert res.before == res.after


def test_4_a_symlink_in_out_is_not_written_through(cadrage, tmp_path):
    (tmp_path / "a.txt").write_text(FR, encoding="utf-8")
    (tmp_path / "b.txt").write_text(FR2, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "sentences.csv").write_text("à moi", encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a").symlink_to(elsewhere)
    res = cadrage("a.txt", "b.txt")
    _one_error(res, "out/a: is a symbolic link")
    assert res.folders == ["b"] and (elsewhere / "sentences.csv").read_text(encoding="utf-8") == "à moi"


def test_4_a_symlinked_kit_file_is_replaced_not_written_through(cadrage, tmp_path):
    (tmp_path / "a.txt").write_text(FR, encoding="utf-8")
    assert cadrage("a.txt").code == 0
    mine = tmp_path / "mine.csv"
    mine.write_text("à moi", encoding="utf-8")
    (tmp_path / "out" / "a" / "sentences.csv").unlink()
    (tmp_path / "out" / "a" / "sentences.csv").symlink_to(mine)
    res = cadrage("a.txt")
    assert res.code == 0 and mine.read_text(encoding="utf-8") == "à moi"
    assert not (tmp_path / "out" / "a" / "sentences.csv").is_symlink()


def test_4_someone_elses_folder_named_like_an_article_is_left_alone(cadrage, tmp_path):
    (tmp_path / "a.txt").write_text(FR, encoding="utf-8")
    (tmp_path / "out" / "a").mkdir(parents=True)
    (tmp_path / "out" / "a" / "sentences.csv").write_text("mes notes", encoding="utf-8")
    res = cadrage("a.txt")
    _one_error(res, "out/a: a folder Cadrage did not write is in the way")


@pytest.mark.parametrize("kind", ["folder", "link"])
def test_4_someone_elses_corpus_folder_is_left_alone(cadrage, tmp_path, kind):
    (tmp_path / "a.txt").write_text(FR, encoding="utf-8")
    (tmp_path / "b.txt").write_text(FR2, encoding="utf-8")
    mine = tmp_path / "out" / "corpus" if kind == "folder" else tmp_path / "mine"
    mine.mkdir(parents=True)
    (tmp_path / "out").mkdir(exist_ok=True)
    (mine / "notes.txt").write_text("à moi", encoding="utf-8")
    if kind == "link":
        (tmp_path / "out" / "corpus").symlink_to(mine)
    res = cadrage("a.txt", "b.txt")
    _one_error(res, "out/corpus: ")
    assert res.folders == []


def test_4_a_users_dot_corpus_folder_survives(cadrage, tmp_path):
    (tmp_path / "a.txt").write_text(FR, encoding="utf-8")
    (tmp_path / "b.txt").write_text(FR2, encoding="utf-8")
    notes = tmp_path / "out" / ".corpus.notes"
    notes.mkdir(parents=True)
    (notes / "idées.txt").write_text("à garder", encoding="utf-8")
    res = cadrage("a.txt", "b.txt")
    assert res.code == 0 and res.folders == ["a", "b"]
    assert (notes / "idées.txt").read_text(encoding="utf-8") == "à garder"


def test_4_a_symlink_out_of_an_input_folder_is_not_followed(cadrage, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(FR, encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("Le code de la porte est 4512, ne le dites à personne.", encoding="utf-8")
    (src / "b.txt").symlink_to(secret)
    (src / "c.txt").symlink_to(src / "a.txt")  # inside the folder: read
    res = cadrage("in")
    _one_error(res, "in/b.txt: a symbolic link to a file outside the folder; not followed")
    assert res.folders == ["a", "c"]
    assert not any("4512" in (tmp_path / k).read_text(encoding="utf-8", errors="replace")
                   for k, v in res.after.items() if v[0] == "file" and k.startswith("out" + os.sep))


# --- 5. tracebacks -------------------------------------------------------------------------

def test_5_mathtext_outlet_names_still_give_the_corpus_and_its_charts(cadrage, tmp_path):
    _csv(tmp_path / "c.csv", [("a", "$$", FR), ("b", r"$\frac{x$", FR2), ("c", "Le Monde", FR3)],
         header=("id", "outlet", "text"))
    res = cadrage("c.csv")
    assert res.code == 0 and res.folders == ["a", "b", "c"], res.err
    figures = sorted(p.name for p in (tmp_path / "out" / "corpus" / "figures").iterdir())
    assert "tone_by_outlet.png" in figures and "tone_by_outlet.svg" in figures
    assert corpus_mod.read_corpus_table("out", "summaries")["outlet"].tolist() == ["$$", r"$\frac{x$", "Le Monde"]


@pytest.mark.parametrize("where", ["input", "out"])
def test_5_a_symlink_loop(cadrage, tmp_path, where):
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / "a.txt").write_text(FR, encoding="utf-8")
    res = cadrage("loop") if where == "input" else cadrage("a.txt", out="loop")
    _one_error(res, "symbolic link loop")


def test_5_a_scheduler_that_is_not_an_address(cadrage, tmp_path):
    (tmp_path / "a.txt").write_text(FR, encoding="utf-8")
    res = cadrage("a.txt", "--scheduler", "pas une adresse")
    _one_error(res, "--scheduler pas une adresse: not a Dask scheduler address")
    assert res.before == res.after


# --- 6. the user's own files are the user's ------------------------------------------------

USER_FILES = {
    # option: {case: (file name, bytes, expected words of the one error line)}
    "--lexicon": {
        "wrong-columns": ("lex.csv", "mot,polarite\nbelle,0.5\n", "line 1: no 'word' column"),
        "bad-value": ("lex.csv", "word,polarity,subjectivity\nbelle,très,0.5\n", "line 2: polarity must be a number"),
        "comma-decimal": ("lex.csv", "# mon lexique\nword,polarity,subjectivity\nbelle,\"0,5\",0.5\n",
                          "line 3: polarity must be a number, not '0,5' (use a point"),
        "out-of-range": ("lex.csv", "word,polarity,subjectivity\nbelle,3,0.5\n", "line 2: polarity must be in [-1, 1]"),
        "not-utf8": ("lex.csv", "word,polarity,subjectivity\nénervé,-0.5,0.5\n".encode("latin-1"),
                     "line 2: not UTF-8 text"),
        "binary": ("lex.csv", bytes(range(256)) * 4, "looks like binary data"),
    },
    "--aliases": {
        "no-columns": ("alias.csv", "Kiev,Kyiv,LOC\n", "line 1: no 'alias' column"),
        "bad-label": ("alias.csv", "alias,entity,label\nKiev,Kyiv,VILLE\n", "line 2: label must be one of"),
        "tsv": ("alias.csv", "alias\tentity\tlabel\nKiev\tKyiv\tLOC\n", "this file must be comma-separated"),
        "not-utf8": ("alias.csv", "alias,entity\nPékin,Beijing\n".encode("cp1252"), "not UTF-8 text"),
    },
    "--actors": {
        "missing-actor": ("actors.csv", "entity,actor\nWashington,\n", "line 2: empty 'actor'"),
        "wrong-columns": ("actors.csv", "nom,groupe\nWashington,États-Unis\n", "no 'entity' column"),
        "extra-field": ("actors.csv", "entity,actor\nBiden, Joe,États-Unis\n",
                        "line 2: 3 fields where the header has 2"),
    },
    "--hedges": {
        "comma-separated": ("hedges.tsv", "term,match\nsans doute,lower\n", "this file must be tab-separated"),
        "bad-match": ("hedges.tsv", "term\tmatch\nsans doute\tlemme\n", "line 2: match must be 'lower' or 'lemma'"),
        "binary": ("hedges.tsv", b"\x00\x01term\tmatch\n" * 50, "looks like binary data"),
    },
    "--frames-lexicon": {
        "unknown-frame": ("frames.tsv", "frame\tterm\neconomie\tprix\n", "line 2: unknown frame 'economie'"),
        "no-term": ("frames.tsv", "frame\tterm\neconomic\n", "line 2: no value for 'term'"),
        "comma-separated": ("frames.tsv", "frame,term\neconomic,prix\n", "this file must be tab-separated"),
    },
}


@pytest.mark.parametrize("option, case", [(o, c) for o, cs in USER_FILES.items() for c in cs])
def test_6_a_bad_user_file_is_one_line_naming_it_before_any_article(cadrage, tmp_path, option, case):
    name, data, expected = USER_FILES[option][case]
    (tmp_path / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    (tmp_path / "a.txt").write_text(FR, encoding="utf-8")
    (tmp_path / "b.txt").write_text(FR2, encoding="utf-8")
    res = cadrage("a.txt", "b.txt", option, name)
    line = _one_error(res, expected)
    assert line.startswith(f"cadrage: error: {name}: ") and "report this bug" not in line
    assert res.before == res.after  # refused before anything is created


def test_6_good_user_files_are_accepted(cadrage, tmp_path):
    (tmp_path / "lex.csv").write_text("# domaine\nword,polarity,subjectivity,pos\nblocage,-0.4,0.5,NOUN\n",
                                      encoding="utf-8")
    (tmp_path / "hedges.tsv").write_text("term\tmatch\tnote\nà ce stade\tlower\tdélai\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(FR2, encoding="utf-8")
    res = cadrage("a.txt", "--lexicon", "lex.csv", "--hedges", "hedges.tsv")
    assert res.code == 0 and res.folders == ["a"], res.err


def test_6_user_files_saved_with_a_bom_by_a_spreadsheet_are_read(cadrage, tmp_path):
    (tmp_path / "lex.csv").write_bytes("word,polarity,subjectivity\nblocage,-0.4,0.5\n".encode("utf-8-sig"))
    (tmp_path / "actors.csv").write_bytes("entity,actor\nLyon,Métropole de Lyon\n".encode("utf-8-sig"))
    (tmp_path / "a.txt").write_text("Le blocage de l'autoroute continue mardi près de Lyon, selon la préfecture.",
                                    encoding="utf-8")
    res = cadrage("a.txt", "--lexicon", "lex.csv", "--actors", "actors.csv")
    assert res.code == 0 and res.folders == ["a"], res.err
    evidence = (tmp_path / "out" / "a" / "evidence.csv").read_text(encoding="utf-8")
    assert "blocage" in evidence and "user" in evidence  # the user's word was read, BOM and all
    assert "Métropole de Lyon" in (tmp_path / "out" / "a" / "mentions.csv").read_text(encoding="utf-8")


# --- 7. limits that are not limits ---------------------------------------------------------

def test_7_an_article_under_the_limit_that_cleaning_lengthens_is_analysed(nlp, monkeypatch):
    from analysis.article import analyse_text

    text = ("Le ﬁls du maire a ﬁni son discours. " * 60).strip()  # "ﬁ" becomes "fi": longer
    monkeypatch.setattr(config, "MAX_ARTICLE_CHARS", len(text))
    monkeypatch.setattr(nlp, "max_length", len(text))
    res = analyse_text(text, nlp=nlp)
    assert len(res.cleaned.text) > len(text) and "fils du maire a fini" in res.sentences["text"].iloc[0]


def test_7_sentence_hints_are_the_same_rule_on_long_texts(nlp):
    from analysis.nlp import CLOSING, SENTENCE_FINAL

    doc = nlp.make_doc("\n\n".join(["Un.", "Deux « trois. » Quatre (cinq.) six, sept", "Huit… neuf ! Dix"] * 3000))
    nlp.get_pipe("cadrage_sentence_hints")(doc)
    expected, prev = [], None  # the rule of docs/architecture.md, token by token
    for tok in doc:
        if tok.is_space:
            prev = "\n" if "\n" in tok.text else prev
            expected.append(tok.is_sent_start)  # left to the parser
            continue
        if tok.i == 0:
            expected.append(True)
        elif prev == "\n":
            expected.append(True)
        elif prev not in SENTENCE_FINAL or tok.text in CLOSING:
            expected.append(False)
        else:
            expected.append(None)
        prev = tok.text
    assert len(doc) > 50_000 and [t.is_sent_start for t in doc] == expected


# --- 8. smaller ----------------------------------------------------------------------------

def test_8_mojibake_made_through_latin1_is_repaired(cadrage, tmp_path):
    text = "L’État a annoncé à Évry un plan pour l’œuvre « déjà très attendue » du maire, a-t-il déclaré."
    (tmp_path / "m.txt").write_bytes(text.encode("utf-8").decode("latin-1").encode("utf-8"))
    res = cadrage("m.txt")
    assert res.code == 0 and res.folders == ["m"], res.err
    assert "L'État a annoncé à Évry un plan pour l'œuvre" in (tmp_path / "out" / "m" / "sentences.csv").read_text(
        encoding="utf-8")


def test_8_a_folder_says_what_it_did_not_read(cadrage, tmp_path):
    src = tmp_path / "in"
    (src / "sous-dossier").mkdir(parents=True)
    (src / "sous-dossier" / "x.txt").write_text(FR2, encoding="utf-8")
    (src / "a.txt").write_text(FR, encoding="utf-8")
    (src / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    os.mkfifo(src / "tube.txt")
    (src / "boucle.txt").symlink_to(src / "boucle.txt")
    res = cadrage("in")
    assert res.code == 2 and res.folders == ["a"], res.err
    assert [e.split(": ", 3)[2:] for e in res.errors] == [
        ["in/boucle.txt", "a symbolic link loop; not read"],
        ["in/tube.txt", "not a regular file (a named pipe, socket or device); not read"]]
    (warning,) = res.warnings
    assert "in: not read: photo.jpg (not a .txt" in warning and "sous-dossier/ (a sub-folder" in warning


@pytest.mark.parametrize("name", ["ligne\nsuivante.txt", "couleur\x1b[31mrouge.txt"])
def test_8_control_characters_in_a_file_name_stay_on_one_line(cadrage, tmp_path, name):
    (tmp_path / name).write_bytes(b"")
    res = cadrage(name)
    line = _one_error(res, "the file is empty", repr(name)[1:-1])
    assert "\x1b" not in line


def test_8_analyse_article_of_none_is_a_type_error(nlp):
    with pytest.raises(TypeError, match="needs an analysis.intake.Article"):
        analyse_article(None, nlp=nlp)


def test_8_a_truncated_output_is_repaired_by_a_cached_rerun(cadrage, tmp_path):
    (tmp_path / "a.txt").write_text(FR, encoding="utf-8")
    assert cadrage("a.txt", cache="cache").code == 0
    table = tmp_path / "out" / "a" / "sentences.csv"
    whole = table.read_bytes()
    table.write_bytes(whole[: len(whole) // 2])
    res = cadrage("a.txt", cache="cache")
    assert res.code == 0 and table.read_bytes() == whole


def test_8_the_corpus_folder_is_readable_by_others(cadrage, tmp_path):
    (tmp_path / "a.txt").write_text(FR, encoding="utf-8")
    (tmp_path / "b.txt").write_text(FR2, encoding="utf-8")
    assert cadrage("a.txt", "b.txt").code == 0
    assert stat.S_IMODE((tmp_path / "out" / "corpus").stat().st_mode) == 0o755
