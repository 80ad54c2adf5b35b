"""Step 2: canonical names, one label per entity, actors; the names as written.

* written forms are compared case-, accent- and hyphen-insensitively
  (:func:`analysis.text.key`); the alias table maps names across articles
  ("Kiev" -> "Kyiv", "Zelenskyy" -> "Zelensky"); inside an article a surname or
  partial name joins the one full person name it ends ("Erdogan" -> "Recep
  Tayyip Erdogan");
* one label per entity and article, from the strongest evidence (alias label >
  entity-ruler label > "part of a full person name" > majority of the labels,
  ties to the earliest mention);
* actors: the optional grouping of ``resources/actors.csv`` ("Washington" ->
  "États-Unis"); a government body named with a nationality adjective goes to
  its country; ungrouped entities are their own actor;
* a person mention is widened over the name words the model left out ("de
  Villepin") and the titles written before it ("M. Dupont", "général Foch"):
  the entity stays the name.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from ...nlp import doc_text
from ...text import key as text_key
from .headlines import capitals_to_title
from .lexicon import NAME_PARTICLES, has_role, is_title_token, load_actors, load_aliases, nationalities, word_aliases
from .mentions import column_frame, columns_of, to_columns
from .rules import rule_on

MENTION_COLUMNS = ["article_id", "sentence_id", "start", "end", "text", "entity", "label", "actor"]


@dataclass
class _Group:
    """The mentions of one written name (by key) while names are joined."""

    key: str
    words: tuple[str, ...]
    forms: Counter = field(default_factory=Counter)  # candidate display names
    canonical: str | None = None  # alias entity or ruler id
    pinned: str | None = None  # label forced by the alias table
    ruler_labels: Counter = field(default_factory=Counter)
    model_labels: Counter = field(default_factory=Counter)
    label_first: dict = field(default_factory=dict)  # model label -> offset where first given
    parent: str | None = None

    def display(self) -> str:
        if self.canonical:
            return self.canonical
        # most frequent; ties: the accented spelling ("États-Unis" over "Etats-Unis"), then first seen
        order = list(self.forms)
        return max(order, key=lambda f: (self.forms[f], sum(ord(c) > 127 for c in f), -order.index(f)))

    def is_person_name(self) -> bool:
        if len(self.words) < 2 or self.ruler_labels:
            return False
        if self.pinned:
            return self.pinned == "PER"
        top = max(self.model_labels.values(), default=0)
        return top > 0 and self.model_labels.get("PER", 0) == top


def resolve_mentions(raw: pd.DataFrame, aliases=None, actors=None) -> pd.DataFrame:
    """Canonical entity, consistent label and actor for cleaned mentions.

    Parameters
    ----------
    raw : pandas.DataFrame
        :data:`~.mentions.RAW_COLUMNS` (from :func:`~.mentions.raw_mentions`; ``country``
        may be left out), one article.
    aliases : mapping, optional
        From :func:`~.lexicon.load_aliases` (default: the packaged table).
    actors : mapping, optional
        From :func:`~.lexicon.load_actors` (default: the packaged table).

    Returns
    -------
    pandas.DataFrame
        :data:`MENTION_COLUMNS`, ordered by ``start``.

    Examples
    --------
    >>> raw = pd.DataFrame({"article_id": "a", "sentence_id": [0, 1, 2, 2],
    ...     "start": [0, 30, 60, 70], "end": [20, 37, 67, 74],
    ...     "text": ["Recep Tayyip Erdogan", "Erdogan", "Kremlin", "Kiev"],
    ...     "model_label": ["PER", "LOC", "LOC", "LOC"], "rule_id": ""})
    >>> for row in resolve_mentions(raw)[["text", "entity", "label", "actor"]].values.tolist():
    ...     print(row)
    ['Recep Tayyip Erdogan', 'Recep Tayyip Erdogan', 'PER', 'Recep Tayyip Erdogan']
    ['Erdogan', 'Recep Tayyip Erdogan', 'PER', 'Recep Tayyip Erdogan']
    ['Kremlin', 'Kremlin', 'ORG', 'Russie']
    ['Kiev', 'Kyiv', 'LOC', 'Ukraine']
    """
    columns = columns_of(raw)  # (``to_dict("records")`` is slower)
    return column_frame(resolve_rows([dict(zip(columns, values)) for values in zip(*columns.values())],
                                     aliases, actors))


def resolve_rows(raw: list[dict], aliases=None, actors=None) -> dict[str, list]:
    """:func:`resolve_mentions` of row dicts (:func:`~.mentions.mention_rows`): the
    :data:`MENTION_COLUMNS` as lists.

    Examples
    --------
    >>> resolve_rows([{"article_id": "a", "sentence_id": 0, "start": 0, "end": 4, "text": "Kiev",
    ...                "model_label": "LOC", "rule_id": ""}])["entity"]
    ['Kyiv']
    """
    aliases = load_aliases() if aliases is None else aliases
    actors = load_actors() if actors is None else actors
    rows = sorted(raw, key=lambda r: r["start"])  # stable
    groups, row_key = _group_names(rows, aliases)
    _join_names(groups)
    label_of = _labels(groups)
    one_label = rule_on("one_label")
    names: dict[str, tuple] = {}  # group key -> (root, entity, actor from the table), once per name
    out = []
    for r, k in zip(rows, row_key):
        if k not in names:
            rkey = _root(groups, k)
            e = groups[rkey].display()
            names[k] = rkey, e, actors.get(text_key(e))
        rkey, e, actor = names[k]
        label = label_of[rkey] if one_label or not r["model_label"] else r["model_label"]
        if actor is None and rule_on("government_actor"):
            actor = government_country(e, r.get("country") or None)
        out.append((r["article_id"], r["sentence_id"], r["start"], r["end"], r["text"], e, label, actor or e))
    return to_columns(out, MENTION_COLUMNS)


def _group_names(rows: list[dict], aliases) -> tuple[dict[str, _Group], list[str]]:
    """One group per written name (after aliases), and the group key of each row."""
    word_al = word_aliases(aliases)
    groups: dict[str, _Group] = {}
    row_key: list[str] = []
    for r in rows:
        rule_id, text, model_label = r["rule_id"], r["text"], r["model_label"]
        name, canonical, pinned = rule_id or text, bool(rule_id), None
        hit = aliases.get(text_key(name))
        if hit is not None:
            name, canonical, pinned = hit.entity, True, hit.label
        elif not canonical and " " in name:
            # one-word aliases inside longer names: "Volodymyr Zelenskyy" -> "Volodymyr Zelensky"
            name = " ".join(word_al.get(text_key(w), w) for w in name.split())
        key = text_key(name)
        g = groups.get(key)
        if g is None:
            g = groups[key] = _Group(key, tuple(key.split()))
        g.forms[name] += 1
        if canonical and g.canonical is None:
            g.canonical = name
        if pinned and g.pinned is None:
            g.pinned = pinned
        if rule_id or model_label == "EQUIP":
            g.ruler_labels[model_label] += 1
        elif model_label:  # propagated mentions (no label) do not vote
            g.model_labels[model_label] += 1
            g.label_first.setdefault(model_label, r["start"])
        row_key.append(key)
    return groups, row_key


def _root(groups: dict[str, _Group], key: str) -> str:
    while groups[key].parent is not None:
        key = groups[key].parent
    return key


def _ends(full: _Group, part: _Group) -> bool:
    n = len(part.words)
    return len(full.words) > n and full.words[-n:] == part.words


def _join_names(groups: dict[str, _Group]) -> None:
    """Set ``parent``: "le Kremlin" joins "Kremlin"; a partial person name joins the one
    full name it ends ("Sherman" -> "Wendy Sherman")."""
    for key, g in groups.items():
        if g.canonical or len(g.words) < 2 or g.words[0] not in ("le", "la", "les", "l"):
            continue
        rest = " ".join(g.words[1:])
        if rest in groups and rest != key:
            g.parent = rest
    persons = [g for g in groups.values() if g.parent is None and g.is_person_name()]
    person_ids = {id(g) for g in persons}
    for p in sorted(persons, key=lambda g: len(g.words)):
        longer = {id(f): f for f in persons if _ends(f, p)}
        tops = [f for f in longer.values() if not any(_ends(o, f) for o in longer.values())]
        if len(tops) == 1:
            p.parent = tops[0].key
    for g in groups.values():
        if g.parent is not None or id(g) in person_ids or g.ruler_labels or (g.pinned and g.pinned != "PER"):
            continue
        roots = {_root(groups, f.key) for f in persons if _ends(f, g)}
        if len(roots) == 1:
            g.parent = roots.pop()


def _labels(groups: dict[str, _Group]) -> dict[str, str]:
    """One label per root group, from the strongest evidence."""
    members: dict[str, list[_Group]] = {}
    for key in groups:
        members.setdefault(_root(groups, key), []).append(groups[key])
    label_of: dict[str, str] = {}
    for rkey, ms in members.items():
        top = groups[rkey]
        pins = [m.pinned for m in ms if m.pinned]
        ruler = Counter()
        for m in ms:
            ruler.update(m.ruler_labels)
        if top.pinned:
            label_of[rkey] = top.pinned
        elif ruler:
            label_of[rkey] = ruler.most_common(1)[0][0]
        elif top.is_person_name():
            label_of[rkey] = "PER"
        elif pins:
            label_of[rkey] = pins[0]
        else:
            firsts: dict[str, float] = {}
            for m in ms:
                for lab, pos in m.label_first.items():
                    firsts[lab] = min(firsts.get(lab, math.inf), pos)
            votes = Counter()
            for m in ms:
                votes.update(m.model_labels)
            label_of[rkey] = _vote(votes, firsts) if votes else "MISC"
    return label_of


def _vote(labels: Counter, first_label: dict[str, float]) -> str:
    top = max(labels.values())
    tied = [lab for lab, n in labels.items() if n == top]
    return min(tied, key=lambda lab: first_label.get(lab, math.inf))


def government_country(name: str, after: str | None = None) -> str | None:
    """The country a government body stands for: its name starts with a head noun of
    the ``government`` role and holds a nationality adjective, or is followed by one
    (``after``, the country of the adjective written just after the name).

    Examples
    --------
    >>> government_country("ministère turc des Affaires étrangères")
    'Turquie'
    >>> government_country("Département d'État", after="États-Unis")
    'États-Unis'
    >>> government_country("Compagnie maritime belge") is None
    True
    """
    words = name.split()
    if not words or not has_role(words[0], "government"):
        return None
    nat = nationalities()
    for w in words[1:]:
        if w in nat:  # lower case: an adjective, not "la Turquie"
            return nat[w]
    return after


def dateline_places(mentions: pd.DataFrame, lines, text: str, aliases, actors) -> list[dict]:
    """The place of each dateline with its canonical entity and actor (plain types).

    Parameters
    ----------
    mentions : pandas.DataFrame
        :data:`MENTION_COLUMNS` of the article: a place written as a mention takes its entity.
    lines : list of tuple
        :func:`~.headlines.find_datelines`.
    text : str
        The article's text.

    Examples
    --------
    >>> m = pd.DataFrame({"text": ["Kiev"], "entity": ["Kyiv"]})
    >>> dateline_places(m, [(0, 6, 9)], "ANKARA – Kiev", load_aliases(), load_actors())
    [{'text': 'ANKARA', 'start': 0, 'end': 6, 'entity': 'Ankara', 'actor': 'Turquie'}]
    """
    return place_rows(columns_of(mentions, ("text", "entity")), lines, text, aliases, actors)


def place_rows(mentions: dict[str, list], lines, text: str, aliases, actors) -> list[dict]:
    """:func:`dateline_places` of column lists (``text`` and ``entity``).

    Examples
    --------
    >>> place_rows({"text": [], "entity": []}, [(0, 5, 8)], "PARIS – Hier", load_aliases(), load_actors())[0]["entity"]
    'Paris'
    """
    forms = {}
    for written, entity in zip(mentions["text"], mentions["entity"]):
        forms.setdefault(text_key(written), entity)
        forms.setdefault(text_key(entity), entity)
    out = []
    for a, b, _e in lines:
        written = text[a:b]
        key = text_key(written)
        hit = aliases.get(key)
        entity = forms.get(key) or (hit.entity if hit else capitals_to_title(written))
        out.append({"text": written, "start": int(a), "end": int(b), "entity": entity,
                    "actor": actors.get(text_key(entity), entity)})
    return out


# --- the names as written --------------------------------------------------------------

def extend_partial_names(mentions: pd.DataFrame, doc) -> pd.DataFrame:
    """Widen a partial person mention over the name words written just before it.

    The model often leaves out a particle or a first part it did not recognise
    ("de Villepin" tagged "Villepin", "Le Drian" tagged "Drian"); when the
    canonical full name has those words right before the mention, they are
    included, so ``text`` shows the name as written.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Pour de Villepin, non.")
    >>> m = pd.DataFrame({"article_id": "a", "sentence_id": [0], "start": [8], "end": [16],
    ...     "text": ["Villepin"], "entity": ["Dominique de Villepin"], "label": ["PER"], "actor": ["x"]})
    >>> extend_partial_names(m, d)[["start", "text"]].values.tolist()
    [[5, 'de Villepin']]
    """
    if mentions.empty:
        return mentions
    return _with_starts(mentions, partial_names(columns_of(mentions, ("start", "end", "text", "entity", "label")),
                                                doc))


def partial_names(mentions: dict[str, list], doc) -> dict[str, list]:
    """:func:`extend_partial_names` of column lists (new ``start`` and ``text`` lists).

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> m = {"start": [8], "end": [16], "text": ["Villepin"], "entity": ["Dominique de Villepin"], "label": ["PER"]}
    >>> partial_names(m, parse("Pour de Villepin, non."))["text"]
    ['de Villepin']
    """
    starts, texts = list(mentions["start"]), list(mentions["text"])
    for n, (end, ent, lab) in enumerate(zip(mentions["end"], mentions["entity"], mentions["label"])):
        if lab == "PER":
            k = _name_words_before(doc, starts[n], end, texts[n], ent)
            if k is not None:
                starts[n] = doc[k].idx
                texts[n] = doc_text(doc)[starts[n]:end]
    return {**mentions, "start": starts, "text": texts}


def _name_words_before(doc, start: int, end: int, text: str, entity: str) -> int | None:
    """First token of the words of ``entity`` written right before the mention, or None."""
    ew, tw = text_key(entity).split(), text_key(text).split()
    if len(ew) <= len(tw) or ew[-len(tw):] != tw:
        return None
    span = doc.char_span(start, end)
    if span is None:
        return None
    need, k = ew[:-len(tw)], span.start
    while need and k > 0 and not doc[k].is_sent_start:
        t = doc[k - 1]
        tk = text_key(t.text).split()
        if not tk or t.ent_type_ or need[-len(tk):] != tk or not (
                t.text[:1].isupper() or t.lower_ in NAME_PARTICLES or t.lower_ == "d'"):
            break
        need, k = need[:-len(tk)], k - 1
    return k if k < span.start else None


def extend_titles(mentions: pd.DataFrame, doc) -> pd.DataFrame:
    """Widen person mentions over the titles written right before the name, with a
    "le"/"la" between two of them, as the impresso/HIPE newspaper guidelines do:
    "M. Dupont", "général Foch", "M. le professeur Gilliéron" (the entity stays the
    name: "Dupont", "Foch").

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Hier, M. le professeur Gilliéron a parlé au général Foch.")
    >>> m = pd.DataFrame({"article_id": "a", "sentence_id": 0, "start": [23, 52], "end": [32, 56],
    ...     "text": ["Gilliéron", "Foch"], "entity": ["Gilliéron", "Foch"], "label": "PER", "actor": "x"})
    >>> extend_titles(m, d)["text"].tolist()
    ['M. le professeur Gilliéron', 'général Foch']
    """
    if mentions.empty:
        return mentions
    return _with_starts(mentions, with_titles(columns_of(mentions, ("start", "end", "text", "label")), doc))


def with_titles(mentions: dict[str, list], doc) -> dict[str, list]:
    """:func:`extend_titles` of column lists (new ``start`` and ``text`` lists).

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> m = {"start": [28], "end": [32], "text": ["Foch"], "label": ["PER"]}
    >>> with_titles(m, parse("Hier, il a parlé au général Foch."))["text"]
    ['général Foch']
    """
    starts, texts = list(mentions["start"]), list(mentions["text"])
    taken = 0
    for n, (end, lab) in enumerate(zip(mentions["end"], mentions["label"])):
        if lab == "PER":
            span = doc.char_span(starts[n], end, alignment_mode="expand")
            k = _titles_before(doc, span.start if span is not None else 0, taken)
            if span is not None and k < span.start:
                starts[n] = doc[k].idx
                texts[n] = doc_text(doc)[starts[n]:end]
        taken = max(taken, end)
    return {**mentions, "start": starts, "text": texts}


def _with_starts(mentions: pd.DataFrame, moved: dict[str, list]) -> pd.DataFrame:
    """``mentions`` with the ``start`` and ``text`` columns of ``moved`` (itself when nothing moved)."""
    if moved["start"] == mentions["start"].tolist():
        return mentions
    return mentions.assign(start=pd.array(moved["start"], dtype="int64"), text=pd.array(moved["text"], dtype="str"))


def _titles_before(doc, k: int, taken: int) -> int:
    """First token of the titles written right before token ``k`` (``k`` if none), not
    before character ``taken`` (the end of the previous mention)."""
    while k > 0 and not doc[k].is_sent_start:
        prev = doc[k - 1]
        if prev.idx < taken:
            break
        if is_title_token(prev):
            k -= 1
        elif prev.lower_ in ("le", "la") and k >= 2 and is_title_token(doc[k - 2]) \
                and not doc[k - 1].is_sent_start:
            k -= 2
        else:
            break
    return k
