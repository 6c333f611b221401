"""`claimcheck audit`'s merge of what the documents say now into claims.yaml.

One entry per claim id, by construction: every entry written comes from one dict keyed by
id, and an entry re-anchored to new wording leaves its old id behind. People's `review`
blocks are never changed here.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from claimcheck import yamlfile
from claimcheck.evidence.registry import Registry
from claimcheck.ingest.web import is_url
from claimcheck.model import Analysis, DocumentResult, normalise

from . import layout
from .library import EMPTY, Library, of, similar
from .schema import CatalogError, read
from .writing import order, places_of, set_value

REANCHOR = 0.90
"""Lowest similarity at which a vanished reviewed claim is re-anchored to new wording."""

Place = tuple[str, int]


@dataclass(frozen=True)
class Updated:
    """What an audit did to the catalogue."""

    changed: bool
    """Whether the file was rewritten."""
    merged: tuple[str, ...] = ()
    """Ids the file listed more than once, now one entry each."""
    library: Library = EMPTY
    """The reviews of the catalogue as written."""
    outside: tuple[str, ...] = ()
    """Documents this run did not audit whose places were kept because the file exists."""


class _Scope:
    """Which documents this run speaks for: those it audited, and any other document that
    lies in a folder (or is a file) it was asked to audit. A place in such a document that
    this run did not find is gone, even if the file still exists (excluded, or no longer
    readable); places in other documents are left alone while their file exists, and places
    in web pages this run did not fetch are left alone."""

    def __init__(self, catalog: Path, results: Sequence[DocumentResult],
                 roots: Sequence[Path]) -> None:
        self.folder = catalog.resolve().parent
        self.audited = {relative(catalog, r.path) for r in results}
        self.roots = [r.resolve() for r in roots]

    def keeps(self, document: str) -> bool:
        """Whether a place in `document` stands although this run did not find it."""
        if document in self.audited:
            return False
        if is_url(document):
            return True
        target = (self.folder / document).resolve()
        if any(target == root or root in target.parents for root in self.roots):
            return False
        return target.exists()


def update(path: Path, results: Sequence[DocumentResult], registry: Registry | None = None,
           roots: Sequence[Path] = (), fmt: str = "auto",
           memo: layout.Memo | None = None) -> Updated:
    """Merge the claims of the audited documents into the catalogue; `roots` are the files
    and folders the run was asked to audit, `fmt` the catalog-format (columns.py), `memo`
    the entries read before (layout.read)."""
    with yamlfile.locked(path, CatalogError):
        loaded = read(path, registry, fmt, memo)
        data = loaded.data
        scope = _Scope(path, results, roots)
        existing: dict[str, CommentedMap] = {e["id"]: e for e in data["claims"]}

        def kept(entry: CommentedMap) -> list[Place]:
            return [p for p in places_of(entry) if scope.keeps(p[0])]

        current: dict[str, tuple[_Seen, list[Place]]] = {}
        for result in results:
            where = relative(path, result.path)
            for analysis in result.analyses:
                if analysis.decision.claim or analysis.review is not None:
                    if analysis.id not in current:
                        current[analysis.id] = (_Seen.of(analysis), [])
                    current[analysis.id][1].append((where, analysis.statement.line))
        vanished = {i: e for i, e in existing.items() if i not in current and not kept(e)}
        moved = _reanchor(vanished, [i for i in current if i not in existing], current)

        merged: dict[str, CommentedMap] = {}
        for claim_id, (analysis, places) in current.items():
            if claim_id in existing:
                entry = existing[claim_id]
                places = places + kept(entry)
            elif claim_id in moved:
                entry, similarity = existing[moved[claim_id][0]], moved[claim_id][1]
                if "changed_since_review" not in entry:
                    entry["changed_since_review"] = {
                        "previous_id": entry["id"], "previous_text": str(entry.get("text", "")),
                        "similarity": similarity}
            else:
                entry = {}
            merged[claim_id] = _fill(entry, analysis, sorted(set(places)))
        left_behind = {old for old, _ in moved.values()}
        for claim_id, entry in existing.items():
            if claim_id in merged or claim_id in left_behind:
                continue
            places = kept(entry)
            if places or entry.get("review"):
                set_value(entry, "places", places_seq(places))
                if not places:
                    set_value(entry, "orphaned", True)
                merged[claim_id] = entry
        data["claims"] = CommentedSeq(sorted(merged.values(), key=order))
        changed = loaded.save(path)
        outside = sorted({d for e in data["claims"] for d, _ in places_of(e)
                          if d not in scope.audited and not is_url(d)})
        return Updated(changed, loaded.merged, of(data["claims"]), tuple(outside))


def _reanchor(vanished: dict[str, CommentedMap], new: list[str],
              current: dict[str, tuple[_Seen, list[Place]]]) -> dict[str, tuple[str, float]]:
    """New claim id -> (the vanished reviewed entry's id its wording grew out of, similarity).
    Each vanished entry is taken at most once. Nothing is changed here."""
    texts = {i: normalise(str(e.get("text", ""))) for i, e in vanished.items() if e.get("review")}
    moved: dict[str, tuple[str, float]] = {}
    for claim_id in new:
        found = similar(current[claim_id][0].text, texts, REANCHOR)
        if found is not None:
            texts.pop(found[0])
            moved[claim_id] = found
    return moved


@dataclass(frozen=True, slots=True)
class _Seen:
    """What the catalogue keeps of a claim as an audit found it (not the whole analysis,
    which the audit does not hold for every claim at once)."""

    id: str
    text: str
    kinds: tuple[str, ...]
    flags: tuple[str, ...]
    attribution: tuple[str, str | None]
    status: str | None
    sources: tuple[str, ...]
    suggested: tuple[str, float] | None

    @staticmethod
    def of(analysis: Analysis) -> _Seen:
        library = analysis.library
        return _Seen(
            analysis.id, analysis.statement.text, analysis.decision.kinds,
            analysis.decision.flags, (analysis.attribution.type, analysis.attribution.text),
            analysis.derived_status,
            tuple(dict.fromkeys(m.id or f"{m.first_author} {m.year}" for m in analysis.sources)),
            (library.id, library.similarity) if library is not None
            and library.match == "suggested" else None)


def _fill(entry: dict, seen: _Seen, places: list[Place]) -> dict:
    """Bring an entry's generated fields up to date in place; people's keys and their order,
    and any comments, stay as they are. A new entry gets the canonical key order. Values
    are plain lists and dicts (writing.commented gives them their YAML style)."""
    set_value(entry, "id", seen.id)
    set_value(entry, "text", seen.text)
    set_value(entry, "places", places_seq(places))
    set_value(entry, "kinds", list(seen.kinds))
    set_value(entry, "flags", list(seen.flags))
    kind, said = seen.attribution
    set_value(entry, "attribution", {"type": kind, "text": said} if said else {"type": kind})
    set_value(entry, "status", seen.status)
    set_value(entry, "sources", list(seen.sources))
    if seen.suggested is not None and not entry.get("review"):
        set_value(entry, "library", {"id": seen.suggested[0], "match": "suggested",
                                     "similarity": seen.suggested[1]})
    elif (entry.get("library") or {}).get("match") == "suggested":
        del entry["library"]
    entry.pop("orphaned", None)
    return entry


def places_seq(places: list[Place]) -> list[dict]:
    """Places as the catalogue holds them (writing.commented shapes them for ruamel.yaml)."""
    return [{"document": d, "line": n} for d, n in places]


def relative(catalog: Path, shown: str) -> str:
    """A document's path relative to the catalogue's folder, so the pair can move together;
    a web page's address as it is."""
    if is_url(shown):
        return shown
    target = Path(shown).resolve()
    try:
        return target.relative_to(catalog.resolve().parent).as_posix()
    except ValueError:
        return Path(os.path.relpath(target, catalog.resolve().parent)).as_posix()
