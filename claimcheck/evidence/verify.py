"""Registry sources x Crossref / PubMed -> verified, mismatch (which fields), not-found,
retracted or corrected (with the notice); and, for a named source no one can find, a
bibliographic search whose query and answer are kept as evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claimcheck.evidence.lookup import Services
from claimcheck.evidence.similarity import fold, similar
from claimcheck.model import Candidate, Notice, Source
from claimcheck.vocab import SourceStatus

TITLE_MATCH = 90.0
CONTAINER_MATCH = 85.0
RETRACTION = frozenset({"retraction", "partial_retraction", "removal", "withdrawal"})
CORRECTION = frozenset({"correction", "erratum", "corrigendum", "addendum",
                        "expression_of_concern", "clarification"})
_WORD = re.compile(r"[a-z][a-z-]{3,}")
_STOP = frozenset("""
with from that this were have been their about study studies trial university research
journal published found showed show shows patients people effects effect within week weeks
days months years hours more less than after before over under into only also most many much
very such some those these them they what when which while would could should will your ours
free percent significant significantly improvement improved improve improves reduction
reduced reduce reduces results result effective effectiveness relief better rapid rapidly
clinical clinic evidence experience experienced treatment treatments treated therapy help
helps proven shown school medicine medical center institute college department faculty
""".split())
TOPIC = 8
"""How many topic words a candidate's title is checked against."""


@dataclass(frozen=True)
class Verification:
    status: str
    service: str
    mismatch: tuple[str, ...] = ()
    notice: Notice | None = None
    detail: str = ""


@dataclass(frozen=True)
class Search:
    query: str
    service: str
    year: int | None
    candidates: tuple[Candidate, ...] = field(default=())


def verify(source: Source, services: Services) -> Verification:
    """Look a source up (Crossref by DOI, PubMed by PMID, else a Crossref bibliographic query)
    and compare what the service holds with what the registry says. Raises NetworkError."""
    lookups = ((source.doi, "Crossref", "DOI", services.crossref_work, _from_crossref),
               (source.pmid, "PubMed", "PMID", services.pubmed_summary, _from_pubmed))
    for key, name, kind, fetch, read in lookups:
        if key:
            service = f"{name} ({kind} {key})"
            record = fetch(key)
            if record is None:
                return Verification(SourceStatus.NOT_FOUND, service,
                                    detail=f"{name} does not know this {kind}")
            return _judge(source, read(record), service)
    if not source.title:
        return Verification(SourceStatus.NOT_FOUND, "none", detail="no DOI, PMID or title to look up")
    query = " ".join(str(p) for p in (source.first_author, source.title, source.container)
                     if p)
    for item in services.crossref_search(query, rows=5):
        found = _from_crossref(item)
        if similar(source.title, found["title"], TITLE_MATCH):
            return _judge(source, found, f"Crossref (query “{query}”)")
    for pmid in services.pubmed_search(f"{source.title}[Title]")[:3]:
        record = services.pubmed_summary(pmid)
        if record and similar(source.title, record.get("title"), TITLE_MATCH):
            return _judge(source, _from_pubmed(record), f"PubMed (PMID {pmid}, by title)")
    return Verification(SourceStatus.NOT_FOUND, f"Crossref (query “{query}”) and PubMed (title)",
                        detail="no work with this title")


def _judge(source: Source, found: dict, service: str) -> Verification:
    mismatch = []
    if source.title and not similar(source.title, found["title"], TITLE_MATCH):
        mismatch.append("title")
    if source.first_author and found["first_author"] and \
            fold(source.first_author) != fold(found["first_author"]):
        mismatch.append("first author")
    if source.year and found["years"] and source.year not in found["years"]:
        mismatch.append("year")
    if source.container and found["containers"] and not any(
            similar(source.container, c, CONTAINER_MATCH) for c in found["containers"]):
        mismatch.append("container")
    notices = found["notices"]
    retraction = next((n for n in notices if n["type"] in RETRACTION), None)
    correction = next((n for n in notices if n["type"] in CORRECTION), None)
    if retraction:
        return Verification(SourceStatus.RETRACTED, service, tuple(mismatch), Notice.of(retraction),
                            f"{retraction['type']} notice {retraction.get('doi') or ''}".strip())
    if mismatch:
        said = ", ".join(f"{f}: registry {_registry_value(source, f)!r}, service "
                         f"{_service_value(found, f)!r}" for f in mismatch)
        return Verification(SourceStatus.MISMATCH, service, tuple(mismatch), None, said)
    if correction:
        return Verification(SourceStatus.CORRECTED, service, (), Notice.of(correction),
                            f"{correction['type']} notice {correction.get('doi') or ''}".strip())
    return Verification(SourceStatus.VERIFIED, service, detail="found; title, first author, year and "
                                                    "container agree")


