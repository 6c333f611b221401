"""The only module that reads and writes claims.yaml: the claims library and its reviews.

Each entry is one claim (the same words in two documents are one entry with two places);
its id comes from the normalised text, so moving or re-wrapping text keeps it. The
generated fields follow the documents; the `review` block belongs to people and is never
changed by an audit:

- a claim whose id still appears keeps its review untouched;
- a reviewed claim whose wording changed a little is re-anchored to the new wording when the
  two are at least REANCHOR similar, keeps its review and is marked `changed_since_review`;
- a reviewed claim that no longer appears anywhere stays, `orphaned: true`, until
  `claimcheck catalog prune`; an unreviewed one is simply dropped (nothing human is lost);
- a new claim that resembles a reviewed one (at least SUGGEST similar) is marked with a
  `library` suggestion, which changes nothing until `claimcheck catalog accept-suggestions`.

Similarity is rapidfuzz's normalised Indel ratio of the normalised texts (0-1).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from claimcheck import yamlfile
from claimcheck.model import Analysis, DocumentResult, LibraryMatch, Review, normalise
from claimcheck.registry import Registry
from claimcheck.yamlfile import YamlFileError

SCHEMA = 1
REANCHOR = 0.90
"""Lowest similarity at which a vanished reviewed claim is re-anchored to new wording."""
SUGGEST = 0.85
"""Lowest similarity at which a reviewed claim is suggested for a new one."""
VERDICTS = ("approved", "contradicted", "unverifiable", "needs-source", "not-a-claim")
VERDICT_STATUS = {"approved": "supported", "contradicted": "contradicted",
                  "unverifiable": "unverifiable", "needs-source": "unsourced",
                  "not-a-claim": None}
"""The status a verdict gives a claim in every output (not-a-claim: no longer a claim)."""
ENTRY_KEYS = ("id", "text", "places", "kinds", "flags", "attribution", "status", "sources",
              "library", "changed_since_review", "orphaned", "review")
REVIEW_KEYS = ("verdict", "sources", "note", "reviewer", "date")
HEADER = """\
# claimcheck claims library: every claim found in the audited documents, one entry per claim.
# `claimcheck audit` keeps the generated fields up to date. The `review` block of a claim is
# yours: verdict (approved, contradicted, unverifiable, needs-source, not-a-claim), sources
# (ids in sources.yaml), note, reviewer, date. No run changes it or drops a reviewed claim.
"""


class CatalogError(YamlFileError):
    """claims.yaml cannot be used: one line naming the file and, where known, the line."""


@dataclass(frozen=True)
class Library:
    """The reviews of claims.yaml, to apply to analyses."""

    reviews: dict[str, Review] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    """Normalised text of every reviewed claim, by id (for suggestions)."""

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


def load(path: Path, registry: Registry | None = None) -> CommentedMap:
    """The catalogue, validated; an empty one when the file does not exist. With a registry,
    every source a review names must be in it."""
    data = yamlfile.load(path, CatalogError)
    if data is None:
        return CommentedMap([("schema", SCHEMA), ("claims", CommentedSeq())])
    unknown = sorted(set(data) - {"schema", "claims"})
    if unknown:
        raise CatalogError(path, f"unknown key {unknown[0]!r}", yamlfile.line(data, unknown[0]))
    claims = data.setdefault("claims", CommentedSeq())
    if claims is None:
        data["claims"] = claims = CommentedSeq()
    if not isinstance(claims, list):
        raise CatalogError(path, "'claims' must be a list", yamlfile.line(data, "claims"))
    seen: dict[str, int] = {}
    for entry in claims:
        _check_entry(path, entry, seen, registry)
    return data


def _check_entry(path: Path, entry: object, seen: dict[str, int],
                 registry: Registry | None) -> None:
    where = yamlfile.line(entry)
    if not isinstance(entry, CommentedMap) or not isinstance(entry.get("id"), str):
        raise CatalogError(path, "each claim needs an 'id'", where)
    claim_id = entry["id"]
    if claim_id in seen:
        raise CatalogError(path, f"duplicate claim id {claim_id!r} (first at line "
                                 f"{seen[claim_id]})", where)
    seen[claim_id] = where or 0
    unknown = [k for k in entry if k not in ENTRY_KEYS]
    if unknown:
        raise CatalogError(path, f"claim {claim_id}: unknown key {unknown[0]!r}",
                           yamlfile.line(entry, unknown[0]))
    review = entry.get("review")
    if review is None:
        return
    if not isinstance(review, CommentedMap):
        raise CatalogError(path, f"claim {claim_id}: review must be a mapping",
                           yamlfile.line(entry, "review"))
    unknown = [k for k in review if k not in REVIEW_KEYS]
    if unknown:
        raise CatalogError(path, f"claim {claim_id}: unknown review key {unknown[0]!r} "
                                 f"(known: {', '.join(REVIEW_KEYS)})",
                           yamlfile.line(review, unknown[0]))
    if review.get("verdict") not in VERDICTS:
        raise CatalogError(path, f"claim {claim_id}: unknown verdict {review.get('verdict')!r} "
                                 f"(known: {', '.join(VERDICTS)})", yamlfile.line(review, "verdict"))
    sources = review.get("sources") or []
    if isinstance(sources, str) or not all(isinstance(s, str) for s in sources):
        raise CatalogError(path, f"claim {claim_id}: review sources must be a list of ids",
                           yamlfile.line(review, "sources"))
    if registry is not None:
        missing = [s for s in sources if registry.get(s) is None]
        if missing:
            raise CatalogError(path, f"claim {claim_id}: review names source {missing[0]!r}, "
                                     f"which is not in the registry", yamlfile.line(review, "sources"))


def library(path: Path, registry: Registry | None = None) -> Library:
    """The reviews of a catalogue, ready to apply."""
    reviews, texts = {}, {}
    for entry in load(path, registry)["claims"]:
        review = entry.get("review")
        if review:
            reviews[entry["id"]] = _review(review)
            texts[entry["id"]] = normalise(str(entry.get("text", "")))
    return Library(reviews, texts)


def _review(raw: CommentedMap) -> Review:
    date = raw.get("date")
    return Review(
        verdict=raw["verdict"],
        sources=tuple(raw.get("sources") or ()),
        note=str(raw["note"]).strip() if raw.get("note") else None,
        reviewer=str(raw["reviewer"]) if raw.get("reviewer") else None,
        date=date.isoformat() if isinstance(date, dt.date) else (str(date) if date else None),
    )


def update(path: Path, results: Sequence[DocumentResult], registry: Registry | None = None) -> bool:
    """Merge the claims of the audited documents into the catalogue. True if the file changed."""
    data = load(path, registry)
    audited = {_relative(path, r.path) for r in results}
    folder = path.resolve().parent
    existing = {entry["id"]: entry for entry in data["claims"]}

    def elsewhere(entry: CommentedMap) -> list[tuple[str, int]]:
        """Places in documents this run did not audit and that still exist."""
        return [p for p in _places(entry) if p[0] not in audited and (folder / p[0]).exists()]

    current: dict[str, tuple[Analysis, list[tuple[str, int]]]] = {}
    for result in results:
        where = _relative(path, result.path)
        for analysis in result.analyses:
            if analysis.decision.claim or analysis.review is not None:
                current.setdefault(analysis.id, (analysis, []))[1].append(
                    (where, analysis.statement.line))
    vanished = {i: e for i, e in existing.items() if i not in current and not elsewhere(e)}
    reanchored = _reanchor(vanished, {i: a for i, (a, _) in current.items() if i not in existing})
    merged = []
    for claim_id, (analysis, places) in current.items():
        entry = existing.get(claim_id) or reanchored.get(claim_id) or CommentedMap()
        kept = elsewhere(entry) if claim_id in existing else []
        merged.append(_fill(entry, analysis, sorted(set(kept + places))))
    gone = {e["id"] for e in reanchored.values()}
    for claim_id, entry in existing.items():
        if claim_id in current or claim_id in gone:
            continue
        kept = elsewhere(entry)
        if kept or entry.get("review"):
            _set(entry, "places", _places_seq(kept))
            if not kept:
                _set(entry, "orphaned", True)
            merged.append(entry)
    merged.sort(key=_order)
    data["claims"] = CommentedSeq(merged)
    return yamlfile.write_if_changed(path, yamlfile.dump(data, HEADER))


def _reanchor(vanished: dict[str, CommentedMap],
              new: dict[str, Analysis]) -> dict[str, CommentedMap]:
    """New claim id -> the vanished reviewed entry its wording grew out of."""
    texts = {i: normalise(str(e.get("text", ""))) for i, e in vanished.items() if e.get("review")}
    moved: dict[str, CommentedMap] = {}
    for claim_id, analysis in new.items():
        found = similar(analysis.statement.text, texts, REANCHOR)
        if found is None:
            continue
        old = vanished[found[0]]
        texts.pop(found[0])
        _set(old, "changed_since_review", _flow_map(previous_id=old["id"],
                                                   previous_text=str(old.get("text", "")),
                                                   similarity=found[1]))
        moved[claim_id] = old
    return moved


def _fill(entry: CommentedMap, analysis: Analysis, places: list[tuple[str, int]]) -> CommentedMap:
    """Bring an entry's generated fields up to date in place; people's keys and their order,
    and any comments, stay as they are. A new entry gets the canonical key order."""
    decision, attribution = analysis.decision, analysis.attribution
    _set(entry, "id", analysis.id)
    _set(entry, "text", analysis.statement.text)
    _set(entry, "places", _places_seq(places))
    _set(entry, "kinds", _flow(decision.kinds))
    _set(entry, "flags", _flow(decision.flags))
    said = _flow_map(type=attribution.type, text=attribution.text) if attribution.text \
        else _flow_map(type=attribution.type)
    _set(entry, "attribution", said)
    _set(entry, "status", analysis.derived_status)
    _set(entry, "sources", _flow(tuple(dict.fromkeys(
        m.id or f"{m.first_author} {m.year}" for m in analysis.sources))))
    library = analysis.library
    if library is not None and library.match == "suggested" and not entry.get("review"):
        _set(entry, "library", _flow_map(id=library.id, match="suggested",
                                         similarity=library.similarity))
    elif entry.get("library", {}).get("match") == "suggested":
        del entry["library"]
    entry.pop("orphaned", None)
    return entry


def _set(entry: CommentedMap, key: str, value: object) -> None:
    """Set a key only when its value changes, so unchanged entries keep their exact bytes."""
    if entry.get(key) != value or key not in entry:
        entry[key] = value


def _places(entry: CommentedMap) -> list[tuple[str, int]]:
    return [(str(p["document"]), int(p["line"])) for p in entry.get("places") or []]


def _places_seq(places: list[tuple[str, int]]) -> CommentedSeq:
    return CommentedSeq(_flow_map(document=d, line=n) for d, n in places)


def _flow(values: tuple[str, ...]) -> CommentedSeq:
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


def _flow_map(**values: object) -> CommentedMap:
    mapping = CommentedMap(values)
    mapping.fa.set_flow_style()
    return mapping


def _order(entry: CommentedMap) -> tuple:
    places = _places(entry)
    return (0, *places[0], entry["id"]) if places else (1, "", 0, entry["id"])


def _relative(catalog: Path, shown: str) -> str:
    """A document's path relative to the catalogue's folder, so the pair can move together."""
    import os

    target = Path(shown).resolve()
    try:
        return target.relative_to(catalog.resolve().parent).as_posix()
    except ValueError:
        return Path(os.path.relpath(target, catalog.resolve().parent)).as_posix()


def entries(path: Path, registry: Registry | None = None) -> list[CommentedMap]:
    """The catalogue's entries, validated (read-only use)."""
    return list(load(path, registry)["claims"])


