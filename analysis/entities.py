"""Shim: the entities analyser moved to :mod:`analysis.analysers.entities` (removed in the final sweep)."""

from .analysers.entities import *  # noqa: F401,F403
from .analysers.entities import __all__  # noqa: F401
