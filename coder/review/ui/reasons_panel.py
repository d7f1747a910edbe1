"""The model's reasons for its top themes: score, keywords found, nearest codebook example or coded answer."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.widgets import Static

from coder.review.reasons import EXAMPLE, ThemeReason
from coder.wording import Wording


class ReasonsPanel(Static):
    """One line per top theme, shortened to the width; hidden when blind."""

    DEFAULT_CSS = "ReasonsPanel { height: auto; border: round $panel; padding: 0 1; }"

    def show(self, reasons: tuple[ThemeReason, ...], wording: Wording, roomy: bool = False) -> None:
        """Render the reasons; ``roomy`` (a tall screen) gives the nearest example a line of its own."""
        w = wording
        self.border_title = w.t("reasons_title")
        lines = []
        compared = any(r.nearest is not None for r in reasons)
        for r in reasons:
            line = Text(no_wrap=True, overflow="ellipsis")
            line.append(r.theme, style="bold")
            if r.score is not None:
                line.append(f" {w.num(r.score, 2)}", style="dim")
            line.append(" · ")
            if r.keywords:
                line.append(w.t("reasons_keywords", words=", ".join(r.keywords)), style="yellow")
            else:
                line.append(w.t("reasons_no_keywords"), style="dim")
            lines.append(line)
            if r.nearest is not None:
                kind = w.t("reasons_example" if r.nearest.kind == EXAMPLE else "reasons_labelled")
                if roomy:
                    line = Text("  ", no_wrap=True, overflow="ellipsis")
                    lines.append(line)
                line.append(f"{'' if roomy else ' · '}≈ {kind} {w.num(r.nearest.similarity, 2)}: ", style="dim")
                line.append(f"“{r.nearest.text}”", style="italic")
        if reasons and not compared:
            lines.append(Text(w.t("reasons_no_vectors"), style="dim", no_wrap=True, overflow="ellipsis"))
        self.border_subtitle = ""
        self.update(Group(*lines))
