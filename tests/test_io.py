"""Intake: encodings, formats and clear errors for bad input."""

from __future__ import annotations

import html
import json

import pytest

from analysis import config
from analysis.clean import clean_text
from analysis.intake import InputError, decode_bytes, iter_articles, read_articles, slugify

SAMPLE = config.SAMPLE_ARTICLE.read_text(encoding="utf-8")


def _html_page(text: str) -> str:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    body = "".join(f"<p>{html.escape(ln)}</p>\n" for ln in lines[1:])
    return (f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{html.escape(lines[0])}'
            f"</title></head><body><article><h1>{html.escape(lines[0])}</h1>\n{body}</article></body></html>")


VARIANTS = {
    "cp1252.txt": lambda t: t.encode("cp1252"),
    "utf16-bom.txt": lambda t: t.encode("utf-16"),
    "utf16-nobom.txt": lambda t: t.encode("utf-16-le"),
    "utf8-bom-crlf.txt": lambda t: t.replace("\n", "\r\n").encode("utf-8-sig"),
    "mojibake.txt": lambda t: t.encode("utf-8").decode("cp1252").encode("utf-8"),
    "page.html": lambda t: _html_page(t).encode("utf-8"),
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_the_same_article_in_any_encoding_or_wrapped_in_html_cleans_the_same(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(VARIANTS[name](SAMPLE))
    art = read_articles(path)[0]
    assert clean_text(art.text, title=art.title).text == clean_text(SAMPLE).text


def test_latin1_text_is_decoded():
    text = "Le ministre a évoqué la crise à Genève, où l'été fut chaud."
    assert decode_bytes(text.encode("latin-1"), "a.txt") == text


def test_html_title_comes_from_metadata(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(_html_page(SAMPLE), encoding="utf-8")
    assert read_articles(p)[0].title.startswith("Les États-Unis ont suggéré")


def test_csv_and_jsonl_corpora_carry_metadata_and_ids(tmp_path):
    csv_path = tmp_path / "corpus.csv"
    csv_path.write_text('id,title,date,outlet,text\n'
                        'A 1,Titre un,2022-03-20,Le Temps,"Le ministre a parlé. Il a dit non."\n'
                        ',,,,"Un second texte, sans identifiant."\n', encoding="utf-8")
    arts = read_articles(csv_path)
    assert [a.article_id for a in arts] == ["a-1", "corpus-0002"]
    assert arts[0].title == "Titre un" and arts[0].meta["outlet"] == "Le Temps" and arts[0].meta["date"] == "2022-03-20"
    jl = tmp_path / "c.jsonl"
    jl.write_text(json.dumps({"id": "x", "text": "Un texte en français.", "url": "https://e.fr/a"}) + "\n",
                  encoding="utf-8")
    (art,) = read_articles(jl)
    assert art.article_id == "x" and art.meta["url"] == "https://e.fr/a" and art.meta["source"] == "c.jsonl#1"


def test_bad_rows_are_reported_and_good_rows_kept(tmp_path):
    jl = tmp_path / "c.jsonl"
    jl.write_text('{"text": "Bon texte."}\n{not json}\n{"text": ""}\n{"titre": "x"}\n{"text": "Autre texte."}\n',
                  encoding="utf-8")
    items = list(iter_articles([jl]))
    errors = [str(i) for i in items if isinstance(i, InputError)]
    assert [i.text for i in items if not isinstance(i, InputError)] == ["Bon texte.", "Autre texte."]
    assert errors == ["c.jsonl#2: line 2: malformed JSON (Expecting property name enclosed in double quotes)",
                      "c.jsonl#3: row 3: empty 'text'",
                      "c.jsonl#4: line 4: no text field "
                      "(expected one of: text, content, body, article, texte, contenu)"]


def test_csv_without_text_column_is_one_clear_error(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text("title,date\nA,B\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"c.csv: no text column \(expected one of: text"):
        read_articles(p)


def test_malformed_csv_row_is_named(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text('text,title\n"Un texte.",T\n"Deux",T,extra\n', encoding="utf-8")
    items = list(iter_articles([p]))
    assert str(items[1]) == "c.csv#2: row 2: 3 fields where the header has 2"


@pytest.mark.parametrize("data, problem", [
    (b"", "the file is empty"),
    (b"  \n\t \r\n", "the file holds only white space"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "this is a PDF"),
    (bytes(range(256)) * 20, "looks like binary data"),
    (b"12 345 678 -- 90 %", "contains no letters"),
])
def test_bad_files_raise_one_clear_error(tmp_path, data, problem):
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    with pytest.raises(InputError) as exc:
        read_articles(p)
    assert str(exc.value).startswith(f"{p}: {problem}")
    assert "\n" not in str(exc.value)


def test_missing_path_is_reported(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        read_articles(tmp_path / "absent.txt")


def test_a_folder_mixing_good_and_bad_files(tmp_path):
    (tmp_path / "a.txt").write_text("Le ministre a parlé hier soir.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.html").write_text("<html><body><p>La ville a voté pour le projet de tramway.</p></body></html>",
                                     encoding="utf-8")
    items = list(iter_articles([tmp_path]))
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article"]
    assert str(items[1]).endswith("b.txt: the file is empty")


def test_slugs_are_safe_file_names():
    for raw in ["../../etc/passwd", "a b'c\"$(x);-rm", "-- leading", "Zürich Été"]:
        s = slugify(raw)
        assert s and "/" not in s and not s.startswith("-") and s.isascii()
        assert all(c.isalnum() or c in "-_" for c in s)


# --- short French texts are French (issue 21) ------------------------------------------------

#: Short French posts and headlines as they come out of a scraper: hashtags, mentions,
#: links, emojis, slang, names; each must be accepted.
SHORT_FRENCH = [
    # tweets
    "Quel match hier soir 🔥🔥 Mbappé encore décisif, Dembélé intenable, Hakimi partout #PSGOM #Ligue1 https://t.co/x7Kq2",
    "Mdr le métro encore en panne ce matin, 40 min sur le quai 🙃 @RATPgroup #ligne13",
    "Trop hâte d'être en vacances ☀️🏖️ plus que 3 jours de boulot #teamvacances",
    "Grève SNCF demain : 1 TGV sur 3, aucun Intercités. Pensez à vérifier votre trajet ➡️ https://t.co/AbC12",
    "Jpp de ce prof qui nous donne un DM pour lundi 😭😭 #bac2024",
    "Incroyable victoire des Bleus 🇫🇷🏉 #XVdeFrance #FRAIRL",
    "Wsh le prix du plein c'est abusé, 2,10€ le litre à Lyon ce matin ⛽😤",
    "Encore un effondrement d'immeuble à Marseille. Combien de morts faudra-t-il ? #Marseille #logementindigne",
    "RT @franceinfo : Incendie à Notre-Dame-de-Paris : la flèche s'est effondrée",
    "Bravo à toute l'équipe 👏👏 Merci pour ce moment incroyable ❤️ #fiers",
    "Qui regarde #TheVoice ce soir ? Team Zazie ou team Vianney ? 🎤",
    "Tempête Ciarán : vigilance rouge en Bretagne, écoles fermées jeudi #Finistère #Morbihan",
    "Sérieux le Wi-Fi de la fac c'est une blague 🤡 #galère",
    "Macron à Marseille aujourd'hui, annonces attendues sur les écoles et la sécurité #Marseille",
    "J'ai testé le nouveau burger de chez Big Fernand, franchement une tuerie 🍔🔥 @bigfernand",
    "Le télétravail c'est bien mais mon chat qui marche sur le clavier en visio 😹😹 #télétravail",
    "Ouf, le Conseil constitutionnel a censuré l'article 7 ! #ConseilConstitutionnel #loiimmigration",
    "Bon anniversaire maman ❤️🎂 t'es la meilleure",
    "Ça caille ce matin à Strasbourg -6°C ❄️🥶 #meteo #Alsace",
    "Allez l'OM !!! 💙🤍 #OMPSG #TeamOM",
    # headlines
    "Retraites : le gouvernement engage le 49.3 à l'Assemblée nationale",
    "Inflation : les prix alimentaires reculent pour le troisième mois consécutif",
    "Ligue des champions : Lens tenu en échec par Séville",
    "Incendies en Gironde : 6 000 hectares brûlés, 8 000 personnes évacuées",
    "Bac 2024 : les sujets de philosophie dévoilés",
    "Élections européennes : Bardella en tête, Glucksmann deuxième selon un sondage Ifop",
    "Cyclisme : Pogačar remporte la 15e étape du Tour de France",
    "Immobilier : les taux de crédit repartent à la baisse",
    "Nouvelle-Calédonie : couvre-feu prolongé à Nouméa",
    "JO de Paris 2024 : Léon Marchand, quatre fois en or",
    # one word or a few
    "Enfin.",
    "Incroyable 😍",
    "Magnifique",
    "Respect 👏",
    "Bravo les Bleus !",
    "Merci pour tout ❤️",
    "Sans commentaire…",
    "#JeSuisCharlie",
    "Quelle honte.",
    "Ptdr 😂😂😂",
]

#: Clearly other languages, short and long: refused.
NOT_FRENCH = {
    "en": ["Breaking: the president said that the vote will happen on Monday in the house",
           "The council voted on Monday to build a new tram line. It is an important step for the city, "
           "the mayor said, who hopes that the line will open in 2027 and that it will serve more than fifty "
           "thousand people a day. The opposition said that the cost was too high and that the money would "
           "have been better spent on buses, which are cheaper and which could be in service this year."],
    "de": ["Die Regierung hat am Montag eine neue Reform beschlossen, die auch für die Rentner gilt",
           "Der Stadtrat hat am Montag beschlossen, eine neue Straßenbahnlinie zu bauen. Es ist ein wichtiger "
           "Schritt für die Stadt, sagte die Bürgermeisterin, die hofft, dass die Linie im Jahr 2027 in Betrieb "
           "gehen wird. Die Opposition sagte, dass die Kosten zu hoch seien und dass das Geld besser für Busse "
           "ausgegeben worden wäre, die billiger sind und noch in diesem Jahr fahren könnten."],
    "es": ["El gobierno aprobó la ley de vivienda por mayoría este martes en el Congreso"],
    "it": ["Il governo ha approvato la riforma delle pensioni con il voto di fiducia della Camera"],
}


@pytest.mark.parametrize("text", SHORT_FRENCH)
def test_short_french_texts_are_accepted(text):
    from analysis.intake import Article, check_article

    check_article(Article("t", text))  # raises InputError if refused


@pytest.mark.parametrize("lang, text", [(lang, t) for lang, ts in NOT_FRENCH.items() for t in ts])
def test_texts_clearly_in_another_language_are_refused(lang, text):
    from analysis.intake import Article, check_article
    from analysis.language import guess_language

    assert guess_language(text).language == lang
    with pytest.raises(InputError, match="does not look like French"):
        check_article(Article("t", text))


def test_long_french_text_with_too_few_function_words_is_still_refused():
    from analysis.language import SHORT_WORDS, guess_language

    names = ("Mbappé Dembélé Hakimi Marquinhos Donnarumma Vitinha Zaïre-Emery Barcola Kolo Muani Ramos "
             "Asensio Lee Ugarte Skriniar Hernández Mendes Danilo ").split()
    text = " ".join(names * 4)
    assert len(names) * 4 >= SHORT_WORDS and guess_language(text).language == "unknown"


def test_the_sample_article_keeps_its_french_share(sample_text):
    from analysis.language import guess_language

    g = guess_language(sample_text)
    assert g.is_french and g.french_share > 0.2
