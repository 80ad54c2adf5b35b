"""What a speaker's noun phrase says of its referent: gender and number, definiteness,
an anonymous source's phrase, and whether a word is a noun for a person."""

from __future__ import annotations

import functools
import re

from ...nlp import word_classes
from ..cues import load_source_nouns, selon_head
from ..names import name_key
from ..syntax import determiner, feature, morph_get, phrase_text


def pronoun_features(tok) -> tuple[str, str]:
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


def noun_features(head) -> tuple[str, str]:
    """Gender and number of a noun phrase: its determiner first (« la ministre »: the
    noun alone is epicene), then the noun, then a feminine adjective."""
    det = determiner(head)
    gender = (feature(det, "Gender") if det is not None else "") or ""
    number = (feature(det, "Number") if det is not None else "") or feature(head, "Number")
    if not gender:
        gender = form_gender(head.lower_) or pair_gender(head.lower_) or (
            "" if head.lower_.endswith("e") else feature(head, "Gender"))
        if any(c.dep_ == "amod" and feature(c, "Gender") == "Fem" for c in head.children):
            gender = "Fem"
    if any(c.dep_ == "conj" and any(a.dep_ == "cc" and a.lower_ in ("et", "ni")
                                    for a in c.children) for c in head.children):
        number = "Plur"  # (« Le conducteur du car, un Breton … »: no « et », no pair)
    return gender, number


@functools.lru_cache(maxsize=1)
def _listed_nouns() -> frozenset:
    return frozenset(load_source_nouns())


def form_gender(word: str) -> str:
    """The gender a noun for a person shows by its form, when the determiner is elided
    (« l'échevine »): the feminine of a listed noun (« échevin » + e, « avocat » + e) or
    of an agent noun (-euse, -trice, -ienne) is feminine; a listed noun whose form + e is
    listed too is masculine. ``""`` otherwise (the tagger decides).

    Examples
    --------
    >>> form_gender("échevine"), form_gender("échevin"), form_gender("chroniqueuse")
    ('Fem', 'Masc', 'Fem')
    >>> form_gender("ministre")
    ''
    """
    listed = _listed_nouns()
    if word.endswith(("euse", "trice", "ienne")) or (word.endswith("e") and word[:-1] in listed):
        return "Fem"
    if word in listed and word + "e" in listed:
        return "Masc"
    return ""


def definite_singular(head) -> bool:
    det = determiner(head)
    # the determiner's number wins: a noun in -s, -x or -z is invariable (« le Français »)
    if morph_get(head, "Number") == ["Plur"] and (
            det is None or morph_get(det, "Number") != ["Sing"] or
            not head.lower_.endswith(("s", "x", "z"))):
        return False
    for c in head.children:
        if c.dep_ == "det":
            if morph_get(c, "Poss") == ["Yes"] or morph_get(c, "PronType") == ["Dem"]:
                return True
            if c.lemma_.lower() == "le" and morph_get(c, "Definite") == ["Def"]:
                return not any(a.lower_ in ("autre", "autres") for a in head.children)
            return False
    return False


def indefinite_complement(head) -> bool:
    """« le gérant d'une boulangerie », « la porte-parole d'une association »: a function in
    an unnamed, indefinite body is no unique person."""
    return any(c.dep_ == "nmod" and c.i > head.i and determiner(c) is not None and
               morph_get(determiner(c), "Definite") == ["Ind"] and
               any(a.dep_ == "case" and a.lower_ in ("de", "d'") for a in c.children)
               for c in head.children)


def definite(head) -> bool:
    """« les sources », « cette source », « la source » (not « une autre source »)."""
    det = determiner(head)
    if det is None or any(a.lower_ in ("autre", "autres") for a in head.children):
        return False
    return morph_get(det, "PronType") == ["Dem"] or \
        (det.lemma_.lower() == "le" and morph_get(det, "Definite") == ["Def"])


def source_phrase(toks) -> str:
    """An anonymous source's phrase without its determiner or numeral (codebook):
    « trois sources proches du dossier » → « sources proches du dossier »."""
    i = 0
    while i < len(toks) - 1 and (toks[i].pos_ in ("DET", "NUM") or toks[i].lower_ in ("d'", "de")):
        i += 1
    return phrase_text(toks[i:])


