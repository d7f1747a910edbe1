"""Render a report in one format (or all) and write the files atomically."""

from __future__ import annotations

from pathlib import Path

from coder.errors import CoderError
from coder.exports import write_atomic
from coder.reporting import Report

FILE_FORMATS = ("md", "html", "xlsx", "csv", "json", "png")
FORMATS = ("terminal", *FILE_FORMATS, "all")
TEXT_FORMATS = ("md", "csv", "json")  # these can go to stdout
SUFFIX = {"md": ".md", "html": ".html", "xlsx": ".xlsx", "csv": ".csv", "json": ".json"}
_KNOWN_SUFFIXES = {*SUFFIX.values(), ".htm", ".png", ".markdown"}


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise CoderError(f"--format {fmt}: unknown format; use {', '.join(FORMATS[:-1])} or {FORMATS[-1]}")


def render(report: Report, fmt: str) -> dict[str, str | bytes]:
    """File name → content for one file format (``png``: one file per chart)."""
    check_format(fmt)
    if fmt == "md":
        from coder.report_md import render_md

        return {"report.md": render_md(report)}
    if fmt == "csv":
        from coder.report_data import render_csv

        return {"report.csv": render_csv(report)}
    if fmt == "json":
        from coder.report_data import render_json

        return {"report.json": render_json(report)}
    if fmt == "xlsx":
        from coder.report_xlsx import render_xlsx

        return {"report.xlsx": render_xlsx(report)}
    from coder.charts import report_charts

    charts = report_charts(report)
    if fmt == "png":
        return dict(charts)
    if fmt == "html":
        from coder.report_html import render_html

        return {"report.html": render_html(report, charts)}
    raise CoderError(f"--format {fmt}: not a file format; use one of {', '.join(FILE_FORMATS)} or all")


def render_all(report: Report) -> dict[str, str | bytes]:
    """Every file format at once (the charts drawn once)."""
    from coder.charts import report_charts
    from coder.report_html import render_html

    charts = report_charts(report)
    files: dict[str, str | bytes] = {}
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
                         "png or all")
    files = render_all(report) if fmt == "all" else render(report, fmt)
    suffix = out.suffix.lower()
    if fmt in SUFFIX and suffix in _KNOWN_SUFFIXES:
        if suffix not in (SUFFIX[fmt], ".htm" if fmt == "html" else SUFFIX[fmt], ".markdown" if fmt == "md" else ""):
            raise CoderError(f"--out {out}: a {fmt} report should end in {SUFFIX[fmt]}, or name a folder")
        (content,) = files.values()
        write_atomic(out, content)
        return [out]
    if out.exists() and not out.is_dir():
        raise CoderError(f"--out {out}: exists and is not a folder; --format {fmt} writes a folder of files")
    paths = []
    for name, content in files.items():
        write_atomic(out / name, content)
        paths.append(out / name)
    return paths
