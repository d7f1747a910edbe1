"""Self-training: the batch's own confidently coded answers as extra (pseudo) labels.

After learning from the people's labels, the classifier codes the rest of the batch; the answers
it is surest of, at most ``per_theme`` per theme and never more than ``ratio`` times the people's
labels of that theme, join the training set as pseudo-labels, and it learns again (``rounds``
times). Pseudo-labels train only: they never calibrate and never count as real answers.
"""

from __future__ import annotations

from typing import Callable, Iterable

import numpy as np

from coder.classify.base import Coding, Features, Labelled, concat
from coder.classify.learned import ThemeClassifier


def self_train(make: Callable[[], ThemeClassifier], labelled: Labelled, unlabelled: Features, rounds: int = 2,
               per_theme: int = 30, ratio: float = 2.0, min_confidence: float = 0.5) -> ThemeClassifier:
    """Fit ``make()`` (a fresh ThemeClassifier) on the labels, then on labels plus confident pseudo-labels.

    Args:
        make: returns an unfitted ThemeClassifier with the wanted settings.
        labelled: the people's labels.
        unlabelled: (n,) features of the answers nobody labelled.
    """
    return self_train_chunks(make, labelled, lambda clf: [(unlabelled, clf.code(unlabelled))], rounds, per_theme,
                             ratio, min_confidence)


def self_train_chunks(make: Callable[[], ThemeClassifier], labelled: Labelled,
                      code_all: Callable[[ThemeClassifier], Iterable[tuple[Features, Coding]]], rounds: int = 2,
                      per_theme: int = 30, ratio: float = 2.0, min_confidence: float = 0.5) -> ThemeClassifier:
    """``self_train`` over unlabelled answers that come in chunks: the same picks, in bounded memory.

    ``code_all(clf)`` yields each chunk of the unlabelled answers with ``clf``'s coding of it, in the
    same order every time. Per theme only the ``room`` surest answers so far are kept (ties to the
    earlier answer, as a stable sort of the whole batch would give).
    """
    clf = make().fit(labelled)
    own = {t: labelled.primary.count(t) for t in clf.classes_}
    for _ in range(rounds):
        best: dict[str, list[tuple[float, int, str, np.ndarray, str]]] = {}  # (-confidence, index, text, vector, theme)
        offset = 0
        for features, coding in code_all(clf):
            for t in clf.classes_:
                room = min(per_theme, int(ratio * own.get(t, 0)))
                if room <= 0:
                    continue
                idx = [i for i in np.argsort(-coding.confidence, kind="stable")
                       if coding.primary[i] == t and coding.confidence[i] >= min_confidence][:room]
                fresh = [(-float(coding.confidence[i]), offset + int(i), features.texts[i],
                          features.embeddings[i].copy(), str(t)) for i in idx]
                best[t] = sorted(best.get(t, []) + fresh, key=lambda x: (x[0], x[1]))[:room]
            offset += len(features)
        if offset == 0:
            return clf
        picked = sorted((x for items in best.values() for x in items), key=lambda x: x[1])
        if not picked:
            break
        pseudo = Labelled(Features(np.vstack([x[3] for x in picked]), tuple(x[2] for x in picked)),
                          tuple((x[4],) for x in picked), tuple("pseudo" for _ in picked))
        clf = make().fit(concat(labelled, pseudo))
    return clf

