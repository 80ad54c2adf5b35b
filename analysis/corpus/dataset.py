"""The corpus dataset ``OUT/corpus/<table>/part-NNNNN.parquet``: parts, summaries, comparison charts.

One part per batch (:func:`part_tables`, :func:`part_bytes`); :class:`CorpusWriter` gathers them in
a temporary folder, adds the ``summaries`` table and the comparison charts, and
puts the whole dataset in place at the end of the run.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .. import config, viz
from ..intake import InputError
from ..output.figures import cadrage_style, new_figure, save_figure
from ..output.files import atomic_write_bytes, atomic_write_text, summary_to_json, table_to_csv
from .cache import Cache, versions_fingerprint

#: Columns the dataset adds to every table, after ``article_id`` (no article table has them).
DATASET_COLUMNS = ("outlet", "date")
#: Dataset table with one row per article and its whole ``summary.json`` (``summary_json``),
#: from which an article folder can be written later.
ARTICLES_TABLE = "articles"
#: Folder of the dataset being built where the workers put each part's CSV text (``--csv``),
#: ``<table>/part-NNNNN.csv``, joined into ``<table>.csv`` at the end and removed.
CSV_PARTS = ".csv-parts"
#: Prefix of the kit's temporary folders in OUT (the corpus dataset being built, the
#: previous one being removed): only names in the kit's ``.cadrage-`` namespace are
#: ever removed as leftovers of an interrupted run.
TMP_PREFIX = ".cadrage-corpus."


def summary_row(summary: dict[str, Any]) -> dict[str, Any]:
    """Flatten a summary to scalar columns (``tone_mean_polarity``, …) for the corpus table.

    Examples
    --------
    >>> summary_row({"article_id": "a", "tone": {"mean": 0.1}, "top": ["x"]})
    {'article_id': 'a', 'tone_mean': 0.1}
    """
    row: dict[str, Any] = {}

    def walk(d: dict, prefix: str) -> None:
        for k, v in d.items():
            if isinstance(v, dict):
                walk(v, f"{prefix}{k}_")
            elif v is None or isinstance(v, (str, int, float, bool)):
                # interned: the writer keeps a row per article until it closes, and its ~110
                # keys spelt anew for every article were two thirds of the row's memory
                row[sys.intern(f"{prefix}{k}")] = v

    walk(summary, "")  # pd.json_normalize gives the same, ~50x slower for one row
    return row


def part_tables(results: list) -> dict:
    """A batch's tables concatenated, as Arrow, per table (a part's files are their :func:`part_bytes`).

    ``outlet`` and ``date`` (``""`` when unknown) are added after ``article_id``,
    and the :data:`ARTICLES_TABLE` table holds each article's ``summary.json``.

    Examples
    --------
    >>> from types import SimpleNamespace as R
    >>> from analysis.tables import Table, Tables
    >>> rs = [R(article_id="a", tables=Tables({"t": Table({"article_id": ["a"], "x": [1]}, {"x": "int64"})}),
    ...         arrow={}, meta={"outlet": "Le Temps"}, summary={}),
    ...       R(article_id="b", tables=Tables({"t": Table({"article_id": ["b"], "x": [2]}, {"x": "int64"})}),
    ...         arrow={}, meta={"date": "2024-05-01"}, summary={})]
    >>> from analysis.corpus.arrow import arrow_tables
    >>> parts = part_tables(arrow_tables(rs))
    >>> parts["t"].to_pandas().values.tolist()
    [['a', 'Le Temps', '', 1], ['b', '', '2024-05-01', 2]]
    >>> list(parts)
    ['t', 'articles']
    """
    names: dict[str, list] = {}
    for r in results:
        for name, table in r.arrow.items():
            names.setdefault(name, []).append((table, r.meta))
    names[ARTICLES_TABLE] = [(pa.table({"article_id": pa.array([r.article_id], pa.string()),
                                        "summary_json": pa.array([summary_to_json(r.summary)], pa.string())}),
                              r.meta) for r in results]
    out = {}
    for name, pairs in names.items():
        pairs = [(t, m) for t, m in pairs if t.num_rows] or pairs[:1]
        table = pa.concat_tables([t for t, _ in pairs], promote_options="permissive")
        for pos, col in enumerate(DATASET_COLUMNS, start=1):  # after article_id, "" when unknown
            if col not in table.column_names:
                values = [m.get(col) or "" for t, m in pairs for _ in range(t.num_rows)]
                table = table.add_column(min(pos, table.num_columns), col, pa.array(values, pa.string()))
        out[name] = table
    return out


def part_bytes(table) -> bytes:
    """A dataset part's Parquet bytes (zstd; no pandas metadata, so readers get plain types)."""
    sink = pa.BufferOutputStream()
    pq.write_table(table.replace_schema_metadata(None), sink, compression="zstd")
    return sink.getvalue().to_pybytes()


