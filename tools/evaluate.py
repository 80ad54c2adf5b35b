"""Score the kit on the hand-coded validation sets in data/validation/.

    .venv/bin/python tools/evaluate.py tone [--split dev] [--methods news,textblob-fr] [--errors 30]
    .venv/bin/python tools/evaluate.py quotes [--split dev] [--errors 30]
    .venv/bin/python tools/evaluate.py entities [--split dev] [--errors 30]

Prints one JSON object (figures with 95% bootstrap intervals); ``--errors N``
also prints up to N mistakes to stderr.  Tune on ``dev`` only; ``test`` is for
reporting (docs/tone.md, docs/framing.md, docs/entities.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import config  # noqa: E402
from analysis.analysers.tone.common import evidence_table  # noqa: E402
from analysis.article import analyse_text  # noqa: E402
from analysis.context import Settings  # noqa: E402
from analysis.intake import InputError  # noqa: E402
from analysis.study.evaluate import (  # noqa: E402
    entity_key,
    entity_scores,
    locate,
    quote_matches,
    quote_scores,
    tone_scores,
    unit_polarity,
)
from analysis.study.validation import polarity_class  # noqa: E402

VALIDATION = ROOT / "data" / "validation"


def _split(df: pd.DataFrame, split: str) -> pd.DataFrame:
    return df if split == "all" else df[df["split"] == split]


def _analyse(text: str, article_id: str, settings: Settings):
    """The kit's result, or None when the text is refused (counted by the caller)."""
    try:
        return analyse_text(text, article_id=article_id, settings=settings)
    except InputError:
        return None


# ----------------------------------------------------------------------------- tone

def tone(args) -> dict:
    gold = _split(pd.read_csv(VALIDATION / "tone" / "gold.csv", dtype={"item_id": str}), args.split)
    if args.genre:
        gold = gold[gold["genre"].isin(args.genre.split(","))]
    methods = args.methods.split(",") if args.methods else list(config.SENTIMENT_METHODS)
    settings = Settings(sentiment="all")
    preds = {m: [] for m in methods}
    refused, evid = [], {}
    for row in gold.itertuples():
        res = _analyse(row.text, row.item_id, settings)
        if res is None:
            refused.append(row.item_id)
        ev = res.tables["evidence"] if res is not None else evidence_table([]).frame
        evid[row.item_id] = ev
        for m in methods:
            preds[m].append(unit_polarity(ev, m))
    out = {"set": "tone", "split": args.split, "n_items": int(len(gold)), "refused": refused,
           "by_genre": {}, "methods": {}}
    g = gold["gold"].astype(int).tolist()
    for m in methods:
        codes = polarity_class(preds[m]).astype(int).tolist()
        out["methods"][m] = tone_scores(g, codes, n_boot=args.boot)
        for genre, sub in gold.assign(_p=codes).groupby("genre"):
            out["by_genre"].setdefault(genre, {})[m] = {
                k: v for k, v in tone_scores(sub["gold"].astype(int).tolist(), sub["_p"].tolist(),
                                             n_boot=args.boot).items() if k in ("n", "macro_f1", "macro_f1_ci",
                                                                                 "alpha_nominal", "accuracy")}
    if args.errors:
        m = methods[0]
        codes = polarity_class(preds[m]).astype(int).tolist()
        shown = 0
        for row, p, c in zip(gold.itertuples(), preds[m], codes):
            if c != int(row.gold) and shown < args.errors:
                ev = evid[row.item_id]
                words = ", ".join(f"{w}:{v:+.2f}" for w, v in ev[ev["method"] == m][["words", "polarity"]]
                                  .itertuples(index=False))
                print(f"[{row.item_id}] gold {int(row.gold):+d} {m} {c:+d} ({p:+.2f}) {row.text}\n    {words}",
                      file=sys.stderr)
                shown += 1
    return out


# ----------------------------------------------------------------------------- quotes

