"""Under the comment: the model's suggestion and other reviewers' labels, 'hidden' when blind; when
adjudicating, every reviewer's decision with its note."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.widgets import Static

from coder.review.logic import ReviewItem
from coder.store import Decision
from coder.wording import Wording


class Suggestion(Static):
    """The model's primary and secondary themes with their scores, and what others decided."""

    DEFAULT_CSS = "Suggestion { height: auto; max-height: 6; padding: 0 1; }"

    def show(self, item: ReviewItem | None, blind: bool, others: dict[str, Decision], wording: Wording,
             adjudicate: bool = False) -> None:
        """Render the line(s) for an item; blind shows neither the model nor other reviewers."""
        w = wording
        line = Text(no_wrap=True, overflow="ellipsis")
        if item is None:
            self.update(line)
            return
        if blind:
            line.append(w.t("blind_hidden"), style="italic dim")
            self.update(line)
            return
        line.append(w.t("model"), style="dim")
        if not item.model_themes:
            line.append(w.t("no_themes"), style="dim")
        for k, theme in enumerate(item.model_themes):
            line.append(" + " if k else "")
            line.append(theme, style="bold" if k == 0 else "")
            score = item.scores.get(theme)
            if score is not None:
                line.append(f" {w.num(score, 2)}", style="dim")
        if item.confidence is not None and item.model_themes and item.model_themes[0] not in item.scores:
            line.append(w.t("confidence", x=w.num(item.confidence, 2)), style="dim")
        if not adjudicate:
            for reviewer, d in others.items():
                line.append(f" · {reviewer}: ", style="dim")
                line.append("+".join(d.themes_after), style="magenta")
            self.update(line)
            return
        lines = [line]
        for reviewer, d in others.items():
            row = Text(no_wrap=True, overflow="ellipsis")
            row.append(f"{reviewer}{w.t('blind_decision') if d.blind else ''}: ", style="bold")
            row.append("+".join(d.themes_after), style="bold magenta")
            if d.note:
                row.append(f" — “{d.note}”", style="italic")
            lines.append(row)
        if not others:
            lines.append(Text(w.t("no_decisions"), style="dim"))
        self.update(Group(*lines))
