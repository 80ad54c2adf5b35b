"""The self-contained HTML report of one article.

:func:`render_report` turns an :class:`~analysis.article.ArticleResult` and
its rendered charts into one HTML file with no outside resource: figures are
embedded as base64 PNG, the style sheet is inline, there is no script.

Safety: every piece of text that comes from an article or from the tables is
escaped (:func:`analysis.output.markup.esc`); the page also carries a
Content-Security-Policy that forbids scripts, so a hostile article can neither
inject markup nor run code.  Highlighted text from
:mod:`analysis.output.highlight` is only used if it passes
:func:`analysis.output.markup.is_safe_fragment`; otherwise the plain, escaped
text is shown.

The page reads like a one-page brief: title and source, a short summary in
plain words (:mod:`analysis.output.brief`: tone with its method and validated
accuracy, who appears, who speaks, hedging, main frames), the charts at one
width, the article text, the tables, and every figure of ``summary.json``
named in plain words (:mod:`analysis.output.figures_table`), folded at the end.

Output is deterministic: no date, no machine path, stable order.
"""

from __future__ import annotations

import base64
import math
import re
import warnings
from collections.abc import Mapping

import pandas as pd

from .. import config
from ..viz import CHART_NAMES, CHART_TITLES, CHART_WIDTH
from ..viz import labels as L
from . import highlight
from .brief import brief_html
from .figures_table import figures_html
from .markup import esc, is_safe_fragment, table_html

#: Tables shown in the report, in order, with the rows shown at most.
REPORT_TABLES = (("entities", 40), ("actors", 40), ("quotes", 60), ("hedges", 60), ("agency", 40),
                 ("frames", 80), ("evidence", 80), ("sentences", 400), ("removed", 100))
_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

_CSS = """
body{font-family:"DejaVu Sans",system-ui,sans-serif;max-width:52rem;margin:1.2rem auto;padding:0 1rem;
color:#222;line-height:1.45}
h1{font-size:1.4rem;margin:0 0 .2rem;line-height:1.25}
h2{font-size:1.15rem;margin:1.4rem 0 .4rem;border-bottom:1px solid #ddd}
.meta{color:#555;font-size:.85rem;margin:0 0 .6rem}
ul.brief{margin:.3rem 0;padding-left:1.1rem;font-size:.92rem}ul.brief li{margin:.15rem 0}
#brief h2{margin-top:.6rem}
figure{margin:0 0 1.2rem}figure img{max-width:100%;height:auto;display:block}
figcaption{font-size:.8rem;color:#555}
.scroll{overflow-x:auto}
table{border-collapse:collapse;font-size:.8rem;margin:.5rem 0 1rem}
th,td{border:1px solid #ddd;padding:.2rem .4rem;text-align:left;vertical-align:top}
.scroll td{min-width:3rem;max-width:26rem}.scroll td:has(table){max-width:none}
th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
td table{margin:0;font-size:.75rem}
.article p{margin:.6rem 0}.sid{color:#888;font-size:.7rem;vertical-align:super;margin-right:.15rem}
.quote{background:#fdf1dc}.hedged{border-bottom:2px dotted #009E73}
.note{color:#555;font-size:.85rem}details{margin:.5rem 0}summary{cursor:pointer;font-weight:bold}
"""


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


def _highlighted(result, lang: str) -> str | None:
    """Highlighted article HTML from :mod:`analysis.output.highlight`, if safe."""
    sentences, evidence = result.tables.get("sentences"), result.tables.get("evidence")
    if sentences is None or evidence is None:
        return None
    try:
        frag = highlight.highlight_html(sentences, evidence, lang=lang)
    except Exception as exc:  # noqa: BLE001 - the plain text is a complete fallback
        warnings.warn(f"highlighted text not available ({type(exc).__name__}: {exc}); "
                      "showing plain text", RuntimeWarning, stacklevel=3)
        return None
    if not isinstance(frag, str) or not is_safe_fragment(frag):
        warnings.warn("highlighted text refused (unexpected markup); showing plain text",
                      RuntimeWarning, stacklevel=3)
        return None
    return frag