def set_review(path: Path, claim_id: str, registry: Registry | None, *, verdict: str,
               sources: Sequence[str] = (), note: str | None = None,
               reviewer: str | None = None, date: str | None = None) -> None:
    """Record a person's verdict on a claim. Keys already in its review keep their place
    and comments; the file is rewritten atomically, or not at all on any error."""
    data = load(path, registry)
    entry = next((e for e in data["claims"] if e["id"] == claim_id), None)
    if entry is None:
        raise CatalogError(path, f"no claim {claim_id!r} (ids are listed in the file and by "
                                 f"`claimcheck scan --format json`)")
    if verdict not in VERDICTS:
        raise CatalogError(path, f"unknown verdict {verdict!r} (known: {', '.join(VERDICTS)})")
    missing = [s for s in sources if registry is not None and registry.get(s) is None]
    if missing:
        raise CatalogError(path, f"source {missing[0]!r} is not in the registry")
    review = entry.get("review")
    if not isinstance(review, CommentedMap):
        review = CommentedMap()
        entry["review"] = review
    values = {"verdict": verdict, "sources": _flow(tuple(sources)) if sources else None,
              "note": note, "reviewer": reviewer,
              "date": dt.date.fromisoformat(date) if date else None}
    for key, value in values.items():
        if value is None:
            if key in ("verdict", "date"):
                review.pop(key, None)
            continue
        _set(review, key, value)
    entry.pop("changed_since_review", None)
    yamlfile.write_if_changed(path, yamlfile.dump(data, HEADER))


