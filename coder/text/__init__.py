"""Normalise and flag comments (statuses, duplicates), shorten quotes, and find and redact personal data."""

from coder.text.normalise import (
                                  CODED,
                                  EMPTY,
                                  NEEDS_REVIEW,
                                  NON_ANSWER,
                                  clean,
                                  duplicate_groups,
                                  fingerprinted,
                                  key,
                                  non_answers,
                                  says_nothing,
                                  shorten,
                                  slug,
                                  status_of,
                                  words_key,
)
from coder.text.privacy import Span, find_pii, redact

__all__ = ["CODED", "EMPTY", "NEEDS_REVIEW", "NON_ANSWER", "Span", "clean", "duplicate_groups", "find_pii",
           "fingerprinted", "key", "non_answers", "redact", "says_nothing", "shorten", "slug", "status_of",
           "words_key"]
