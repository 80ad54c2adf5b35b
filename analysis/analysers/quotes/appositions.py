"""A person's name hung on a speaker's role noun however the parser attached it: after the
phrase and a comma (« la maire de Paris, Anne Hidalgo »), after a title the tokenizer split
(« le lieutenant-colonel Arnaud Vidal »); and the words that may stand before a name
(civilities, titles)."""

from __future__ import annotations

from spacy.attrs import IS_TITLE, ORTH

from ..names import Mention, NameIndex, name_key
from ..syntax import glued_hyphen
from .marks import CLOSERS, OPENERS
from .nouns import human_word, paired_noun

CIVILITY = {"m.": "Masc", "monsieur": "Masc", "mme": "Fem", "madame": "Fem", "mlle": "Fem",
            "mademoiselle": "Fem"}


# Titles written before a name (« le Dr Mariam Ouattara », « Me Anne Roy »).
# (the civilities are the ones that also give a gender, kept once in CIVILITY)
NAME_TITLES = frozenset({"dr", "docteur", "docteure", "pr", "professeur", "professeure", "me",
                         "maitre", "mgr"}) | CIVILITY.keys()


def name_after_comma(head, toks, names: NameIndex):
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
            "VERB", "AUX", "PRON", "SCONJ", "CCONJ") and doc[end].text not in CLOSERS and \
            doc[end].text not in OPENERS and doc[end].text not in (".", ":", ";", '"'):
        end += 1
    if end + 1 >= len(doc) or doc[end].text != ",":
        return None
    # « sa coordonnatrice, le Dr Mariam Ouattara, … »: a determiner and a title may come first
    # or a role noun and its adjectives (« le co-auteur, le paléontologue espagnol Diego
    # Fernández, … »)
    k, nouns_seen = end + 1, 0
    while k < min(end + 6, len(doc) - 1) and names.at(doc[k]) is None and \
            (doc[k].pos_ == "DET" or name_key(doc[k].text) in NAME_TITLES or
             (doc[k].pos_ in ("NOUN", "ADJ") and doc[k].text.islower() and nouns_seen < 2)):
        nouns_seen += doc[k].pos_ in ("NOUN", "ADJ")
        k += 1
    m = names.at(doc[k])
    if m is None or not (m.label == "PER" or person_shaped(m)):
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


def name_after_compound(head, names: NameIndex):
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
        if not (glued_hyphen(t) or doc[j - 1].text == "-" or t.pos_ == "ADJ"):
            return None
        j += 1
    return None


def person_shaped(m: Mention) -> bool:
    """A mention the tagger did not label PER but that reads as a first name and a
    surname (« Caroline Gervais » tagged LOC): two or three capitalised words, no
    acronym, no « de »."""
    words = m.text.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() and w[1:2].islower() for w in words)


def lone_first_names(doc, names: NameIndex, nouns: dict[str, str]) -> list[Mention]:
    """First names the tagger missed, told by what the text sets beside them: an age
    (« Karim, 34 ans, ») or an indefinite noun for a person (« Denis, un retraité de
    Chomedey, »), as person mentions; a one-word mention the tagger read as a place or a
    body, followed by an age, is a person too (« confiait Françoise, 67 ans »).

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Au marché, Adjoua, 38 ans, vend du manioc.")
    >>> [m.entity for m in lone_first_names(d, NameIndex([]), {})]
    ['Adjoua']
    """
    out = []
    for m in names.mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if m.label != "PER" and span is not None and len(span) == 1 and \
                span.end + 2 < len(doc) and doc[span.end].text == "," and \
                doc[span.end + 1].like_num and doc[span.end + 2].lower_ == "ans":
            out.append(Mention(m.start, m.end, m.text, m.entity, "PER", m.actor))
    # only the capitalised words right before a comma (one array read)
    comma = doc.vocab.strings[","] if "," in doc.vocab.strings else None
    orth, title = doc.to_array([ORTH, IS_TITLE]).T
    before = ((orth[1:] == comma) & (title[:-1] == 1)).nonzero()[0].tolist() if comma else []
    for i in before:
        if i >= len(doc) - 3:
            break
        t = doc[i]
        if not (t.text[:1].isupper() and t.text[1:].replace("-", "").islower() and
                len(t.text) > 2 and t.pos_ in ("PROPN", "NOUN")) or \
                t.i in names.by_token or doc[t.i + 1].text != "," or \
                (t.i > 0 and doc[t.i - 1].pos_ in ("DET", "ADP")):
            continue
        nxt, then = doc[t.i + 2], doc[t.i + 3]
        age = nxt.like_num and then.lower_ == "ans"
        described = nxt.lower_ in ("un", "une") and then.pos_ in ("NOUN", "ADJ") and (
            nouns.get(then.lemma_.lower()) in ("anonymous", "role") or
            human_word(then.lower_) or paired_noun(then.lower_))
        if age or described:
            out.append(Mention(t.idx, t.idx + len(t.text), t.text, t.text, "PER", ""))
    return out
