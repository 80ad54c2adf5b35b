"""Indirect speech and « selon »: the content a reporting verb reports (a « que » clause,
an infinitive, the words before an incise) and the attributions « selon X », « d'après
X », « pour X, », « de source X », « a-t-on appris auprès de X »."""

from __future__ import annotations

from ..cues import Cues, after_faire, selon_cue, selon_head, speech_lemma
from ..names import NameIndex
from ..syntax import (
    CONTENT_MARKS,
    NOMINAL,
    PARTICIPLE,
    PERSONAL,
    content_clause,
    determiner,
    glued_after,
    is_incise,
    morph_get,
    phrase_tokens,
    skip_left,
)
from .marks import inside, n_words, strip_span
from .nouns import agent_noun, counted, paired_noun
from .speakers import NAME_DEPS
from .subjects import subject_of


def selon_ok(head, names: NameIndex, nouns, strict: bool = False) -> bool:
    """Can ``head`` be a source?  ``strict`` (for « pour X »): not a place, and a source
    noun only if it is an anonymous, role or organisation noun."""
    if head.lower_ in PERSONAL:
        return True
    if counted(head) is not None:
        return True  # « selon la plupart des experts », « d'après nombre d'habitants »
    m = names.at(head)
    if m is not None and strict and m.label in ("LOC", "GPE"):
        return False
    if m is not None or any(names.at(c) for c in head.children if c.dep_ in NAME_DEPS):
        return True
    if strict:
        return nouns.get(head.lemma_.lower()) in ("anonymous", "role", "organisation")
    # « selon les planteurs », « selon la pharmacienne »: a noun for a person, with its
    # determiner (not « selon le calendrier », « selon la couleur »: « selon » also means
    # « depending on », so only the agent suffixes that name people); after « un », « une »,
    # « des », also a noun with a feminine or masculine for people (« selon un boulanger »,
    # « d'après des clientes »)
    det = determiner(head)
    return head.pos_ == "PROPN" or head.lemma_.lower() in nouns or (
        head.pos_ == "NOUN" and det is not None and (agent_noun(head) or (
            det.lower_ in ("un", "une", "des", "d'", "de", "plusieurs", "certains",
                           "certaines", "quelques") and paired_noun(head.lower_))))


def inside_content(verb, a: int, b: int) -> bool:
    """Does the quote [a, b) lie in the content clause or infinitive of ``verb``
    (« a estimé que la France « ne laissera jamais… » »)?  The codebook codes it as
    one indirect report."""
    clause = content_clause(verb) or infinitive_content(verb)
    if clause is None:
        return False
    doc = verb.doc
    start = doc[clause_start(verb, clause)].idx
    last = doc[clause_end(verb, clause) - 1]
    return start <= a and b <= last.idx + len(last.text) + 1


def incise_content(doc, sent, verb):
    """The reported content around an incise: before it, and after it when the incise
    sits mid-sentence (« La Turquie, a expliqué Stein, ne cédera pas »)."""
    left = skip_left(verb)
    segs = [strip_span(doc, sent.start, left.i)]
    subj = subject_of(verb)
    if subj is not None and subj.i > verb.i:
        end = max(t.i for t in phrase_tokens(subj)) + 1
        # « …, a précisé la métropole, qui promet … »: a relative clause is about the
        # speaker, not what was said
        if end + 1 < sent.end and doc[end].text == "," and doc[end + 1].lower_ not in \
                ("qui", "que", "qu'", "dont", "où", "lequel", "laquelle"):
            segs.append(strip_span(doc, end + 1, sent.end))
    return [s for s in segs if s]


_RELATIVES = frozenset({"qui", "que", "qu'", "dont", "lequel", "laquelle", "lesquels", "lesquelles"})


