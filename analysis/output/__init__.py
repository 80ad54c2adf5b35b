"""What the kit writes for people: the HTML report and its pieces.

:mod:`~analysis.output.report` (the self-contained page), with
:mod:`~analysis.output.brief` (the summary in plain words),
:mod:`~analysis.output.figures_table` (every figure of ``summary.json``, named),
:mod:`~analysis.output.highlight` (the article with its scored words coloured) and
:mod:`~analysis.output.markup` (escaping, safe fragments, tables, numbers in words);
:mod:`~analysis.output.compare` puts several articles side by side and
:mod:`~analysis.output.notebook` reads the notebooks' parameters.  Writing files
(tables, figures, the report) is :mod:`~analysis.output.files` (where the kit may
write, atomic writes, tables, ``summary.json``), :mod:`~analysis.output.figures`
(the style, reproducible figure files) and :mod:`~analysis.output.export` (one
article's folder).
"""
