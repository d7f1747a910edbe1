"""One renderer per format, in one table; ``write_report`` writes one format (or all) atomically.

Adding a format: write ``render/<format>.py`` with a function ``Report -> {file name: content}``
and add it to ``RENDERERS``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from coder.errors import CoderError
from coder.files import write_atomic
from coder.report.build import Report
from coder.report.render.charts import report_charts
from coder.report.render.csv_table import render_csv
from coder.report.render.html import render_html
from coder.report.render.json_doc import render_json
from coder.report.render.md import render_md
from coder.report.render.xlsx import render_xlsx
from coder.text import slug

Files = dict[str, "str | bytes"]

# format -> Report -> file name -> content; html inlines the charts, png is one file per chart.
RENDERERS: dict[str, Callable[[Report], Files]] = {
    "md": lambda r: {"report.md": render_md(r)},
    "html": lambda r: {"report.html": render_html(r, report_charts(r))},
    "xlsx": lambda r: {"report.xlsx": render_xlsx(r)},
    "csv": lambda r: {"report.csv": render_csv(r)},
    "json": lambda r: {"report.json": render_json(r)},
    "png": lambda r: dict(report_charts(r)),
}
FILE_FORMATS = tuple(RENDERERS)
FORMATS = ("terminal", *FILE_FORMATS, "all")
TEXT_FORMATS = ("md", "csv", "json")  # these can go to stdout
SUFFIX = {"md": ".md", "html": ".html", "xlsx": ".xlsx", "csv": ".csv", "json": ".json"}
_KNOWN_SUFFIXES = {*SUFFIX.values(), ".htm", ".png", ".markdown"}


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise CoderError(f"--format {fmt}: unknown format; use {', '.join(FORMATS[:-1])} or {FORMATS[-1]}",
                         danish=f"--format {fmt}: ukendt format; brug {', '.join(FORMATS[:-1])} eller {FORMATS[-1]}")


def render(report: Report, fmt: str) -> Files:
    """File name → content for one file format (``png``: one file per chart)."""
    check_format(fmt)
    if fmt not in RENDERERS:
        raise CoderError(f"--format {fmt}: not a file format; use one of {', '.join(FILE_FORMATS)} or all",
                         danish=f"--format {fmt}: ikke et filformat; brug et af {', '.join(FILE_FORMATS)} eller all")
    return RENDERERS[fmt](report)


def render_all(report: Report) -> Files:
    """Every file format at once (the charts drawn once)."""
    charts = report_charts(report)
    files: Files = {}
    for fmt in ("md", "csv", "json", "xlsx"):
        files.update(render(report, fmt))
    files["report.html"] = render_html(report, charts)
    files.update(charts)
    return files


def write_report(report: Report, fmt: str, out: Path) -> list[Path]:
    """Write ``fmt`` (or ``all``) to ``out``: a file path for one file (``report.html``), else a folder."""
    check_format(fmt)
    if fmt == "terminal":
        raise CoderError("--format terminal prints to the screen; drop --out or choose md, html, xlsx, csv, json, "
                         "png or all",
                         danish="--format terminal skriver til skærmen; udelad --out, eller vælg md, html, xlsx, csv, "
                                "json, png eller all")
    files = render_all(report) if fmt == "all" else render(report, fmt)
    if report.sheets:  # a fact sheet's files carry its group, as its charts do: one folder holds every group's
        tag = report.sheets[0].tag or slug(report.sheets[0].group.value, "-", "gruppe")
        files = {f"report-{tag}{name[len('report'):]}" if name.startswith("report.") else name: content
                 for name, content in files.items()}
    suffix = out.suffix.lower()
    if fmt in SUFFIX and suffix in _KNOWN_SUFFIXES:
        if suffix not in (SUFFIX[fmt], ".htm" if fmt == "html" else SUFFIX[fmt], ".markdown" if fmt == "md" else ""):
            raise CoderError(f"--out {out}: a {fmt} report should end in {SUFFIX[fmt]}, or name a folder",
                             danish=f"--out {out}: en {fmt}-rapport skal ende på {SUFFIX[fmt]}, eller angiv en mappe")
        (content,) = files.values()
        write_atomic(out, content)
        return [out]
    if fmt == "png" and suffix == ".png" and len(files) == 1:  # one chart: the file asked for
        (content,) = files.values()
        write_atomic(out, content)
        return [out]
    if suffix in _KNOWN_SUFFIXES:  # a file name where a folder of files is written
        why, why_da = (" (one chart per table)", " (en figur pr. tabel)") if fmt == "png" else ("", "")
        raise CoderError(f"--out {out}: --format {fmt} writes {len(files)} files{why}; give a folder, e.g. --out "
                         "report",
                         danish=f"--out {out}: --format {fmt} skriver {len(files)} filer{why_da}; angiv en mappe, "
                                "fx --out rapport")
    if out.exists() and not out.is_dir():
        raise CoderError(f"--out {out}: exists and is not a folder; --format {fmt} writes a folder of files",
                         danish=f"--out {out}: findes og er ikke en mappe; --format {fmt} skriver en mappe med filer")
    paths = []
    for name, content in files.items():
        write_atomic(out / name, content)
        paths.append(out / name)
    return paths