def quotes(args) -> dict:
    folder = VALIDATION / "quotes"
    first = pd.read_json(folder / "texts.jsonl", lines=True, dtype={"doc_id": str})
    gold_all = pd.read_csv(folder / "gold.csv", dtype={"doc_id": str}, keep_default_na=False)
    # the later dev sets (dev only): texts_<set>.jsonl and <set>_gold.csv
    extra = {name: (pd.read_json(folder / f"texts_{name}.jsonl", lines=True, dtype={"doc_id": str}),
                    pd.read_csv(folder / f"{name}_gold.csv", dtype={"doc_id": str}, keep_default_na=False))
             for name in ("dev2", "dev3") if (folder / f"{name}_gold.csv").exists()}
    if args.split in extra:
        texts, more = extra[args.split]
        gold_all = pd.concat([gold_all, more], ignore_index=True)
    elif args.split == "devall":
        texts = pd.concat([first[first["split"] == "dev"], *(t for t, _ in extra.values())])
        gold_all = pd.concat([gold_all, *(g for _, g in extra.values())], ignore_index=True)
    else:
        texts = _split(first, args.split)
    gold_rows, pred_rows, refused, lost = [], [], [], []
    cleaned = {}
    for doc in texts.itertuples():
        res = _analyse(doc.text, doc.doc_id, Settings())
        if res is None:
            refused.append(doc.doc_id)
            text = doc.text
        else:
            text = res.cleaned.text
            q = res.tables["quotes"]
            for r in q.itertuples():
                pred_rows.append({"doc_id": doc.doc_id, "kind": r.kind, "speaker": r.speaker,
                                  "speaker_kind": r.speaker_kind, "start": int(r.start), "end": int(r.end),
                                  "quote": r.quote, "cue": r.cue})
        cleaned[doc.doc_id] = text
        used = []
        for g in gold_all[gold_all["doc_id"] == doc.doc_id].itertuples():
            span, pos = None, 0
            while True:
                span = locate(g.quote, text, pos)
                if span is None or span not in used:
                    break
                pos = span[0] + 1
            if span is None:
                lost.append(f"{doc.doc_id}: {g.quote[:60]}")
                span = (-10, -5)  # never overlaps: counted as missed
            used.append(span)
            gold_rows.append({"doc_id": doc.doc_id, "kind": g.kind, "speaker": g.speaker,
                              "speaker_kind": g.speaker_kind or "unknown", "start": span[0], "end": span[1],
                              "quote": g.quote, "cue": g.cue})
    gold = pd.DataFrame(gold_rows)
    pred = pd.DataFrame(pred_rows, columns=["doc_id", "kind", "speaker", "speaker_kind", "start", "end",
                                            "quote", "cue"])
    out = {"set": "quotes", "split": args.split, "n_docs": int(len(texts)), "refused": refused,
           "gold_not_located": lost, **quote_scores(gold, pred, n_boot=args.boot)}
    if args.errors:
        m = quote_matches(gold, pred)
        shown = 0
        for r in m.itertuples():
            if shown >= args.errors:
                break
            if r.gold >= 0 and r.pred < 0:
                g = gold.loc[r.gold]
                print(f"MISSED [{r.doc_id}] {g.kind} «{g.quote[:90]}» — {g.speaker} ({g.speaker_kind})",
                      file=sys.stderr)
            elif r.gold < 0:
                p = pred.loc[r.pred]
                print(f"EXTRA  [{r.doc_id}] {p.kind} «{p.quote[:90]}» — {p.speaker} ({p.speaker_kind}, {p.cue})",
                      file=sys.stderr)
            elif not r.speaker_ok:
                g, p = gold.loc[r.gold], pred.loc[r.pred]
                print(f"SPEAKER [{r.doc_id}] «{g.quote[:70]}» gold {g.speaker} ({g.speaker_kind}) "
                      f"kit {p.speaker!r} ({p.speaker_kind}, {p.cue})", file=sys.stderr)
            else:
                continue
            shown += 1
    return out


# ----------------------------------------------------------------------------- entities