def part_csv(table) -> str:
    """A dataset part as CSV text, header included (the ``--csv`` files are these, in part order).

    Examples
    --------
    >>> part_csv(pa.table({"a": [1, None], "b": ["é", None]}))
    'a,b\\n1.0,é\\n,\\n'
    """
    return table_to_csv(table.to_pandas())


def check_corpus_folder(out: str | Path) -> None:
    """Refuse to replace ``OUT/corpus`` unless it is absent or a dataset the kit wrote.

    A symbolic link, a file or a folder without the kit's manifest (a user's own
    ``corpus`` folder) is left alone: :class:`~analysis.intake.InputError`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> check_corpus_folder(d)
    >>> (d / "corpus").mkdir(); _ = (d / "corpus" / "notes.txt").write_text("mine")
    >>> check_corpus_folder(d)
    Traceback (most recent call last):
    ...
    analysis.intake.errors.InputError: .../corpus: this folder was not written by Cadrage ...
    """
    target = Path(out) / "corpus"
    if target.is_symlink():
        raise InputError(target, "is a symbolic link; Cadrage does not write through links in the output folder "
                                 "(remove it or choose another output folder)")
    if not target.exists():
        return
    if not target.is_dir():
        raise InputError(target, "a file is in the way of the corpus dataset; move it or choose another "
                                 "output folder")
    kit = (target / CorpusWriter.MANIFEST).is_file() or (target / "summaries" / "part-00000.parquet").is_file()
    if not kit and any(True for _ in target.iterdir()):
        raise InputError(target, f"this folder was not written by Cadrage (no {CorpusWriter.MANIFEST} in it) and "
                                 "would be replaced by the corpus dataset; move it or choose another output folder")


