"""A citation's pointers -> the works they point at: the page's reference entries (by number,
footnote label, first author with or without a year) and registry sources (by DOI, PMID,
URL, or the inline reference detection parsed)."""

from __future__ import annotations

from collections.abc import Sequence

from claimcheck.evidence.matching import find_source, match
from claimcheck.evidence.registry import Registry
from claimcheck.model import Pointer, Reference, SourceMatch


def resolve(pointer: Pointer, entries: Sequence[Reference], registry: Registry) -> list[SourceMatch]:
    """The works one pointer points at, each with the registry source it is, if any."""
    if pointer.kind == "doi":
        source = registry.by_doi(pointer.value)
        entry = next((e for e in entries if e.doi and e.doi.casefold() == pointer.value.casefold()), None)
        return [match(entry, source, "doi")] if source or entry else []
    if pointer.kind == "pmid":
        source = registry.by_pmid(pointer.value)
        return [match(None, source, "pmid")] if source else []
    if pointer.kind == "url":
        source = next((s for s in registry.sources if s.url and s.url == pointer.value), None)
        return [match(None, source, "url")] if source else []
    if pointer.kind == "inline":
        entry = pointer.reference
        return [match(entry, find_source(entry, registry), "inline")]
    if pointer.kind in ("numbered", "footnote"):
        found = [e for e in entries if e.number == pointer.value]
    elif pointer.kind == "author":  # a first author named in the sentence, no year
        found = [e for e in entries if e.authors and e.authors[0].family.casefold() == pointer.value]
    else:  # author-year
        surname, year = pointer.value, pointer.year
        found = [e for e in entries if e.year == year and any(
            a.family.casefold().startswith(surname) or surname in a.family.casefold()
            for a in e.authors[:1])]
        if not found:
            source = next((s for s in registry.sources if str(s.year) == year
                           and (s.first_author or "").casefold().startswith(surname)), None)
            return [match(None, source, "author-year")] if source else []
    return [match(e, find_source(e, registry), pointer.kind) for e in found]
