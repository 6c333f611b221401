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

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from claimcheck import yamlfile
from claimcheck.evidence.similarity import similar
from claimcheck.identifiers import is_doi
from claimcheck.model import Notice, SearchRecord, Source, surname
from claimcheck.vocab import SourceStatus
from claimcheck.yamlfile import YamlFileError

TYPES = ("journal-article", "review", "meta-analysis", "rct", "book", "guideline", "drug-label",
         "web")
STATUSES = tuple(SourceStatus)
KEYS = ("id", "type", "authors", "year", "title", "container", "volume", "issue", "pages", "doi",
        "pmid", "url", "status", "verified", "checked_on", "service", "mismatch", "notice",
        "search", "notes")
"""`checked_on`, `service`, `mismatch`, `notice` and `search` are written by `claimcheck sources
verify`; the others by people or `claimcheck sources import`."""
FIELDS = ("type", "authors", "year", "title", "container", "volume", "issue", "pages", "doi",
          "pmid", "url")
"""What an import may fill in (only where the entry has no value yet)."""
TEXT_FIELDS = ("title", "container", "volume", "issue", "pages", "doi", "pmid", "url",
               "checked_on", "service", "notes")
TEXT_LIMIT = 20_000
"""Longest free text (a title, notes), in characters."""
NAME_LIMIT = 200
"""Longest author name or id."""
MAX_AUTHORS = 5_000
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,199}")
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
    return EMPTY if data is None else _parse(path, data)


def _parse(path: Path, data: object) -> Registry:
    """Validate a registry document (as read, or as about to be written)."""
    if not isinstance(data, CommentedMap):
        raise RegistryError(path, "expected a mapping with 'schema' and 'sources'")
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
        line = entry.lc.line + 1 if entry.lc.line is not None else None
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
    if doi and not is_doi(doi):
        raise fail("doi", f"source {source_id!r}: bad DOI {doi!r} (expected 10.NNNN/...)")
    pmid = _text(entry.get("pmid"))
    if pmid and not _PMID.fullmatch(pmid):
        raise fail("pmid", f"source {source_id!r}: bad PMID {pmid!r} (digits only)")
    authors = entry.get("authors") or []
    if not isinstance(authors, list) or not all(isinstance(a, str) and len(a) <= NAME_LIMIT
                                                for a in authors):
        raise fail("authors", f"source {source_id!r}: authors must be a list of names "
                              f"(each at most {NAME_LIMIT} characters)")
    if len(authors) > MAX_AUTHORS:
        raise fail("authors", f"source {source_id!r}: {len(authors):,} authors "
                              f"(at most {MAX_AUTHORS:,})")
    for key in TEXT_FIELDS:
        value = entry.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | dt.date):
            raise fail(key, f"source {source_id!r}: {key} must be text (quote it)")
        if len(str(value)) > TEXT_LIMIT:
            raise fail(key, f"source {source_id!r}: {key} is {len(str(value)):,} characters "
                            f"long (at most {TEXT_LIMIT:,})")
    year = entry.get("year")
    if year is not None and not (isinstance(year, int) and 1500 <= year <= 2100):
        raise fail("year", f"source {source_id!r}: year must be a four-digit number")
    verified = entry.get("verified") or {}
    if not isinstance(verified, dict) or set(verified) - {"how", "on"}:
        raise fail("verified", f"source {source_id!r}: verified must be {{how, on}}")
    how = verified.get("how")
    if how is not None and not (isinstance(how, str) and len(how) <= TEXT_LIMIT):
        raise fail("verified", f"source {source_id!r}: verified.how must be text")
    for key in ("notice", "search"):
        value = entry.get(key)
        if value is not None and not (isinstance(value, dict) and _short_text(value)):
            raise fail(key, f"source {source_id!r}: {key} must be a mapping of short values")
    mismatch = entry.get("mismatch") or []
    if isinstance(mismatch, str) or not all(isinstance(f, str) for f in mismatch):
        raise fail("mismatch", f"source {source_id!r}: mismatch must be a list of field names")
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
        checked_on=_text(entry.get("checked_on")), service=_text(entry.get("service")),
        mismatch=tuple(str(f) for f in entry.get("mismatch") or ()),
        notice=Notice.of(entry.get("notice")),
        search=SearchRecord.of(entry.get("search")),
    )


def _short_text(value: object, depth: int = 0) -> bool:
    """A value fit for a record the tool writes (`search`, `notice`): absent, a number, a
    date or text within the limit, or a short list or mapping of such, three levels deep."""
    if isinstance(value, dict):
        return depth < 3 and len(value) <= 100 and all(
            isinstance(k, str) and _short_text(v, depth + 1) for k, v in value.items())
    if isinstance(value, list):
        return depth < 3 and len(value) <= 100 and all(_short_text(v, depth + 1) for v in value)
    return value is None or len(str(value)) <= TEXT_LIMIT


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def document(path: Path) -> CommentedMap:
    """The registry as a round-trip mapping (comments kept), validated first."""
    data = yamlfile.load(path, RegistryError)
    if data is not None:
        _parse(path, data)
    if data is None:
        data = CommentedMap([("schema", 1), ("sources", CommentedSeq())])
    if data.get("sources") is None:
        data["sources"] = CommentedSeq()
    return data


