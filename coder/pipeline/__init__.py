"""The commands that run the stages in order: ``coder code`` (read → flag → embed → classify → store →
export; the input read once) and ``coder discover``, with the project folder's identity and safety."""

from coder.pipeline.discover import DiscoverResult, run_discover
from coder.pipeline.options import CodeOptions, CodeResult, LabelOptions, LabelSummary
from coder.pipeline.project import REFUSE, REPLACE, UPDATE
from coder.pipeline.run import code_file

__all__ = ["CodeOptions", "CodeResult", "DiscoverResult", "LabelOptions", "LabelSummary", "REFUSE", "REPLACE",
           "UPDATE", "code_file", "run_discover"]