def prune(path: Path) -> int:
    """Remove orphaned claims (reviewed claims no document contains any more)."""
    data = load(path)
    kept = [e for e in data["claims"] if not e.get("orphaned")]
    removed = len(data["claims"]) - len(kept)
    if removed:
        data["claims"] = CommentedSeq(kept)
        yamlfile.write_if_changed(path, yamlfile.dump(data, HEADER))
    return removed


def accept_suggestions(path: Path, registry: Registry | None = None) -> list[tuple[str, str]]:
    """Copy the review of each suggested library match onto the claim it was suggested for.
    Returns (claim id, library id) pairs."""
    data = load(path, registry)
    by_id = {e["id"]: e for e in data["claims"]}
    accepted = []
    for entry in data["claims"]:
        library = entry.get("library")
        if not library or library.get("match") != "suggested" or entry.get("review"):
            continue
        source = by_id.get(library.get("id"))
        if source is None or not source.get("review"):
            continue
        review = CommentedMap()
        for key, value in source["review"].items():
            review[key] = value
        entry["review"] = review
        entry["library"] = _flow_map(id=library["id"], match="accepted",
                                     similarity=library.get("similarity"))
        accepted.append((entry["id"], library["id"]))
    if accepted:
        yamlfile.write_if_changed(path, yamlfile.dump(data, HEADER))
    return accepted
