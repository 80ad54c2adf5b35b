"""An impersonal « on » that speaks for someone: « Chez Renault, on assure que … » (the
body the opening phrase names), « Dans l'entourage du ministre, on affirme que … » (an
unnamed source), « On y dit … » (the body of the « on » just before)."""

from __future__ import annotations

from ..names import NameIndex
from .nouns import source_phrase
from .speakers import Speaker

#: Words opening « Chez X, on dit … », « Au cabinet du ministre, on indique … », « Dans
#: l'entourage de X, on assure … ».
_ON_AT = frozenset({"chez", "au", "aux", "à", "du", "auprès", "dans", "parmi"})
# What may stand before the phrase opening a clause (« … posture. » Chez LR, on …).
_CLAUSE_END = frozenset({".", "!", "?", "…", ";", ":", "»", "”", '"'})


def impersonal_speaker(head, index, names: NameIndex, nouns: dict[str, str],
                       back: bool = True) -> Speaker | None:
    """Who an impersonal « on » at ``head`` speaks for, or None.

    The phrase that opens its clause, up to the comma before « on », names it: an
    organisation (« Chez Renault, on assure », « Au sein du gouvernement, on indique »), or
    an unnamed source when its noun is one (« Dans l'entourage du président, on affirme »,
    « Dans les rangs de la majorité, on reconnaît »: rule ``anonymous``).  « On y dit … »
    speaks for the body of the « on » just before.  ``index``: the article's sentences
    (:class:`~analysis.analysers.quotes.marks.Sentences`).

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> from analysis.analysers.cues import load_source_nouns
    >>> from analysis.analysers.names import name_index
    >>> from analysis.analysers.quotes.marks import Sentences
    >>> d = parse("Dans l'entourage du président, on affirme que tout est prêt.")
    >>> sp = impersonal_speaker(d[6], Sentences(list(d.sents)), name_index(d), load_source_nouns())
    >>> sp.name, sp.kind, sp.rule
    ('entourage du président', 'anonymous', 'anonymous')
    """
    doc = head.doc
    sid = index.of_char(head.idx)
    if back and head.i + 1 < len(doc) and doc[head.i + 1].lower_ == "y":
        for s in (sid, sid - 1, sid - 2):
            if s < 0:
                break
            for t in reversed(index.sents[s]):
                if t.lower_ == "on" and t.i < head.i:
                    found = impersonal_speaker(t, index, names, nouns, back=False)
                    if found is not None:
                        return found
        return None
    start = index.sents[sid].start
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
        return _opening_phrase(head, t, [x for x in doc[k + 1:comma] if not x.is_space],
                               names, nouns)
    return None


def _opening_phrase(head, prep, phrase, names: NameIndex, nouns) -> Speaker | None:
    """The speaker the phrase after ``prep`` names: a body or an unnamed source."""
    # « du côté de X », « au sein de X »: X
    while len(phrase) > 2 and phrase[0].lower_ in ("côté", "sein") and \
            phrase[1].lower_ in ("de", "d'", "du", "des"):
        phrase = phrase[2:]
    if not phrase or any(x.pos_ in ("VERB", "AUX") for x in phrase):
        return None
    m = names.at(phrase[-1])
    noun = next((x for x in phrase if x.pos_ in ("NOUN", "PROPN")), None)
    kind = nouns.get(noun.lemma_.lower()) if noun is not None else None
    if kind == "anonymous":
        # « Dans l'entourage du ministre, on assure »: his circle, unnamed
        return Speaker(source_phrase(phrase), "anonymous", head.text, number="Sing",
                       rule="anonymous", head=head)
    if m is not None and m.label != "PER" and \
            (prep.lower_ == "chez" or m.label not in ("LOC", "GPE")):
        name = m.entity
    elif kind == "organisation":
        name = source_phrase(phrase)
    else:
        return None
    return Speaker(name, "organisation", head.text, number="Sing", rule="organisation",
                   head=head)
