"""Pure text -> text cleaning, with a log of everything removed and why.

Nothing here loads a model.  :func:`clean_text` chains the steps below and
returns a :class:`Cleaned` record: the cleaned text (paragraphs separated by a
blank line, the title as paragraph 0), the detected title and every removal
with its reason and input line, so that nothing disappears silently.

Boilerplate rules are data: ``resources/boilerplate.tsv`` (tab-separated ``scope, reason,
max_words, pattern``), which users can extend or replace (``patterns=``).
``line`` rules drop a whole short line that matches; ``tail`` rules drop
sentences at the end of the last paragraph (a subscription pitch glued onto
the article).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import ftfy

from . import config
from .resource_files import read_rows
from .tables import Table, rows_table
from .text import CharMap, key

BOILERPLATE_FILE = config.RESOURCES_DIR / "boilerplate.tsv"


@dataclass
class Cleaned:
    """A cleaned article.

    Attributes
    ----------
    text : str
        Cleaned text: the title (if any) then the body paragraphs, separated by
        ``"\\n\\n"``.
    title : str or None
    paragraph_starts : list of int
        Offset of each paragraph in ``text``.
    title_end : int
        End offset of the title paragraph (0 when there is no title).
    removed : list of dict
        ``{"line", "text", "reason"}`` for every removal.
    """

    text: str
    title: str | None
    paragraph_starts: list[int]
    title_end: int
    removed: list[dict] = field(default_factory=list)


# --- normalisation -----------------------------------------------------------

_FTFY = ftfy.TextFixerConfig(uncurl_quotes=False, fix_line_breaks=True, normalization="NFC")
# invisible characters (controls and format characters), the line break kept
_VISIBLE = CharMap(lambda c: c == "\n" or unicodedata.category(c) not in ("Cc", "Cf"))
_TRANSLATE = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201b": "'", "\u00b4": "'", "\u2032": "'",
    "\u2010": "-", "\u2011": "-", "\u2212": "-",
    "\u2012": "\u2013", "\u2014": "\u2013", "\u2015": "\u2013",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\u2002": " ", "\u2003": " ",
    "\u2004": " ", "\u2005": " ", "\u2006": " ", "\u2008": " ", "\u200a": " ", "\u3000": " ",
    "\t": " ",
    "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None, "\u00ad": None, "\x00": None,
})


def repair_encoding(text: str) -> str:
    """Repair mojibake ("Ã©" -> "é") and unify line ends to ``\\n``.

    Examples
    --------
    >>> repair_encoding("Les Ã‰tats-Unis\\r\\nont")
    'Les États-Unis\\nont'
    """
    text = ftfy.fix_text(text, config=_FTFY)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def normalize_typography(text: str) -> str:
    """Normalise apostrophes, spaces and dashes for analysis; keep « » and “ ”.

    Typographic apostrophes become ``'`` (so spaCy and the lexicons see "l'"),
    non-breaking and thin spaces a plain space, dash variants ``-`` or ``–``;
    invisible characters are dropped and space runs folded.

    Examples
    --------
    >>> normalize_typography("L\\u2019Ukraine\\u00a0: «\\u202fnon\\u202f» \\u2014 dit-il")
    "L'Ukraine : « non » – dit-il"
    """
    text = text.translate(_TRANSLATE).translate(_VISIBLE)
    return re.sub(r" {2,}", " ", text)


# A full stop glued to the capitalised word that follows: "F-35.Ankara".
_GLUED = re.compile(r"(?<=[\w)»\"'])\.(?=[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ])")
_URLISH = re.compile(r"(://|^www\.|@|\.(com|fr|org|net|be|ch|ca|info|io)\b)", re.I)


def split_glued_sentences(text: str) -> str:
    """Insert the missing space in "F-35.Ankara", leaving "S-400", "3.5", "M.Dupont"
    initials ("J.R.R.") and URLs alone.

    Examples
    --------
    >>> split_glued_sentences("du programme F-35.Ankara a dit. Voir www.Exemple.fr ou J.R.R. Tolkien, 3.5 M.")
    'du programme F-35. Ankara a dit. Voir www.Exemple.fr ou J.R.R. Tolkien, 3.5 M.'
    """
    def fix(m: re.Match) -> str:
        start = text.rfind(" ", 0, m.start()) + 1
        end = text.find(" ", m.end())
        token = text[start: end if end != -1 else len(text)]
        before = text[start: m.start()]
        # initials and abbreviations ("M.", "J.R.R.") have one letter before the dot
        if len(before.strip("(«\"'")) < 2 or "." in before or _URLISH.search(token):
            return m.group(0)
        return ". "

    return _GLUED.sub(fix, text)


_STRAY_BEFORE_COMMA = re.compile(r"(?<=\w)\s*\.\s+(?=,)")
_STRAY_PERIOD = re.compile(r"(?<=[.!?…»])\s+\.(?=\s|$)")


def remove_stray_punctuation(text: str) -> tuple[str, list[str]]:
    """Drop scraping debris such as "médiation. . Mais" or "Stein. , directeur".

    Returns the repaired text and the removed pieces.

    Examples
    --------
    >>> remove_stray_punctuation("une médiation. . Mais Stein. , directeur")
    ('une médiation. Mais Stein, directeur', ['.', '.'])
    """
    removed: list[str] = []

    def drop(m: re.Match) -> str:
        removed.append(m.group(0).strip())
        return ""

    text = _STRAY_BEFORE_COMMA.sub(drop, text)
    text = _STRAY_PERIOD.sub(drop, text)
    return text, removed


# --- boilerplate -------------------------------------------------------------

@dataclass(frozen=True)
class Rule:
    """One boilerplate rule (a row of the pattern file)."""

    scope: str
    reason: str
    max_words: int
    regex: re.Pattern


def load_rules(path: str | Path | None = None) -> tuple[Rule, ...]:
    """Read boilerplate rules from a TSV (``scope, reason, max_words, pattern``).

    Examples
    --------
    >>> rules = load_rules()
    >>> sorted({r.scope for r in rules})
    ['line', 'tail']
    """
    return _load_rules(str(path or BOILERPLATE_FILE))


@functools.lru_cache(maxsize=8)
def _load_rules(path: str) -> tuple[Rule, ...]:
    return tuple(Rule(r["scope"], r["reason"], int(r["max_words"] or 0), re.compile(r["pattern"], re.I))
                 for r in read_rows(path, "\t"))


def _n_words(s: str) -> int:
    return len(re.findall(r"\w+", s))


def match_line(line: str, rules) -> str | None:
    """Reason why a whole line is boilerplate, or None.

    Examples
    --------
    >>> match_line("Share Post:", load_rules())
    'share button'
    >>> match_line("Le Partage des eaux est un roman.", load_rules()) is None
    True
    """
    s = line.strip()
    if s and not re.search(r"\w", s):
        return "no words"
    n_words = _n_words(s)
    for r in rules:
        if r.scope == "line" and n_words <= r.max_words and r.regex.fullmatch(s):
            return r.reason
    return None


# Sentence ends for the cheap split used on the tail only (the real split is spaCy's).
_SENT_END = re.compile(r"(?<=[.!?…])\s+(?=[^\s»”])|(?<=[.!?…][»”])\s+|(?<=[.!?…] [»”])\s+")


def strip_tail(paragraph: str, rules) -> tuple[str, list[tuple[str, str]]]:
    """Remove calls to action glued onto the end of a paragraph.

    Walks back from the last sentence while sentences match a ``tail`` rule
    (or hold no lower-case word, like "ABONNEZ-VOUS MAINTENANT").

    Examples
    --------
    >>> kept, removed = strip_tail("Il a parlé. En vous abonnant, vous nous aidez. ABONNEZ-VOUS", load_rules())
    >>> kept
    'Il a parlé.'
    >>> removed
    [('En vous abonnant, vous nous aidez.', 'subscription pitch'), ('ABONNEZ-VOUS', 'subscription pitch')]
    """
    parts = _SENT_END.split(paragraph)
    removed: list[tuple[str, str]] = []
    tail_rules = [r for r in rules if r.scope == "tail"]
    cut = len(parts)
    last_reason = None
    while cut > 1:
        sent = parts[cut - 1]
        reason = next((r.reason for r in tail_rules if r.regex.fullmatch(sent)), None)
        if reason is None and last_reason and not re.search(r"[a-zà-ÿ]{2}", sent):
            reason = last_reason  # shouting debris next to a pitch ("ABONNEZ-VOUS MAINTENANT")
        if reason is None and not re.search(r"\w", sent):
            reason = last_reason or "no words"
        if reason is None:
            break
        last_reason = reason
        cut -= 1
    if cut == len(parts):
        return paragraph, []
    for sent in parts[cut:]:
        removed.append((sent, _reason_for(sent, tail_rules, last_reason)))
    return " ".join(parts[:cut]), removed


def _reason_for(sent: str, tail_rules, default: str) -> str:
    return next((r.reason for r in tail_rules if r.regex.fullmatch(sent)), default)


def looks_like_title(line: str) -> bool:
    """A headline: short, no final full stop.

    Examples
    --------
    >>> looks_like_title("Les États-Unis ont suggéré à la Turquie de transférer un système")
    True
    >>> looks_like_title("Il a dit non. Puis il est parti.")
    False
    """
    s = line.strip()
    return 2 <= _n_words(s) <= 30 and not re.search(r"[.!?…:;,]\s*[»\"”]?$", s)


# --- the whole chain ---------------------------------------------------------

#: Line ends after which a line break is a real break (end of a sentence, a heading mark).
_LINE_END = re.compile(r"[.!?…:;»”\"')\]]\s*$")


def _mid_sentence(line: str, following: str) -> bool:
    """Does the break between ``line`` and ``following`` fall inside a sentence?"""
    if _LINE_END.search(line):
        return False
    return (following[:1].islower() or following[:1].isdigit() or line.endswith((",", "-"))
            or len(line) >= 40)


def unwrap_lines(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Join the lines of hard-wrapped text (OCR columns, e-mail, PDF copy) where a sentence runs on.

    A block (lines between blank lines) is hard-wrapped when at least half of
    its line breaks fall inside a sentence: the line has no sentence-final
    punctuation and the next starts in lower case, or the line ends with a
    comma or a hyphen, or is a long line cut short.  In such a block, every
    break after a line without sentence-final punctuation is joined with a space ("M. Paul" + "Doumer"), or with nothing
    after a hyphen ("gouver-" + "nement" keeps the word as written).  Pages
    with one paragraph or one menu item per line are left alone.

    Parameters
    ----------
    lines : list of (int, str)
        ``(input line number, stripped text)``; ``""`` for a blank line.

    Returns
    -------
    list of (int, str)
        Non-blank lines; a joined line keeps the number of its first line.

    Examples
    --------
    >>> joined = unwrap_lines([(1, "Le président de la République, M. Paul"), (2, "Doumer, a reçu hier le gouver-"),
    ...                        (3, "nement au complet."), (4, ""), (5, "Une autre nouvelle.")])
    >>> joined[0]
    (1, 'Le président de la République, M. Paul Doumer, a reçu hier le gouver-nement au complet.')
    >>> joined[1:]
    [(5, 'Une autre nouvelle.')]
    >>> unwrap_lines([(1, "Stay Connected"), (2, "More Updates"), (3, "Le premier paragraphe.")])
    [(1, 'Stay Connected'), (2, 'More Updates'), (3, 'Le premier paragraphe.')]
    """
    blocks: list[list[tuple[int, str]]] = [[]]
    for n, ln in lines:
        if ln:
            blocks[-1].append((n, ln))
        elif blocks[-1]:
            blocks.append([])
    out: list[tuple[int, str]] = []
    for block in blocks:
        breaks = [_mid_sentence(a, b) for (_, a), (_, b) in zip(block, block[1:])]
        if not breaks or sum(breaks) * 2 < len(breaks):
            out.extend(block)
            continue
        n, text = block[0]
        for m, ln in block[1:]:
            if _LINE_END.search(text):  # a sentence ends with the line: keep the break
                out.append((n, text))
                n, text = m, ln
            elif text.endswith("-") and text[-2:-1].isalpha():
                text += ln
            else:
                text = f"{text} {ln}"
        out.append((n, text))
    return out


