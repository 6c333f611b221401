"""Attributions and references x registry -> evidence status and sources (TAXONOMY §5). Pure.

A citation resolves to the document's own reference entry (by number, footnote label or
first author and year) and the entry, or a DOI, PMID or full inline reference, to a registry
source: by DOI or PMID first, else by first author + year + a fuzzy match of title or
container. A named attribution ("A meta-analysis published in JAMA Psychiatry in 2018") is
looked for in the registry by its details; when it matches a verified source it is a
citation after all, otherwise it is unverifiable. Claims with no pointer on a page that has a
reference list get up to three candidate entries, ranked by how well each fits the claim.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process

from claimcheck import lexicons
from claimcheck.detect import references as reference_parser
from claimcheck.evidence.registry import Registry
from claimcheck.evidence.similarity import similar
from claimcheck.model import (
    Attribution,
    Decision,
    Pointer,
    Reference,
    Source,
    SourceMatch,
    describe_search,
)
from claimcheck.vocab import AttributionType, SourceStatus, Status

CANDIDATE_THRESHOLD = 40.0
"""Lowest fit score (0-100) at which a reference entry is offered as a candidate."""
MAX_CANDIDATES = 3
FUZZY_TITLE = 85.0
"""Lowest rapidfuzz token-set ratio at which a title or container counts as the same."""
_YEAR = re.compile(r"\b(1[5-9]\d{2}|20\d{2})\b")
_WORD = re.compile(r"[a-z][a-z-]{2,}")
_STOPWORDS = frozenset("""the and for with that this from into its are was were has have had can may
might will would could should not but also than then there their them they these those such
which who whom whose what when where how why all any each other some more most many much very
often well been being about after before over under between through during within without
upon our your you his her one two new use used using including include includes help helps
may can individuals people patients person persons""".split())


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
                   tuple(_content(" ".join(filter(None, (e.title, e.note)))) for e in entries))


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
        matches.extend(_resolve(pointer, entries, registry))
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


def _resolve(pointer: Pointer, entries: Sequence[Reference], registry: Registry) -> list[SourceMatch]:
    if pointer.kind == "doi":
        source = registry.by_doi(pointer.value)
        entry = next((e for e in entries if e.doi and e.doi.casefold() == pointer.value.casefold()), None)
        return [_match(entry, source, "doi")] if source or entry else []
    if pointer.kind == "pmid":
        source = registry.by_pmid(pointer.value)
        return [_match(None, source, "pmid")] if source else []
    if pointer.kind == "url":
        source = next((s for s in registry.sources if s.url and s.url == pointer.value), None)
        return [_match(None, source, "url")] if source else []
    if pointer.kind == "inline":
        entry = reference_parser.parse(pointer.value)
        return [_match(entry, find_source(entry, registry), "inline")]
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
            return [_match(None, source, "author-year")] if source else []
    return [_match(e, find_source(e, registry), pointer.kind) for e in found]


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


def _named(attribution: Attribution, registry: Registry) -> Linked:
    """A named source is a phantom unless the registry holds a verified work matching it."""
    text = attribution.text or ""
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
    if best and best[1].status == SourceStatus.VERIFIED:
        source = best[1]
        citation = Attribution("citation", attribution.text, attribution.start, attribution.end,
                               attribution.pointers, attribution.inherited)
        return Linked(citation, Status.SUPPORTED, (_match(None, source, "named", best[0] / 100),),
                      "the named source matches a verified work in the registry")
    if best:
        why = f"names a source the registry records as {best[1].status}"
        if best[1].search:
            why += f": {describe_search(best[1].search)}"
        return Linked(attribution, Status.UNVERIFIABLE, (_match(None, best[1], "named", best[0] / 100),),
                      why)
    return Linked(attribution, Status.UNVERIFIABLE, (),
                  "names a source that does not identify one work, and none in the registry fits")


def _match(entry: Reference | None, source: Source | None, how: str,
           score: float = 1.0) -> SourceMatch:
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


def rank_candidates(claim: str, kinds: Sequence[str],
                    evidence: Evidence) -> tuple[SourceMatch, ...]:
    """Up to three reference entries that fit a claim best, above the threshold.

    Fit is rapidfuzz's token-set ratio between the claim's content words and the entry's
    title and note (the words an editor would check the claim against), both cut to word
    stems, with the claim's words joined by those that describe works on its kinds (an
    overview for background, a trial for efficacy: lexicons/candidates.yaml). An entry that
    shares no stem with the claim is never offered."""
    words = _content(claim)
    if not words:
        return ()
    words = " ".join((words, *(_hints(kind) for kind in kinds)))
    vocabulary = set(words.split())
    sharing = [i for i, about in enumerate(evidence.about) if vocabulary & set(about.split())]
    found = process.extract(words, [evidence.about[i] for i in sharing],
                            scorer=fuzz.token_set_ratio, limit=MAX_CANDIDATES,
                            score_cutoff=CANDIDATE_THRESHOLD)
    return tuple(_match(evidence.entries[sharing[i]], evidence.sources[sharing[i]], "candidate",
                        score / 100) for _, score, i in found)


def _content(text: str) -> str:
    """Content words cut to stems of six letters ("symptoms", "symptom" -> "sympto")."""
    return " ".join(w[:6] for w in _WORD.findall(text.casefold()) if w not in _STOPWORDS)


@cache
def _hints(kind: str) -> str:
    lexicon = lexicons.get("candidates")
    return _content(" ".join(sorted(lexicon.terms(kind)))) if kind in lexicon.groups else ""
