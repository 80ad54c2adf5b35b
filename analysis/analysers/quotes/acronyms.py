"""Names given with their acronym in brackets (« le Centre intégré … de l'Outaouais
(CISSS-O) »): the acronym, and a speaker spoken of inside such a name, stand for the full
name (speaker rule ``acronym``)."""

from __future__ import annotations

import re
from dataclasses import replace

from ..names import NameIndex, name_key
from .speakers import Speaker

#: An acronym in brackets right after a name: « (FNAUT) », « (CISSS-AT) », « (Insee) ».
_BRACKET_ACRONYM = re.compile(r"\(\s*([A-ZÉÈ](?:[A-ZÉÈ0-9&-]{1,11}|[a-zéè]{2,6}))\s*\)")
#: Words an acronym leaves out (« Organisation mondiale de la santé » → OMS).
_ACRONYM_LINKS = frozenset({"de", "des", "du", "la", "le", "les", "l", "d", "et", "pour", "en",
                            "à", "au", "aux", "sur", "contre"})
_NAME_WORD = re.compile(r"[^\W\d_][\w-]*")


def _word_initials(word: str) -> tuple[str, ...]:
    """What a word may give an acronym: one letter per hyphenated part, or its first
    letter (« café-cacao » → CC or C); the longer first, so the name is the shortest."""
    parts = [p for p in word.split("-") if p]
    first = name_key(parts[0][:1]).upper()
    every = "".join(name_key(p[:1]).upper() for p in parts)
    return (first,) if every == first else (every, first)


def bracket_acronyms(text: str) -> list[tuple[int, int, str, str]]:
    """Names the text gives with their acronym in brackets: ``(start, end, acronym, name)``.

    The name is the run of words just before the bracket whose initials spell the
    acronym, « de », « la », « et » … left out (whatever the tagger made of them: « le
    Centre intégré de santé et de services sociaux de l'Outaouais (CISSS-O) », « l'agence
    régionale de santé (ARS) »); capitalised words right after the bracket belong to the
    name, with a « de » before them (« l'agence régionale de santé (ARS) Bretagne », « le
    service départemental d'incendie et de secours (Sdis) de l'Aude »). ``start``, ``end``
    cover the name, the bracket and that tail.

    Examples
    --------
    >>> bracket_acronyms("Selon la Fédération nationale des usagers des transports (FNUT), non.")
    [(9, 63, 'FNUT', 'Fédération nationale des usagers des transports')]
    >>> [a[3] for a in bracket_acronyms("L'agence régionale de santé (ARS) Bretagne appelle.")]
    ['agence régionale de santé Bretagne']
    >>> bracket_acronyms("Il habite Grenoble (Isère) depuis 2010.")
    []
    """
    out = []
    for m in _BRACKET_ACRONYM.finditer(text):
        acronym = m.group(1)
        letters = name_key(re.sub(r"[\W_]", "", acronym)).upper()
        # the words before the bracket, back to a punctuation mark
        before = text[max(0, m.start() - 200):m.start()]
        before = re.split(r"[.,;:!?«»“”()\"\n]", before)[-1]
        words = [(w.start() + m.start() - len(before), w.group())
                 for w in _NAME_WORD.finditer(before)]  # (« l'Outaouais »: « l », « Outaouais »)
        start = _spelled_start(words, letters)
        if start is None:
            continue
        tail = re.match(r"(?:\s+(?:d[eu]s?\s+|de\s+l'|d')?[A-ZÉÈ][\w-]+)+", text[m.end():])
        end = m.end() + (tail.end() if tail else 0)
        name = text[words[start][0]:m.start()].strip()
        if tail:
            name += tail.group()
        out.append((words[start][0], end, acronym, " ".join(name.split())))
    return out



def acronym_names(text: str, names: NameIndex) -> tuple[dict[str, str], list]:
    """The full name of each acronym given in brackets (:func:`bracket_acronyms`), and of
    each organisation or place mention that only ever opens such a name (« le Centre
    intégré … (CISSS-O) », whose « Centre » the tagger read as a place); with the spans.

    Examples
    --------
    >>> text = "Le Centre des usagers du rail (CUR) proteste. Le CUR a écrit."
    >>> from analysis.analysers.names import Mention
    >>> centre = Mention(3, 9, "Centre", "Centre", "LOC", "")
    >>> acronym_names(text, NameIndex([centre]))[0]
    {'CUR': 'Centre des usagers du rail', 'Centre': 'Centre des usagers du rail'}
    """
    spans = bracket_acronyms(text)
    full: dict[str, set] = {}
    for _, _, acronym, name in spans:
        full.setdefault(acronym, set()).add(name)
    starts, given = {a: name for a, _, _, name in spans}, set(full)
    for m in names.mentions:
        if m.label != "PER" and m.entity not in given:
            full.setdefault(m.entity, set()).add(starts.get(m.start, ""))
    return {k: v.pop() for k, v in full.items() if len(v) == 1 and "" not in v}, spans


def spelled_out(sp: Speaker, head, acronyms) -> Speaker:
    """An organisation speaker named by its acronym, or spoken of inside the name an
    acronym stands for (« L'agence régionale de santé (ARS) Bretagne appelle … »), by its
    full name (rule ``acronym``)."""
    if sp.kind not in ("organisation", "anonymous"):
        return sp
    full, spans = acronyms
    name = full.get(sp.name) if sp.kind == "organisation" else None
    if name is None and head is not None:
        name = next((n for a, b, _, n in spans if a <= head.idx < b), None)
    if name is None or name == sp.name:
        return sp
    return replace(sp, name=name, kind="organisation", rule="acronym")

def _spelled_start(words: list[tuple[int, str]], letters: str) -> int | None:
    """The index of the first word of the shortest run ending the list whose initials
    spell ``letters`` (link words may give nothing), or None."""
    def back(i: int, rest: str) -> int | None:
        if not rest:
            return i + 1 if i + 1 < len(words) and \
                words[i + 1][1].lower() not in _ACRONYM_LINKS else None
        if i < 0:
            return None
        w = words[i][1]
        if w.lower() in _ACRONYM_LINKS:
            found = back(i - 1, rest)
            if found is not None:
                return found
        for ini in _word_initials(w):
            if rest.endswith(ini):
                found = back(i - 1, rest[:-len(ini)])
                if found is not None:
                    return found
        return None
    return back(len(words) - 1, letters) if len(letters) >= 2 else None
