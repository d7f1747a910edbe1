"""Under the comment: the model's suggestion and other reviewers' labels, 'hidden' when blind; when
adjudicating, every reviewer's decision with its note; "ikke-svar" when the comment is marked no answer."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.widgets import Static

from coder.review.logic import ReviewItem
from coder.store import ADJUDICATE, ADJUDICATED, HUMAN, Decision, is_not_answer
from coder.text import EMPTY, NON_ANSWER, redact
from coder.wording import Wording


def shown_label(themes: tuple[str, ...], wording: Wording) -> str:
    """A label as a reader sees it: ``a+b``, or "ikke-svar" / "non-answer" for no substantive answer."""
    return wording.t("status_non_answer") if is_not_answer(themes) else "+".join(themes)


class Suggestion(Static):
    """The model's primary and secondary themes with their scores, and what others decided."""

    DEFAULT_CSS = "Suggestion { height: auto; max-height: 6; padding: 0 1; }"

    def show(self, item: ReviewItem | None, blind: bool, others: dict[str, Decision], wording: Wording,
             adjudicate: bool = False, not_answer: bool = False, audit_draw: bool = False,
             earlier: dict[str, Decision] | None = None) -> None:
        """Render the line(s) for an item; blind shows neither the model nor other reviewers.

        ``not_answer``: the comment is marked no substantive answer (the reviewer's own label, or the one in force).
        ``audit_draw``: blind because the comment is an audit draw in the ordinary queue (it says so).
        ``earlier``: decisions that no longer apply (an earlier text or a theme gone), shown with their notes.
        """
        w = wording
        line = Text(no_wrap=True, overflow="ellipsis")
        if item is None:
            self.update(line)
            return
        if not_answer:
            line.append(w.t("marked_not_answer"), style="bold magenta")
        if blind:
            line.append(w.t("blind_audit_draw" if audit_draw else "blind_hidden"), style="italic dim")
            self.update(line)
            return
        line.append(w.t("model"), style="dim")
        if not item.model_themes and (item.model_status or item.status) in (NON_ANSWER, EMPTY):
            line.append(w.t(f"status_{item.model_status or item.status}"), style="dim")
        elif not item.model_themes:
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
                settled = w.t("adjudicated_decision") if d.action == ADJUDICATE else ""
                line.append(f" · {reviewer}{settled}: ", style="bold" if settled else "dim")
                line.append(shown_label(d.themes_after, w), style="bold magenta" if settled else "magenta")
                if item.source in (HUMAN, ADJUDICATED) and tuple(d.themes_after) == tuple(item.label):
                    line.append(w.t("preselected"), style="dim")  # the ticks below are this label, not the model's
            if not earlier:
                self.update(line)
                return
            rows = [line]
            for reviewer, d in earlier.items():
                row = Text()  # wraps: the note is the point
                row.append(w.t("earlier_decision", reviewer=reviewer), style="dim")
                row.append(shown_label(d.themes_after, w), style="yellow")
                if d.note:  # redacted as the comment above it is, and as every export shows notes (walk33)
                    row.append(f" — “{redact(d.note, w.locale)}”", style="italic dim")
                rows.append(row)
            self.update(Group(*rows))
            return
        lines = [line]
        for reviewer, d in others.items():
            row = Text(no_wrap=True, overflow="ellipsis")
            mark = w.t("adjudicated_decision") if d.action == ADJUDICATE else w.t("blind_decision") if d.blind else ""
            row.append(f"{reviewer}{mark}: ", style="bold")
            row.append(shown_label(d.themes_after, w), style="bold magenta")
            if d.note:
                row.append(f" — “{redact(d.note, w.locale)}”", style="italic")
            lines.append(row)
        if not others:
            lines.append(Text(w.t("no_decisions"), style="dim"))
        self.update(Group(*lines))
