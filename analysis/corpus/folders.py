"""The output folder: the run lock, and article folders ``OUT/<article_id>/`` written once per result.

An article folder records the key of the result it holds (:data:`analysis.output.export.MARKER`),
so a re-run with the same key writes nothing (:func:`up_to_date`).
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterable
from pathlib import Path

from ..intake import InputError
from ..output import export
from ..output.export import MARKER  # corpus runs write it last in each article folder

try:
    import fcntl
except ImportError:  # not POSIX: runs go unlocked
    fcntl = None


class _Lock:
    """An exclusive ``flock`` on the output folder itself, held for the run.

    Two runs must not write one folder at once (each removes the other's
    temporary folders).  No file is created; where ``flock`` does not exist
    (not POSIX) there is no lock, as before.
    """

    def __init__(self, out: Path):
        self.fd = None
        if fcntl is None:
            return
        self.fd = os.open(out, os.O_RDONLY)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(self.fd)
            self.fd = None
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise InputError(out, "another Cadrage run is writing to this folder") from None
            # a file system without locks (some network mounts): go on unlocked

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # releases the lock
            self.fd = None


def _stamp(key: str | None, figures: bool, lang: str) -> str | None:
    if not key:
        return None
    return f"{key}\nfigures={figures}\n" + (f"lang={lang}\n" if figures else "")


def up_to_date(folder: Path, key: str | None, tables: Iterable[str], *, figures: bool, lang: str = "fr") -> bool:
    """Whether ``folder`` already holds the outputs of the result with this key.

    The marker (:data:`analysis.output.export.MARKER`) must carry this key and list
    every file with its size; each file must still be there with that size, so
    a deleted or truncated output is written again.
    """
    stamp = _stamp(key, figures, lang)
    if not stamp:
        return False
    try:
        marker = (folder / MARKER).read_text(encoding="utf-8")
        if not marker.startswith(stamp):
            return False
        listed = {}
        for line in marker[len(stamp):].splitlines():
            size, name = line.split(" ", 1)
            listed[name] = int(size)
        needed = {"summary.json", *(f"{n}.{ext}" for n in tables for ext in ("csv", "parquet"))}
        if figures:
            needed.add("report.html")
        if not needed <= set(listed):
            return False
        return all((folder / name).stat().st_size == size and not (folder / name).is_symlink()
                   for name, size in listed.items())
    except (OSError, ValueError):
        return False


def write_result(result, out_dir: str | Path, *, figures: bool = True, lang: str = "fr",
                 tidy: bool = True) -> Path:
    """Write one article's outputs, unless the folder already holds exactly this result.

    The result's cache key (and whether figures were drawn, in which language)
    and the size of every file written are recorded, last, in
    ``OUT/<article_id>/.cadrage-key``; a re-run with the same key and every
    recorded file still there with its size writes nothing.  Before an existing
    folder is rewritten, temporary files an interrupted run left in it (only
    the kit's own ``.<name>.<random>.tmp``, in the folder and its ``figures/``)
    are removed.
    """
    folder = export.check_article_folder(out_dir, result.article_id)
    stamp = _stamp(result.key, figures, lang)
    marker = folder / MARKER
    if folder.is_dir():
        if up_to_date(folder, result.key, result.tables, figures=figures, lang=lang):
            return folder
        for sub in (folder, folder / "figures"):
            if sub.is_dir() and not sub.is_symlink():
                for tmp in sub.glob(".*.tmp"):
                    if _KIT_TMP.fullmatch(tmp.name) and tmp.is_file():
                        tmp.unlink(missing_ok=True)
        marker.unlink(missing_ok=True)  # written last: a half-written folder never looks up to date
    export.write_article(result, out_dir, figures=figures, report=figures, lang=lang, stamp=stamp, tidy=tidy)
    return folder


# ".sentences.csv.k3j_x9a2.tmp": what output.files.atomic_write_bytes leaves when interrupted
_KIT_TMP = re.compile(r"\.[\w.-]*\.(csv|parquet|json|html|png|svg|pdf|cadrage-key)\.[\w]{8}\.tmp")
