"""Shim: moved to :mod:`analysis.output.highlight` (removed in the final sweep)."""

from .output.highlight import colour_key, highlight_html, polarity_colour  # noqa: F401
