"""`claimcheck sources`: the registry against the outside world. Import reference-manager
exports, verify works against Crossref and PubMed, and search for the works named
attributions point to. Each outcome is written to sources.yaml as soon as it is known, so an
interrupted run keeps what it found; a source whose look-up failed is left as it was."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from claimcheck.evidence import registry
from claimcheck.evidence.lookup import NetworkError, Services
from claimcheck.evidence.registry import describe_search
from claimcheck.evidence.verify import Search, search_attribution, verify
from claimcheck.model import DocumentResult, SearchRecord, Source

BY_HAND = frozenset({"drug-label", "web"})
"""Types Crossref and PubMed do not index: verified by people, never looked up."""
_YEAR = re.compile(r"\b(1[5-9]\d{2}|20\d{2})\b")


@dataclass(frozen=True)
class Step:
    """What one source's look-up did, in a line for the terminal."""

    id: str
    message: str
    failed: bool = False
    """The look-up failed (network); the source was left untouched."""


def verify_all(path: Path, ids: Iterable[str], services: Services, today: dt.date) -> Iterator[Step]:
    """Verify the named sources (all that can be looked up when `ids` is empty), recording
    status, checked_on, service, mismatch and notice for each."""
    sources = registry.load(path).sources
    wanted = list(ids)
    unknown = [i for i in wanted if i not in {s.id for s in sources}]
    if unknown:
        raise registry.RegistryError(path, f"no source {unknown[0]!r}")
    for source in sources:
        if wanted and source.id not in wanted:
            continue
        if source.type in BY_HAND and not (source.doi or source.pmid):
            yield Step(source.id, f"{source.id}: skipped ({source.type}: verified by hand, "
                                     f"status {source.status})")
            continue
        try:
            found = verify(source, services)
        except NetworkError as exc:
            yield Step(source.id, f"{source.id}: left as {source.status} ({exc})", True)
            continue
        registry.update(path, source.id, {
            "status": found.status, "checked_on": today, "service": found.service,
            "mismatch": list(found.mismatch) or None,
            "notice": found.notice.record() if found.notice else None,
        })
        yield Step(source.id, f"{source.id}: {found.status} ({found.detail}; "
                                 f"{found.service})")


def search_named(path: Path, results: Iterable[DocumentResult], services: Services,
                 today: dt.date) -> Iterator[Step]:
    """For each named attribution the registry cannot confirm, a bibliographic search built
    from its words, its year and the topic of the claims it covers; the query, date and
    candidates are recorded on the registry source it matched (a new one when none did)."""
    groups: dict[str, tuple[str | None, list[str], list[str]]] = {}
    for result in results:
        page = [a.statement.text for a in result.analyses if a.decision.claim]
        for analysis in result.analyses:
            attribution = analysis.attribution
            if attribution.type != "named" or analysis.derived_status != "unverifiable" \
                    or not attribution.text:
                continue
            matched = next((m.id for m in analysis.sources if m.id), None)
            _, covered, _ = groups.setdefault(attribution.text, (matched, [], page))
            covered.append(analysis.statement.text)
    for text, (source_id, covered, page) in groups.items():
        year = _YEAR.search(text)
        try:
            found = search_attribution(text, covered, page,
                                       int(year.group(1)) if year else None, services)
        except NetworkError as exc:
            yield Step(source_id or text, f"“{text}”: not searched ({exc})", True)
            continue
        if source_id is None:
            source_id = _add(path, text, found)
        source = registry.load(path).get(source_id)
        registry.update(path, source_id, {
            "search": _record(found, today).record(),
            "status": _status_after(source, found),
            "checked_on": today,
            "service": found.service})
        yield Step(source_id, f"{source_id}: “{text}”: " + describe(found, today))


def _add(path: Path, text: str, found: Search) -> str:
    work = {"type": "journal-article", "title": text, "authors": [_slug_name(text)]}
    if found.year:
        work["year"] = found.year
    registry.merge(path, [work])
    return next(s.id for s in reversed(registry.load(path).sources) if s.title == text)


def _slug_name(text: str) -> str:
    words = re.findall(r"[A-Za-z]+", _YEAR.sub("", text))
    return " ".join(words[:3]) or "named source"


def _status_after(source: Source | None, found: Search) -> str:
    if not found.candidates:
        return "not-found"
    return source.status if source and source.status != "verified" else "unverified"


def _record(found: Search, today: dt.date) -> SearchRecord:
    return SearchRecord(found.query, found.service, today, found.year, found.candidates)


def describe(found: Search, today: dt.date) -> str:
    return describe_search(_record(found, today))

