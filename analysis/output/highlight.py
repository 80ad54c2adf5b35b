"""Tone evidence as HTML: the article (or one sentence) with scored words coloured.

:func:`highlight_html` returns a string, so it works in a notebook
(``IPython.display.HTML(highlight_html(...))``) and inside ``report.html``.
Every piece of article text is HTML-escaped: nothing in an article can inject
markup.  Colours follow a diverging blue (positive) / red (negative) scale whose
strength grows with ``|polarity|``; hovering a word shows its chunk, polarity,
subjectivity and the negation / modifier flags.  Only words that carry tone are
marked (a chunk of polarity 0 is left plain), and the whole-article view opens
with a colour key.
"""

from __future__ import annotations

import html

import pandas as pd

from ..viz import labels as L

_POS_RGB = (33, 102, 172)   # ColorBrewer RdBu ends: blue = positive
_NEG_RGB = (178, 24, 43)    # red = negative


def polarity_colour(polarity: float) -> str:
    """Background colour for a polarity in [-1, 1] (grey outline for 0).

    Examples
    --------
    >>> polarity_colour(1.0)
    'rgba(33, 102, 172, 0.70)'
    >>> polarity_colour(-0.5)
    'rgba(178, 24, 43, 0.45)'
    >>> polarity_colour(0.0)
    'rgba(128, 128, 128, 0.15)'
    """
    p = max(-1.0, min(float(polarity), 1.0))
    if p == 0:
        return "rgba(128, 128, 128, 0.15)"
    r, g, b = _POS_RGB if p > 0 else _NEG_RGB
    return f"rgba({r}, {g}, {b}, {0.2 + 0.5 * abs(p):.2f})"


def colour_key(lang: str = L.DEFAULT_LANG) -> str:
    """The colour key of the highlighted text, as an HTML paragraph.

    Examples
    --------
    >>> key = colour_key("en")
    >>> key.count("<mark"), "very negative" in key
    (4, True)
    """
    swatches = " ".join(
        f'<mark class="tone-key" style="background:{polarity_colour(p)};border-radius:3px;'
        f'padding:0 3px;color:inherit">{html.escape(L.text(k, lang))}</mark>'
        for p, k in ((-0.8, "tone_key.neg_strong"), (-0.3, "tone_key.neg"),
                     (0.3, "tone_key.pos"), (0.8, "tone_key.pos_strong")))
    return (f'<p class="cadrage-tone-key" style="font-size:0.85em">'
            f'{html.escape(L.text("tone_key.title", lang))} {swatches} '
            f'{html.escape(L.text("tone_key.hint", lang))}</p>')


def _mark(text: str, row) -> str:
    flags = [f for f, on in (("negated", row.negated), ("intensified", row.intensified)) if on]
    tip = (f"{row.words}: polarity {row.polarity:+.3f}, subjectivity {row.subjectivity:.3f}"
           + (f" ({', '.join(flags)})" if flags else ""))
    return (f'<mark class="tone" style="background:{polarity_colour(row.polarity)};'
            f'border-radius:3px;padding:0 1px;color:inherit" '
            f'title="{html.escape(tip, quote=True)}">{html.escape(text)}</mark>')


def _sentence_html(sent, ev: pd.DataFrame) -> str:
    text, base = str(sent.text), int(sent.start)
    out, pos = [], 0
    for row in ev.sort_values(["start", "end"]).itertuples(index=False):
        if row.polarity == 0:  # a word without tone is not highlighted
            continue
        a, b = int(row.start) - base, int(row.end) - base
        if a < pos or b > len(text) or a >= b:  # unknown (-1), overlapping or outside
            continue
        out.append(html.escape(text[pos:a]))
        out.append(_mark(text[a:b], row))
        pos = b
    out.append(html.escape(text[pos:]))
    return "".join(out)


def highlight_html(sentences: pd.DataFrame, evidence: pd.DataFrame, *,
                   sentence_id: int | None = None, method: str | None = None,
                   key: bool = True, lang: str = L.DEFAULT_LANG) -> str:
    """Render the article, or one sentence, with the chunks that carry tone coloured.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The ``sentences`` table (``sentence_id, paragraph_id, start, text``,
        optionally ``polarity``, ``is_title``).
    evidence : pandas.DataFrame
        The ``evidence`` table (``sentence_id, words, polarity, subjectivity,
        negated, intensified, start, end``, optionally ``method``).
    sentence_id : int, optional
        Render only this sentence (a ``<span>``); default: the whole article,
        one ``<p>`` per paragraph, the title as ``<h3>``.
    method : str, optional
        Which method's evidence to show when the table holds several (run
        with ``sentiment="all"``); default: the first one in the table.
    key : bool
        Open the whole-article view with the colour key (:func:`colour_key`).
    lang : {"fr", "en"}
        Language of the key.

    Returns
    -------
    str
        An HTML fragment; all article text is escaped.

    Examples
    --------
    >>> s = pd.DataFrame({"sentence_id": [0], "paragraph_id": [0], "start": [0],
    ...                   "text": ["Ce n'était pas clair <b>."]})
    >>> e = pd.DataFrame({"sentence_id": [0], "words": ["pas clair"], "polarity": [-0.14],
    ...                   "subjectivity": [0.1], "negated": [True], "intensified": [False],
    ...                   "start": [12], "end": [21]})
    >>> out = highlight_html(s, e, sentence_id=0)
    >>> "&lt;b&gt;" in out and "<b>" not in out, out.count("<mark")
    (True, 1)
    """
    ev = evidence
    if "method" in ev.columns and len(ev):
        ev = ev[ev["method"] == (method or ev["method"].iloc[0])]
    by_sent = {sid: g for sid, g in ev.groupby("sentence_id")}
    empty = ev.iloc[0:0]

    def one(sent) -> str:
        return _sentence_span(sent, by_sent.get(sent.sentence_id, empty))

    if sentence_id is not None:
        rows = sentences[sentences["sentence_id"] == sentence_id]
        if rows.empty:
            raise KeyError(f"no sentence {sentence_id}")
        return one(next(rows.itertuples(index=False)))
    parts = _blocks(sentences, one)
    if key:
        parts.insert(0, colour_key(lang))
    return '<div class="cadrage-tone" style="line-height:1.6">' + "\n".join(parts) + "</div>"


def _sentence_span(sent, ev: pd.DataFrame) -> str:
    """One sentence as a ``<span>`` (its polarity on hover), its scored words marked."""
    inner = _sentence_html(sent, ev)
    pol = getattr(sent, "polarity", None)
    tip = f' title="sentence {sent.sentence_id}: polarity {pol:+.3f}"' if pol is not None else ""
    return f'<span class="sentence" data-sentence-id="{int(sent.sentence_id)}"{tip}>{inner}</span>'


def _blocks(sentences: pd.DataFrame, render) -> list[str]:
    """The sentences rendered with ``render``, one ``<p>`` per paragraph, the title as ``<h3>``."""
    parts, current, para = [], [], None
    is_title = sentences["is_title"] if "is_title" in sentences else pd.Series(False, index=sentences.index)
    for sent, title in zip(sentences.itertuples(index=False), is_title):
        block = ("title", None) if title else ("p", sent.paragraph_id)
        if block != para and current:
            parts.append(_block(para, current))
            current = []
        para = block
        current.append(render(sent))
    if current:
        parts.append(_block(para, current))
    return parts


def _block(key, items: list[str]) -> str:
    tag = "h3" if key[0] == "title" else "p"
    return f"<{tag}>{' '.join(items)}</{tag}>"
