"""Files written beside ``coder.db``, always rewritten from the database and always atomically."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Sequence

from coder.codebook import Codebook
from coder.report import QuestionTable, render_markdown
from coder.store import Row
from coder.text import redact

ASSIGNMENT_COLUMNS = ["id", "question", "text", "status", "duplicate_of", "primary", "themes", "confidence",
                      "label_source"]


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write to a temporary file in the same folder, then rename: a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content.encode("utf-8") if isinstance(content, str) else content)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; exports are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def safe_cell(value: str) -> str:
    """Keep spreadsheet programs from running a comment as a formula (leading = + - @ tab CR)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for r in rows:
        writer.writerow([safe_cell(v) if isinstance(v, str) else v for v in r])
    return "\ufeff" + buf.getvalue()  # BOM: Excel then reads UTF-8 correctly


csv_text = _csv  # public name: CSV text with a BOM and every text cell made formula-safe


def assignments_csv(rows: Sequence[Row], attribute_columns: Sequence[str]) -> str:
    """One line per input row and question, text redacted, then the input's other columns."""
    header = ASSIGNMENT_COLUMNS + [c for c in attribute_columns if c not in ASSIGNMENT_COLUMNS]
    body = []
    for r in rows:
        body.append([r.respondent, r.question, redact(r.text), r.status, r.duplicate_of or "", r.primary or "",
                     "|".join(r.themes), "" if r.confidence is None else f"{r.confidence:.3f}", r.source]
                    + [r.attributes.get(c, "") for c in header[len(ASSIGNMENT_COLUMNS):]])
    return _csv(header, body)


def themes_csv(tables: Sequence[QuestionTable]) -> str:
    header = ["question", "theme", "label", "n", "percent", "ci_low", "ci_high", "denominator",
              "corrected_percent", "corrected_ci_low", "corrected_ci_high", "mentions", "mentions_percent"]

    def opt(x: float | None) -> str:
        return "" if x is None else f"{x:.2f}"

    body = [[t.question, line.theme, line.label, line.n, f"{line.percent:.2f}", f"{line.ci_low:.2f}",
             f"{line.ci_high:.2f}", t.denominator, opt(line.corrected), opt(line.corrected_low),
             opt(line.corrected_high), line.mentions, f"{line.mentions_percent:.2f}"]
            for t in tables for line in t.lines]
    return _csv(header, body)


def write_exports(out_dir: Path, rows: Sequence[Row], tables: Sequence[QuestionTable], codebook: Codebook,
                  attribute_columns: Sequence[str], run_record: dict) -> list[Path]:
    """Write assignments.csv, themes.csv, report.md and run.json; return their paths."""
    note = (f"Codebook: {codebook.name} v{codebook.version}. Model: {run_record['model']['id']}. "
            f"Input: {Path(run_record['input']['path']).name} ({run_record['counts']['rows_in']} rows).")
    files = {
        "assignments.csv": assignments_csv(rows, attribute_columns),
        "themes.csv": themes_csv(tables),
        "report.md": render_markdown(tables, f"Temaer – {codebook.name}", note),
        "run.json": json.dumps(run_record, ensure_ascii=False, indent=2) + "\n",
    }
    paths = []
    for name, content in files.items():
        write_atomic(out_dir / name, content)
        paths.append(out_dir / name)
    return paths
