"""Quotation marks and character spans: the quoted spans of a text, and the span helpers
the quote rules share (is an offset inside a quote, the sentence of an offset, the words
of a span, ranges without their spaces or punctuation)."""

from __future__ import annotations

import bisect
import re

from ..syntax import WORD

OPENERS = {"«": "»", "“": "”"}

CLOSERS = {v: k for k, v in OPENERS.items()}

# the characters find_quote_marks acts on (every other character is skipped at C speed)
_MARK_CHARS = re.compile('[\n"' + "".join(OPENERS) + "".join(CLOSERS) + "]")


def find_quote_marks(text: str) -> list[tuple[int, int, bool]]:
    """Top-level quoted spans in ``text`` as ``(open, end, closed)`` character offsets.

    ``open`` is the offset of the opening mark, ``end`` the offset just after the
    closing mark (or the end of the paragraph when a « or “ is left open there;
    ``closed`` is then False).  Marks nested inside a quote belong to it.  A straight
    ``"`` opens when no straight quote is open and closes otherwise; one left open
    at the end of a paragraph is ignored, as is a lone closing mark.

    Examples
    --------
    >>> t = 'Il a dit « oui “vraiment” ». Puis "non". Un « seul\\n\\nLa suite.'
    >>> [(t[a:b], closed) for a, b, closed in find_quote_marks(t)]
    [('« oui “vraiment” »', True), ('"non"', True), ('« seul', False)]
    >>> find_quote_marks('Un titre » sans ouverture')
    []
    """
    spans: list[tuple[int, int, bool]] = []
    stack: list[tuple[str, int]] = []

    def flush(pos: int) -> None:
        # an unclosed « or “ runs to the paragraph end; an unclosed straight quote is dropped
        if stack and stack[0][0] in OPENERS:
            spans.append((stack[0][1], pos, False))
        stack.clear()

    for found in _MARK_CHARS.finditer(text):
        i, ch = found.start(), found.group()
        if ch == "\n":
            flush(i)
        elif ch in OPENERS:
            stack.append((ch, i))
        elif ch in CLOSERS:
            opener = CLOSERS[ch]
            depth = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == opener), None)
            if depth is None:
                continue  # a lone closing mark
            del stack[depth + 1:]
            start = stack.pop()[1]
            if not stack:
                spans.append((start, i + 1, True))
        elif ch == '"':
            if stack and stack[-1][0] == '"':
                start = stack.pop()[1]
                if not stack:
                    spans.append((start, i + 1, True))
            else:
                stack.append(('"', i))
    # a straight quote still open at the end is not a quote; « or “ runs to the end
    flush(len(text))
    return spans


class Sentences:
    def __init__(self, sents):
        self.sents = sents
        self.starts = [s.start_char for s in sents]

    def of_char(self, pos: int) -> int:
        return max(bisect.bisect_right(self.starts, pos) - 1, 0)


class Spans:
    """Character spans merged and sorted once, so "is this offset inside one?" is a bisection.

    Long articles hold thousands of quotes; a linear scan per token made the
    analyser quadratic in the length of the text.

    Examples
    --------
    >>> s = Spans([(10, 20), (0, 5), (15, 30)])
    >>> [inside(p, s) for p in (3, 5, 12, 29, 30)]
    [True, False, True, True, False]
    """

    __slots__ = ("starts", "ends")

    def __init__(self, spans=()):
        merged: list[list[int]] = []
        for a, b, *_ in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]

    def __contains__(self, pos: int) -> bool:
        k = bisect.bisect_right(self.starts, pos) - 1
        return k >= 0 and pos < self.ends[k]


def inside(pos: int, spans) -> bool:
    if isinstance(spans, Spans):
        return pos in spans
    return any(a <= pos < b for a, b, *_ in spans)


def n_words(span) -> int:
    return sum(1 for t in span if not t.is_punct and WORD.search(t.text))


def has_verb(span) -> bool:
    return any(t.pos_ in ("VERB", "AUX") for t in span)


def strip_span(doc, a: int, b: int):
    """Token span [a, b) without surrounding punctuation (a closing mark whose opening
    mark is inside stays: « que la France « ne cédera pas » »); returns char range or None."""
    while a < b and (doc[a].is_punct or doc[a].is_space):
        a += 1
    while b > a and (doc[b - 1].is_punct or doc[b - 1].is_space):
        if doc[b - 1].text in CLOSERS and any(t.text == CLOSERS[doc[b - 1].text]
                                              for t in doc[a:b - 1]):
            break
        b -= 1
    if b <= a:
        return None
    return doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)


def cut_at_quotes(text: str, seg: tuple[int, int], spans) -> tuple[int, int]:
    """``seg`` cut where a direct quote it runs into begins; ``spans`` sorted by start."""
    a, b = seg
    k = bisect.bisect_right(spans, (a, float("inf")))
    while k < len(spans) and spans[k][0] < b:  # only the quotes that open inside the segment
        qa, qb = spans[k]
        if b < qb:
            b = qa
            break
        k += 1
    a, b = strip_chars(text, a, b)
    while b > a and text[b - 1] in ",;:–- ":
        b -= 1
    return a, b


def strip_chars(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b
