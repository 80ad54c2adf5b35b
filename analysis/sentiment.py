"""Old path of the tone analyser, now :mod:`analysis.analysers.tone`.

shim: removed in the final sweep.
"""

from .analysers.tone import *  # noqa: F403
from .analysers.tone.common import DOMAIN_EXAMPLE, EVIDENCE_COLUMNS  # noqa: F401
from .analysers.tone.figures import disagreements, method_agreement, tone_figures  # noqa: F401
from .analysers.tone.news import negation_scope, news_chunks  # noqa: F401
from .analysers.tone.news_resources import NEWS_LEXICON, news_lexicon, news_rules  # noqa: F401
from .analysers.tone.textblob import assess, score_span, textblob_lexicon, tone_lexicon  # noqa: F401


def __getattr__(name: str):
    # score_texts runs the pipeline, which imports this module: loaded on first use (PEP 562)
    if name == "score_texts":
        from .study.evaluate import score_texts

        return score_texts
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
