"""Reports from the store: theme tables (overall, by group, fact sheets) with intervals and quotes,
the wording in the reader's language, and ``render/`` with one renderer per format."""

from coder.report.build import (
           Report,
           ReportOptions,
           assemble,
           build_report,
           report_of_run,
)
from coder.report.exports import RunExport, catch_up_exports, left_behind, refresh_exports, write_exports
from coder.report.tables import QuestionTable, ThemeLine, question_tables, wilson

__all__ = ["QuestionTable", "Report", "ReportOptions", "RunExport", "ThemeLine", "assemble", "build_report",
           "question_tables", "catch_up_exports", "left_behind", "refresh_exports", "report_of_run", "wilson",
           "write_exports"]
