"""Old path of the learned tone model: :mod:`analysis.analysers.tone.learned` (the model,
scoring) and :mod:`analysis.study.training` (training).

shim: removed in the final sweep.
"""

from .analysers.tone.learned import *  # noqa: F403
from .study.training import compare_methods, cross_validate, featurise, fit, save_tone_model, train_tone_model  # noqa: F401