def _from_crossref(record: dict) -> dict:
    years = set()
    for key in ("issued", "published-print", "published-online", "published"):
        parts = (record.get(key) or {}).get("date-parts") or [[None]]
        if parts and parts[0] and parts[0][0]:
            years.add(int(parts[0][0]))
    authors = record.get("author") or record.get("editor") or []
    first = authors[0].get("family") or authors[0].get("name") if authors else None
    notices = []
    for update in record.get("updated-by") or []:
        parts = (update.get("updated") or {}).get("date-parts") or [[]]
        date = "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts[0])) or None
        notices.append({"type": str(update.get("type", "")).lower().replace("-", "_"),
                        "doi": update.get("DOI"), "date": date,
                        "source": update.get("source")})
    return {"title": " ".join(record.get("title") or []) or None, "first_author": first,
            "years": years, "notices": notices,
            "containers": [*(record.get("container-title") or []),
                           *(record.get("short-container-title") or []),
                           *([record["publisher"]] if record.get("publisher") else [])]}


def _from_pubmed(record: dict) -> dict:
    year = re.match(r"\d{4}", str(record.get("pubdate") or ""))
    authors = record.get("authors") or []
    first = authors[0].get("name", "").rsplit(" ", 1)[0] if authors else None
    notices = []
    if "Retracted Publication" in (record.get("pubtype") or []):
        notices.append({"type": "retraction", "doi": None, "date": None, "source": "pubmed"})
    return {"title": (record.get("title") or "").rstrip(".") or None, "first_author": first,
            "years": {int(year.group())} if year else set(), "notices": notices,
            "containers": [c for c in (record.get("fulljournalname"), record.get("source")) if c]}


def _registry_value(source: Source, field_name: str) -> object:
    return {"title": source.title, "first author": source.first_author, "year": source.year,
            "container": source.container}[field_name]


def _service_value(found: dict, field_name: str) -> object:
    return {"title": found["title"], "first author": found["first_author"],
            "year": ", ".join(str(y) for y in sorted(found["years"])),
            "container": (found["containers"] or [None])[0]}[field_name]




def search_attribution(attribution: str, covered: list[str], page: list[str],
                       year: int | None, services: Services) -> Search:
    """Look for the work a named attribution might mean: its own words plus the topic of the
    claims it covers and of the page they are on (a page's subject is what it repeats), within
    its year. A candidate must share two topic words in its title; none means no publication
    was found."""
    own = [w for w in re.findall(r"[A-Za-z][\w-]+", re.sub(r"\(\d{4}\)", "", attribution))
           if w.casefold() not in _STOP and len(w) > 2]
    topic = [w for w in _topic(covered, page) if w not in {o.casefold() for o in own}][:TOPIC]
    query = " ".join(dict.fromkeys([*own, *topic[:4]]))
    candidates = []
    for item in services.crossref_search(query, year=year, rows=5):
        found = _from_crossref(item)
        title_words = {w[:6] for w in _WORD.findall((found["title"] or "").casefold())}
        shared = [w for w in topic if w[:6] in title_words]
        if len(shared) >= 2 and (year is None or year in found["years"]):
            candidates.append(Candidate(item.get("DOI"), found["title"],
                                        min(found["years"]) if found["years"] else None,
                                        found["first_author"]))
    return Search(query, "Crossref", year, tuple(candidates[:3]))


def _topic(covered: list[str], page: list[str]) -> list[str]:
    """Content words, most telling first: three points for each use in the covered claims,
    one for each claim of the page using it, longer words before shorter on a tie."""
    score: dict[str, int] = {}
    for weight, texts in ((3, covered), (1, page)):
        for text in texts:
            for word in set(_WORD.findall(text.casefold())) - _STOP:
                score[word] = score.get(word, 0) + weight
    return [w for w, _ in sorted(score.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))]
