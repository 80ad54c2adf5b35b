"""Which frames the article uses: the 14 dimensions of the Policy Frames Codebook.

Scored with a French dictionary (``resources/frames_lexicon.tsv``) matched on the
Doc's lemmas and lower-case words, multi-word terms included
(:class:`~analysis.analysers.matching.TermMatcher`); a sentence evokes a frame
when it holds one of the frame's terms.  The dimensions, their labels and glosses
are in ``resources/frames_dimensions.tsv``, in codebook order.

See ``docs/framing.md`` for the tables, columns and limits.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd
from spacy.tokens import Span
from spacy.util import filter_spans

from .. import config
from ..resource_files import read_rows
from ..tables import Table, rows_table
from .matching import TermMatcher, article_forms, sentence_lookup

#: Frame lexicon (``frame, term``).
FRAMES_LEXICON_FILE = config.RESOURCES_DIR / "frames_lexicon.tsv"
#: Frame dimensions (``frame, label, label_fr, description``), in codebook order.
FRAMES_DIMENSIONS_FILE = config.RESOURCES_DIR / "frames_dimensions.tsv"

#: Number of dominant frames reported in the summary.
N_DOMINANT = 3
#: Columns of the ``frames`` table.
FRAME_COLUMNS = ["article_id", "sentence_id", "frame", "terms", "n_terms"]


# --- resources -----------------------------------------------------------------

def load_frame_dimensions(path: str | Path | None = None) -> pd.DataFrame:
    """The frame dimensions table (``frame, label, label_fr, description``), codebook order.

    Examples
    --------
    >>> dims = load_frame_dimensions()
    >>> len(dims), dims["frame"].iloc[7]
    (14, 'security_defense')
    """
    return _dims_frame(str(path or FRAMES_DIMENSIONS_FILE)).copy()


@functools.lru_cache(maxsize=8)
def _dims_frame(path: str) -> pd.DataFrame:
    # built once per file; callers outside this module get a copy
    return pd.DataFrame(_load_dims(path), columns=["frame", "label", "label_fr", "description"])


@functools.lru_cache(maxsize=8)
def _load_dims(path: str) -> tuple[tuple[str, ...], ...]:
    return tuple((r["frame"], r["label"], r["label_fr"], r["description"])
                 for r in read_rows(path, "\t"))


def load_frame_lexicon(path: str | Path | None = None) -> pd.DataFrame:
    """The frame lexicon (``frame, term``).

    Examples
    --------
    >>> lex = load_frame_lexicon()
    >>> sorted(set(lex["frame"])) == sorted(load_frame_dimensions()["frame"])
    True
    """
    return pd.DataFrame(_load_lexicon(str(path or FRAMES_LEXICON_FILE)), columns=["frame", "term"])


@functools.lru_cache(maxsize=8)
def _load_lexicon(path: str) -> tuple[tuple[str, str], ...]:
    return tuple((r["frame"], r["term"]) for r in read_rows(path, "\t") if r["frame"] and r["term"])


@functools.lru_cache(maxsize=8)
def frame_matcher(path: str | None = None) -> TermMatcher:
    """The frame-lexicon matcher (keys ``(frame, term)``), built once per file."""
    return TermMatcher(((frame, term), term, "lemma")
                       for frame, term in _load_lexicon(str(path or FRAMES_LEXICON_FILE)))


# --- frames ----------------------------------------------------------------------------

def frame_matches(doc, sents, *, path: str | None = None, forms=None) -> list[dict]:
    """Every frame-term match: ``sentence_id, frame, term, text, start``.

    Within one frame, overlapping matches keep the longest (« défense antimissile »
    counts once, not also as « défense »); a word may evoke several frames.
    ``path`` is a frame lexicon (default ``resources/frames_lexicon.tsv``);
    ``forms`` is :func:`~analysis.analysers.matching.token_forms` of ``doc`` when
    already computed.

    Examples
    --------
    >>> from analysis.nlp import parse, sentence_spans
    >>> d = parse("Les sanctions économiques visent la défense antimissile.")
    >>> sorted((m["frame"], m["text"]) for m in frame_matches(d, sentence_spans(d)))[1:]
    [('external_regulation', 'sanctions'), ('security_defense', 'défense antimissile')]
    """
    sent_of = sentence_lookup(doc, sents)
    by_frame: dict[str, list[Span]] = {}
    for (frame, term), s, e in frame_matcher(path)(doc, forms):
        by_frame.setdefault(frame, []).append(Span(doc, s, e, label=frame, span_id=term))
    out = []
    for frame, spans in by_frame.items():
        for span in filter_spans(spans):
            sid = sent_of[span.start]
            if sid >= 0:
                out.append({"sentence_id": sid, "frame": frame, "term": span.id_,
                            "text": span.text.lower(), "start": span.start_char})
    out.sort(key=lambda m: (m["start"], m["frame"]))
    return out


def frames_table(matches: list[dict], article_id: str, order: list[str]) -> Table:
    """The ``frames`` table: one row per sentence and frame evoked, with its terms.

    ``terms`` joins the distinct matched words (as written, lower case) with "; ";
    ``n_terms`` counts every match.  Rows are ordered by sentence, then codebook order.

    Examples
    --------
    >>> m = [{"sentence_id": 0, "frame": "economic", "text": "prix", "start": 0},
    ...      {"sentence_id": 0, "frame": "economic", "text": "prix", "start": 9}]
    >>> frames_table(m, "a", ["economic"]).frame[["frame", "terms", "n_terms"]].values.tolist()
    [['economic', 'prix', 2]]
    """
    rank = {f: i for i, f in enumerate(order)}
    groups: dict[tuple[int, str], list[str]] = {}
    for m in matches:
        groups.setdefault((m["sentence_id"], m["frame"]), []).append(m["text"])
    rows = [{"sentence_id": sid, "frame": fr, "terms": "; ".join(dict.fromkeys(words)),
             "n_terms": len(words)} for (sid, fr), words in groups.items()]
    rows.sort(key=lambda r: (r["sentence_id"], rank.get(r["frame"], len(rank)), r["frame"]))
    return rows_table(article_id, rows, {"sentence_id": "int64", "frame": "str",
                                                    "terms": "str", "n_terms": "int64"})


def summarise_frames(frames, n_sentences: int, dims: pd.DataFrame,
                     n_dominant: int = N_DOMINANT) -> dict:
    """The ``frames`` block of ``summary.json``.

    ``frames`` is the ``frames`` table, a :class:`~analysis.tables.Table` or a DataFrame.
    ``shares``: each frame's share of all term matches (sums to 1 when anything
    matched); ``sentence_shares``: share of sentences evoking the frame;
    ``dominant``: the ``n_dominant`` frames evoked in most sentences (ties broken
    by matches, then codebook order), frames never evoked excluded.

    Examples
    --------
    >>> f = pd.DataFrame({"sentence_id": [0, 1, 1], "frame": ["economic", "economic", "political"],
    ...                   "n_terms": [1, 2, 1]})
    >>> s = summarise_frames(f, 4, load_frame_dimensions())
    >>> s["dominant"], s["shares"]["economic"], s["sentence_shares"]["political"]
    (['economic', 'political'], 0.75, 0.25)
    """
    order = dims["frame"].tolist()
    # matches and sentences per frame (plain lists: a few rows do not pay for a groupby)
    hits: dict[str, int] = {}
    sents: dict[str, int] = {}
    seen = set()
    for frame, sid, k in zip(frames["frame"], frames["sentence_id"], frames["n_terms"]):
        hits[frame] = hits.get(frame, 0) + int(k)
        if (frame, sid) not in seen:
            seen.add((frame, sid))
            sents[frame] = sents.get(frame, 0) + 1
    total = float(sum(hits.values()))
    n = max(n_sentences, 1)
    ranked = sorted((f for f in order if sents.get(f, 0) > 0),
                    key=lambda f: (-int(sents.get(f, 0)), -int(hits.get(f, 0)), order.index(f)))
    return {
        "method": "dictionary (resources/frames_lexicon.tsv)",
        "n_sentences_framed": len({sid for _, sid in seen}),
        "n_matches": int(total),
        "shares": {f: (float(hits.get(f, 0)) / total if total else 0.0) for f in order},
        "sentence_shares": {f: int(sents.get(f, 0)) / n for f in order},
        "dominant": ranked[:n_dominant],
        "labels": dict(zip(order, dims["label"].tolist())),
    }


# --- analyser ----------------------------------------------------------------------------

def run(ctx) -> None:
    """Add the ``frames`` table and the ``frames`` summary block.

    Examples
    --------
    >>> from analysis.article import analyse_text
    >>> res = analyse_text("Les États-Unis auraient proposé un accord militaire à la Turquie.")
    >>> res.tables["frames"][["frame", "terms"]].values.tolist()
    [['policy', 'proposé'], ['security_defense', 'militaire'], ['external_regulation', 'accord']]
    >>> "security_defense" in res.summary["frames"]["dominant"]
    True
    """
    dims = _dims_frame(str(FRAMES_DIMENSIONS_FILE))  # read only here: no copy needed
    matches = frame_matches(ctx.doc, ctx.sents, path=getattr(ctx.settings, "frames_lexicon", None),
                            forms=article_forms(ctx))
    frames = frames_table(matches, ctx.article_id, dims["frame"].tolist())
    ctx.tables["frames"] = frames
    ctx.summary["frames"] = summarise_frames(frames, len(ctx.sentences), dims)
