"""From codings to findings: theme summaries, the normenkader, matrices and exports.

>>> from analysis.reports import CodingData, summarize_codebook, summary_report, write_report
>>> data = CodingData.from_project(project)                               # doctest: +SKIP
>>> summaries = summarize_codebook(data, "sociaal-domein")                 # doctest: +SKIP
>>> write_report(summary_report(summaries), "themas.docx")                 # doctest: +SKIP

* :mod:`.data` — :class:`CodingData`: passages with context + the codings that count
  (accepted; with ``include_suggestions=True`` also open suggestions)
* :mod:`.summary` — :func:`summarize_code`, :func:`summarize_codebook`,
  :func:`summarize_topics` -> :class:`ThemeSummary`
* :mod:`.normenkader` — :func:`assess_normenkader` -> :class:`NormenkaderReport`
* :mod:`.matrix` — :func:`code_matrix` (code × source / participant; counts or 0/1)
* :mod:`.builders` — results -> :class:`Report` (Dutch headings)
* :mod:`.export` — :func:`write_report` / :func:`render_report`: md, html, docx, xlsx, csv

Municipality comparison lives in :mod:`analysis.compare`.
"""

from .builders import matrix_report, normenkader_report, summary_report
from .data import CodingData, ReportError, counted_statuses
from .document import Chart, Paragraph, QuoteList, Report, Section, Table
from .export import (
    FORMATS,
    ExportError,
    format_from_path,
    render_report,
    to_csv_tables,
    to_docx,
    to_html,
    to_markdown,
    to_xlsx,
    write_report,
)
from .matrix import code_matrix
from .normenkader import NormAssessment, NormenkaderReport, assess_normenkader
from .quotes import Quote, quote_for, quotes_frame, representative_quotes
from .summary import (
    ThemeSummary,
    breakdown,
    overview_frame,
    stance_split,
    summarize_code,
    summarize_codebook,
    summarize_topic,
    summarize_topics,
)

__all__ = [
    "FORMATS",
    "Chart",
    "CodingData",
    "ExportError",
    "NormAssessment",
    "NormenkaderReport",
    "Paragraph",
    "Quote",
    "QuoteList",
    "Report",
    "ReportError",
    "Section",
    "Table",
    "ThemeSummary",
    "assess_normenkader",
    "breakdown",
    "code_matrix",
    "counted_statuses",
    "format_from_path",
    "matrix_report",
    "normenkader_report",
    "overview_frame",
    "quote_for",
    "quotes_frame",
    "render_report",
    "representative_quotes",
    "stance_split",
    "summarize_code",
    "summarize_codebook",
    "summarize_topic",
    "summarize_topics",
    "summary_report",
    "to_csv_tables",
    "to_docx",
    "to_html",
    "to_markdown",
    "to_xlsx",
    "write_report",
]
