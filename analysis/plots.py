"""Shim: the charts moved to :mod:`analysis.viz` (removed in the final sweep)."""

from .viz import *  # noqa: F403
from .viz.style import (  # noqa: F401
    ACCENT,
    HEDGE,
    LABEL_COLOURS,
    NEGATIVE,
    NEUTRAL,
    POSITIVE,
    QUOTE,
    SKY,
    SPEAKER_COLOURS,
)
