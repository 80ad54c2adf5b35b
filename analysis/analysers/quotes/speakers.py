"""A speaker phrase on its own: :class:`Speaker` and :func:`describe_speaker` (a name, a
pronoun to resolve, a role, an anonymous source, an organisation, a document), with no
look-back (:class:`~analysis.analysers.quotes.discourse.Discourse` resolves that)."""

from __future__ import annotations

from dataclasses import dataclass

from ...nlp import word_classes
from ..names import ACRONYM, Mention, NameIndex, name_key
from ..syntax import PERSONAL, determiner, morph_get, phrase_text, phrase_tokens
from .appositions import CIVILITY, name_after_comma, name_after_compound, person_shaped
from .nouns import (
    counted,
    counted_number,
    definite_singular,
    document_words,
    human_word,
    indefinite_complement,
    nominal_participle,
    noun_features,
    pronoun_features,
    source_phrase,
)

# Dependents through which a speaker's own name hangs on a role noun.
NAME_DEPS = ("appos", "flat:name", "flat", "conj", "nmod:appos")

_LABEL_KIND = {"PER": "person", "ORG": "organisation", "LOC": "organisation",
               "MISC": "organisation", "GPE": "organisation", "NORP": "organisation"}

#: How a speaker phrase was resolved (second part of ``speaker_rule``), see docs/framing.md.
SPEAKER_HOW = ("name", "apposition", "title", "description", "possessor", "role", "pronoun",
               "anonymous", "same_source", "organisation", "document", "unresolved", "acronym",
               "place", "company")


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


def mention_root(doc, m: Mention):
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return None if span is None or not len(span) else span.root


