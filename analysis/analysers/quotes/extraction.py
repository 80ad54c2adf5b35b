"""Every quote of one parsed article (:func:`extract_quotes`), step by step: the quoted
spans, their attribution, indirect speech and « selon » outside them, then the speakers
in reading order."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.attrs import LOWER, POS
from spacy.parts_of_speech import VERB
from spacy.strings import get_string_id

from ...nlp import doc_text
from ..cues import SELON_WORDS, Cues, load_cues, load_source_nouns, maybe_speech_form, speech_lemma
from ..names import NameIndex, bracket_acronyms, name_index, organisation_names
from ..syntax import WORD, content_clause, is_incise, is_negated
from .acronyms import acronym_names, spelled_out
from .appositions import lone_first_names
from .direct import (
    after_naming_word,
    clause_subject,
    colon_after,
    colon_speaker,
    direct_cue,
    introducer,
    selon_in,
    thus_speaker,
)
from .discourse import Discourse
from .marks import (
    Sentences,
    Spans,
    cut_at_quotes,
    find_quote_marks,
    has_verb,
    inside,
    n_words,
    strip_chars,
    strip_span,
)
from .reports import (
    attribution,
    can_report,
    clause_end,
    clause_start,
    incise_content,
    infinitive_content,
    inside_content,
    next_report,
    speaker_side,
)
from .speakers import UNKNOWN, Speaker, speaker_rule
from .subjects import subject_of

#: Default minimum number of words for a quoted span to be a quote (fewer: scare quote).
MIN_QUOTE_WORDS = 3


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


@dataclass
class _Extraction:
    """One article's extraction: what it reads, and the quotes and spans found so far."""

    doc: object
    sents: list
    names: NameIndex
    cues: Cues
    nouns: dict
    min_words: int
    index: Sentences
    text: str                  # doc.text, read once
    other: dict = field(default_factory=lambda: {"scare_quotes": [], "quoted_names": []})
    raws: list = field(default_factory=list)
    direct_spans: list = field(default_factory=list)  # (open, end) of real direct quotes
    used_verbs: set = field(default_factory=set)


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
    names = names.extended(doc, lone_first_names(doc, names, nouns))  # (« Karim, 34 ans, »)
    st = _Extraction(doc, sents, names, cues, nouns, min_words, Sentences(sents), doc_text(doc))
    # 1. classify quoted spans
    candidates = _candidates(st)
    quote_spans = Spans((a, b) for a, b, *_ in candidates)
    # 2. attribute direct quotes
    for a, b, closed, span, content in candidates:
        _direct_quote(st, a, b, closed, span, content, quote_spans)
    # 3. indirect speech and « selon » outside direct quotes
    _reports(st)
    _clip_selon(st)
    _merge_into_reports(st)
    # reported content stops where a direct quote it runs into begins
    ordered = sorted(st.direct_spans)
    for r in st.raws:
        if r.kind != "direct":
            r.segments = [cut_at_quotes(st.text, seg, ordered) for seg in r.segments]
    # 4. speakers, in reading order (pronouns, titles, sources and continuations look back)
    done = _speakers(st)
    _open_ended(done)
    return _rows(st, done), st.other


def _candidates(st: _Extraction) -> list[tuple]:
    """The quoted spans that may be quotes, ``(open, end, closed, span, content)``; scare
    quotes and quoted names go to ``st.other``."""
    doc, text, other, cues, min_words = st.doc, st.text, st.other, st.cues, st.min_words
    marks = find_quote_marks(text)
    candidates = []
    for a, b, closed in marks:
        inner_a, inner_b = a + 1, (b - 1 if closed else b)
        span = doc.char_span(inner_a, inner_b, alignment_mode="expand")
        if span is None or not WORD.search(text[inner_a:inner_b]):
            continue
        words = n_words(span)
        content = text[inner_a:inner_b].strip()
        if words < min_words:
            other["scare_quotes"].append(content)
            continue
        if after_naming_word(doc, a, cues, content):
            other["quoted_names"].append(content)
            continue
        candidates.append((a, b, closed, span, content))
    return candidates