def clean_text(text: str, *, title: str | None = None, patterns: str | Path | None = None) -> Cleaned:
    """Clean a raw article: encoding repair, typography, boilerplate, title.

    Parameters
    ----------
    text : str
        The article as read.
    title : str, optional
        A title known from metadata (HTML ``<title>``, a CSV column).  Without
        it, a headline-like first line (the first one no boilerplate rule removes)
        is taken as the title.
    patterns : path, optional
        Boilerplate rule file; defaults to the packaged one.

    Returns
    -------
    Cleaned

    Examples
    --------
    >>> c = clean_text("Un titre court\\n\\nShare Post:\\n\\nLe texte de l\\u2019article.\\n\\nUn titre court")
    >>> c.text
    "Un titre court\\n\\nLe texte de l'article."
    >>> [(r["text"], r["reason"]) for r in c.removed]
    [('Share Post:', 'share button'), ('Un titre court', 'title repeated')]
    """
    rules = load_rules(patterns)
    text = normalize_typography(repair_encoding(text))
    lines = unwrap_lines([(i + 1, ln.strip()) for i, ln in enumerate(text.split("\n"))])
    title = _find_title(lines, title, rules)
    removed: list[dict] = []
    body = _repair_paragraphs(_drop_boilerplate(lines, title, rules, removed), rules, removed)
    parts = ([title] if title else []) + body
    starts, pos = [], 0
    for p in parts:
        starts.append(pos)
        pos += len(p) + 2
    removed.sort(key=lambda r: r["line"])
    return Cleaned(text="\n\n".join(parts), title=title, paragraph_starts=starts,
                   title_end=len(title) if title else 0, removed=removed)


