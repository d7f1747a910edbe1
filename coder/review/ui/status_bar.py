"""The lines that are always visible: reviewer and position on top; progress, messages and keys below."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from coder.review.logic import DIRECT_KEYS, Progress
from coder.review.session import ADJUDICATE, AUDIT
from coder.wording import Wording

KEYS = (("1-9", "key_theme"), ("o,1-9", "key_only"), ("⏎", "key_accept"), ("i", "key_not_answer"), ("/", "key_search"),
        ("?", "key_help"), ("q", "key_quit"), ("c", "key_codebook"), ("s", "key_skip"), ("u", "key_undo"),
        ("n", "key_note"), ("←/→", "key_move"), ("f", "key_filter"), ("g", "key_jump"), ("p,1-9", "key_primary"),
        ("t", "key_pick"), ("r", "key_order"))  # the most needed first: what does not fit in two lines is left out
# (c comes after q: a wide screen shows the codebook anyway, and ? lists every key)


class TopBar(Static):
    """Reviewer, blind mode, the kind of queue and the position in it."""

    DEFAULT_CSS = "TopBar { height: 1; background: $primary; color: $text; padding: 0 1; }"

    def show(self, reviewer: str, blind: bool, mode: str, index: int, total: int, project: str, decided: bool,
             wording: Wording) -> None:
        w = wording
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append("coder review", style="bold")
        line.append(f" · {project} · {reviewer}")
        if blind:
            line.append(w.t("top_blind"), style="bold")
        if mode == AUDIT:
            line.append(w.t("mode_audit"), style="bold")
        elif mode == ADJUDICATE:
            line.append(w.t("mode_adjudicate"), style="bold")
        line.append(w.t("top_position", i=index + 1, n=total))
        if decided:
            line.append(w.t("top_adjudicated" if mode == ADJUDICATE else "top_decided"), style="bold")
        self.update(line)


class ProgressLine(Static):
    """Done / total (audit: labelled of drawn), the order and filters, and the primary themes so far."""

    DEFAULT_CSS = "ProgressLine { height: 1; padding: 0 1; background: $boost; }"

    def show(self, progress: Progress, mode: str, order: str, filters: dict[str, str], wording: Wording) -> None:
        w = wording
        key = {AUDIT: "progress_audit", ADJUDICATE: "progress_adjudicate"}.get(mode, "progress_review")
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(w.t(key, done=progress.done, total=progress.total), style="bold")
        line.append(f" · {w.t('order_' + order)}", style="dim")
        if filters:
            shown = ", ".join(f"{w.t('f_' + name)} {w.t('status_' + value) if name == 'status' else value}"
                              for name, value in filters.items())  # 'status ikke-svar', not 'status non_answer'
            line.append(f" · {shown}", style="yellow")
        line.append(" │")
        for theme, n in progress.per_theme.items():
            if n:
                line.append(f" {theme} ")
                line.append(str(n), style="bold")
        self.update(line)


class MessageLine(Static):
    """The note being written and the latest message (saved, undone, a mistake), on two lines where one is short."""

    DEFAULT_CSS = "MessageLine { height: auto; max-height: 2; padding: 0 1; }"

    def show(self, message: str, note: str, wording: Wording, error: bool = False) -> None:
        line = Text(overflow="ellipsis")
        if note:
            line.append(wording.t("note_label"), style="bold yellow")
            line.append(note + "  ")
        line.append(message, style="bold red" if error else "green")
        self.update(line)


class KeyLine(Static):
    """The key bindings on up to two lines, a key never apart from what it does (how to reach themes after 9
    first, when there are any); ``width``: the screen's."""

    DEFAULT_CSS = "KeyLine { height: auto; max-height: 2; padding: 0 1; color: $text-muted; }"

    def show(self, wording: Wording, themes: int, width: int = 80) -> None:
        room, lines, used = max(width - 2, 20), [Text(no_wrap=True, overflow="ellipsis")], 0
        if themes > DIRECT_KEYS:
            lines[0].append(wording.t("more_themes", n=themes) + "  ", style="bold yellow")
            used = lines[0].cell_len
        for key, what in KEYS:
            said = f"{key} {wording.t(what)}"
            if used and used + 2 + len(said) > room:
                if len(lines) == 2:
                    break
                lines.append(Text(no_wrap=True, overflow="ellipsis"))
                used = 0
            if used:
                lines[-1].append("  ")
            lines[-1].append(key, style="bold")
            lines[-1].append(f" {wording.t(what)}")
            used = lines[-1].cell_len
        self.update(Text("\n").join(lines))
