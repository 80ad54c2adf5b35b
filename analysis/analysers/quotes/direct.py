"""Who a direct quote belongs to when no incise says it: the reporting verb before or
after it, « selon X » in its sentence, a colon introduction, the subject of the clause
that holds a partial quote, or the sentence before it; and quoted titles."""

from __future__ import annotations

from ..cues import Cues, selon_cue, selon_head, speech_lemma
from ..names import NameIndex
from ..syntax import (
    CLOSING,
    NOMINAL,
    WORD,
    clitic_subject,
    finite,
    is_negated,
    morph_get,
    skip_left,
)
from .marks import Sentences, inside
from .nouns import definite_singular, human_word
from .reports import pour_head, selon_ok, source_head
from .speakers import describe_speaker
from .subjects import subject_of


def introducer(sent, cues: Cues, used: set):
    """The (cue, subject) of a sentence that introduces the quote after it: a reporting
    verb that reported nothing itself (« Elle insiste sur le rôle des parents. »), else
    the main verb when its subject is someone (« À ses côtés, un retraité brandit des
    jerricans vides. »).  None when the sentence has neither."""
    for t in sent:
        if t.i not in used and speech_lemma(t, cues) and finite(t) and not is_negated(t):
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
    if subj is None or (subj.pos_ == "NOUN" and not human_word(subj.lower_)
                        and subj.ent_type_ != "PER" and
                        not any(t.ent_type_ == "PER" for t in subj.children)):
        return None
    return "", subj


#: Verbs that say who spoke the words just quoted, with « ainsi » (« qui parle ainsi »).
_THUS_VERBS = frozenset({"parler", "exprimer", "témoigner", "résumer", "raconter", "dire",
                         "confier", "décrire", "répondre", "conclure", "lancer", "lâcher",
                         "s'exprimer"})


def thus_speaker(sent, cues: Cues):
    """The (cue, speaker head) of a sentence that says who spoke the quote before it: a
    speech verb with « ainsi » (« L'infirmière qui parle ainsi travaille à l'urgence
    depuis douze ans », « Ainsi s'exprime le maire »), its subject or the antecedent of its
    « qui ». None otherwise.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> from analysis.analysers.cues import load_cues
    >>> d = parse("Le pêcheur qui parle ainsi a soixante ans.")
    >>> verb, head = thus_speaker(d[:], load_cues())
    >>> verb, head.text
    ('parler', 'pêcheur')
    >>> thus_speaker(parse("Il parle ainsi depuis des années de son métier.")[:], load_cues())
    """
    doc = sent.doc
    for t in sent:
        if t.lower_ != "ainsi":
            continue
        # (read by position: the parser often hangs « ainsi » on the main verb)
        if t.i > sent.start and doc[t.i - 1].pos_ in ("VERB", "AUX"):
            verb = doc[t.i - 1]  # « qui parle ainsi »
            if t.i + 1 < sent.end and doc[t.i + 1].pos_ == "ADP":
                continue  # « il parle ainsi de son métier »: a manner, not the quote
        elif t.i == sent.start:
            verb = next((x for x in doc[t.i + 1:min(t.i + 3, sent.end)] if x.pos_ == "VERB"),
                        None)  # « Ainsi s'exprime … »
        else:
            continue
        if verb is None or (verb.lemma_.lower() not in _THUS_VERBS and
                            not speech_lemma(verb, cues)):
            continue
        if verb.dep_ == "acl:relcl" and any(c.lower_ == "qui" for c in verb.children):
            subj = verb.head
        else:
            subj = subject_of(verb) or next(
                (x for x in doc[verb.i + 1:sent.end] if x.pos_ in ("NOUN", "PROPN")), None)
        if subj is not None:
            return speech_lemma(verb, cues) or verb.lemma_.lower(), subj
    return None


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


def after_naming_word(doc, open_char: int, cues: Cues, content: str = "A") -> bool:
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


