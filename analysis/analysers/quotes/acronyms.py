"""Names given with their acronym in brackets (« le Centre intégré … de l'Outaouais
(CISSS-O) »): the acronym, and a speaker spoken of inside such a name, stand for the full
name (speaker rule ``acronym``).  The brackets are found once, from the tokens, by
:func:`analysis.analysers.names.bracket_acronyms`, which the organisations' fullest names
use too."""

from __future__ import annotations

from dataclasses import replace

from ..names import Bracketed, NameIndex
from .speakers import Speaker


def acronym_names(brackets: list[Bracketed], names: NameIndex) -> tuple[dict[str, str], list]:
    """The full name of each acronym given in brackets and spelled by the name before it,
    and of each organisation or place mention that only ever opens such a name (« le
    Centre intégré … (CISSS-O) », whose « Centre » the tagger read as a place); with the
    spelled brackets.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> from analysis.analysers.names import Mention, bracket_acronyms
    >>> d = parse("Le Centre des usagers du rail (CUR) proteste. Le CUR a écrit.")
    >>> centre = Mention(3, 9, "Centre", "Centre", "LOC", "")
    >>> acronym_names(bracket_acronyms(d), NameIndex([centre]))[0]
    {'CUR': 'Centre des usagers du rail', 'Centre': 'Centre des usagers du rail'}
    """
    spelled = [b for b in brackets if b.name]
    full: dict[str, set] = {}
    for b in spelled:
        full.setdefault(b.acronym, set()).add(b.name)
    starts, given = {b.start: b.name for b in spelled}, set(full)
    for m in names.mentions:
        if m.label != "PER" and m.entity not in given:
            full.setdefault(m.entity, set()).add(starts.get(m.start, ""))
    return {k: v.pop() for k, v in full.items() if len(v) == 1 and "" not in v}, spelled


def spelled_out(sp: Speaker, head, acronyms) -> Speaker:
    """An organisation speaker named by its acronym, or spoken of inside the name an
    acronym stands for (« L'agence régionale de santé (ARS) Bretagne appelle … »), by its
    full name (rule ``acronym``)."""
    if sp.kind not in ("organisation", "anonymous"):
        return sp
    full, spans = acronyms
    name = full.get(sp.name) if sp.kind == "organisation" else None
    if name is None and head is not None:
        name = next((b.name for b in spans if b.start <= head.idx < b.end), None)
    if name is None or name == sp.name:
        return sp
    return replace(sp, name=name, kind="organisation", rule="acronym")