def is_role_title(head, m: Mention, nouns) -> bool:
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
    >>> from analysis.analysers.cues import load_source_nouns
    >>> from analysis.analysers.names import name_index
    >>> d = parse("Des responsables américains ont déclaré que non.")
    >>> sp = describe_speaker(d[1], name_index(d), load_source_nouns())
    >>> sp.name, sp.kind, sp.rule
    ('responsables américains', 'anonymous', 'anonymous')
    """
    if head is None:
        return UNKNOWN
    low = head.lower_.lstrip("-")
    member = _one_of_them(head) or _counted(head)
    if member is not None:
        return member
    if head.pos_ == "PRON" or low in PERSONAL:
        return _pronoun_speaker(head, low)
    if low in CIVILITY:
        named = _after_civility(head, names)
        if named is not None:
            return named
    det = determiner(head)
    if low in _DEMONSTRATIVE and det is not None and morph_get(det, "PronType") == ["Dem"]:
        g, n = _DEMONSTRATIVE[low]
        text = f"{det.lower_} {low}"
        return Speaker("", "unknown", text, pronoun=text, number=n, gender=g,
                       rule="unresolved", head=head)
    toks = phrase_tokens(head)
    text = phrase_text(toks)
    if nominal_participle(head):
        # « le prévenu », « l'accusée » tagged as verbs: a participle made a noun for a person
        gender, number = noun_features(head)
        return Speaker(source_phrase(toks), "anonymous", text, number=number, gender=gender,
                       rule="anonymous", head=head)
    gender, number = noun_features(head) if head.pos_ == "NOUN" else ("", "")
    # 1. the head is a name (or a name hangs on the role noun by apposition)
    sp = _named_speaker(head, toks, names, nouns, gender)
    if sp is not None:
        return sp
    # 2. an unrecognised proper noun (chain): a known surname, a bare name, an acronym
    if head.pos_ == "NOUN" and head.text.isupper() and ACRONYM.fullmatch(head.text) and \
            low not in nouns:
        # « L'AFLD rappelle … » tagged as a common noun: an acronym names a body (« la PDG »,
        # a listed role, does not)
        return Speaker(head.text, "organisation", text, number="Sing", rule="name", head=head)
    sp = _proper_noun_speaker(head, names, nouns)
    if sp is not None:
        return sp
    # 3. a common noun: source nouns decide
    return _common_noun_speaker(head, toks, text, det, names, nouns, gender, number)


def _pronoun_speaker(head, low: str) -> Speaker:
    """A pronoun left to resolve (« il », « -elle », « celle-ci »), with what it agrees with."""
    gender, number = pronoun_features(head)
    if low in PERSONAL:
        return Speaker("", "unknown", low, pronoun=low, number=number, gender=gender,
                       rule="unresolved", head=head)
    if low in _DEMONSTRATIVE:
        g, n = _DEMONSTRATIVE[low]
        return Speaker("", "unknown", low, pronoun=low, number=n, gender=g,
                       rule="unresolved", head=head)
    return Speaker("", "unknown", low, rule="unresolved", head=head)


def _named_speaker(head, toks, names: NameIndex, nouns, gender: str) -> Speaker | None:
    """The speaker a name gives: the name on the head, or a person's name hung on the role
    noun or set off by a comma in the phrase (« le porte-parole du Kremlin, Dmitri
    Peskov »); None when the phrase holds no name."""
    m = names.at(head)
    if m is not None and is_role_title(head, m, nouns):
        m = None
    candidates = [m] if m is not None else []
    for c in head.children:
        # a name hung on the role noun, as apposition or as a bare nmod (« sa collègue
        # Sandrine Lopez »: no preposition, so not « le collègue de Sandrine Lopez »)
        if (c.dep_ in NAME_DEPS or (c.dep_ in ("nmod", "amod") and c.i > head.i and
                                    not any(a.dep_ == "case" for a in c.children))) and \
                not indefinite_noun(c):
            mc = names.at(c)
            if mc is not None:
                candidates.append(mc)
    # a name set off by a comma inside the phrase is the speaker's, wherever the parser hung
    # it (« l'observatrice en chef de l'association dans la Békaa, Maya Saadé »)
    candidates += [names.at(t) for t in toks if t.i > head.i and t.doc[t.i - 1].text == ","
                   and names.at(t) is not None and names.at(t).label == "PER" and
                   not indefinite_noun(t)]
    joined = name_after_compound(head, names)
    if joined is not None:
        candidates.append(joined)
    after = name_after_comma(head, toks, names)
    if after is not None:
        candidates.append(after)
    described = _described_name(toks, names)  # « Denis, un retraité de la ville, »
    if described is not None:
        candidates.append(described)
    if m is not None and m.label != "PER" and _human_apposition(head, nouns):
        # « Monique, une habitante du quartier »: the tagger's LOC is a first name
        return Speaker(m.entity, "person", m.text, number="Sing", rule="name", head=head)
    per = next((c for c in candidates if c.label == "PER" or
                (c is after and c is not m and person_shaped(c))), None)
    if per is not None and per is not after and _body_named(head, per, names, nouns):
        return _named(per, names, "organisation", head)
    if per is not None:
        sp = _named(per, names, "person", head)
        if names.at(head) is not per:
            sp.rule, sp.gender = "apposition", gender if head.pos_ == "NOUN" else ""
        return sp
    if m is not None:
        return _named(m, names, _LABEL_KIND.get(m.label, "unknown"), head)
    return None


def _counsel(head, det, names: NameIndex) -> bool:
    """« son conseil », « le conseil de Paul Roy »: someone's lawyer (a possessive, or a
    person's name as complement), not a council (« le conseil municipal »)."""
    if det is not None and morph_get(det, "Poss") == ["Yes"]:
        return True
    return any(c.dep_ == "nmod" and names.at(c) is not None and names.at(c).label == "PER" and
               any(a.dep_ == "case" and a.lower_ in ("de", "d'") for a in c.children)
               for c in head.children)


