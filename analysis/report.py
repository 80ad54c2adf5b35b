"""The self-contained HTML report of one article, and side-by-side tables of several.

:func:`render_report` turns an :class:`~analysis.article.ArticleResult` and
its rendered charts into one HTML file with no outside resource: figures are
embedded as base64 PNG, the style sheet is inline, there is no script.

Safety: every piece of text that comes from an article or from the tables
(title, sentences, entity names, speakers, table cells, even column names) is
passed through :func:`html.escape`; the page also carries a
Content-Security-Policy that forbids scripts, so a hostile article can neither
inject markup nor run code.  Highlighted text from :mod:`analysis.highlight`
(when that module exists) is only used if it is made of a small set of inline
tags with harmless attributes (:func:`is_safe_fragment`); otherwise the plain,
escaped text is shown.

Output is deterministic: no date, no machine path, stable order.
"""

from __future__ import annotations

import base64
import html
import math
import re
import warnings
from collections.abc import Iterable, Mapping
from html.parser import HTMLParser
from typing import Any

import pandas as pd

from . import labels as L

#: Caption key of each chart (see :data:`analysis.plots.CHART_NAMES`).
CHART_TITLES = {
    "tone_arc": "tone_arc.title", "polarity_subjectivity": "polsub.title",
    "evidence_words": "evidence.title", "top_entities": "entities.title",
    "actor_tone": "actor_tone.title", "cooccurrence": "cooc.title", "sources": "sources.title",
    "hedging": "hedging.title", "frame_shares": "frames.title", "agency": "agency.title",
}
#: Tables shown in the report, in order, with the rows shown at most.
REPORT_TABLES = (("entities", 40), ("actors", 40), ("quotes", 60), ("hedges", 60), ("agency", 40),
                 ("frames", 80), ("evidence", 80), ("sentences", 400), ("removed", 100))
#: Long columns left out of report tables (kept in the CSV files).
_SKIP_COLUMNS = {"article_id"}

_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

_CSS = """
body{font-family:"DejaVu Sans",system-ui,sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;
color:#222;line-height:1.5}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2.2rem;border-bottom:1px solid #ddd}
.meta{color:#555;font-size:.9rem}
figure{margin:1.5rem 0}figure img{max-width:100%;height:auto}figcaption{font-size:.85rem;color:#555}
table{border-collapse:collapse;font-size:.82rem;margin:.5rem 0 1rem}
th,td{border:1px solid #ddd;padding:.2rem .4rem;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
.article p{margin:.6rem 0}.sid{color:#888;font-size:.7rem;vertical-align:super;margin-right:.15rem}
.quote{background:#fdf1dc}.hedged{border-bottom:2px dotted #009E73}
.note{color:#555;font-size:.85rem}details{margin:.5rem 0}summary{cursor:pointer;font-weight:bold}
"""


# --- escaping and safe fragments --------------------------------------------------

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


# --- pieces -------------------------------------------------------------------------

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


def _fmt_cell(v: Any, lang: str) -> str:
    if isinstance(v, bool):
        return ("oui" if v else "non") if lang == "fr" else ("yes" if v else "no")
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        try:
            v = v.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(v, bool):
        return _fmt_cell(v, lang)
    return _fmt(v)