def _minus_phrase(doc, sent, prep, head):
    """Character ranges of ``sent`` without « selon X … » and its commas."""
    lo = min(prep.i, head.left_edge.i)
    hi = min(max(prep.i, head.right_edge.i) + 1 + len(glued_after(head.right_edge)), sent.end)
    gov = head.head
    if prep.i < head.i and ((gov.i >= hi and not any(
            c.dep_ in ("nsubj", "nsubj:pass", "expl:subj") for c in gov.children)) or
            (head.dep_ == "ROOT" and lo == sent.start)):
        # « Selon un diplomate, cinq États membres ont … »: the parser hung the subject (or,
        # « D'après ce responsable, la majorité votera … », the whole clause) on the
        # source; the source phrase ends at its comma
        # (not after a relative clause on the source, « Selon un ancien salarié, qui a
        # requis l'anonymat, … », whose end the parse does not say)
        comma = next((t.i for t in doc[head.i + 1:hi] if t.text == "," and (
            t.i + 1 >= len(doc) or doc[t.i + 1].lower_ not in _RELATIVES) and not any(
                x.lower_ in _RELATIVES for x in doc[head.i + 1:t.i])), None)
        hi = comma + 1 if comma is not None else hi
    segs = []
    for a, b in ((sent.start, lo), (hi, sent.end)):
        seg = strip_span(doc, a, b)
        if seg and n_words(doc.char_span(*seg, alignment_mode="expand")) > 0:
            segs.append(seg)
    return segs


# Verbs an infinitive reporting verb may depend on and still report (« devrait annoncer
# que », « a tenu à rappeler que »); « se voir proposer », « faire dire » do not.
_REPORT_GOVERNORS = frozenset({"devoir", "pouvoir", "vouloir", "aller", "tenir", "venir",
                               "souhaiter", "préférer", "choisir", "continuer", "commencer",
                               "finir", "oser", "sembler", "paraître"})


def can_report(tok) -> bool:
    """Can this reporting verb head a report of its own?  Not as a passive (« seraient
    invitées à »), an adjectival participle (« des clauses garantissant que »), or an
    infinitive under a verb other than a modal (« se verrait proposer »)."""
    form = morph_get(tok, "VerbForm")
    participle = "Part" in form and PARTICIPLE.search(tok.lower_)
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
            tok.head.lemma_ not in _REPORT_GOVERNORS and \
            not (tok.lemma_ in ("savoir", "valoir") and after_faire(tok)):
        return False
    return True


def speaker_side(verb, subj) -> str:
    """« incise » when the speaker phrase follows its verb, else « subject »."""
    return "incise" if subj is not None and (subj.i > verb.i or subj.text.startswith("-")) \
        else "subject"


def clause_start(verb, clause) -> int:
    """First token of a content clause: its left edge, or the « que » right after the
    verb when a misparse gives the clause the verb's own subject (« Le rapport … juge
    que »)."""
    start = clause.left_edge.i
    if start > verb.i:
        return start
    doc = verb.doc
    return next((t.i for t in doc[verb.i + 1: clause.i + 1] if t.lower_ in CONTENT_MARKS),
                verb.i + 1)


def next_report(doc, start: int, end: int, cues: Cues) -> int:
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


def clause_end(verb, clause) -> int:
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


def infinitive_content(verb):
    """The infinitive a reporting verb reports: bare (« a dit vouloir … », « assure avoir
    reçu … »: what the speaker says of themself) or after « de » / « à » (« a promis de
    revenir », « a appelé les électeurs à le rejoindre »: a promise, a request or an
    order is reported speech too)."""
    for c in verb.rights:
        infinitive = "Inf" in morph_get(c, "VerbForm") or any(
            a.dep_.startswith("aux") and "Inf" in morph_get(a, "VerbForm") for a in c.children)
        if c.dep_ not in ("xcomp", "ccomp", "advcl", "obl:arg", "obj") or \
                c.pos_ not in ("VERB", "AUX") or not infinitive:
            continue
        marks = [m.lower_ for m in c.children if m.dep_ in ("mark", "case") and m.i < c.i]
        if not marks or marks[0] in ("de", "d'", "à"):
            if c.dep_ == "advcl" and marks:
                continue  # « pour expliquer », « afin de »: a purpose, not the content
            return c
    # « Un témoin raconte avoir vu … » read as « témoin » + modifier « raconte », with « vu »
    # the root: the past infinitive right after the verb is its content
    doc = verb.doc
    aux = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
    if verb.dep_ == "acl" and aux is not None and aux.pos_ == "AUX" and \
            "Inf" in morph_get(aux, "VerbForm") and aux.head.i > aux.i and \
            aux.head == verb.head.head:
        return aux.head
    return None


