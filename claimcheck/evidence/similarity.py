"""The one way the package compares two titles (or journal names): accents and case folded
away, then rapidfuzz's token-set ratio, which ignores word order and words one side adds."""

from __future__ import annotations

import unicodedata

from rapidfuzz import fuzz


def fold(text: str) -> str:
    """Case and accents folded away: "Étude" and "etude" compare equal."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()


def similar(a: str | None, b: str | None, cutoff: float) -> bool:
    """Whether two titles name the same work: both present and at least `cutoff` (0-100)
    alike."""
    return bool(a and b) and fuzz.token_set_ratio(fold(a), fold(b)) >= cutoff
