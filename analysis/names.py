"""Shim: the entity lexicon moved to :mod:`analysis.analysers.entities.lexicon` and
:mod:`analysis.analysers.entities.headlines` (removed in the final sweep)."""

from .analysers.entities.headlines import capitals_to_title, dateline, is_headline_case  # noqa: F401
from .analysers.entities.lexicon import (  # noqa: F401
    HEAD_ROLES,
    has_role,
    heads,
    inflections,
    is_common_word,
    is_demonym,
    is_nationality,
    nationalities,
)
