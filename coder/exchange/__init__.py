"""REFI-QDA exchange with NVivo, ATLAS.ti and MAXQDA: codebooks as ``.qdc``, coded projects as ``.qdpx``."""

from coder.exchange.qdc import codebook_qdc, codebook_yaml, parse_qdc, read_qdc
from coder.exchange.qdpx import QdpxResult, export_qdpx

__all__ = ["QdpxResult", "codebook_qdc", "codebook_yaml", "export_qdpx", "parse_qdc", "read_qdc"]
