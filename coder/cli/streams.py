"""Output streams that cannot show every character coder prints (an ASCII or Latin-1 terminal, a cp1252 file on
Windows) get plain stand-ins instead of a traceback: "–" as "-", "▲" as "^", "æ" as "ae", and the like.

Python writes stdout and stderr in the locale's encoding. coder's Danish output holds æ, ø, å, the en dash,
typographic quotes, ▲/▼, κ and ±, so under ``PYTHONIOENCODING=ascii`` every command stopped with a
UnicodeEncodeError, and ``coder code`` did so after the project was written. Files coder writes are UTF-8 whatever
the terminal; only what is printed is affected, and a one-line notice says how to see everything.
"""

from __future__ import annotations

import codecs
import sys
import unicodedata

from coder.wording import Wording

HANDLER = "coder-plain"
PROBE = "æøåÆØÅ–“”▲▼κ±…"  # what coder's Danish output needs
_PLAIN = {"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa", "–": "-", "—": "-", "−": "-",
          "“": '"', "”": '"', "„": '"', "»": '"', "«": '"', "‘": "'", "’": "'", "▲": "^", "▼": "v", "…": "...",
          "κ": "kappa", "±": "+/-", "·": ".", "→": "->", "←": "<-", "≈": "~", "≥": ">=", "≤": "<=", "×": "x",
          "⏎": "Enter", "━": "-", "─": "-", "│": "|", "•": "*", "\u00a0": " ", "\u202f": " "}


def _plain(error: UnicodeError) -> tuple[str, int]:
    """The codec error handler: each character the stream cannot encode, in plain characters it can."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out = []
    for ch in error.object[error.start:error.end]:
        stand_in = _PLAIN.get(ch)
        if stand_in is None:
            stand_in = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        try:
            stand_in.encode(error.encoding)
        except (UnicodeEncodeError, LookupError):
            stand_in = "?"
        out.append(stand_in or "?")
    return "".join(out), error.end


def _codec(stream) -> str:
    """The stream's encoding by its codec's name ('utf-8' for 'UTF8', 'utf_8' …)."""
    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "utf-8").name
    except LookupError:
        return ""


def _can_show(stream, text: str) -> bool:
    try:
        text.encode(getattr(stream, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def fit_streams() -> str | None:
    """Give stdout and stderr plain stand-ins for what their encoding lacks. Returns the encoding that lacked
    something (for the notice), or None."""
    codecs.register_error(HANDLER, _plain)
    lacking = None
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and not _can_show(stream, PROBE) and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors=HANDLER)
            lacking = lacking or stream.encoding
    return lacking


def write_data(text: str) -> None:
    """A report, CSV or JSON written to stdout: as UTF-8 whatever the stream's encoding, so a redirect to a file
    (``> rapport.csv`` under cp1252) keeps every character instead of '?' for an emoji (walk26); a UTF-8 terminal
    gets it as it is."""
    stream = sys.stdout
    if _codec(stream) == "utf-8" or not hasattr(stream, "buffer"):
        stream.write(text)
        return
    stream.flush()
    stream.buffer.write(text.encode("utf-8"))
    stream.buffer.flush()


def lacking_characters(stream=None) -> str:
    """The stand-ins of the characters coder prints that the stream cannot show, e.g. "^, v, kappa" under cp1252
    (for ▲, ▼ and κ, which the notice cannot print there either)."""
    stream = stream or sys.stdout
    return ", ".join(dict.fromkeys(_PLAIN.get(ch, "?") for ch in PROBE if not _can_show(stream, ch)))


def can_show_all() -> bool:
    """Whether stdout shows every character coder prints (the review screen needs that: its frame, keys and æøå)."""
    return _can_show(sys.stdout, PROBE + "╭╮╰╯")


def notice(encoding: str, w: Wording) -> str:
    return w.t("plain_output", encoding=encoding, characters=lacking_characters(sys.stderr) or lacking_characters())
