"""Bodies completed by what the article names: « la mairie » is the mairie of the town the
article names with a word of its family (rule ``place``), « la direction » the management of
the company it names after a noun for a firm or a site (rule ``company``). The head noun
must have no complement of its own (the caller checks)."""

from __future__ import annotations

from ..names import NameIndex
from .marks import inside

#: Local bodies (« la mairie ») and the family of words that name their place (« le maire
#: de Roubaix », « le conseil municipal de Villeurbanne », « la préfète de l'Aude »).
_LOCAL_BODIES = {"mairie": "commune", "municipalité": "commune", "commune": "commune",
                 "ville": "commune", "préfecture": "préfet", "département": "département",
                 "région": "région"}
_PLACE_WORDS = {**_LOCAL_BODIES, "maire": "commune", "municipal": "commune",
                "municipale": "commune", "ville": "commune", "préfet": "préfet",
                "préfète": "préfet", "préfectoral": "préfet", "départemental": "département",
                "départementale": "département", "régional": "région", "régionale": "région"}

#: « la direction »: the management of the company named after a noun for a firm or a site.
_MANAGEMENT = frozenset({"direction"})
_COMPANY_NOUNS = frozenset({"entreprise", "société", "groupe", "firme", "usine", "entrepôt",
                            "site", "enseigne", "compagnie", "constructeur", "laboratoire",
                            "chaîne", "magasin", "plateforme", "filiale"})


def local_place(doc, names: NameIndex, head) -> str | None:
    """« la mairie » after « le maire de Roubaix », « la préfecture » in an article
    that names « la préfète de l'Aude »: a local body without a complement is the body
    of the place the article names with a word of its family (maire, conseil
    municipal, préfet, conseil départemental …): « de Roubaix », the nearest before
    it, else the first after; None when the article names none.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> from analysis.analysers.names import name_index
    >>> d = parse("Le maire de Montauban a visité l'école. La mairie a indiqué que non.")
    >>> local_place(d, name_index(d), next(t for t in d if t.text == "mairie"))
    'de Montauban'
    """
    family = _LOCAL_BODIES.get(head.lemma_.lower()) or _LOCAL_BODIES.get(head.lower_)
    if family is None or head.text[:1].isupper():
        return None
    found = []
    for t in doc:
        if t.i == head.i or _PLACE_WORDS.get(t.lower_, _PLACE_WORDS.get(
                t.lemma_.lower())) != family:
            continue
        noun = t.head if t.pos_ == "ADJ" and t.dep_ == "amod" else t
        for c in noun.children:
            case = next((a for a in c.children if a.dep_ == "case" and
                         a.lower_ in ("de", "d'", "du")), None)
            m = names.at(c)
            if c.dep_ != "nmod" or c.i < noun.i or case is None or \
                    not c.text[:1].isupper() or (m is not None and m.label == "PER"):
                continue
            last = max([c.i] + [x.i for x in c.children if x.dep_ in ("flat:name", "flat")])
            found.append((t.i, doc[case.i:last + 1].text))
    before = [p for i, p in found if i < head.i]
    return before[-1] if before else (found[0][1] if found else None)


def named_company(doc, names: NameIndex, quoted, head) -> str | None:
    """« la direction » in an article about « l'entrepôt Logimax »: the management of
    the company the article names after a noun for a firm or a site (entreprise,
    société, groupe, usine, entrepôt …), the nearest before, else the first after.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> from analysis.analysers.names import name_index
    >>> d = parse("La grève continue à l'usine Renault de Flins. La direction a dit non.")
    >>> named_company(d, name_index(d), (), next(t for t in d if t.text == "direction"))
    'Renault'
    """
    if head.lemma_.lower() not in _MANAGEMENT:
        return None
    found = []
    for t in doc:
        if t.lemma_.lower() not in _COMPANY_NOUNS or t.i + 1 >= len(doc):
            continue
        m = names.at(doc[t.i + 1])
        if m is not None and m.label not in ("LOC", "GPE") and \
                not inside(t.idx, quoted):
            found.append((t.i, m.entity))
    before = [n for i, n in found if i < head.i]
    return before[-1] if before else (found[0][1] if found else None)