def _find_title(lines: list[tuple[int, str]], title: str | None, rules) -> str | None:
    """The metadata title, normalised, or else a headline-like first line."""
    if title:
        title = normalize_typography(repair_encoding(title)).strip() or None
    if title is None:
        # the headline is the first line that is not debris ("Share Post:", a lone "%"),
        # so that cleaning a cleaned text finds the same title (idempotence)
        kept = [ln for _, ln in lines if match_line(ln, rules) is None]
        if len(kept) > 1 and looks_like_title(kept[0]):
            title = kept[0]
    return title


def _drop_boilerplate(lines: list[tuple[int, str]], title: str | None, rules,
                      removed: list[dict]) -> list[tuple[int, str]]:
    """The lines kept as paragraphs: not the title again, not boilerplate, not a repeated paragraph.

    Every line dropped is added to ``removed`` with its reason.
    """
    title_key = key(title) if title else None
    seen: set[str] = set()
    paragraphs: list[tuple[int, str]] = []
    for n, ln in lines:
        k = key(ln)
        if title_key and k == title_key:
            if "title" in seen:
                removed.append({"line": n, "text": ln, "reason": "title repeated"})
            seen.add("title")
            continue
        reason = match_line(ln, rules)
        if reason is None and k in seen and _n_words(ln) >= 5:
            reason = "duplicate paragraph"
        if reason:
            removed.append({"line": n, "text": ln, "reason": reason})
            continue
        seen.add(k)
        paragraphs.append((n, ln))
    return paragraphs


