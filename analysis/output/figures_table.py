"""Every figure of ``summary.json`` named in plain words: the folded table at the end of the report.

:func:`figures_rows` names each dotted key with
:func:`analysis.viz.summary_labels.summary_label`, writes shares as percentages and
numbers in the report's language, and shows lists of records as small tables.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..viz import labels as L
from ..viz import summary_labels
from .markup import esc, number, percent, python_value, yes_no


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


def _hidden(key: str) -> bool:
    return any(key == h or key.startswith(h + ".") for h in summary_labels.SUMMARY_HIDDEN)


def _share_key(key: str) -> bool:
    """A share (0–1) shown as a percentage: ``share_*``, ``*_share``, ``*shares.<item>``, ``coverage*``."""
    return any(p.startswith(("share", "coverage")) or p.endswith(("_share", "_shares"))
               for p in key.split(".")[-2:])


def _scalar(v: Any, lang: str, *, share: bool = False) -> str:
    v = python_value(v)
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return L.text("report.none", lang)
    if isinstance(v, bool):
        return yes_no(v, lang)
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
            head = "".join(f"<th>{esc(summary_labels.field_label(c, lang))}</th>" for c in cols)
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
    return summary_labels.field_value(name, v, lang)


def figures_rows(summary: Mapping[str, Any], *, lang: str = L.DEFAULT_LANG) -> list[tuple[str, str, str]]:
    r"""Every figure of ``summary.json`` as ``(key, plain name, value as HTML)``, in the summary's order.

    Names come from :func:`analysis.viz.summary_labels.summary_label` (a key the kit
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
        rows.append((key, summary_labels.summary_label(key, lang) or key, _value_html(key, v, lang)))
    return rows


def figures_html(summary: Mapping[str, Any], *, lang: str = L.DEFAULT_LANG) -> str:
    """:func:`figures_rows` as an HTML table (each row's key as its tooltip).

    Examples
    --------
    >>> figures_html({"n_words": 12}, lang="en")  # doctest: +NORMALIZE_WHITESPACE
    '<table><thead><tr><th>Measure</th><th>Value</th></tr></thead><tbody><tr
    title="n_words"><td>Words</td><td>12</td></tr></tbody></table>'
    """
    body = [f'<tr title="{esc(key)}"><td>{esc(name)}</td><td>{value}</td></tr>'
            for key, name, value in figures_rows(summary, lang=lang)]
    return (f"<table><thead><tr><th>{esc(L.text('report.key', lang))}</th>"
            f"<th>{esc(L.text('report.value', lang))}</th></tr></thead><tbody>{''.join(body)}</tbody></table>")