def pour_head(tok, sent):
    """« Pour le syndicat, la réforme est une provocation »: « pour X » opening a sentence,
    followed by a comma, X a person, an organisation or a source (in X's opinion)."""
    if tok.lower_ != "pour" or tok.dep_ != "case":
        return None
    doc = tok.doc
    before = [t for t in doc[sent.start:tok.i] if not t.is_punct]
    if len(before) > 1 or (before and before[0].pos_ not in ("CCONJ", "ADV")):
        return None
    head = tok.head
    if head.pos_ not in NOMINAL:
        return None
    end = max(t.i for t in phrase_tokens(head)) + 1
    if end >= sent.end or doc[end].text != ",":
        return None
    return head


def source_head(tok):
    """« de source policière », « de sources concordantes »: ``tok`` is « source » used
    without a determiner after « de »."""
    if tok.lemma_.lower() != "source" or tok.pos_ != "NOUN":
        return None
    deps = {c.lower_ for c in tok.children if c.dep_ == "case"}
    if not deps & {"de", "d'"} or any(c.dep_ == "det" for c in tok.children):
        return None
    return tok


def attribution(doc, sent, tok, names: NameIndex, nouns, direct_spans):
    """A « selon »-type attribution starting at ``tok``: (cue, speaker head, content
    segments) or None.  « selon X », « d'après X », « pour X, … », « de source X »,
    « a-t-on appris auprès de X »."""
    head, cue, case = selon_head(tok), "", tok
    if head is not None:
        if not selon_ok(head, names, nouns):
            return None
        cue = selon_cue(tok)
    elif tok.lower_ == "pour":
        head = pour_head(tok, sent)
        if head is None or not selon_ok(head, names, nouns, strict=True):
            return None
        cue = "pour"
    elif tok.lower_ in ("source", "sources"):
        head = source_head(tok)
        if head is None:
            return None
        cue = "de source"
        case = next(c for c in tok.children if c.dep_ == "case")
    elif tok.pos_ == "VERB" and tok.lemma_ == "apprendre":
        head = next((c for c in tok.children if c.pos_ in NOMINAL and
                     any(a.lower_ == "auprès" for a in c.children)), None)
        case = next((a for a in head.children if a.lower_ == "auprès"), None) \
            if head is not None else None
        if head is None:
            # « a-t-on appris auprès de la préfecture » with « auprès » read as an adverb
            # that governs the noun
            case = next((c for c in tok.children if c.lower_ == "auprès"), None)
            head = next((c for c in case.children if c.pos_ in NOMINAL), None) \
                if case is not None else None
        if head is None:
            return None
        cue = "apprendre"
    else:
        return None
    if inside(head.idx, direct_spans):
        return None
    verb = head.head if cue in ("de source",) else (tok if cue == "apprendre" else None)
    if verb is not None and verb.pos_ == "VERB" and verb.lemma_ == "apprendre" and \
            is_incise(verb):
        return cue, head, incise_content(doc, sent, verb)
    if verb is not None and verb.pos_ == "VERB":
        clause = content_clause(verb)
        if clause is not None:
            seg = strip_span(doc, clause_start(verb, clause), clause_end(verb, clause))
            return cue, head, [seg] if seg else []
    return cue, head, _minus_phrase(doc, sent, case, head)
