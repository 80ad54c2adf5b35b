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

The page reads like a one-page brief: title and source, a short summary in
plain words (:func:`brief`: tone with its method and validated accuracy, who
appears, who speaks, hedging, main frames), the charts at one width, the
article text, the tables, and every figure of ``summary.json`` named in plain
words (:func:`figures_rows`), folded at the end.

Output is deterministic: no date, no machine path, stable order.
"""

from __future__ import annotations

import base64
import functools
import html
import math
import re
import warnings
from collections.abc import Iterable, Mapping
from html.parser import HTMLParser
from typing import Any

import pandas as pd

from . import config
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
#: Columns left out of report tables (kept in the CSV files): the article id, character offsets.
_SKIP_COLUMNS = {"article_id", "start", "end"}

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


def _highlighted(result, lang: str) -> str | None:
    """Highlighted article HTML from :mod:`analysis.highlight`, if present and safe."""
    try:
        from .highlight import highlight_html
    except ImportError:
        return None
    sentences, evidence = result.tables.get("sentences"), result.tables.get("evidence")
    if sentences is None or evidence is None:
        return None
    try:
        frag = highlight_html(sentences, evidence, lang=lang)
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
    """One chart, shown at one scale for all: a chart drawn :data:`analysis.plots.CHART_WIDTH`
    wide fills the page; one the tight bounding box made narrower (a square matrix) keeps
    the same text size instead of being blown up."""
    from .plots import CHART_WIDTH

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


# --- numbers in words ----------------------------------------------------------------

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


# --- the brief ----------------------------------------------------------------------------

#: Validated accuracy of the tone methods (editable resource; figures from docs/tone.md).
TONE_VALIDATION_PATH = config.RESOURCES_DIR / "tone_validation.csv"


@functools.lru_cache(maxsize=1)
def _tone_validation() -> dict[str, dict]:
    df = pd.read_csv(TONE_VALIDATION_PATH, comment="#")
    return {r["method"]: r for r in df.to_dict("records")}


def tone_validation(method: str | None) -> dict | None:
    """How well a tone method agrees with hand coding, from ``resources/tone_validation.csv``.

    The figures are those of docs/tone.md for news sentences of the kit's
    coded test set (``n`` items, ``accuracy``, ``macro_f1``); None for a
    method that was not validated there.

    Examples
    --------
    >>> v = tone_validation("news")
    >>> v["split"], v["n"], v["macro_f1"]
    ('test', 233, 0.573)
    >>> tone_validation("my-method") is None
    True
    """
    return _tone_validation().get(method) if method else None


def _names(items: list[str], lang: str, limit: int = 4) -> str:
    shown = ", ".join(items[:limit])
    return shown + (", …" if len(items) > limit else "")


def _quoted(text: str, lang: str) -> str:
    return f"« {text} »" if lang == "fr" else f"'{text}'"


def _tone_item(summary: Mapping, lang: str) -> str | None:
    tone = summary.get("tone")
    if not isinstance(tone, Mapping) or not tone.get("n_sentences"):
        return None
    n = int(tone["n_sentences"])
    pos = round(float(tone.get("share_positive") or 0) * n)
    neg = round(float(tone.get("share_negative") or 0) * n)
    key = "brief.tone_more_negative" if neg > pos else "brief.tone_more_positive" if pos > neg \
        else "brief.tone_balanced"
    parts = [L.text(key, lang, pos=pos, neg=neg, n=n)]
    if tone.get("mean_polarity") is not None:
        parts.append(L.text("brief.tone_mean", lang, mean=number(float(tone["mean_polarity"]), lang)))
    text = " ; ".join(parts) if lang == "fr" else "; ".join(parts)
    method = tone.get("method")
    valid = tone_validation(method)
    how = L.text("brief.tone_method", lang, method=method) if method else ""
    if valid is not None:
        how += (" : " if lang == "fr" else ": ") + L.text(
            "brief.tone_validated", lang, n=int(valid["n"]), accuracy=percent(float(valid["accuracy"]), lang),
            f1=number(float(valid["macro_f1"]), lang))
    elif method:
        how += f" ({L.text('brief.tone_not_validated', lang)})"
    return f"{text}. {how[:1].upper()}{how[1:]}." if how else f"{text}."


def _appears_item(summary: Mapping, tables: Mapping, lang: str) -> str | None:
    ent = summary.get("entities") if isinstance(summary.get("entities"), Mapping) else {}
    rows = ent.get("top_actors") or ent.get("top_entities")
    if rows:
        pairs = [(r.get("actor", r.get("entity")), r.get("mentions")) for r in rows]
    else:
        e = tables.get("entities")
        if e is None or not {"entity", "mentions"} <= set(e.columns) or e.empty:
            return None
        e = e.sort_values(["mentions", "entity"], ascending=[False, True], kind="stable").head(5)
        pairs = list(zip(e["entity"], e["mentions"]))
    return ", ".join(L.text("brief.mentions", lang, name=name, n=int(n)) for name, n in pairs[:5]) + "."


def _speaks_item(summary: Mapping, lang: str) -> str | None:
    src = summary.get("sources")
    if not isinstance(src, Mapping) or "n_quotes" not in src:
        return None
    n = int(src.get("n_quotes") or 0)
    if n == 0:
        return L.text("brief.no_quote", lang) + "."
    speakers = [sp for sp in (src.get("speakers") or []) if isinstance(sp, Mapping)]
    named = [str(sp["speaker"]) for sp in speakers if sp.get("speaker_kind") in ("person", "organisation",
                                                                                  "organization")]
    anonymous = [_quoted(str(sp["speaker"]), lang) for sp in speakers if sp.get("speaker_kind") == "anonymous"]
    parts = []
    for kind, names, limit in (("named", named, 4), ("anonymous", anonymous, 2)):
        if src.get(kind):
            k = int(src.get(f"{kind}_speakers") or len(names))
            parts.append(L.text(f"brief.{kind}_one" if k == 1 else f"brief.{kind}", lang, n=int(src[kind]), k=k,
                                names=_names(names, lang, limit)))
    if src.get("unknown"):
        parts.append(L.text("brief.unknown", lang, n=int(src["unknown"])))
    head = L.text("brief.quotes_one" if n == 1 else "brief.quotes", lang, n=n)
    return head + (" : " if lang == "fr" else ": ") + (" ; " if lang == "fr" else "; ").join(parts) + "." \
        if parts else head + "."


def _hedging_item(summary: Mapping, lang: str) -> str | None:
    h = summary.get("hedging")
    total = summary.get("n_sentences") or (summary.get("tone") or {}).get("n_sentences")
    if not isinstance(h, Mapping) or h.get("n_hedged") is None or not total:
        return None
    text = L.text("brief.hedged_one" if int(h["n_hedged"]) == 1 else "brief.hedged", lang, n=int(h["n_hedged"]),
                  total=int(total),
                  share=percent(float(h.get("share_hedged") or 0), lang))
    cues = [str(c["cue"]) for c in (h.get("top_cues") or []) if isinstance(c, Mapping) and c.get("cue")]
    if cues:
        text += " ; " if lang == "fr" else "; "
        text += L.text("brief.cues", lang, cues=", ".join(_quoted(c, lang) for c in cues[:3]))
    return text + "."


def _frames_item(summary: Mapping, lang: str) -> str | None:
    f = summary.get("frames")
    if not isinstance(f, Mapping) or "dominant" not in f:
        return None
    shares = f.get("sentence_shares") or {}
    shown = [L.text("brief.frame", lang, frame=L.value("frame", k, lang), share=percent(float(shares[k]), lang))
             if k in shares else L.value("frame", k, lang)
             for k in (f.get("dominant") or []) if float(shares.get(k, 1) or 0) > 0]
    return (", ".join(shown) if shown else L.text("brief.no_frame", lang)) + "."


def brief(result, *, lang: str = L.DEFAULT_LANG) -> list[tuple[str, str]]:
    r"""The article in a few plain sentences: ``[(heading, text), ...]`` in ``lang``.

    Tone (which way the sentences lean, the mean polarity, the method and
    its validated accuracy from :func:`tone_validation`), who appears (the
    most mentioned actors), who speaks (quotes from named and anonymous
    sources), hedging and the main frames.  An item whose analysis is
    missing is left out.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> summary = {"n_sentences": 10, "tone": {"method": "news", "n_sentences": 10, "share_positive": 0.1,
    ...            "share_negative": 0.3, "mean_polarity": -0.12},
    ...            "sources": {"n_quotes": 3, "named": 1, "anonymous": 2, "anonymous_speakers": 1,
    ...                        "speakers": [{"speaker": "Jean Dupont", "speaker_kind": "person"},
    ...                                     {"speaker": "une source", "speaker_kind": "anonymous"}]}}
    >>> items = brief(SimpleNamespace(summary=summary, tables={}))
    >>> [head for head, _ in items]
    ['Ton', 'Qui parle']
    >>> items[0][1][:92]
    'plus de phrases négatives (3) que positives (1) sur 10 ; polarité moyenne -0,12 (de -1 à +1)'
    >>> items[0][1][92:]
    ". Méthode « news » : sur 233 phrases de presse codées à la main (jeu de test du kit, docs/tone.md), elle donne le ton des codeurs pour 58\u202f% d'entre elles (macro-F1 0,57)."
    >>> items[1][1]
    "3 citations : 1 d'une source nommée (Jean Dupont) ; 2 d'une source anonyme (« une source »)."
    """
    L.check_lang(lang)
    summary = dict(getattr(result, "summary", None) or {})
    tables = getattr(result, "tables", None) or {}
    items = [("brief.tone", _tone_item(summary, lang)), ("brief.appears", _appears_item(summary, tables, lang)),
             ("brief.speaks", _speaks_item(summary, lang)), ("brief.hedging", _hedging_item(summary, lang)),
             ("brief.frames", _frames_item(summary, lang))]
    return [(L.text(key, lang), text) for key, text in items if text]


def brief_html(result, *, lang: str = L.DEFAULT_LANG) -> str:
    """:func:`brief` as an escaped HTML list (for the report and notebooks).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> brief_html(SimpleNamespace(summary={"hedging": {"n_hedged": 1, "share_hedged": 0.5}, "n_sentences": 2},
    ...                            tables={}), lang="en")
    '<ul class="brief"><li><b>Hedging</b>: 1 sentence out of 2 (50%) in the conditional or hedged.</li></ul>'
    """
    sep = " : " if lang == "fr" else ": "
    items = "".join(f"<li><b>{esc(head)}</b>{sep}{esc(text)}</li>" for head, text in brief(result, lang=lang))
    return f'<ul class="brief">{items}</ul>' if items else ""


# --- every figure, named ---------------------------------------------------------------

def _hidden(key: str) -> bool:
    return any(key == h or key.startswith(h + ".") for h in L.SUMMARY_HIDDEN)


def _share_key(key: str) -> bool:
    """A share (0–1) shown as a percentage: ``share_*``, ``*_share``, ``*shares.<item>``, ``coverage*``."""
    return any(p.startswith(("share", "coverage")) or p.endswith(("_share", "_shares"))
               for p in key.split(".")[-2:])


def _scalar(v: Any, lang: str, *, share: bool = False) -> str:
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        try:
            v = v.item()
        except (ValueError, AttributeError):
            pass
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return L.text("report.none", lang)
    if isinstance(v, bool):
        return L.text("report.yes" if v else "report.no", lang)
    if isinstance(v, float) and share and 0 <= v <= 1:
        return percent(v, lang)
    if isinstance(v, (int, float)):
        return number(v, lang, 3)
    return str(v)


def _value_html(key: str, v: Any, lang: str) -> str:
    """One summary value as HTML: a scalar, a list, or a small table for a list of records."""
    if isinstance(v, (list, tuple)):
        if not v:
            return esc(L.text("report.none", lang))
        if all(isinstance(x, Mapping) for x in v):
            cols = list(dict.fromkeys(k for x in v for k in x))
            head = "".join(f"<th>{esc(L.field_label(c, lang))}</th>" for c in cols)
            body = "".join(
                "<tr>" + "".join(
                    f"<td>{esc(_field(c, x.get(c), lang))}</td>" for c in cols) + "</tr>" for x in v)
            return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        if key.endswith("frames.dominant"):
            return esc(", ".join(L.value("frame", x, lang) for x in v))
        return esc(", ".join(_scalar(x, lang) for x in v))
    if key == "frames.method" and isinstance(v, str) and v.startswith("dictionary"):
        v = L.text("report.dictionary", lang) + v[len("dictionary"):]
    return esc(_scalar(v, lang, share=_share_key(key)))


def _field(name: str, v: Any, lang: str) -> str:
    if isinstance(v, (list, tuple)):
        return ", ".join(_field(name, x, lang) for x in v)
    if v is None or isinstance(v, (bool, int, float)):
        return _scalar(v, lang)
    return L.field_value(name, v, lang)


def figures_rows(summary: Mapping[str, Any], *, lang: str = L.DEFAULT_LANG) -> list[tuple[str, str, str]]:
    r"""Every figure of ``summary.json`` as ``(key, plain name, value as HTML)``, in the summary's order.

    Names come from :func:`analysis.labels.summary_label` (a key the kit
    cannot name is shown as written); shares are percentages, numbers are
    written in ``lang`` and lists of records are small tables with named
    columns.  ``title``, ``article_id`` and the frames' English labels are
    left out (shown elsewhere).

    Examples
    --------
    >>> rows = figures_rows({"title": "T", "french_share": 0.38, "tone": {"share_negative": 0.345}})
    >>> [(k, v) for k, _, v in rows]
    [('french_share', '38\u202f%'), ('tone.share_negative', '34\u202f%')]
    >>> rows[1][1]
    'Ton : part des phrases négatives'
    """
    L.check_lang(lang)
    rows = []
    for key, v in flatten_summary(summary):
        if _hidden(key):
            continue
        rows.append((key, L.summary_label(key, lang) or key, _value_html(key, v, lang)))
    return rows


def figures_html(summary: Mapping[str, Any], *, lang: str = L.DEFAULT_LANG) -> str:
    """:func:`figures_rows` as an HTML table (each row's key as its tooltip).

    Examples
    --------
    >>> figures_html({"n_words": 12}, lang="en")
    '<table><thead><tr><th>Measure</th><th>Value</th></tr></thead><tbody><tr title="n_words"><td>Words</td><td>12</td></tr></tbody></table>'
    """
    body = [f'<tr title="{esc(key)}"><td>{esc(name)}</td><td>{value}</td></tr>'
            for key, name, value in figures_rows(summary, lang=lang)]
    return (f"<table><thead><tr><th>{esc(L.text('report.key', lang))}</th>"
            f"<th>{esc(L.text('report.value', lang))}</th></tr></thead><tbody>{''.join(body)}</tbody></table>")


# --- tables as shown ------------------------------------------------------------------------

#: Columns whose values the report names in its language (a labels.value kind), per table (``*``: any).
_VALUE_COLUMNS = {"*": {"speaker_kind": "speaker_kind", "frame": "frame", "role": "role"},
                  "entities": {"label": "entity_label"}, "mentions": {"label": "entity_label"},
                  "quotes": {"kind": "quote_kind"}}


def display_table(name: str, df: pd.DataFrame, *, lang: str = L.DEFAULT_LANG) -> pd.DataFrame:
    """A copy of table ``name`` as the report shows it: category values named in ``lang``.

    Entity types, speaker kinds, quote kinds, frames and agency roles are
    named with :func:`analysis.labels.value`; a quote whose speaker has no
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


# --- the page ------------------------------------------------------------------------

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

    meta_bits = [esc(summary[k]) for k in ("outlet", "date") if summary.get(k)]
    if summary.get("url"):
        meta_bits.append(_url_html(str(summary["url"])))
    meta_bits.append(esc(summary.get("source") or result.article_id))

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

    # the brief
    items = brief_html(result, lang=lang)
    if items:
        parts.append(f'<div id="brief"><h2>{esc(L.text("report.brief", lang))}</h2>{items}</div>')

    # figures
    from .plots import CHART_NAMES

    parts.append(f'<div id="charts"><h2>{esc(L.text("report.figures", lang))}</h2>')
    for name, png in figures.items():
        parts.append(_figure_html(name, png, lang))
    missing = [L.text(CHART_TITLES[n], lang) for n in CHART_NAMES if n not in figures]
    if missing:
        parts.append(f'<p class="note">{esc(L.text("report.not_available", lang, names="; ".join(missing)))}</p>')
    parts.append("</div>")

    # article text
    parts.append(f"<h2>{esc(L.text('report.text', lang))}</h2>")
    text_html, highlighted = article_html(result, lang=lang)
    note = "report.text_note" if highlighted else "report.text_plain"
    parts.append(f'<p class="note">{esc(L.text(note, lang))}</p>')
    parts.append(text_html)

    # tables
    parts.append(f"<h2>{esc(L.text('report.tables', lang))}</h2>")
    parts.append(f'<p class="note">{esc(L.text("report.columns_note", lang))}</p>')
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

    # every figure, folded
    parts.append(f'<details id="all-figures"><summary>{esc(L.text("report.all_figures", lang))}</summary>'
                 f'<p class="note">{esc(L.text("report.all_figures_note", lang))}</p>'
                 f'<div class="scroll">{figures_html(summary, lang=lang)}</div></details>')
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


# --- notebook parameters -------------------------------------------------------------------

def notebook_inputs(value) -> list[str]:
    """The input paths a notebook parameter names: one path, a list, or a list written as text.

    ``papermill -p inputs data/raw/comparison`` passes a string, ``-y``
    passes YAML (a list), and ``-p inputs '["a.txt", "b.csv"]'`` passes the
    list as text: each gives a list of paths.  A path is never split (a
    file name may hold a comma).

    Examples
    --------
    >>> notebook_inputs("data/raw/a.txt"), notebook_inputs(["a.txt", "b/"])
    (['data/raw/a.txt'], ['a.txt', 'b/'])
    >>> notebook_inputs('["a.txt", "dossier/"]'), notebook_inputs("[a.txt, b.csv]")
    (['a.txt', 'dossier/'], ['a.txt', 'b.csv'])
    """
    import json
    from pathlib import PurePath

    if isinstance(value, (str, PurePath)):
        text = str(value).strip()
        if text.startswith("[") and text.endswith("]"):
            try:
                parsed = json.loads(text)
            except ValueError:  # YAML-style flow list without quotes: [a.txt, b.csv]
                parsed = [p.strip().strip("'\"") for p in text[1:-1].split(",") if p.strip()]
            return [str(p) for p in parsed]
        return [str(value)]
    return [str(p) for p in value]


def choose_article(articles: list, article_id: str | None = None):
    """The article whose id is ``article_id`` (the first one when it is None).

    Raises ``ValueError`` naming the ids there are when none matches.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> arts = [SimpleNamespace(article_id="a"), SimpleNamespace(article_id="b")]
    >>> choose_article(arts).article_id, choose_article(arts, "b").article_id
    ('a', 'b')
    >>> choose_article(arts, "c")
    Traceback (most recent call last):
    ValueError: no article 'c' in the inputs (articles: a, b)
    """
    if not articles:
        raise ValueError("the inputs hold no article")
    if article_id is None:
        return articles[0]
    for art in articles:
        if art.article_id == article_id:
            return art
    ids = ", ".join(a.article_id for a in articles[:20]) + (", …" if len(articles) > 20 else "")
    raise ValueError(f"no article {article_id!r} in the inputs (articles: {ids})")
