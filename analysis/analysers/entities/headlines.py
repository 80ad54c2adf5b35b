"""Datelines and headlines: where capitals say nothing about names.

* a dateline ("PARIS –", "Londres, 12 mai. —", "ANKARA, 14 octobre (AFP) –")
  opens a paragraph with the article's place: it is not a mention, and the
  word after it opens the sentence;
* in a headline written in title case or in capitals, every word is
  capitalised: a tagged span is kept only when the article confirms the name.
"""

from __future__ import annotations

import itertools
import re

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from ...nlp import doc_text
from ...text import key as text_key
from .lexicon import is_common_word
from .rules import rule_on

# --- the shape of a line -------------------------------------------------------------

def is_headline_case(words: list[str]) -> bool:
    """Words of a line written in title case or in capitals (not a sentence).

    Title case: at least two words of three letters or more after the first, all
    capitalised, one of them a common word of the lexicon ("Crues : La Vilaine
    Déborde À Guipry-Messac").  Capitals: every letter upper case, two words or more.

    Examples
    --------
    >>> is_headline_case("Grève Des Contrôleurs Aériens À Marseille".split())
    True
    >>> is_headline_case("LE ROI ÉDOUARD A PARIS".split())
    True
    >>> is_headline_case("Ankara convoque l'ambassadeur américain".split())
    False
    >>> is_headline_case("Emmanuel Macron et Olaf Scholz".split())
    False
    """
    alpha = [w for w in words if any(c.isalpha() for c in w)]
    if len(alpha) >= 2 and all(c.isupper() for w in alpha for c in w if c.isalpha()):
        return True
    content = [w for w in alpha[1:] if sum(c.isalpha() for c in w) >= 3]
    if len(content) < 2 or not all(w[:1].isupper() for w in content):
        return False
    return any(is_common_word(w.strip("'’")) for w in content if not w.isupper())


_PLACE_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’.]*(?:-[\w'’.]+)*"
_DATELINE = re.compile(
    rf"(?P<place>{_PLACE_WORD}(?:[ -](?:{_PLACE_WORD}|d[eu]|des|la|le|les|sur|en|d'|l'))*?)"
    r"(?P<rest>\s*(?:,\s*(?:le\s+)?\d{1,2}(?:er)?\s+[a-zéû]+\.?(?:\s+\d{4})?\.?|,\s*\d{1,2}(?:er)?\s+[a-zéû]+)?"
    r"\s*(?:\((?:[A-Z][\w.-]*(?:[ /,]+[A-Z][\w.-]*)*)\))?\s*[.,]?\s*)"
    r"(?P<dash>[–—]|-(?=\s))\s*(?=[«\"A-ZÀ-ÖØ-Þ0-9])")


def dateline(paragraph: str) -> tuple[int, int, int] | None:
    """The dateline that opens a paragraph: ``(place_start, place_end, end)`` or None.

    A place (one to four capitalised words), optionally a date and an agency in
    brackets, then a dash before a capitalised word: "PARIS – ...",
    "Londres, 12 mai. — ...", "ANKARA, 14 octobre (AFP) – ...".

    Examples
    --------
    >>> t = "ANKARA, 14 octobre (AFP) – Le ministère a convoqué l'ambassadeur."
    >>> s, e, end = dateline(t)
    >>> t[s:e], t[end:end + 2]
    ('ANKARA', 'Le')
    >>> t = "Londres, 12 mai. — On mande de Berlin que l'empereur quittera Potsdam."
    >>> t[slice(*dateline(t)[:2])]
    'Londres'
    >>> dateline("Emmanuel Macron a reçu Olaf Scholz – en visite – mardi.") is None
    True
    """
    m = _DATELINE.match(paragraph)
    if m is None:
        return None
    place = m.group("place")
    words = place.replace("-", " ").split()
    if len(words) > 5 or not place[:1].isupper():
        return None
    # without a date or agency, only a place in capitals or before an en/em dash
    if not m.group("rest").strip(" .,") and m.group("dash") == "-" and not place.isupper():
        return None
    return m.start("place"), m.end("place"), m.end()


def capitals_to_title(text: str) -> str:
    """Title case for a name written in capitals ("SAINT-DENIS" -> "Saint-Denis").

    Examples
    --------
    >>> capitals_to_title("SAINT-DENIS"), capitals_to_title("GENÈVE"), capitals_to_title("Paris")
    ('Saint-Denis', 'Genève', 'Paris')
    """
    if not text.isupper():
        return text
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), text)


# --- in a parsed article ---------------------------------------------------------------

def find_datelines(doc, sents) -> list[tuple[int, int, int]]:
    """``(place_start, place_end, end)`` of every dateline opening a paragraph (none when
    the ``dateline`` rule is off).

    Examples
    --------
    >>> from analysis.nlp import parse, sentence_spans
    >>> d = parse("PARIS – Le gouvernement a parlé.\\n\\nRENNES – La Vilaine déborde.")
    >>> [d.text[a:b] for a, b, _e in find_datelines(d, sentence_spans(d))]
    ['PARIS', 'RENNES']
    """
    if not rule_on("dateline"):
        return []
    out = []
    text = doc_text(doc)
    for s in sents:
        if s.start > 0 and "\n" not in doc[s.start - 1].text:
            continue
        stop = text.find("\n", s.start_char)
        hit = dateline(text[s.start_char:stop if stop >= 0 else len(text)])
        if hit is None:
            continue
        a, b, e = (s.start_char + x for x in hit)
        place = doc.char_span(a, b, alignment_mode="expand")
        if place is not None and len(place) >= 2 and all(t.ent_type_ == "PER" for t in place):
            continue  # "Jean-Luc Mélenchon – ..." opens with a person
        out.append((a, b, e))
    return out


