"""Charts, seaborn-style: ``plot_*(data, *, ..., ax=None, **kwargs) -> Axes`` (draw only, never save)."""
