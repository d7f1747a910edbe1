"""One line under the comment: the model's suggestion and other reviewers' labels, or 'hidden' when blind."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from coder.review.logic import ReviewItem


class Suggestion(Static):
    """The model's primary and secondary themes with their scores, and what others decided."""

    DEFAULT_CSS = "Suggestion { height: 1; padding: 0 1; }"

    def show(self, item: ReviewItem | None, blind: bool, others: dict[str, tuple[str, ...]]) -> None:
        """Render the line for an item; in blind mode show neither the model nor other reviewers."""
        line = Text()
        if item is None:
            self.update(line)
            return
        if blind:
            line.append("Blind: model suggestion and other reviewers hidden", style="italic dim")
            self.update(line)
            return
        line.append("Model: ", style="dim")
        if not item.model_themes:
            line.append("no themes", style="dim")
        for k, theme in enumerate(item.model_themes):
            line.append(" + " if k else "")
            line.append(theme, style="bold" if k == 0 else "")
            score = item.scores.get(theme)
            if score is not None:
                line.append(f" {score:.2f}", style="dim")
        if item.confidence is not None and item.model_themes and item.model_themes[0] not in item.scores:
            line.append(f" (confidence {item.confidence:.2f})", style="dim")
        for reviewer, themes in others.items():
            line.append(f" · {reviewer}: ", style="dim")
            line.append("+".join(themes), style="magenta")
        self.update(line)
