"""Bytes to text: BOMs, UTF-16, cp1252/latin-1 (charset-normalizer); binary data refused.

Mojibake (UTF-8 read as latin-1 and saved again) is accepted here and repaired
later by :mod:`analysis.clean`.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import ftfy
from charset_normalizer import from_bytes

from .errors import InputError

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def decode_bytes(data: bytes, source: str | Path) -> str:
    """Decode file bytes to text, or raise :class:`InputError` saying why not.

    Handles UTF-8 with or without BOM, UTF-16 with or without BOM, cp1252 and
    latin-1; refuses PDFs, binary data, empty files and files with no letters.

    Examples
    --------
    >>> decode_bytes("Élysée".encode("cp1252"), "a.txt")
    'Élysée'
    >>> decode_bytes("Élysée".encode("utf-16-le"), "a.txt")
    'Élysée'
    """
    if not data.strip():
        raise InputError(source, "the file is empty" if not data else "the file holds only white space")
    if data.startswith(b"%PDF"):
        raise InputError(source, "this is a PDF; export its text (or save the web page as HTML) first")
    text = None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = data.decode(enc, errors="replace")
            break
    if text is None and _looks_utf16(data):
        enc = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        text = data.decode(enc, errors="replace")
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _guess_8bit(data, source)
    _check_text(text, source)
    return text.replace("\x00", "")


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4000]
    return len(sample) >= 4 and sample.count(0) >= len(sample) * 0.3


def _guess_8bit(data: bytes, source) -> str:
    best = from_bytes(data, cp_isolation=["cp1252", "latin_1", "iso8859_15", "utf_8"]).best()
    if best is None:
        raise InputError(source, "looks like binary data, not text")
    return str(best)


def _check_text(text: str, source) -> None:
    if not text.strip():
        raise InputError(source, "the file holds only white space")
    sample = text[:20000]
    if re.search("[\x80-\x9f]", sample):
        # UTF-8 read as latin-1 and saved again leaves C1 controls ("â\x80\x99" for "’"):
        # mojibake that cleaning repairs, so only what ftfy cannot explain counts
        sample = ftfy.fix_encoding(sample)
    controls = sum(1 for c in sample if unicodedata.category(c) == "Cc" and c not in "\n\r\t")
    if controls > max(3, len(sample) * 0.02):
        raise InputError(source, "looks like binary data, not text")
    if not any(c.isalpha() for c in text):
        raise InputError(source, "contains no letters (no article text to analyse)")
