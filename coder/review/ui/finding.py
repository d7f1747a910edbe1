"""The review app's keys that find comments: search, filter, go to an id, and the order of the queue."""

from __future__ import annotations

from dataclasses import replace

from coder.review.logic import (
    CONFIDENCE,
    QUEUE,
    RANDOM,
    STATUSES,
    QueueFilter,
    split_ident,
    status_code,
    theme_matches,
)
from coder.review.session import ADJUDICATE, FILTERED, FOUND
from coder.review.ui.ask_screen import AskScreen
from coder.review.ui.filter_screen import FilterAnswer, FilterScreen

ORDER_CYCLE = (QUEUE, CONFIDENCE, RANDOM)  # the order key steps through these


class FindingKeys:
    """Mixed into ``ReviewApp`` (which gives ``session``, ``w``, ``say``, ``refresh_view``, ``push_screen`` and
    ``_order_key``)."""

    def _refilter(self, flt: QueueFilter, none_key: str, **values: str) -> None:
        n = self.session.refilter(flt)
        if n:
            self.say(self.w.plural(n, "queue_size"))
        else:
            self.say(self.w.t(none_key, **values), error=True)
        self.refresh_view()

    def action_search(self) -> None:
        def search(text: str | None) -> None:
            if text is not None:
                self._refilter(replace(self.session.flt, search=text.strip() or None), "search_none", text=text)

        self.push_screen(AskScreen(self.w.t("search_prompt"), self.session.flt.search or ""), search)

    def _status_code(self, typed: str) -> str | None:
        found = status_code(typed)
        return found if found in STATUSES else None

    def action_filter(self) -> None:
        flt = self.session.flt

        def apply(answer: FilterAnswer | None) -> None:
            if answer is None:
                return
            themes = theme_matches(self.session.codebook, answer.theme) if answer.theme else [None]
            status = self._status_code(answer.status) if answer.status else None
            if not themes:
                self.say(self.w.t("filter_bad_theme", x=answer.theme), error=True)
            elif answer.status and status is None:
                self.say(self.w.t("filter_bad_status", x=answer.status), error=True)
            else:
                self._refilter(replace(flt, theme=themes[0], status=status, reviewer=answer.reviewer or None),
                               "filter_none")
                return
            self.refresh_view()

        status = self.w.t(f"status_{flt.status}") if flt.status else ""  # as typed: 'uenighed', not 'disputed'
        self.push_screen(FilterScreen(self.w, flt.theme or "", status, flt.reviewer or ""), apply)

    def action_jump(self) -> None:
        def jump(ident: str | None) -> None:
            if ident and ident.strip():
                found = self.session.jump(ident)
                if found == FOUND:
                    self.say(self._also_answered(ident))
                elif found == FILTERED and self.session.mode == ADJUDICATE:  # no filter hides it: it is no dispute
                    self.say(self.w.t("jump_not_disputed", id=ident.strip()), error=True)  # of theirs (walk32)
                else:
                    self.say(self.w.t("jump_filtered" if found == FILTERED else "jump_unknown", id=ident.strip()),
                             error=True)
            self.refresh_view()

        current = self.session.current
        example = current.respondent if current is not None else "R17"  # an id of this project
        other = next((i.question for i in self.session.items if current is None or i.question != current.question), "")
        prompt = self.w.t("jump_prompt_question", id=example, question=other) if other else self.w.t("jump_prompt",
                                                                                                   id=example)
        self.push_screen(AskScreen(prompt), jump)

    def _also_answered(self, ident: str) -> str:
        """After a go-to by a bare respondent id, which answer it opened and the respondent's others in the queue:
        'g R0092' opened the answer to the question on screen, and a reviewer coded it meaning another (walk32)."""
        s, here = self.session, self.session.current
        if here is None or split_ident(ident, s.run.questions)[1] is not None:
            return ""
        others = sorted({i.question for i in s.items if i.respondent == here.respondent} - {here.question})
        return self.w.t("jump_also", id=here.respondent, question=here.question, others=", ".join(others),
                        first=others[0]) if others else ""

    def action_order(self) -> None:
        s = self.session
        if s.fixed is not None:
            self.say(self.w.t("order_fixed", order=self.w.t("order_" + self._order_key())))
        else:
            s.set_order(ORDER_CYCLE[(ORDER_CYCLE.index(s.order) + 1) % len(ORDER_CYCLE)])
            self.say(self.w.t("order_set", order=self.w.t("order_" + s.order)))
        self.refresh_view()
