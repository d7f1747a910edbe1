"""Redaction quality on the planted test set: recall of identifiers and false redactions of clean text.

    .venv/bin/python bench/privacy.py [--verbose]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coder.text.privacy import find_pii  # noqa: E402
from coder.text.privacy_eval import load_planted, score  # noqa: E402


def main() -> None:
    cases = load_planted(ROOT / "tests" / "data" / "pii_planted.tsv")
    started = time.perf_counter()
    result = score(cases)
    elapsed = time.perf_counter() - started
    n_pii = sum(not c.clean for c in cases)
    print(f"planted set: {n_pii} sentences with {result.identifiers} identifiers, "
          f"{result.clean_sentences} clean sentences")
    print(f"recall (identifiers fully removed): {result.removed}/{result.identifiers} = {result.recall:.3f}")
    print(f"  of which with the right placeholder: {result.right_kind}/{result.removed}")
    print("  by kind: " + ", ".join(f"{kind} {removed}/{n}" for kind, n, removed in result.by_kind))
    print(f"false redactions in the clean set: {result.false_tokens}/{result.clean_tokens} words = "
          f"{result.false_rate:.2%} ({result.false_chars}/{result.clean_chars} characters = "
          f"{result.false_char_rate:.2%})")
    print(f"over-redaction around planted identifiers: {result.over_tokens}/{result.other_tokens} words = "
          f"{result.over_rate:.2%}")
    texts = [c.text for c in cases] * 50
    started = time.perf_counter()
    for t in texts:
        find_pii(t)
    print(f"speed: {len(texts) / (time.perf_counter() - started):,.0f} sentences/s (scoring took {elapsed:.2f} s)")
    if "--verbose" in sys.argv or "-v" in sys.argv:
        for line in result.missed:
            print("MISSED", line)
        for line in result.false:
            print("FALSE ", line)


if __name__ == "__main__":
    main()
