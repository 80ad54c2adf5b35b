"""Old path of :mod:`analysis.analysers.tone.news` (and its tables, :mod:`analysis.analysers.tone.news_resources`).

shim: removed in the final sweep.
"""

from ..analysers.tone.news import *  # noqa: F403
from ..analysers.tone.news_resources import *  # noqa: F403
