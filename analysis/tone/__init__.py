"""Old path of :mod:`analysis.analysers.tone` (its ``common`` and ``news`` modules).

shim: removed in the final sweep.
"""
