"""Write the kit's outputs for a fixed set of inputs and print a manifest of their hashes.

    .venv/bin/python tools/snapshot_outputs.py OUT_DIR > manifest.txt

Used to check that a refactoring changes no byte: run it before and after, then
``diff`` the two manifests.  Inputs: the bundled article alone, and a corpus of
24 articles (the 12 of ``data/raw/comparison`` and the first 12 articles of
``data/validation/quotes``), both through the command line with ``--no-cache``.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


def main(out: str) -> int:
    out_dir = Path(out)
    with tempfile.TemporaryDirectory() as tmp:
        comparison = pd.read_csv(ROOT / "data/raw/comparison/articles.csv", dtype=str)
        quotes = pd.read_json(ROOT / "data/validation/quotes/texts.jsonl", lines=True, dtype={"doc_id": str})
        more = pd.DataFrame({"id": quotes["doc_id"].head(12), "outlet": "validation", "date": "2026-01-01",
                             "title": None, "url": None, "text": quotes["text"].head(12)})
        corpus = Path(tmp) / "corpus24.csv"
        pd.concat([comparison, more], ignore_index=True).to_csv(corpus, index=False)
        py = sys.executable
        for args in (["data/raw/us-turkey-s400-ukraine.txt", "--out", str(out_dir / "single")],
                     [str(corpus), "--out", str(out_dir / "corpus")]):
            subprocess.run([py, "-m", "analysis", "report", *args, "--no-cache", "-q"], cwd=ROOT, check=True)
    for path in sorted(p for p in out_dir.rglob("*") if p.is_file()):
        print(hashlib.sha256(path.read_bytes()).hexdigest()[:16], path.relative_to(out_dir))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