def _direct_quote(st: _Extraction, a: int, b: int, closed: bool, span, content: str,
                  quote_spans) -> None:
    """Attribute the quoted span [a, b) and add it to ``st.raws`` when it is a direct quote."""
    doc, text, sents, index, cues = st.doc, st.text, st.sents, st.index, st.cues
    first, last = index.of_char(a), index.of_char(max(b - 1, a))
    verb = direct_cue(doc, text, sents[first], sents[last], a, b, quote_spans, cues,
                      sents[last + 1] if last + 1 < len(sents) else None)
    raw = _Raw("direct", [strip_chars(text, a + 1, b - 1 if closed else b)], "",
               None, first, last, a, open_ended=not closed)
    if verb is not None and first == last and verb.i < span.start and \
            inside_content(verb, a, b):
        return  # part of an indirect report: step 3 finds the whole clause
    if verb is not None:
        st.used_verbs.add(verb.i)
        raw.cue = speech_lemma(verb, cues) or verb.lemma_.lower()
        raw.speaker_head = subject_of(verb)
        raw.where = speaker_side(verb, raw.speaker_head)
    elif not _without_verb(st, raw, a, b, span, content, quote_spans):
        return
    st.raws.append(raw)
    st.direct_spans.append((a, b))


def _without_verb(st: _Extraction, raw: _Raw, a: int, b: int, span, content: str,
                  quote_spans) -> bool:
    """Attribute a quoted span no reporting verb introduces (« selon », a colon, the
    clause that holds it); False when it is a title or a quoted term, not a quote."""
    doc, sents, index, names, nouns = st.doc, st.sents, st.index, st.names, st.nouns
    raws, other, used_verbs = st.raws, st.other, st.used_verbs
    first, last = raw.first_sent, raw.last_sent
    if content[:1].isupper() and not has_verb(span) and not _continues(raws, first) \
            and not content.rstrip().endswith((".", "!", "?", "…")):
        other["quoted_names"].append(content)  # « La Maison des absents »: a title
        return False
    selon = selon_in(doc, sents[first:last + 1], quote_spans, names, nouns)
    colon = colon_speaker(doc, a, index, sents, names) or \
        colon_after(doc, b, sents[last], names)
    clause = clause_subject(doc, span, sents[first], quote_spans, names, nouns)
    if selon is not None:
        raw.cue, raw.where, raw.speaker_head = selon[2], "selon", selon[1]
        used_verbs.add(selon[0].i)
    elif colon is not None:
        (raw.cue, raw.speaker_head), raw.where = colon, "colon"
    elif clause is not None:
        raw.speaker_head, raw.cue, raw.where = clause[0], clause[1], "clause"
    elif not has_verb(span) and not _continues(raws, first) and \
            not content.rstrip().endswith((".", "!", "?", "…")):
        other["quoted_names"].append(content)  # a quoted term, not a sentence
        return False
    return True


def _reports(st: _Extraction) -> None:
    """Add the indirect and « selon » reports outside direct quotes to ``st.raws``.

    Only a verb, a form the tagger may have missed as one, « selon », « d'après »,
    « pour » or « source » can start one: one array read finds them without building
    every token, and each distinct word seen outside a verb is tested once."""
    doc, cues = st.doc, st.cues
    direct_set = Spans(st.direct_spans)
    pos, lower = doc.to_array([POS, LOWER]).T.tolist()
    strings = doc.vocab.strings
    starters = {get_string_id(w) for w in SELON_WORDS + ("pour", "source", "sources")}
    words = {w for w in {w for p, w in zip(pos, lower) if p != VERB}
             if w in starters or maybe_speech_form(strings[w], cues)}
    hits = [i for i, (p, w) in enumerate(zip(pos, lower)) if p == VERB or w in words]
    for s_id, sent in enumerate(st.sents):
        for i in hits[bisect.bisect_left(hits, sent.start):bisect.bisect_left(hits, sent.end)]:
            tok = doc[i]
            if inside(tok.idx, direct_set) or i in st.used_verbs:
                continue
            _report_at(st, s_id, sent, tok, direct_set)