def headline_sentences(doc, sents) -> list:
    """Sentences of a paragraph written as a headline in title case or capitals (no
    final punctuation): "Votation Fédérale : Les Suisses Rejettent L'initiative"; none
    when the ``title_case`` rule is off.

    Examples
    --------
    >>> from analysis.nlp import parse, sentence_spans
    >>> d = parse("Grève Des Contrôleurs Aériens À Marseille\\n\\nLes vols sont annulés.")
    >>> [s.text for s in headline_sentences(d, sentence_spans(d))]
    ['Grève Des Contrôleurs Aériens À Marseille']
    """
    if not rule_on("title_case"):
        return []
    text = doc_text(doc)
    out, verdict = [], {}
    for s in sents:
        a = text.rfind("\n", 0, s.start_char) + 1
        if a not in verdict:
            b = text.find("\n", s.start_char)
            line = text[a:b if b >= 0 else len(text)].strip()
            words = [w for w in (w.strip(".,;:!?«»\"()[]–—") for w in line.split()) if w]
            verdict[a] = bool(words) and line[-1:] not in (".", "!", "?", "…", ";") \
                and is_headline_case(words)
        if verdict[a]:
            out.append(s)
    return out


def headline_pass(doc, kept: list[dict], dropped: list[dict], heads: list, known: frozenset[str],
                  lines: list[tuple[int, int, int]], sentence_of, article_id: str) -> list[dict]:
    """In a headline in title case or capitals, capitals say nothing: a tagged span is kept
    only when the same name is found elsewhere in the article (or is a known name), and
    shrunk to that name when only part of it is ("Déborde À Guipry-Messac" ->
    "Guipry-Messac"); confirmed names the model missed there are counted ("PARIS").

    Parameters
    ----------
    kept, dropped : list of dict
        Mention rows; the dropped ones are appended to ``dropped``.
    heads : list of spacy.tokens.Span
        :func:`headline_sentences`.
    known : set of str
        Keys of names known across articles.
    lines : list of tuple
        :func:`find_datelines`: a dateline's place confirms a name, as a place.
    sentence_of : callable
        Character offset -> ``sentence_id``.

    Returns
    -------
    list of dict
        The kept rows, ordered by ``start``.
    """
    if not heads:
        return kept
    ranges = [(s.start_char, s.end_char) for s in heads]

    def in_head(pos: int) -> bool:
        return any(a <= pos < b for a, b in ranges)

    text = doc_text(doc)
    places = [(a, b) for a, b, _e in lines]
    outside = {text_key(r["text"]) for r in kept if not in_head(r["start"])}
    confirmed = outside | {text_key(text[a:b]) for a, b in places} | known
    place_keys = {text_key(text[a:b]) for a, b in places} - outside  # else the mentions decide
    out = _confirmed_in_headlines(doc, kept, dropped, in_head, confirmed, place_keys)
    out += _untagged_in_headlines(doc, out, heads, in_head, places, place_keys, sentence_of, article_id)
    out.sort(key=lambda r: r["start"])
    return out


def _confirmed_in_headlines(doc, kept, dropped, in_head, confirmed, place_keys) -> list[dict]:
    """The kept rows, a headline mention shrunk to its longest confirmed part or dropped."""
    out = []
    for r in kept:
        if not in_head(r["start"]) or r["rule_id"] or r["model_label"] == "EQUIP" \
                or text_key(r["text"]) in confirmed:
            out.append({**r, "model_label": "LOC"} if text_key(r["text"]) in place_keys else r)
            continue
        best = _longest_confirmed(doc.char_span(r["start"], r["end"], alignment_mode="expand"), confirmed)
        if best is not None:
            # the model's label was for the longer span: the name's other mentions decide
            out.append({**r, "start": best.start_char, "end": best.end_char, "text": best.text,
                        "model_label": "LOC" if text_key(best.text) in place_keys else ""})
        else:
            dropped.append({k: r[k] for k in ("article_id", "sentence_id", "start", "end", "text")}
                           | {"label": r["model_label"], "reason": "headline word not found elsewhere"})
    return out


def _longest_confirmed(sp, confirmed):
    """The longest (then leftmost) part of span ``sp``, shorter than it, that is a confirmed name, or None."""
    parts = (sp[a:b] for a, b in itertools.combinations(range(len(sp) + 1), 2) if b - a < len(sp))
    named = (p for p in parts if any(c.isalpha() for c in p.text) and text_key(p.text) in confirmed)
    return min(named, key=lambda p: (-len(p), p.start), default=None)


def _untagged_in_headlines(doc, out, heads, in_head, places, place_keys, sentence_of, article_id) -> list[dict]:
    """Confirmed names written in a headline but not tagged there ("LE PROCÈS DE RENNES");
    of overlapping ones the longest (``spacy.util.filter_spans``)."""
    forms = {tuple(t.text for t in doc.char_span(a, b, alignment_mode="expand"))
             for a, b in [(r["start"], r["end"]) for r in out if not in_head(r["start"])] + places}
    if not forms:
        return []
    matcher = PhraseMatcher(doc.vocab, attr="LOWER")
    matcher.add("NAME", [Doc(doc.vocab, words=list(f)) for f in forms])
    taken = [(r["start"], r["end"]) for r in out]
    found = [span for s in heads for span in matcher(s, as_spans=True)  # spans of the Doc
             if any(c.isupper() for c in span.text)
             and not any(x < span.end_char and span.start_char < y for x, y in taken)]
    return [{"article_id": article_id, "sentence_id": sentence_of(span.start_char), "start": span.start_char,
             "end": span.end_char, "text": span.text,
             "model_label": "LOC" if text_key(span.text) in place_keys else "", "rule_id": ""}
            for span in filter_spans(found)]
