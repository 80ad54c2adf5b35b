"""Old path of :mod:`analysis.study.evaluate`.

shim: removed in the final sweep.
"""

from .study.evaluate import *  # noqa: F403
