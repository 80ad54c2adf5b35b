"""Build the validation sets in data/validation/: splits, coder agreement, gold.

    .venv/bin/python tools/build_validation.py split tone|quotes|entities
    .venv/bin/python tools/build_validation.py agreement tone|quotes|entities
    .venv/bin/python tools/build_validation.py gold tone

``split`` assigns each unit to ``dev`` or ``test`` from a hash of its id (tone
items one by one, quote articles whole, entity sentences by article block), so
the split never depends on the order of the files or on the codes.
``agreement`` compares the two independent codings (``coder_1``, ``coder_2``)
and writes ``agreement.json`` beside them. ``gold tone`` writes ``gold.csv``:
the code both coders gave, or the adjudicated code where they differ
(``adjudication.csv``). Quote and entity gold files are written by the
adjudication pass itself (see each set's README).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.study.evaluate import bootstrap, entity_scores, locate, macro_f1, quote_matches, quote_scores  # noqa: E402
from analysis.study.validation import krippendorff_alpha  # noqa: E402

VALIDATION = ROOT / "data" / "validation"


def split_of(key: str) -> str:
    """``dev`` or ``test``, half and half, from a hash of the unit's key."""
    return "dev" if int(hashlib.sha256(key.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "test"


def split(kind: str) -> None:
    folder = VALIDATION / kind
    if kind == "tone":
        items = pd.concat([pd.read_csv(folder / f, dtype=str, keep_default_na=False)
                           for f in ("items_news.csv", "items_tweets.csv")], ignore_index=True)
        items.insert(1, "split", items["item_id"].map(split_of))
        items.to_csv(folder / "items.csv", index=False)
        print(items.groupby(["genre", "split"]).size())
    elif kind == "quotes":
        texts = pd.read_json(folder / "texts.jsonl", lines=True, dtype={"doc_id": str})
        texts["split"] = texts["doc_id"].map(split_of)
        _write_jsonl(folder / "texts.jsonl", texts)
        print(texts.groupby("split").size())
    else:
        sents = pd.read_json(folder / "sentences.jsonl", lines=True, dtype={"id": str})
        sents["split"] = [split_of(f"{e}-{b}") for e, b in zip(sents["era"], sents["block"])]
        _write_jsonl(folder / "sentences.jsonl", sents)
        print(sents.groupby(["era", "split"]).size())


def _write_jsonl(path: Path, df: pd.DataFrame) -> None:
    lines = [json.dumps({k: (int(v) if isinstance(v, np.integer) else v) for k, v in row.items()},
                        ensure_ascii=False) for row in df.to_dict("records")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _tone_codes(folder: Path, coder: str) -> pd.Series:
    df = pd.read_csv(folder / f"{coder}.csv", dtype={"item_id": str})
    return df.set_index("item_id")["code"].astype(int)


def agreement(kind: str) -> dict:
    folder = VALIDATION / kind
    if kind == "tone":
        items = pd.read_csv(folder / "items.csv", dtype=str, keep_default_na=False)
        a, b = _tone_codes(folder, "coder_1"), _tone_codes(folder, "coder_2")
        both = items[["item_id", "genre"]].assign(a=items["item_id"].map(a), b=items["item_id"].map(b))
        out = {"n": int(len(both)), "n_coded_both": int(both[["a", "b"]].notna().all(axis=1).sum())}
        for name, sub in [("all", both), *both.groupby("genre")]:
            pairs = list(zip(sub["a"], sub["b"]))
            arr = sub[["a", "b"]].to_numpy(dtype="float64")
            out[name] = {"n": int(len(sub)),
                         "percent_agreement": round(float((sub["a"] == sub["b"]).mean()), 4),
                         "alpha_nominal": round(krippendorff_alpha(arr, "nominal"), 4),
                         "alpha_nominal_ci": bootstrap(pairs, lambda ps: krippendorff_alpha(
                             np.asarray(ps, dtype="float64"), "nominal")),
                         "alpha_ordinal": round(krippendorff_alpha(arr, "ordinal"), 4),
                         "macro_f1_coder2_vs_coder1": macro_f1(sub["a"].tolist(), sub["b"].tolist())}
    elif kind in QUOTE_SETS:
        folder = VALIDATION / "quotes"
        texts_file, pre = QUOTE_SETS[kind]
        texts = pd.read_json(folder / texts_file, lines=True, dtype={"doc_id": str}).set_index("doc_id")
        coded = {c: _located(pd.read_csv(folder / f"{pre}{c}.csv", dtype=str, keep_default_na=False), texts)
                 for c in ("coder_1", "coder_2")}
        s = quote_scores(coded["coder_1"], coded["coder_2"])
        out = {"quotes_coder_1": int(len(coded["coder_1"])), "quotes_coder_2": int(len(coded["coder_2"])),
               "f1": s["f1"], "f1_ci": s["f1_ci"], "speaker_agreement": s["speaker_accuracy"],
               "speaker_agreement_ci": s["speaker_accuracy_ci"],
               "not_located": {c: int((d["start"] < 0).sum()) for c, d in coded.items()}}
    else:
        passes = {}
        for c in ("coder_1", "coder_2"):
            lines = (folder / f"{c}.jsonl").read_text("utf-8").splitlines()
            passes[c] = {d["id"]: [(e["text"], e["label"]) for e in d["entities"]]
                         for d in map(json.loads, filter(str.strip, lines))}
        s = entity_scores(passes["coder_1"], passes["coder_2"])
        out = {"f1": s["f1"], "f1_ci": s["f1_ci"], "precision": s["precision"], "recall": s["recall"],
               "entities_coder_1": sum(map(len, passes["coder_1"].values())),
               "entities_coder_2": sum(map(len, passes["coder_2"].values())),
               "per_label_f1": {k: v["f1"] for k, v in s["per_label"].items()}}
    name = f"{QUOTE_SETS[kind][1]}agreement.json" if kind in QUOTE_SETS else "agreement.json"
    (folder / name).write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return out


def _located(df: pd.DataFrame, texts: pd.DataFrame) -> pd.DataFrame:
    """Quote rows with character spans in their article's raw text (-1 when not found)."""
    starts, ends, used = [], [], {}
    for r in df.itertuples():
        text = texts.at[r.doc_id, "text"]
        pos, span = 0, None
        while True:
            span = locate(r.quote, text, pos)
            if span is None or span not in used.setdefault(r.doc_id, set()):
                break
            pos = span[0] + 1
        if span is None:
            span = (-10, -5)
        used[r.doc_id].add(span)
        starts.append(span[0])
        ends.append(span[1])
    return df.assign(start=starts, end=ends, speaker_kind=df["speaker_kind"].replace("", "unknown"))


def _entity_passes(folder: Path) -> dict[str, dict[str, list]]:
    out = {}
    for c in ("coder_1", "coder_2"):
        lines = (folder / f"{c}.jsonl").read_text("utf-8").splitlines()
        out[c] = {d["id"]: d["entities"] for d in map(json.loads, filter(str.strip, lines))}
    return out


def _same(a: list, b: list) -> bool:
    return sorted((e["text"], e["label"]) for e in a) == sorted((e["text"], e["label"]) for e in b)


def disagreements_entities() -> None:
    """Write the sentences the two passes annotated differently, for the adjudication pass."""
    folder = VALIDATION / "entities"
    sents = pd.read_json(folder / "sentences.jsonl", lines=True, dtype={"id": str})
    p = _entity_passes(folder)
    rows = [{"id": r.id, "text": r.text, "coder_1": p["coder_1"][r.id], "coder_2": p["coder_2"][r.id]}
            for r in sents.itertuples() if not _same(p["coder_1"][r.id], p["coder_2"][r.id])]
    _write_jsonl(folder / "disagreements.jsonl", pd.DataFrame(rows))
    print(f"{len(rows)} sentences differ")


def gold_entities() -> None:
    """gold.jsonl: the shared annotation, or the adjudicated one where the passes differ."""
    folder = VALIDATION / "entities"
    sents = pd.read_json(folder / "sentences.jsonl", lines=True, dtype={"id": str})
    p = _entity_passes(folder)
    adj = {d["id"]: d["entities"] for d in map(json.loads, filter(
        str.strip, (folder / "adjudication.jsonl").read_text("utf-8").splitlines()))}
    rows, missing = [], []
    for r in sents.itertuples():
        a, b = p["coder_1"][r.id], p["coder_2"][r.id]
        if _same(a, b):
            rows.append({"id": r.id, "entities": a})
        elif r.id in adj:
            rows.append({"id": r.id, "entities": adj[r.id]})
        else:
            missing.append(r.id)
    if missing:
        raise SystemExit(f"{len(missing)} disagreements without adjudication: {missing[:10]}")
    for row, r in zip(rows, sents.itertuples()):
        for e in row["entities"]:
            assert e["text"] in r.text, (r.id, e)
    _write_jsonl(folder / "gold.jsonl", pd.DataFrame(rows))
    print(f"gold: {sum(len(x['entities']) for x in rows)} entities in {len(rows)} sentences")


#: Titles, ranks and functions a person mention includes when written right before the name
#: (codebook rule 1, as the impresso/HIPE newspaper guidelines and the model's training data do).
TITLES = ("M.", "MM.", "Mme", "Mmes", "Mlle", "Mlles", "Me", "Mgr", "Dr", "Pr", "sir", "lord", "lady", "sieur",
          "général", "générale", "maréchal", "colonel", "commandant", "capitaine", "lieutenant", "amiral",
          "vice-amiral", "roi", "reine", "empereur", "impératrice", "prince", "princesse", "duc", "duchesse",
          "comte", "comtesse", "baron", "baronne", "abbé", "cardinal", "pape", "président", "présidente",
          "professeur", "docteur", "maître")
_TITLE = re.compile(r"(?:(?<=\s)|(?<=^)|(?<=['’]))(" + "|".join(re.escape(t) for t in TITLES)
                    + r")\s+(?:(?:le|la)\s+)?$", re.I)


def with_titles(text: str, entities: list[dict]) -> tuple[list[dict], int]:
    """Extend PER mentions leftwards over the titles written right before them.

    Applied to both annotation passes alike (the codebook's rule 1 was made
    explicit about titles after the passes; see the README).
    """
    out, pos, changed = [], 0, 0
    for e in entities:
        i = text.find(e["text"], pos)
        pos = i + len(e["text"])
        start = i
        if e["label"] == "PER":
            while True:
                m = _TITLE.search(text[:start])
                if not m:
                    break
                start = m.start(1)
        if start != i:
            changed += 1
        out.append({"text": text[start:pos], "label": e["label"]})
    return out, changed


def extend_titles() -> None:
    folder = VALIDATION / "entities"
    sents = pd.read_json(folder / "sentences.jsonl", lines=True, dtype={"id": str}).set_index("id")["text"]
    for name in ("coder_1.jsonl", "coder_2.jsonl", "adjudication.jsonl"):
        lines = [json.loads(x) for x in (folder / name).read_text("utf-8").splitlines() if x.strip()]
        n = 0
        for d in lines:
            d["entities"], k = with_titles(sents[d["id"]], d["entities"])
            n += k
        (folder / name).write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in lines), "utf-8")
        print(f"{name}: {n} person mentions extended over their titles")


#: The quote sets: their texts and the prefix of their coding files.
QUOTE_SETS = {"quotes": ("texts.jsonl", ""), "quotes-dev2": ("texts_dev2.jsonl", "dev2_"),
              "quotes-dev3": ("texts_dev3.jsonl", "dev3_")}

#: The coded fields of a quote, shown side by side in the disagreements sheet.
_CODED = ("kind", "quote", "speaker", "speaker_kind", "cue")


def _quote_pairs(folder: Path, which: str = "quotes"):
    texts_file, pre = QUOTE_SETS[which]
    texts = pd.read_json(folder / texts_file, lines=True, dtype={"doc_id": str}).set_index("doc_id")
    a = _located(pd.read_csv(folder / f"{pre}coder_1.csv", dtype=str, keep_default_na=False), texts)
    b = _located(pd.read_csv(folder / f"{pre}coder_2.csv", dtype=str, keep_default_na=False), texts)
    return texts, a, b, quote_matches(a, b)


def disagreements_quotes(which: str = "quotes") -> None:
    """Units found by one pass only, or matched with another speaker or kind, for adjudication."""
    folder = VALIDATION / "quotes"
    pre = QUOTE_SETS[which][1]
    texts, a, b, m = _quote_pairs(folder, which)
    rows = []
    for r in m.itertuples():
        ra = a.loc[r.gold] if r.gold >= 0 else None
        rb = b.loc[r.pred] if r.pred >= 0 else None
        if ra is not None and rb is not None:
            same_kind = ra["kind"] == rb["kind"]
            if r.speaker_ok and same_kind:
                continue
            why = "speaker" if not r.speaker_ok else "kind"
        else:
            why = "only_coder_1" if rb is None else "only_coder_2"
        row = ra if ra is not None else rb
        text = texts.at[r.doc_id, "text"]
        para_start = text.rfind("\n\n", 0, max(int(row["start"]), 0)) + 2
        para_end = text.find("\n\n", int(row["end"]))
        rows.append({"id": f"d{len(rows) + 1:03d}", "doc_id": r.doc_id, "why": why,
                     **{f"c1_{k}": (ra[k] if ra is not None else "") for k in _CODED},
                     **{f"c2_{k}": (rb[k] if rb is not None else "") for k in _CODED},
                     "paragraph": text[para_start: para_end if para_end > 0 else len(text)]})
    pd.DataFrame(rows).to_csv(folder / f"{pre}disagreements.csv", index=False)
    print(pd.DataFrame(rows)["why"].value_counts())


def gold_quotes(which: str = "quotes") -> None:
    """gold.csv: units both passes agree on (coder 1's row) plus the adjudicated ones."""
    folder = VALIDATION / "quotes"
    pre = QUOTE_SETS[which][1]
    texts, a, b, m = _quote_pairs(folder, which)
    dis = pd.read_csv(folder / f"{pre}disagreements.csv", dtype=str, keep_default_na=False)
    adj = pd.read_csv(folder / f"{pre}adjudication.csv", dtype=str, keep_default_na=False).set_index("id")
    missing = sorted(set(dis["id"]) - set(adj.index))
    if missing:
        raise SystemExit(f"{len(missing)} disagreements without adjudication: {missing[:10]}")
    cols = ["doc_id", "kind", "quote", "speaker", "speaker_kind", "cue"]
    keep = []
    for r in m.itertuples():
        if r.gold >= 0 and r.pred >= 0 and r.speaker_ok and a.at[r.gold, "kind"] == b.at[r.pred, "kind"]:
            keep.append({**a.loc[r.gold, cols].to_dict(), "_start": int(a.at[r.gold, "start"])})
    for d in dis.itertuples():
        row = adj.loc[d.id]
        if row["decision"] == "drop":
            continue
        src = {"keep_1": "c1_", "keep_2": "c2_"}.get(row["decision"])
        fields = ({k: getattr(d, src + k) for k in cols[1:]} if src else {k: row[k] for k in cols[1:]})
        start = (_located(pd.DataFrame([{"doc_id": d.doc_id, **fields}]), texts)["start"].iloc[0])
        keep.append({"doc_id": d.doc_id, **fields, "_start": int(start)})
    gold = pd.DataFrame(keep).sort_values(["doc_id", "_start"], kind="mergesort").drop(columns="_start")
    bad = gold[[t.quote not in texts.at[t.doc_id, "text"] for t in gold.itertuples()]]
    if len(bad):
        raise SystemExit(f"quotes not found in their article: {bad[['doc_id', 'quote']].values.tolist()[:5]}")
    gold[cols].to_csv(folder / f"{pre}gold.csv", index=False)
    print(gold.groupby("kind").size(), gold.groupby("speaker_kind").size())


def gold_tone() -> None:
    folder = VALIDATION / "tone"
    items = pd.read_csv(folder / "items.csv", dtype=str, keep_default_na=False)
    a, b = _tone_codes(folder, "coder_1"), _tone_codes(folder, "coder_2")
    adj = pd.read_csv(folder / "adjudication.csv", dtype={"item_id": str}).set_index("item_id")["code"]
    items["coder_1"], items["coder_2"] = items["item_id"].map(a), items["item_id"].map(b)
    agreed = items["coder_1"] == items["coder_2"]
    items["gold"] = np.where(agreed, items["coder_1"], items["item_id"].map(adj))
    missing = items[items["gold"].isna()]
    if len(missing):
        raise SystemExit(f"{len(missing)} disagreements without adjudication: {missing['item_id'].tolist()[:10]}")
    items["gold"] = items["gold"].astype(int)
    items.to_csv(folder / "gold.csv", index=False)
    print(items.groupby(["genre", "split", "gold"]).size().unstack(fill_value=0))


if __name__ == "__main__":
    cmd, kind = sys.argv[1], sys.argv[2]
    if cmd == "split":
        split(kind)
    elif cmd == "agreement":
        agreement(kind)
    elif cmd == "gold" and kind == "tone":
        gold_tone()
    elif cmd == "gold" and kind == "entities":
        gold_entities()
    elif cmd == "disagreements" and kind in QUOTE_SETS:
        disagreements_quotes(kind)
    elif cmd == "gold" and kind in QUOTE_SETS:
        gold_quotes(kind)
    elif cmd == "titles" and kind == "entities":
        extend_titles()
    elif cmd == "disagreements" and kind == "entities":
        disagreements_entities()
    else:
        raise SystemExit(__doc__)
