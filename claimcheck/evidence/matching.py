"""Reference entries and named sources x the registry: which registry source a work is.

An entry is found by DOI or PMID first, else by first author, year and a fuzzy title or
container; a named source ("a 2018 meta-analysis in JAMA Psychiatry") by the best partial
match of a source's journal, first author or title within its text, in the year it names.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from claimcheck.evidence.registry import Registry
from claimcheck.evidence.similarity import similar
from claimcheck.model import Reference, Source, SourceMatch

FUZZY_TITLE = 85.0
"""Lowest rapidfuzz ratio at which a title, container or name counts as the same."""
_YEAR = re.compile(r"\b(1[5-9]\d{2}|20\d{2})\b")


def find_source(entry: Reference, registry: Registry) -> Source | None:
    """The registry source a reference entry describes: by DOI, PMID, else first author, year
    and a fuzzy title or container."""
    if entry.doi and (source := registry.by_doi(entry.doi)):
        return source
    if entry.pmid and (source := registry.by_pmid(entry.pmid)):
        return source
    surname = (entry.first_author or "").casefold()
    for source in registry.sources:
        if not surname or str(source.year) != (entry.year or ""):
            continue
        if (source.first_author or "").casefold() != surname:
            continue
        if similar(source.title, entry.title, FUZZY_TITLE) \
                or similar(source.container, entry.container, FUZZY_TITLE):
            return source
    return None


def named_source(text: str, registry: Registry) -> tuple[float, Source] | None:
    """The registry source a named attribution most likely means, with how well (0-100) its
    journal, first author or title matches the words; None below FUZZY_TITLE."""
    year = _YEAR.search(text)
    best: tuple[float, Source] | None = None
    for source in registry.sources:
        if year and source.year is not None and str(source.year) != year.group(1):
            continue
        names = [n for n in (source.container, *source.authors[:1], source.title) if n]
        score = max((fuzz.partial_ratio(n.casefold(), text.casefold()) for n in names
                     if len(n) >= 3), default=0.0)
        if score >= FUZZY_TITLE and (best is None or score > best[0]):
            best = (score, source)
    return best


def match(entry: Reference | None, source: Source | None, how: str,
           score: float = 1.0) -> SourceMatch:
    """How a claim is tied to a work: the registry source's details, else the entry's."""
    return SourceMatch(
        id=source.id if source else None,
        first_author=(source.first_author if source else None) or (entry.first_author if entry else None),
        year=str(source.year) if source and source.year else (entry.year if entry else None),
        title=(source.title if source else None) or (entry.title if entry else None),
        container=(source.container if source else None) or (entry.container if entry else None),
        doi=(source.doi if source else None) or (entry.doi if entry else None),
        match=how,
        score=round(score, 3),
    )
