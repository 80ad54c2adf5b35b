"""Property-based tests (hypothesis): cleaning loses nothing silently, the pipeline never crashes."""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from analysis.clean import clean_text, normalize_typography, repair_encoding

WORDS = ("le la les de des un une et à en que qui ne pas a été ministre président guerre accord Ukraine "
         "Turquie l'OTAN d'Ankara qu'il n'a Washington S-400 F-35 M. Dupont selon sources déclaré serait "
         "probablement « » “ ” \" - – — ’ ' ( ) : ; , . … ! ? 3.5 2022 % € Share Post: Abonnez-vous "
         "<b> </p> <script> & &amp; # @ www.exemple.fr https://a.fr/x 🎉").split()
SEPS = st.sampled_from([" ", " ", " ", "  ", "\n", "\n\n", "\r\n", "\t", "\u00a0", ""])


@st.composite
def french_like(draw, max_tokens=60):
    n = draw(st.integers(1, max_tokens))
    parts = []
    for _ in range(n):
        parts.append(draw(st.sampled_from(WORDS)))
        parts.append(draw(SEPS))
    return "".join(parts)


def _nonspace(s: str) -> Counter:
    return Counter(c for c in s if not c.isspace())


@settings(max_examples=200, deadline=None)
@given(french_like())
@example("%\nl'OTAN\nle le le le le le le le le le le\nl'OTAN ")  # debris before the headline
def test_cleaning_is_idempotent(text):
    once = clean_text(text)
    twice = clean_text(once.text)
    assert twice.text == once.text
    assert twice.removed == []


@settings(max_examples=200, deadline=None)
@given(french_like())
def test_every_character_is_kept_or_listed_as_removed(text):
    c = clean_text(text)
    normalised = normalize_typography(repair_encoding(text))
    kept = _nonspace(c.text)
    removed = sum((_nonspace(r["text"]) for r in c.removed), Counter())
    assert kept + removed == _nonspace(normalised)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(french_like(max_tokens=120))
def test_the_pipeline_never_crashes_and_offsets_map_back(analyse, text):
    from analysis.intake import InputError

    try:
        res = analyse(text, check_language=False)
    except InputError as exc:  # the user's problem, said in one line
        assert "\n" not in str(exc)
        return
    s = res.sentences
    cleaned = res.cleaned.text
    assert all(cleaned[a:b] == t for a, b, t in zip(s["start"], s["end"], s["text"]))
    assert _nonspace("".join(s["text"])) == _nonspace(cleaned)
    for name, df in res.tables.items():
        assert df.columns[0] == "article_id", name


# --- corpus ids and file names (issue 19) ------------------------------------------------------

_ID_PIECES = st.sampled_from(["corpus", "Corpus", "CORPUS", "a", "a-2", "a--2", "a_2", "1", "1.0", "01", "",
                              " ", ".", "..", "../x", "nan", "None", "null", "Été", "été", "ÉTÉ", "-", "--",
                              "x" * 120, "con", "aux", "\n", "\t", "\x1b[31m", "$", "/", "\\"])
ANY_ID = st.one_of(_ID_PIECES, st.text(max_size=30), st.integers(-5, 5).map(str),
                   st.lists(_ID_PIECES, min_size=2, max_size=3).map("".join))


def _safe(article_id):
    from analysis.intake import RESERVED_IDS

    return (re.fullmatch(r"[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?", article_id) is not None
            and article_id not in RESERVED_IDS and len(article_id) <= 100)


@settings(max_examples=150, deadline=None)
@given(st.lists(ANY_ID, min_size=1, max_size=12))
def test_every_csv_row_gets_its_own_safe_folder_name(ids):
    import csv
    import tempfile
    from pathlib import Path

    from analysis.intake import InputError, iter_articles, slugify

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "corpus.csv"
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["id", "text"])
            w.writerows([(i, f"Le conseil a voté le texte numéro {n}.") for n, i in enumerate(ids)])
        items = list(iter_articles([path], notice=lambda m: None))
    arts = [a for a in items if not isinstance(a, InputError)]
    errors = [str(e) for e in items if isinstance(e, InputError)]
    # no row lost: each is an article, or the file is refused in one line (control characters
    # in the ids can make it look binary)
    assert len(arts) == len(ids) or (not arts and len(errors) == 1 and "\n" not in errors[0]), errors
    if not arts:
        return
    got = [a.article_id for a in arts]
    assert len(set(got)) == len(got) and all(_safe(g) for g in got), got
    assert len({g.lower() for g in got}) == len(got)  # distinct on case-insensitive file systems too
    slugs = [slugify(i) for i in ids]
    for i in ids:  # an id that is its own slug, and the only one with that slug, is kept as it is
        if _safe(i) and slugify(i) == i and slugs.count(i) == 1 and i != "nan" \
                and not re.fullmatch(r"corpus-\d{4}", i):
            assert i in got


_NAME = st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), min_size=1, max_size=40)


@settings(max_examples=80, deadline=None)
@given(st.lists(_NAME, min_size=1, max_size=6, unique=True))
def test_any_file_names_give_unique_ids_and_one_line_errors(names):
    import tempfile
    from pathlib import Path

    from analysis.intake import InputError, iter_articles

    notices = []
    with tempfile.TemporaryDirectory() as d:
        written = []
        for i, name in enumerate(names):
            try:
                p = Path(d) / (name + ".txt")
                p.write_text(f"Le maire a parlé de la ville numéro {i}." if i % 3 else "", encoding="utf-8")
            except (OSError, ValueError):  # a name too long for the file system
                continue
            written.append(p)
        items = list(iter_articles([d], notice=notices.append))
    visible = [p for p in written if not p.name.startswith(".")]
    assert len(items) == len(visible) or (not visible and len(items) == 1)
    for item in items:
        if isinstance(item, InputError):
            assert "\n" not in str(item) and "\x1b" not in str(item) and "\r" not in str(item)
    got = [a.article_id for a in items if not isinstance(a, InputError)]
    assert len(set(got)) == len(got) and all(_safe(g) for g in got), got
    assert all("\n" not in n for n in notices)
