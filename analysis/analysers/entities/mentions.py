"""Step 1: the cleaned mentions of one parsed article, and the spans dropped (with a reason).

Reads the one parse (``doc.ents``: the model's PER / ORG / LOC / MISC plus the
entity ruler's ``EQUIP``); each span is cleaned (:mod:`.spans`) and read in
its context (:mod:`.rules`); a dateline's place is not a mention; untagged
repeats of a kept name are counted; capitals at a sentence start or in a
headline in title case are orthography, not evidence of a name
(:mod:`.headlines`).
"""

from __future__ import annotations

import bisect
import re

import pandas as pd
from spacy.attrs import ORTH
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from ...nlp import doc_text, word_classes
from ...tables import Table
from ...text import key as text_key
from . import lexicon
from .headlines import find_datelines, headline_pass, headline_sentences
from .lexicon import CAP_ARTICLES, is_common_word, nationalities
from .rules import context_rules, rule_on
from .spans import clean_span

#: Columns of the intermediate table :func:`raw_mentions` returns.
RAW_COLUMNS = ["article_id", "sentence_id", "start", "end", "text", "model_label", "rule_id", "country"]
DROPPED_COLUMNS = ["article_id", "sentence_id", "start", "end", "text", "label", "reason"]
_INTS = ("sentence_id", "start", "end")

_SENTENCE_ARTICLE = re.compile(r"(?:Le|La|Les) (?=\w)|L'(?=\w)")


def frame(rows: list[tuple], columns: list[str], dtypes: dict[str, str] | None = None) -> pd.DataFrame:
    """A table from row tuples: ``dtypes`` as given (default: the offsets are int64),
    every other column ``str``, also when there is no row.

    Examples
    --------
    >>> frame([], ["text", "start"]).dtypes.astype(str).tolist()
    ['str', 'int64']
    >>> frame([("a", 1.5)], ["x", "p"], {"p": "float64"}).dtypes.astype(str).tolist()
    ['str', 'float64']
    """
    return column_frame(to_columns(rows, columns), dtypes)


def column_table(columns: dict[str, list], dtypes: dict[str, str] | None = None) -> Table:
    """A :class:`~analysis.tables.Table` of column lists (the form the steps hand each other),
    typed as :func:`frame`: no type inference.

    Examples
    --------
    >>> column_table({"text": ["OTAN"], "start": [3], "label": ["ORG"]}).dtypes
    {'start': 'int64'}
    """
    return Table(columns, dict.fromkeys((c for c in _INTS if c in columns), "int64") if dtypes is None else dtypes)


def column_frame(columns: dict[str, list], dtypes: dict[str, str] | None = None) -> pd.DataFrame:
    """:func:`column_table` as a DataFrame.

    Examples
    --------
    >>> column_frame({"text": ["OTAN"], "start": [3], "label": ["ORG"]}).values.tolist()
    [['OTAN', 3, 'ORG']]
    """
    return column_table(columns, dtypes).frame


def to_columns(rows: list, columns: list[str]) -> dict[str, list]:
    """Row tuples (or row dicts, read by key; missing keys ``""``) as column lists.

    Examples
    --------
    >>> to_columns([("a", 1), ("b", 2)], ["x", "n"])
    {'x': ['a', 'b'], 'n': [1, 2]}
    >>> to_columns([{"x": "a"}], ["x", "n"])
    {'x': ['a'], 'n': ['']}
    """
    if rows and isinstance(rows[0], dict):
        return {c: [r.get(c, "") for r in rows] for c in columns}
    return dict(zip(columns, map(list, zip(*rows)))) if rows else {c: [] for c in columns}


def columns_of(table: pd.DataFrame, names=None) -> dict[str, list]:
    """Columns of ``table`` as plain lists (``names`` that it has, default all).

    Examples
    --------
    >>> columns_of(pd.DataFrame({"x": ["a"], "n": [1]}), ["n", "z"])
    {'n': [1]}
    """
    return {c: table[c].tolist() for c in (table.columns if names is None else names) if c in table}


