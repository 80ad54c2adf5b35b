"""The brief at the top of the report: the article in a few plain sentences.

Tone (which way the sentences lean, the mean polarity, the method and its
validated accuracy), who appears, who speaks, hedging and the main frames,
read from ``summary.json`` (:func:`brief`, :func:`brief_html`).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from .. import config
from ..resource_files import read_rows
from ..viz import labels as L
from .markup import esc, number, percent

#: Validated accuracy of the tone methods (editable resource; figures from docs/tone.md).
TONE_VALIDATION_PATH = config.RESOURCES_DIR / "tone_validation.csv"


@functools.lru_cache(maxsize=1)
def _tone_validation() -> dict[str, dict]:
    return {r["method"]: {**r, "n": int(r["n"]), "accuracy": float(r["accuracy"]), "macro_f1": float(r["macro_f1"])}
            for r in read_rows(TONE_VALIDATION_PATH)}


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


def _colon(lang: str) -> str:
    return " : " if lang == "fr" else ": "


def _semicolon(lang: str) -> str:
    return " ; " if lang == "fr" else "; "


def _names(items: list[str], limit: int = 4) -> str:
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
    text = _semicolon(lang).join(parts)
    method = tone.get("method")
    valid = tone_validation(method)
    how = L.text("brief.tone_method", lang, method=method) if method else ""
    if valid is not None:
        how += _colon(lang) + L.text(
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
                                names=_names(names, limit)))
    if src.get("unknown"):
        parts.append(L.text("brief.unknown", lang, n=int(src["unknown"])))
    head = L.text("brief.quotes_one" if n == 1 else "brief.quotes", lang, n=n)
    return head + _colon(lang) + _semicolon(lang).join(parts) + "." if parts else head + "."


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
        text += _semicolon(lang)
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
    >>> items[0][1][92:190]
    '. Méthode « news » : sur 233 phrases de presse codées à la main (jeu de test du kit, docs/tone.md)'
    >>> items[0][1][190:]
    ", elle donne le ton des codeurs pour 58\u202f% d'entre elles (macro-F1 0,57)."
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
    items = "".join(f"<li><b>{esc(head)}</b>{_colon(lang)}{esc(text)}</li>" for head, text in brief(result, lang=lang))
    return f'<ul class="brief">{items}</ul>' if items else ""
