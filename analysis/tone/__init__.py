"""Tone methods' building blocks: :mod:`.common` (lexicon files, token
normalisation) and :mod:`.news` (the ``news`` method, the kit's default).

The analyser that runs the methods on an article is :mod:`analysis.sentiment`.
"""
