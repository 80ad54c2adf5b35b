"""Shim: the report moved to :mod:`analysis.output` (removed in the final sweep)."""

from .output.brief import TONE_VALIDATION_PATH, brief, brief_html, tone_validation  # noqa: F401
from .output.compare import compare_articles, stack_tables  # noqa: F401
from .output.figures_table import figures_html, figures_rows, flatten_summary  # noqa: F401
from .output.markup import SAFE_ATTRS, SAFE_TAGS, esc, is_safe_fragment, number, percent, table_html  # noqa: F401
from .output.notebook import choose_article, notebook_inputs  # noqa: F401
from .output.report import REPORT_TABLES, article_html, display_table, render_report  # noqa: F401
from .viz.charts import CHART_TITLES  # noqa: F401