def save(path: Path, data: CommentedMap) -> bool:
    """Write the registry, unless what would be written is not a valid registry: then raise
    and leave the file as it was."""
    _parse(path, data)
    return yamlfile.write_if_changed(path, yamlfile.dump(data, HEADER), RegistryError)


HEADER = """\
# claimcheck registry of evidence sources: the works claims may be tied to, and how each was
# verified. Schema: the README, "sources.yaml".
"""


def merge(path: Path, works: list[dict], dry_run: bool = False) -> list[str]:
    """Add imported works, matched to existing sources by DOI or PMID, else first author, year
    and title; a matched source only gains the fields it lacks, never loses or changes one.
    Returns one line per change; writes nothing when `dry_run`."""
    with yamlfile.locked(path, RegistryError):
        return _merge(path, works, dry_run)


def _merge(path: Path, works: list[dict], dry_run: bool) -> list[str]:
    data = document(path)
    entries = data["sources"]
    changes = []
    for work in works:
        entry = _match(entries, work)
        if entry is None:
            entry = CommentedMap([("id", _new_id(entries, work))])
            for key in FIELDS:
                if key in work:
                    entry[key] = _value(key, work[key])
            entry["status"] = "unverified"
            entries.append(entry)
            changes.append(f"add {entry['id']}: {work.get('title') or '(untitled)'}")
            continue
        filled = []
        for key in FIELDS:
            if key in work and entry.get(key) in (None, "", []):
                entry[key] = _value(key, work[key])
                filled.append(key)
        if filled:
            changes.append(f"fill {entry['id']}: {', '.join(filled)}")
    if changes and not dry_run:
        save(path, data)
    return changes


def update(path: Path, source_id: str, values: dict) -> None:
    """Record what verification found for one source (None removes a key)."""
    with yamlfile.locked(path, RegistryError):
        _update(path, source_id, values)


def _update(path: Path, source_id: str, values: dict) -> None:
    data = document(path)
    entry = next((e for e in data["sources"] if e.get("id") == source_id), None)
    if entry is None:
        raise RegistryError(path, f"no source {source_id!r}")
    for key, value in values.items():
        if value is None:
            entry.pop(key, None)
        elif entry.get(key) != value:
            entry[key] = _value(key, value)
    save(path, data)


def _match(entries: CommentedSeq, work: dict) -> CommentedMap | None:
    doi, pmid = (work.get("doi") or "").casefold(), work.get("pmid")
    for entry in entries:
        if doi and str(entry.get("doi") or "").casefold() == doi:
            return entry
        if pmid and str(entry.get("pmid") or "") == str(pmid):
            return entry
    first = _surname((work.get("authors") or [""])[0])
    for entry in entries:
        authors = entry.get("authors") or [""]
        if (first and _surname(authors[0]) == first and entry.get("year") == work.get("year")
                and similar(str(entry.get("title") or ""), str(work.get("title") or ""), 90)):
            return entry
    return None


def _surname(name: object) -> str:
    return surname(str(name)).casefold()


def _new_id(entries: CommentedSeq, work: dict) -> str:
    first = _surname((work.get("authors") or ["source"])[0]) or "source"
    base = re.sub(r"[^a-z0-9]+", "-", first).strip("-") + (f"-{work['year']}" if work.get("year") else "")
    taken = {e.get("id") for e in entries}
    candidate, suffix = base, ord("b")
    while candidate in taken:
        candidate, suffix = f"{base}{chr(suffix)}", suffix + 1
    return candidate


def _value(key: str, value: object) -> object:
    if isinstance(value, list):
        seq = CommentedSeq(value)
        seq.fa.set_flow_style()
        return seq
    if isinstance(value, dict) and key != "search":
        mapping = CommentedMap(value)
        mapping.fa.set_flow_style()
        return mapping
    if key in ("volume", "issue", "pages", "pmid") and value is not None:
        return str(value)
    return value


def describe_search(record: SearchRecord) -> str:
    """A recorded bibliographic search in a sentence: "no publication found matching “...”
    (Crossref, 2021, searched 2026-11-21)", or the nearest candidates for a reviewer."""
    where = ", ".join(str(p) for p in (record.service, record.year) if p)
    when = f", searched {record.on}" if record.on else ""
    if not record.candidates:
        return f"no publication found matching “{record.query}” ({where}{when})"
    named = "; ".join(
        " ".join(str(p) for p in (c.first_author, c.year) if p)
        + f": {c.title}" + (f" (doi {c.doi})" if c.doi else "")
        for c in record.candidates)
    return f"nearest candidates for a reviewer ({where}{when}): {named}"