def _described_name(toks, names: NameIndex) -> Mention | None:
    """« Denis, un retraité de la ville, ne décolère pas »: an indefinite phrase between
    commas right after a person's name describes that person (whatever the parser made the
    subject)."""
    if not toks or toks[0].lower_ not in ("un", "une") or toks[0].i < 2:
        return None
    doc = toks[0].doc
    end = toks[-1].i + 1
    m = names.at(doc[toks[0].i - 2])
    if doc[toks[0].i - 1].text != "," or m is None or m.label != "PER" or \
            end >= len(doc) or doc[end].text != ",":
        return None
    return m


def _first_name(tok) -> bool:
    """A lone capitalised word the lexicon knows as no French word (« Françoise »,
    « Adjoua »): a first name, not an acronym or a common noun in capitals."""
    return tok.text[:1].isupper() and tok.text[1:].replace("-", "").isalpha() and \
        tok.text[1:].replace("-", "").islower() and len(tok.text) > 2 and \
        not word_classes(tok.text)


def _body_named(head, m: Mention, names: NameIndex, nouns) -> bool:
    """« le collectif Jubbanti », « le groupe de supporters Normandie Malherbe 09 »: a name
    right after a noun for a body (no comma between) is the body's, whatever the tagger
    made of it."""
    if head.pos_ != "NOUN" or names.at(head) is not None or \
            nouns.get(head.lemma_.lower()) != "organisation":
        return False
    span = head.doc.char_span(m.start, m.end, alignment_mode="expand")
    return span is not None and span.start > head.i and head.doc[span.start - 1].text != ","


def _proper_noun_speaker(head, names: NameIndex, nouns) -> Speaker | None:
    """An unrecognised proper noun (chain): a known surname, a bare name, an acronym; None
    when the phrase holds none."""
    # (« Le chef de chantier, un Carolo de 52 ans »: a name takes no « un », it describes)
    propn = [head] if head.pos_ == "PROPN" else \
        [c for c in head.children if c.dep_ in NAME_DEPS and c.pos_ == "PROPN" and
         not indefinite_noun(c)]
    if propn:
        p = propn[0]
        chain = [p] + [c for c in p.children if c.dep_ in ("flat:name", "flat")]
        chain_text = " ".join(t.text for t in sorted(chain, key=lambda t: t.i))
        full = names.person(chain_text) or names.person(chain[-1].text)
        if full:
            return Speaker(full, "person", chain_text, number="Sing", rule="name", head=head)
        if len(chain) == 1 and ACRONYM.fullmatch(chain_text):
            if p is not head and (human_word(head.lower_) or head.pos_ == "NOUN" and
                                  nouns.get(head.lemma_.lower()) in ("anonymous", "role")):
                return None  # « un syndicaliste CGT », « un élu RN »: his side, not him
            return Speaker(chain_text, "organisation", chain_text, number="Sing", rule="name",
                           head=head)
        if len(chain) > 1 or (head is p and _first_name(p)):
            # (« », confie Françoise »: a capitalised word the lexicon does not know)
            return Speaker(chain_text, "person", chain_text, number="Sing", rule="name",
                           head=head)
        return Speaker("", "unknown", chain_text, rule="unresolved", head=head)
    return None


