"""Click's usage errors in Danish: the few it gives a person who mistypes a command, option or value.

Click (and the values Typer validates) word them in English; a Danish reader got "Fejl: Missing option …".
A message no pattern matches stays as Click wrote it.
"""

from __future__ import annotations

import re

_PATTERNS = [
    (r"Missing argument '([^']+)'", r"argumentet '\1' mangler"),
    (r"Missing option ('[^']+'(?: / '[^']+')*)", r"tilvalget \1 mangler"),
    (r"No such option: (\S+) \(Possible options: ([^)]+)\)", r"ukendt tilvalg: \1 (mente du: \2?)"),
    (r"No such option: (\S+)", r"ukendt tilvalg: \1"),
    (r"No such command '([^']+)'\. Did you mean (?:one of )?('.+')\?", r"ukendt kommando '\1'; mente du \2?"),
    (r"No such command '([^']+)'\.?", r"ukendt kommando '\1'"),
    (r"Got unexpected extra argument(?:s|\(s\))? \(([^)]*)\)", r"uventet ekstra argument (\1)"),
    (r"Option '([^']+)' requires an argument", r"tilvalget '\1' kræver en værdi"),
    (r"Option '([^']+)' does not take a value", r"tilvalget '\1' tager ingen værdi"),
    (r"Invalid value for ('[^']+'(?: / '[^']+')*): Input should be greater than or equal to (\S+)",
     r"ugyldig værdi for \1: den skal være mindst \2"),
    (r"Invalid value for ('[^']+'(?: / '[^']+')*): Input should be less than or equal to (\S+)",
     r"ugyldig værdi for \1: den må højst være \2"),
    (r"Invalid value for ('[^']+'(?: / '[^']+')*): Input should be a valid integer.*",
     r"ugyldig værdi for \1: angiv et helt tal"),
    (r"Invalid value for ('[^']+'(?: / '[^']+')*): Input should be a valid number.*",
     r"ugyldig værdi for \1: angiv et tal"),
    (r"Invalid value for ('[^']+'(?: / '[^']+')*): '([^']*)' is not a valid (?:integer|int)\.?",
     r"ugyldig værdi for \1: '\2' er ikke et helt tal"),
    (r"Invalid value for ('[^']+'(?: / '[^']+')*): '([^']*)' is not a valid float\.?",
     r"ugyldig værdi for \1: '\2' er ikke et tal"),
    (r"Invalid value for ('[^']+'(?: / '[^']+')*): '([^']*)' is not one of (.*)",
     r"ugyldig værdi for \1: '\2' er ikke en af \3"),
    (r"Invalid value for ('[^']+'(?: / '[^']+')*): (?:[Ff]ile|[Dd]irectory|[Pp]ath) '([^']*)' is not readable\.?",
     r"ugyldig værdi for \1: '\2' må ikke læses af dig; giv læseadgang (chmod u+r '\2'), eller kopiér filen hen, hvor "
     r"du kan læse den"),
    (r"Invalid value for ('[^']+'(?: / '[^']+')*): (.*)", r"ugyldig værdi for \1: \2"),
]
_COMPILED = [(re.compile(p), r) for p, r in _PATTERNS]


def danish_usage(message: str) -> str:
    """Click's one-line usage error in Danish (unchanged when no pattern knows it)."""
    for pattern, replacement in _COMPILED:
        if pattern.fullmatch(message):
            return pattern.sub(replacement, message)
    return message
