"""Placeholder analyser: filled in by its issue."""


def run(ctx) -> None:
    """Add nothing yet."""
