"""The reviews of claims.yaml, ready to apply to analyses, and text similarity."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from claimcheck.evidence.registry import Registry
from claimcheck.model import LibraryMatch, Review, normalise

from .schema import PAST_KEYS, read

SUGGEST = 0.85
"""Lowest similarity at which a reviewed claim is suggested for a new one."""


@dataclass(frozen=True)
class Library:
    """The reviews of claims.yaml, to apply to analyses."""

    reviews: dict[str, Review] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    """Normalised text of every reviewed claim, by id (for suggestions)."""
    merged: tuple[str, ...] = ()
    """Ids the file lists more than once (merged here; the next write repairs the file)."""
    ids: frozenset[str] = frozenset()
    """Every claim id the file lists (check's default baseline)."""

    def applies_as(self, other: Library) -> bool:
        """Whether the two apply the same reviews to any analysis."""
        return self.reviews == other.reviews and self.texts == other.texts

    def lookup(self, claim_id: str, text: str) -> tuple[Review | None, LibraryMatch | None]:
        """The review that applies to a claim, and how the library matched it."""
        review = self.reviews.get(claim_id)
        if review is not None:
            return review, LibraryMatch(claim_id, "exact")
        near = similar(text, self.texts, SUGGEST)
        if near is None:
            return None, None
        return None, LibraryMatch(near[0], "suggested", near[1])


EMPTY = Library()


def similar(text: str, texts: dict[str, str], cutoff: float) -> tuple[str, float] | None:
    """The id whose normalised text is most like `text`, if at least `cutoff` similar."""
    if not texts:
        return None
    found = process.extractOne(normalise(text), texts, scorer=fuzz.ratio,
                               score_cutoff=cutoff * 100)
    return (found[2], round(found[1] / 100, 3)) if found else None


def library(path: Path, registry: Registry | None = None) -> Library:
    """The reviews of a catalogue, ready to apply."""
    loaded = read(path, registry)
    return of(loaded.data["claims"], loaded.merged)


def of(entries: Iterable[dict], merged: tuple[str, ...] = ()) -> Library:
    """The reviews of a catalogue's entries (validated)."""
    reviews, texts, ids = {}, {}, set()
    for entry in entries:
        ids.add(entry["id"])
        review = entry.get("review")
        if review:
            reviews[entry["id"]] = as_review(review)
            texts[entry["id"]] = normalise(str(entry.get("text", "")))
    return Library(reviews, texts, merged, frozenset(ids))


def as_review(raw: dict) -> Review:
    """A review block of claims.yaml (validated) as a record, with its history."""
    values = {key: raw.get(key) for key in PAST_KEYS}
    date = values["date"]
    return Review(
        verdict=values["verdict"],
        sources=tuple(values["sources"] or ()),
        note=str(values["note"]).strip() if values["note"] else None,
        reviewer=str(values["reviewer"]) if values["reviewer"] else None,
        date=date.isoformat() if isinstance(date, dt.date) else (str(date) if date else None),
        history=tuple(as_review(past) for past in raw.get("history") or ()),
    )
