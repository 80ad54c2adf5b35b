"""Old path of :mod:`analysis.analysers.terms`.

shim: removed in the final sweep.
"""

from .analysers.terms import *  # noqa: F403
