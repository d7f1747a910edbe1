"""Print how alike coder codes an answer typed without æ, ø and å (ae, oe, aa) and the same answer with them.

    .venv/bin/python bench/letters.py [--sets sample holdout-klynger2 …]

Every labelled answer of a set is written as an ASCII-only survey system would take it (æ → ae, ø → oe,
å → aa) and coded by the codebook alone, with and without reading such words with Danish letters first
(``coder.text.letters``). Printed per set: the share of answers whose primary theme is the same in both
spellings, and macro-F1 of the ASCII answers against the gold labels.
"""

from __future__ import annotations

import argparse
from unittest import mock

import numpy as np
from harness import macro_f1
from sets import load, names

from coder.classify import Features, zero_shot
from coder.embed import CachedEmbed, get_embedder

ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def primary(codebook, embed, texts: list[str]) -> np.ndarray:
    clf = zero_shot(codebook, embed)
    return clf.classes_[np.argmax(clf.decision_function(Features(embed(texts), tuple(texts))), axis=1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=names())
    args = parser.parse_args()
    embed = CachedEmbed.of(get_embedder("e5"))
    print("| set | answers | changed by ASCII | same primary, as typed | same primary, read with æøå "
          "| macro-F1 Danish | ASCII as typed | ASCII read with æøå |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name in args.sets:
        s = load(name)
        texts = list(s.texts)
        ascii_ = [t.translate(ASCII) for t in texts]
        gold = np.array([g[0] for g in s.gold])
        danish = primary(s.codebook, embed, texts)
        read = primary(s.codebook, embed, ascii_)
        plain = lambda t: t  # noqa: E731
        with mock.patch("coder.embed.cache.danish_letters", plain), \
                mock.patch("coder.classify.zeroshot.danish_letters", plain):
            typed = primary(s.codebook, CachedEmbed.of(get_embedder("e5"), use_cache=False), ascii_)
        changed = sum(a != t for a, t in zip(ascii_, texts))
        print(f"| {name} | {len(texts)} | {changed} | {np.mean(typed == danish):.3f} | {np.mean(read == danish):.3f} "
              f"| {macro_f1(gold, danish):.3f} | {macro_f1(gold, typed):.3f} | {macro_f1(gold, read):.3f} |",
              flush=True)


if __name__ == "__main__":
    main()
