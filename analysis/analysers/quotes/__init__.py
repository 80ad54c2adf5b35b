"""Who speaks in the article: the quotes analyser (:mod:`.extraction` holds it all for now)."""

from .extraction import run

__all__ = ["run"]
