"""Find the figures a news text states: pure functions over typed dataclasses."""

from app.extraction.extract import extract
from app.extraction.model import KINDS, QUALIFIERS, Kind, Mention, Qualifier
from app.extraction.units import compatible, to_base

__all__ = [
    "KINDS", "QUALIFIERS", "Kind", "Mention", "Qualifier", "compatible", "extract", "to_base",
]
