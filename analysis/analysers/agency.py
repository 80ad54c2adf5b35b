"""Who acts on whom: the agency analyser.

For each actor (the ``actor`` column of ``mentions`` when the entities analyser
ran, else the entity, from the article's shared name index
:func:`~analysis.analysers.names.article_names`), how often it is the grammatical
agent (subject of an active verb, « par » agent of a passive), the patient
(object, passive subject) or the recipient (indirect object, « à » argument),
read from the dependency parse of the shared ``Doc``.

See ``docs/framing.md`` for the tables, columns and limits.
"""

from __future__ import annotations

from ..tables import Table, rows_table
from .matching import sentence_lookup
from .names import article_names
from .syntax import inverted_subject, is_incise

#: Columns of the ``agency`` and ``agency_evidence`` tables.
AGENCY_COLUMNS = ["article_id", "actor", "agent", "patient", "recipient", "n_roles", "agent_share"]
AGENCY_EVIDENCE_COLUMNS = ["article_id", "sentence_id", "actor", "entity", "role", "verb", "text"]
ROLES = ("agent", "patient", "recipient")

_CLIMB = ("appos", "flat:name", "flat", "fixed", "nmod:appos")


def _mention_head(doc, m):
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return None
    return span.root


def _passive(verb) -> bool:
    return any(c.dep_ == "aux:pass" for c in verb.children)


def _role(h):
    """(role, verb) for an argument head ``h``, or None."""
    v = h.head
    if v.i == h.i or v.pos_ != "VERB":
        return None
    dep = h.dep_
    cases = {c.lemma_.lower() for c in h.children if c.dep_ == "case"}
    if dep == "nsubj":
        return ("patient" if _passive(v) else "agent"), v
    if dep == "nsubj:pass":
        return "patient", v
    if dep == "obj":
        inv = inverted_subject(v) if is_incise(v) else None
        if inv is not None and inv.i == h.i:
            return "agent", v  # « …, a déclaré Ankara »
        return "patient", v
    if dep == "iobj":
        return "recipient", v
    if dep == "obl:agent" or (dep.startswith("obl") and "par" in cases and _passive(v)):
        return "agent", v
    if dep == "obl:arg" and cases & {"à", "au", "aux"}:
        return "recipient", v
    if dep == "xcomp" and h.pos_ == "PROPN":
        return "patient", v  # a proper-noun object misread as a predicate
    return None


def agency_roles(doc, sents, names) -> list[dict]:
    """Grammatical roles of each actor mention: ``sentence_id, actor, entity, role, verb, text``.

    A mention counts through its syntactic head; a name in apposition takes the
    role of the noun it names (« le président turc Recep Tayyip Erdogan a dit »);
    a coordinated noun shares its first conjunct's role; a subject also acts in
    coordinated verbs without their own subject; « qui » passes its role to its
    antecedent.  Equipment (``EQUIP``) is not an actor.  One actor counts once
    per verb and role.

    Examples
    --------
    >>> from analysis.nlp import parse, sentence_spans
    >>> from analysis.analysers.names import name_index
    >>> d = parse("Washington a demandé à Ankara de renoncer.")
    >>> roles = agency_roles(d, sentence_spans(d), name_index(d))
    >>> [(r["actor"], r["role"], r["verb"]) for r in roles]
    [('Washington', 'agent', 'demander'), ('Ankara', 'recipient', 'demander')]
    """
    sent_of = sentence_lookup(doc, sents)
    out = []
    seen = set()
    for m in names.mentions:
        if m.label == "EQUIP":
            continue
        h = _mention_head(doc, m)
        if h is None or sent_of[h.i] < 0:
            continue
        actor = m.actor or m.entity
        for role, verb in _mention_roles(_argument_head(h)):
            key = (actor, verb.i, role)
            if key not in seen:
                seen.add(key)
                out.append({"sentence_id": sent_of[h.i], "actor": actor, "entity": m.entity,
                            "role": role, "verb": verb.lemma_.lower(), "text": m.text, "_pos": m.start})
    out.sort(key=lambda r: (r["sentence_id"], r["_pos"], ROLES.index(r["role"])))
    for r in out:
        del r["_pos"]
    return out


def _argument_head(h):
    """The token that holds the mention's role: up from a name in apposition or inside a
    name, then to the first conjunct of coordinated nouns."""
    while h.dep_ in _CLIMB and h.head.i != h.i:
        h = h.head
    while h.dep_ == "conj" and h.head.pos_ in ("NOUN", "PROPN", "PRON") and h.head.i != h.i:
        h = h.head
    return h


