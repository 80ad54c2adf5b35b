"""Old path of :mod:`analysis.study.validation`.

shim: removed in the final sweep.
"""

from .study.validation import *  # noqa: F403