def _repair_paragraphs(paragraphs: list[tuple[int, str]], rules, removed: list[dict]) -> list[str]:
    """Paragraphs with glued sentences split, stray punctuation and a glued call to action removed."""
    fixed: list[tuple[int, str]] = []
    for n, p in paragraphs:
        p = split_glued_sentences(p)
        p, stray = remove_stray_punctuation(p)
        removed.extend({"line": n, "text": s, "reason": "stray punctuation"} for s in stray)
        fixed.append((n, p))
    if fixed:
        n, last = fixed[-1]
        last, tail = strip_tail(last, rules)
        removed.extend({"line": n, "text": s, "reason": r} for s, r in tail)
        fixed[-1] = (n, last)
    return [p for _, p in fixed if p.strip()]


_REMOVED_DTYPES = {"line": "int64", "text": "str", "reason": "str"}


def removed_table(cleaned: Cleaned, article_id: str) -> Table:
    """The ``removed`` table: one row per removed piece, in input order.

    Examples
    --------
    >>> t = removed_table(clean_text("Titre ici\\n\\nTexte.\\n\\nStay Connected"), "a")
    >>> t.frame[["text", "reason"]].values.tolist()
    [['Stay Connected', 'follow call']]
    """
    return rows_table(article_id, cleaned.removed, _REMOVED_DTYPES)
