"""HTML pieces of the report: escaping, the check of highlighted fragments, tables, numbers in words.

Safety: every piece of text that comes from an article or from the tables
(title, sentences, entity names, speakers, table cells, even column names) is
passed through :func:`esc` (:func:`html.escape`); highlighted text is only
used if it is made of a small set of inline tags with harmless attributes
(:func:`is_safe_fragment`).
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from typing import Any

import pandas as pd

from ..viz import labels as L

#: Columns left out of report tables (kept in the CSV files): the article id, character offsets.
_SKIP_COLUMNS = {"article_id", "start", "end"}


def esc(value: Any) -> str:
    """Text for HTML: ``None``/NaN as empty, everything else escaped (quotes too).

    Examples
    --------
    >>> esc('<script>alert("x")</script>')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
    >>> esc(float("nan"))
    ''
    """
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return html.escape(str(value), quote=True)


#: Tags and attributes a highlighted fragment may use.
SAFE_TAGS = frozenset({"span", "mark", "p", "br", "div", "b", "strong", "em", "i", "sup", "sub",
                       "small", "abbr", "h3", "h4"})
SAFE_ATTRS = frozenset({"class", "title", "style"})
_BAD_STYLE = re.compile(r"url\s*\(|expression|javascript|@import|\\", re.IGNORECASE)


class _Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ok = True

    def handle_starttag(self, tag, attrs):
        if tag not in SAFE_TAGS:
            self.ok = False
        for name, val in attrs:
            if not (name in SAFE_ATTRS or name.startswith("data-")) or name.startswith("on"):
                self.ok = False
            elif name == "style" and val and _BAD_STYLE.search(val):
                self.ok = False

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag not in SAFE_TAGS:
            self.ok = False

    def handle_comment(self, data):
        self.ok = False

    def handle_decl(self, decl):
        self.ok = False

    def handle_pi(self, data):
        self.ok = False

    def unknown_decl(self, data):
        self.ok = False


def is_safe_fragment(fragment: str) -> bool:
    """True when an HTML fragment holds only harmless inline markup.

    Allowed: :data:`SAFE_TAGS` with ``class``, ``title``, ``style`` (no
    ``url(``) and ``data-*`` attributes.  Anything else (a script, an event
    handler, a link, an image, a comment) makes it unsafe.

    Examples
    --------
    >>> is_safe_fragment('<span class="pos" title="+0.5">bon</span> &lt;script&gt;')
    True
    >>> is_safe_fragment('<span onmouseover="alert(1)">x</span>')
    False
    >>> is_safe_fragment('<img src=x onerror=alert(1)>')
    False
    """
    p = _Checker()
    try:
        p.feed(fragment)
        p.close()
    except Exception:  # noqa: BLE001 - unparsable is unsafe
        return False
    return p.ok


def _fmt(v: Any) -> str:
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            return "" if math.isnan(v) else str(v)
        return f"{round(v, 3) + 0.0:.3f}".rstrip("0").rstrip(".")
    if isinstance(v, (list, tuple)):
        return ", ".join(_fmt(x) for x in v)
    if isinstance(v, dict):
        return "; ".join(f"{k}: {_fmt(x)}" for k, x in v.items())
    return "" if v is None else str(v)


def python_value(v: Any) -> Any:
    """A NumPy scalar as the Python value it holds (anything else as it is).

    Examples
    --------
    >>> import numpy as np
    >>> python_value(np.bool_(True)) is True, python_value("x")
    (True, 'x')
    """
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        try:
            return v.item()
        except (ValueError, AttributeError):
            pass
    return v


def yes_no(v: bool, lang: str) -> str:
    """« oui » / « non » in ``lang``."""
    return L.text("report.yes" if v else "report.no", lang)


def _fmt_cell(v: Any, lang: str) -> str:
    v = python_value(v)
    return yes_no(v, lang) if isinstance(v, bool) else _fmt(v)


def table_html(df: pd.DataFrame, *, max_rows: int | None = None, lang: str = L.DEFAULT_LANG,
               skip: Iterable[str] = _SKIP_COLUMNS) -> str:
    """An escaped HTML table of ``df`` (first ``max_rows`` rows), numbers right-aligned.

    Examples
    --------
    >>> table_html(pd.DataFrame({"x": ["<b>"], "n": [1.5]}))  # doctest: +NORMALIZE_WHITESPACE
    '<table><thead><tr><th>x</th><th>n</th></tr></thead><tbody><tr><td>&lt;b&gt;</td><td
    class="num">1.5</td></tr></tbody></table>'
    """
    cols = [c for c in df.columns if c not in set(skip)]
    shown = df if max_rows is None else df.head(max_rows)
    num = {c for c in cols if pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])}
    head = "".join(f"<th>{esc(c)}</th>" for c in cols)
    rows = []
    for rec in shown[cols].itertuples(index=False, name=None):
        cells = "".join(
            f'<td class="num">{esc(_fmt_cell(v, lang))}</td>' if c in num else f"<td>{esc(_fmt_cell(v, lang))}</td>"
            for c, v in zip(cols, rec))
        rows.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"



def number(v: float, lang: str = L.DEFAULT_LANG, digits: int = 2) -> str:
    """A number as the report's language writes it (decimal comma in French).

    Examples
    --------
    >>> number(-0.0486), number(0.5, "en"), number(3.0), number(12345.5, digits=1)
    ('-0,05', '0.5', '3', '12345,5')
    """
    if isinstance(v, bool) or not isinstance(v, (int, float)) or math.isnan(v):
        return str(v)
    text = f"{round(v, digits) + 0.0:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{round(v):d}"
    return text.replace(".", ",") if lang == "fr" else text


def percent(share: float, lang: str = L.DEFAULT_LANG) -> str:
    r"""A share (0–1) as a percentage, French style with a narrow space before ``%``.

    Examples
    --------
    >>> percent(0.1724), percent(0.1724, "en"), percent(0.005)
    ('17\u202f%', '17%', '0,5\u202f%')
    """
    pct = 100 * share
    text = number(pct, lang, 0 if abs(pct) >= 1 or pct == 0 else 1)
    return f"{text}\u202f%" if lang == "fr" else f"{text}%"