def article_html(result, *, lang: str = L.DEFAULT_LANG) -> tuple[str, bool]:
    """The article text as a safe HTML fragment, and whether it is highlighted.

    The tone highlighting of :func:`analysis.output.highlight.highlight_html`
    when the ``evidence`` table exists and its output passes
    :func:`is_safe_fragment`; otherwise the escaped text, one paragraph per
    paragraph, sentences numbered, quotes shaded and hedged sentences
    underlined when those columns exist.  Usable in a notebook with
    ``IPython.display.HTML(article_html(result)[0])``.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> s = pd.DataFrame({"sentence_id": [0], "paragraph_id": [0], "text": ["<script>x</script>"]})
    >>> article_html(SimpleNamespace(tables={"sentences": s}))  # doctest: +NORMALIZE_WHITESPACE
    ('<div class="article"><p><span id="s0"><span
    class="sid">0</span>&lt;script&gt;x&lt;/script&gt;</span></p></div>', False)
    """
    hl = _highlighted(result, lang)
    if hl is not None:
        return f'<div class="article">{hl}</div>', True
    sentences = result.tables.get("sentences")
    if sentences is None or not {"sentence_id", "text"} <= set(sentences.columns):
        return '<div class="article"></div>', False
    return f'<div class="article">{_plain_text(sentences)}</div>', False


def _png_width(png: bytes) -> int | None:
    """Pixel width from a PNG's IHDR chunk (None if the bytes are not a PNG)."""
    if len(png) < 24 or png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        return None
    return int.from_bytes(png[16:20], "big")


def _figure_html(name: str, png: bytes, lang: str) -> str:
    """One chart, shown at one scale for all: a chart drawn :data:`analysis.viz.CHART_WIDTH`
    wide fills the page; one the tight bounding box made narrower (a square matrix) keeps
    the same text size instead of being blown up."""
    key = CHART_TITLES.get(name)
    title = L.text(key, lang) if key else name
    data = base64.b64encode(png).decode("ascii")
    width = _png_width(png)
    share = 100.0 if not width else min(100.0, 100.0 * width / (CHART_WIDTH * config.FIGURE_DPI))
    return (f'<figure id="fig-{esc(name)}"><img alt="{esc(title)}" style="width:{share:.1f}%" '
            f'src="data:image/png;base64,{data}">'
            f"<figcaption>figures/{esc(name)}.png, .svg</figcaption></figure>")


def _url_html(url: str) -> str:
    if re.match(r"^https?://", url or "", re.IGNORECASE):
        return f'<a href="{esc(url)}" rel="noopener noreferrer nofollow">{esc(url)}</a>'
    return esc(url)


#: Columns whose values the report names in its language (a labels.value kind), per table (``*``: any).
_VALUE_COLUMNS = {"*": {"speaker_kind": "speaker_kind", "frame": "frame", "role": "role"},
                  "entities": {"label": "entity_label"}, "mentions": {"label": "entity_label"},
                  "quotes": {"kind": "quote_kind"}}


def display_table(name: str, df: pd.DataFrame, *, lang: str = L.DEFAULT_LANG) -> pd.DataFrame:
    """A copy of table ``name`` as the report shows it: category values named in ``lang``.

    Entity types, speaker kinds, quote kinds, frames and agency roles are
    named with :func:`analysis.viz.labels.value`; a quote whose speaker has no
    name shows its kind (« source anonyme », « orateur inconnu »).  Column
    names stay those of the CSV files.

    Examples
    --------
    >>> q = pd.DataFrame({"kind": ["direct", "selon"], "speaker": ["Jean Dupont", None],
    ...                   "speaker_kind": ["person", "unknown"]})
    >>> display_table("quotes", q).values.tolist()
    [['directe', 'Jean Dupont', 'personne nommée'], ['« selon »', 'orateur inconnu', 'orateur inconnu']]
    """
    out = df.copy()
    kinds = {**_VALUE_COLUMNS["*"], **_VALUE_COLUMNS.get(name, {})}
    if name == "quotes" and {"speaker", "speaker_kind"} <= set(out.columns):
        blank = out["speaker"].isna() | (out["speaker"].astype("string").str.strip().isin(["", "?"]))
        out["speaker"] = out["speaker"].astype("object")
        out.loc[blank, "speaker"] = [L.value("speaker_kind", k, lang) for k in out.loc[blank, "speaker_kind"]]
    for col, kind in kinds.items():
        if col in out.columns:
            out[col] = [v if v is None or (isinstance(v, float) and math.isnan(v)) else L.value(kind, v, lang)
                        for v in out[col]]
    return out

