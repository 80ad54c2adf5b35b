"""Shim: the wording moved to :mod:`analysis.viz.labels` (removed in the final sweep)."""

from .viz.labels import *  # noqa: F403
from .viz.summary_labels import SUMMARY_HIDDEN, field_label, field_value, summary_label  # noqa: F401
