"""Attributions and references x registry -> evidence status and sources (TAXONOMY §5). Pure.

This module decides the status; pointers.py resolves a citation's pointers, matching.py finds
the registry source a work is, candidates.py ranks a page's entries for an unpointed claim.

A citation resolves to the document's own reference entry (by number, footnote label or
first author and year) and the entry, or a DOI, PMID or full inline reference, to a registry
source: by DOI or PMID first, else by first author + year + a fuzzy match of title or
container. A named attribution ("A meta-analysis published in JAMA Psychiatry in 2018") is
looked for in the registry by its details; when it matches a verified source it is a
citation after all, otherwise it is unverifiable. Claims with no pointer on a page that has a
reference list get up to three candidate entries, ranked by how well each fits the claim.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from claimcheck.evidence.candidates import content, rank_candidates
from claimcheck.evidence.matching import find_source, match, named_source
from claimcheck.evidence.pointers import resolve
from claimcheck.evidence.registry import Registry, describe_search
from claimcheck.model import Attribution, Decision, Reference, Source, SourceMatch
from claimcheck.vocab import AttributionType, SourceStatus, Status


@dataclass(frozen=True)
class Evidence:
    """What one document offers to link against: its reference entries (with the registry
    source each describes and the words each is about) and the registry. Built once per
    document."""

    entries: tuple[Reference, ...]
    registry: Registry
    sources: tuple[Source | None, ...]
    about: tuple[str, ...]

    @classmethod
    def of(cls, entries: Sequence[Reference], registry: Registry) -> Evidence:
        return cls(tuple(entries), registry,
                   tuple(find_source(e, registry) for e in entries),
                   tuple(content(" ".join(filter(None, (e.title, e.note)))) for e in entries))


@dataclass(frozen=True, slots=True)
class Linked:
    attribution: Attribution
    status: Status
    sources: tuple[SourceMatch, ...]
    why: str
    """One sentence saying how the status was reached (for `claimcheck explain`)."""


def link(decision: Decision, attribution: Attribution, evidence: Evidence,
         claim_text: str) -> Linked | None:
    """The evidence status of one statement; None for a non-claim."""
    if not decision.claim:
        return None
    kind = attribution.type
    if kind == AttributionType.CITATION:
        return _citation(attribution, evidence.entries, evidence.registry)
    if kind == AttributionType.NAMED:
        return _named(attribution, evidence.registry)
    if kind == AttributionType.SELF:
        return Linked(attribution, Status.SELF_REPORTED, (),
                      "the evidence offered is the publisher's own experience")
    if kind == AttributionType.VAGUE:  # a pointer at the claim wins over the page's reference list
        candidates = rank_candidates(claim_text, decision.kinds, evidence) \
            if evidence.entries else ()
        return Linked(attribution, Status.VAGUE, candidates,
                      "appeals to evidence in general, names no work"
                      + ("; of the page's reference list these entries fit it best"
                         if candidates else ""))
    if evidence.entries:
        candidates = rank_candidates(claim_text, decision.kinds, evidence)
        why = ("no pointer at the claim; the page carries a reference list"
               + (" and these entries fit it best" if candidates else
                  ", but no entry fits it"))
        return Linked(attribution, Status.BIBLIOGRAPHY, candidates, why)
    return Linked(attribution, Status.UNSOURCED, (), "no attribution and no reference list")


def _citation(attribution: Attribution, entries: Sequence[Reference],
              registry: Registry) -> Linked:
    matches: list[SourceMatch] = []
    for pointer in attribution.pointers:
        matches.extend(resolve(pointer, entries, registry))
    sources = tuple(dict.fromkeys(matches))
    statuses = {registry.get(m.id).status for m in sources if m.id and registry.get(m.id)}
    if SourceStatus.RETRACTED in statuses:
        return Linked(attribution, Status.CONTRADICTED, sources, "cites a source the registry marks retracted")
    if SourceStatus.VERIFIED in statuses:
        return Linked(attribution, Status.SUPPORTED, sources, "cites a source verified in the registry")
    if SourceStatus.CORRECTED in statuses:
        return Linked(attribution, Status.SUPPORTED, sources,
                      "cites a source found in the registry, with a correction notice since")
    if SourceStatus.MISMATCH in statuses:
        return Linked(attribution, Status.CITED, sources,
                      "cites a work whose details disagree with the published record")
    if SourceStatus.NOT_FOUND in statuses:
        return Linked(attribution, Status.UNVERIFIABLE, sources,
                      "cites a work the registry records as not found")
    why = ("cites a work not (yet) verified in the registry" if sources
           else "cites a work that does not resolve to a reference entry or registry source")
    return Linked(attribution, Status.CITED, sources, why)


def _named(attribution: Attribution, registry: Registry) -> Linked:
    """A named source is a phantom unless the registry holds a verified work matching it."""
    best = named_source(attribution.text or "", registry)
    if best and best[1].status == SourceStatus.VERIFIED:
        source = best[1]
        citation = Attribution("citation", attribution.text, attribution.start, attribution.end,
                               attribution.pointers, attribution.inherited)
        return Linked(citation, Status.SUPPORTED, (match(None, source, "named", best[0] / 100),),
                      "the named source matches a verified work in the registry")
    if best:
        why = f"names a source the registry records as {best[1].status}"
        if best[1].search:
            why += f": {describe_search(best[1].search)}"
        return Linked(attribution, Status.UNVERIFIABLE, (match(None, best[1], "named", best[0] / 100),),
                      why)
    return Linked(attribution, Status.UNVERIFIABLE, (),
                  "names a source that does not identify one work, and none in the registry fits")