def _report_at(st: _Extraction, s_id: int, sent, tok, direct_set) -> None:
    """The « selon » attribution or the indirect report starting at ``tok``, if any."""
    doc, names, nouns, cues = st.doc, st.names, st.nouns, st.cues
    raws, used_verbs, min_words = st.raws, st.used_verbs, st.min_words
    found = attribution(doc, sent, tok, names, nouns, direct_set)
    if found is not None:
        cue, head, segs = found
        if segs:
            raws.append(_Raw("selon", segs, cue, head, s_id, s_id, tok.idx,
                             where="selon"))
            if cue == "apprendre" and tok.head.pos_ == "VERB":
                used_verbs.add(tok.head.i)
            verb = head.head
            if cue == "de source" and verb.pos_ == "VERB" and any(
                    c.lower_ == "on" and c.dep_ == "nsubj" for c in verb.children):
                used_verbs.add(verb.i)  # « De source judiciaire, on indique que »: one report
        return
    lemma = speech_lemma(tok, cues)
    if not lemma or tok.i in used_verbs or is_negated(tok) or not can_report(tok):
        return
    if tok.head.lemma_ == "vouloir" and lemma == "dire":
        return  # « vouloir dire » means « to mean »
    segs = None
    subj = subject_of(tok) if is_incise(tok) else None  # (found once, kept for the report)
    if subj is not None:
        segs = incise_content(doc, sent, tok)
    else:
        clause = content_clause(tok) or infinitive_content(tok)
        if clause is not None:
            start = clause_start(tok, clause)
            end = next_report(doc, start, clause_end(tok, clause), cues)
            seg = strip_span(doc, start, end)
            segs = [seg] if seg else None
    if not segs or sum(n_words(doc.char_span(a, b, alignment_mode="expand"))
                       for a, b in segs) < min_words:
        return
    subj = subj if subj is not None else subject_of(tok)
    raws.append(_Raw("indirect", segs, lemma, subj, s_id, s_id, tok.idx,
                     where=speaker_side(tok, subj)))


def _clip_selon(st: _Extraction) -> None:
    """« a indiqué que la priorité …, qui constitue selon lui « … » »: a « selon » inside the
    content of another report attributes only the clause it stands in, not the sentence
    (whose speaker would then count as reported words, out of reach of pronouns)."""
    raws, text = st.raws, st.text
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
        r.segments = [strip_chars(text, a, b) for a, b in clipped] or r.segments


def _merge_into_reports(st: _Extraction) -> None:
    """A direct quote inside the content of an indirect report of its sentence is part of
    that report (« a indiqué qu'il ne voterait « ni pour l'un ni pour l'autre » et
    qu'il appelait chacun à « voter en conscience » »: one unit, codebook)."""
    raws, direct_spans = st.raws, st.direct_spans
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
    st.raws = kept


def _speakers(st: _Extraction) -> list[_Raw]:
    """Resolve every quote's speaker, in reading order (``st.raws`` sorted so)."""
    doc, sents, names, nouns, text = st.doc, st.sents, st.names, st.nouns, st.text
    raws = st.raws
    raws.sort(key=lambda r: (r.first_sent, r.anchor))
    disc = Discourse(doc, sents, names, nouns, quoted=st.direct_spans)
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
            sp = _continued(st, r, sp, done, disc)
        if sp is not None and sp.pronoun:
            sp = _resolve_pronoun(sp, r, disc, " ".join(text[a:b] for a, b in r.segments))
        r.speaker = sp or UNKNOWN
        if r.speaker_head is not None and r.where != "continuation":
            disc.add(r.speaker, r.speaker_head, source=True)
        done.append(r)
    return done