def nominal_participle(head) -> bool:
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
    >>> nominal_participle(d[1]), nominal_participle(d[3])
    (True, False)
    """
    det = determiner(head)
    return head.pos_ in ("VERB", "ADJ") and det is not None and det.i < head.i and \
        "Part" in morph_get(head, "VerbForm") and \
        head.dep_ in ("nsubj", "nsubj:pass", "obj", "obl", "obl:mod", "obl:arg", "nmod") and \
        not any(c.dep_.startswith("aux") for c in head.children)


# Suffixes of nouns for people (habitante, retraitée, mère, ouvrier, commerçant…).
_HUMAN_NOUN = re.compile(r"(?:ant|ante|ent|ente|ier|ière|eur|euse|rice|iste|ien|ienne|aire|"
                         r"(?<!it)é|(?<!it)ée|aste|logue|graphe|ète|ecin|iatre|mère|père|fils|"
                         r"fille|femme|homme)s?$")


def human_word(word: str) -> bool:
    """Is ``word`` (lower case) a noun for a person, from its form: a suffix of nouns for
    people (« habitante », « ouvrier »), a former function (« l'ex-DG », « l'ex-maire »), or
    a participle in « -ité » the lexicon also knows as an adjective or a verb (« le
    retraité », « l'invitée »), unlike the abstract nouns in « -ité » (« la sécurité »).

    Examples
    --------
    >>> [human_word(w) for w in ("habitante", "ex-dg", "retraité", "sécurité", "projet")]
    [True, True, True, False, False]
    """
    if _HUMAN_NOUN.search(word) or word.startswith(("ex-", "ancien-")):
        return True
    if re.search(r"itée?s?$", word):
        masc = word.removesuffix("s")
        masc = masc.removesuffix("e") if masc.endswith("ée") else masc
        return bool(word_classes(masc) & {"adj", "verb"})
    return False


def role_key(word: str) -> str:
    """« présidente », « présidents » and « président » share a key."""
    k = name_key(word)
    k = k[:-1] if k.endswith("s") and len(k) > 3 else k
    return k[:-1] if k.endswith("e") and len(k) > 3 else k


# Agent suffixes that make nouns for people (« planteur », « juriste », « pharmacienne »).
_AGENT_NOUN = re.compile(r"(?:eur|euse|rice|iste|ien|ienne|logue|iatre|ante|ant(?=s))s?$")


def agent_noun(tok) -> bool:
    """Is ``tok`` a noun for a person by an agent suffix?  A noun in « -eur » only when
    masculine (« la valeur », « la couleur » are not people); « -iste » only after a stem
    (not « la liste », « la piste »).

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Selon les planteurs et selon la couleur du ciel.")
    >>> agent_noun(d[2]), agent_noun(d[7])
    (True, False)
    """
    low = tok.lower_
    m = _AGENT_NOUN.search(low)
    if m is None:
        return False
    if m.group().startswith("eur") and feature(tok, "Gender") == "Fem":
        return False
    return not (m.group().startswith("iste") and len(low.rstrip("s")) < 7)


#: Words that count people (« nombre d'experts », « la plupart des habitants », « l'un des
#: enquêteurs »); as a speaker, the group they count is an unnamed source.
_QUANTITIES = frozenset({"nombre", "beaucoup", "plupart", "majorité", "minorité", "partie",
                         "poignée", "dizaine", "vingtaine", "trentaine", "cinquantaine",
                         "centaine", "millier", "moitié", "tiers", "quart", "peu", "tant",
                         "trop", "assez", "multitude", "un", "une", "aucun", "aucune",
                         "chacun", "chacune", "certains", "certaines", "plusieurs"})
#: Those that count one person (« l'un des enquêteurs … ajoute-t-il »).
_ONE = frozenset({"un", "une", "aucun", "aucune", "chacun", "chacune"})


def counted(head):
    """The noun a quantity word counts (« Nombre d'experts jugent », « Beaucoup de parents
    expliquent », « L'un des enquêteurs assure »), or None.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> counted(parse("Nombre d'experts jugent que non.")[0]).text
    'experts'
    >>> counted(parse("Le nombre de voitures a augmenté.")[1]) is None
    True
    """
    if head.lower_ not in _QUANTITIES and head.lemma_.lower() not in _QUANTITIES:
        return None
    return next((c for c in head.children if c.dep_ == "nmod" and c.i > head.i and
                 c.pos_ in ("NOUN", "ADJ") and _counts_people(c) and
                 any(a.dep_ == "case" and a.lower_ in ("de", "d'", "des", "du")
                     for a in c.children)), None)


def _counts_people(noun) -> bool:
    """A counted noun names people: a listed source noun or a noun for a person by its form
    (« de parents », « des salariés »; not « le nombre de voitures »)."""
    return noun.lower_ in _listed_nouns() or noun.lemma_.lower() in _listed_nouns() or \
        human_word(noun.lower_) or paired_noun(noun.lower_)


def counted_number(head) -> str:
    """« l'un des enquêteurs » is one person, « nombre d'experts » several."""
    return "Sing" if head.lower_ in _ONE else "Plur"


#: Masculine and feminine endings of nouns for people (« ouvrier » / « ouvrière »,
#: « client » / « cliente », « patron » / « patronne », « rescapé » / « rescapée »).
_GENDER_PAIRS = (("ier", "ière"), ("er", "ère"), ("ien", "ienne"), ("ant", "ante"),
                 ("ent", "ente"), ("ais", "aise"), ("ois", "oise"), ("on", "onne"),
                 ("eur", "euse"), ("teur", "trice"), ("é", "ée"), ("at", "ate"))


@functools.lru_cache(maxsize=4096)
def paired_noun(word: str) -> bool:
    """Is ``word`` (lower case) a noun for a person by its gender pair: the lexicon knows it
    and its other gender as nouns (« ouvrier » / « ouvrière », « cliente » / « client »,
    « boulanger » / « boulangère »); things have no feminine (« le calendrier », « un
    quartier »).

    Examples
    --------
    >>> [paired_noun(w) for w in ("boulanger", "clientes", "rescapé", "calendrier", "quartier")]
    [True, True, True, False, False]
    """
    if word.endswith(("s", "x")) and len(word) > 4:
        word = word[:-1]
    return "noun" in word_classes(word) and bool(_other_gender(word))


def _other_gender(word: str) -> str:
    """``word``'s gender when the lexicon has its other gender as a noun (« avocate » /
    avocat: ``"Fem"``), by the endings of :data:`_GENDER_PAIRS`; ``""`` when it has none."""
    for masc, fem in _GENDER_PAIRS:
        if word.endswith(fem) and "noun" in word_classes(word[:-len(fem)] + masc):
            return "Fem"
        if word.endswith(masc) and "noun" in word_classes(word[:-len(masc)] + fem):
            return "Masc"
    return ""


#: Dependents that open a clause of their own (not a participle describing the noun).
_CLAUSES = frozenset({"acl:relcl", "ccomp", "advcl", "parataxis", "csubj", "xcomp"})


def document_words(head) -> list:
    """The words of a document's phrase where its issuer may be named: its complements and
    participles (« une étude publiée par l'Insee »), not a clause hung on it (« dans une
    note publiée lundi que « … la sécurité du pays » »: the content, not the issuer).

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Selon une étude publiée par l'Insee, les prix montent.")
    >>> [t.text for t in document_words(d[2])]
    ['une', 'étude', 'publiée', 'par', "l'", 'Insee']
    """
    out, stack = [], [head]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in _CLAUSES and c.dep_ != "punct" and
                     not (t is head and c.i < head.i and c.dep_ not in ("det", "amod")) and
                     not any(m.dep_ == "mark" for m in c.children))
    return sorted(out, key=lambda t: t.i)


def run_on(toks) -> list:
    """A body's name as the text writes it, run on through the complements the parser cut
    off (« la fédération de la Dordogne | pour la pêche et la protection du milieu
    aquatique »): nouns, adjectives, names, determiners and the words that link them, up
    to punctuation, a verb or a clause.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> from analysis.analysers.syntax import phrase_tokens
    >>> d = parse("La fédération de la Dordogne pour la pêche et la protection du milieu a dit.")
    >>> phrase_text(run_on(phrase_tokens(d[1])))
    'la fédération de la Dordogne pour la pêche et la protection du milieu'
    """
    if not toks:
        return toks
    doc, out = toks[0].doc, list(toks)
    j = toks[-1].i + 1
    while j < min(len(doc), toks[-1].i + 15) and (
            doc[j].pos_ in ("NOUN", "PROPN", "ADJ", "DET", "ADP") or doc[j].lower_ == "et") \
            and not doc[j].is_punct and doc[j].lower_ not in ("qui", "que", "qu'", "dont") \
            and morph_get(doc[j], "Poss") != ["Yes"]:  # (« pour sa part » is no complement)
        out.append(doc[j])
        j += 1
    while len(out) > len(toks) and (out[-1].pos_ in ("ADP", "DET") or out[-1].lower_ == "et"):
        out.pop()
    return out


def cited(doc_noun) -> bool:
    """Does a document stand as a source (« le rapport … pointe », « dans un communiqué »,
    « selon une étude »), not as a mere thing (« l'absence de toute note de calcul »)?"""
    return doc_noun.dep_ in ("nsubj", "ROOT") or any(
        c.dep_ == "case" and (c.lower_ in ("dans", "selon", "par") or selon_head(c) is not None)
        for c in doc_noun.children)


@functools.lru_cache(maxsize=4096)
def pair_gender(word: str) -> str:
    """The gender a noun for a person shows by its pair in the lexicon, when no determiner
    says it (« l'avocate » / avocat, « l'infirmière » / infirmier: feminine; « l'entraîneur »
    / entraîneuse: masculine); ``""`` for a noun with one form for both (« l'artiste », « le
    peintre » as well as « la peintre »), whatever gender the tagger guessed.

    Examples
    --------
    >>> pair_gender("avocate"), pair_gender("infirmière"), pair_gender("artiste")
    ('Fem', 'Fem', '')
    """
    word = word[:-1] if word.endswith("s") and len(word) > 4 else word
    if len(word) < 5:
        return ""  # (« Me », « Dr »: titles, not nouns with a pair)
    return _other_gender(word) or ("Fem" if word.endswith("e") and "noun" in word_classes(word[:-1]) else "")
