"""The user's mistakes in what they give the kit: one printable line each, never a traceback."""

from __future__ import annotations

import unicodedata
from pathlib import Path


def printable(value: object) -> str:
    """``value`` as text on one line: control characters (a newline or an ANSI
    escape in a file name) are shown escaped, as Python writes them.

    Examples
    --------
    >>> printable("a\\nb\\x1b[31m.txt")
    'a\\\\nb\\\\x1b[31m.txt'
    >>> printable("Élection à Zürich.txt")
    'Élection à Zürich.txt'
    """
    text = str(value)
    if text.isprintable():
        return text
    # controls, invisible format marks (bidi overrides) and line separators
    return "".join(repr(c)[1:-1] if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs") else c
                   for c in text)


class InputError(Exception):
    """A problem with the user's input: reported as one line, never a traceback.

    The file name and the problem are made printable (:func:`printable`), so a
    newline or a terminal escape in a file name cannot break the line.

    Examples
    --------
    >>> str(InputError("a.txt", "the file is empty"))
    'a.txt: the file is empty'
    >>> str(InputError("a\\nb.txt", "the file is empty"))
    'a\\\\nb.txt: the file is empty'
    """

    def __init__(self, source: str | Path, problem: str):
        self.source = printable(source)
        self.problem = printable(problem)
        super().__init__(f"{self.source}: {self.problem}")


class InputWarning(UserWarning):
    """Something in an input folder that was not read (a sub-folder, another kind of file)."""
