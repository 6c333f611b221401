"""Text shapes the layout lexicon decides, for every stage that needs them: the layout pass
of ingest (which blocks form a reference list) and the reference parser of detect (which
block of that list is an entry and which the note under one)."""

from __future__ import annotations

from functools import cache

from claimcheck.lexicons.load import Matcher


@cache
def _matcher() -> Matcher:
    return Matcher([("layout", "references-heading"), ("layout", "reference-shape")])


def is_reference_shaped(text: str) -> bool:
    """Whether a block of text looks like an entry of a reference list."""
    return len(text) >= 25 and "layout.reference-shape" in _matcher().groups_in(text)


def is_references_heading(text: str) -> bool:
    """Whether a heading introduces a reference list (References, Sources, Notes...)."""
    return "layout.references-heading" in _matcher().groups_in(text)
