"""What each entity rule adds on top of the model: a leave-one-out ablation on the dev split.

    .venv/bin/python tools/entity_ablation.py [--rules trim,propagate] [--diff RULE] [--boot N]

Each block of ``data/validation/entities/sentences.jsonl`` (dev split only: the test
split is for ``tools/evaluate.py``, once) is cleaned and parsed once, as the kit
does, then the entities analyser runs with every rule on, with each rule of
``analysis.analysers.entities.RULES`` switched off in turn, and with all of them off; the
entity ruler is measured with a second parse without it.  Scoring is the one of
``tools/evaluate.py entities`` (strict (text, label) per sentence, EQUIP scored as
MISC), and the raw model (plain ``spacy.load``) is the floor.  A rule's gain is
the score with every rule on minus the score with that rule off.

Prints a Markdown table (for docs/entities.md) and, with ``--diff RULE``, the
sentences whose score the rule changes.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from evaluate import VALIDATION, _assign, _sentence_spans  # noqa: E402

from analysis import clean as clean_mod  # noqa: E402
from analysis import config  # noqa: E402
from analysis import nlp as nlp_mod  # noqa: E402
from analysis.analysers import entities  # noqa: E402
from analysis.article import sentences_table  # noqa: E402
from analysis.context import ArticleContext, Settings  # noqa: E402
from analysis.study.evaluate import entity_key, entity_scores  # noqa: E402

NO_PATTERNS = str(ROOT / "tools" / "no-such-pattern-file.jsonl")  # load_nlp without the ruler


def load(split: str = "dev", gold_file: Path | None = None):
    sents = pd.read_json(VALIDATION / "entities" / "sentences.jsonl", lines=True, dtype={"id": str})
    sents = sents[sents["split"] == split]
    lines = (gold_file or VALIDATION / "entities" / "gold.jsonl").read_text("utf-8").splitlines()
    wanted = set(sents["id"])
    gold = {}
    for line in lines:
        if line.strip():
            g = json.loads(line)
            if g["id"] in wanted:
                gold[g["id"]] = [(e["text"], e["label"]) for e in g["entities"]]
    return sents, gold


def blocks(sents: pd.DataFrame):
    """(ids, texts, joined, cleaned) per block, as tools/evaluate.py builds them."""
    out = []
    for _, block in sents.groupby(["era", "block"], sort=False):
        ids, texts = block["id"].tolist(), block["text"].tolist()
        joined = "\n\n".join(texts)
        out.append((ids, texts, joined, clean_mod.clean_text(joined)))
    return out


def contexts(bl, nlp) -> list[ArticleContext]:
    out = []
    for ids, _texts, _joined, cleaned in bl:
        doc = nlp_mod.parse(cleaned.text, nlp)
        sents = nlp_mod.sentence_spans(doc)
        table = sentences_table(doc, sents, ids[0], cleaned.paragraph_starts, cleaned.title_end)
        out.append(ArticleContext(article_id=ids[0], doc=doc, sents=sents, sentences=table,
                                  settings=Settings()))
    return out


def predict(bl, ctxs, datelines: bool = False) -> dict[str, list[tuple[str, str]]]:
    """The kit's mentions per sentence (with ``datelines``: also each dateline's place, as LOC)."""
    pred = {}
    for (ids, texts, _joined, cleaned), ctx in zip(bl, ctxs):
        ctx.tables, ctx.summary = {}, {}
        entities.run(ctx)
        m = ctx.tables["mentions"]
        found = list(zip(m["start"], m["text"], m["label"]))
        if datelines:
            found += [(d["start"], d["text"], "LOC") for d in ctx.summary["entities"]["datelines"]]
        pred.update(_assign(ids, _sentence_spans(texts, cleaned.text), sorted(found)))
    return pred


def raw_predictions(bl) -> dict[str, list[tuple[str, str]]]:
    import spacy

    raw_nlp = spacy.load(config.SPACY_MODEL)
    pred = {}
    for ids, texts, joined, _cleaned in bl:
        doc = raw_nlp(joined)
        pred.update(_assign(ids, _sentence_spans(texts, joined),
                            [(e.start_char, e.text, e.label_) for e in doc.ents]))
    return pred


def figures(gold, pred, n_boot: int) -> dict:
    s = entity_scores(gold, pred, n_boot=n_boot)
    return {k: s[k] for k in ("precision", "recall", "f1", "tp", "fp", "fn")} | {
        "per_label": {lab: v["f1"] for lab, v in s["per_label"].items()}}


def diff(gold, with_rule, without, text_of) -> None:
    """Sentences where the rule changes the matched set."""
    for i in sorted(gold):
        a = Counter(entity_key(t, lab) for t, lab in with_rule.get(i, []))
        b = Counter(entity_key(t, lab) for t, lab in without.get(i, []))
        if a != b:
            g = Counter(entity_key(t, lab) for t, lab in gold[i])
            gain = sum((a & g).values()) - sum((b & g).values())
            extra = sum(a.values()) - sum(b.values())
            print(f"[{i}] tp {gain:+d} n {extra:+d} {text_of[i][:120]}\n    on:  {sorted(a.elements())}\n"
                  f"    off: {sorted(b.elements())}\n    gold: {sorted(g.elements())}")


def errors(gold, pred, text_of) -> None:
    """Missed (-) and extra (+) entities of each sentence, with the sentence."""
    for i in sorted(gold):
        g = Counter(entity_key(t, lab) for t, lab in gold[i])
        p = Counter(entity_key(t, lab) for t, lab in pred.get(i, []))
        if g != p:
            print(f"[{i}] {text_of[i][:160]}\n    - {sorted((g - p).elements())}\n    + {sorted((p - g).elements())}")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rules", default=None, help="only these rules (comma-separated)")
    p.add_argument("--diff", default=None, help="print the sentences this rule changes")
    p.add_argument("--boot", type=int, default=0, help="bootstrap resamples for the kit and raw rows")
    p.add_argument("--json", action="store_true", help="print JSON instead of a Markdown table")
    p.add_argument("--errors", action="store_true", help="print the kit's mistakes (every rule on) and stop")
    p.add_argument("--gold", type=Path, default=None, help="another gold file (e.g. one coder's pass)")
    args = p.parse_args(argv)

    sents, gold = load("dev", args.gold)
    text_of = dict(zip(sents["id"], sents["text"]))
    bl = blocks(sents)
    ctxs = contexts(bl, nlp_mod.load_nlp())
    rules = args.rules.split(",") if args.rules else list(entities.RULES)
    rows = {}
    full = predict(bl, ctxs)
    if args.errors:
        errors(gold, full, text_of)
        return 0
    rows["kit (every rule)"] = figures(gold, full, args.boot)
    rows["raw model"] = figures(gold, raw_predictions(bl), args.boot)
    rows["kit, dateline places scored as LOC mentions"] = figures(gold, predict(bl, ctxs, datelines=True), 0)
    with entities.rules_off(*entities.RULES):
        rows["no rule (model + ruler spans as they are)"] = figures(gold, predict(bl, ctxs), 0)
    if args.diff == "entity_ruler" or "entity_ruler" in rules or not args.rules:
        no_ruler = predict(bl, contexts(bl, nlp_mod.load_nlp(patterns=NO_PATTERNS)))
        rows["- entity_ruler"] = figures(gold, no_ruler, 0)
        if args.diff == "entity_ruler":
            diff(gold, full, no_ruler, text_of)
    for rule in rules:
        if rule == "entity_ruler":
            continue
        with entities.rules_off(rule):
            pred = predict(bl, ctxs)
        rows[f"- {rule}"] = figures(gold, pred, 0)
        if args.diff == rule:
            diff(gold, full, pred, text_of)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    base = rows["kit (every rule)"]
    print(f"dev: {len(gold)} sentences, {base['tp'] + base['fn']} gold entities\n")
    what = {"entity_ruler": "EQUIP patterns and département d'État (entity_patterns.jsonl)", **entities.RULES}
    print("| rule | what it does | P without | R without | F1 without | gain P | gain R | gain F1 |")
    print("|---|---|---|---|---|---|---|---|")
    for name, r in rows.items():
        if name.startswith("- "):
            gains = [base[k] - r[k] for k in ("precision", "recall", "f1")]
            g = " | ".join(f"{v:+.3f}" for v in gains)
            print(f"| `{name[2:]}` | {what.get(name[2:], '')} | {r['precision']:.3f} | {r['recall']:.3f} "
                  f"| {r['f1']:.3f} | {g} |")
        else:
            print(f"| **{name}** | | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | | | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
