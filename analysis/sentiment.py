"""Old path of the tone analyser, now :mod:`analysis.analysers.tone`.

shim: removed in the final sweep.
"""

from .analysers.tone import *  # noqa: F403
from .analysers.tone.common import DOMAIN_EXAMPLE, EVIDENCE_COLUMNS  # noqa: F401
from .analysers.tone.figures import disagreements, method_agreement, tone_figures  # noqa: F401
from .analysers.tone.news import negation_scope, news_chunks  # noqa: F401
from .analysers.tone.news_resources import NEWS_LEXICON, news_lexicon, news_rules  # noqa: F401
from .analysers.tone.textblob import assess, score_span, textblob_lexicon, tone_lexicon  # noqa: F401
from .study.evaluate import score_texts  # noqa: F401
