"""The only module that reads and writes sources.yaml, the registry of evidence sources.

Each source says what the work is, how it can be found (DOI, PMID, URL) and how and when it
was verified. Validation errors name the file and line; the file is never rewritten here
unless asked, and then atomically.

    schema: 1
    sources:
      - id: smith-2014                 # unique; lower-case letters, digits, dashes
        type: rct                      # journal-article, review, meta-analysis, rct, book,
                                       # guideline, drug-label, web
        authors: [Smith AB, Jones C]   # "Surname Initials", or an organisation
        year: 2014
        title: ...
        container: JAMA Psychiatry     # journal, or publisher for a book
        volume: "71"
        issue: "6"
        pages: 681-688
        doi: 10.1001/jamapsychiatry.2014.62
        pmid: "24740528"
        url: https://...
        status: verified               # verified, unverified, not-found, retracted
        verified: {how: "DOI resolves; PubMed record", on: 2026-11-21}
        notes: what the work actually found
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from claimcheck import yamlfile
from claimcheck.model import Source
from claimcheck.yamlfile import YamlFileError

TYPES = ("journal-article", "review", "meta-analysis", "rct", "book", "guideline", "drug-label",
         "web")
STATUSES = ("verified", "unverified", "not-found", "retracted")
KEYS = ("id", "type", "authors", "year", "title", "container", "volume", "issue", "pages", "doi",
        "pmid", "url", "status", "verified", "notes")
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_PMID = re.compile(r"\d{1,9}")


class RegistryError(YamlFileError):
    """sources.yaml cannot be used: one line naming the file and, where known, the line."""


@dataclass(frozen=True)
class Registry:
    sources: tuple[Source, ...] = ()

    def get(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def by_doi(self, doi: str) -> Source | None:
        doi = doi.casefold()
        return next((s for s in self.sources if s.doi and s.doi.casefold() == doi), None)

    def by_pmid(self, pmid: str) -> Source | None:
        return next((s for s in self.sources if s.pmid == pmid), None)


EMPTY = Registry()


def load(path: Path) -> Registry:
    """The registry in `path`; an empty one when the file does not exist."""
    data = yamlfile.load(path, RegistryError)
    if data is None:
        return EMPTY
    unknown = sorted(set(data) - {"schema", "sources"})
    if unknown:
        raise RegistryError(path, f"unknown key {unknown[0]!r}", yamlfile.line(data, unknown[0]))
    entries = data.get("sources") or []
    if not isinstance(entries, list):
        raise RegistryError(path, "'sources' must be a list", yamlfile.line(data, "sources"))
    seen: dict[str, int] = {}
    sources = []
    for entry in entries:
        source = _source(path, entry)
        line = entry.lc.line + 1
        if source.id in seen:
            raise RegistryError(path, f"duplicate source id {source.id!r} (first at line "
                                      f"{seen[source.id]})", line)
        seen[source.id] = line
        sources.append(source)
    return Registry(tuple(sources))


def _source(path: Path, entry: object) -> Source:
    if not isinstance(entry, CommentedMap):
        raise RegistryError(path, f"each source must be a mapping, not {entry!r}")

    def fail(key: str, message: str) -> RegistryError:
        return RegistryError(path, message, yamlfile.line(entry, key))

    unknown = [k for k in entry if k not in KEYS]
    if unknown:
        raise fail(unknown[0], f"unknown key {unknown[0]!r} in source {entry.get('id')!r} "
                               f"(known: {', '.join(KEYS)})")
    source_id = entry.get("id")
    if not isinstance(source_id, str) or not _ID.fullmatch(source_id):
        raise fail("id", f"source id must be lower-case letters, digits and dashes: {source_id!r}")
    kind = entry.get("type")
    if kind not in TYPES:
        raise fail("type", f"source {source_id!r}: type must be one of {', '.join(TYPES)}")
    status = entry.get("status", "unverified")
    if status not in STATUSES:
        raise fail("status", f"source {source_id!r}: status must be one of {', '.join(STATUSES)}")
    doi = _text(entry.get("doi"))
    if doi and not _DOI.fullmatch(doi):
        raise fail("doi", f"source {source_id!r}: bad DOI {doi!r} (expected 10.NNNN/...)")
    pmid = _text(entry.get("pmid"))
    if pmid and not _PMID.fullmatch(pmid):
        raise fail("pmid", f"source {source_id!r}: bad PMID {pmid!r} (digits only)")
    authors = entry.get("authors") or []
    if isinstance(authors, str) or not all(isinstance(a, str) for a in authors):
        raise fail("authors", f"source {source_id!r}: authors must be a list of names")
    year = entry.get("year")
    if year is not None and not (isinstance(year, int) and 1500 <= year <= 2100):
        raise fail("year", f"source {source_id!r}: year must be a four-digit number")
    verified = entry.get("verified") or {}
    if not isinstance(verified, dict) or set(verified) - {"how", "on"}:
        raise fail("verified", f"source {source_id!r}: verified must be {{how, on}}")
    on = verified.get("on")
    if on is not None and not isinstance(on, dt.date):
        raise fail("verified", f"source {source_id!r}: verified.on must be a date (YYYY-MM-DD)")
    return Source(
        id=source_id, type=kind, authors=tuple(authors), year=year,
        title=_text(entry.get("title")), container=_text(entry.get("container")),
        volume=_text(entry.get("volume")), issue=_text(entry.get("issue")),
        pages=_text(entry.get("pages")), doi=doi, pmid=pmid, url=_text(entry.get("url")),
        status=status, verified_how=_text(verified.get("how")),
        verified_on=on.isoformat() if on else None, notes=_text(entry.get("notes")),
    )


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
