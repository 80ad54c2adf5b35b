"""Shim: removed in the final sweep.  Reading inputs moved to :mod:`analysis.intake`."""

from .intake import *  # noqa: F403
from .intake import __all__  # noqa: F401
