"""Answers that ask to be contacted (``coder.text.contact``), gathered as the exports are written and named once.

A patient who writes "ring til mig" or leaves a phone number wants an answer; the report never quotes them, and
their contact details are redacted from every file, so the run names the respondents (ids and question only) and
says where the details are: in the input file.
"""

from __future__ import annotations

from coder.errors import Urgent
from coder.store import Row
from coder.text import EMPTY
from coder.text.contact import asks_contact

SHOWN = 10  # respondents named in the line; the rest are in assignments.csv (contact = yes)


class Contacts:
    """The answers of a run that ask to be contacted, in the order the rows come."""

    def __init__(self) -> None:
        self.found: list[tuple[str, str]] = []  # (respondent, question)

    def add(self, r: Row) -> None:
        if r.status != EMPTY and asks_contact(r.text):
            self.found.append((r.respondent, r.question))

    def notices(self) -> tuple[Urgent, ...]:
        if not self.found:
            return ()
        n = len(self.found)
        shown = ", ".join(f"{who} ({question})" for who, question in self.found[:SHOWN]) + (" …" if n > SHOWN else "")
        one = n == 1
        return (Urgent(f"{n} {'answer asks' if one else 'answers ask'} to be contacted or {'gives' if one else 'give'} "
                       f"a phone number or e-mail: {shown}; {'it has' if one else 'they have'} contact = yes in "
                       "assignments.csv, and the details are in the input file (redacted in every file coder exports)",
                       f"{n} {'besvarelser' if n != 1 else 'besvarelse'} beder om at blive kontaktet eller giver et "
                       f"telefonnummer eller en e-mail: {shown}; de har contact = yes i assignments.csv, og "
                       "oplysningerne står i inputfilen (de er fjernet i alle filer, coder eksporterer)"),)