def mention_columns(ctx) -> dict[str, list] | None:
    """The columns of ``ctx.tables["mentions"]`` as lists (None without the table).

    The entities analyser's table is its column lists; a DataFrame put there
    otherwise is read once (:meth:`analysis.tables.Tables.table`).

    Examples
    --------
    >>> from analysis.context import ArticleContext
    >>> ctx = ArticleContext("a", None, [], None)
    >>> ctx.tables["mentions"] = column_frame({"start": [3], "text": ["OTAN"]})
    >>> mention_columns(ctx)
    {'start': [3], 'text': ['OTAN']}
    """
    mentions = ctx.tables.table("mentions")
    return None if mentions is None else mentions.columns


def raw_mentions(doc, sents, article_id: str, propagate: bool = True, known_names=None,
                 datelines=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cleaned entity spans of a ``Doc`` and the spans dropped as debris.

    Parameters
    ----------
    doc : spacy.tokens.Doc
    sents : list of spacy.tokens.Span
        ``ctx.sents``; ``sentence_id`` is the index of the sentence holding the
        mention's start (``-1`` if none, e.g. inside whitespace).
    article_id : str
    propagate : bool
        Also count other occurrences of a kept name that the model missed
        (same tokens, outside any entity: "Washington – Les États-Unis ..."
        in a dateline when "Washington" is tagged later).
    known_names : set of str, optional
        :func:`~analysis.text.key` of names known across articles (default: the
        alias and actor tables); "Le Pentagone" at a sentence start becomes
        "Pentagone" when "pentagone" is known or tagged elsewhere.
    datelines : list of tuple, optional
        :func:`~.headlines.find_datelines` of ``doc`` if already found.

    Returns
    -------
    kept, dropped : pandas.DataFrame
        ``kept`` has :data:`RAW_COLUMNS`, ordered by ``start`` (``model_label`` is
        the label in the ``Doc``, ``""`` for a propagated occurrence; ``rule_id``
        the entity ruler's id or ``""``; ``country`` the country of a nationality
        adjective written right after the name, or ``""``); ``dropped`` has
        :data:`DROPPED_COLUMNS`.

    Examples
    --------
    >>> from analysis.nlp import parse, sentence_spans
    >>> d = parse("Selon l'OTAN, le S-400 pose problème.")
    >>> kept, dropped = raw_mentions(d, sentence_spans(d), "a")
    >>> kept[["text", "model_label"]].values.tolist()
    [['OTAN', 'ORG'], ['S-400', 'EQUIP']]
    """
    kept, dropped = mention_rows(doc, sents, article_id, propagate, known_names, datelines)
    return column_frame(to_columns(kept, RAW_COLUMNS)), column_frame(to_columns(dropped, DROPPED_COLUMNS))


def mention_rows(doc, sents, article_id: str, propagate: bool = True, known_names=None,
                 datelines=None) -> tuple[list[dict], list[dict]]:
    """The rows of :func:`raw_mentions` (same parameters) as dicts: ``kept, dropped``.

    Examples
    --------
    >>> from analysis.nlp import parse, sentence_spans
    >>> d = parse("Selon l'OTAN, le pays hésite.")
    >>> kept, dropped = mention_rows(d, sentence_spans(d), "a")
    >>> [(r["text"], r["start"]) for r in kept]
    [('OTAN', 8)]
    """
    known = lexicon.known_names(lexicon.load_aliases(), lexicon.load_actors()) if known_names is None \
        else known_names
    lines = find_datelines(doc, sents) if datelines is None else datelines
    sentence_of = _sentence_index(sents)
    after = _after_datelines(doc, lines)  # the word after a dateline opens the sentence ("RENNES – La Vilaine")
    ents = doc.ents  # a new tuple of spans on each access: read once
    kept, dropped, forms = _model_mentions(doc, ents, lines, after, sentence_of, article_id)
    if propagate and forms and rule_on("propagate"):
        kept += _repeats(doc, forms, ents, lines, sentence_of, article_id)
        kept.sort(key=lambda r: r["start"])
    heads = headline_sentences(doc, sents)
    # in a title-case headline every word is capitalised: an article there is orthography too
    head_words = {t.i for h in heads for t in h if t.text in CAP_ARTICLES}
    kept = _sentence_start_pass(doc, kept, dropped, known, after | head_words)
    kept = headline_pass(doc, kept, dropped, heads, known, lines, sentence_of, article_id)
    dropped.sort(key=lambda r: r["start"])
    return kept, dropped


def _sentence_index(sents):
    """Character offset -> index of the sentence holding it (-1 if none)."""
    starts = [s.start_char for s in sents]
    ends = [s.end_char for s in sents]

    def sentence_of(pos: int) -> int:
        k = bisect.bisect_right(starts, pos) - 1
        return k if k >= 0 and pos < ends[k] else -1

    return sentence_of


def _after_datelines(doc, lines) -> set[int]:
    """Tokens right after a dateline."""
    after = set()
    end = len(doc_text(doc))
    for _a, _b, e in lines:
        nxt = doc.char_span(e, min(e + 1, end), alignment_mode="expand")
        if nxt is not None and len(nxt):
            after.add(nxt[0].i)
    return after


def _model_mentions(doc, ents, lines, after, sentence_of, article_id: str):
    """Rows of the model's (and ruler's) spans: ``kept, dropped`` and the token texts of
    the kept model mentions (``forms``: tuple of token texts -> label)."""
    text = doc_text(doc)
    kept, dropped, forms = [], [], {}
    for ent in ents:
        rule_id = ent.ent_id_ or ""
        from_ruler = bool(rule_id) or ent.label_ == "EQUIP"
        label = ent.label_
        start, end, reason = clean_span(ent, label, from_ruler)
        if reason is None and not from_ruler:
            start, end, label, reason = context_rules(doc, start, end, label, after, text)
        row = {"article_id": article_id, "sentence_id": sentence_of(start), "start": start,
               "end": end, "text": text[start:end]}
        if reason is None and row["sentence_id"] < 0:
            reason = "outside any sentence"
        if reason is None and any(a <= start < b for a, b, _e in lines):
            reason = "dateline (the article's place)"
        if reason is not None:
            dropped.append({**row, "label": label, "reason": reason})
            continue
        kept.append({**row, "model_label": label, "rule_id": rule_id, "country": _country_after(doc, ent)})
        span = doc.char_span(start, end)
        if span is not None and not from_ruler:
            forms.setdefault(tuple(t.text for t in span), label)
    return kept, dropped, forms


def _country_after(doc, ent) -> str:
    """The country of a nationality adjective right after ``ent`` ("le Département d'État
    américain"), or ""."""
    nxt = doc[ent.end] if ent.end < len(doc) else None
    return nationalities().get(nxt.lower_, "") if nxt is not None and nxt.text.islower() else ""


def _repeats(doc, forms, ents, lines, sentence_of, article_id: str) -> list[dict]:
    """Rows of the untagged repeats of kept names (``model_label`` ``""``)."""
    text = doc_text(doc)
    out = []
    for span, label in other_occurrences(doc, forms, ents):
        start, end, reason = clean_span(span, label)
        sid = sentence_of(start)
        if reason is None and sid >= 0 and not any(a <= start < e for a, _b, e in lines):
            out.append({"article_id": article_id, "sentence_id": sid, "start": start, "end": end,
                        "text": text[start:end], "model_label": "", "rule_id": ""})
    return out


def other_occurrences(doc, forms: dict[tuple[str, ...], str], ents=None) -> list[tuple]:
    """Spans of ``doc`` outside any entity that repeat a kept name token for token.

    Found with a ``PhraseMatcher``; of overlapping repeats the longest is kept
    (``spacy.util.filter_spans``).  A one-token form at a sentence start counts
    only if tagged as a proper noun there (a capitalised common word is not the
    name).

    Parameters
    ----------
    forms : dict
        Token texts of a name -> its label.
    ents : tuple of spacy.tokens.Span, optional
        ``doc.ents`` if already read.

    Returns
    -------
    list of (spacy.tokens.Span, str)
        Each repeat and the label of its form.

    Examples
    --------
    >>> from analysis.nlp import parse
    >>> d = parse("Washington a parlé. Les États-Unis et Washington divergent.")
    >>> [(s.text, lab) for s, lab in other_occurrences(d, {("Washington",): "LOC"}, ents=())]
    [('Washington', 'LOC'), ('Washington', 'LOC')]
    """
    covered = bytearray(len(doc))
    for ent in (doc.ents if ents is None else ents):
        covered[ent.start:ent.end] = b"\x01" * (ent.end - ent.start)
    # a repeat starts on a word outside every entity: only the forms whose first word is
    # written there can have one (most names are tagged each time, and a pattern costs
    # more to add than the matcher takes to run)
    strings = doc.vocab.strings
    free = {orth for orth, inside in zip(doc.to_array(ORTH).tolist(), covered) if not inside}
    matcher = PhraseMatcher(doc.vocab)
    for form, label in forms.items():
        if strings[form[0]] in free:
            matcher.add(label, [Doc(doc.vocab, words=list(form))])
    if not len(matcher):
        return []
    found = [span for span in matcher(doc, as_spans=True) if not any(covered[span.start:span.end])
             and not (len(span) == 1 and span[0].is_sent_start and span[0].pos_ != "PROPN")]
    return [(span, span.label_) for span in filter_spans(found)]


def _sentence_start_pass(doc, kept: list[dict], dropped: list[dict], known, starts) -> list[dict]:
    """Capitals at a sentence start are orthography, not evidence of a name.

    "Le Pentagone" loses its article when the bare name is known (tagged elsewhere
    in the article, in the alias / actor tables, or written elsewhere without the
    article); a lone capitalised word that the lexicon knows as a common noun,
    adjective or verb and the tagger does not call a proper noun ("Réforme des
    retraites : ...", "Budget : ..."), or an adjective or participle set off by a
    comma ("Contactée, la mairie ...", "Émue, elle ..."), is dropped, whatever the
    model's label, unless the same word is tagged somewhere else than at a
    sentence start, is a word of a longer tagged name ("Macron" after "Emmanuel
    Macron") or is a known name.  ``starts``: other tokens that open a sentence
    (after a dateline, articles of a title-case headline).
    """
    all_keys = {text_key(r["text"]) for r in kept}
    text = doc_text(doc)
    spans = [doc.char_span(r["start"], r["end"], alignment_mode="expand") for r in kept]
    inside = _tagged_inside(kept, spans, starts)
    out = []
    for r, sp in zip(kept, spans):
        first = sp[0]
        if (first.is_sent_start or first.i in starts) and not r["rule_id"] and r["model_label"] != "EQUIP":
            m = _SENTENCE_ARTICLE.match(r["text"]) if rule_on("sentence_start_article") else None
            bare = text_key(r["text"][m.end():]) if m else ""
            if m and (bare in known or bare in all_keys
                      or _written_bare(text, r["text"][m.end():], r["start"] + m.end())):
                r["start"] += m.end()
                r["text"] = r["text"][m.end():]
            elif rule_on("drop_sentence_start_lexicon") and _orthographic_capital(doc, sp, r["text"], inside, known):
                dropped.append({k: r[k] for k in ("article_id", "sentence_id", "start", "end", "text")}
                               | {"label": r["model_label"], "reason": "capitalised word at a sentence start"})
                continue
        out.append(r)
    return out


def _tagged_inside(kept: list[dict], spans: list, starts) -> set[str]:
    """Keys of names tagged away from a sentence start, and the words of longer names."""
    inside = set()
    for r, sp in zip(kept, spans):
        key = text_key(r["text"])
        if not (sp[0].is_sent_start or sp[0].i in starts):
            inside.add(key)
        if " " in key:
            inside.update(key.split())
    return inside


def _orthographic_capital(doc, sp, text: str, inside: set[str], known) -> bool:
    """A lone sentence-initial word capitalised only by orthography: a common word of the
    lexicon the tagger does not call a proper noun, or a detached participle, that is
    neither tagged elsewhere nor a known name."""
    first, key = sp[0], text_key(text)
    return len(sp) == 1 and first.text.isalpha() and not first.text.isupper() \
        and (first.pos_ != "PROPN" and is_common_word(first.text) or _detached_participle(doc, first)) \
        and key not in inside and key not in known


def _written_bare(text: str, name: str, at: int) -> bool:
    """Is ``name`` written elsewhere in ``text`` without a capitalised article before it
    ("les crues de la Vilaine" after "La Vilaine est sortie de son lit")?"""
    for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
        if m.start() != at and not text[max(0, m.start() - 4):m.start()].endswith(("Le ", "La ", "Les ", "L'")):
            return True
    return False


def _detached_participle(doc, tok) -> bool:
    """An adjective or participle set off by a comma or an agent ("Émue, elle ...",
    "Interrogée par ..."): the lexicon knows it as an adjective or verb, not a noun."""
    classes = word_classes(tok.text)
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    return bool(classes) and "noun" not in classes and nxt is not None and nxt.text in (",", "par")