def render_report(result, figures: Mapping[str, bytes] | None = None, *,
                  lang: str = L.DEFAULT_LANG) -> str:
    """The self-contained HTML report of one article.

    In reading order: the title and source; the summary in plain words
    (:func:`brief`); the charts, all drawn at one width and shown at one
    scale; the article text; the tables; every figure of ``summary.json``
    named in ``lang`` (:func:`figures_html`), folded.

    Parameters
    ----------
    result : analysis.article.ArticleResult
        Or any object with ``article_id``, ``tables`` and ``summary``.
    figures : mapping of str to bytes, optional
        PNG bytes per chart name (from :func:`analysis.output.figures.render_charts`),
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
    title = summary.get("title") or L.text("report.untitled", lang)
    parts = _head(L.text("report.title", lang, title=title), lang)
    parts += [f"<h1>{esc(title)}</h1>", f'<p class="meta">{_meta_html(result, summary)}</p>']
    items = brief_html(result, lang=lang)
    if items:
        parts.append(f'<div id="brief"><h2>{esc(L.text("report.brief", lang))}</h2>{items}</div>')
    parts += _charts_html(figures, lang)
    parts += _text_html(result, lang)
    parts += _tables_html(result.tables, lang)
    # every figure, folded
    parts.append(f'<details id="all-figures"><summary>{esc(L.text("report.all_figures", lang))}</summary>'
                 f'<p class="note">{esc(L.text("report.all_figures_note", lang))}</p>'
                 f'<div class="scroll">{figures_html(summary, lang=lang)}</div></details>')
    parts.append(f'<p class="note">{esc(L.text("report.footer", lang))}</p>')
    parts.append("</body>")
    parts.append("</html>")
    return "\n".join(parts) + "\n"


def _head(page_title: str, lang: str) -> list[str]:
    return [
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
    ]


def _meta_html(result, summary: Mapping) -> str:
    """Outlet, date, address and source file under the title."""
    meta_bits = [esc(summary[k]) for k in ("outlet", "date") if summary.get(k)]
    if summary.get("url"):
        meta_bits.append(_url_html(str(summary["url"])))
    meta_bits.append(esc(summary.get("source") or result.article_id))
    return " · ".join(meta_bits)


def _charts_html(figures: Mapping[str, bytes], lang: str) -> list[str]:
    parts = [f'<div id="charts"><h2>{esc(L.text("report.figures", lang))}</h2>']
    for name, png in figures.items():
        parts.append(_figure_html(name, png, lang))
    missing = [L.text(CHART_TITLES[n], lang) for n in CHART_NAMES if n not in figures]
    if missing:
        parts.append(f'<p class="note">{esc(L.text("report.not_available", lang, names="; ".join(missing)))}</p>')
    parts.append("</div>")
    return parts


def _text_html(result, lang: str) -> list[str]:
    text_html, highlighted = article_html(result, lang=lang)
    note = "report.text_note" if highlighted else "report.text_plain"
    return [f"<h2>{esc(L.text('report.text', lang))}</h2>", f'<p class="note">{esc(L.text(note, lang))}</p>', text_html]


def _tables_html(tables: Mapping[str, pd.DataFrame], lang: str) -> list[str]:
    parts = [f"<h2>{esc(L.text('report.tables', lang))}</h2>",
             f'<p class="note">{esc(L.text("report.columns_note", lang))}</p>']
    for name, limit in REPORT_TABLES:
        df = tables.get(name)
        if df is None:
            continue
        shown = min(len(df), limit)
        label = L.value("table", name, lang)
        parts.append(f"<details{' open' if name in ('entities', 'quotes') else ''}>"
                     f"<summary>{esc(label)} ({esc(L.text('report.rows', lang, shown=shown, total=len(df)))})"
                     f'</summary><div class="scroll">'
                     f"{table_html(display_table(name, df.head(limit), lang=lang), lang=lang)}</div>"
                     f'<p class="note">{esc(name)}.csv, {esc(name)}.parquet</p></details>')
    return parts
