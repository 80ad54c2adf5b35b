"""Old path of :mod:`analysis.study.keyness`.

shim: removed in the final sweep.
"""

from .study.keyness import *  # noqa: F403
