"""Discover themes: cluster each question's comments, name the clusters by Danish keywords, quote them,
and set them against the codebook (nearest theme, or NEW with a draft theme; merge and split hints)."""

from coder.cluster.discover import discover
from coder.cluster.explain import ThemeFit, ThemeScorer, fit_clusters
from coder.cluster.files import (
           SUGGESTIONS,
           cluster_name,
           clusters_csv,
           clusters_md,
           fit_cell,
           named_note,
           suggestions_yaml,
           summary,
           write_discovery,
)
from coder.cluster.model import Clustering, centre, choose_k, cluster_vectors
from coder.cluster.phrases import wording_of
from coder.cluster.themes import draft_codebook, merged
from coder.cluster.types import (
           NEW,
           Answer,
           Assignment,
           Cluster,
           Discovery,
           QuestionDiscovery,
)

__all__ = ["Answer", "Assignment", "Cluster", "Clustering", "Discovery", "NEW", "QuestionDiscovery", "SUGGESTIONS",
           "ThemeFit", "ThemeScorer", "centre", "choose_k", "cluster_name", "cluster_vectors", "clusters_csv",
           "clusters_md", "discover", "draft_codebook", "fit_cell", "fit_clusters", "merged", "named_note",
           "suggestions_yaml", "summary", "wording_of", "write_discovery"]