def _common_noun_speaker(head, toks, text: str, det, names: NameIndex, nouns, gender: str,
                         number: str) -> Speaker:
    """A common noun, classified by the source nouns: an anonymous source, a role, an
    organisation, a document; a noun the lists do not hold with a determiner is an
    anonymous person."""
    low = head.lower_.lstrip("-")
    kind = nouns.get(head.lemma_.lower()) or nouns.get(low)
    if kind == "organisation" and head.lemma_.lower() == "état" and not head.text[:1].isupper():
        kind = None  # « l'état d'esprit », not « l'État »
    if kind == "organisation" and low == "conseil" and _counsel(head, det, names):
        kind = "role"  # « son conseil », « le conseil de Paul Roy »: a lawyer, not a council
    if kind == "anonymous":
        return Speaker(source_phrase(toks), "anonymous", text, number=number, gender=gender,
                       rule="anonymous", head=head)
    if kind == "role":
        if definite_singular(head) and not indefinite_complement(head):
            return Speaker(text, "person", text, number="Sing", gender=gender, rule="role",
                           head=head)
        return Speaker(source_phrase(toks), "anonymous", text, number=number, gender=gender,
                       rule="anonymous", head=head)
    if kind == "organisation":
        named = any(t.pos_ == "PROPN" or names.at(t) is not None for t in toks if t.i != head.i)
        if number == "Plur" and not named and not definite_singular(head) and \
                head.lemma_.lower() not in ("autorité", "gouvernement", "service"):
            # « des associations », « les organisations agricoles »: unnamed, so anonymous
            return Speaker(source_phrase(toks), "anonymous", text, number=number,
                           gender=gender, rule="anonymous", head=head)
        if determiner(head) is not None and morph_get(determiner(head), "Definite") == ["Ind"]:
            return Speaker(source_phrase(toks), "anonymous", text, number=number,
                           gender=gender, rule="anonymous", head=head)
        return Speaker(text, "organisation", text, number=number, gender=gender,
                       rule="organisation", head=head)
    if kind == "document":
        return _document_author(head, text, names, nouns)
    if head.pos_ in ("NOUN", "ADJ") and (det is not None or toks[0].pos_ == "ADJ"):
        # an unnamed person described by a noun the lists do not hold (« le gérant d'une
        # boulangerie », « la jeune femme », « les scientifiques »): an anonymous source
        return Speaker(source_phrase(toks), "anonymous", text, number=number, gender=gender,
                       rule="anonymous", head=head, generic=True)
    return Speaker("", "unknown", text, number=number, gender=gender, rule="unresolved",
                   head=head)


def _counted(head) -> Speaker | None:
    """« Nombre d'experts jugent », « la plupart des commerçants disent », « l'un des
    enquêteurs assure »: the group a quantity word counts, an unnamed source."""
    inner = counted(head)
    if inner is None:
        return None
    toks = phrase_tokens(head)
    return Speaker(source_phrase(toks), "anonymous", phrase_text(toks),
                   number=counted_number(head), gender=noun_features(inner)[0],
                   rule="anonymous", head=head)


#: « l'un d'eux », « plusieurs d'entre elles »: some members of a group just mentioned.
_PARTITIVE = {"un": ("Masc", "Sing"), "une": ("Fem", "Sing"), "plusieurs": ("", "Plur"),
              "certains": ("Masc", "Plur"), "certaines": ("Fem", "Plur"),
              "beaucoup": ("", "Plur"), "plupart": ("", "Plur")}


def _one_of_them(head) -> Speaker | None:
    """« témoigne l'un d'eux, chauffeur depuis douze ans », « raconte l'une d'elles »,
    « plusieurs d'entre eux »: one or some unnamed members of a group, an anonymous
    source, named by the apposition after it when there is one (« chauffeur depuis douze
    ans »), else as written.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("« Rien ne change », raconte l'une d'elles.")
    >>> sp = _one_of_them(next(t for t in d if t.text == "une"))
    >>> sp.name, sp.kind, sp.gender, sp.rule
    ("l'une d'elles", 'anonymous', 'Fem', 'anonymous')
    """
    doc, low = head.doc, head.lower_
    if low not in _PARTITIVE:
        return None
    k = head.i + 1
    if k < len(doc) and doc[k].lower_ in ("d'", "de") and k + 1 < len(doc) and \
            doc[k + 1].lower_ == "entre":
        k += 1  # « d'entre eux »
    if k + 1 >= len(doc) or doc[k].lower_ not in ("d'", "de", "entre") or \
            doc[k + 1].lower_ not in ("eux", "elles", "nous", "vous"):
        return None
    first = head.i - 1 if head.i > 0 and doc[head.i - 1].lower_ in ("l'", "la") else head.i
    text = doc[first:k + 2].text
    end = k + 2
    name = text
    if end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].pos_ == "NOUN":
        name = phrase_text(phrase_tokens(doc[end + 1]))  # « , chauffeur depuis douze ans »
    gender, number = _PARTITIVE[low]
    return Speaker(name, "anonymous", text, number=number, gender=gender, rule="anonymous",
                   head=head)


