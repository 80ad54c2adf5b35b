"""Old path of :mod:`analysis.analysers.tone.common`.

shim: removed in the final sweep.
"""

from ..analysers.tone.common import *  # noqa: F403