def direct_cue(doc, text: str, first_sent, last_sent, a: int, b: int, quote_spans, cues: Cues,
               next_sent=None):
    """The verb introducing a direct quote [a, b), or None (``text``: ``doc.text``, read once)."""
    # an incise right after the closing mark and a comma takes any verb with a subject
    # (« », sourit-il », « », s'emporte Karima »); « -il » after a word makes it a verb
    after = [t for t in last_sent if t.idx >= b and not inside(t.idx, quote_spans)]
    if not any(WORD.search(t.text) for t in after) and next_sent is not None and \
            next_sent[0].text == ",":
        after += list(next_sent)  # « « … » | , a déclaré X »: the segmenter cut at the mark
    for t in after:
        if t.is_punct or t.pos_ in ("AUX", "ADV") or t.text.startswith("-") or \
                t.lower_ in ("se", "s'"):
            continue
        clitic = clitic_subject(t) is not None
        if (clitic or ((t.pos_ == "VERB" or speech_lemma(t, cues)) and finite(t))) \
                and not is_negated(t):
            left = skip_left(t)
            if left is not None and left.idx >= b - 1 and \
                    (left.text == "," or (clitic and left.text in CLOSING)) \
                    and subject_of(t) is not None:
                return t
        break
    speech = lambda t: (speech_lemma(t, cues) != "" and finite(t)  # noqa: E731
                        and not is_negated(t) and not inside(t.idx, quote_spans))
    before = [t for t in first_sent if t.idx < a and speech(t)]
    if before:
        return before[-1]
    # a quote closing its own sentence (« … . ») is not attributed by the next one
    inner = text[max(a, b - 3):b].rstrip("»”\" ")
    if inner.endswith((".", "!", "?", "…")):
        return None
    later = [t for t in after if speech(t)]
    return later[0] if later else None


def selon_in(doc, sents, quote_spans, names, nouns):
    for sent in sents:
        for tok in sent:
            if inside(tok.idx, quote_spans):
                continue
            head = selon_head(tok)
            if head is not None and selon_ok(head, names, nouns):
                return tok, head, selon_cue(tok)
            if tok.lower_ == "pour":
                head = pour_head(tok, sent)
                if head is not None and selon_ok(head, names, nouns, strict=True):
                    return tok, head, "pour"
            if tok.lower_ in ("source", "sources") and source_head(tok) is not None:
                return tok, tok, "de source"
    return None


def colon_speaker(doc, open_char: int, index: Sentences, sents, names: NameIndex):
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
    if before.pos_ == "VERB" and before.dep_ != "ROOT":
        # « Un soutien que Paul Roy relativise : « … » »: the verb right before the colon
        subj = subject_of(before)
        if subj is not None and subj.lower_ not in ("que", "qu'", "qui"):
            return ":", subj
    sent = sents[index.of_char(before.idx)]
    root = sent.root
    subj = subject_of(root) if root.pos_ in ("VERB", "AUX", "ADJ", "NOUN") else None
    if subj is None:
        return None
    return ":", subj


def colon_after(doc, end_char: int, sent, names: NameIndex):
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


def clause_subject(doc, span, sent, quote_spans, names: NameIndex, nouns):
    """« Le directeur a défendu un plan « juste et nécessaire pour l'avenir » »: a quote
    inside a clause, with no reporting verb, belongs to the subject of the clause
    that holds it when that subject is a person, an organisation or a source.
    Returns (subject token, verb lemma) or None."""
    if not any(WORD.search(t.text) for t in doc[sent.start:span.start]
               if not inside(t.idx, quote_spans)):
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
    if subj is None and "Part" in morph_get(t, "VerbForm"):
        # « Un message jugé « un peu tardif » par un proche »: the agent of a participle
        subj = next((c for c in t.children if c.dep_ == "obl:agent" or (
            c.pos_ in NOMINAL and any(a.dep_ == "case" and a.lower_ == "par"
                                      for a in c.children))), None)
    if subj is None or inside(subj.idx, quote_spans):
        return None
    sp = describe_speaker(subj, names, nouns)
    if sp.kind == "unknown" and not sp.pronoun and sp.rule != "unresolved":
        return None
    if sp.kind == "unknown" and not sp.pronoun and not definite_singular(subj):
        return None
    return subj, t.lemma_.lower()