class CorpusWriter:
    """Corpus-level tables as a Parquet dataset: ``OUT/corpus/<table>/part-NNNNN.parquet``.

    The parts (one per batch, numbered by batch) are written into a temporary
    folder (:meth:`open`) by :func:`write_batch`; :meth:`close`
    writes ``summaries`` from the collected :attr:`rows` (one flattened row per
    article, written once so all rows share one schema), rewrites any table
    whose parts came out with different schemas (a column empty in one batch)
    to the unified schema, draws the comparison charts (tone, anonymous
    sourcing and hedging by outlet and by date) into ``figures/``, and only
    then replaces ``OUT/corpus``, so a reader never sees a half dataset.

    With ``csv``, every table is also written as one CSV file,
    ``OUT/corpus/<table>.csv`` (parts in order, one header).

    ``OUT/corpus/.cadrage-parts.json`` records each part's key and the charts'
    key: a part whose key is unchanged is hard-linked from the previous run
    (:attr:`parts` marks it reused), unchanged charts are copied, and a run
    whose manifest is unchanged leaves ``OUT/corpus`` untouched.
    """

    MANIFEST = ".cadrage-parts.json"

    def __init__(self, out_dir: str | Path, *, figures: bool = True, lang: str = "fr",
                 cache: Cache | None = None, csv: bool = False):
        self.out = Path(out_dir)
        self.csv = csv
        self.cache = cache
        self.tmp: Path | None = None
        self.rows: list[dict[str, Any]] = []
        #: batch index -> (part key or None, reused from the previous run)
        self.parts: dict[int, tuple[str | None, bool]] = {}
        self.figures = figures
        self.lang = lang
        self._old = {"parts": {}, "figures": None, "tables": [], "figure_files": [], "csv": False}
        try:
            old = json.loads((self.out / "corpus" / self.MANIFEST).read_text(encoding="utf-8"))
            self._old = {"parts": dict(old["parts"]), "figures": old["figures"],
                         "tables": list(old["tables"]), "figure_files": list(old["figure_files"]),
                         "csv": bool(old.get("csv"))}
        except (OSError, ValueError, KeyError, TypeError):
            pass  # no usable manifest: nothing is reused

    def old_part(self, index: int) -> str | None:
        """Key of the part the previous run wrote at ``index``, if all its files are still there."""
        key = self._old["parts"].get(f"{index:05d}")
        return key if key and self._old_part_files(index) else None

    def open(self) -> Path:
        """The temporary folder the parts go to (created on first call)."""
        if self.tmp is None:
            self.out.mkdir(parents=True, exist_ok=True)
            self.tmp = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=self.out))
            os.chmod(self.tmp, 0o755)  # mkdtemp makes it private; it becomes OUT/corpus
        return self.tmp

    def close(self, keep: bool = True) -> Path | None:
        """Finish the dataset and put it in place as ``OUT/corpus`` (its path); ``keep=False`` drops it.

        A dataset identical to the one in place (same manifest) is not written again.
        """
        if self.tmp is None:
            return None
        target = self.out / "corpus"
        if not keep or not self.rows:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None
            return None
        summaries = summaries_table(self.rows)
        encoded = part_bytes(pa.Table.from_pandas(summaries, preserve_index=False))
        stamp = hashlib.sha256(encoded + f"lang={self.lang};figures={self.figures};{versions_fingerprint()}"
                               .encode()).hexdigest()
        keys = {f"{i:05d}": k for i, (k, _) in sorted(self.parts.items())}
        reused = [i for i, (_, r) in sorted(self.parts.items()) if r]
        old_figures = target / "figures"
        figures_intact = all((old_figures / f).is_file() for f in self._old["figure_files"])
        if (all(keys.values()) and keys == self._old["parts"] and stamp == self._old["figures"]
                and figures_intact and self._tables_intact(target) and self._old["csv"] == self.csv
                and all(self._old_part_files(i) for i in reused)
                and not (self.csv and self._missing_csv(target))):
            shutil.rmtree(self.tmp, ignore_errors=True)  # nothing changed: nothing to write
            self.tmp = None
            return target
        for index in reused:
            self._reuse_part(index)
        atomic_write_bytes(self.tmp / "summaries" / "part-00000.parquet", encoded)
        for folder in sorted(p for p in self.tmp.iterdir() if p.is_dir() and p.name != CSV_PARTS):
            if _unify_parts(folder):  # its parts' CSV text came from the old schemas
                shutil.rmtree(self.tmp / CSV_PARTS / folder.name, ignore_errors=True)
        if self.figures:
            if self._old["figures"] == stamp and figures_intact and old_figures.is_dir():
                shutil.copytree(old_figures, self.tmp / "figures")  # same summaries: same charts
            else:
                write_comparison_figures(summaries, self.tmp / "figures", lang=self.lang)
        tables = sorted(p.name for p in self.tmp.iterdir()
                        if p.is_dir() and p.name not in ("summaries", "figures", CSV_PARTS))
        if self.csv:
            for name in ["summaries", *tables]:
                _write_csv(self.tmp / name, self.tmp / f"{name}.csv", self.tmp / CSV_PARTS / name)
        shutil.rmtree(self.tmp / CSV_PARTS, ignore_errors=True)
        figure_files = sorted(p.name for p in (self.tmp / "figures").glob("*")) if self.figures and \
            (self.tmp / "figures").is_dir() else []
        manifest = {"parts": keys, "figures": stamp, "tables": tables, "figure_files": figure_files,
                    "csv": self.csv}
        atomic_write_text(self.tmp / self.MANIFEST, json.dumps(manifest, indent=0))
        return self._swap(target)

    def _swap(self, target: Path) -> Path:
        """Replace ``target`` with the finished dataset."""
        old = None
        check_corpus_folder(self.out)  # still the kit's (or absent) at the moment it is replaced
        if target.exists():  # swap by two renames, so there is never a long gap without a dataset
            old = Path(tempfile.mkdtemp(prefix=TMP_PREFIX + "old.", dir=self.out))
            target.rename(old / "corpus")
        self.tmp.rename(target)
        self.tmp = None
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return target

    def _old_part_files(self, index: int) -> list[Path]:
        """The previous run's files of part ``index`` ([] unless every table has it)."""
        target = self.out / "corpus"
        files = [target / t / f"part-{index:05d}.parquet" for t in self._old["tables"]]
        return files if files and all(f.is_file() for f in files) else []

    def _missing_csv(self, target: Path) -> bool:
        return not all((target / f"{name}.csv").is_file() for name in ["summaries", *self._old["tables"]])

    def _tables_intact(self, target: Path) -> bool:
        """Whether the previous dataset still has exactly the tables its manifest lists."""
        if not target.is_dir() or not (target / "summaries" / "part-00000.parquet").is_file():
            return False
        found = sorted(p.name for p in target.iterdir() if p.is_dir() and p.name not in ("summaries", "figures"))
        return found == self._old["tables"]

    def _reuse_part(self, index: int) -> None:
        files = self._old_part_files(index)
        if not files:  # the previous output lost a file: take the part from the cache
            key = self.parts[index][0]
            encoded = self.cache.get_part(key) if self.cache is not None and key else None
            if encoded is None:
                raise OSError(f"part {index} of the previous corpus dataset is incomplete; "
                              "re-run with --no-cache")
            for name, data in encoded.items():
                atomic_write_bytes(self.tmp / name / f"part-{index:05d}.parquet", data)
            return
        for src in files:
            dst = self.tmp / src.parent.name / src.name
            dst.parent.mkdir(exist_ok=True)
            try:
                os.link(src, dst)  # the old dataset is replaced whole later: sharing is safe
            except OSError:
                shutil.copyfile(src, dst)