def _continued(st: _Extraction, r: _Raw, sp, done: list[_Raw], disc: Discourse):
    """A direct quote with no cue continues the report just before it, direct or not, or
    is introduced by the sentence before it; returns its speaker (``sp`` otherwise)."""
    prev = done[-1] if done else None
    thus = thus_speaker(st.sents[r.last_sent + 1], st.cues) \
        if r.last_sent + 1 < len(st.sents) and not r.cue else None
    if thus is not None:
        # « « … » L'infirmière qui parle ainsi travaille … »: the sentence after says who
        # spoke
        verb, head = thus
        sp = disc.describe(head, speaking=True)
        if sp.rule == "description":  # defined by the quote, not a back-reference
            sp = disc.phrase(head)
        r.cue, r.where, r.speaker_head = verb, "next", head
    elif prev is not None and prev.last_sent >= r.first_sent - 1 and \
            prev.speaker.kind != "unknown":
        sp, r.cue, r.where = prev.speaker, "continuation", "continuation"
    elif r.first_sent > 0 and not r.cue:
        # « Elle insiste sur le rôle des parents. « On ne peut pas… » »: the
        # sentence before introduces the speaker
        intro = introducer(st.sents[r.first_sent - 1], st.cues, st.used_verbs)
        if intro is not None:
            verb, head = intro
            sp = disc.describe(head, speaking=True)
            if (sp.kind != "unknown" or sp.pronoun) and sp.name not in disc.deceased:
                r.cue, r.where, r.speaker_head = verb, "previous", head
            else:
                sp = None
    return sp


def _open_ended(done: list[_Raw]) -> None:
    """A quote running over paragraphs is often attributed only at its end:
    « … (paragraph) « … », a conclu X » gives X to the open-ended first part too."""
    for i in range(len(done) - 2, -1, -1):
        r, nxt = done[i], done[i + 1]
        if r.kind == nxt.kind == "direct" and r.open_ended and not r.cue and \
                nxt.first_sent == r.last_sent + 1 and nxt.speaker.kind != "unknown":
            r.speaker, r.cue, r.where = nxt.speaker, "continuation", "continuation"


def _rows(st: _Extraction, done: list[_Raw]) -> list[dict]:
    """One row per quote, in text order, with organisations under their fullest name."""
    text = st.text
    # only an organisation or an anonymous source can take a fuller name or an acronym's
    # (spelled_out leaves any other speaker as it is): no speaker of those kinds, no look-up
    bodies = any(r.speaker.kind in ("organisation", "anonymous") for r in done)
    brackets = bracket_acronyms(st.doc) if bodies else []
    full_names = organisation_names(st.doc, st.names, brackets) if bodies else {}
    acronyms = acronym_names(brackets, st.names) if bodies else ({}, [])
    rows = []
    for r in done:
        start = min(s for s, _ in r.segments)
        end = max(e for _, e in r.segments)
        quote = " … ".join(text[s:e] for s, e in r.segments)
        # an acronym the text spelled out in brackets first (rule ``acronym``), then the
        # organisation's fullest name
        sp = r.speaker if r.speaker.name in full_names and r.speaker.name not in acronyms[0] \
            else spelled_out(r.speaker, r.speaker_head if r.where != "continuation" else None,
                             acronyms)
        name = full_names.get(sp.name, sp.name) if sp.kind == "organisation" else sp.name
        rows.append({"sentence_id": r.first_sent, "quote": quote, "kind": r.kind,
                     "speaker": name if sp.kind != "unknown" else "",
                     "speaker_kind": sp.kind, "cue": r.cue, "speaker_text": sp.text,
                     "speaker_rule": speaker_rule(r.where, sp),
                     "last_sentence_id": r.last_sent, "start": start, "end": end,
                     "segments": list(r.segments)})
    rows.sort(key=lambda r: (r["sentence_id"], r["start"], r["kind"]))
    return rows


def _continues(raws, first_sent: int) -> bool:
    prev = next((p for p in reversed(raws) if p.kind == "direct"), None)
    return prev is not None and prev.last_sent >= first_sent - 1


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
                   gender=(sp.gender if ref.weak else "") or ref.gender or sp.gender,
                   rule="pronoun", head=sp.head)  # (« elle » says more than a first name)