def flatten_summary(summary: Mapping[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """Nested summary dicts as ``(dotted key, value)`` pairs, in the summary's order.

    Examples
    --------
    >>> flatten_summary({"a": 1, "tone": {"mean": 0.1, "shares": {"pos": 0.2}}})
    [('a', 1), ('tone.mean', 0.1), ('tone.shares.pos', 0.2)]
    """
    out = []
    for k, v in summary.items():
        key = f"{prefix}{k}"
        if isinstance(v, Mapping) and v:
            out.extend(flatten_summary(v, key + "."))
        else:
            out.append((key, v))
    return out


def table_html(df: pd.DataFrame, *, max_rows: int | None = None, lang: str = L.DEFAULT_LANG,
               skip: Iterable[str] = _SKIP_COLUMNS) -> str:
    """An escaped HTML table of ``df`` (first ``max_rows`` rows), numbers right-aligned.

    Examples
    --------
    >>> table_html(pd.DataFrame({"x": ["<b>"], "n": [1.5]}))
    '<table><thead><tr><th>x</th><th>n</th></tr></thead><tbody><tr><td>&lt;b&gt;</td><td class="num">1.5</td></tr></tbody></table>'
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


def _plain_text(sentences: pd.DataFrame) -> str:
    """The article as escaped paragraphs of numbered sentences, quotes and hedges marked."""
    paras: dict[int, list[str]] = {}
    has_para = "paragraph_id" in sentences.columns
    for _, row in sentences.sort_values("sentence_id").iterrows():
        cls = [c for col, c in (("is_quote", "quote"), ("hedged", "hedged"))
               if col in sentences.columns and pd.notna(row[col]) and bool(row[col])]
        attr = f' class="{" ".join(cls)}"' if cls else ""
        sid = int(row["sentence_id"])
        span = f'<span{attr} id="s{sid}"><span class="sid">{sid}</span>{esc(row["text"])}</span>'
        paras.setdefault(int(row["paragraph_id"]) if has_para else 0, []).append(span)
    return "\n".join(f"<p>{' '.join(v)}</p>" for _, v in sorted(paras.items()))


def _highlighted(result) -> str | None:
    """Highlighted article HTML from :mod:`analysis.highlight`, if present and safe."""
    try:
        from .highlight import highlight_html
    except ImportError:
        return None
    sentences, evidence = result.tables.get("sentences"), result.tables.get("evidence")
    if sentences is None or evidence is None:
        return None
    try:
        frag = highlight_html(sentences, evidence)
    except Exception as exc:  # noqa: BLE001 - the plain text is a complete fallback
        warnings.warn(f"highlighted text not available ({type(exc).__name__}: {exc}); "
                      "showing plain text", RuntimeWarning, stacklevel=3)
        return None
    if not isinstance(frag, str) or not is_safe_fragment(frag):
        warnings.warn("highlighted text refused (unexpected markup); showing plain text",
                      RuntimeWarning, stacklevel=3)
        return None
    return frag


def article_html(result) -> tuple[str, bool]:
    """The article text as a safe HTML fragment, and whether it is highlighted.

    The tone highlighting of :func:`analysis.highlight.highlight_html` when
    that module and the ``evidence`` table exist and its output passes
    :func:`is_safe_fragment`; otherwise the escaped text, one paragraph per
    paragraph, sentences numbered, quotes shaded and hedged sentences
    underlined when those columns exist.  Usable in a notebook with
    ``IPython.display.HTML(article_html(result)[0])``.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> s = pd.DataFrame({"sentence_id": [0], "paragraph_id": [0], "text": ["<script>x</script>"]})
    >>> article_html(SimpleNamespace(tables={"sentences": s}))
    ('<div class="article"><p><span id="s0"><span class="sid">0</span>&lt;script&gt;x&lt;/script&gt;</span></p></div>', False)
    """
    hl = _highlighted(result)
    if hl is not None:
        return f'<div class="article">{hl}</div>', True
    sentences = result.tables.get("sentences")
    if sentences is None or not {"sentence_id", "text"} <= set(sentences.columns):
        return '<div class="article"></div>', False
    return f'<div class="article">{_plain_text(sentences)}</div>', False


def _figure_html(name: str, png: bytes, lang: str) -> str:
    key = CHART_TITLES.get(name)
    title = L.text(key, lang) if key else name
    data = base64.b64encode(png).decode("ascii")
    return (f'<figure id="fig-{esc(name)}"><img alt="{esc(title)}" src="data:image/png;base64,{data}">'
            f"<figcaption>{esc(title)} — figures/{esc(name)}.png, .svg</figcaption></figure>")


def _url_html(url: str) -> str:
    if re.match(r"^https?://", url or "", re.IGNORECASE):
        return f'<a href="{esc(url)}" rel="noopener noreferrer nofollow">{esc(url)}</a>'
    return esc(url)


# --- the page ------------------------------------------------------------------------

def render_report(result, figures: Mapping[str, bytes] | None = None, *,
                  lang: str = L.DEFAULT_LANG) -> str:
    """The self-contained HTML report of one article.

    Parameters
    ----------
    result : analysis.article.ArticleResult
        Or any object with ``article_id``, ``tables`` and ``summary``.
    figures : mapping of str to bytes, optional
        PNG bytes per chart name (from :func:`analysis.export.render_charts`),
        embedded in that order.
    lang : {"fr", "en"}

    Returns
    -------
    str
        A complete HTML document (UTF-8, no script, no outside resource).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> s = pd.DataFrame({"sentence_id": [0], "paragraph_id": [0], "text": ["<b>Un</b> essai."]})
    >>> r = SimpleNamespace(article_id="a", tables={"sentences": s}, summary={"title": "<i>T</i>"})
    >>> page = render_report(r)
    >>> "<b>Un" in page, "&lt;b&gt;Un" in page, "<title>Cadrage : &lt;i&gt;T&lt;/i&gt;</title>" in page
    (False, True, True)
    """
    L.check_lang(lang)
    figures = dict(figures or {})
    summary = dict(result.summary or {})
    tables = result.tables
    title = summary.get("title") or L.text("report.untitled", lang)
    page_title = L.text("report.title", lang, title=title)

    meta_bits = [esc(result.article_id)]
    for k in ("source", "outlet", "date"):
        if summary.get(k):
            meta_bits.append(esc(summary[k]))
    if summary.get("url"):
        meta_bits.append(_url_html(str(summary["url"])))

    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{esc(page_title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{esc(title)}</h1>",
        f'<p class="meta">{" · ".join(meta_bits)}</p>',
    ]

    # key figures
    rows = [(k, v) for k, v in flatten_summary(summary) if k not in ("title", "article_id", "url")]
    parts.append(f"<h2>{esc(L.text('report.summary', lang))}</h2>")
    parts.append(table_html(pd.DataFrame(
        {L.text("report.key", lang): [k for k, _ in rows],
         L.text("report.value", lang): [_fmt_cell(v, lang) for _, v in rows]}, dtype="object"), lang=lang))

    # figures
    from .plots import CHART_NAMES

    parts.append(f"<h2>{esc(L.text('report.figures', lang))}</h2>")
    for name, png in figures.items():
        parts.append(_figure_html(name, png, lang))
    missing = [L.text(CHART_TITLES[n], lang) for n in CHART_NAMES if n not in figures]
    if missing:
        parts.append(f'<p class="note">{esc(L.text("report.not_available", lang, names="; ".join(missing)))}</p>')

    # article text
    parts.append(f"<h2>{esc(L.text('report.text', lang))}</h2>")
    text_html, highlighted = article_html(result)
    note = "report.text_note" if highlighted else "report.text_plain"
    parts.append(f'<p class="note">{esc(L.text(note, lang))}</p>')
    parts.append(text_html)

    # tables
    parts.append(f"<h2>{esc(L.text('report.tables', lang))}</h2>")
    for name, limit in REPORT_TABLES:
        df = tables.get(name)
        if df is None:
            continue
        shown = min(len(df), limit)
        label = L.text("report.removed", lang) if name == "removed" else name
        parts.append(f"<details{' open' if name in ('entities', 'quotes') else ''}>"
                     f"<summary>{esc(label)} ({esc(L.text('report.rows', lang, shown=shown, total=len(df)))})"
                     f"</summary>{table_html(df, max_rows=limit, lang=lang)}"
                     f'<p class="note">{esc(name)}.csv, {esc(name)}.parquet</p></details>')
    parts.append(f'<p class="note">{esc(L.text("report.footer", lang))}</p>')
    parts.append("</body>")
    parts.append("</html>")
    return "\n".join(parts) + "\n"


# --- several articles ---------------------------------------------------------------------

def stack_tables(results: Iterable, name: str) -> pd.DataFrame | None:
    """One table of several articles, stacked in the given order (``None`` if none has it).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> rs = [SimpleNamespace(tables={"t": pd.DataFrame({"article_id": [a]})}) for a in "ab"]
    >>> stack_tables(rs, "t")["article_id"].tolist()
    ['a', 'b']
    """
    frames = [r.tables[name] for r in results if r.tables.get(name) is not None]
    frames = [f for f in frames if len(f)] or frames[:1]
    return pd.concat(frames, ignore_index=True) if frames else None


def _share(df: pd.DataFrame | None, col: str) -> float:
    if df is None or col not in df.columns or len(df) == 0:
        return float("nan")
    return float(df[col].fillna(False).astype(bool).mean())


def compare_articles(results: Iterable, *, top: int = 3) -> pd.DataFrame:
    """One row per article, side by side: tone, sources, hedging, frames, actors.

    Computed from each article's tables (a figure whose table is missing is
    NaN or empty), so the columns mean the same for every article:

    ``n_sentences``, ``n_words``; ``mean_polarity`` (all sentences) and
    ``mean_polarity_scored`` (sentences with a scored word); ``share_quoted``
    and ``share_hedged`` (of sentences); ``quotes``, ``named_sources`` and
    ``anonymous_sources`` (quotes by kind of speaker); ``top_frames`` and
    ``top_entities`` (the ``top`` most frequent, ``; ``-separated).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> s = pd.DataFrame({"sentence_id": [0, 1], "n_words": [3, 4], "polarity": [0.4, 0.0],
    ...                   "n_scored": [1, 0], "hedged": [True, False]})
    >>> r = SimpleNamespace(article_id="a", tables={"sentences": s}, summary={"title": "T"})
    >>> compare_articles([r])[["mean_polarity", "mean_polarity_scored", "share_hedged"]].iloc[0].tolist()
    [0.2, 0.4, 0.5]
    """
    rows = []
    for r in results:
        t = r.tables
        s = t.get("sentences")
        row: dict[str, Any] = {"article_id": r.article_id, "title": (r.summary or {}).get("title")}
        for k in ("outlet", "date"):
            if (r.summary or {}).get(k) is not None:
                row[k] = r.summary[k]
        row["n_sentences"] = int(len(s)) if s is not None else 0
        row["n_words"] = int(s["n_words"].sum()) if s is not None and "n_words" in s.columns else 0
        if s is not None and "polarity" in s.columns and len(s):
            pol = s["polarity"].astype("float64")
            row["mean_polarity"] = float(pol.mean())
            scored = s["n_scored"] > 0 if "n_scored" in s.columns else pd.Series(True, index=s.index)
            row["mean_polarity_scored"] = float(pol[scored].mean()) if scored.any() else float("nan")
        else:
            row["mean_polarity"] = row["mean_polarity_scored"] = float("nan")
        row["share_quoted"] = _share(s, "is_quote")
        row["share_hedged"] = _share(s, "hedged")
        q = t.get("quotes")
        if q is not None and "speaker_kind" in q.columns:
            kinds = q["speaker_kind"].astype("str")
            row["quotes"] = int(len(q))
            row["named_sources"] = int(kinds.isin(["person", "organisation", "organization"]).sum())
            row["anonymous_sources"] = int((kinds == "anonymous").sum())
        f = t.get("frames")
        if f is not None and "frame" in f.columns:
            keys = [k for k in ("sentence_id",) if k in f.columns]
            counts = f.drop_duplicates(keys + ["frame"])["frame"].value_counts()
            counts = counts.sort_index().sort_values(ascending=False, kind="stable")
            row["top_frames"] = "; ".join(map(str, counts.index[:top]))
        e = t.get("entities")
        if e is not None and {"entity", "mentions"} <= set(e.columns):
            e2 = e.sort_values(["mentions", "entity"], ascending=[False, True], kind="stable")
            row["top_entities"] = "; ".join(map(str, e2["entity"].head(top)))
        rows.append(row)
    return pd.DataFrame(rows)