def summaries_table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """One row per article; adds ``share_anonymous_sources`` (anonymous / (named + anonymous)).

    Examples
    --------
    >>> rows = [{"article_id": "a", "sources_named": 1, "sources_anonymous": 3}]
    >>> summaries_table(rows)["share_anonymous_sources"].tolist()
    [0.75]
    """
    df = pd.DataFrame(rows)
    cols = ["article_id", "outlet", "date"]
    df = df[[c for c in cols if c in df.columns] + [c for c in df.columns if c not in cols]]
    if {"sources_named", "sources_anonymous"} <= set(df.columns):
        named = df["sources_named"].astype("float64").fillna(0)
        anon = df["sources_anonymous"].astype("float64").fillna(0)
        total = named + anon
        df["share_anonymous_sources"] = (anon / total).where(total > 0)
    return df


def _unify_parts(folder: Path) -> bool:
    """Rewrite a table's parts to one schema when they differ (whether they were rewritten)."""
    parts = sorted(folder.glob("part-*.parquet"))
    schemas = [pq.read_schema(p) for p in parts]
    if len({str(s.remove_metadata()) for s in schemas}) <= 1:
        return False
    unified = pa.unify_schemas([s.remove_metadata() for s in schemas], promote_options="permissive")
    for p in parts:
        t = pq.read_table(p)
        cols = [t.column(f.name).cast(f.type) if f.name in t.column_names else pa.nulls(len(t), f.type)
                for f in unified]
        # to a new file: a part may be a hard link to the previous run's
        atomic_write_bytes(p, part_bytes(pa.Table.from_arrays(cols, schema=unified)))
    return True


def _write_csv(folder: Path, path: Path, texts: Path) -> None:
    """One table's parts, in order, as one CSV file (as an article folder's CSV files are written).

    A part's CSV text is the one its worker left in ``texts`` (:func:`part_csv`), else
    (a part reused from the previous run, or rewritten to a unified schema) made from the file.
    """
    # inside the private temporary dataset folder, renamed into place whole: a plain write
    with open(path, "w", encoding="utf-8", newline="") as fh:
        for i, part in enumerate(sorted(folder.glob("part-*.parquet"))):
            done = texts / f"{part.stem}.csv"
            text = done.read_bytes().decode("utf-8") if done.is_file() else part_csv(pq.read_table(part))
            fh.write(text if i == 0 else text.split("\n", 1)[1])
    os.chmod(path, 0o644)


#: Figures compared across groups: (summary column, file stem).
COMPARISONS = (("tone_mean_polarity", "tone"), ("share_anonymous_sources", "anonymous_sources"),
               ("hedging_share_hedged", "hedging"))


def write_comparison_figures(summaries: pd.DataFrame, folder: Path, *, lang: str = "fr") -> list[Path]:
    """Tone, anonymous sourcing and hedging by outlet and by date (when there are 2+ groups)."""
    written: list[Path] = []
    with cadrage_style():
        for by in ("outlet", "date"):
            if by not in summaries or summaries[by].replace("", pd.NA).dropna().nunique() < 2:
                continue
            for column, stem in COMPARISONS:
                if column not in summaries:
                    continue
                fig = new_figure((7, 4))
                try:
                    viz.plot_by_group(summaries, column, by=by, lang=lang, ax=fig.subplots())
                    written += save_figure(fig, folder / f"{stem}_by_{by}", formats=config.FIGURE_FORMATS)
                except Exception as exc:  # noqa: BLE001 - one odd chart must not cost the dataset
                    warnings.warn(f"corpus chart {stem}_by_{by} not drawn: {type(exc).__name__}: {exc}",
                                  RuntimeWarning, stacklevel=2)
    return written