def _sentence_spans(sentences: list[str], text: str) -> list[tuple[int, int]]:
    """Where each gold sentence starts in ``text`` (cleaned or raw); ends at the next start."""
    starts, pos = [], 0
    for s in sentences:
        words = s.split()
        found = None
        for probe in (" ".join(words[:8]), " ".join(words[-8:]), " ".join(words[:3])):
            span = locate(probe, text, pos)
            if span is not None:
                found = span[0] if probe != " ".join(words[-8:]) else max(pos, span[1] - len(s))
                break
        starts.append(found if found is not None else pos)
        pos = max(pos, starts[-1] + 1)
    ends = starts[1:] + [len(text)]
    return list(zip(starts, ends))


def _assign(ids, spans, ents) -> dict[str, list[tuple[str, str]]]:
    out = {i: [] for i in ids}
    for start, text, label in ents:
        for i, (s, e) in zip(ids, spans):
            if s <= start < e:
                out[i].append((text, label))
                break
    return out


def entities(args) -> dict:
    import spacy

    sents = pd.read_json(VALIDATION / "entities" / "sentences.jsonl", lines=True, dtype={"id": str})
    sents = _split(sents, args.split)
    gold_lines = [json.loads(x) for x in (VALIDATION / "entities" / "gold.jsonl").read_text("utf-8").splitlines()
                  if x.strip()]
    gold = {g["id"]: [(e["text"], e["label"]) for e in g["entities"]] for g in gold_lines
            if g["id"] in set(sents["id"])}
    raw_nlp = spacy.load(config.SPACY_MODEL)
    kit, raw, refused = {}, {}, []
    for _, block in sents.groupby(["era", "block"], sort=False):
        ids, texts = block["id"].tolist(), block["text"].tolist()
        joined = "\n\n".join(texts)
        doc = raw_nlp(joined)
        raw.update(_assign(ids, _sentence_spans(texts, joined),
                           [(e.start_char, e.text, e.label_) for e in doc.ents]))
        res = _analyse(joined, ids[0], Settings())
        if res is None:
            refused.append(ids[0])
            kit.update({i: [] for i in ids})
            continue
        ment = res.tables["mentions"]
        kit.update(_assign(ids, _sentence_spans(texts, res.cleaned.text),
                           list(zip(ment["start"], ment["text"], ment["label"]))))
    out = {"set": "entities", "split": args.split, "n_sentences": int(len(sents)), "refused": refused,
           "kit": entity_scores(gold, kit, n_boot=args.boot), "raw_model": entity_scores(gold, raw, n_boot=args.boot)}
    for era, sub in sents.groupby("era"):
        ids = set(sub["id"])
        out[f"kit_{era}"] = {k: v for k, v in entity_scores({i: gold.get(i, []) for i in ids},
                                                            {i: kit.get(i, []) for i in ids},
                                                            n_boot=args.boot).items() if k != "per_label"}
        out[f"raw_model_{era}"] = {k: v for k, v in entity_scores({i: gold.get(i, []) for i in ids},
                                                                  {i: raw.get(i, []) for i in ids},
                                                                  n_boot=args.boot).items() if k != "per_label"}
    if args.errors:
        shown = 0
        text_of = dict(zip(sents["id"], sents["text"]))
        for i in sents["id"]:
            g = sorted(entity_key(t, lab) for t, lab in gold.get(i, []))
            k = sorted(entity_key(t, lab) for t, lab in kit.get(i, []))
            if g != k and shown < args.errors:
                print(f"[{i}] {text_of[i]}\n    gold: {g}\n    kit:  {k}\n    raw:  {sorted(raw.get(i, []))}",
                      file=sys.stderr)
                shown += 1
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("set", choices=["tone", "quotes", "entities"])
    p.add_argument("--split", default="dev", choices=["dev", "test", "all", "dev2", "dev3", "devall"],
                   help="quotes only: dev2 and dev3 are the second and third dev sets, devall every dev set")
    p.add_argument("--methods", default=None, help="tone methods to score, comma-separated")
    p.add_argument("--genre", default=None, help="tone: only these genres (news,headline,tweet)")
    p.add_argument("--errors", type=int, default=0, help="print up to N mistakes to stderr")
    p.add_argument("--boot", type=int, default=1000, help="bootstrap resamples")
    args = p.parse_args(argv)
    out = {"tone": tone, "quotes": quotes, "entities": entities}[args.set](args)
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
