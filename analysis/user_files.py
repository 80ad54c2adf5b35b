"""Shim: removed in the final sweep.  The checker moved to :mod:`analysis.intake.user_files`.

Its callers (the pipeline, the corpus run, the CLI) still import
:func:`check_user_files` from here, which also checks the tone model of
``--sentiment model:PATH`` as the old checker did.  That model is read by
the tone analyser's own reader, a layer above intake, so the final sweep moves
this call into the pipeline layer (next to its call of
:func:`analysis.intake.check_user_files`).
"""

from .intake.user_files import FORMATS, check_user_file  # noqa: F401
from .intake.user_files import check_user_files as check_user_tables
from .learned_tone import cached_model


def check_user_files(settings) -> None:
    """Check the user's tables (:func:`analysis.intake.check_user_files`), then the tone model."""
    check_user_tables(settings)
    model = settings.files().get("tone_model")
    if model:
        cached_model(model)