def _mention_roles(h) -> list[tuple]:
    """``(role, verb)`` pairs of the argument head ``h``, in the order they are counted."""
    found = []
    r = _role(h)
    if r is not None:
        found.append(r)
    # « Erdogan, qui a affirmé … »: the antecedent acts in the relative clause
    for c in h.children:
        if c.dep_ == "acl:relcl" and c.pos_ == "VERB":
            rel = next((s for s in c.children if s.dep_ in ("nsubj", "nsubj:pass")
                        and s.lower_ == "qui"), None)
            if rel is not None:
                found.append(("patient" if rel.dep_ == "nsubj:pass" or _passive(c)
                              else "agent", c))
    out = []
    for role, verb in found:
        out.append((role, verb))
        if role == "agent":  # « ont imposé … et ont retiré Ankara »
            out.extend(("agent", c) for c in verb.children
                       if c.dep_ == "conj" and c.pos_ == "VERB"
                       and not any(s.dep_.startswith("nsubj") for s in c.children))
    return out


def agency_rows(roles: list[dict], names) -> list[dict]:
    """One row dict per actor: ``actor``, the count of each role, ``n_roles`` and
    ``agent_share`` (``agent / n_roles``, NaN when the actor has no role); zeros kept
    for actors mentioned but never in a role.  Ordered by agent count, then number of
    roles, then actor name.

    Examples
    --------
    >>> from analysis.analysers.names import NameIndex, Mention
    >>> idx = NameIndex([Mention(0, 5, "Paris", "Paris", "LOC", "France")])
    >>> agency_rows([], idx)
    [{'actor': 'France', 'agent': 0, 'patient': 0, 'recipient': 0, 'n_roles': 0, 'agent_share': nan}]
    """
    actors = list(dict.fromkeys((m.actor or m.entity) for m in names.mentions
                                if m.label != "EQUIP"))
    counts = {a: dict.fromkeys(ROLES, 0) for a in actors}
    for r in roles:
        counts.setdefault(r["actor"], dict.fromkeys(ROLES, 0))[r["role"]] += 1
    rows = []
    for actor, c in counts.items():
        n = sum(c.values())
        rows.append({"actor": actor, **c, "n_roles": n,
                     "agent_share": c["agent"] / n if n else float("nan")})
    rows.sort(key=lambda r: (-r["agent"], -r["n_roles"], r["actor"]))
    return rows


def agency_tables(roles: list[dict], names, article_id: str,
                  rows: list[dict] | None = None) -> tuple[Table, Table]:
    """``agency`` (:func:`agency_rows`) and ``agency_evidence`` (one row per role found).

    ``rows`` is ``agency_rows(roles, names)`` when the caller already has it.

    Examples
    --------
    >>> from analysis.analysers.names import NameIndex, Mention
    >>> idx = NameIndex([Mention(0, 5, "Paris", "Paris", "LOC", "France")])
    >>> roles = [{"sentence_id": 0, "actor": "France", "entity": "Paris", "role": "agent",
    ...           "verb": "dire", "text": "Paris"}]
    >>> agency = agency_tables(roles, idx, "a")[0]
    >>> agency.frame[["actor", "agent", "n_roles", "agent_share"]].values.tolist()
    [['France', 1, 1, 1.0]]
    """
    agency = rows_table(article_id, agency_rows(roles, names) if rows is None else rows, {
        "actor": "str", "agent": "int64", "patient": "int64", "recipient": "int64",
        "n_roles": "int64", "agent_share": "float64"})
    ev = rows_table(article_id, roles, {
        "sentence_id": "int64", "actor": "str", "entity": "str", "role": "str", "verb": "str",
        "text": "str"})
    return agency, ev


def summarise_agency(rows: list[dict], top: int = 5) -> dict:
    """The ``agency`` block of ``summary.json`` from :func:`agency_rows` (read before the
    table is built: reading a fresh table's columns back costs more than counting):
    the most active actors (by agent count).

    Examples
    --------
    >>> summarise_agency([{"actor": "France", "agent": 1, "patient": 0, "recipient": 2}])["n_roles"]
    {'agent': 1, 'patient': 0, 'recipient': 2}
    """
    active = [{"actor": str(r["actor"]), "agent": int(r["agent"]), "patient": int(r["patient"]),
               "recipient": int(r["recipient"])}
              for r in rows if r["agent"] > 0]
    return {
        "n_actors": len(rows),
        "n_roles": {role: int(sum(r[role] for r in rows)) for role in ROLES},
        "most_active": active[:top],
    }


# --- analyser ----------------------------------------------------------------------------

def run(ctx) -> None:
    """Add the ``agency`` and ``agency_evidence`` tables and the ``agency`` summary block.

    Examples
    --------
    >>> from analysis.article import analyse_text
    >>> res = analyse_text("Washington a demandé à Ankara de renoncer aux missiles.")
    >>> res.tables["agency_evidence"][["entity", "role", "verb"]].values.tolist()
    [['Washington', 'agent', 'demander'], ['Ankara', 'recipient', 'demander']]
    """
    names = article_names(ctx)
    roles = agency_roles(ctx.doc, ctx.sents, names)
    rows = agency_rows(roles, names)
    ctx.tables["agency"], ctx.tables["agency_evidence"] = agency_tables(roles, names, ctx.article_id, rows)
    ctx.summary["agency"] = summarise_agency(rows)