#: Words saying that the person just named is dead (« Marie Roy, décédée en 2022 »).
_DECEASED = frozenset({"décédé", "décédée", "décédés", "décédées", "défunt", "défunte",
                       "morte", "mort"})


def deceased(doc, m: Mention) -> bool:
    """Does the text say, right after the name, that the person is dead (« Sa mère,
    Marie Roy, décédée en 2022, … », « Paul Roy, mort en 2019 »)?

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Sa mère, Marie Roy, décédée en 2022, avait tout signé.")
    >>> deceased(d, Mention(9, 18, "Marie Roy", "Marie Roy", "PER", ""))
    True
    >>> deceased(d, Mention(0, 7, "Sa mère", "Sa mère", "PER", ""))
    False
    """
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    after = doc[span.end:span.end + 2]
    return len(after) == 2 and after[0].text == "," and after[1].lower_ in _DECEASED


def indefinite_noun(tok) -> bool:
    """« un Carolo de 52 ans », « une Bretonne »: a word with an indefinite determiner
    describes someone, it is no name (the tagger often reads it as one)."""
    return any(d.dep_ == "det" and d.lower_ in ("un", "une", "des") for d in tok.children) or \
        (tok.i > 0 and tok.doc[tok.i - 1].lower_ in ("un", "une"))


def _human_apposition(head, nouns) -> bool:
    """Does a noun for a person stand in apposition to ``head`` (« Karima, mère de
    quatre enfants », « Monique, une habitante du quartier »)?"""
    return any(c.dep_ in ("appos", "nmod:appos") and c.pos_ == "NOUN" and
               (nouns.get(c.lemma_.lower()) in ("anonymous", "role") or
                human_word(c.lower_))
               for c in head.children)


def _after_civility(head, names: NameIndex) -> Speaker | None:
    """« M. Le Maire », « Mme Roux »: the name after a civility the parser made the head."""
    doc = head.doc
    words = []
    for t in doc[head.i + 1: min(head.i + 5, len(doc))]:
        m = names.at(t)
        if m is not None and m.label == "PER":
            sp = _named(m, names, "person", head)
            sp.gender = CIVILITY[head.lower_]
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
                   gender=CIVILITY[head.lower_], rule="name", head=head)


def _document_author(head, text: str, names: NameIndex, nouns) -> Speaker:
    """« un rapport de la Ville de Montréal », « selon un communiqué de la préfecture »: the
    organisation (or person) named in the phrase speaks; else the speaker is unknown."""
    words = document_words(head)
    inner = [names.mentions[names.by_token[t.i]] for t in words if t.i in names.by_token]
    org = next((m for m in inner if m.label != "PER"), None)
    if org is not None:
        return _named(org, names, "organisation", head, rule="document")
    per = next((m for m in inner if m.label == "PER"), None)
    if per is not None:
        return _named(per, names, "person", head, rule="document")
    for t in words:
        if t.i != head.i and t.pos_ == "NOUN" and \
                nouns.get(t.lemma_.lower()) in ("organisation", "role"):
            sub = phrase_text(phrase_tokens(t))
            kind = "organisation" if nouns[t.lemma_.lower()] == "organisation" else "person"
            return Speaker(sub, kind, text, number="Sing", rule="document", head=t)
    # « selon une étude », « le rapport de mission »: the document is the (unnamed) source
    return Speaker(source_phrase(phrase_tokens(head)), "anonymous", text, rule="document",
                   head=head)


def _named(m: Mention, names: NameIndex, kind: str, head=None, rule: str = "name") -> Speaker:
    name = m.entity
    if kind == "person" and len(name.split()) == 1:
        name = names.person(name) or name
    return Speaker(name, kind, m.text, number="Sing" if kind == "person" else "", rule=rule,
                   head=head)


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
