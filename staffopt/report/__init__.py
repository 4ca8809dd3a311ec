"""``staffopt report``: an Excel workbook and a self-contained HTML report of results."""

from staffopt.report.inputs import ReportError, ReportInput, load_report
from staffopt.report.write import write_report

__all__ = ["ReportError", "ReportInput", "load_report", "write_report"]
